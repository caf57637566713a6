"""Measure the REST API's memory under a 1 GB unauthenticated chunked POST (issue 11, finding 1).

    .venv/bin/python -m tests.support.measure_api_rss [--gigabytes 1]

Starts `newsalert api` in a throw-away home on a free loopback port, reads its idle RSS, streams a
chunked body of the given size to POST /subscriptions with no token (stopping when the server
answers or closes), and prints the answer, the seconds until it came, the bytes the client got out,
and the server's peak RSS (VmHWM) above idle. Exits 1 when the target (< 100 MB above idle, answered
in < 1 s) is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time


def rss_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.0)
    args = parser.parse_args()
    total = int(args.gigabytes * (1 << 30))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
        env.update(NEWSALERT_HOME=home, NEWSALERT_API_ADMIN_TOKEN="admin-token-for-measuring-0123", NEWSALERT_LOG_LEVEL="WARNING")
        server = subprocess.Popen([sys.executable, "-m", "newsalert.cli", "api", "--port", str(port)], env=env,
                                  cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                        if b"200" in s.recv(100):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"the API did not start: {server.stderr.read().decode() if server.stderr else ''}")
                time.sleep(0.2)
            time.sleep(0.5)
            idle = rss_kb(server.pid, "VmRSS")
            hwm_before = rss_kb(server.pid, "VmHWM")
            status, elapsed, sent = post_chunked(port, total)
            time.sleep(0.5)
            peak = max(rss_kb(server.pid, "VmHWM"), hwm_before)
            after = rss_kb(server.pid, "VmRSS")
        finally:
            server.terminate()
            server.wait(10)
    above = (peak - idle) / 1024
    print(f"answer: HTTP {status} after {elapsed:.3f} s; client sent {sent / 2**20:.1f} MiB of {total / 2**20:.0f} MiB")
    print(f"API RSS: idle {idle / 1024:.1f} MiB, peak (VmHWM) {peak / 1024:.1f} MiB, after {after / 1024:.1f} MiB; "
          f"peak above idle {above:.1f} MiB")
    ok = status == 413 and elapsed < 1.0 and above < 100
    print("target met" if ok else "target MISSED (< 100 MB above idle, answered in < 1 s)")
    return 0 if ok else 1


def post_chunked(port: int, total: int, chunk: int = 256 * 1024) -> tuple[int, float, int]:
    """Stream `total` bytes as a chunked POST until the server answers; (status, seconds, bytes sent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"POST /subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    frame = f"{chunk:x}\r\n".encode() + b"[" + b"1," * ((chunk - 1) // 2) + b"1" * ((chunk - 1) % 2) + b"\r\n"
    sock.setblocking(False)
    answer, sent, start = b"", 0, time.monotonic()
    while time.monotonic() - start < 120:
        try:
            data = sock.recv(65536)
            answer += data
            if not data or b"\r\n\r\n" in answer:
                break
        except BlockingIOError:
            pass
        except ConnectionResetError:
            break
        if sent < total:
            try:
                sent += sock.send(frame)
            except BlockingIOError:
                time.sleep(0.0005)
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            time.sleep(0.01)
    elapsed = time.monotonic() - start
    sock.close()
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return (int(match.group(1)) if match else 0), elapsed, sent


if __name__ == "__main__":
    sys.exit(main())

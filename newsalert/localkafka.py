"""A real single-node Apache Kafka broker (KRaft, combined mode) on loopback, from Maven Central jars.

Used by `newsalert kafka start|stop|status`, by `newsalert run` and by the test suite's session
fixture. Everything the broker writes lives under ``settings.home_dir / "kafka"``::

    kafka/
      server.properties   generated from deploy/kafka/server.properties.template
      ports.json          {"broker": P, "controller": C} picked once, kept across restarts
      broker.pid          pid of the running java process
      version             Kafka version the storage was formatted with
      data/               log.dirs (formatted once with a fresh cluster id)
      logs/server.log     broker log (log4j); logs/kafka.out: the JVM's stdout/stderr

The jars are shared between homes in ``settings.kafka_cache / <version> / libs`` and fetched once
with Maven (deploy/kafka/pom.xml). A second NEWSALERT_HOME gets its own broker on its own ports.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsalert.settings import Settings
from newsalert.supervise import parent_death_preexec
from newsalert.topics import ALL_TOPICS

log = logging.getLogger(__name__)

NODE_ID = 1
JVM_HEAP = ("-Xms128m", "-Xmx512m")
JVM_OPTS = (
    "-XX:+UseSerialGC",  # 2 cores, many processes: no parallel GC threads
    "-XX:TieredStopAtLevel=1",  # C1 only: faster start, less CPU; plenty for a dev broker
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
)
MAIN_CLASS = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
ADMIN_TIMEOUT_MS = 5000


class KafkaError(RuntimeError):
    """The local broker could not be prepared, started or stopped."""


# --------------------------------------------------------------------------- files


def deploy_dir() -> Path:
    """deploy/kafka of this checkout (pom.xml, server.properties template, log4j configs)."""
    candidates = [
        Path(os.environ["NEWSALERT_KAFKA_DEPLOY_DIR"]) if os.environ.get("NEWSALERT_KAFKA_DEPLOY_DIR") else None,
        Path(__file__).resolve().parents[1] / "deploy" / "kafka",
        Path.cwd() / "deploy" / "kafka",
    ]
    for path in candidates:
        if path is not None and (path / "pom.xml").is_file():
            return path
    raise KafkaError(
        "deploy/kafka/pom.xml not found (looked next to the newsalert package and in the current folder); "
        "run from a checkout, install it editable (pip install -e .), or set NEWSALERT_KAFKA_DEPLOY_DIR"
    )


def kafka_home(settings: Settings) -> Path:
    path = settings.home_dir / "kafka"
    path.mkdir(parents=True, exist_ok=True)
    return path


def libs_dir(settings: Settings, version: str | None = None) -> Path:
    return settings.kafka_cache.expanduser() / (version or settings.kafka_version) / "libs"


def log_file(settings: Settings) -> Path:
    return kafka_home(settings) / "logs" / "server.log"


def _out_file(settings: Settings) -> Path:
    return kafka_home(settings) / "logs" / "kafka.out"


def _pid_file(settings: Settings) -> Path:
    return kafka_home(settings) / "broker.pid"


def _ports_file(settings: Settings) -> Path:
    return kafka_home(settings) / "ports.json"


def _major(version: str) -> int:
    match = re.match(r"(\d+)", version)
    if not match:
        raise KafkaError(f"cannot parse Kafka version {version!r}")
    return int(match.group(1))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive flock on `path` (created if needed): serialises concurrent starts/downloads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return "\n".join(data.splitlines()[-lines:])


# --------------------------------------------------------------------------- java and jars


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise KafkaError("java not found: install a JDK (17 or newer; Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME")
    return found


def _java_major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KafkaError(f"cannot run {java} -version: {exc}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise KafkaError(f"cannot tell the Java version from: {out.stderr.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def ensure_jars(settings: Settings) -> Path:
    """Fetch the broker's jars with Maven into the shared cache once; return the libs folder."""
    version = settings.kafka_version
    libs = libs_dir(settings, version)
    marker = libs / ".complete"
    if marker.is_file():
        return libs
    mvn = shutil.which("mvn")
    if not mvn:
        raise KafkaError(
            f"Kafka {version} jars are not in {libs} and mvn is not installed "
            "(Debian: apt-get install maven); or set NEWSALERT_KAFKA_BOOTSTRAP to use an existing cluster"
        )
    _java()  # maven needs one too; fail with the clearer message
    pom = deploy_dir() / "pom.xml"
    with _locked(libs.parent / ".lock"):
        if marker.is_file():  # another process finished it while we waited
            return libs
        staging = libs.parent / f"libs.tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(pom), "dependency:copy-dependencies",
            "-DincludeScope=runtime", f"-Dkafka.version={version}", f"-DoutputDirectory={staging}",
        ]
        if _major(version) < 4:
            cmd.append("-Preload4j")
        log.info("fetching Kafka %s jars into %s", version, libs)
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not any(staging.glob(f"kafka_2.13-{version}.jar")):
            shutil.rmtree(staging, ignore_errors=True)
            output = (proc.stdout + proc.stderr).strip().splitlines()
            raise KafkaError(
                f"mvn could not fetch Kafka {version} (exit {proc.returncode}): {' '.join(cmd)}\n"
                + "\n".join(output[-25:])
            )
        shutil.rmtree(libs, ignore_errors=True)
        staging.rename(libs)
        jars = sorted(p.name for p in libs.glob("*.jar"))
        marker.write_text("\n".join(jars) + "\n")
        log.info("Kafka %s: %d jars in %.1fs", version, len(jars), time.monotonic() - started)
    return libs


# --------------------------------------------------------------------------- process helpers

_children: dict[int, subprocess.Popen[bytes]] = {}  # brokers this process started (to reap them)
_exit_codes: dict[int, int] = {}  # how the brokers this process started ended (for `run`'s console line)


def _read_pid(settings: Settings) -> int | None:
    try:
        return int(_pid_file(settings).read_text().strip())
    except (OSError, ValueError):
        return None


def _is_our_broker(pid: int, settings: Settings) -> bool:
    """pid is alive and is the java broker of this home (guards against pid reuse)."""
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        _children.pop(pid, None)
        _exit_codes[pid] = child.returncode
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
        return False
    props = str(kafka_home(settings) / "server.properties").encode()
    return MAIN_CLASS.encode() in cmdline and props in cmdline


def _running_pid(settings: Settings) -> int | None:
    pid = _read_pid(settings)
    if pid is not None and _is_our_broker(pid, settings):
        return pid
    return None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick_ports(count: int) -> list[int]:
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def _ports(settings: Settings, *, reassign_busy: bool) -> dict[str, int]:
    """The broker and controller ports of this home, picked once and kept in ports.json."""
    path = _ports_file(settings)
    ports: dict[str, int] | None = None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        raw = json.loads(path.read_text())
        ports = {"broker": int(raw["broker"]), "controller": int(raw["controller"])}
    if ports and reassign_busy and not all(_port_free(p) for p in ports.values()):
        log.warning("ports %s of %s are taken by another program; picking new ones", ports, path)
        ports = None
    if not ports:
        broker, controller = _pick_ports(2)
        ports = {"broker": broker, "controller": controller}
        path.write_text(json.dumps(ports) + "\n")
    return ports


def _bootstrap(ports: dict[str, int]) -> str:
    return f"127.0.0.1:{ports['broker']}"


def _cluster_id() -> str:
    """22 chars of URL-safe base64 of a UUID; never starting with '-' (the CLI would read it as an option)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _write_server_properties(settings: Settings, ports: dict[str, int]) -> Path:
    home = kafka_home(settings)
    template = string.Template((deploy_dir() / "server.properties.template").read_text())
    text = template.substitute(
        node_id=NODE_ID,
        broker_port=ports["broker"],
        controller_port=ports["controller"],
        data_dir=home / "data",
    )
    path = home / "server.properties"
    path.write_text(text)
    return path


def _jvm_command(settings: Settings, libs: Path, java: str) -> list[str]:
    home = kafka_home(settings)
    logs = home / "logs"
    cmd = [java, *JVM_HEAP, *JVM_OPTS, f"-Dkafka.logs.dir={logs}"]
    if _major(settings.kafka_version) >= 4:
        cmd.append(f"-Dlog4j2.configurationFile={deploy_dir() / 'log4j2.properties'}")
    else:
        cmd.append(f"-Dlog4j.configuration=file:{deploy_dir() / 'log4j.properties'}")
    cmd += ["-cp", f"{libs}/*"]
    return cmd


def _format_storage(settings: Settings, libs: Path, java: str, props: Path) -> None:
    home = kafka_home(settings)
    if (home / "data" / "meta.properties").is_file():
        return
    (home / "data").mkdir(parents=True, exist_ok=True)
    cmd = _jvm_command(settings, libs, java) + [
        STORAGE_TOOL, "format", "-t", _cluster_id(), "-c", str(props), "--ignore-formatted",
    ]
    # the tool itself logs to stdout; keep its output for the error message
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise KafkaError(
            f"formatting Kafka storage in {home / 'data'} failed (exit {proc.returncode}):\n"
            + "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        )
    (home / "version").write_text(settings.kafka_version + "\n")


# --------------------------------------------------------------------------- admin


def _admin(bootstrap: str, timeout_ms: int = ADMIN_TIMEOUT_MS) -> Any:
    from kafka.admin import KafkaAdminClient

    return KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="newsalert-admin",
        request_timeout_ms=timeout_ms,
        bootstrap_timeout_ms=timeout_ms,
    )


def _answers(bootstrap: str, timeout_ms: int = ADMIN_TIMEOUT_MS) -> bool:
    """The broker accepts a connection and an admin client can list topics."""
    host, _, port = bootstrap.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1.0):
            pass
    except OSError:
        return False
    try:
        admin = _admin(bootstrap, timeout_ms)
    except Exception:  # NoBrokersAvailable, timeouts while the broker is still coming up
        return False
    try:
        admin.list_topics()
        return True
    except Exception:
        return False
    finally:
        with contextlib.suppress(Exception):
            admin.close()


def create_topics(
    bootstrap: str,
    partitions: int,
    names: Iterable[str] = ALL_TOPICS,
    replication_factor: int = -1,
) -> list[str]:
    """Create the topics that do not exist yet (existing ones are left as they are).

    replication_factor -1 takes the broker's default.replication.factor (Kafka >= 2.4).
    Returns the names that were created.
    """
    from kafka.errors import TopicAlreadyExistsError

    wanted = list(dict.fromkeys(names))
    admin = _admin(bootstrap, timeout_ms=15000)
    try:
        existing = set(admin.list_topics())
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return []
        spec = {name: {"num_partitions": partitions, "replication_factor": replication_factor} for name in missing}
        result = admin.create_topics(spec, timeout_ms=15000, raise_errors=False, wait_for_metadata=True)
        created: list[str] = []
        errors: list[str] = []
        for topic in result.get("topics", []):
            code = topic.get("error_code", 0)
            if code == 0:
                created.append(topic["name"])
            elif code != TopicAlreadyExistsError.errno:
                errors.append(f"{topic['name']}: error {code} {topic.get('error_message') or ''}".strip())
        if errors:
            raise KafkaError(f"creating topics on {bootstrap} failed: " + "; ".join(errors))
        return created
    finally:
        with contextlib.suppress(Exception):
            admin.close()


# --------------------------------------------------------------------------- public API


def start(settings: Settings, wait_s: float = 60, *, die_with_parent: bool = False) -> str:
    """Start this home's broker if it is not running, create the topics, return "127.0.0.1:PORT".

    The topics are `settings.topics.all()`: ALL_TOPICS under settings.topic_prefix.
    `die_with_parent` (what `newsalert run` asks for): the broker gets SIGTERM from the kernel when the
    calling process dies, however it dies; `newsalert kafka start` leaves it running on its own."""
    home = kafka_home(settings)
    with _locked(home / "start.lock"):
        pid = _running_pid(settings)
        if pid is not None:
            bootstrap = _bootstrap(_ports(settings, reassign_busy=False))
            deadline = time.monotonic() + wait_s
            while not _answers(bootstrap):  # running: maybe still starting (another process launched it)
                if not _is_our_broker(pid, settings):
                    break
                if time.monotonic() > deadline:
                    raise KafkaError(
                        f"Kafka (pid {pid}) runs but does not answer on {bootstrap}; "
                        f"see {log_file(settings)}:\n{_tail(log_file(settings))}"
                    )
                time.sleep(0.5)
            else:
                create_topics(bootstrap, settings.topic_partitions, settings.topics.all())
                return bootstrap

        libs = ensure_jars(settings)
        java = _java()
        need = 17 if _major(settings.kafka_version) >= 4 else 11
        if _java_major(java) < need:
            raise KafkaError(f"Kafka {settings.kafka_version} needs Java {need}+, {java} is older; set JAVA_HOME")
        formatted = (home / "version").read_text().strip() if (home / "version").is_file() else None
        if formatted and formatted != settings.kafka_version:
            log.warning("storage in %s was formatted by Kafka %s, starting %s", home / "data", formatted, settings.kafka_version)

        ports = _ports(settings, reassign_busy=True)
        bootstrap = _bootstrap(ports)
        props = _write_server_properties(settings, ports)
        _format_storage(settings, libs, java, props)

        (home / "logs").mkdir(exist_ok=True)
        out_path = _out_file(settings)
        server_log = log_file(settings)
        log_offset = server_log.stat().st_size if server_log.is_file() else 0
        cmd = _jvm_command(settings, libs, java) + [MAIN_CLASS, str(props)]
        started = time.monotonic()
        with open(out_path, "ab") as out:
            out.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} starting Kafka {settings.kafka_version}\n".encode())
            out.flush()
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=home,
                start_new_session=True,  # own session and process group: survives the CLI and Ctrl-C
                close_fds=True,
                preexec_fn=parent_death_preexec(signal.SIGTERM) if die_with_parent else None,
            )
        _children[proc.pid] = proc
        _pid_file(settings).write_text(f"{proc.pid}\n")
        log.info("Kafka %s starting (pid %d) on %s", settings.kafka_version, proc.pid, bootstrap)

        deadline = started + wait_s
        while True:
            if proc.poll() is not None:
                _children.pop(proc.pid, None)
                _pid_file(settings).unlink(missing_ok=True)
                raise KafkaError(_startup_failure(settings, f"exited with code {proc.returncode}", log_offset))
            if _answers(bootstrap):
                break
            if time.monotonic() > deadline:
                stop(settings, timeout=10)
                raise KafkaError(_startup_failure(settings, f"did not answer on {bootstrap} within {wait_s:.0f}s", log_offset))
            time.sleep(0.25)
        create_topics(bootstrap, settings.topic_partitions, settings.topics.all())
        log.info("Kafka ready on %s in %.1fs", bootstrap, time.monotonic() - started)
        return bootstrap


def _startup_failure(settings: Settings, what: str, log_offset: int) -> str:
    server_log = log_file(settings)
    parts = [f"Kafka {settings.kafka_version} {what}; see {server_log} and {_out_file(settings)}"]
    errors: list[str] = []
    with contextlib.suppress(OSError):
        with open(server_log, "rb") as handle:
            handle.seek(log_offset)
            for line in handle.read().decode("utf-8", "replace").splitlines():
                if " ERROR " in line or " FATAL " in line or line.startswith(("java.", "Caused by")):
                    errors.append(line)
    if errors:
        parts.append("--- errors of this start:\n" + "\n".join(errors[:12]))
    tail = _tail(server_log)
    parts.append(f"--- last lines of {server_log}:\n{tail}")
    parts.append(f"--- last lines of {_out_file(settings)}:\n{_tail(_out_file(settings), 15)}")
    return "\n".join(parts)


def stop(settings: Settings, timeout: float = 30) -> bool:
    """SIGTERM the broker, wait up to `timeout`, then SIGKILL. True if a broker was running."""
    pid = _running_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _is_our_broker(pid, settings) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _is_our_broker(pid, settings):
        log.warning("Kafka (pid %d) ignored SIGTERM for %.0fs; killing it", pid, timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)  # its own process group (start_new_session)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        end = time.monotonic() + 10
        while _is_our_broker(pid, settings) and time.monotonic() < end:
            time.sleep(0.1)
    child = _children.pop(pid, None)
    if child is not None:
        with contextlib.suppress(Exception):
            child.wait(timeout=5)
    _pid_file(settings).unlink(missing_ok=True)
    return True


def running_pid(settings: Settings) -> int | None:
    """Pid of this home's broker if it runs (checked against its command line, not only the pid file)."""
    return _running_pid(settings)


def exit_code(pid: int) -> int | None:
    """Exit code of a broker this process started and that has exited (negative: killed by a signal)."""
    child = _children.get(pid)
    return child.poll() if child is not None else _exit_codes.get(pid)


def status(settings: Settings) -> dict[str, Any]:
    """running, pid, bootstrap, version, home (+ answering, ports, log, jars)."""
    home = kafka_home(settings)
    pid = _running_pid(settings)
    ports = None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        raw = json.loads(_ports_file(settings).read_text())
        ports = {"broker": int(raw["broker"]), "controller": int(raw["controller"])}
    bootstrap = _bootstrap(ports) if ports else None
    formatted = (home / "version").read_text().strip() if (home / "version").is_file() else None
    return {
        "running": pid is not None,
        "answering": bool(pid is not None and bootstrap and _answers(bootstrap, timeout_ms=2000)),
        "pid": pid,
        "bootstrap": bootstrap,
        "version": formatted or settings.kafka_version,
        "home": str(home),
        "ports": ports,
        "log": str(log_file(settings)),
        "jars": str(libs_dir(settings)),
        "jars_cached": (libs_dir(settings) / ".complete").is_file(),
    }


def bootstrap_servers(settings: Settings, start_if_needed: bool = True) -> str:
    """The bootstrap servers to use: settings.kafka_bootstrap if set, else the local broker.

    With an external cluster nothing is started, but the topics are created if missing.
    With start_if_needed=False and no running local broker, raises KafkaError.
    """
    if settings.kafka_bootstrap:
        create_topics(settings.kafka_bootstrap, settings.topic_partitions, settings.topics.all())
        return settings.kafka_bootstrap
    if start_if_needed:
        return start(settings)
    info = status(settings)
    if not info["running"]:
        raise KafkaError(
            f"no Kafka running for {info['home']}: run `newsalert kafka start` or set NEWSALERT_KAFKA_BOOTSTRAP"
        )
    return info["bootstrap"]

"""Producers through the real broker: the feed poller (against a loopback HTTP server serving RSS,
with conditional GETs answered 304), the HTTP ingest endpoint, and `newsalert produce` error handling."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.support.pipeline import Pipeline, wait_for

pytestmark = pytest.mark.integration

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Trade wire</title><link>http://127.0.0.1/</link><description>t</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://127.0.0.1/news/{n}</link><guid>urn:trade:{n}</guid>
<pubDate>{date}</pubDate><description>{body}</description></item>"""


class FeedServer:
    """Serves one RSS document with an ETag and Last-Modified; answers 304 to a matching conditional GET."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.requests: list[dict[str, str | int]] = []
        self.version = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                etag = f'"v{owner.version}"'
                seen = {"if_none_match": self.headers.get("If-None-Match") or "", "status": 0}
                owner.requests.append(seen)
                if self.headers.get("If-None-Match") == etag:
                    seen["status"] = 304
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                body = RSS.format(items="\n".join(owner.items)).encode()
                seen["status"] = 200
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(usegmt=True))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def add(self, n: int, title: str, body: str) -> None:
        self.items.append(ITEM.format(n=n, title=title, body=body, date=formatdate(usegmt=True)))
        self.version += 1


@pytest.fixture
def pipeline(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    p.cli("kafka", "start")
    yield p
    p.stop_all()


def test_feed_poller_sends_each_entry_once_and_uses_conditional_get(pipeline: Pipeline):
    feed = FeedServer()
    feed.add(1, "US raises tariffs", "The United States will raise tariffs on steel to 50% from June 4.")
    feed.add(2, "Leaders to meet", "Japan's prime minister will visit Washington next week.")
    first = pipeline.cli("poll", "--once", feed.url)
    assert "2 new" in first.stdout
    # the links (port 80) answer nothing: each entry goes out with its summary, and the poller says why
    assert first.stderr.count("linked page not used; sending the feed's summary") == 2 and "Connection refused" in first.stderr
    second = pipeline.cli("poll", "--once", feed.url)  # nothing changed: the server answers 304
    assert "HTTP 304" in second.stdout and "0 new" in second.stdout
    assert feed.requests[-1] == {"if_none_match": '"v2"', "status": 304}
    feed.add(3, "Truce extended", "The US and China agreed to extend their tariff truce by 90 days.")
    third = pipeline.cli("poll", "--once", feed.url)  # a new poller process: state survived the restart
    assert "1 new" in third.stdout
    articles = pipeline.read(pipeline.topics.articles)
    titles = sorted(a["title"] for a in articles)
    assert titles == ["Leaders to meet", "Truce extended", "US raises tariffs"]
    assert all(a["url"].startswith("http://127.0.0.1/news/") and a["text"] for a in articles)


def test_produce_reports_bad_inputs_and_sends_the_rest(pipeline: Pipeline, tmp_path: Path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"id": "p-good", "title": "T", "published": "2025-10-26", "text": "Body text."}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "text": ')
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"id": "e", "title": "no text"}))
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    result = pipeline.cli("produce", str(good), str(broken), str(empty), str(huge), str(tmp_path / "missing.json"),
                          check=False)
    assert result.returncode == 1  # inputs were skipped: scripts must see it (the good one still went)
    err = result.stderr
    assert f"{broken}: invalid JSON" in err and f"{empty}: missing text" in err
    assert f"{huge}: too large (105 MB" in err and "missing.json: no such file" in err
    assert "Traceback" not in err and "sent 1 article(s)" in result.stdout
    assert "no publication date" not in err  # good.json gives its date
    assert [a["id"] for a in pipeline.read(pipeline.topics.articles)] == ["p-good"]
    stdin = pipeline.cli("produce", "-", input=b'{"title": "From stdin", "text": "Piped article."}')
    assert "sent 1 article(s)" in stdin.stdout
    assert "warning stdin: no publication date in the article: dated " in stdin.stderr  # not silently
    assert "(the time of sending)" in stdin.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_http_ingest_endpoint(pipeline: Pipeline):
    port = free_port()
    pipeline.env["NEWSALERT_INGEST_TOKEN"] = "ingest-token-0123456789"  # issue 11: ingest needs authentication
    pipeline.start("ingest", "ingest", "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": "Bearer ingest-token-0123456789"}
    wait_for(lambda: _healthy(base), timeout=30, what="the ingest endpoint")
    assert httpx.post(f"{base}/articles", json={"id": "h0", "text": "Body."}).status_code == 401
    ok = httpx.post(f"{base}/articles", json={"id": "h1", "title": "Posted", "published": "2025-10-26", "text": "Body."},
                    headers=auth)
    assert ok.status_code == 202 and ok.json()["accepted"] == ["h1"]
    bad = httpx.post(f"{base}/articles", content=b'{"title": "no text"}', headers=auth)
    assert bad.status_code == 400 and "missing text" in bad.json()["errors"][0]
    mixed = httpx.post(f"{base}/articles", content=b'{"id": "h2", "text": "a"}\nnot json\n', headers=auth)
    assert mixed.status_code == 202 and mixed.json()["accepted"] == ["h2"] and len(mixed.json()["errors"]) == 1
    assert httpx.post(f"{base}/nope", json={}, headers=auth).status_code == 404
    ids = sorted(a["id"] for a in pipeline.read(pipeline.topics.articles))
    assert ids == ["h1", "h2"]


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False

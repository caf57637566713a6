"""The feed poller takes each new entry's linked page as the article, and falls back to the feed's
summary (with the reason logged) when the page cannot be had or the site's robots.txt disallows it; it
pauses between requests to one host. A real loopback HTTP server serves the feed, robots.txt and the
pages, and logs each request (time, path, User-Agent); the texts are written for this test."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from newsalert.settings import Settings
from producers.feeds import FeedState, fetch_page_text, new_page_client, page_fetcher, poll_once

PAGE = """<!doctype html><html><head><title>Harbour levy | Coastline Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/trade">Trade</a> <a href="/sport">Sport</a> Subscribe now</nav>
<article><h1>Ruritania puts a levy on imported bicycles</h1>
<p>Ruritania will charge a 12% levy on bicycles imported from Freedonia from the first of March, the
trade ministry in Strelsau said on Tuesday, after months of complaints from domestic frame makers.</p>
<p>The ministry said the levy would stay in place for at least two years and would be reviewed once
the new assembly plant near the northern border is producing at full capacity.</p>
<p>Freedonia's commerce office called the decision regrettable and said it was studying its options,
including a complaint to the regional trade tribunal, according to a statement released late on Tuesday.</p>
</article>
<footer>Copyright Coastline Courier. All rights reserved. Cookie settings.</footer></body></html>"""

TEASER_PAGE = """<!doctype html><html><body><article><p>Subscribe to read.</p></article></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coastline Courier</title><link>{base}/</link><description>news</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{base}{path}</link><guid>urn:courier:{n}</guid>
<pubDate>{date}</pubDate><description>{summary}</description></item>"""

SUMMARY = "Ruritania announces a levy on bicycles."


class Site:
    """A loopback news site: /feed.xml lists one entry per page path; each path answers as its kind says."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self.hits: list[str] = []
        self.log: list[tuple[float, str, str]] = []  # (time.monotonic() on arrival, path, User-Agent)
        self.robots: tuple[int, str] | None = None  # /robots.txt's (status, body); None: 404
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                owner.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
                owner.hits.append(self.path)
                if self.path == "/feed.xml":
                    return self.answer(200, "application/rss+xml", owner.feed().encode())
                if self.path == "/robots.txt" and owner.robots is not None:
                    return self.answer(owner.robots[0], "text/plain", owner.robots[1].encode())
                if owner.kinds.get(self.path, "").startswith("redirect:"):
                    self.send_response(302)
                    self.send_header("Location", owner.kinds[self.path].split(":", 1)[1])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if self.path == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/article")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                kind = owner.kinds.get(self.path, "missing")
                if kind == "article":
                    return self.answer(200, "text/html; charset=utf-8", PAGE.encode())
                if kind == "teaser":
                    return self.answer(200, "text/html", TEASER_PAGE.encode())
                if kind == "pdf":
                    return self.answer(200, "application/pdf", b"%PDF-1.4 not a page")
                if kind == "huge":  # no Content-Length: the cap must hold while reading
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    for _ in range(64):
                        self.wfile.write(b"<p>" + b"x" * 4096 + b"</p>")
                    return None
                if kind == "slow":  # a slow drip: every read arrives in time, the whole page never does
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(40):
                            self.wfile.write(b"<p>drip</p>")
                            self.wfile.flush()
                            time.sleep(0.1)
                    except OSError:
                        pass
                    return None
                return self.answer(404, "text/html", b"<html><body>not found</body></html>")

            def answer(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, kind: str) -> None:
        self.kinds[path] = kind

    def feed(self) -> str:
        items = [ITEM.format(base=self.base, path=path, n=n, title=f"Entry {n}", summary=SUMMARY,
                             date=formatdate(usegmt=True)) for n, path in enumerate(self.kinds)]
        return RSS.format(base=self.base, items="\n".join(items))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture
def state(tmp_path: Path):
    st = FeedState(tmp_path / "feeds.sqlite")
    yield st
    st.close()


def test_the_linked_page_is_the_article_and_the_feed_title_its_source(site: Site, state: FeedState):
    site.add("/article", "article")
    with new_page_client() as client:
        result = poll_once(f"{site.base}/feed.xml", state, page_fetcher(client, min_interval_s=0))
    assert result.errors == [] and result.notes == []
    [(_, article)] = result.new_articles
    assert "12% levy on bicycles imported from Freedonia" in article.text
    assert "regional trade tribunal" in article.text
    assert "Cookie settings" not in article.text and "Subscribe now" not in article.text  # boilerplate dropped
    assert article.source == "Coastline Courier" and article.title == "Entry 0"
    assert article.url == f"{site.base}/article"
    assert "/article" in site.hits


def test_a_page_that_cannot_be_had_falls_back_to_the_summary_with_the_reason(site: Site, state: FeedState):
    for path, kind in (("/gone", "missing"), ("/brochure.pdf", "pdf"), ("/huge", "huge"), ("/paywalled", "teaser")):
        site.add(path, kind)
    with new_page_client() as client, capture_logs() as logs:
        result = poll_once(f"{site.base}/feed.xml", state, page_fetcher(client, max_bytes=64 * 1024, min_interval_s=0))
    assert result.errors == []
    assert [a.text for _, a in result.new_articles] == [SUMMARY] * 4  # every entry still goes out
    reasons = {note.split(": page not used")[0].rsplit("/", 1)[-1]: note for note in result.notes}
    assert "HTTP 404" in reasons["gone"]
    assert "not an HTML page (application/pdf)" in reasons["brochure.pdf"]
    assert "page larger than 65536 bytes" in reasons["huge"]
    assert "shorter than the feed's summary" in reasons["paywalled"]
    warned = [e for e in logs if e["event"].startswith("linked page not used")]
    assert len(warned) == 4 and all(e["log_level"] == "warning" and e["reason"] for e in warned)


def test_page_fetch_is_bounded_in_time_and_follows_redirects(site: Site):
    site.add("/slow", "slow")
    site.add("/article", "article")
    with new_page_client() as client:
        started = time.monotonic()
        text, reason = fetch_page_text(f"{site.base}/slow", client=client, timeout_s=1.0)
        took = time.monotonic() - started
        assert text is None and reason == "page took longer than 1s"
        assert took < 2.5  # the drip would take 4 s
        moved, why = fetch_page_text(f"{site.base}/moved", client=client)
        assert why is None and moved and "Strelsau" in moved
        refused, why_refused = fetch_page_text("http://127.0.0.1:9/x", client=client, timeout_s=2)
        assert refused is None and why_refused and "ConnectError" in why_refused
        assert fetch_page_text("ftp://127.0.0.1/x", client=client) == (None, "the link is not an http(s) URL")


def test_without_a_fetcher_the_summary_is_the_article(site: Site, state: FeedState):
    site.add("/article", "article")
    result = poll_once(f"{site.base}/feed.xml", state)
    assert [a.text for _, a in result.new_articles] == [SUMMARY]
    assert "/article" not in site.hits


ROBOTS = """# newsalert may read the news, not the members' area
User-agent: *
Disallow: /

User-agent: newsalert
Allow: /
Disallow: /private/
"""  # the longest match decides (RFC 9309), not the first line: /private/ stays disallowed


def _page_requests(site: Site) -> list[tuple[float, str, str]]:
    return [hit for hit in site.log if hit[1] != "/feed.xml"]  # the feed itself is fetched by feedparser


def test_robots_txt_is_obeyed_and_one_host_is_asked_at_most_once_per_interval(site: Site, state: FeedState):
    site.robots = (200, ROBOTS)
    for path, kind in (("/news/levy", "article"), ("/private/levy", "article"), ("/news/levy-again", "article"),
                       ("/news/moved", "redirect:/private/levy")):
        site.add(path, kind)
    interval = 0.5
    with new_page_client() as client, capture_logs() as logs:
        fetch = page_fetcher(client, min_interval_s=interval)
        result = poll_once(f"{site.base}/feed.xml", state, fetch)
        again = poll_once(f"{site.base}/feed.xml", state, fetch)  # nothing marked sent: the same entries again
    assert result.errors == []
    texts = {a.url.removeprefix(site.base): a.text for _, a in result.new_articles}
    assert "12% levy on bicycles imported from Freedonia" in texts["/news/levy"]
    assert "12% levy on bicycles imported from Freedonia" in texts["/news/levy-again"]
    assert texts["/private/levy"] == SUMMARY and texts["/news/moved"] == SUMMARY  # nor reached by a redirect
    assert "/private/levy" not in site.hits  # never fetched
    disallowed = [e for e in logs if e["event"].startswith("linked page not used") and "robots.txt disallows" in e["reason"]]
    assert sorted(e["url"].removeprefix(site.base) for e in disallowed) == ["/news/moved", "/news/moved",
                                                                             "/private/levy", "/private/levy"]
    assert all(e["log_level"] == "warning" for e in disallowed)
    assert any("robots.txt disallows it for newsalert" in note and "/private/levy" in note for note in result.notes)
    assert [a.text for _, a in again.new_articles] == [a.text for _, a in result.new_articles]
    requests = _page_requests(site)
    assert [path for _, path, _ in requests] == ["/robots.txt", "/news/levy", "/news/levy-again", "/news/moved",
                                                 "/news/levy", "/news/levy-again", "/news/moved"]  # robots.txt once
    assert all(agent.startswith("newsalert/") for _, _, agent in site.log)
    gaps = [later[0] - earlier[0] for earlier, later in zip(requests, requests[1:])]
    assert min(gaps) >= interval, gaps  # each request starts an interval after the previous one ended


def test_an_unreachable_robots_txt_means_no_page_of_that_site(site: Site, state: FeedState):
    site.robots = (503, "busy")
    site.add("/news/levy", "article")
    with new_page_client() as client:
        result = poll_once(f"{site.base}/feed.xml", state, page_fetcher(client, min_interval_s=0))
    assert [a.text for _, a in result.new_articles] == [SUMMARY]
    assert "/news/levy" not in site.hits
    assert "robots.txt could not be read (HTTP 503)" in result.notes[0]


def test_the_interval_is_a_setting_with_a_polite_default(monkeypatch: pytest.MonkeyPatch):
    assert Settings(_env_file=None).feed_page_interval == 1.0
    monkeypatch.setenv("NEWSALERT_FEED_PAGE_INTERVAL", "2.5")
    assert Settings(_env_file=None).feed_page_interval == 2.5

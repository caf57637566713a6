"""RSS/Atom feed poller: conditional GETs, and each entry sent once, also across restarts.

Each new entry's linked page is fetched and its main text (trafilatura) is the article; the feed's
summary is the fallback, with the reason logged, when the page cannot be had — or may not be: each
site's robots.txt is obeyed (read once per site and run, at most a day) and one host gets at most one
request per `NEWSALERT_FEED_PAGE_INTERVAL` seconds.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx
import structlog

from newsalert.ingest import InputError, article_from_mapping, html_to_article, looks_like_html
from newsalert.models import MAX_ARTICLE_CHARS, Article

log = structlog.get_logger("producers.feeds")

PAGE_TIMEOUT_S = 10.0  # the whole fetch of one linked page, not per read: a slow drip must not stall the feed
PAGE_MAX_BYTES = 2 * 1024 * 1024  # news pages are well under this; anything larger is not an article
PAGE_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "newsalert/0.1 (+feed poller)"
ROBOTS_AGENT = "newsalert"  # the product token robots.txt groups are matched against (RFC 9309)
PAGE_HOST_INTERVAL_S = 1.0  # default of NEWSALERT_FEED_PAGE_INTERVAL
PAGE_MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB; the rest is ignored
ROBOTS_TTL_S = 24 * 3600  # RFC 9309: a cached robots.txt is not used for more than a day
ROBOTS_RETRY_S = 300.0  # an unreachable robots.txt (5xx, network) disallows the site this long, then is asked again

PageFetcher = Callable[[str], tuple[str | None, str | None]]  # link -> (main text, or None and why not)


class FeedState:
    """What the poller remembers per feed (ETag, Last-Modified) and which entries it sent.

    A SQLite file in the home: the poller marks an entry sent only after the
    broker acknowledged it, so a crash re-sends at most the unacknowledged ones
    (and the processors' dedup absorbs that).
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, modified TEXT, polled_at TEXT);
            CREATE TABLE IF NOT EXISTS sent (feed TEXT, entry_id TEXT, article_id TEXT, sent_at TEXT,
                                             PRIMARY KEY (feed, entry_id));
            """
        )

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute("SELECT etag, modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, modified: str | None) -> None:
        self._db.execute(
            "INSERT INTO feeds(url, etag, modified, polled_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, modified=excluded.modified, polled_at=excluded.polled_at",
            (url, etag, modified, datetime.now(timezone.utc).isoformat()),
        )
        self._db.commit()

    def was_sent(self, url: str, entry_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM sent WHERE feed = ? AND entry_id = ?", (url, entry_id)).fetchone() is not None

    def mark_sent(self, url: str, entry_id: str, article_id: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO sent(feed, entry_id, article_id, sent_at) VALUES (?, ?, ?, ?)",
            (url, entry_id, article_id, datetime.now(timezone.utc).isoformat()),
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()


@dataclass
class PollResult:
    status: int | None
    not_modified: bool
    new_articles: list[tuple[str, Article]]  # (entry id, article)
    errors: list[str]
    etag: str | None = None
    modified: str | None = None
    notes: list[str] = field(default_factory=list)  # entries sent with the feed's summary, and why


def _entry_published(entry: dict) -> datetime:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


class Politeness:
    """How the poller treats the sites it links to, for one run: robots.txt and a pause per host.

    robots.txt is fetched with the poller's own client and page timeout, once per site (scheme, host,
    port) and kept for the run, at most `ROBOTS_TTL_S`. As RFC 9309 says: a 2xx is obeyed (the group of
    `newsalert`, else `*`); a 4xx means no rules (everything allowed); a 5xx or no answer means nothing
    is allowed, asked again after `ROBOTS_RETRY_S`. Every request to one host (robots.txt, each page and
    each redirect hop) starts at least `min_interval_s` after the previous one ended."""

    def __init__(self, client: httpx.Client, *, min_interval_s: float = PAGE_HOST_INTERVAL_S,
                 timeout_s: float = PAGE_TIMEOUT_S, agent: str = ROBOTS_AGENT) -> None:
        self.client = client
        self.min_interval_s = max(0.0, min_interval_s)
        self.timeout_s = timeout_s
        self.agent = agent
        self._robots: dict[str, tuple[float, RobotFileParser | None, str | None]] = {}  # site -> (until, rules, why none)
        self._last: dict[str, float] = {}  # host -> when its last request started or ended (monotonic)

    def wait_turn(self, url: str) -> float:
        """Sleep until `url`'s host may be asked again; returns the seconds slept."""
        host = (urlsplit(url).hostname or "").lower()
        now = time.monotonic()
        waited = 0.0
        last = self._last.get(host)
        if last is not None and now < last + self.min_interval_s:
            waited = last + self.min_interval_s - now
            time.sleep(waited)
        self._last[host] = time.monotonic()
        return waited

    def done(self, url: str) -> None:
        """The request to `url` ended (answered, failed or abandoned): the host's pause starts now."""
        self._last[(urlsplit(url).hostname or "").lower()] = time.monotonic()

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids fetching `url`, or None when it may be fetched."""
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        cached = self._robots.get(site)
        if cached is None or time.monotonic() >= cached[0]:
            cached = self._robots[site] = self._read_robots(site)
        _, rules, why = cached
        if rules is None:
            return why
        if not rules.can_fetch(self.agent, url):
            return f"{site}/robots.txt disallows it for {self.agent}"
        return None

    def _read_robots(self, site: str) -> tuple[float, RobotFileParser | None, str | None]:
        url = f"{site}/robots.txt"
        now = time.monotonic()
        unreachable = lambda why: (now + ROBOTS_RETRY_S, None,  # noqa: E731
                                   f"{url} could not be read ({why}), so nothing on {site} may be fetched")
        self.wait_turn(url)
        try:
            with self.client.stream("GET", url, timeout=httpx.Timeout(self.timeout_s)) as response:
                status = response.status_code
                body = bytearray()
                if 200 <= status < 300:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) >= ROBOTS_MAX_BYTES:
                            break
        except httpx.HTTPError as exc:
            self.done(url)
            log.warning("robots.txt unreachable; not fetching pages of the site", url=url, error=f"{type(exc).__name__}: {exc}")
            return unreachable(type(exc).__name__)
        self.done(url)
        rules = RobotFileParser(url)
        if 200 <= status < 300:
            rules.parse(bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", errors="replace").splitlines())
            _longest_match_first(rules)
        elif 400 <= status < 500:
            rules.allow_all = True  # no robots.txt: no rules
        else:
            log.warning("robots.txt unreachable; not fetching pages of the site", url=url, status=status)
            return unreachable(f"HTTP {status}")
        log.info("robots.txt read", url=url, status=status)
        return now + ROBOTS_TTL_S, rules, None


def _longest_match_first(rules: RobotFileParser) -> None:
    """RFC 9309: the most specific (longest) matching rule decides, Allow winning a tie; urllib.robotparser
    takes the first matching line instead ('Allow: /' above 'Disallow: /private/' would allow everything).
    Ordering each group's lines longest first makes its first match the RFC's. (Its paths are prefixes:
    the `*` and `$` wildcards some sites use are not understood, as urllib.robotparser does not.)"""
    for entry in [*rules.entries, *([rules.default_entry] if rules.default_entry else [])]:
        entry.rulelines.sort(key=lambda line: (-len(line.path), not line.allowance))


def fetch_page_text(url: str, *, client: httpx.Client, timeout_s: float = PAGE_TIMEOUT_S,
                    max_bytes: int = PAGE_MAX_BYTES, polite: Politeness | None = None) -> tuple[str | None, str | None]:
    """The main text of a feed entry's linked page, or (None, why not); called once per new entry.

    With `polite`, robots.txt is asked and the host's pause kept before each request (redirect hops
    too; the pauses do not count against `timeout_s`). Never raises: any failure (disallowed, refused,
    timeout, HTTP error, not HTML, too large, no text found) is the reason the caller logs before
    falling back to the feed's summary."""
    if not url.lower().startswith(("http://", "https://")):
        return None, "the link is not an http(s) URL"
    deadline = time.monotonic() + timeout_s
    try:
        for _ in range(PAGE_MAX_REDIRECTS + 1):
            if polite is not None:
                refused = polite.refusal(url)
                if refused is not None:
                    return None, refused
                deadline += polite.wait_turn(url)
            left = deadline - time.monotonic()
            if left <= 0:
                return None, f"page took longer than {timeout_s:g}s"
            hop = url
            try:
                with client.stream("GET", hop, timeout=httpx.Timeout(left), follow_redirects=False) as response:
                    if response.is_redirect and response.headers.get("location"):
                        url = urljoin(str(response.url), response.headers["location"])
                        if not url.lower().startswith(("http://", "https://")):
                            return None, "redirected to a link that is not an http(s) URL"
                        continue
                    if response.status_code >= 400:
                        return None, f"HTTP {response.status_code}"
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind and kind not in PAGE_TYPES:
                        return None, f"not an HTML page ({kind})"
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        return None, f"page larger than {max_bytes} bytes ({declared})"
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            return None, f"page larger than {max_bytes} bytes"
                        if time.monotonic() > deadline:
                            return None, f"page took longer than {timeout_s:g}s"
                    html = body.decode(response.encoding or "utf-8", errors="replace")
                    break
            finally:
                if polite is not None:
                    polite.done(hop)  # answered, redirected, failed or abandoned: the host's pause starts now
        else:
            return None, f"more than {PAGE_MAX_REDIRECTS} redirects"
    except httpx.TimeoutException:
        return None, f"page took longer than {timeout_s:g}s"
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"
    try:
        text = html_to_article(html, origin_id="page", published=datetime.now(timezone.utc), url=url).text
    except InputError as exc:  # includes a page whose text would not make a valid article
        return None, str(exc)
    if len(text) > MAX_ARTICLE_CHARS:
        return None, f"page text longer than {MAX_ARTICLE_CHARS} characters"
    return text, None


def page_fetcher(client: httpx.Client, *, timeout_s: float = PAGE_TIMEOUT_S, max_bytes: int = PAGE_MAX_BYTES,
                 min_interval_s: float = PAGE_HOST_INTERVAL_S) -> PageFetcher:
    """`fetch_page_text` bound to one client (its connections are reused) and one `Politeness` (its
    robots.txt cache and per-host pauses): make one per run and pass it to every poll."""
    polite = Politeness(client, min_interval_s=min_interval_s, timeout_s=timeout_s)
    return lambda url: fetch_page_text(url, client=client, timeout_s=timeout_s, max_bytes=max_bytes, polite=polite)


def new_page_client() -> httpx.Client:
    """The HTTP client for linked pages: a few redirects (outlets redirect to canonical URLs), our agent."""
    return httpx.Client(follow_redirects=True, max_redirects=5, headers={"User-Agent": USER_AGENT})


def _summary_text(entry: dict, published: datetime, link: str | None) -> str:
    """The text the feed itself carries: its content, else its summary (HTML reduced to text)."""
    body = ""
    for content in entry.get("content") or []:
        body = content.get("value") or body
    body = body or entry.get("summary", "") or ""
    if body and looks_like_html(f"<html><body>{body}</body></html>") and "<" in body:
        try:
            article = html_to_article(f"<html><body><article>{body}</article></body></html>", origin_id="", published=published, url=link)
            body = article.text
        except InputError:
            pass
    return body


def entry_to_article(entry: dict, feed_url: str, feed_title: str | None = None,
                     fetch_page: PageFetcher | None = None, notes: list[str] | None = None) -> Article:
    """Build an article from a feed entry: its linked page's main text (with `fetch_page`), else its
    content or summary, else its title.

    The source is the feed's title (what a reader calls the outlet), else its URL. A page that could
    not be used is logged (WARNING) and said in `notes`; the summary is sent instead."""
    link = entry.get("link")
    title = entry.get("title", "") or ""
    published = _entry_published(entry)
    body = _summary_text(entry, published, link)
    if fetch_page is not None and link:
        page_text, reason = fetch_page(link)
        if page_text is not None and len(page_text.strip()) < len(body.strip()):
            page_text, reason = None, "the page's text is shorter than the feed's summary (a teaser or paywall?)"
        if page_text is not None:
            body = page_text
        else:
            log.warning("linked page not used; sending the feed's summary", feed=feed_url, url=link, reason=reason)
            if notes is not None:
                notes.append(f"{link}: page not used ({reason}); sent the feed's summary")
    entry_key = entry.get("id") or link or title
    return article_from_mapping(
        {
            "id": Article.derive_id(link or f"{feed_url}#{entry_key}", title, body or title),
            "url": link,
            "title": title,
            "published": published,
            "source": (feed_title or "").strip() or feed_url,
            "text": body or title,
        }
    )


def poll_once(url: str, state: FeedState, fetch_page: PageFetcher | None = None) -> PollResult:
    """One conditional GET of a feed; returns the entries not sent before (their pages fetched with `fetch_page`)."""
    etag, modified = state.validators(url)
    parsed = feedparser.parse(url, etag=etag, modified=modified, agent=USER_AGENT)
    status = parsed.get("status")
    if status == 304:
        return PollResult(status, True, [], [])
    errors: list[str] = []
    notes: list[str] = []
    if parsed.get("bozo") and not parsed.entries:
        errors.append(f"{url}: cannot parse feed: {parsed.get('bozo_exception')}")
    fresh: list[tuple[str, Article]] = []
    for entry in parsed.entries:
        entry_id = entry.get("id") or entry.get("link") or entry.get("title")
        if not entry_id or state.was_sent(url, entry_id):
            continue
        try:
            fresh.append((entry_id, entry_to_article(entry, url, parsed.get("feed", {}).get("title"), fetch_page, notes)))
        except InputError as exc:
            errors.append(f"{url} entry {entry_id}: {exc}")
    if status and status >= 400:
        errors.append(f"{url}: HTTP {status}")
    return PollResult(status, False, fresh, errors, parsed.get("etag"), parsed.get("modified"), notes)


def poll_and_send(url: str, state: FeedState, send: Callable[[Article], None],
                  fetch_page: PageFetcher | None = None) -> PollResult:
    """One poll of one feed: send each new entry, then remember it as sent (after the broker's ack)."""
    result = poll_once(url, state, fetch_page)
    for entry_id, article in result.new_articles:
        send(article)
        state.mark_sent(url, entry_id, article.id)
    if result.status and result.status < 400 and not result.not_modified:
        # only now: validators saved before the sends would turn a crash into lost entries (304 next time)
        state.save_validators(url, result.etag, result.modified)
    return result


def run_poller(
    urls: list[str],
    state: FeedState,
    send: Callable[[Article], None],
    *,
    interval_s: float,
    should_stop: Callable[[], bool],
    fetch_page: PageFetcher | None = None,
) -> None:
    """Poll every feed each interval until asked to stop; `send` must raise if not acknowledged."""
    while not should_stop():
        for url in urls:
            try:
                result = poll_and_send(url, state, send, fetch_page)
            except Exception as exc:  # one broken feed must not stop the others
                log.warning("feed poll failed", feed=url, error=str(exc))
                continue
            for problem in result.errors:
                log.warning("feed problem", problem=problem)
            log.info("feed polled", feed=url, status=result.status, new=len(result.new_articles))
        deadline = time.monotonic() + interval_s
        while time.monotonic() < deadline and not should_stop():
            time.sleep(0.2)

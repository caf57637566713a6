"""RSS/Atom feed poller: conditional GETs, and each entry sent once, also across restarts."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import feedparser
import structlog

from newsalert.ingest import InputError, article_from_mapping, html_to_article, looks_like_html
from newsalert.models import Article

log = structlog.get_logger("producers.feeds")


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


def _entry_published(entry: dict) -> datetime:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def entry_to_article(entry: dict, feed_url: str, feed_title: str | None = None) -> Article:
    """Build an article from a feed entry: its content, else its summary, else its title.

    The source is the feed's title (what a reader calls the outlet), else its URL."""
    link = entry.get("link")
    title = entry.get("title", "") or ""
    body = ""
    for content in entry.get("content") or []:
        body = content.get("value") or body
    body = body or entry.get("summary", "") or ""
    published = _entry_published(entry)
    if body and looks_like_html(f"<html><body>{body}</body></html>") and "<" in body:
        try:
            article = html_to_article(f"<html><body><article>{body}</article></body></html>", origin_id="", published=published, url=link)
            body = article.text
        except InputError:
            pass
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


def poll_once(url: str, state: FeedState) -> PollResult:
    """One conditional GET of a feed; returns the entries not sent before."""
    etag, modified = state.validators(url)
    parsed = feedparser.parse(url, etag=etag, modified=modified, agent="newsalert/0.1 (+feed poller)")
    status = parsed.get("status")
    if status == 304:
        return PollResult(status, True, [], [])
    errors: list[str] = []
    if parsed.get("bozo") and not parsed.entries:
        errors.append(f"{url}: cannot parse feed: {parsed.get('bozo_exception')}")
    fresh: list[tuple[str, Article]] = []
    for entry in parsed.entries:
        entry_id = entry.get("id") or entry.get("link") or entry.get("title")
        if not entry_id or state.was_sent(url, entry_id):
            continue
        try:
            fresh.append((entry_id, entry_to_article(entry, url, parsed.get("feed", {}).get("title"))))
        except InputError as exc:
            errors.append(f"{url} entry {entry_id}: {exc}")
    if status and status >= 400:
        errors.append(f"{url}: HTTP {status}")
    return PollResult(status, False, fresh, errors, parsed.get("etag"), parsed.get("modified"))


def poll_and_send(url: str, state: FeedState, send: Callable[[Article], None]) -> PollResult:
    """One poll of one feed: send each new entry, then remember it as sent (after the broker's ack)."""
    result = poll_once(url, state)
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
) -> None:
    """Poll every feed each interval until asked to stop; `send` must raise if not acknowledged."""
    while not should_stop():
        for url in urls:
            try:
                result = poll_and_send(url, state, send)
            except Exception as exc:  # one broken feed must not stop the others
                log.warning("feed poll failed", feed=url, error=str(exc))
                continue
            for problem in result.errors:
                log.warning("feed problem", problem=problem)
            log.info("feed polled", feed=url, status=result.status, new=len(result.new_articles))
        deadline = time.monotonic() + interval_s
        while time.monotonic() < deadline and not should_stop():
            time.sleep(0.2)

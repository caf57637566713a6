"""Turn raw inputs (JSON, JSON Lines, plain text, HTML) into `Article` models.

Pure functions over bytes and names; the callers do the I/O.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

from pydantic import ValidationError

from newsalert.models import Article

MAX_INPUT_BYTES = 5 * 1024 * 1024


class InputError(ValueError):
    """An input that cannot become an article; the message says what and how to fix it."""


@dataclass(frozen=True)
class Parsed:
    """One article out of an input, or the error for one record of it."""

    origin: str  # "file.jsonl:3", "stdin", ...
    article: Article | None = None
    error: str | None = None
    note: str | None = None  # sent, but worth a warning line (e.g. no date of its own)


def undated_note(published: datetime, dated_by: str, how: str) -> str:
    """The warning for an article that carries no date: which time it got instead, and how to give one.

    Events move by publication time, so a wrong date can make an old story look new (or not count)."""
    return (f"no publication date in the article: dated {published:%Y-%m-%d %H:%M} UTC ({dated_by}); {how}")


def _validation_message(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "record"
        problems.append(f"{where}: {err['msg']}")
    return "; ".join(problems)


def article_from_mapping(data: Any, *, default_published: datetime | None = None) -> Article:
    """Validate one JSON object as an article, deriving a missing id and publication time."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object with url, title, published, text; got {_json_type(data)}")
    record = dict(data)
    surrogate = _lone_surrogate(record)
    if surrogate:
        raise InputError(f"{surrogate}: contains a lone surrogate (an unpaired \\ud800-\\udfff escape); "
                         "send valid UTF-8 text")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing text: an article needs a non-empty 'text' field")
    if not record.get("id"):
        record["id"] = Article.derive_id(record.get("url"), str(record.get("title") or ""), text)
    record["id"] = str(record["id"])
    if not record.get("published"):
        record["published"] = default_published or datetime.now(timezone.utc)
    record.setdefault("title", "")
    if record["title"] is None:
        record["title"] = ""
    try:
        return Article.model_validate(record)
    except ValidationError as exc:
        raise InputError(_validation_message(exc)) from None


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _lone_surrogate(value: Any, where: str = "record", depth: int = 0) -> str | None:
    """Where a lone surrogate hides in a parsed JSON value (it could never be encoded to send), or None."""
    if isinstance(value, str):
        return where if any("\ud800" <= ch <= "\udfff" for ch in value) else None
    if depth > 50:
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _lone_surrogate(key, where, depth + 1) or _lone_surrogate(item, f"{key}", depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _lone_surrogate(item, f"{where}[{index}]", depth + 1)
            if found:
                return found
    return None


def _loads(text: str) -> Any:
    """json.loads, with nesting too deep for the parser turned into a JSONDecodeError-like InputError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("JSON nested too deeply (an article is one flat object); nothing of this input was sent") from None


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or ("<body" in head and "</" in text)


def html_to_article(html: str, *, origin_id: str, published: datetime, url: str | None = None) -> Article:
    """Extract the main text of an HTML page with trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    title = getattr(extracted, "title", None) or ""
    text = _body_without_headline(text, title)
    date_text = getattr(extracted, "date", None)
    when = published
    if date_text:
        try:
            when = datetime.fromisoformat(date_text).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return article_from_mapping(
        {"id": origin_id if not url else None, "url": url, "title": title, "published": when, "text": text}
    )


def _body_without_headline(text: str, title: str) -> str:
    """trafilatura's text with the page's headline line dropped (it is the title) and one paragraph per block.

    Called on every extracted page. trafilatura puts each paragraph and heading on one line; a headline
    or subhead has no final period, so joined to the next line it would become the start of the first
    sentence (wrong goods, doubled evidence). A blank line between them keeps each apart."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and title and " ".join(lines[0].split()).casefold() == " ".join(title.split()).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def parse_bytes(raw: bytes, *, name: str, published: datetime, json_only: bool = False,
                dated_by: str | None = None) -> Iterator[Parsed]:
    """Parse one input's bytes: JSON object or array, JSON Lines, HTML, or plain text.

    `json_only` (the HTTP ingest endpoint): only a JSON object, an array of objects or JSON Lines of
    objects; anything else is one error. Never raises: each bad record is a Parsed with its error.
    `dated_by`: what `published` is ("the time of sending", "the file's modification time"); given,
    an article that had to take it gets a `note` saying so."""
    if len(raw) > MAX_INPUT_BYTES:
        yield Parsed(name, error=too_large(len(raw)))
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Parsed(name, error=f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 first")
        return
    stripped = text.strip()
    if not stripped:
        yield Parsed(name, error="empty input: nothing to send")
        return
    stem = Path(name).stem or "stdin"
    if json_only and stripped[0] not in "[{":
        yield Parsed(name, error="expected a JSON object, an array of objects or JSON Lines of objects "
                                 f"(the body starts with {stripped[:10]!r})")
        return
    if stripped[0] in "[{":
        try:
            document = _loads(stripped)
        except InputError as exc:
            yield Parsed(name, error=str(exc))
            return
        except json.JSONDecodeError as exc:
            if stripped[0] == "{" and "\n" in stripped:
                yield from _parse_json_lines(stripped, name=name, published=published, dated_by=dated_by)
                return
            yield Parsed(name, error=f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        records = document if isinstance(document, list) else [document]
        if not records:
            yield Parsed(name, error="an empty JSON array: nothing to send")
            return
        for index, record in enumerate(records):
            origin = name if len(records) == 1 else f"{name}[{index}]"
            yield _one(record, origin, published, dated_by)
        return
    if looks_like_html(stripped):
        try:
            article = html_to_article(stripped, origin_id=f"f-{stem}", published=published)
        except InputError as exc:
            yield Parsed(name, error=str(exc))
            return
        note = None
        if dated_by and article.published == published:  # the page named no date trafilatura could read
            note = undated_note(published, dated_by, "a page's date is read from its metadata; or send JSON with "
                                                     "'published'")
        yield Parsed(name, article=article, note=note)
        return
    lines = stripped.splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip() or title
    parsed = _one({"id": None, "title": title, "text": body, "published": published}, name, published)
    if dated_by and parsed.article is not None:  # plain text has nowhere to write a date
        parsed = Parsed(name, article=parsed.article,
                        note=undated_note(published, dated_by, "plain text carries no date; send JSON with 'published' "
                                                              "to give it"))
    yield parsed


def _parse_json_lines(text: str, *, name: str, published: datetime, dated_by: str | None = None) -> Iterator[Parsed]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = _loads(line)
        except InputError as exc:
            yield Parsed(origin, error=str(exc))
            continue
        except json.JSONDecodeError as exc:
            yield Parsed(origin, error=f"invalid JSON at column {exc.colno}: {exc.msg}")
            continue
        yield _one(record, origin, published, dated_by)


def _one(record: Any, origin: str, published: datetime, dated_by: str | None = None) -> Parsed:
    try:
        article = article_from_mapping(record, default_published=published)
    except InputError as exc:
        return Parsed(origin, error=str(exc))
    if dated_by and isinstance(record, dict) and not record.get("published"):
        return Parsed(origin, article=article, note=undated_note(published, dated_by, "give 'published' "
                                                                                        "(e.g. 2025-07-01T09:30:00Z)"))
    return Parsed(origin, article=article)


def too_large(size: float) -> str:
    return f"too large ({size / 1e6:.0f} MB; the limit is {MAX_INPUT_BYTES // 2**20} MB per input)"


def read_capped(stream: IO[bytes], limit: int = MAX_INPUT_BYTES) -> bytes:
    """At most `limit` + 1 bytes of `stream` (one more than allowed shows the input is too large)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def parse_stream(stream: IO[bytes], *, name: str = "stdin") -> Iterator[Parsed]:
    """Read and parse stdin (or another stream), never more than the size limit."""
    raw = read_capped(stream)
    if len(raw) > MAX_INPUT_BYTES:
        yield Parsed(name, error=f"too large (more than {MAX_INPUT_BYTES // 2**20} MB; the limit is "
                                 f"{MAX_INPUT_BYTES // 2**20} MB per input)")
        return
    yield from parse_bytes(raw, name=name, published=datetime.now(timezone.utc), dated_by="the time of sending")


def parse_path(path: Path) -> Iterator[Parsed]:
    """Read and parse one file, turning every I/O problem into a per-file error.

    Only regular files are read (a symlink is followed, then checked): a device such as /dev/zero, a
    FIFO or a socket is refused without blocking on it, and never more than the size limit is read,
    even from a file that grows while it is read."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        yield Parsed(name, error="no such file")
        return
    except IsADirectoryError:
        yield Parsed(name, error="is a folder; pass the files inside it (e.g. DIR/*.json)")
        return
    except OSError as exc:
        yield Parsed(name, error=f"cannot read: {exc.strerror}")
        return
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            yield Parsed(name, error="is a folder; pass the files inside it (e.g. DIR/*.json)")
            return
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if (
                stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)) else "a socket or special file"
            yield Parsed(name, error=f"not a regular file ({kind}); pass article files, or - to read stdin")
            return
        if info.st_size > MAX_INPUT_BYTES:
            yield Parsed(name, error=too_large(info.st_size))
            return
        try:
            with os.fdopen(os.dup(fd), "rb") as stream:
                raw = read_capped(stream)
        except OSError as exc:
            yield Parsed(name, error=f"cannot read: {exc.strerror}")
            return
        mtime = datetime.fromtimestamp(info.st_mtime, tz=timezone.utc)
    finally:
        os.close(fd)
    if len(raw) > MAX_INPUT_BYTES:
        yield Parsed(name, error=too_large(len(raw)))
        return
    yield from parse_bytes(raw, name=name, published=mtime, dated_by="the file's modification time")

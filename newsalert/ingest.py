"""Turn raw inputs (JSON, JSON Lines, plain text, HTML) into `Article` models.

Pure functions over bytes and names; the callers do the I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

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


def _validation_message(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "record"
        problems.append(f"{where}: {err['msg']}")
    return "; ".join(problems)


def article_from_mapping(data: Any, *, default_published: datetime | None = None) -> Article:
    """Validate one JSON object as an article, deriving a missing id and publication time."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object with url, title, published, text; got {type(data).__name__}")
    record = dict(data)
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


def parse_bytes(raw: bytes, *, name: str, published: datetime) -> Iterator[Parsed]:
    """Parse one input's bytes: JSON object or array, JSON Lines, HTML, or plain text."""
    if len(raw) > MAX_INPUT_BYTES:
        yield Parsed(name, error=f"too large ({len(raw) / 1e6:.0f} MB; the limit is {MAX_INPUT_BYTES // 2**20} MB per input)")
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
    if stripped[0] in "[{":
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if stripped[0] == "{" and "\n" in stripped:
                yield from _parse_json_lines(stripped, name=name, published=published)
                return
            yield Parsed(name, error=f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        records = document if isinstance(document, list) else [document]
        for index, record in enumerate(records):
            origin = name if len(records) == 1 else f"{name}[{index}]"
            yield _one(record, origin, published)
        return
    if looks_like_html(stripped):
        try:
            yield Parsed(name, article=html_to_article(stripped, origin_id=f"f-{stem}", published=published))
        except InputError as exc:
            yield Parsed(name, error=str(exc))
        return
    lines = stripped.splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip() or title
    yield _one({"id": None, "title": title, "text": body, "published": published}, name, published)


def _parse_json_lines(text: str, *, name: str, published: datetime) -> Iterator[Parsed]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Parsed(origin, error=f"invalid JSON at column {exc.colno}: {exc.msg}")
            continue
        yield _one(record, origin, published)


def _one(record: Any, origin: str, published: datetime) -> Parsed:
    try:
        return Parsed(origin, article=article_from_mapping(record, default_published=published))
    except InputError as exc:
        return Parsed(origin, error=str(exc))


def parse_path(path: Path) -> Iterator[Parsed]:
    """Read and parse one file, turning every I/O problem into a per-file error."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield Parsed(name, error="no such file")
        return
    except OSError as exc:
        yield Parsed(name, error=f"cannot read: {exc.strerror}")
        return
    if path.is_dir():
        yield Parsed(name, error="is a folder; pass the files inside it (e.g. DIR/*.json)")
        return
    if size > MAX_INPUT_BYTES:
        yield Parsed(name, error=f"too large ({size / 1e6:.0f} MB; the limit is {MAX_INPUT_BYTES // 2**20} MB per input)")
        return
    try:
        raw = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    except OSError as exc:
        yield Parsed(name, error=f"cannot read: {exc.strerror}")
        return
    yield from parse_bytes(raw, name=name, published=mtime)

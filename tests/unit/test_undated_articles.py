"""An article that carries no date of its own says which time it got (a warning line), never silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from newsalert.ingest import parse_bytes, parse_path

SENT_AT = datetime(2026, 3, 4, 5, 6, tzinfo=timezone.utc)
PLAIN = b"Freedonia lifts fruit ban\nFreedonia lifted its ban on apples from Ruritania on Monday.\n"


def only(raw: bytes, name: str, dated_by: str | None = "the time of sending"):
    [item] = parse_bytes(raw, name=name, published=SENT_AT, dated_by=dated_by)
    assert item.article is not None, item.error
    return item


def test_plain_text_is_dated_by_the_time_given_and_says_so():
    item = only(PLAIN, "story.txt")
    assert item.article.published == SENT_AT
    assert item.note == ("no publication date in the article: dated 2026-03-04 05:06 UTC (the time of sending); "
                         "plain text carries no date; send JSON with 'published' to give it")


def test_json_says_so_only_when_published_is_missing():
    assert "give 'published'" in only(json.dumps({"text": "Body."}).encode(), "a.json").note
    dated = only(json.dumps({"text": "Body.", "published": "2025-10-26T08:00:00Z"}).encode(), "b.json")
    assert dated.note is None and dated.article.published == datetime(2025, 10, 26, 8, tzinfo=timezone.utc)


def test_html_says_so_only_when_the_page_names_no_date():
    body = ("<p>Ruritania will charge a 12% levy on bicycles imported from Freedonia from the first of March, the "
            "trade ministry said on Tuesday after months of complaints from domestic frame makers.</p>")
    undated = f"<!doctype html><html><head><title>Levy</title></head><body><article>{body}</article></body></html>"
    dated = (f"<!doctype html><html><head><title>Levy</title><meta property='article:published_time' "
             f"content='2025-11-03'></head><body><article>{body}</article></body></html>")
    assert "dated 2026-03-04 05:06 UTC" in only(undated.encode(), "p.html").note
    item = only(dated.encode(), "q.html")
    assert item.note is None and item.article.published.date().isoformat() == "2025-11-03"


def test_without_dated_by_there_is_no_note():  # e.g. the bundled samples and the HTTP endpoint
    assert only(PLAIN, "story.txt", dated_by=None).note is None


def test_a_file_is_dated_by_its_modification_time(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_bytes(PLAIN)
    os.utime(story, (SENT_AT.timestamp(), SENT_AT.timestamp()))
    [item] = parse_path(story)
    assert item.article.published == SENT_AT
    assert "dated 2026-03-04 05:06 UTC (the file's modification time)" in item.note


def test_detect_prints_the_warning_on_stderr_and_keeps_stdout_json(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_bytes(b"Steel duty\nThe United States imposed a 25% tariff on steel from China on Monday.\n")
    dated = tmp_path / "dated.json"
    dated.write_text(json.dumps({"id": "d1", "published": "2026-01-02", "text": "Ministers met in Geneva."}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    result = subprocess.run([sys.executable, "-m", "newsalert.cli", "detect", str(story), str(dated)],
                            env=dict(env, NEWSALERT_HOME=str(tmp_path)), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2 and lines[1]["id"] == "d1"
    assert f"warning {story}: no publication date in the article" in result.stderr
    assert "(the file's modification time)" in result.stderr and str(dated) not in result.stderr

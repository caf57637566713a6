"""Input normalisation (newsalert/ingest.py): every bad input gets a one-line reason."""

import json
from datetime import datetime, timezone
from pathlib import Path

from newsalert.ingest import MAX_INPUT_BYTES, parse_bytes, parse_path

NOW = datetime(2025, 10, 26, tzinfo=timezone.utc)


def one(raw: bytes, name: str = "x.json"):
    items = list(parse_bytes(raw, name=name, published=NOW))
    assert len(items) == 1
    return items[0]


def test_article_json_with_and_without_id():
    item = one(json.dumps({"id": "a1", "title": "T", "published": "2025-10-26", "text": "Body."}).encode())
    assert item.article and item.article.id == "a1" and item.article.published == NOW
    derived = one(json.dumps({"url": "https://x/1", "title": "T", "text": "Body."}).encode())
    assert derived.article and derived.article.id.startswith("u-") and derived.article.published == NOW


def test_json_lines_keep_good_records_and_report_bad_ones():
    raw = b'{"title": "a", "text": "one"}\nnot json\n{"title": "c"}\n{"title": "d", "text": "four"}\n'
    items = list(parse_bytes(raw, name="f.jsonl", published=NOW))
    assert [bool(i.article) for i in items] == [True, False, False, True]
    assert items[1].origin == "f.jsonl:2" and "invalid JSON" in items[1].error
    assert "missing text" in items[2].error


def test_invalid_json_names_line_and_column():
    item = one(b'{"title": "a", "text": }')
    assert item.article is None and "line 1 column" in item.error


def test_plain_text_first_line_is_title():
    item = one(b"Tariffs rise\nThe US raised tariffs today.", name="note.txt")
    assert item.article and item.article.title == "Tariffs rise" and "raised" in item.article.text


def test_html_page_text_is_extracted():
    html = ("<html><head><title>Tariff news</title></head><body><nav>menu</nav><article><h1>Tariff news</h1>"
            + "<p>The United States said on Monday it will impose a 25% tariff on imported steel.</p>" * 5
            + "</article></body></html>")
    item = one(html.encode(), name="page.html")
    assert item.article and "25% tariff" in item.article.text and "<p>" not in item.article.text


def test_too_large_and_missing_files(tmp_path: Path):
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)
    [item] = list(parse_path(big))
    assert item.error and "too large" in item.error
    [missing] = list(parse_path(tmp_path / "nope.json"))
    assert missing.error == "no such file"
    assert "not UTF-8" in one(b"\xff\xfe\xfa text").error
    assert "empty" in one(b"   ").error

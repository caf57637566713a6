"""`newsalert bench detect` also reports the rate with the detectors' sentence caches emptied."""

from __future__ import annotations

from pathlib import Path

from processors.bench import _sentence_caches, run_bench
from processors.detectors import cues, dates



def test_every_sentence_cache_is_found() -> None:
    caches = _sentence_caches()
    for fn in (dates.find_dates, dates.resolve, cues.is_background, cues.past_month_reference):
        assert fn in caches


def test_bench_prints_the_cold_cache_rate(tmp_path: Path) -> None:
    text = ("President Trump imposed 25% tariffs on Canadian steel on Friday. "
            "Canada said it would retaliate next month.")
    (tmp_path / "a.json").write_text(
        '{"id": "a", "source": "test", "url": "https://example.com/a", "title": "Tariffs", '
        '"text": "%s", "published": "2025-03-01T12:00:00Z"}' % text, encoding="utf-8")
    out = run_bench(tmp_path, seconds=0.03)
    assert "sentence caches emptied before every article" in out, out

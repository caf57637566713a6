"""The dev corpus evaluation: fails below the issue's targets."""

import os
from pathlib import Path

import pytest

from processors.eval import detect_file_lines, run_eval


def corpus() -> Path | None:
    for p in (Path(__file__).parents[2].parent / "shared" / "corpus", Path(os.environ.get("NEWSALERT_CORPUS", "/nonexistent"))):
        if (p / "dev" / "labels.jsonl").exists():
            return p
    return None


CORPUS = corpus()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="labelled corpus not found at ../shared/corpus "
                                                         "(set NEWSALERT_CORPUS to its path)")


@pytest.fixture(scope="module")
def report():
    return run_eval(CORPUS / "dev", verbose=True)


@needs_corpus
def test_report_prints_everything(report):
    text, m = report
    for needle in ("micro", "slot accuracy", "labelled with none", "misses", "false alarms"):
        assert needle in text
    assert m["articles"] == 135


@needs_corpus
def test_targets(report):
    text, m = report
    assert m["targets"]["met"], "targets not met: " + "; ".join(m["targets"]["failures"]) + "\n" + text[:3000]


@needs_corpus
def test_detect_file_lines(tmp_path):
    (tmp_path / "note.txt").write_text("Japan will raise tariffs on U.S. beef to 50 pct from April 1.")
    lines = list(detect_file_lines([CORPUS / "seed.json", tmp_path / "note.txt"]))
    assert '"id": "seed"' in lines[0] and '"tariff_action"' in lines[1]

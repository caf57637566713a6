"""`newsalert replay` through the real pipeline (real broker, processors): news2025 in date order gives the
same lifecycle checkpoints as the dry run, no alerted value returns, no change twice. Skipped without the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.pipeline import Pipeline

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pipeline(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    p = Pipeline(kafka_bootstrap, tmp_path_factory.mktemp("replay"), NEWSALERT_REMINDER_CHECK_INTERVAL="1")
    p.cli("kafka", "start")
    p.start_processor()
    yield p
    p.stop_all()


def test_news2025_through_the_pipeline_matches_the_dry_run(pipeline: Pipeline, corpus_dir: Path):
    folder = corpus_dir / "news2025"
    if not folder.is_dir():
        pytest.skip(f"no news2025 under {corpus_dir} (set NEWSALERT_CORPUS)")
    dry = pipeline.cli("replay", "--dry-run", str(folder)).stdout
    real = pipeline.cli("replay", str(folder), timeout=180).stdout
    count = lambda text: int(re.search(r"(\d+) alerts", text).group(1))  # noqa: E731
    assert count(real) >= 1 and abs(count(real) - count(dry)) <= max(3, count(dry) // 10), (dry[-300:], real[-300:])
    updates = [u for u in pipeline.read(pipeline.topics.events) if "change" in u]
    seen: dict[tuple[str, str], list] = {}
    pairs = set()
    for update in updates:
        for name, change in update["change"].get("fields", {}).items():
            history = seen.setdefault((update["event"]["event_key"], name), [])
            assert change["new"] not in history, (name, history, change)
            history.append(change["old"])
            pair = (update["event"]["event_key"], name, json.dumps(change["old"]), json.dumps(change["new"]))
            assert pair not in pairs
            pairs.add(pair)
    china = [u for u in updates if u["event"]["type"] == "tariff_action" and u["event"]["imposer"] == "US"
             and u["event"]["target"] == "China" and "145%" == u["event"].get("rate")]
    assert china, "the 145% US tariff on China was never alerted"

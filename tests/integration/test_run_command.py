"""`newsalert run` (the README's main command) on a fresh home: samples in, alerts out, clean stop."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pipeline import Pipeline, wait_for

pytestmark = pytest.mark.integration


def test_run_shows_sample_alerts_and_stops_cleanly_on_sigint(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    out_path = tmp_path / "run.out"
    with out_path.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "newsalert.cli", "run"], env=p.env, cwd=tmp_path,
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: len(p.outbox()) >= 8, timeout=120, what="the samples' alerts")
            p.processor_drained()
            p.alerts_drained(("console",))
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=60)
    text = out_path.read_text(errors="replace")
    assert code == 0 and "stopped cleanly" in text
    assert "fresh home: subscribed the console to every channel" in text and "fed 2 sample article(s)" in text
    lines = p.outbox()
    kinds = [(l["event"]["type"], l["change"]["kind"]) for l in lines]
    assert ("tariff_action", "new") in kinds and ("leader_meeting", "changed") in kinds
    held = next(l for l in lines if l["event"]["type"] == "leader_meeting" and l["change"]["kind"] == "changed")
    status = held["change"]["fields"]["status"]
    assert (status["old"], status["new"]) == ("confirmed", "held")
    assert "Busan" in status["sentence"]  # the update says which sentence moved it
    assert "US tariff 100% on China" in text  # the alert printed on the console, not only in the outbox
    assert "Traceback" not in text

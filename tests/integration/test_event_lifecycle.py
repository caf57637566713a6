"""Event identity and lifecycle through the whole pipeline (real broker, loopback Slack server):
several outlets → one alert; expected → confirmed → held → three alerts, the later two threaded;
a delayed deadline → one alert naming old and new dates; a filter that excludes → no delivery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.pipeline import Pipeline, wait_for
from tests.support.slack_server import SlackServer

pytestmark = pytest.mark.integration
ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def slack():
    with SlackServer(token="xoxb-life") as server:
        yield server


@pytest.fixture(scope="module")
def pipeline(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory, slack: SlackServer):
    p = Pipeline(kafka_bootstrap, tmp_path_factory.mktemp("lifecycle"),
                 NEWSALERT_SLACK_BOT_TOKEN="xoxb-life", NEWSALERT_SLACK_BASE_URL=slack.base_url)
    p.cli("kafka", "start")
    p.cli("subscribe", "tariffs", "--console")
    p.cli("subscribe", "leader-meetings", "--slack-channel", "C0MEETING01")
    p.cli("subscribe", "tariffs", "--console", "--country", "Brazil")  # excludes every event here
    p.start_processor()
    p.start_alerts()
    yield p
    p.stop_all()


def produce(pipeline: Pipeline, *names: str) -> None:
    for name in names:  # one at a time: the order of publication is the order of the story
        pipeline.cli("produce", str(ARTICLES / name))
        pipeline.processor_drained()


def test_three_outlets_one_tariff_one_alert_then_a_delay(pipeline: Pipeline):
    produce(pipeline, "a1.json", "a2.json", "a3.json")
    pipeline.alerts_drained(("console", "slack"))
    tariffs = [l for l in pipeline.outbox() if l["event"]["type"] == "tariff_action"]
    assert len(tariffs) == 1, [l["text"] for l in tariffs]
    assert tariffs[0]["subscription_id"] == 1  # the Brazil filter excluded it
    first = tariffs[0]["event"]
    assert first["imposer"] == "Mexico" and first["target"] == "China" and first["effective_date"] == "2025-10-01"

    produce(pipeline, "a4.json")
    pipeline.alerts_drained(("console", "slack"))
    tariffs = [l for l in pipeline.outbox() if l["event"]["type"] == "tariff_action"]
    assert len(tariffs) == 2
    delay = tariffs[1]
    assert delay["event"]["event_key"] == first["event_key"]
    changed = delay["change"]["fields"]["effective_date"]
    assert (changed["old"], changed["new"]) == ("2025-10-01", "2025-12-01")
    assert len(delay["event"]["sources"]) == 4


def test_meeting_expected_confirmed_held_three_alerts_threaded(pipeline: Pipeline, slack: SlackServer):
    produce(pipeline, "m1.json", "m2.json", "m3.json")
    wait_for(lambda: len([r for r in slack.requests if r.ok and r.channel == "C0MEETING01"]) >= 3, timeout=20,
             what=f"three Slack messages: {[(r.channel, r.status, r.answer) for r in slack.requests]}")
    pipeline.alerts_drained(("console", "slack"))
    posts = [r for r in slack.requests if r.ok and r.channel == "C0MEETING01"]
    assert len(posts) == 3
    first, confirmed, held = posts
    assert first.thread_ts is None
    assert confirmed.thread_ts == first.answer["ts"] and held.thread_ts == first.answer["ts"]
    assert confirmed.reply_broadcast and held.reply_broadcast  # status changes are broadcast to the channel
    texts = [json.dumps(p.blocks) for p in posts]
    assert "expected" in texts[0] and "confirmed" in texts[1] and "held" in texts[2]
    assert "expected" in texts[1] and "confirmed" in texts[2]  # each names the change: old → new


def test_events_command_shows_state_and_history(pipeline: Pipeline, slack: SlackServer):
    produce(pipeline, "m1.json", "m2.json", "m3.json")  # known articles: no new alerts, state is there
    shown = pipeline.cli("events", "--type", "leader_meeting").stdout
    assert "Meeting Sanae Takaichi – Lee Jae-myung — held in Seoul" in shown
    assert "r1 new event (article m-expected)" in shown
    assert "status: expected → confirmed" in shown and "(article m-confirmed)" in shown
    assert "r3 status: confirmed → held (article m-held)" in shown
    assert "participants: Sanae Takaichi, Lee Jae-myung" in shown and "['" not in shown  # values, not Python lists
    assert "status: held" in shown and ", ref " in shown
    assert "Mexico" not in shown  # --type filters
    assert "Mexico tariff" in pipeline.cli("events", "--channel", "tariffs").stdout
    assert "no tracked events match" in pipeline.cli("events", "--since", "2030-01-01").stdout
    bad = pipeline.cli("events", "--type", "tarif", check=False)
    assert bad.returncode == 2 and "valid: tariff_action" in bad.stderr


def test_an_older_report_arriving_late_never_moves_the_event_back(pipeline: Pipeline, slack: SlackServer):
    before = len([r for r in slack.requests if r.ok])
    produce(pipeline, "o1-held.json", "o0-expected.json")  # a backfill: the older "expected" report comes last
    pipeline.alerts_drained(("console", "slack"))
    posts = [r for r in slack.requests if r.ok][before:]
    assert len(posts) == 1 and "held" in json.dumps(posts[0].blocks)
    shown = pipeline.cli("events", "--type", "leader_meeting").stdout
    assert "Meeting Narendra Modi – Luiz Inacio Lula da Silva — held in Brasilia" in shown

"""The whole pipeline through the real broker: `newsalert produce` -> faust processors -> router ->
Slack (a real loopback HTTP server speaking chat.postMessage), email (aiosmtpd) and the outbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsalert.kafka import make_producer
from tests.support.pipeline import Pipeline, wait_for
from tests.support.slack_server import SlackServer
from tests.support.smtp_server import SmtpServer

pytestmark = pytest.mark.integration
SEED = Path(__file__).resolve().parents[2] / "newsalert" / "samples" / "001-seed.json"


@pytest.fixture(scope="module")
def servers():
    with SlackServer(token="xoxb-e2e-token") as slack, SmtpServer() as smtp:
        yield slack, smtp


@pytest.fixture(scope="module")
def pipeline(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory, servers):
    slack, smtp = servers
    home = tmp_path_factory.mktemp("e2e-home")
    p = Pipeline(
        kafka_bootstrap, home,
        NEWSALERT_SLACK_BOT_TOKEN="xoxb-e2e-token",
        NEWSALERT_SLACK_BASE_URL=slack.base_url,
        NEWSALERT_SMTP_HOST="127.0.0.1",
        NEWSALERT_SMTP_PORT=str(smtp.port),
        NEWSALERT_EMAIL_FROM="alerts@newsalert.test",
    )
    p.cli("kafka", "start")
    p.cli("subscribe", "tariffs", "--slack-channel", "C0TARIFFS")
    p.cli("subscribe", "leader-meetings", "--slack-channel", "C0LEADERS")
    p.cli("subscribe", "tariffs", "--email", "analyst@example.com", "--country", "China")
    for channel in ("tariffs", "leader-meetings", "export-controls", "trade-talks", "trade-truces"):
        p.cli("subscribe", channel, "--console")
    p.start_processor()
    p.start_alerts()
    yield p
    p.stop_all()


@pytest.fixture(scope="module")
def seed_delivered(pipeline: Pipeline, servers):
    slack, smtp = servers
    result = pipeline.cli("produce", str(SEED))
    assert "sent 1 article" in result.stdout
    wait_for(lambda: len(pipeline.outbox()) >= 4, timeout=120, what="the seed's console alerts")
    wait_for(lambda: len(smtp.received) >= 1, timeout=60, what="the seed's email")
    wait_for(lambda: len([r for r in slack.requests if r.ok]) >= 2, timeout=60, what="the seed's Slack messages")
    pipeline.processor_drained()
    pipeline.alerts_drained(("console", "slack", "email"))
    return slack, smtp


def blocks_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_seed_reaches_slack(pipeline: Pipeline, seed_delivered):
    slack, _ = seed_delivered
    posted = [r for r in slack.requests if r.ok and r.method == "chat.postMessage"]
    assert {r.channel for r in posted} == {"C0TARIFFS", "C0LEADERS"}
    tariffs = [blocks_text(r.blocks) for r in posted if r.channel == "C0TARIFFS"]
    assert any("100%" in t and "2025-11-01" in t and "threatened" in t.lower() for t in tariffs)
    meetings = [blocks_text(r.blocks) for r in posted if r.channel == "C0LEADERS"]
    assert any("Donald Trump" in m and "Xi Jinping" in m and "confirmed" in m for m in meetings)
    assert all(r.headers.get("Authorization") == "Bearer xoxb-e2e-token" for r in slack.requests)


def test_seed_reaches_email(pipeline: Pipeline, seed_delivered):
    _, smtp = seed_delivered
    assert len(smtp.received) == 1
    mail = smtp.received[0]
    assert mail.rcpt_tos == ["analyst@example.com"] and mail.message["To"] == "analyst@example.com"
    assert "100%" in mail.message["Subject"] and "tariff" in mail.message["Subject"].lower()
    types = sorted(part.get_content_type() for part in mail.message.walk() if not part.is_multipart())
    assert types == ["text/html", "text/plain"]
    assert mail.message["Message-ID"]


def test_seed_reaches_outbox(pipeline: Pipeline, seed_delivered):
    lines = pipeline.outbox()
    by_type = {line["event"]["type"] for line in lines}
    assert {"tariff_action", "leader_meeting", "trade_talks", "export_control", "trade_truce"} <= by_type
    tariff = next(l for l in lines if l["event"]["type"] == "tariff_action")
    assert tariff["event"]["rate"] == "100%" and tariff["event"]["effective_date"] == "2025-11-01"
    assert tariff["change"]["kind"] == "new" and tariff["event"]["evidence"] and tariff["event"]["sources"]
    assert tariff["notifier"] == "console" and "100%" in tariff["text"]


def test_same_article_twice_gives_no_second_alert(pipeline: Pipeline, seed_delivered):
    slack, smtp = seed_delivered
    before = (len(pipeline.outbox()), len(slack.requests), len(smtp.received))
    pipeline.cli("produce", str(SEED))
    pipeline.processor_drained()
    pipeline.alerts_drained(("console", "slack", "email"))
    assert (len(pipeline.outbox()), len(slack.requests), len(smtp.received)) == before


def test_malformed_record_goes_to_dlq_and_next_good_record_is_processed(pipeline: Pipeline, seed_delivered, tmp_path: Path):
    producer = make_producer(pipeline.bootstrap)
    producer.send(pipeline.topics.articles, key=b"broken-1", value=b'{"id": "broken-1", "text": ')
    producer.send(pipeline.topics.articles, key=b"no-text", value=b'{"id": "no-text", "published": "2025-10-27", "text": ""}')
    producer.flush()
    producer.close()
    good = tmp_path / "good.json"
    good.write_text(json.dumps({
        "id": "after-broken", "title": "Canada to impose tariffs on Chinese steel",
        "published": "2025-10-28T10:00:00Z",
        "text": "Canada will impose a 25% tariff on steel imports from China starting December 1, "
                "Finance Minister Francois-Philippe Champagne said on Tuesday.",
    }))
    pipeline.cli("produce", str(good))
    dead = wait_for(lambda: len(pipeline.read(pipeline.topics.articles_dlq)) >= 2 and pipeline.read(pipeline.topics.articles_dlq),
                    timeout=60, what="two dead letters")
    reasons = {d["original_key"]: d for d in dead}
    assert "invalid article" in reasons["broken-1"]["reason"] and reasons["broken-1"]["original"].startswith('{"id": "broken-1"')
    assert "text" in reasons["no-text"]["reason"] and reasons["no-text"]["source_offset"] is not None
    wait_for(lambda: any(l["event"].get("imposer") == "Canada" for l in pipeline.outbox()), timeout=60,
             what="the good article's alert after the malformed ones")

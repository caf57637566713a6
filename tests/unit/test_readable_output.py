"""What people read shows values, not Python reprs, and no raw event hashes: `newsalert events` lines,
change descriptions, Slack context and the email footer."""

from __future__ import annotations

from alerts.render import email_parts, slack_blocks
from newsalert.cli.tracking import readable_slots
from newsalert.models import EventChange, FieldChange, short_ref, shown_value, stable_hash
from tests.support.samples import make_delivery, make_update, meeting_event, tariff_event

HASH_KEY = stable_hash("leader_meeting:donald-trump|xi-jinping", length=20)  # what the processors store


def test_slots_read_as_values():
    line = readable_slots(meeting_event(status="confirmed"))
    assert "participants: Donald Trump, Xi Jinping" in line
    assert "status: confirmed" in line
    assert "[" not in line and "'" not in line and "=" not in line
    tariff = readable_slots(tariff_event(effective_date="2025-11-01"))
    assert "effective date: 2025-11-01" in tariff


def test_a_changed_list_is_described_without_brackets():
    change = EventChange(kind="changed", fields={
        "participants": FieldChange(old=["Donald Trump"], new=["Donald Trump", "Xi Jinping"]),
        "status": FieldChange(old="expected", new="confirmed")})
    assert change.describe() == "participants: Donald Trump → Donald Trump, Xi Jinping; status: expected → confirmed"
    assert EventChange(kind="changed", fields={"location": FieldChange(old=None, new="Busan")}).describe() == \
        "location: — → Busan"
    assert shown_value([]) == "" and shown_value(0.5) == "0.5"


def test_slack_context_shows_a_short_ref_not_the_hash():
    update = make_update(meeting_event(event_key=HASH_KEY), revision=1)
    [context] = [b for b in slack_blocks(update) if b["type"] == "context"]
    text = context["elements"][0]["text"]
    assert HASH_KEY not in text
    assert text == f"newsalert · Leader meeting · ref {short_ref(HASH_KEY)} · revision 1"
    assert len(short_ref(HASH_KEY)) == 8


def test_email_footer_shows_the_short_ref_not_the_hash():
    delivery = make_delivery(make_update(meeting_event(event_key=HASH_KEY)), notifier="email", destination="a@b.co")
    _, text, html = email_parts(delivery)
    assert HASH_KEY not in text and HASH_KEY not in html
    assert f"ref {short_ref(HASH_KEY)}" in text and f"ref <code>{short_ref(HASH_KEY)}</code>" in html

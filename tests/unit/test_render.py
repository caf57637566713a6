"""alerts/render.py: plain text, Slack Block Kit and email parts of an event update."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from alerts.render import (  # noqa: E402
    SLACK_FIELD_MAX,
    SLACK_HEADER_MAX,
    SLACK_MAX_FIELDS,
    SLACK_SECTION_MAX,
    clean_header,
    describe_change,
    email_parts,
    escape_mrkdwn,
    render_text,
    safe_url,
    slack_blocks,
    slack_text,
    slack_text_fields,
)
from newsalert.models import (  # noqa: E402
    EventChange,
    ExportControl,
    FieldChange,
    LeaderMeeting,
    SourceRef,
    TradeTalks,
    TradeTruce,
)
from tests.support.samples import make_delivery, make_update, meeting_event, status_change, tariff_event  # noqa: E402

PUBLISHED = datetime(2025, 10, 26, tzinfo=timezone.utc)


def test_render_text_of_a_new_tariff() -> None:
    text = render_text(make_update())
    lines = text.splitlines()
    assert lines[0] == "US tariff 100% on China (Chinese goods) — threatened from 2025-11-01"
    assert lines[1] == "New event"
    for expected in ("Rate: 100%", "Effective date: 2025-11-01", "Status: threatened", "Confidence: 90%"):
        assert expected in lines
    assert "  > Trump threatened to impose a new 100% tariff on Chinese goods starting November 1." in lines
    assert any("https://news.example.com/us-china-talks" in line for line in lines)


def test_render_text_marks_what_changed() -> None:
    update = make_update(tariff_event(effective_date="2025-12-01", status="delayed"),
                         EventChange(kind="changed", fields={
                             "effective_date": FieldChange(old="2025-11-01", new="2025-12-01"),
                             "status": FieldChange(old="in_effect", new="delayed")}), 3)
    text = render_text(update)
    assert "Delayed until 2025-12-01 (was in effect from 2025-11-01)" in text
    assert "Effective date: 2025-12-01 (was 2025-11-01)" in text
    assert "Status: delayed (was in effect)" in text


def test_describe_change_kinds() -> None:
    assert describe_change(EventChange(kind="new")) == "New event"
    reminder = EventChange(kind="reminder", fields={"date": FieldChange(new="2025-10-30")})
    assert describe_change(reminder) == "Reminder: date 2025-10-30"
    added = EventChange(kind="changed", fields={"confirmed_by": FieldChange(old=["US"], new=["US", "China"])})
    assert describe_change(added) == "Changed: confirmed by: US → US, China"


def test_unresolved_date_shows_its_words() -> None:
    update = make_update(meeting_event(date=None, date_text="later this week"))
    assert "Date: “later this week” (unresolved)" in render_text(update)


def test_every_event_type_renders() -> None:
    events = [
        tariff_event(),
        meeting_event(),
        ExportControl(event_key="ec", imposer="China", items="rare-earth magnets", status="tightened"),
        TradeTalks(event_key="tt", parties=["US", "China"], negotiators=["Scott Bessent", "He Lifeng"], location="Kuala Lumpur"),
        TradeTruce(event_key="tr", parties=["US", "China"], action="extended", until="2026-11-10"),
    ]
    for event in events:
        update = make_update(event)
        assert render_text(update).splitlines()[0] == event.headline()
        blocks = slack_blocks(update)
        assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"]
        subject, text, html = email_parts(make_delivery(update))
        assert subject and text and html
    truce_text = render_text(make_update(events[-1]))
    assert "Status: extended" in truce_text and "Until: 2026-11-10" in truce_text
    talks = "\n".join(slack_text_fields(slack_blocks(make_update(events[3]))))
    assert "Scott Bessent, He Lifeng" in talks and "Kuala Lumpur" in talks


def test_slack_blocks_shape() -> None:
    update = make_update(meeting_event(status="confirmed"), status_change("expected", "confirmed"), 2)
    blocks = slack_blocks(update)
    types = [b["type"] for b in blocks]
    assert types == ["header", "section", "section", "section", "section", "context"]
    fields = blocks[2]["fields"]
    labels = [f["text"].split("\n")[0] for f in fields]
    assert labels == ["*Status*", "*Participants*", "*Place*", "*Date*", "*Confirmed by*", "*Confidence*"]
    assert blocks[3]["text"]["text"].startswith("*Evidence*\n> ")
    assert blocks[4]["text"]["text"].startswith("*Sources*\n• <https://")
    assert "Confirmed (was expected)" in blocks[1]["text"]["text"]
    assert "confirmed" in slack_text(update)


def test_slack_limits_hold_for_huge_events() -> None:
    long = "x" * 10_000
    sources = [
        SourceRef(article_id=f"a{i}", url=f"https://example.com/{i}/" + "p" * 500, title="T" * 600, published=PUBLISHED, source="S" * 300)
        for i in range(60)
    ]
    event = tariff_event(imposer=long, target="<" * 5000, goods=long, rate="&" * 3000, evidence=[long] * 20, sources=sources)
    blocks = slack_blocks(make_update(event))
    assert len(blocks) <= 50
    assert len(blocks[0]["text"]["text"]) <= SLACK_HEADER_MAX
    for block in blocks:
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= SLACK_SECTION_MAX
            fields = block.get("fields", [])
            assert len(fields) <= SLACK_MAX_FIELDS
            assert all(len(f["text"]) <= SLACK_FIELD_MAX for f in fields)
    sources_text = blocks[-2]["text"]["text"]
    assert "more" in sources_text  # the rest are summarised, not dropped silently
    # truncation never cuts an entity in half
    for text in slack_text_fields(blocks):
        assert "&am…" not in text and "&l…" not in text and "&g…" not in text


def test_escaping_and_urls() -> None:
    assert escape_mrkdwn("a & <!channel> > b") == "a &amp; &lt;!channel&gt; &gt; b"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.example/a b|<!here>") == "https://x.example/a%20b%7C%3C!here%3E"
    assert safe_url("HTTP://x.example/ü") == "HTTP://x.example/%C3%BC"
    assert safe_url("https:///nohost") is None
    assert clean_header("a\r\nBcc: x\u2028y\x00z", 100) == "a Bcc: x y z"
    assert len(clean_header("y" * 500, 200)) == 200


def test_email_parts() -> None:
    update = make_update(tariff_event(goods="<b>steel</b> & aluminium"))
    subject, text, html = email_parts(make_delivery(update))
    assert subject == "[newsalert] US tariff 100% on China (<b>steel</b> & aluminium) — threatened from 2025-11-01"
    assert "Goods: <b>steel</b> & aluminium" in text  # plain text is not HTML-escaped
    assert "&lt;b&gt;steel&lt;/b&gt; &amp; aluminium" in html and "<b>steel" not in html
    update2 = make_update(meeting_event(status="held"), status_change("confirmed", "held"), 3)
    assert email_parts(make_delivery(update2))[0].startswith("[newsalert] Update: Meeting Donald Trump – Xi Jinping — held")


def test_a_tariff_in_effect_from_a_later_day_takes_effect_then() -> None:
    """news2025 replay: '104% on China — in effect from 2025-04-09' was posted on 8 April, the day before."""
    event = tariff_event(rate="104%", effective_date="2025-10-27", status="in_effect")
    update = make_update(event)  # its one source was published on 2025-10-26
    assert render_text(update).splitlines()[0] == "US tariff 104% on China (Chinese goods) — takes effect 2025-10-27"
    assert event.headline(as_of=datetime(2025, 10, 27).date()).endswith("— in effect from 2025-10-27")
    assert event.headline(as_of=datetime(2025, 11, 2).date()).endswith("— in effect from 2025-10-27")
    month = tariff_event(effective_date="2025-10", status="in_effect")
    assert month.headline(as_of=PUBLISHED.date()).endswith("— in effect from 2025-10")  # this month: no later day
    assert tariff_event(effective_date="2025-11", status="in_effect").headline(
        as_of=PUBLISHED.date()).endswith("— takes effect 2025-11")
    # a threatened or announced tariff keeps its status: 'announced from' already reads as future
    assert tariff_event(effective_date="2025-11-01", status="announced").headline(
        as_of=PUBLISHED.date()).endswith("— announced from 2025-11-01")


def test_one_line_pattern_is_exactly_the_unsafe_characters():
    """one_line's regex (issue 9: one pass, not a call per character) removes exactly what _is_unsafe_char names."""
    import sys

    from alerts.render import _UNSAFE, _is_unsafe_char

    differ = [hex(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
              and _is_unsafe_char(chr(c)) != bool(_UNSAFE.fullmatch(chr(c)))]
    assert differ == []


def test_a_summit_without_named_leaders_and_controls_without_items_read_as_words() -> None:
    summit = LeaderMeeting(participants=None, location="Paris", status="expected", confidence=0.7, evidence=["x"])
    assert summit.headline() == "Leaders' summit — expected in Paris"
    pair = LeaderMeeting(participants=["Emmanuel Macron", "Keir Starmer"], status="held", confidence=0.7, evidence=["x"])
    assert pair.headline() == "Meeting Emmanuel Macron – Keir Starmer — held"
    controls = ExportControl(imposer="US", target="China", status="tightened", confidence=0.7, evidence=["x"])
    assert controls.headline() == "US export controls to China — tightened"

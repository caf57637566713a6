"""1,000 generated hostile headlines, evidence and sources (hypothesis).

Whatever an article says, the rendered alerts
* never carry an unescaped `<!…>`, `<@…>`, `<#…>` or `<http…|…>` in any Slack
  text field (the only `<…>` are our links to the event's own sources),
* never carry raw HTML from the article into the email HTML (only the
  template's own tags, only http(s) hrefs),
* never put CR/LF (or another control character) into an email header,
* stay within Slack's block and text limits.
"""

from __future__ import annotations

import email
import email.policy
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from alerts.notifiers.email import EmailNotifier  # noqa: E402
from alerts.render import (  # noqa: E402
    SLACK_HEADER_MAX,
    SLACK_MAX_BLOCKS,
    SLACK_SECTION_MAX,
    email_parts,
    render_text,
    safe_url,
    slack_blocks,
    slack_text,
    slack_text_fields,
)
from newsalert.models import EventChange, FieldChange, LeaderMeeting, SourceRef, TariffAction  # noqa: E402
from tests.support.samples import make_delivery, make_update, settings_for  # noqa: E402

PUBLISHED = datetime(2025, 10, 26, tzinfo=timezone.utc)

HOSTILE = [
    "<!channel>", "<!here>", "<!everyone>", "<!subteam^S123|@team>", "<@U123>", "<@W123|bob>", "<#C123>",
    "<http://evil.example|click>", "<https://evil.example>", "<mailto:a@evil.example|mail>",
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js>", "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "\"'><svg/onload=alert(1)>", "]]>", "<!--", "-->",
    "\r\n", "\n", "\r", "\r\nBcc: victim@evil.example", "\nSubject: spoofed", "\x00", "\x1b[31m", "\x0b\x0c",
    "\u2028", "\u2029", "\x85", "\ufeff", "\u202e", "&", "&amp;", "&lt;!channel&gt;", "<", ">", "<<!channel>>",
    "|", "*bold*", "_it_", "`code`", "> quote", "{{ 7*7 }}", "{% raw %}", "%s", "=?utf-8?q?x?=",
    "💥", "Ünïcödé", "中文", "عربى", " ", "\t",
]

fragments = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
hostile = st.lists(fragments, min_size=1, max_size=8).map("".join)
maybe_hostile = st.one_of(st.none(), hostile)
urls = st.one_of(
    st.none(),
    st.sampled_from(["https://news.example.com/a", "javascript:alert(1)", "data:text/html,<script>x</script>"]),
    hostile.map(lambda s: "https://news.example.com/" + s),
    hostile.map(lambda s: "http://" + s),
)


@st.composite
def sources(draw: Any) -> SourceRef:
    return SourceRef(
        article_id=draw(st.text(min_size=1, max_size=10)),
        url=draw(urls),
        title=draw(hostile),
        published=PUBLISHED,
        source=draw(maybe_hostile),
    )


@st.composite
def events(draw: Any) -> Any:
    common = dict(
        event_key=draw(hostile),
        confidence=draw(st.floats(0, 1)),
        evidence=draw(st.lists(hostile, max_size=4)),
        sources=draw(st.lists(sources(), max_size=4)),
    )
    if draw(st.booleans()):
        return TariffAction(
            imposer=draw(maybe_hostile), target=draw(maybe_hostile), rate=draw(maybe_hostile),
            goods=draw(maybe_hostile), effective_date=draw(maybe_hostile), date_text=draw(maybe_hostile), **common,
        )
    return LeaderMeeting(
        participants=draw(st.one_of(st.none(), st.lists(hostile, max_size=3))), location=draw(maybe_hostile),
        date=draw(maybe_hostile), date_text=draw(maybe_hostile),
        confirmed_by=draw(st.one_of(st.none(), st.lists(hostile, max_size=2))), **common,
    )


changes = st.one_of(
    st.just(EventChange(kind="new")),
    st.builds(
        lambda name, old, new: EventChange(kind="changed", fields={name: FieldChange(old=old, new=new)}),
        st.sampled_from(["status", "location", "date", "effective_date", "rate", "confirmed_by"]),
        maybe_hostile,
        maybe_hostile,
    ),
    st.builds(lambda new: EventChange(kind="reminder", fields={"date": FieldChange(new=new)}), hostile),
)

LINK = re.compile(r"<(https?://[^\s<>|]+)\|([^<>]*)>")
ENTITY_OK = re.compile(r"&(?!amp;|lt;|gt;)")
ALLOWED_TAGS = {
    "!doctype", "html", "head", "meta", "title", "body", "h2", "h3", "p", "strong", "table", "tr", "th", "td",
    "span", "blockquote", "ul", "li", "a", "hr", "br", "code",
}
TAG = re.compile(r"<\s*/?\s*([A-Za-z!][A-Za-z0-9-]*)")
HEADER_NAMES = {
    "subject", "from", "to", "date", "message-id", "in-reply-to", "references", "list-unsubscribe",
    "list-unsubscribe-post", "list-id", "auto-submitted", "x-newsalert-delivery-id", "x-newsalert-event-key",
    "mime-version", "content-type",
}
NOTIFIER = EmailNotifier(settings_for(None, smtp_host="127.0.0.1", email_from="alerts@example.org"))


def _check_slack_text(text: str, allowed_urls: set[str]) -> None:
    for url, _label in LINK.findall(text):
        assert url.replace("&amp;", "&") in allowed_urls, f"link to {url!r} is not one of the event's sources"
    rest = LINK.sub("", text)
    assert "<" not in rest, f"unescaped '<' in Slack text: {text!r}"
    assert not ENTITY_OK.search(rest), f"unescaped '&' in Slack text: {text!r}"
    for bad in ("<!", "<@", "<#"):
        assert bad not in text


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(event=events(), change=changes, channel=hostile)
def test_hostile_article_text_is_harmless(event: Any, change: EventChange, channel: str) -> None:
    update = make_update(event, change, revision=2 if change.kind != "new" else 1)
    delivery = make_delivery(update, notifier="email", destination="bob@example.org", channel=channel)

    # --- Slack: every text field escaped; the only links are to the event's sources
    allowed = {u for u in (safe_url(s.url) for s in event.sources) if u}
    blocks = slack_blocks(update)
    assert len(blocks) <= SLACK_MAX_BLOCKS
    assert len(blocks[0]["text"]["text"]) <= SLACK_HEADER_MAX
    for text in [slack_text(update), *slack_text_fields(blocks)]:
        assert len(text) <= SLACK_SECTION_MAX
        _check_slack_text(text, allowed)

    # --- Email HTML: only the template's tags; hrefs only http(s)
    subject, text, html = email_parts(delivery)
    assert "<script" not in html.lower()
    for tag in TAG.findall(html):
        assert tag.lower() in ALLOWED_TAGS, f"unexpected tag <{tag}> in email HTML"
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://"))

    # --- Email headers: no CR/LF/control characters, no injected header
    assert not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", subject)
    msg = NOTIFIER.build_message(delivery, thread_ref=channel)
    for name, value in msg.items():
        assert name.lower() in HEADER_NAMES, f"unexpected header {name}"
        assert not re.search(r"[\r\n\x00]", str(value)), f"line break in {name}: {value!r}"
    raw = msg.as_bytes()
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert {k.lower() for k in parsed.keys()} <= HEADER_NAMES
    assert parsed["Bcc"] is None and len(parsed.get_all("Subject") or []) == 1
    for line in head.splitlines():
        assert line[:1] in (b" ", b"\t") or re.match(rb"^[A-Za-z-]+:( |$)", line), line

    # --- Plain text: no control characters besides line breaks
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]", render_text(update))

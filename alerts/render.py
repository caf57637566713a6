"""Rendering of event updates for people: plain text, Slack Block Kit, email.

Pure functions, no I/O. Everything that comes from an article (slots, evidence,
source titles and URLs, changed values) is treated as hostile:

* Slack: `&`, `<`, `>` are escaped in every text field (mrkdwn and plain_text),
  so `<!channel>`, `<@U123>` or `<http://evil|click>` in a headline reaches
  nobody; source links are built by us from http(s) URLs, percent-encoded.
* Email: HTML goes through Jinja2 with autoescape; header values (subject) are
  stripped of CR, LF and every other control or line-separator character.
* Plain text: control characters (terminal escapes, NUL, ...) are removed.

Lengths respect Slack's limits: header 150 chars, section text 3000, a field
2000, at most 10 fields, at most 50 blocks.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from newsalert.models import Delivery, EventChange, EventUpdate, short_ref

# Slack limits (https://api.slack.com/reference/block-kit/blocks)
SLACK_MAX_BLOCKS = 50
SLACK_HEADER_MAX = 150
SLACK_SECTION_MAX = 3000
SLACK_FIELD_MAX = 2000
SLACK_MAX_FIELDS = 10
SLACK_CONTEXT_MAX = 3000
SLACK_FALLBACK_MAX = 3000  # the notification `text`; Slack truncates at 40k, we keep it short
MAX_SOURCES_SHOWN = 10
MAX_EVIDENCE_SHOWN = 3
EMAIL_SUBJECT_MAX = 200

TEMPLATES_DIR = Path(__file__).parent / "templates"

_TYPE_LABELS = {
    "tariff_action": "Tariff action",
    "leader_meeting": "Leader meeting",
    "export_control": "Export control",
    "trade_talks": "Trade talks",
    "trade_truce": "Trade truce",
}

# (label, attribute) in display order; `status` means the event's status_value().
_SLOT_FIELDS: tuple[tuple[str, str], ...] = (
    ("Rate", "rate"),
    ("Effective date", "effective_date"),
    ("Status", "status"),
    ("Participants", "participants"),
    ("Place", "location"),
    ("Date", "date"),
    ("Until", "until"),
    ("Imposer", "imposer"),
    ("Target", "target"),
    ("Goods", "goods"),
    ("Items", "items"),
    ("Parties", "parties"),
    ("Negotiators", "negotiators"),
    ("Confirmed by", "confirmed_by"),
)
# A date slot that could not be resolved shows its words instead.
_DATE_SLOTS = {"effective_date", "date", "until"}
_DATE_SLOT_OF_TYPE = {
    "tariff_action": "effective_date",
    "leader_meeting": "date",
    "trade_talks": "date",
    "trade_truce": "until",
}


# --------------------------------------------------------------------------- cleaning


def _is_unsafe_char(ch: str) -> bool:
    """Control, format-breaking and line/paragraph separator characters."""
    if ch in "\t\n":
        return True
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Zl", "Zp") or ch in "\u2028\u2029\u0085\ufeff"


# exactly the characters `_is_unsafe_char` accepts: tab and LF are in Cc; Cc is the fixed C0/C1 ranges, Zl and
# Zp are U+2028 and U+2029 alone (tests/unit/test_render.py checks the two agree on every code point)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")


def one_line(value: Any) -> str:
    """A value as a single clean line: every control character and line break
    (CR, LF, NEL, U+2028/2029, ...) becomes a space, runs of spaces collapse."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # one regex pass, not a Python call per character (every alert renders dozens of values; issue 9)
    return _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip()


def clean_header(value: Any, max_len: int | None = None) -> str:
    """A value safe for an email header: no CR, LF or other control character."""
    text = one_line(value)
    if max_len is not None and len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text


def escape_mrkdwn(text: str) -> str:
    """Slack's required escaping of `&`, `<`, `>` (control sequences lose their power)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fit(escaped_parts: Iterable[str], limit: int, ellipsis: str = "…") -> str:
    """Join already-escaped atoms (never split inside an entity) within `limit` chars."""
    out: list[str] = []
    size = 0
    parts = list(escaped_parts)
    total = sum(len(p) for p in parts)
    if total <= limit:
        return "".join(parts)
    budget = limit - len(ellipsis)
    for part in parts:
        if size + len(part) > budget:
            break
        out.append(part)
        size += len(part)
    return "".join(out).rstrip() + ellipsis


def _escaped_atoms(raw: str) -> list[str]:
    return [escape_mrkdwn(ch) for ch in raw]


def slack_escape_fit(raw: Any, limit: int) -> str:
    """One clean line, escaped for Slack, truncated to `limit` chars after escaping."""
    return _fit(_escaped_atoms(one_line(raw)), limit)


def safe_url(url: Any) -> str | None:
    """An http(s) URL, percent-encoded so it cannot break out of a link; None otherwise."""
    if not url or not isinstance(url, str):
        return None
    url = one_line(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Keep reserved URL characters, encode everything else (spaces, <, >, |, quotes, non-ASCII).
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def _slack_link(url: str | None, label: str, label_limit: int = 200) -> str:
    text = slack_escape_fit(label, label_limit) or "link"
    if not url:
        return text
    return f"<{escape_mrkdwn(url)}|{text}>"


# --------------------------------------------------------------------------- values


def _format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(one_line(v) for v in value if one_line(v))
    if isinstance(value, float):
        return f"{value:g}"
    return one_line(value)


def _field_label(name: str) -> str:
    for label, attr in _SLOT_FIELDS:
        if attr == name:
            return label.lower()
    if name == "action":
        return "status"
    return name.replace("_", " ")


def slot_values(update: EventUpdate) -> list[tuple[str, str, str | None]]:
    """The event's slots for display: (label, value, previous value if it changed)."""
    event = update.event
    change = update.change
    rows: list[tuple[str, str, str | None]] = []
    for label, attr in _SLOT_FIELDS:
        if attr == "status":
            raw = event.status_value()
            changed_key = "action" if event.type == "trade_truce" else "status"
        else:
            if not hasattr(event, attr):
                continue
            raw = getattr(event, attr)
            changed_key = attr
        value = _format_value(raw)
        if attr == "status":
            value = value.replace("_", " ")
        if not value and attr in _DATE_SLOTS and _DATE_SLOT_OF_TYPE.get(event.type) == attr:
            words = one_line(getattr(event, "date_text", None))
            if words:
                value = f"“{words}” (unresolved)"
        if not value:
            continue
        previous = None
        if change.kind == "changed" and changed_key in change.fields:
            old = _format_value(change.fields[changed_key].old)
            previous = (old.replace("_", " ") if attr == "status" else old) or "—"
        rows.append((label, value, previous))
    return rows


def describe_change(change: EventChange) -> str:
    """What made this an alert, for people: 'New event', 'status: expected → confirmed'."""
    if change.kind == "new":
        return "New event"
    if change.kind == "reminder":
        parts = [f"{_field_label(k)} {_format_value(v.new) or '?'}" for k, v in change.fields.items()]
        return "Reminder: " + ("; ".join(parts) if parts else "upcoming date")
    def shown(key: str, value: Any) -> str:
        text = _format_value(value) or "—"
        return text.replace("_", " ") if key in ("status", "action") else text

    parts = [f"{_field_label(k)}: {shown(k, v.old)} → {shown(k, v.new)}" for k, v in change.fields.items()]
    return "Changed: " + ("; ".join(parts) if parts else "details updated")


_STATUS_PHRASES = {
    "in_effect": "now in effect", "delayed": "delayed", "suspended": "suspended", "lifted": "lifted",
    "announced": "announced", "threatened": "threatened", "proposed": "proposed", "expected": "expected",
    "confirmed": "confirmed", "held": "held", "cancelled": "cancelled", "tightened": "tightened",
    "eased": "eased", "agreed": "agreed", "extended": "extended", "expired": "expired", "broken": "broken",
}


def _rate_number(value: Any) -> float | None:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", str(value or ""))
    return float(match.group(1)) if match else None


def change_summary(update: EventUpdate) -> str:
    """What changed, worded by the change: 'Delayed until 2025-09-01 (was 2025-08-01)', 'Rate raised to 20%
    (was 10%)', 'Now in effect (was announced)'. New events and reminders as `describe_change`."""
    change = update.change
    if change.kind != "changed" or not change.fields:
        return describe_change(change)
    fields = dict(change.fields)
    event = update.event
    parts: list[str] = []
    status_key = "action" if event.type == "trade_truce" else "status"
    date_key = _DATE_SLOT_OF_TYPE.get(event.type)
    status = fields.pop(status_key, None)
    if status is not None:
        new = _format_value(status.new)
        phrase = _STATUS_PHRASES.get(new, new.replace("_", " "))
        dated = fields.get(date_key) if date_key else None
        was = _format_value(status.old).replace("_", " ")
        if new in ("delayed", "extended") and (dated is not None or getattr(event, date_key or "", None)):
            fields.pop(date_key, None)
            phrase += " until " + _format_value(dated.new if dated is not None else getattr(event, date_key))
            if dated is not None and dated.old:
                was = f"{was} from {_format_value(dated.old)}" if was else f"from {_format_value(dated.old)}"
        if phrase:  # a status cleared to nothing has no phrase of its own
            parts.append(phrase[0].upper() + phrase[1:] + (f" (was {was})" if was else ""))
    for name, field in fields.items():
        new, old = _format_value(field.new), _format_value(field.old)
        label = _field_label(name)
        if name in _DATE_SLOTS:
            if not old:
                text = f"{label} set: {new}"
            elif new > old:
                text = f"{label} moved later to {new} (was {old})"
            else:
                text = f"{label} moved earlier to {new} (was {old})"
        elif name == "rate" and _rate_number(field.old) is not None and _rate_number(field.new) is not None:
            verb = "raised" if _rate_number(field.new) > _rate_number(field.old) else "cut"  # type: ignore[operator]
            text = f"rate {verb} to {new} (was {old})"
        elif name == "location":
            text = f"now in {new}" + (f" (was {old})" if old else "")
        else:
            text = f"{label}: {new}" + (f" (was {old})" if old else "")
        parts.append(text[0].upper() + text[1:] if not parts else text)
    return "; ".join(parts) or describe_change(change)


def why(update: EventUpdate) -> dict[str, Any] | None:
    """The evidence that made this update, shown first: the sentence, its source, how many back the value.
    None when the update carries no per-change evidence (a new event, or an older record)."""
    for field in update.change.fields.values():
        if field.sentence or field.source is not None:
            src = field.source
            title = one_line(src.title) or one_line(src.source) or one_line(src.article_id) if src else ""
            return {
                "sentence": one_line(field.sentence),
                "title": title,
                "outlet": one_line(src.source) if src else "",
                "url": safe_url(src.url) if src else None,
                "published": src.published.date().isoformat() if src else "",
                "support": field.support or 0,
                "outlets": field.outlets or 0,
            }
    return None


def _backing(w: dict[str, Any]) -> str:
    n = w["support"]
    if not n:
        return ""
    text = f"{n} source{'s' if n != 1 else ''} back this"
    if w["outlets"] > 1:
        text += f" ({w['outlets']} outlets)"
    return text


def _type_label(update: EventUpdate) -> str:
    return _TYPE_LABELS.get(update.event.type, update.event.type.replace("_", " ").capitalize())


def as_of(update: EventUpdate) -> date:
    """The day an update is news: its newest report's publication (a replay's updates are read for then)."""
    published = [source.published for source in update.event.sources]
    return (max(published) if published else update.emitted_at).date()


def headline(update: EventUpdate) -> str:
    """The event in one clean line."""
    try:
        return one_line(update.event.headline(as_of=as_of(update))) or _type_label(update)
    except NotImplementedError:  # pragma: no cover - every concrete type has one
        return _type_label(update)


def _sources(update: EventUpdate) -> list[dict[str, Any]]:
    out = []
    for src in update.event.sources:
        title = one_line(src.title) or one_line(src.source) or one_line(src.url) or one_line(src.article_id) or "source"
        out.append(
            {
                "title": title,
                "outlet": one_line(src.source),
                "url": safe_url(src.url),
                "published": src.published.date().isoformat(),
            }
        )
    return out


def _evidence(update: EventUpdate) -> list[str]:
    return [one_line(e) for e in update.event.evidence if one_line(e)]


# --------------------------------------------------------------------------- plain text


def render_text(update: EventUpdate) -> str:
    """The alert as a plain-text message (console, outbox, email text part)."""
    lines = [headline(update), change_summary(update)]
    w = why(update)
    if w is not None:
        source = " — ".join(x for x in (w["title"], w["published"]) if x)
        lines.append(f"Why: “{w['sentence']}” ({source})" if w["sentence"] else f"Why: {source}")
        if _backing(w):
            lines.append(f"     {_backing(w)}")
    lines.append("")
    for label, value, previous in slot_values(update):
        lines.append(f"{label}: {value}" + (f" (was {previous})" if previous else ""))
    lines.append(f"Confidence: {update.event.confidence:.0%}")
    evidence = _evidence(update)
    if evidence:
        lines.append("")
        lines.append("Evidence:")
        lines.extend(f"  > {sentence}" for sentence in evidence[:MAX_EVIDENCE_SHOWN])
    sources = _sources(update)
    if sources:
        lines.append("")
        lines.append("Sources:")
        for src in sources[:MAX_SOURCES_SHOWN]:
            bits = [src["title"]]
            if src["outlet"] and src["outlet"] != src["title"]:
                bits.append(f"({src['outlet']})")
            if src["url"]:
                bits.append(src["url"])
            lines.append("  - " + " ".join(bits))
        if len(sources) > MAX_SOURCES_SHOWN:
            lines.append(f"  … and {len(sources) - MAX_SOURCES_SHOWN} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Slack


def slack_text(update: EventUpdate) -> str:
    """The notification/fallback `text` of a Slack message, escaped."""
    summary = f"{headline(update)} — {change_summary(update)}"
    return slack_escape_fit(summary, SLACK_FALLBACK_MAX)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SLACK_SECTION_MAX]}}


def slack_blocks(update: EventUpdate) -> list[dict[str, Any]]:
    """Block Kit: header (the event in one line), the change, slot fields,
    the evidence quoted, links to the sources, a context line."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": slack_escape_fit(headline(update), SLACK_HEADER_MAX), "emoji": True},
        },
        _section(f"*{_type_label(update)}* · " + slack_escape_fit(change_summary(update), SLACK_SECTION_MAX - 40)),
    ]
    w = why(update)
    if w is not None:  # the sentence and source that made the change come before everything else
        text = "*Why*\n"
        if w["sentence"]:
            text += "> " + slack_escape_fit(w["sentence"], SLACK_SECTION_MAX - 700) + "\n"
        text += "— " + _slack_link(w["url"], w["title"]) + (f" · {w['published']}" if w["published"] else "")
        if _backing(w):
            text += f" · {_backing(w)}"
        blocks.append(_section(text))

    fields = []
    for label, value, previous in slot_values(update)[: SLACK_MAX_FIELDS - 1]:
        shown = value + (f" (was {previous})" if previous else "")
        fields.append({"type": "mrkdwn", "text": f"*{label}*\n" + slack_escape_fit(shown, SLACK_FIELD_MAX - 40)})
    fields.append({"type": "mrkdwn", "text": f"*Confidence*\n{update.event.confidence:.0%}"})
    blocks.append({"type": "section", "fields": fields[:SLACK_MAX_FIELDS]})

    evidence = _evidence(update)[:MAX_EVIDENCE_SHOWN]
    if evidence:
        budget = (SLACK_SECTION_MAX - 20) // len(evidence) - 4
        quoted = "\n".join("> " + slack_escape_fit(sentence, budget) for sentence in evidence)
        blocks.append(_section("*Evidence*\n" + quoted))

    sources = _sources(update)
    if sources:
        lines = []
        size = len("*Sources*\n") + 40
        for src in sources[:MAX_SOURCES_SHOWN]:
            line = "• " + _slack_link(src["url"], src["title"])
            if src["outlet"] and src["outlet"] != src["title"]:
                line += " — " + slack_escape_fit(src["outlet"], 80)
            if size + len(line) + 1 > SLACK_SECTION_MAX:
                break
            lines.append(line)
            size += len(line) + 1
        hidden = len(sources) - len(lines)
        if hidden > 0:
            lines.append(f"… and {hidden} more")
        blocks.append(_section("*Sources*\n" + "\n".join(lines)))

    # a short ref, not the event's whole hash: enough to find it in `newsalert events`
    ref = slack_escape_fit(short_ref(update.event.event_key), 20)
    context = f"newsalert · {_type_label(update)} · ref {ref} · revision {update.revision}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context[:SLACK_CONTEXT_MAX]}]})
    return blocks[:SLACK_MAX_BLOCKS]


def slack_text_fields(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text string inside Block Kit blocks (for checks and tests)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


# --------------------------------------------------------------------------- email


@lru_cache(maxsize=1)
def _jinja() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def email_subject(update: EventUpdate) -> str:
    prefix = {"new": "", "changed": "Update: ", "reminder": "Reminder: "}[update.change.kind]
    return clean_header(f"[newsalert] {prefix}{headline(update)}", EMAIL_SUBJECT_MAX)


def _email_context(delivery: Delivery) -> dict[str, Any]:
    update = delivery.update
    return {
        "headline": headline(update),
        "type_label": _type_label(update),
        "change": change_summary(update),
        "why": why(update),
        "backing": _backing(why(update)) if why(update) else "",
        "slots": [{"label": l, "value": v, "previous": p} for l, v, p in slot_values(update)],
        "confidence": f"{update.event.confidence:.0%}",
        "evidence": _evidence(update)[:MAX_EVIDENCE_SHOWN],
        "sources": _sources(update)[:MAX_SOURCES_SHOWN],
        "more_sources": max(0, len(update.event.sources) - MAX_SOURCES_SHOWN),
        "event_ref": one_line(short_ref(update.event.event_key)),
        "revision": update.revision,
        "channel": one_line(delivery.channel),
        "subscription_id": delivery.subscription_id,
        "delivery_id": one_line(delivery.delivery_id),
    }


def email_parts(delivery: Delivery, unsubscribe_url: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of the alert email. The subject is header-safe;
    the HTML is autoescaped by Jinja2. `unsubscribe_url`: the signed one-click link the footer offers."""
    ctx = _email_context(delivery)
    ctx["unsubscribe_url"] = unsubscribe_url
    env = _jinja()
    text = env.get_template("alert.txt").render(**ctx)
    html = env.get_template("alert.html").render(**ctx)
    return email_subject(delivery.update), text, html


def email_digest_parts(deliveries: list[Delivery], since: str,
                       unsubscribe_url: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of one digest email: every update of the period, grouped by channel."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for delivery in deliveries:
        groups.setdefault(one_line(delivery.channel), []).append(_email_context(delivery))
    ctx = {
        "count": len(deliveries),
        "since": one_line(since),
        "groups": [{"channel": name, "updates": items} for name, items in groups.items()],
        "subscription_id": deliveries[0].subscription_id if deliveries else 0,
        "unsubscribe_url": unsubscribe_url,
    }
    env = _jinja()
    text = env.get_template("digest.txt").render(**ctx)
    html = env.get_template("digest.html").render(**ctx)
    channels = ", ".join(groups)
    subject = clean_header(f"[newsalert] Digest: {len(deliveries)} update{'s' if len(deliveries) != 1 else ''} ({channels})",
                           EMAIL_SUBJECT_MAX)
    return subject, text, html

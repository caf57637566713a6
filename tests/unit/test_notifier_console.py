"""Console notifier: readable stdout and one outbox JSON line per delivery."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from alerts.notifiers import get_notifier  # noqa: E402
from alerts.notifiers.base import SendError  # noqa: E402
from alerts.notifiers.console import OUTBOX_FIELDS, ConsoleNotifier  # noqa: E402
from alerts.render import render_text  # noqa: E402
from newsalert.models import Delivery  # noqa: E402
from tests.support.samples import make_delivery, make_update, meeting_event, settings_for, status_change, tariff_event  # noqa: E402


def test_outbox_line_has_exactly_the_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(tmp_path)
    delivery = make_delivery(notifier="console", destination="stdout", channel="tariffs")
    get_notifier("console", settings).send(delivery)
    lines = settings.outbox_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert tuple(record) == OUTBOX_FIELDS
    assert set(record) == {"delivery_id", "notifier", "destination", "subscription_id", "channel", "event", "change", "text"}
    assert record["delivery_id"] == delivery.delivery_id
    assert record["notifier"] == "console" and record["destination"] == "stdout"
    assert record["subscription_id"] == 7 and record["channel"] == "tariffs"
    assert record["event"] == delivery.update.event.model_dump(mode="json")
    assert record["event"]["type"] == "tariff_action" and record["event"]["rate"] == "100%"
    assert record["event"]["event_key"] and record["event"]["evidence"] and record["event"]["sources"]
    assert record["change"] == {"kind": "new", "fields": {}}
    assert record["text"] == render_text(delivery.update)
    out = capsys.readouterr().out
    assert "US tariff 100% on China" in out and "Rate: 100%" in out


def test_outbox_appends_and_records_changes(tmp_path: Path) -> None:
    outbox = tmp_path / "nested" / "outbox.jsonl"
    notifier = ConsoleNotifier(settings_for(tmp_path), stream=io.StringIO(), outbox=outbox)
    notifier.send(make_delivery(make_update(meeting_event()), channel="leader-meetings"))
    update = make_update(meeting_event(status="confirmed"), status_change("expected", "confirmed"), 2)
    notifier.send(make_delivery(update, channel="leader-meetings"))
    records = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert len(records) == 2
    assert records[1]["change"] == {"kind": "changed", "fields": {"status": {"old": "expected", "new": "confirmed"}}}
    assert "Confirmed (was expected)" in records[1]["text"]
    # the record round-trips into the models
    assert Delivery.model_fields.keys() >= {"delivery_id", "destination"}


def test_line_separators_in_article_text_do_not_split_the_outbox_line(tmp_path: Path) -> None:
    stream = io.StringIO()
    notifier = ConsoleNotifier(settings_for(tmp_path), stream=stream)
    event = tariff_event(goods="steel\u2028and\u2029aluminium\x85\r\nBcc: x", evidence=["line\u2028break\n\x1b[31mred"])
    notifier.send(make_delivery(make_update(event)))
    content = notifier.outbox_path.read_text(encoding="utf-8")
    assert len(content.splitlines()) == 1  # str.splitlines also splits on U+2028/2029/0085
    record = json.loads(content)
    assert record["event"]["goods"] == "steel\u2028and\u2029aluminium\x85\r\nBcc: x"  # the data is kept as is
    assert "\x1b" not in stream.getvalue() and "\x1b" not in record["text"]  # no terminal escapes printed


def test_unwritable_outbox_is_a_retryable_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    notifier = ConsoleNotifier(settings_for(tmp_path), stream=io.StringIO(), outbox=blocker / "outbox.jsonl")
    with pytest.raises(SendError) as info:
        notifier.send(make_delivery())
    assert info.value.retryable is True


def test_console_destination() -> None:
    notifier = ConsoleNotifier.__new__(ConsoleNotifier)
    assert notifier.validate_destination("") == "stdout"
    assert notifier.validate_destination(" ops ") == "ops"
    with pytest.raises(ValueError):
        notifier.validate_destination("a\nb")


def test_plain_stream_gets_what_rich_would_write(tmp_path: Path) -> None:
    """Not a terminal: the notifier writes the rule, title and body itself (issue 9); the characters are rich's."""
    from rich.console import Console
    from rich.text import Text

    from alerts.render import headline, render_text

    events = [tariff_event(), meeting_event(), tariff_event(goods="steel\tand\u2028wine 日本 🔔", evidence=["a\r\nb  "])]
    for event in events:
        delivery = make_delivery(make_update(event), channel="tariffs")
        fast = io.StringIO()
        ConsoleNotifier(settings_for(tmp_path), stream=fast, outbox=tmp_path / "o.jsonl").send(delivery)
        slow = io.StringIO()
        console = Console(file=slow, markup=False, highlight=False, emoji=False, soft_wrap=True)
        console.rule(style="dim")
        console.print(Text(f"🔔 [tariffs] {headline(delivery.update)}", style="bold"))
        console.print(Text("\n".join(render_text(delivery.update).split("\n")[1:])))
        assert fast.getvalue() == slow.getvalue()

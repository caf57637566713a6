"""Console notifier: prints a readable alert to stdout and appends one JSON
line per delivery to the outbox file (`settings.outbox_path`).

Outbox line fields, exactly: delivery_id, notifier, destination,
subscription_id, channel, event (the event JSON), change (the EventChange
JSON), text (the rendered plain message).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from alerts.notifiers.base import NotifierLimits, SendError, SendReceipt
from alerts.render import headline, one_line, render_text
from newsalert.models import Delivery

OUTBOX_FIELDS = ("delivery_id", "notifier", "destination", "subscription_id", "channel", "event", "change", "text")

_lock = threading.Lock()


def outbox_record(delivery: Delivery, text: str | None = None) -> dict[str, Any]:
    """The outbox line of a delivery, as a dict with exactly OUTBOX_FIELDS."""
    update = delivery.update
    return {
        "delivery_id": delivery.delivery_id,
        "notifier": delivery.notifier,
        "destination": delivery.destination,
        "subscription_id": delivery.subscription_id,
        "channel": delivery.channel,
        "event": update.event.model_dump(mode="json"),
        "change": update.change.model_dump(mode="json"),
        "text": text if text is not None else render_text(update),
    }


def _json_line(record: dict[str, Any]) -> str:
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    # Characters some line splitters (str.splitlines) treat as line breaks: keep them escaped.
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"


# characters rich treats specially in a Text (tabs expand, CR and other controls): those go through rich
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def _plain_output(console: Console) -> bool:
    """True when rich writes a rule and Text unstyled, as is: no terminal, no colours, a UTF-8 stream."""
    return (not console.is_terminal and console.color_system is None
            and (console.encoding or "").lower().replace("-", "").startswith("utf8"))


class ConsoleNotifier:
    name = "console"
    limits = NotifierLimits(per_destination_per_second=None, max_text_chars=1_000_000)

    def __init__(self, settings: Any, *, stream: TextIO | None = None, outbox: Path | None = None) -> None:
        self._outbox = Path(outbox) if outbox is not None else Path(settings.outbox_path)
        self._stream = stream
        self._console: tuple[TextIO, Console] | None = None

    @property
    def outbox_path(self) -> Path:
        return self._outbox

    def validate_destination(self, destination: str) -> str:
        value = one_line(destination)
        if value != (destination or "").strip():
            raise ValueError("console destination must be a single line of text")
        return value or "stdout"

    def send(self, delivery: Delivery, *, thread_ref: str | None = None) -> SendReceipt:
        text = render_text(delivery.update)
        line = _json_line(outbox_record(delivery, text))
        try:
            self._append(line)
        except OSError as exc:
            raise SendError(
                f"console outbox {self._outbox} not writable: {type(exc).__name__}: {exc.strerror or ''}".rstrip(),
                retryable=True,
            ) from None
        self._print(delivery, text)
        return SendReceipt(external_id=None)  # nothing to thread on

    def _append(self, line: str) -> None:
        data = line.encode("utf-8")
        with _lock:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
            try:
                fd = os.open(self._outbox, flags, 0o644)
            except FileNotFoundError:  # its folder is not there (yet, or any more): made only then, not per line
                self._outbox.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self._outbox, flags, 0o644)
            try:
                written = os.write(fd, data)  # one write: a whole line, never interleaved
                while written < len(data):  # pragma: no cover - regular files write fully
                    written += os.write(fd, data[written:])
            finally:
                os.close(fd)

    def _console_for(self, stream: TextIO) -> Console:
        """One rich Console per output stream, made again only when the stream changes (a new Console per
        alert cost more than printing it; issue 9). sys.stdout may be swapped (tests capture it)."""
        cached = self._console
        if cached is None or cached[0] is not stream:
            cached = (stream, Console(file=stream, markup=False, highlight=False, emoji=False, soft_wrap=True))
            self._console = cached
        return cached[1]

    def _print(self, delivery: Delivery, text: str) -> None:
        stream = self._stream or sys.stdout
        console = self._console_for(stream)
        title = Text(f"🔔 [{one_line(delivery.channel)}] {headline(delivery.update)}", style="bold")
        body_lines = text.split("\n")[1:]  # the first line is the headline
        body = "\n".join(body_lines)
        try:
            with _lock:
                if _plain_output(console) and not _CONTROL.search(title.plain) and not _CONTROL.search(body):
                    # not a terminal (a log file, a pipe): rich would write exactly these characters, in ten
                    # times the time (0.19 ms an alert; issue 9); tests/unit/test_notifier_console.py compares
                    stream.write(f"{'─' * console.width}\n{title.plain}\n{body}\n")
                    stream.flush()
                else:
                    console.rule(style="dim")
                    console.print(title)
                    console.print(Text(body))
        except (OSError, ValueError):  # a closed stdout must not fail the delivery: the outbox has it
            pass

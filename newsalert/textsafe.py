"""Text hygiene at the boundaries: what may be stored, and how stored text is shown.

* `text_problem(value)` is called by every input validator (REST API bodies, slash command, CLI,
  ingest) on each text field before anything is stored; a non-None answer is the 422/400 message.
  Refused: lone surrogates (they cannot be encoded as UTF-8, so a stored one breaks every view),
  control characters (C0, DEL, C1: terminal escapes, NUL, line breaks in one-line fields) and the
  bidirectional overrides that make text read differently from what it is.
* `printable(value)` is called on every value printed to a terminal or a table: control characters
  and lone surrogates are shown escaped (`\\x1b`, `\\ud800`), never sent raw.
* `json_safe(value)` is called on values that go into a JSON answer: a lone surrogate stored before
  these checks existed becomes U+FFFD instead of a 500.
"""

from __future__ import annotations

import unicodedata
from typing import Any

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _bad(ch: str, allow: str) -> bool:
    if ch in allow:
        return False
    if ch in BIDI_CONTROLS:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs")


def text_problem(value: str, *, allow: str = "") -> str | None:
    """What is wrong with `value` as stored text, or None when it is fine (`allow`: characters to let through)."""
    for index, ch in enumerate(value):
        if _bad(ch, allow):
            if unicodedata.category(ch) == "Cs":
                return (f"contains a lone surrogate (\\u{ord(ch):04x}) at position {index}: "
                        "send valid UTF-8 text")
            return (f"contains the control character \\u{ord(ch):04x} at position {index}: "
                    "remove control characters (line breaks, escapes, direction overrides)")
    return None


def printable(value: Any) -> str:
    """`value` as text safe for a terminal: control characters and lone surrogates escaped."""
    text = "" if value is None else str(value)
    if not any(_bad(ch, "") for ch in text):
        return text
    out = []
    for ch in text:
        if _bad(ch, ""):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def json_safe(value: Any) -> Any:
    """`value` (str, or lists/dicts of them) with lone surrogates replaced by U+FFFD, so it encodes as JSON."""
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return value
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    return value

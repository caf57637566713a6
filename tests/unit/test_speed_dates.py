"""DATE_RE and _QUICK behind their first-letter look-aheads match exactly what the plain patterns did.

The plain patterns are the guarded ones with the look-aheads taken out; both are run on every
sentence of the labelled corpus (as written, lower and upper case) and on random date-like texts."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from processors.detectors import dates as D
from processors.detectors.sentences import normalise, split_sentences

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _plain_date_re() -> re.Pattern:
    pattern = D.DATE_RE.pattern
    for guard in (D._MD_START, D._M_START, D._WD_START, D._REL_START):
        assert guard in pattern
        pattern = pattern.replace(guard, "")
    return re.compile(pattern, D.DATE_RE.flags)


def _plain_quick() -> re.Pattern:
    head = r"\b(?:" + D._QUICK_START + r"|(?=\d))"
    assert D._QUICK.pattern.startswith(head)
    return re.compile(r"\b" + D._QUICK.pattern[len(head):], D._QUICK.flags)


def _texts() -> list[str]:
    words = ("on Monday next Tuesday coming Friday this Sunday Bonn Monday xMonday Jan. 5 5 Jan 12-14 March 2019 "
             "March 3 to April 4 early-May mid May end of June the end of this week later this month within a week "
             "the third consecutive day first day today tonight yesterday Sept. 30 30th December, 1987 ſunday "
             "\u212a İn ı \u0663\u0660 Dec. 1-2 the coming week last year by Aug. 1 in may may - , .").split()
    rnd = random.Random(11)
    out = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 10))) for _ in range(4_000)]
    if CORPUS.is_dir():
        for f in sorted(CORPUS.glob("*/*.json"))[:300]:
            d = json.loads(f.read_text(encoding="utf-8"))
            for s in split_sentences(normalise(d.get("text") or "", d.get("title"))):
                out += [s, s.lower(), s.upper()]
    return out


def _matches(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.lastgroup) for m in rx.finditer(text)]


def test_guarded_date_patterns_match_the_plain_ones() -> None:
    date_re, quick = _plain_date_re(), _plain_quick()
    for text in _texts():
        assert _matches(D.DATE_RE, text) == _matches(date_re, text), text
        assert _matches(D._QUICK, text) == _matches(quick, text), text

"""Percentages: "100%", "25 percent", "100 pct", "between five and 50 pct",
"5-30 percentage points". Normalised to "N%" or "N-M%"."""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import load

# the number words and the patterns, with the why of each: patterns/rates.toml
_P = load("rates")

_NUMWORDS = {word: int(value) for word, value in _P.table("_NUMWORDS").items()}
_NUM = _P.fragment("_NUM")
_UNIT = _P.fragment("_UNIT")
RATE_RE = _P["RATE_RE"]
_NOT_TARIFF = _P["_NOT_TARIFF"]
_NEW_LEVEL = _P["_NEW_LEVEL"]
_OTHER_CLAUSE_GAP = _P["_OTHER_CLAUSE_GAP"]


def _num(s: str) -> str:
    s = s.lower()
    if s in _NUMWORDS:
        return str(_NUMWORDS[s])
    if s.endswith(".0"):
        s = s[:-2]
    return s


def first_number(rate: str | None) -> str | None:
    """The first number of a rate's text ("25%" and "25 pct" both give "25"), None when it has none."""
    found = re.search(r"\d+(?:\.\d+)?", rate or "")
    return found.group(0) if found else None


def rate_text(m: re.Match) -> str:
    if m.group("a"):
        return f"{_num(m.group('a'))}-{_num(m.group('b'))}%"
    if m.group("c"):
        return f"{_num(m.group('c'))}-{_num(m.group('d'))}%"
    return f"{_num(m.group('e'))}%"


def has_rate(sentence: str) -> bool:
    """Cheap prefilter: every RATE_RE match has one of these unit words."""
    if "%" in sentence:
        return True
    low = sentence.lower()
    return "pct" in low or "per" in low


@lru_cache(maxsize=4096)
def rates_in(sentence: str) -> tuple[re.Match, ...]:
    return tuple(RATE_RE.finditer(sentence)) if has_rate(sentence) else ()


_OWN_TARIFF_WORD = _P["_OWN_TARIFF_WORD"]
_SHARE_OF = _P["_SHARE_OF"]
_MOVE_BEFORE = _P["_MOVE_BEFORE"]
_CHANGE_BEFORE = _P["_CHANGE_BEFORE"]
_CHANGE_FAR_BEFORE = _P["_CHANGE_FAR_BEFORE"]


def _new_level(sentence: str, m: re.Match) -> str | None:
    """"a cut from 27.5% to 10%", "raised tariffs from 10% to 25%": the level it moves to, not a range."""
    if m.group("a") and m.group(0).lower().startswith("from") and re.search(r"\bto\b", m.group(0)) and \
            (_CHANGE_BEFORE.search(sentence, max(0, m.start() - 60), m.start()) or
             _CHANGE_FAR_BEFORE.search(sentence, max(0, m.start() - 140), m.start())):
        return f"{_num(m.group('b'))}%"
    return None


def rate_near(sentence: str, anchor_start: int, anchor_end: int, window: int = 70) -> str | None:
    """The rate closest to a tariff word, if nothing else sits between them."""
    best: tuple[int, str] | None = None
    for m in rates_in(sentence):
        if m.end() <= anchor_start:
            gap = sentence[m.end():anchor_start]
            dist = anchor_start - m.end()
        elif m.start() >= anchor_end:
            gap = sentence[anchor_end:m.start()]
            dist = m.start() - anchor_end
        else:
            gap, dist = "", 0
        new_level = m.start() >= anchor_end and dist < 45 and _NEW_LEVEL.search(gap)
        if dist > window or (_NOT_TARIFF.search(gap) and not new_level) or \
                _NOT_TARIFF.search(sentence[m.end():m.end() + 14]):
            continue
        if _SHARE_OF.match(sentence, m.end()):
            continue  # "eliminating tariffs on 98.4 percent of U.S. exports": a share of the goods, not a rate
        if _MOVE_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            continue  # "Oil prices rose more than 1% ... after they agreed to slash tariffs": a price move
        if m.start() >= anchor_end and _OWN_TARIFF_WORD.match(sentence, m.end()):
            continue  # "new tariffs on X, ... imposing 34% tariffs on Y": the rate of the later tariff word
        if _OTHER_CLAUSE_GAP.search(gap):
            continue  # a rate across "in response to" or "days after" belongs to the other tariff
        if best is None or dist < best[0]:
            best = (dist, _new_level(sentence, m) or rate_text(m))
    return best[1] if best else None

"""Percentages: "100%", "25 percent", "100 pct", "between five and 50 pct",
"5-30 percentage points". Normalised to "N%" or "N-M%"."""

from __future__ import annotations

import re
from functools import lru_cache

_NUMWORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "one hundred": 100,
}
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_NUMWORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?:\s*%|[\s-]*(?:pct|percent|per\s+cent)\b(?:age\s+points?)?|\s+percentage\s+points?\b)"  # "25-percent"
RATE_RE = re.compile(
    rf"(?:(?:between|from)\s+(?P<a>{_NUM})\s*(?:%|pct|percent|per\s+cent)?\s*(?:and|to)\s+(?P<b>{_NUM}){_UNIT}"
    rf"|(?P<c>{_NUM})\s*(?:-|to)\s*(?P<d>{_NUM}){_UNIT}"
    rf"|(?P<e>{_NUM}){_UNIT})", re.I)
# What a percentage near a tariff word may describe instead of the tariff.
_NOT_TARIFF = re.compile(r"\b(?:rise|rose|fall|fell|surplus|deficit|growth|share|stake|inflation|interest|"
                         r"output|exports?\s+(?:rose|fell)|increase\s+in|decline|gain|drop|of\s+the\s+world|"
                         r"discount\s+rate|yield|margin|majority|owned|opposition|support|approval|respondents|"
                         r"of\s+(?:the\s+)?(?:comments|votes|people|voters|firms|companies))\b", re.I)


# "duties ... will fall to 30%": the tariff's new level, not a change in something else
_NEW_LEVEL = re.compile(r"\b(?:fall|falls|fell|drop|drops|dropped|rise|rises|rose|climb\w*|jump\w*|go|goes|went)\s+to\s*$",
                        re.I)


def _num(s: str) -> str:
    s = s.lower()
    if s in _NUMWORDS:
        return str(_NUMWORDS[s])
    if s.endswith(".0"):
        s = s[:-2]
    return s


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


_OWN_TARIFF_WORD = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:tariffs?|dut(?:y|ies))\b", re.I)


_SHARE_OF = re.compile(r"\s+of\s+(?:(?:all|the|its|their|total|[A-Z][\w.]*)\s+){0,3}(?:exports|imports|goods|products|"
                       r"tariff\s+lines|items|trade|shipments)\b")
# a market's or a figure's move by a percentage, said right before it ("rose more than 1%", "fell 0.4%")
_MOVE_BEFORE = re.compile(r"\b(?:rose|rise|rises|fell|fall|falls|gain(?:ed|s)?|lost|los(?:es|ing)|jump(?:ed|s)?|"
                          r"sl(?:id|ipped|umped)|dropped|climb(?:ed|s)?|surg(?:ed|es)|tumbl(?:ed|es)|declin(?:ed|es)|"
                          r"shed|(?:was|were|is|are)\s+(?:up|down))\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|"
                          r"around\s+|over\s+|by\s+|some\s+|roughly\s+)?$", re.I)
_CHANGE_BEFORE = re.compile(r"\b(?:cut\w*|lower\w*|reduc\w*|rais\w*|increas\w*|hik\w*|slash\w*|drop\w*|fall\w*|fell|"
                            r"rise|rises|rose|go(?:es)?|went|decreas\w*|bring\w*|brought|trim\w*)\b"
                            r"(?:\s+[\w.'’-]+){0,6}\s*$", re.I)


def _new_level(sentence: str, m: re.Match) -> str | None:
    """"a cut from 27.5% to 10%", "raised tariffs from 10% to 25%": the level it moves to, not a range."""
    if m.group("a") and m.group(0).lower().startswith("from") and re.search(r"\bto\b", m.group(0)) and \
            _CHANGE_BEFORE.search(sentence, max(0, m.start() - 60), m.start()):
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
        if re.search(r"[;]|\bwhile\b|\bwhereas\b|\bin\s+(?:response|retaliation|reply)\s+to\b|\bfollowing\b|"
                     r"\bin\s+(?:exchange|return)\s+for\b", gap):
            # a rate across "in response to" belongs to the other tariff (the cause)
            continue
        if best is None or dist < best[0]:
            best = (dist, _new_level(sentence, m) or rate_text(m))
    return best[1] if best else None

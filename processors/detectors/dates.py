"""Date phrases and their resolution against the article's publication date.

`find_dates(sentence)` finds candidate phrases with one precompiled regex
("starting Nov. 1", "by Aug. 1", "April 5-6", "in May", "next month",
"on Friday", "yesterday", "later this week"); `resolve(phrase, published,
future)` turns one into ISO text ("2025-11-01", or "1987-06" for a month
alone) or None for vague ones ("this week", "next week"), which keep their
words as `date_text`. Common forms are resolved directly; anything else goes
to dateparser, once per (phrase, date) thanks to a cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from .guard import starts_with
from .rules import load

# the month and weekday words, the first words of date phrases and DATE_RE's pieces: patterns/dates.toml
_P = load("dates")

MONTHS = {word: int(number) for word, number in _P.table("MONTHS").items()}
WEEKDAYS = {word: int(number) for word, number in _P.table("WEEKDAYS").items()}
_MONTH = _P.fragment("_MONTH")
_DAY = _P.fragment("_DAY")
_WEEKDAY = _P.fragment("_WEEKDAY")
# Each branch opens with a case-sensitive look-ahead on the first letters its matches can start with
# (guard.py): under re.I the engine has no quick test of its own, and tried the twelve weekday words of
# `wd` (which has no word-boundary test) at every character, about 1 us per character of text.
# (DATE_RE stays composed here, round those look-aheads; its pieces and words are data.)
_MONTHS3 = _P.words("_MONTHS3")
_MD_START = starts_with(_MONTHS3)
_M_START = starts_with(_MONTHS3 + _P.words("_M_START_WORDS"))
_WD_START = starts_with(_P.words("_WD_START_WORDS"))
_REL_START = starts_with(_P.words("_REL_START_WORDS"))
DATE_RE = re.compile(
    rf"(?P<md>(?<![\w-]){_MD_START}{_MONTH}\s+(?P<d1>{_DAY})(?:\s*(?:-|to|and|through)\s*(?:{_MONTH}\s+)?{_DAY})?(?!\d)"
    rf"(?:,?\s+(?P<y1>(?:19|20)\d\d))?)"
    rf"|(?P<dm>(?<![\w.-])(?P<d2>{_DAY})(?:\s*-\s*{_DAY})?\s+{_MONTH}(?:,?\s+(?P<y2>(?:19|20)\d\d))?)"
    rf"|(?P<m>(?<![\w-]){_M_START}(?:(?:last|next|this|early|mid|late|end)[- ](?:of\s+)?)?{_MONTH}(?:,?\s+(?P<y3>(?:19|20)\d\d))?(?![\w-]))"
    rf"|(?P<wd>{_WD_START}(?:(?:next|last|this|on|coming)\s+)?{_WEEKDAY})"
    rf"|(?P<rel>\b{_REL_START}(?:today|tomorrow|yesterday|tonight|"
    r"(?:later\s+|earlier\s+|early\s+|the\s+end\s+of\s+|end\s+of\s+)?(?:this|next|last)\s+(?:week|month|year)|"
    r"the\s+(?:coming|past)\s+(?:week|month)|within\s+(?:a|the\s+next)\s+(?:week|month)|"
    r"(?:the\s+)?(?:second|third|first)\s+(?:consecutive\s+)?day)\b)",
    re.I)


@dataclass(slots=True)
class DatePhrase:
    start: int
    end: int
    text: str


# (behind a look-ahead on the first letters, as DATE_RE's branches; the digit is any Unicode digit, as \d)
_QUICK_START = starts_with(_MONTHS3 + _P.words("_QUICK_START_WORDS"))
_QUICK = re.compile(r"\b(?:" + _QUICK_START + r"|(?=\d))"
                    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|today|tomorrow|"
                    r"yesterday|tonight|this|next|last|within|the\s+(?:coming|past|second|third|first)|second|third|first|"
                    r"\d)", re.I)


@lru_cache(maxsize=8192)
def find_dates(sentence: str) -> tuple[DatePhrase, ...]:
    """Date phrases in a sentence (cached; the result is shared, do not mutate)."""
    if not _QUICK.search(sentence):
        return ()
    return tuple(_find_dates(sentence))


_LOWER_MONTHS = frozenset(_P.words("_LOWER_MONTHS"))


def _lower_march(sentence: str, start: int, end: int) -> bool:
    """ "a visit to Mexico in march.": the month in lower case, where the verb cannot stand."""
    return sentence[start:end] == "march" and sentence[max(0, start - 3):start] == "in " and \
        sentence[end:end + 1] in (".", ",", ";", "")


def _find_dates(sentence: str) -> list[DatePhrase]:
    out = []
    for m in DATE_RE.finditer(sentence):
        txt = m.group(0)
        if m.group("m") and not m.group("y3"):
            # a bare "May" is usually the modal verb; "March" may be a verb too
            word = txt.split()[-1]
            if word == "May" and not re.search(r"\b(?:in|by|for|until|from|since|of|early|late|mid|end)\s*-?\s*$",
                                                sentence[:m.start()]):
                continue
            if word[0].islower() and word not in _LOWER_MONTHS and not _lower_march(sentence, m.start(), m.end()):
                continue
        if m.group("md") and txt.split()[0][0].islower() and txt.split()[0] not in _LOWER_MONTHS:
            continue
        out.append(DatePhrase(m.start(), m.end(), txt))
    return out


def _month_delta(d: date, months: int) -> tuple[int, int]:
    y, m = d.year, d.month + months
    while m > 12:
        y, m = y + 1, m - 12
    while m < 1:
        y, m = y - 1, m + 12
    return y, m


def _pick_year(month: int, day: int | None, pub: date, future: bool) -> int:
    y = pub.year
    try:
        cand = date(y, month, day or 1)
    except ValueError:
        return y
    if future and cand < pub - timedelta(days=45 if day is None else 14):
        return y + 1
    if not future and cand > pub + timedelta(days=45 if day is None else 14):
        return y - 1
    return y


@lru_cache(maxsize=4096)
def resolve(phrase: str, published: date, future: bool = True) -> str | None:
    """ISO date (or year-month) for a phrase, or None when vague or unknown."""
    p = " ".join(phrase.split())
    low = p.lower().rstrip(".")
    if low in ("today", "tonight"):
        return published.isoformat()
    if low == "tomorrow":
        return (published + timedelta(days=1)).isoformat()
    if low == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if re.search(r"\b(?:week|day|year)\b", low) or low.startswith("within"):
        return None
    if low.endswith("month"):
        if "next" in low or "coming" in low:
            y, m = _month_delta(published, 1)
        elif "last" in low or "past" in low:
            y, m = _month_delta(published, -1)
        else:
            y, m = published.year, published.month
        return f"{y:04d}-{m:02d}"
    m = re.match(r"(?:(next|last|this|on|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", low)
    if m:
        wd = WEEKDAYS[m.group(2)]
        if wd == published.weekday() and m.group(1) in (None, "on", "this"):
            return published.isoformat()
        if m.group(1) == "last" or (m.group(1) != "next" and m.group(1) != "coming" and not future):
            delta = (published.weekday() - wd) % 7 or 7
            return (published - timedelta(days=delta)).isoformat()
        delta = (wd - published.weekday()) % 7 or 7
        if m.group(1) == "next" and delta < 2:
            delta += 7
        return (published + timedelta(days=delta)).isoformat()
    # month day[-day][, year]  /  day month [year]
    m = re.match(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b.*?(?:,?\s+((?:19|20)\d\d))?$", low)
    if m and m.group(1)[:3] in MONTHS or (m and m.group(1) in MONTHS):
        month = MONTHS.get(m.group(1), MONTHS.get(m.group(1)[:3]))
        day = int(m.group(2))
        year = int(m.group(3)) if m.group(3) else _pick_year(month, day, published, future)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2})?\s+([a-z]+)\.?(?:,?\s+((?:19|20)\d\d))?$", low)
    if m and (m.group(2) in MONTHS or m.group(2)[:3] in MONTHS):
        month = MONTHS.get(m.group(2), MONTHS.get(m.group(2)[:3]))
        day = int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _pick_year(month, day, published, future)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if low.startswith("last "):
        future = False
    elif low.startswith("next "):
        future = True
    m = re.match(r"(?:(?:last|next|this|early|mid|late|end)[- ](?:of\s+)?)?([a-z]+)\.?(?:,?\s+((?:19|20)\d\d))?$", low)
    if m and (m.group(1) in MONTHS or m.group(1)[:3] in MONTHS and len(m.group(1)) <= 4):
        month = MONTHS.get(m.group(1), MONTHS.get(m.group(1)[:3]))
        year = int(m.group(2)) if m.group(2) else _pick_year(month, None, published, future)
        return f"{year:04d}-{month:02d}"
    return _dateparser(p, published, future)


def _dateparser(phrase: str, published: date, future: bool) -> str | None:
    try:
        import dateparser  # imported lazily: only odd phrases get here
    except Exception:  # pragma: no cover - dependency missing
        return None
    try:
        dt = dateparser.parse(phrase, languages=["en"], settings={
            "RELATIVE_BASE": datetime(published.year, published.month, published.day),
            "PREFER_DATES_FROM": "future" if future else "past",
            "STRICT_PARSING": False,
        })
    except Exception:
        return None
    return dt.date().isoformat() if dt else None


def is_past_reference(phrase: str, published: date) -> bool:
    """True when the phrase points clearly before the article's news cycle
    ("in 2018", "last January", "September 1985")."""
    low = phrase.lower()
    m = re.search(r"(19|20)\d\d", low)
    if m and int(m.group(0)) < published.year:
        return True
    if low.startswith("last ") and not low.endswith(("week", "month")) and not any(
            w in low for w in WEEKDAYS):
        return True
    return False

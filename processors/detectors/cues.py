"""Cue lexicons shared by the detectors: negation, hypotheticals, background,
legislative (non-government) actors, opinion, and status words.

The patterns are data (patterns/cues.toml), compiled once at import.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .dates import DatePhrase, find_dates, is_past_reference
from .rules import load

# the cue regexes, with the why of each: patterns/cues.toml
_P = load("cues")

FUTURE = _P["FUTURE"]
CONDITIONAL = _P["CONDITIONAL"]
SPECULATIVE = _P["SPECULATIVE"]
NEGATION = _P["NEGATION"]
PERSUADE_BEFORE_NOT = _P["PERSUADE_BEFORE_NOT"]
EITHER_BEFORE_NOT = _P["EITHER_BEFORE_NOT"]
LEGISLATIVE = _P["LEGISLATIVE"]
NON_GOV = _P["NON_GOV"]
OPINION = _P["OPINION"]
PAST_MARKERS = _P["PAST_MARKERS"]
YEAR = _P["YEAR"]
PAST_TERM = _P["PAST_TERM"]
FIRST_SINCE = _P["FIRST_SINCE"]
_YEAR_AFTER = _P["_YEAR_AFTER"]
LAST_PERIOD = _P["_LAST_PERIOD"]
_EARLIER_THIS_YEAR = _P["_EARLIER_THIS_YEAR"]
_AGO = _P["_AGO"]
_BEFORE_THAT = _P["_BEFORE_THAT"]
DEADLINE_BEFORE = _P["_DEADLINE_BEFORE"]
_PERIOD_ENDING = _P["_PERIOD_ENDING"]
_SEASON_END = _P["_SEASON_END"]


@lru_cache(maxsize=8192)
def is_background(sentence: str, published: date, span: tuple[int, int] | None = None) -> bool:
    """True when the sentence reports something completed well before the
    article's news cycle ("tariffs imposed in 2018", "cut last January",
    "the pact signed last summer")."""
    future = FUTURE.search(sentence)
    if future:  # every test but PAST_TERM's needs a sentence without a future marker
        return PAST_TERM.search(sentence) is not None
    # a date phrase that points at an earlier period
    for d in find_dates(sentence):
        txt = d.text
        if _ends_a_period(sentence, d):
            continue
        if is_past_reference(txt, published):
            return True
        low = txt.lower()
        if low.startswith("last ") and any(m in low for m in ("january", "february", "march", "april", "may", "june",
                                                               "july", "august", "september", "october",
                                                               "november", "december")):
            return True
    for m in YEAR.finditer(sentence):
        y = int(m.group(0))
        season = _SEASON_END.match(sentence, m.end())
        if season is not None and y // 100 * 100 + int(season.group(1)) + 100 * (int(season.group(1)) < y % 100) \
                >= published.year:
            continue  # "in 1986/87" in March 1987: the season under way
        if y < published.year:
            before = sentence[max(0, m.start() - 12):m.start()].lower()
            if _YEAR_AFTER.search(before):
                if FIRST_SINCE.search(sentence, max(0, m.start() - 90), m.start()):
                    continue  # "the first meeting ... since 2019": today's news measured against the past
                return True
    if PAST_TERM.search(sentence):
        return True
    if published.month >= 3 and _EARLIER_THIS_YEAR.search(sentence):
        return True  # "Earlier this year, China raised tariffs ..." in an August story (in February, that is news)
    return LAST_PERIOD.search(sentence) is not None or _AGO.search(sentence) is not None or \
        _BEFORE_THAT.match(sentence) is not None


def _ends_a_period(sentence: str, d: DatePhrase) -> bool:
    """A yearless month a season or year is said to end in ("600,000 bales in 1986/87 ending August"): the end of
    the period under way, not a month gone by (`d`: a date phrase of `find_dates`)."""
    return not re.search(r"(?:19|20)\d\d", d.text) and _PERIOD_ENDING.search(sentence, max(0, d.start - 12),
                                                                               d.start) is not None


def months_back(month: str, published: date) -> int:
    """How many calendar months a "YYYY-MM" lies before publication (0: the same month; negative: ahead)."""
    return (published.year - int(month[:4])) * 12 + published.month - int(month[5:7])


def _soon_ahead(phrase: str, published: date) -> bool:
    """A yearless date that, read forward, falls within the next four months:
    news dates ahead ("starting Nov. 1") are far more common than dates ten
    months back."""
    from .dates import resolve
    iso = resolve(phrase, published, True)
    if not iso:
        return False
    if len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:7])
        return 0 <= (y - published.year) * 12 + m - published.month <= 4
    try:
        return 0 <= (date.fromisoformat(iso) - published).days <= 124
    except ValueError:
        return False


@lru_cache(maxsize=8192)
def past_month_reference(sentence: str, published: date) -> bool:
    """A bare month name that lies more than ~3 weeks before publication
    ("In January, Taiwan reduced tariffs" in a March article)."""
    from .dates import resolve
    for d in find_dates(sentence):
        low = d.text.lower()
        if any(w in low for w in ("week", "day", "today", "tomorrow", "yesterday", "month")):
            continue
        iso = resolve(d.text, published, False)
        if not iso:
            continue
        if not re.search(r"(?:19|20)\d\d", low) and _soon_ahead(d.text, published):
            continue  # "beginning October 1" in a September story: the coming date, not last year's
        if _ends_a_period(sentence, d):
            continue
        if not re.search(r"(?:19|20)\d\d", low) and DEADLINE_BEFORE.search(sentence, max(0, d.start - 20), d.start):
            continue
        if len(iso) == 7:
            back = months_back(iso, published)
            if back >= 2:
                return True
            if back == 1 and (
                    published.day > 20 or (low.startswith("early") and published.day > 5)):
                return True  # ("early April" is three weeks back by May 6)
        else:
            try:
                d0 = date.fromisoformat(iso)
            except ValueError:
                continue
            if (published - d0).days > 24:
                return True
    return False

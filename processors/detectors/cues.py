"""Cue lexicons shared by the detectors: negation, hypotheticals, background,
legislative (non-government) actors, opinion, and status words.

All patterns are compiled once at import.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .dates import find_dates, is_past_reference
from .guard import guarded

I = re.I

# --- modality / status --------------------------------------------------
FUTURE = re.compile(r"\b(?:will|would|shall|'ll|plans?|planned|planning|to\s+be|is\s+to|are\s+to|"
                    r"due\s+to|set\s+to|scheduled|expected|intends?|going\s+to|next|upcoming|"
                    r"starting|from|effective|later|soon|coming)\b", I)
CONDITIONAL = re.compile(r"\b(?:if|unless|in\s+case|should\s+\w+\s+fail|or\s+face|otherwise)\b", I)
SPECULATIVE = re.compile(r"\b(?:could|might|may|possibl[ey]|perhaps|likely|unlikely|consider(?:s|ed|ing)?|"
                         r"considerations?|mull(?:s|ed|ing)?|weigh(?:s|ed|ing)?|study(?:ing)?|review(?:s|ed|ing)?|"
                         r"propos(?:e|es|ed|ing|al|als)|recommend(?:s|ed|ing|ation|ations)?|"
                         r"suggest(?:s|ed|ing|ion)?|call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|"
                         r"threat(?:s|en|ens|ened|ening)?|warn(?:s|ed|ing)?|vow(?:s|ed)?|"
                         r"poised|prepared\s+to|ready\s+to|option)\b", I)
NEGATION = re.compile(r"\b(?:not|no|never|n't|without)\b|\b(?:den(?:y|ies|ied)|ruled?\s+out|rules\s+out|"
                      r"refus(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?|nothing)\b", I)
PERSUADE_BEFORE_NOT = re.compile(r"\b(?:persuade|convince|urge|ask|press|pressure|induce|get|warn|call(?:ed|s)?\s+on|"
                                 r"lobb(?:y|ied|ies)|appeal(?:ed|s)?\s+to|advis|plead\w*\s+(?:with|for)|"
                                 r"pled\s+(?:with|for)|beg|implor)\w*\s+"
                                 r"(?:\w+\s+){0,4}$", I)
# --- actors that are not governments ------------------------------------
LEGISLATIVE = re.compile(r"\b(?:Senators?|Sens?\.|Senate|House\s+(?:of\s+Representatives|panel|committee|"
                         r"subcommittee|Ways|bill|majority|Democrats?|Republicans?|trade\s+bill)|Congress(?:man|men|ional)?|"
                         r"lawmakers?|legislators?|legislation|[Bb]ill\b|MPs|Parliament(?:ary)?|"
                         r"Democrats?|Republicans?)\b")
NON_GOV = re.compile(r"\b(?:economists?|analysts?|brokers?|dealers?|traders?|banks?|bankers?|"
                     r"study|report|survey|lobby|industry|companies|company|firms?|farmers?|unions?|"
                     r"producers|exporters|importers|investors|market)\b", I)
OPINION = re.compile(r"\b(?:should|ought\s+to|must|need\s+to|would\s+be\s+(?:wise|better))\b", I)

# The same patterns behind a look-ahead on the first letters of their words (guard.py: identical
# matches; the learned scorer runs six of them on every evidence sentence).
FUTURE = guarded(FUTURE, ("will", "would", "shall", "'ll", "plan", "to", "is", "are", "due", "set", "scheduled",
                          "expected", "intend", "going", "next", "upcoming", "starting", "from", "effective",
                          "later", "soon", "coming"))
CONDITIONAL = guarded(CONDITIONAL, ("if", "unless", "in", "should", "or", "otherwise"))
SPECULATIVE = guarded(SPECULATIVE, ("could", "might", "may", "possibl", "perhaps", "likely", "unlikely", "consider",
                                    "mull", "weigh", "study", "review", "propos", "recommend", "suggest", "call",
                                    "urg", "threat", "warn", "vow", "poised", "prepared", "ready", "option"))
NEGATION = guarded(NEGATION, ("no", "never", "n't", "without", "den", "rule", "refus", "reject", "dismiss"))
NON_GOV = guarded(NON_GOV, ("economist", "analyst", "broker", "dealer", "trader", "bank", "study", "report", "survey",
                            "lobby", "industry", "compan", "firm", "farmer", "union", "producers", "exporters",
                            "importers", "investors", "market"))
OPINION = guarded(OPINION, ("should", "ought", "must", "need", "would"))

# --- background -----------------------------------------------------------
PAST_MARKERS = re.compile(r"\b(?:ago|since|previously|formerly|earlier\s+(?:this|last)\s+year|"
                          r"last\s+year|in\s+the\s+past|(?:19|20)\d\d\b|years?\s+(?:before|earlier)|"
                          r"(?:first|originally)\s+(?:imposed|introduced|adopted))", I)
PAST_MARKERS = guarded(PAST_MARKERS, ("ago", "since", "previously", "formerly", "earlier", "last", "in", "19", "20",
                                      "year", "first", "originally"))
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# an earlier term of office or era: "during his first term", "under the previous government"
PAST_TERM = re.compile(r"\b(?:during|in|under)\s+(?:his|her|their|the|a)\s+(?:first|previous|prior|earlier|last)\s+"
                       r"(?:term|administration|government|presidency|mandate)\b|\bin\s+the\s+(?:19|20)\d0s\b|"
                       # "driven by tariff cuts in the past", "in recent years", "after its accession to the WTO"
                       r"\bin\s+the\s+past\b(?!\s+(?:few\s+|two\s+|three\s+|several\s+)?(?:days?|weeks?|hours?|month)\b)|"
                       r"\b(?:in|over)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|two\s+|three\s+|\d+\s+)?(?:years|decades)\b|"
                       r"\b(?:after|since|upon)\s+(?:its|their|China's|China’s|the\s+country's)\s+(?:WTO\s+)?accession\b",
                       re.I)
PAST_TERM = guarded(PAST_TERM, ("during", "in", "under", "over", "after", "since", "upon"))
FIRST_SINCE = re.compile(r"\b(?:first|biggest|largest|highest|lowest|longest|worst|best)\b[^.;]{0,80}\bsince\s+(?:\w+\s+)?$",
                         re.I)


# "in 1987", "since early 1985": a year that dates what the sentence reports
_YEAR_AFTER = re.compile(r"\b(?:in|since|of|from)\s+(?:\w+\s+)?$")
_LAST_PERIOD = guarded(re.compile(
    r"\blast\s+(?:year|summer|autumn|fall|winter|spring|August|September|October|November|December)\b", I), ("last",))
# "two years ago": was written r"\b(?:\w+\s+){0,2}(?:years?|months?)\s+ago\b", which finds a match exactly when
# this does (the words in front are optional), at several times the cost
_EARLIER_THIS_YEAR = guarded(re.compile(r"\b(?:earlier\s+this\s+year|at\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+"
                                        r"year)\b", I), ("earlier", "at"))
_AGO = guarded(re.compile(r"\b(?:years?|months?)\s+ago\b", I), ("year", "month"))


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
        if is_past_reference(txt, published):
            return True
        low = txt.lower()
        if low.startswith("last ") and any(m in low for m in ("january", "february", "march", "april", "may", "june",
                                                               "july", "august", "september", "october",
                                                               "november", "december")):
            return True
    for m in YEAR.finditer(sentence):
        y = int(m.group(0))
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
    return _LAST_PERIOD.search(sentence) is not None or _AGO.search(sentence) is not None


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
        if len(iso) == 7:
            y, m = int(iso[:4]), int(iso[5:7])
            if (published.year - y) * 12 + published.month - m >= 2:
                return True
            if (published.year - y) * 12 + published.month - m == 1 and (
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

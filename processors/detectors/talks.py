"""trade_talks: officials of two or more governments negotiate on trade (a
round, a meeting of negotiators, consultations, GATT/WTO talks).

A sentence qualifies when it has a talks word ("talks", "negotiations",
"consultations", "met", "meeting", "discussion") with trade context in the
sentence (trade, tariffs, GATT, farm, market access, ...) and government
parties (countries acting, or named officials). Leaders' meetings are
`leader_meeting`; bank-creditor talks, legislators' debates, background and
hypotheticals are not talks.
"""

from __future__ import annotations

import re

from newsalert.models import TradeTalks

from .common import Doc, Sent, analyse, has_any, location_in, unique
from .cues import LEGISLATIVE, is_background, past_month_reference
from .gazetteer import ALIAS_TO_COUNTRY, CITY_COUNTRY, COUNTRY_PLACE_NAMES
from .guard import guarded

event_type = "trade_talks"

# Cheap prefilters: every TALK / TRADE match contains one of these (lower case).
TRIGGERS = ("talks", "negotiat", "consult", "met", "meet", "discuss", "conference", "session", "visit", "leave",
            "left", "arriv", "surveillance", "council", "panel")
TRADE_WORDS = ("trad", "tariff", "gatt", "wto", "uruguay", "import", "export", "market", "agricultur", "farm",
               "deficit", "surplus", "commerce", "economic", "subsid", "dumping", "quota", "soybean", "rare")
TALK = re.compile(r"\b(?:talks|negotiat(?!ors?\b)\w+|consultations?|met\b|meet(?:s|ing)?|discuss\w*|conference|"
                  r"under\s+discussion|round\s+of\s+(?:\w+\s+)?(?:talks|negotiations)|session|visit\w*|leaves?\s+for|left\s+for|arriv\w+\s+(?:here|in)|"
                  r"surveillance\s+body|GATT\s+Council|dispute\s+panel)\b", re.I)
TALK = guarded(TALK, ("talks", "negotiat", "consultation", "met", "meet", "discuss", "conference", "under", "round",
                      "session", "visit", "leave", "left", "arriv", "surveillance", "gatt", "dispute"))
TRADE = re.compile(r"\b(?:trade|trading|tariffs?|GATT|WTO|Uruguay|imports?|exports?|market\s+access|agricultur\w*|farm|"
                   r"deficit|surplus|free[- ]trade|commerce|economic\s+relations|subsid\w+|dumping|"
                   r"quotas?|soybeans|rare[- ]earth|telecommunications\s+market|financial\s+markets)\b", re.I)
TRADE = guarded(TRADE, ("trade", "trading", "tariff", "gatt", "wto", "uruguay", "import", "export", "market", "agricultur",
                        "farm", "deficit", "surplus", "free", "commerce", "economic", "subsid", "dumping", "quota",
                        "soybeans", "rare", "telecommunications", "financial"))
NONGOV = re.compile(r"\b(?:banks?|creditors?|bankers|debt|loan|rescheduling|farmers|union|workers|miners|"
                    r"strikers|companies|company|budget|IMF|G-?7|Group\s+of\s+Seven|finance\s+ministers|"
                    r"central\s+bank|Interim\s+Committee|exchange\s+rates?)\b", re.I)
NONGOV = guarded(NONGOV, ("bank", "creditor", "debt", "loan", "rescheduling", "farmers", "union", "workers", "miners",
                          "strikers", "compan", "budget", "imf", "g", "finance", "central", "interim", "exchange"))
HYPO = re.compile(r"\b(?:would\s+open|could\s+lead|if\s+(?:the|they|there)|unless|should|must|hope[sd]?\s+to|"
                  r"willing\s+to|authority\s+to\s+negotiate|can\s+play|chiefly\s+interested|to\s+get\s+the)\b", re.I)
NEG = re.compile(r"\b(?:(?:talks|negotiations|consultations)\s+with\s+(?:the\s+)?(?:\w+\s+)?(?:industry|business\w*|"
                 r"compan\w+|firms|manufacturers|producers|exporters|importers|retailers|unions?|workers|farmers|"
                 r"investors|stakeholders|the\s+private\s+sector)\b|no\s+(?:talks|negotiations)|not\s+(?:\w+\s+){0,2}(?:negotiate|hold\s+talks|meet)|"
                 r"refus\w+\s+to\s+(?:negotiate|hold))\b", re.I)
MULTI = re.compile(r"\b(?:GATT|WTO|Uruguay\s+[Rr]ound|trade\s+ministers|delegates|surveillance\s+body|ministerial|"
                   r"multilateral|negotiating\s+groups?)\b")


# Intergovernmental trade bodies the article introduces with their acronym
# ("International Coffee Organization (ICO)", "International Tin Council (ITC)"):
# a meeting of their members is multilateral trade talks.
# ("International" first, its word boundary as a look-behind: a literal start lets the engine skip ahead)
INTERGOV_BODY = re.compile(r"International(?<!\wInternational)\s+(?:[A-Z]\w+\s+){1,2}(?:Organi\w+|Council|Agreement|Association|"
                           r"Study\s+Group)\s+\(([A-Z]{2,6})\)")
VISIT = re.compile(r"visit|leaves?\s+for|left\s+for|arriv", re.I)
# "the meeting", "these talks": the talks the article has just reported (not "the talks between X and Y")
ANAPHOR = re.compile(r"\b(?:the|this|these|that)\s+(?:meeting|talks|negotiations|session|conference)\b"
                     r"(?!\s+(?:of|between|with|on|in)\b)", re.I)
FUTURE_OR_NOW = re.compile(r"\b(?:will|would|next|now|today|this\s+week|continu\w+|resum\w+|scheduled|"
                           r"ahead\s+of|expected|due|planned|upcoming)\b", re.I)


POSSESSIVE_MONTH = re.compile(r"\b(?:(January|February|March|April|May|June|July|August|September|October|"
                              r"November|December)|last\s+month)(?:'s|’s)\s", re.I)


def _past_possessive_month(text: str, doc: Doc) -> bool:
    """"February's meeting", "last month's talks": a month already over for
    more than two weeks (the news cycle) when the story was written."""
    from datetime import date, timedelta
    for m in POSSESSIVE_MONTH.finditer(text):
        iso = doc.resolve_date(m.group(1), False) if m.group(1) else None
        if m.group(1) is None:
            return True
        if not iso or len(iso) != 7:
            continue
        y, mo = int(iso[:4]), int(iso[5:7])
        month_end = date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        if (doc.published - month_end).days > 14:
            return True
    return False


class TalksDetector:
    event_type = event_type

    def detect(self, article) -> list[TradeTalks]:
        try:
            return _detect(analyse(article))
        except Exception:
            return []


def _date(s: Sent, doc: Doc, anchor: int) -> tuple[str | None, str | None]:
    for d in sorted(s.dates, key=lambda d: abs(d.start - anchor)):
        if abs(d.start - anchor) > 100:
            continue
        low = d.text.lower()
        if re.search(r"(?:19|20)\d\d", low) and int(re.search(r"(?:19|20)\d\d", low).group(0)) < doc.published.year:
            continue
        if low.startswith("last ") and "week" not in low:
            continue
        future = bool(re.search(r"\b(?:will|expected|scheduled|due|next|starting|to\s+be)\b", s.text))
        iso = doc.resolve_date(d.text, future)
        return (iso, None) if iso else (None, d.text)
    return None, None


def _detect(doc: Doc) -> list[TradeTalks]:
    events: list[dict] = []
    if not has_any(doc.low, TRADE_WORDS):
        return []
    hits = doc.sentences_with(TRIGGERS)
    if not hits:
        return []
    bodies = tuple(m.group(1) for m in INTERGOV_BODY.finditer(doc.article.text)) \
        if "nternational" in doc.low and "International" in doc.article.text else ()
    for s in doc.sents:
        text = s.text
        if s.i not in hits:
            continue
        body = any(b in text for b in bodies) if bodies else False
        if not (body or has_any(s.low, TRADE_WORDS)):
            continue
        m = TALK.search(text)
        if not m or not (body or TRADE.search(text)):
            continue
        officials = [p for p in s.people if p.role == "official"]
        leaders = [p for p in s.people if p.role == "leader"]
        countries = s.country_set(no_places=True)
        parties = unique(countries + [p.country for p in officials if p.country])
        multi = bool(MULTI.search(text)) or body
        if not parties and not multi:
            continue
        if len(parties) < 2 and not multi and not officials:
            continue
        if leaders and not officials and (len(leaders) >= 2 or re.search(r"\bvisit", text)):
            continue  # a leaders' meeting or visit
        if leaders and s.people[0].role == "leader" and VISIT.match(m.group(0)):
            continue  # "Chirac ... during his visit to Washington": the leader's visit is a leader_meeting
        local = text[max(0, m.start() - 100):m.end() + 100]
        if NONGOV.search(local) and not officials:
            continue
        if LEGISLATIVE.search(local) and not officials:
            continue
        if HYPO.search(text[max(0, m.start() - 60):m.end() + 40]) or NEG.search(local):
            continue
        if ("'s " in text or "’s " in text) and _past_possessive_month(text, doc) and not FUTURE_OR_NOW.search(text):
            continue  # "February's Paris meeting" three weeks into March: a past meeting cited as context
        if past_month_reference(text, doc.published) and not FUTURE_OR_NOW.search(text):
            continue  # "February's Paris meeting" in a late-March story
        if is_background(text, doc.published) and not re.search(r"\b(?:will|would|now|continu\w+|resum\w+|"
                                                                 r"progress\w*|today)\b", text):
            continue
        if re.search(r"\b(?:launched|began|opened|started)\s+(?:\w+\s+){0,3}(?:last|in)\s+(?:summer|year|September|"
                     r"(?:19|20)\d\d)", text):
            continue
        date, date_text = _date(s, doc, m.start())
        ev = dict(parties=parties, negotiators=unique(p.name for p in officials), location=location_in(text),
                  date=date, date_text=date_text, evidence=[text], multi=multi)
        if events and ANAPHOR.search(text, max(0, m.start() - 12), m.end() + 1):
            _absorb(events[-1], ev)  # "the meeting": the talks just reported
            continue
        _merge(events, ev)
    out = []
    for ev in events:
        conf = 0.5 + 0.1 * (len(ev["parties"]) >= 2) + 0.1 * bool(ev["negotiators"]) + 0.1 * bool(ev["date"]) \
            + 0.05 * min(len(ev["evidence"]) - 1, 3)
        out.append(TradeTalks(parties=ev["parties"] or None, negotiators=ev["negotiators"] or None,
                              location=ev["location"], date=ev["date"],
                              date_text=ev["date_text"] if not ev["date"] else None,
                              confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3]))
    return out


def _absorb(old: dict, ev: dict) -> None:
    old["parties"] = unique(old["parties"] + ev["parties"])
    old["negotiators"] = unique(old["negotiators"] + ev["negotiators"])
    old["location"] = old["location"] or ev["location"]
    if not old["date"] and ev["date"]:
        old["date"], old["date_text"] = ev["date"], None
    old["evidence"].append(ev["evidence"][0])


def _merge(events: list[dict], ev: dict) -> None:
    for old in events:
        a, b = set(old["parties"]), set(ev["parties"])
        same = (old["multi"] and ev["multi"]) or not a or not b or a <= b or b <= a or len(a & b) >= 2 or \
            (set(old["negotiators"]) & set(ev["negotiators"]))
        if old["date"] and ev["date"] and old["date"] != ev["date"] and old["location"] and ev["location"] and \
                old["location"] != ev["location"]:
            same = False
        if not same:
            continue
        old["parties"] = unique(old["parties"] + ev["parties"])
        old["negotiators"] = unique(old["negotiators"] + ev["negotiators"])
        if not old["location"] or (ev["location"] and old["location"] in COUNTRY_PLACE_NAMES
                                   and CITY_COUNTRY.get(ev["location"]) == ALIAS_TO_COUNTRY.get(old["location"])):
            old["location"] = ev["location"] or old["location"]
        if not old["date"] and ev["date"]:
            old["date"], old["date_text"] = ev["date"], None
        old["multi"] = old["multi"] or ev["multi"]
        old["evidence"].append(ev["evidence"][0])
        return
    events.append(ev)

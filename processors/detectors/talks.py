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

from .base import never_raises
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
NONGOV = re.compile(r"\b(?:banks?|creditors?|bankers|debt|loan|rescheduling|farmers|(?<!European\s)(?<!Soviet\s)union|workers|miners|"
                    r"strikers|companies|company|budget|IMF|G-?7|Group\s+of\s+Seven|finance\s+ministers|"
                    r"central\s+bank|Interim\s+Committee|exchange\s+rates?|business\s+(?:meeting|council|forum|"
                    r"conference|leaders|groups?)|economists?|executives?|Corp|Corporation)\b", re.I)
NONGOV = guarded(NONGOV, ("bank", "creditor", "debt", "loan", "rescheduling", "farmers", "union", "workers", "miners",
                          "strikers", "compan", "budget", "imf", "g", "finance", "central", "interim", "exchange",
                          "business", "economist", "executive", "corp"))
HYPO = re.compile(r"\b(?:would\s+open|could\s+lead|if\s+(?:the|they|there)|if\s+(?:\w+\s+)?(?:talks|negotiations)\s+"
                  r"(?:with\s+\w+\s+)?(?:fail|collapse|break\s+down|stall)|unless|should|must|hope[sd]?\s+to|"
                  r"it\s+is\s+hoped|(?:willing(?:ness)?|ready|readiness|prepared)\s+to|"
                  r"\bany\s+(?:future\s+|new\s+|multilateral\s+|bilateral\s+)?(?:trade\s+)?(?:talks|negotiations)|"
                  r"open\s+to\s+(?:\w+\s+){0,2}(?:talks|negotiat\w*|dialogue|consultations?)|"
                  # talks as the remedy recommended, not talks held: "negotiation is the only way to solve"
                  r"(?:only|best|right|correct|proper)\s+(?:\w+\s+){0,2}ways?|the\s+way\s+to\s+(?:resolve|solve|settle)|"
                  r"authority\s+to\s+negotiate|can\s+play|chiefly\s+interested|to\s+get\s+the)\b", re.I)
# a sentence that recommends: "It is important that Washington ... starts sincere talks with China"
RECOMMENDS = re.compile(r"^\W*(?:It\s+is|It's|It\s+would\s+be)\s+(?:\w+\s+)?(?:important|necessary|essential|"
                        r"imperative|vital|time|wise|better)\s+(?:that|for|to)\b")
NEG = re.compile(r"\b(?:(?:talks|negotiations|consultations)\s+with\s+(?:the\s+)?(?:\w+\s+)?(?:industry|business\w*|"
                 r"compan\w+|firms|manufacturers|producers|exporters|importers|retailers|unions?|workers|farmers|"
                 r"investors|stakeholders|the\s+private\s+sector)\b|no\s+(?:talks|negotiations)|not\s+(?:\w+\s+){0,2}(?:negotiate|hold\s+talks|meet)|"
                 r"refus\w+\s+to\s+(?:negotiate|hold)|refus\w+\s+(?:the\s+)?(?:talks|negotiations)|"
                 # "there have not been any talks", "have not yet held any talks", "the door for negotiations is shut"
                 r"(?:not|never)\s+(?:\w+\s+){0,3}?(?:any|the)\s+(?:\w+\s+)?(?:talks|negotiations|consultations)|"
                 r"(?:talks|negotiations)\s+(?:\w+\s+){0,5}?(?:is|are|was|were)\s+(?:shut|closed|off|suspended|frozen))\b", re.I)
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


# ---------------------------------------------------------------- venue
# A place right after a preposition of place ("in Geneva", "held in Brussels", "talks here in Tokyo", "visit to
# Japan"); "from X" is an origin, and "Uruguay Round" / "Tokyo Round" name a negotiation, not a venue.
_VENUE = re.compile(r"(?<!said )(?<!told reporters )(?<!speaking )\b(?:in|at|to|here\s+in|visit(?:ing|s)?|"
                    r"arriv\w+\s+in|leaves?\s+for|left\s+for|heads?\s+(?:to|for))\s+(?:the\s+)?"
                    r"([A-Z][\w.'-]*(?:\s+(?:de(?:l)?\s+)?[A-Z][\w'-]*){0,2})")
_NOT_VENUE_AFTER = re.compile(r"\s*(?:[Rr]ound|Club|Convention|Accord|Agreement|Protocol|Declaration|[Pp]lan|"
                              r"[Mm]arkets?|[Gg]oods|[Pp]roducts|[Ee]xports?|[Ii]mports?)\b")
# seats of blocs and bodies that the gazetteer keeps as actors, not places
_SEATS = {"Brussels": "Belgium", "Geneva": "Switzerland"}
# the talks noun, then the place: "talks in Canberra", "meeting held in Taupo" (any capitalised place name)
_TALKS_IN = re.compile(r"\b(?:talks|negotiations|meeting|conference|session|consultations|round)\s+"
                       r"(?:(?:was|were|is|are|will\s+be|to\s+be)\s+)?(?:held\s+)?(?:in|at)\s+"
                       r"([A-Z][a-z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*){0,2})")
_MONTHS_DAYS = frozenset("January February March April May June July August September October November December "
                         "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
# GATT and WTO bodies sit in Geneva
_GENEVA_BODY = re.compile(r"\b(?:GATT|WTO)\s+(?:[Cc]ouncil|[Gg]eneral\s+[Cc]ouncil|headquarters|secretariat|"
                          r"surveillance\s+body|dispute\s+(?:settlement\s+)?(?:panel|body))\b|"
                          r"\bsurveillance\s+body\s+of\s+the\s+(?:GATT|General\s+Agreement)|"
                          r"\bDispute\s+Settlement\s+Body\b")
_HERE = re.compile(r"\bhere\b")
# "(trade ministers) meeting here", "the conference here", "talks here": the talks are where the story is filed
_TALKS_HERE = re.compile(r"\b(?:talks|negotiations|meeting|conference|session|consultations)\s+here\b")
# The wire dateline: "GENEVA, April 14 (Reuters) -", "TAUPO, New Zealand, March 23 -", "LONDON (AP) —"
_DATELINE = re.compile(r"\s*([A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3})((?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?)"
                       r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
                       r"\s*(?:\((?:Reuters|AP|AFP|Bloomberg|Xinhua|Kyodo|dpa|UPI)\)\s*)?[-\u2013\u2014]+\s")


def _dateline(text: str) -> str | None:
    m = _DATELINE.match(text[:80])
    if not m:
        return None
    city = m.group(1).title()
    region = m.group(2).lstrip(", ").strip()
    if city.upper() in ("REUTER", "REUTERS", "UPDATE", "BREAKING"):
        return None
    return f"{city}, {region}" if region and region != city else city


def _venue(text: str, m: re.Match | None = None) -> str | None:
    """The talks venue named in the sentence: a known city first, then a country, then any place
    right after the talks noun ("talks in Taupo")."""
    country = None
    for v in _VENUE.finditer(text):
        cand = v.group(1)
        while cand:
            name = cand[:-1] if cand.endswith(".") else cand
            if (name in CITY_COUNTRY or name in _SEATS) and not _NOT_VENUE_AFTER.match(text, v.start(1) + len(cand)):
                if name in COUNTRY_PLACE_NAMES or CITY_COUNTRY.get(name) == name:
                    country = country or name
                    break
                return name
            if " " not in cand:
                break
            cand = cand.rsplit(" ", 1)[0]
    if country:
        return country
    for v in _TALKS_IN.finditer(text):
        name = v.group(1)
        if name.split()[0] not in _MONTHS_DAYS and name not in ALIAS_TO_COUNTRY:
            return name
    return None


# ---------------------------------------------------------------- dates
# a date that belongs to a journey, not to the talks: "leaves for Japan tomorrow", "before returning on April 11"
_TRAVEL_BEFORE = re.compile(r"\b(?:leav(?:e|es|ing)|left|depart\w*|return\w*|arriv\w*|fl(?:y|ies|ew|ying))\b"
                            r"(?:\s+(?!talks|meeting|negotiations)[\w.,-]+){0,4}\s*$", re.I)
# the date attached to the talks noun: "talks, starting on April 14", "talks on Saturday", "meeting scheduled for
# April 1", "talks in Geneva on October 26"
_ATTACHED = re.compile(r"[\s,]*(?:(?:which\s+)?(?:will\s+)?(?:be\s+)?(?:starting|start|starts|beginning|begin|begins|"
                       r"opening|opens|scheduled|set|due|held|resuming|resume|resumes)\s+)?(?:(?:for|on|from)\s+)?"
                       r"(?:(?:in|at)\s+(?:[A-Z][\w.-]*\s+){1,3}(?:on|from)\s+)?")


# "talks between A and B on X will continue in Brussels on March 15": one clause, the talks' own verb, then the date
_SAME_CLAUSE_DATE = re.compile(r"[^,;]*\b(?:continu\w*|resum\w*|start\w*|begin\w*|open\w*|be\s+held|take\s+place|"
                               r"scheduled|set|due)\b[^,;]*\b(?:on|from|starting|beginning)\s+")


def _is_travel_date(text: str, start: int) -> bool:
    return _TRAVEL_BEFORE.search(text, max(0, start - 45), start) is not None


class TalksDetector:
    event_type = event_type

    def detect(self, article) -> list[TradeTalks]:
        return never_raises(event_type, article, lambda: _detect(analyse(article)))


def _date(s: Sent, doc: Doc, anchor: int, end: int | None = None) -> tuple[str | None, str | None]:
    for d in sorted(s.dates, key=lambda d: abs(d.start - anchor)):
        if abs(d.start - anchor) > 100 and not (0 < d.start - anchor <= 150 and _SAME_CLAUSE_DATE.fullmatch(
                s.text, anchor, d.start)):
            continue  # far from the talks word, unless in the same clause
        if _is_travel_date(s.text, d.start):
            continue  # the day of a journey, not of the talks
        low = d.text.lower()
        if re.search(r"(?:19|20)\d\d", low) and int(re.search(r"(?:19|20)\d\d", low).group(0)) < doc.published.year:
            continue
        if low.startswith("last ") and "week" not in low:
            continue
        future = bool(re.search(r"\b(?:will|expected|scheduled|due|next|starting|to\s+be)\b", s.text))
        iso = doc.resolve_date(d.text, future)
        return (iso, None) if iso else (None, d.text)
    return None, None


_REL_CLAUSE = re.compile(r",\s+(?:who|which)\b[^,]*,")
_PRONOUN_SAYS = re.compile(r"(?:^|[,;]\s+|\bthat\s+|\b(?:statement|speech|remarks)\b[^,.;]{0,80}\s)(?:[Hh]e|[Ss]he)\s+"
                           r"(?:said|says|told|added|stressed|noted|warned)\b")


# talks words that name no talks: a press conference, "meet demand", a minister's title, "a negotiated settlement",
# a forum's meeting, talks of an earlier round
_NOT_TALKS = re.compile(
    r"(?:press|news|video|teleconference|phone)\s+(?:conference|meet(?:ing)?)\b|"
    r"\bconference\s+call\b|"
    r"\bdiscussion\s+(?:document|paper|draft|forum)\b|"
    r"\bmeet(?:s|ing)?\s+(?:(?:its|their|the|our|his|her|this|that|these|growing|increasing|rising|domestic|"
    r"own|such)\s+)*(?:[\w-]+\s+){0,2}?(?:demand|needs?|obligations?|targets?|requirements?|criteria|standards?|deadlines?|"
    r"expectations?|conditions?|goals?|commitments?|quotas?|costs?|challenges?)\b|"
    r"\b(?:Minister|Secretary|Ministry|Office|Department|Representative)\s+(?:for|of)\s+(?:\w+\s+)?"
    r"(?:Trade\s+)?Negotiations\b|\bTrade\s+Negotiations\s+(?:Minister|Secretary|Office|Committee)\b|"
    r"\ban?\s+(?:\w+\s+)?negotiated\s+(?:settlement|solution|outcome|agreement|deal|end)\b|"
    r"\b(?:Forum|forum)\b[^.;]{0,40}\b(?:conference|meeting|session)\b|"
    r"\b(?:conference|meeting|session)\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}Forum\b|"
    r"\b(?:previous|past|earlier|former|prior)\s+(?:\w+\s+){0,2}(?:rounds?|talks|negotiations|meetings?)\b|"
    # a body's name: "the United Nations Conference on Trade and Development"
    r"\bConference\s+on\s+(?:[A-Z]\w+\s+)?(?:and\s+)?[A-Z]\w+")


def _trade_story(doc: Doc) -> bool:
    """Does the headline or the lead speak of trade (asked lazily, once per article)."""
    return bool(TRADE.search(doc.title) or (doc.sents and TRADE.search(doc.sents[0].text)))


def _officials_of_two_countries(s: Sent) -> bool:
    """Officials (not leaders: theirs is a meeting) of two countries named in the sentence."""
    return len({p.country for p in s.people if p.role == "official" and p.country}) >= 2


def _talk_match(text: str) -> re.Match | None:
    """The first talks word that is not a journey inside a relative clause about something
    else ("Howard, who will also be visiting South Korea, said ... trade row")."""
    excluded = [(n.start(), n.end()) for n in _NOT_TALKS.finditer(text)] if (
        "onference" in text or "iscussion" in text or "meet" in text or "egotiat" in text or "orum" in text
        or "revious" in text or "ast " in text or "arlier" in text or "ormer" in text or "rior" in text) else []
    for m in TALK.finditer(text):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        if VISIT.match(m.group(0)):
            for rc in _REL_CLAUSE.finditer(text):
                if rc.start() < m.start() < rc.end() and not TRADE.search(rc.group(0)):
                    break
            else:
                return m
            continue
        return m
    return None


def _pronoun_official(doc: Doc, s: Sent):
    """"he said" / "in a statement to the conference he said": the one official of the previous sentence."""
    if s.i == 0 or ("he " not in s.low and "she " not in s.low) or not _PRONOUN_SAYS.search(s.text):
        return None
    prev = [p for p in doc.sents[s.i - 1].people if p.role == "official"]
    if len({p.name for p in prev}) == 1 and not any(p.role == "leader" for p in doc.sents[s.i - 1].people):
        return prev[0]
    return None


def _strong_date(s: Sent, m: re.Match) -> bool:
    """A date phrase attached to the talks noun ("talks, starting on April 14", "talks on Saturday")."""
    for d in s.dates:
        if m.end() <= d.start <= m.end() + 45 and _ATTACHED.fullmatch(s.text, m.end(), d.start):
            return True
    return False


def _where(text: str, s: Sent, doc: Doc, dateline: str | None) -> str | None:
    loc = _venue(text)
    if loc:
        return loc
    if _GENEVA_BODY.search(text):
        return "Geneva"
    if dateline and "here" in s.low and _HERE.search(text):
        return dateline
    return None


def _detect(doc: Doc) -> list[TradeTalks]:
    events: list[dict] = []
    if not has_any(doc.low, TRADE_WORDS) and not has_any(doc.title.lower(), TRADE_WORDS):
        return []
    hits = doc.sentences_with(TRIGGERS)
    if not hits:
        return []
    bodies = tuple(m.group(1) for m in INTERGOV_BODY.finditer(doc.article.text)) \
        if "nternational" in doc.low and "International" in doc.article.text else ()
    dateline = _dateline(doc.article.text) if " here" in doc.low else None
    trade_story = None  # does the headline or the lead speak of trade (computed when needed)
    for s in doc.sents:
        text = s.text
        if s.i not in hits:
            continue
        body = any(b in text for b in bodies) if bodies else False
        said_of_trade = (body or has_any(s.low, TRADE_WORDS)) and (body or TRADE.search(text))
        if not said_of_trade and _officials_of_two_countries(s):
            if trade_story is None:
                trade_story = _trade_story(doc)
            # "He Lifeng and Scott Bessent held two days of talks in Stockholm" in a story about trade
            said_of_trade = bool(trade_story and _talk_match(text))
        if not said_of_trade:
            n = len(events[-1]["evidence"]) if events else 0
            if events:
                _follow_up(events[-1], s, doc, dateline)
            if (not events or len(events[-1]["evidence"]) == n) and trade_story is not False:
                if trade_story is None:
                    trade_story = _trade_story(doc)
                if trade_story:
                    ev = _official_visit(s, doc)
                    if ev:
                        _merge(events, ev)
            continue
        m = _talk_match(text)
        if not m:
            continue
        officials = [p for p in s.people if p.role == "official"]
        leaders = [p for p in s.people if p.role == "leader"]
        if not officials and not leaders:
            pro = _pronoun_official(doc, s)
            if pro is not None:
                officials = [pro]
        countries = s.country_set(no_places=True)
        parties = unique(countries + [p.country for p in officials if p.country])
        if len(parties) == 1 and any(p.country is None for p in officials):
            # "U.S. Commerce Secretary Malcolm Baldrige for talks with Trade Minister Rha Woong-bae" in a story about
            # South Korea: an official the sentence gives no country is the story's country's
            home = next(iter(doc.main_countries(1)), None)
            if home is not None and home not in parties:
                parties = parties + [home]
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
        if HYPO.search(text[max(0, m.start() - 60):m.end() + 40]) or NEG.search(local) or RECOMMENDS.match(text):
            continue
        if ("'s " in text or "’s " in text) and _past_possessive_month(text, doc) and not FUTURE_OR_NOW.search(text):
            continue  # "February's Paris meeting" three weeks into March: a past meeting cited as context
        if past_month_reference(text, doc.published) and not FUTURE_OR_NOW.search(text):
            continue  # "February's Paris meeting" in a late-March story
        if is_background(text, doc.published) and not re.search(r"\b(?:will|would|now|continu\w+|resum\w+|"
                                                                 r"progress\w*|today)\b", text):
            if events and _FOLLOW.search(text) and not s.i == 0:
                _follow_up(events[-1], s, doc, dateline, dates=False)  # a background aside naming the talks' venue
            continue
        if re.search(r"\b(?:launched|began|opened|started)\s+(?:\w+\s+){0,3}(?:last|in)\s+(?:summer|year|September|"
                     r"(?:19|20)\d\d)", text):
            continue
        date, date_text = _date(s, doc, m.start())
        strong = bool(date) and _strong_date(s, m)
        if not date and not date_text and "here" in s.low and _TALKS_HERE.search(text) and \
                not re.search(r"\b(?:will|would|next|later|planned|scheduled|expected|due)\b", text):
            date, strong = doc.published.isoformat(), False  # "ministers meeting here": under way as the story is filed
        ev = dict(parties=parties, negotiators=unique(p.name for p in officials), location=_where(text, s, doc, dateline),
                  date=date, date_text=date_text, evidence=[text], multi=multi, strong=strong)
        if events and ANAPHOR.search(text, max(0, m.start() - 12), m.end() + 1):
            _absorb(events[-1], ev)  # "the meeting": the talks just reported
            continue
        _merge(events, ev)
    out = []
    for ev in events:
        if not ev["parties"]:
            continue  # "multilateral negotiations", "eight rounds of global trade negotiations": whose talks is unsaid
        conf = 0.5 + 0.1 * (len(ev["parties"]) >= 2) + 0.1 * bool(ev["negotiators"]) + 0.1 * bool(ev["date"]) \
            + 0.05 * min(len(ev["evidence"]) - 1, 3)
        out.append(TradeTalks(parties=ev["parties"] or None, negotiators=ev["negotiators"] or None,
                              location=ev["location"], date=ev["date"],
                              date_text=ev["date_text"] if not ev["date"] else None,
                              confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3]))
    return out


def _official_visit(s: Sent, doc: Doc) -> dict | None:
    """In a trade story, a government official's visit to another country is a round of trade talks
    ("Corporate Affairs minister Michael Howard leaves for Japan on Saturday", "EC Commissioners ...
    are due to visit Washington from July 7 to 10"), even when the sentence has no trade word."""
    text = s.text
    m = _talk_match(text)
    if not m or not VISIT.match(m.group(0)):
        return None
    if any(p.role == "leader" for p in s.people):
        return None  # a leader's visit is a leader_meeting
    officials = [p for p in s.people if p.role == "official" and p.country and p.start < m.start()]
    if not officials:
        return None
    place = _venue(text[m.start():])
    if not place:
        return None
    dest = CITY_COUNTRY.get(place) or _SEATS.get(place) or ALIAS_TO_COUNTRY.get(place)
    home = {p.country for p in officials}
    if not dest or dest in home or (place in ALIAS_TO_COUNTRY and ALIAS_TO_COUNTRY[place] in home):
        return None
    local = text[max(0, m.start() - 100):m.end() + 100]
    if HYPO.search(text[max(0, m.start() - 60):m.end() + 40]) or NEG.search(local) or NONGOV.search(local):
        return None
    if is_background(text, doc.published) or past_month_reference(text, doc.published):
        return None
    party = ALIAS_TO_COUNTRY.get(place, dest)
    if place in _SEATS and place in ALIAS_TO_COUNTRY:
        party = ALIAS_TO_COUNTRY[place]
    date, date_text = _date(s, doc, m.start())
    return dict(parties=unique([p.country for p in officials] + [party]), negotiators=unique(p.name for p in officials),
                location=place, date=date, date_text=date_text, evidence=[text], multi=False, strong=bool(date))


# "the talks", "last week's talks", "our talks", "tough talks": the talks the article reports, in a sentence
# without trade words of its own
_FOLLOW = re.compile(r"\b(?:the|these|those|our|their|its|his|her|tough|(?:week|month)(?:'s|’s)|[A-Z][a-z]+day(?:'s|’s))"
                     r"\s+(?:\w+\s+)?(?:talks|negotiations|consultations)\b(?!\s+(?:of|between|with)\b)")


def _follow_up(ev: dict, s: Sent, doc: Doc, dateline: str | None, dates: bool = True) -> None:
    """A later sentence about the same talks gives their venue, date and negotiators."""
    text = s.text
    if "talks" not in s.low and "negotiations" not in s.low and "consultations" not in s.low:
        return
    m = _FOLLOW.search(text)
    if not m:
        return
    if any(c not in ev["parties"] for c in s.country_set(no_places=True)):
        return  # other parties: other talks
    local = text[max(0, m.start() - 100):m.end() + 100]
    officials = [p.name for p in s.people if p.role == "official" and p.country in ev["parties"]]
    if ((NONGOV.search(local) or LEGISLATIVE.search(local)) and not officials) or NEG.search(local):
        return
    if not ev["location"]:
        ev["location"] = _where(text, s, doc, dateline)
    ev["negotiators"] = unique(ev["negotiators"] + officials)
    if dates and not ev.get("strong"):
        date, date_text = _date(s, doc, m.start())
        if date and (not ev["date"] or _strong_date(s, m)):
            ev["date"], ev["date_text"], ev["strong"] = date, None, _strong_date(s, m)
    ev["evidence"].append(text)


def _absorb(old: dict, ev: dict) -> None:
    old["parties"] = unique(old["parties"] + ev["parties"])
    old["negotiators"] = unique(old["negotiators"] + ev["negotiators"])
    old["location"] = old["location"] or ev["location"]
    if ev["date"] and (not old["date"] or (ev.get("strong") and not old.get("strong"))):
        old["date"], old["date_text"], old["strong"] = ev["date"], None, ev.get("strong", False)
    old["evidence"].append(ev["evidence"][0])


def _merge(events: list[dict], ev: dict) -> None:
    for old in events:
        a, b = set(old["parties"]), set(ev["parties"])
        same = (old["multi"] and ev["multi"]) or not a or not b or a <= b or b <= a or len(a & b) >= 2 or \
            (set(old["negotiators"]) & set(ev["negotiators"]))
        if old["date"] and ev["date"] and old["date"] != ev["date"] and old["location"] and ev["location"] and \
                old["location"] != ev["location"]:
            same = False
        if old["location"] and ev["location"] and old["location"] != ev["location"] and \
                ev["negotiators"] and not set(old["negotiators"]) & set(ev["negotiators"]) and \
                CITY_COUNTRY.get(ev["location"]) != ALIAS_TO_COUNTRY.get(old["location"]) and \
                CITY_COUNTRY.get(old["location"]) != ALIAS_TO_COUNTRY.get(ev["location"]):
            same = False  # other negotiators in another city: another round
        if not same:
            continue
        old["parties"] = unique(old["parties"] + ev["parties"])
        old["negotiators"] = unique(old["negotiators"] + ev["negotiators"])
        if not old["location"] or (ev["location"] and old["location"] in COUNTRY_PLACE_NAMES
                                   and CITY_COUNTRY.get(ev["location"]) == ALIAS_TO_COUNTRY.get(old["location"])):
            old["location"] = ev["location"] or old["location"]
        if ev["date"] and (not old["date"] or (ev.get("strong") and not old.get("strong"))):
            old["date"], old["date_text"], old["strong"] = ev["date"], None, ev.get("strong", False)
        old["multi"] = old["multi"] or ev["multi"]
        old["evidence"].append(ev["evidence"][0])
        return
    events.append(ev)

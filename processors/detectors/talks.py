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
from .common import Doc, Sent, analyse, has_any, unique
from .cues import DEADLINE_BEFORE, LEGISLATIVE, is_background, past_month_reference
from .gazetteer import ALIAS_TO_COUNTRY, CITY_COUNTRY, COUNTRY_PLACE_NAMES, DATELINE, find_countries
from .rules import load

event_type = "trade_talks"

# the regexes, the trigger words and the seats of bodies, with the why of each: patterns/talks.toml
_P = load("talks")

TRIGGERS = _P.words("TRIGGERS")
TRADE_WORDS = _P.words("TRADE_WORDS")
TALK = _P["TALK"]
TRADE = _P["TRADE"]
NONGOV = _P["NONGOV"]
PRIVATE_SIDE = _P["PRIVATE_SIDE"]
HYPO = _P["HYPO"]
RECOMMENDS = _P["RECOMMENDS"]
NEG = _P["NEG"]
MULTI = _P["MULTI"]


INTERGOV_BODY = _P["INTERGOV_BODY"]
_VISITORS = _P["_VISITORS"]
VISIT = _P["VISIT"]
ANAPHOR = _P["ANAPHOR"]
FUTURE_OR_NOW = _P["FUTURE_OR_NOW"]


POSSESSIVE_MONTH = _P["POSSESSIVE_MONTH"]


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


_VENUE = _P["_VENUE"]
_NOT_VENUE_AFTER = _P["_NOT_VENUE_AFTER"]
_SEATS = _P.table("_SEATS")
_TALKS_IN = _P["_TALKS_IN"]
_MONTHS_DAYS = frozenset(_P.words("_MONTHS_DAYS"))
_GENEVA_BODY = _P["_GENEVA_BODY"]
_HERE = _P["_HERE"]
_TALKS_HERE = _P["_TALKS_HERE"]
_DATELINE = DATELINE  # "GENEVA, April 14 (Reuters) -", "TAUPO, New Zealand, March 23 -": gazetteer.toml


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


_TRAVEL_BEFORE = _P["_TRAVEL_BEFORE"]
_ATTACHED = _P["_ATTACHED"]


_SAME_CLAUSE_DATE = _P["_SAME_CLAUSE_DATE"]


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
        if DEADLINE_BEFORE.search(s.text, max(0, d.start - 20), d.start):
            continue  # the day they must end by, not of the talks ("which must be concluded by October")
        low = d.text.lower()
        if re.search(r"(?:19|20)\d\d", low) and int(re.search(r"(?:19|20)\d\d", low).group(0)) < doc.published.year:
            continue
        if low.startswith("last ") and "week" not in low:
            continue
        future = bool(re.search(r"\b(?:will|expected|scheduled|due|next|starting|to\s+be)\b", s.text))
        iso = doc.resolve_date(d.text, future)
        return (iso, None) if iso else (None, d.text)
    return None, None


_REL_CLAUSE = _P["_REL_CLAUSE"]
_PRONOUN_SAYS = _P["_PRONOUN_SAYS"]


_NOT_TALKS = _P["_NOT_TALKS"]


def _trade_story(doc: Doc) -> bool:
    """Does the headline or the lead speak of trade (asked lazily, once per article)."""
    return bool(TRADE.search(doc.title) or (doc.sents and TRADE.search(doc.sents[0].text)))


def _officials_of_two_countries(s: Sent) -> bool:
    """Officials (not leaders: theirs is a meeting) of two countries named in the sentence."""
    return len({p.country for p in s.people if p.role == "official" and p.country}) >= 2


_SUBJECT_BEFORE = _P["_SUBJECT_BEFORE"]
_SUBJECT_AFTER = _P["_SUBJECT_AFTER"]
_AND_TRADE = _P["_AND_TRADE"]
_WISHED = _P["_WISHED"]
_TALKS_WITH = _P["_TALKS_WITH"]
_GOV_SUBJECT = _P["_GOV_SUBJECT"]
_EU_MEMBERS = frozenset(_P.words("_EU_MEMBERS"))
_OTHER_CLAUSE = _P["_OTHER_CLAUSE"]


def _other_subject(text: str, m: re.Match) -> bool:
    """Talks whose subject is not trade ("arms control talks", "peace talks", "talks ... on North Korea's
    denuclearisation"), unless trade comes with the subject ("talks on security and trade")."""
    if _SUBJECT_BEFORE.search(text, max(0, m.end() - 40), m.end()):
        return True
    a = _SUBJECT_AFTER.match(text, m.end())
    return bool(a) and not TRADE.search(text, m.end(), a.end()) and not _AND_TRADE.match(text, a.end())


_TRADE_SUBJECTS = _P.words("_TRADE_SUBJECTS")
_GOODS_BEFORE = _P["_GOODS_BEFORE"]
_GOODS_AFTER = _P["_GOODS_AFTER"]


def _goods_talks(s: Sent) -> bool:
    """The sentence's talks are about traded goods or a trade issue ("chip talks", "talks next week on
    semiconductors", "negotiations on softwood lumber")."""
    if len(s.countries) + len(s.people) < 2 or not has_any(s.low, _TRADE_SUBJECTS):
        return False  # (two sides are needed anyway: countries, or officials)
    text = s.text
    m = _talk_match(text)
    return bool(m) and bool(_GOODS_BEFORE.search(text, max(0, m.end() - 50), m.end()) or
                            _GOODS_AFTER.match(text, m.end()))


def _talks_with_or_between(s: Sent) -> bool:
    """The talks noun names its other side: "(Bessent said) the talks with China", "talks between Japan and the
    United States" (with a government official or a government of another country, or two countries)."""
    m = _TALKS_WITH.search(s.text) if (" with " in s.low or " between " in s.low) else None
    if not m:
        return False
    named = [c.country for c in s.countries if m.start() <= c.start <= m.end() + 40]
    if not named:
        return False
    if m.group(1).lower() == "between":
        return len(set(named)) >= 2
    # (or a government named before them: "The United States asked for consultations with Tokyo on the issue")
    return any(p.role == "official" and p.country and p.country not in named for p in s.people) or \
        any(c.actor and c.start < m.start() and c.country not in named for c in s.countries)


def _leaders_agree_talks(s: Sent) -> bool:
    """Leaders of two countries agreeing to start negotiations ("Carney and Trump ... agreed to start comprehensive
    negotiations on a new economic and security relationship")."""
    if "agree" not in s.low or len({p.country for p in s.people if p.role == "leader" and p.country}) < 2:
        return False
    m = _talk_match(s.text)
    return m is not None and _agreed_to_start(s.text, m)


def _agreed_to_start(text: str, m: re.Match) -> bool:
    """The talks word is what someone "agreed to start" ("agreed to start comprehensive negotiations")."""
    return _TALKS_AGREED.search(text, max(0, m.start() - 60), m.start()) is not None


def _talk_match(text: str) -> re.Match | None:
    """The first talks word that is not a journey inside a relative clause about something
    else ("Howard, who will also be visiting South Korea, said ... trade row")."""
    excluded = [(n.start(), n.end()) for n in _NOT_TALKS.finditer(text)] if (
        "onference" in text or "iscussion" in text or "meet" in text or "met " in text or "egotiat" in text or "orum" in text
        or "revious" in text or "ast " in text or "arlier" in text or "ormer" in text or "rior" in text
        or "years of" in text or "ecade" in text) else []
    for m in TALK.finditer(text):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        if _other_subject(text, m):
            continue  # arms, peace, security talks: not trade talks
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


_REPORTED_AFTER = _P["_REPORTED_AFTER"]
_EARLIER_ROUNDS = _P["_EARLIER_ROUNDS"]
_FOLLOWS_ROUND = _P["_FOLLOWS_ROUND"]


def _own_clause_end(text: str, m: re.Match) -> int:
    """Where what the sentence says of the talks at m ends: before a clause telling what they reached ("had
    negotiations in June, during which the two sides agreed that China would increase imports")."""
    after = _REPORTED_AFTER.search(text, m.end())
    return after.start() if after is not None else len(text)


def _detect(doc: Doc) -> list[TradeTalks]:
    events: list[dict] = []
    if not has_any(doc.low, TRADE_WORDS) and not has_any(doc.title.lower(), TRADE_WORDS) and \
            not has_any(doc.low, _TRADE_SUBJECTS):  # (talks on semiconductors, lumber, beef ... with no word "trade")
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
            if events and "delegation" in s.low:
                _follow_up(events[-1], s, doc, dateline)  # "Deputy Trade Representative Smith will lead the U.S. delegation"
            continue
        body = any(b in text for b in bodies) if bodies else False
        said_of_trade = (body or has_any(s.low, TRADE_WORDS)) and (body or TRADE.search(text))
        if not said_of_trade and (_officials_of_two_countries(s) or _talks_with_or_between(s) or
                                  _leaders_agree_talks(s)):
            if trade_story is None:
                trade_story = _trade_story(doc)
            # "He Lifeng and Scott Bessent held two days of talks in Stockholm" in a story about trade
            said_of_trade = bool(trade_story and _talk_match(text))
        if not said_of_trade:
            said_of_trade = _goods_talks(s)  # "will hold talks next week on semiconductors"
        if not said_of_trade:
            earlier = _earlier_round(events[-1], s, doc) if events else None
            if earlier is not None:
                events.append(earlier)  # "These will follow high-level meetings in Beijing on May 3 and 4"
                continue
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
            if events and "delegation" in s.low:
                _follow_up(events[-1], s, doc, dateline)  # (a sentence with a trade word)
            continue
        if any(w.start() <= m.start() < w.end() for w in _WHO_ASIDE.finditer(text)):
            continue  # "Lutnick, who led trade talks with Britain last month, said ...": an aside about him
        officials = [p for p in s.people if p.role == "official"]
        leaders = [p for p in s.people if p.role == "leader"]
        if not officials and not leaders:
            pro = _pronoun_official(doc, s)
            if pro is not None:
                officials = [pro]
        if VISIT.match(m.group(0)) and not officials and not leaders and not _VISITORS.search(text):
            continue  # "seafood from Canada can arrive in China's cities within 36 hours": no one travels
        countries = s.country_set(no_places=True)
        # the subject of a later "after/since/because ..." clause is no party ("resumed talks on compensation for
        # lost grain sales after Spain joined the EC")
        aside = {c.country for c in s.countries if c.start > m.end() and
                 _SUBORDINATE_BEFORE.search(text, max(0, c.start - 14), c.start)}
        countries = [c for c in countries if c not in aside or
                     sum(1 for d in s.countries if d.country == c) > 1]
        setting = _SETTING_AFTER.search(text, m.end())
        if setting is not None:
            countries = [c for c in countries if any(d.country == c and d.start < setting.start() for d in s.countries)]
        cut = _OTHER_CLAUSE.search(text, m.end())
        if cut:
            # "..., as Canada and Mexico watched closely", "..., adding that Beijing would buy ... from Brazil's
            # competitors": a later clause's countries are no parties when the talks' own clause names two
            before = {c.country for c in s.countries if c.start < cut.start()} | \
                {p.country for p in officials if p.country and p.start < cut.start()}
            if len(before) >= 2:
                countries = [c for c in countries if c in before]
        agreed = _agreed_to_start(text, m)
        # (the leaders who agree to start negotiations name their governments as the sides)
        parties = unique(countries + [p.country for p in officials + (leaders if agreed else []) if p.country])
        if not parties:
            parties = _counted_sides(text, s, doc)  # "The three countries held their first economic dialogue"
        if s.i > 0 and _THOSE_SIDES.search(text, m.start()):
            # "under discussion with those countries": the one list the sentence before names besides the speaker's
            runs = [run for run in _coordinated_runs(doc.sents[s.i - 1].text, doc.sents[s.i - 1].countries)
                    if not set(run) & set(parties)]
            if len(runs) == 1:
                parties = unique(parties + runs[0])
        if len(parties) == 1 and any(p.country is None for p in officials):
            # "U.S. Commerce Secretary Malcolm Baldrige for talks with Trade Minister Rha Woong-bae" in a story about
            # South Korea: an official the sentence gives no country is the story's country's
            home = next(iter(doc.main_countries(1)), None)
            if home is not None and home not in parties:
                parties = parties + [home]
        # (bilateral talks under a GATT article are two sides' talks: "Japan requested bilateral consultations in
        # accordance with Article 23-1 of the GATT in Washington")
        multi = (bool(MULTI.search(text)) or body) and not _BILATERAL_BEFORE.search(text, max(0, m.start() - 32),
                                                                                      m.start())
        if len(parties) == 1 and not officials and _GOV_SUBJECT.search(text, max(0, m.start() - 60), m.start()):
            # "The government is also in talks with the US": the unnamed government is the story's country's
            home = next((c for c in doc.main_countries(2) if c not in parties), None)
            if home is not None:
                parties = [home] + parties
        if len(parties) == 1 and not multi:
            # "Japan requested bilateral consultations ... in Washington": talks in another country's city with one
            # side named are with the host government (not at the seat of a body: Geneva, Brussels)
            loc = _venue(text)
            host = (CITY_COUNTRY.get(loc) or ALIAS_TO_COUNTRY.get(loc)) if loc and loc not in _SEATS else None
            if host and host not in parties:
                parties = parties + [host]
        if not parties and not multi:
            continue
        if len(parties) < 2 and not multi and not officials:
            continue
        if len(parties) < 2 and not multi and VISIT.match(m.group(0)) and \
                (_official_visit(s, doc) is None):
            continue  # "Commerce Secretary Lutnick visited a Ford plant in Detroit": a visit at home is no round of talks
        if leaders and not officials and (len(leaders) >= 2 or re.search(r"\bvisit", text)) and not agreed:
            continue  # a leaders' meeting or visit (not the negotiations they agree to start)
        if not officials and _LEADERS_MET.search(text, max(0, m.start() - 100), m.start()):
            continue  # "the heads of state of China and the United States had a constructive meeting"
        if leaders and s.people[0].role == "leader" and VISIT.match(m.group(0)):
            continue  # "Chirac ... during his visit to Washington": the leader's visit is a leader_meeting
        if _FORUM_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "led the Chinese delegation at the WEF meeting": a forum, not a negotiation
        local = text[max(0, m.start() - 100):m.end() + 100]
        if NONGOV.search(local) and not officials:
            continue
        one_government = len({p.country for p in officials}) <= 1
        if one_government and _MAKERS_MET.search(text, max(0, m.start() - 80), m.start()):
            continue  # "informed Volkswagen, Daimler and BMW during a secret meeting": a government and companies
        if not leaders and one_government and PRIVATE_SIDE.search(local):
            continue  # "Wang made the remarks at a meeting with the US-China Business Council": one government and firms
        if LEGISLATIVE.search(local) and not officials:
            continue
        if HYPO.search(text[max(0, m.start() - 60):m.end() + 40]) or NEG.search(local) or RECOMMENDS.match(text):
            continue
        if _WISHED.search(text, max(0, m.start() - 80), m.start()):
            continue  # "urged the United States to return to negotiations": talks called for, not held
        if ("'s " in text or "’s " in text) and _past_possessive_month(text, doc) and not FUTURE_OR_NOW.search(text):
            continue  # "February's Paris meeting" three weeks into March: a past meeting cited as context
        if _EARLIER_ROUNDS.search(text) and not FUTURE_OR_NOW.search(text):
            continue  # "during their previous rounds of talks, negotiators had once borne fruit": history
        if past_month_reference(text, doc.published) and not FUTURE_OR_NOW.search(text, 0, _own_clause_end(text, m)):
            continue  # "February's Paris meeting" in a late-March story
        if doc.published.day >= 10 and _EARLIER_THIS_MONTH.search(text) and not FUTURE_OR_NOW.search(text):
            continue  # "on the sidelines of the trade talks with China in Beijing earlier this month": a round before
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
        if "EU" in ev["parties"] and len(ev["parties"]) >= 2 and all(p == "EU" or p in _EU_MEMBERS for p in ev["parties"]):
            continue  # "EC agriculture ministers ... with West Germany opposing": the bloc's business with its members
        conf = 0.5 + 0.1 * (len(ev["parties"]) >= 2) + 0.1 * bool(ev["negotiators"]) + 0.1 * bool(ev["date"]) \
            + 0.05 * min(len(ev["evidence"]) - 1, 3)
        out.append(TradeTalks(parties=ev["parties"] or None, negotiators=ev["negotiators"] or None,
                              location=ev["location"], date=ev["date"],
                              date_text=ev["date_text"] if not ev["date"] else None,
                              confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3]))
    return out


_COUNTED_SIDES = _P["_COUNTED_SIDES"]
_SETTING_AFTER = _P["_SETTING_AFTER"]
_THOSE_SIDES = _P["_THOSE_SIDES"]
_BILATERAL_BEFORE = _P["_BILATERAL_BEFORE"]
_FORUM_BEFORE = _P["_FORUM_BEFORE"]
_EARLIER_THIS_MONTH = _P["_EARLIER_THIS_MONTH"]
# a maker of tariff.toml's table by name: "informed Volkswagen, Daimler and BMW during a secret meeting" is one
# government's meeting with companies
_MAKERS_MET = load("tariff")["_MAKER_NAME"]
_LIST_JOIN = _P["_LIST_JOIN"]
_TALKS_AGREED = _P["_TALKS_AGREED"]
_NUMBERS = {"two": 2, "three": 3, "four": 4}


def _counted_sides(text: str, s: Sent, doc: Doc) -> list[str]:
    """The countries "the three countries" of a sentence that names none are: as many as the count, named by
    the sentence before it (or else the headline); none when those name more or fewer."""
    m = _COUNTED_SIDES.search(text)
    if m is None:
        return []
    want = _NUMBERS[m.group(1).lower()]
    before = doc.sents[s.i - 1] if s.i > 0 else None
    title = find_countries(doc.title)
    for named in ((before.country_set(no_places=True) if before else []), [c.country for c in title if c.actor]):
        named = unique(named)
        if len(named) == want:
            return named
    # or one list of that many among more ("China, Japan, and South Korea have decided to work together to address
    # the challenges posed by U.S. tariffs": the three are the list, not the owner of the tariffs)
    for text_, mentions in (((before.text, before.countries) if before else ("", [])), (doc.title, title)):
        lists = [run for run in _coordinated_runs(text_, mentions) if len(run) == want]
        if len(lists) == 1:
            return lists[0]
    return []


def _coordinated_runs(text: str, mentions: list) -> list[list[str]]:
    """The countries a sentence lists together ("China, Japan, and South Korea"), one list per run."""
    runs: list[list[str]] = []
    prev = None
    for c in mentions:
        if not c.actor:
            prev = None
            continue
        if prev is not None and _LIST_JOIN.fullmatch(text, prev.end, c.start):
            if c.country not in runs[-1]:
                runs[-1].append(c.country)
        else:
            runs.append([c.country])
        prev = c
    return runs


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


_FOLLOW = _P["_FOLLOW"]
_WHO_ASIDE = _P["_WHO_ASIDE"]
_LEADERS_MET = _P["_LEADERS_MET"]
_SUBORDINATE_BEFORE = _P["_SUBORDINATE_BEFORE"]


def _earlier_round(ev: dict, s: Sent, doc: Doc) -> dict | None:
    """The round the last talks follow, told with its own city and day and no parties of its own ("These will
    follow high-level meetings in Beijing on May 3 and 4", "The first talks were in Beijing on May 3 and 4"): talks of
    the same sides, a round of their own."""
    m = _FOLLOWS_ROUND.search(s.text)
    if m is None or any(c not in ev["parties"] for c in s.country_set(no_places=True)):
        return None  # (other parties: other talks)
    date, _ = _date(s, doc, m.start())
    if not date or date == ev["date"] or is_background(s.text, doc.published):
        return None
    return dict(ev, location=m.group("city") or m.group("city2"), date=date, date_text=None, strong=True,
                negotiators=[], evidence=[s.text])


def _follow_up(ev: dict, s: Sent, doc: Doc, dateline: str | None, dates: bool = True) -> None:
    """A later sentence about the same talks gives their venue, date and negotiators."""
    text = s.text
    if "talks" not in s.low and "negotiations" not in s.low and "consultations" not in s.low and \
            "delegation" not in s.low:
        return
    m = _FOLLOW.search(text)
    if not m:
        return
    if any(c not in ev["parties"] for c in s.country_set(no_places=True)):
        return  # other parties: other talks
    local = text[max(0, m.start() - 100):m.end() + 100]
    # (an official of no known country who leads a side's delegation is that side's negotiator)
    leads = "delegation" in m.group(0).lower()
    officials = [p.name for p in s.people if p.role == "official" and (p.country in ev["parties"] or
                                                                        (leads and p.country is None))]
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
        # (one negotiator in two talks, each with its two sides named, is in two talks: "Carney told the GATT
        # ministers ...", "She said Canada/U.S. bilateral trade negotiations are progressing well")
        same = (old["multi"] and ev["multi"]) or not a or not b or a <= b or b <= a or len(a & b) >= 2 or \
            (set(old["negotiators"]) & set(ev["negotiators"]) and (len(a) < 2 or len(b) < 2))
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

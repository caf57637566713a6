"""leader_meeting: heads of state/government of different countries meet
(or are expected to, or propose to, or called it off); a leader's visit to
another country counts, and so does a named summit of leaders.

Leaders are recognised by name or by title ("Prime Minister X", "President
X", "his counterpart X"); ministers meeting each other are trade talks, not
this. Hypotheticals ("would open the way for summit talks"), denials ("no
meeting is planned") and background are dropped.
"""

from __future__ import annotations

import re

from newsalert.models import LeaderMeeting

from .base import never_raises
from .common import Doc, Sent, analyse, location_in, unique
from .cues import is_background
from .gazetteer import ALIAS_TO_COUNTRY, CITY_COUNTRY, COUNTRY_PLACE_NAMES
from .people import PersonMention
from .rules import load

COUNTRY_SHORT = {n: ALIAS_TO_COUNTRY[n] for n in ALIAS_TO_COUNTRY
                 if n in COUNTRY_PLACE_NAMES or n in ("Soviet Union", "USSR", "West Germany", "Britain",
                                                      "United Kingdom", "United States", "Korea")}

event_type = "leader_meeting"

# the regexes, the trigger words and the seats of government, with the why of each: patterns/meeting.toml
_P = load("meeting")

TRIGGERS = _P.words("TRIGGERS")
MEET = _P["MEET"]
SUMMIT = _P["SUMMIT"]
CANCEL = _P["CANCEL"]
HELD = _P["HELD"]
CONFIRM = _P["CONFIRM"]
NOT_CONFIRM = _P["NOT_CONFIRM"]
PROPOSE = _P["PROPOSE"]
EXPECT = _P["EXPECT"]
NEG = _P["NEG"]
HYPOTHETICAL = _P["HYPOTHETICAL"]
NOT_A_MEETING = _P["NOT_A_MEETING"]
NOT_LEADERS_SUMMIT = _P["NOT_LEADERS_SUMMIT"]
PAST_MEETING = _P["PAST_MEETING"]
SIDELINES = _P["SIDELINES"]
# LABELING.md: news is days to about two weeks old; a meeting held before that is background
NEWS_CYCLE_DAYS = 14
STATUS_RANK = {"proposed": 0, "expected": 1, "confirmed": 2, "held": 3, "cancelled": 4}


_WARNED_THAT = _P["_WARNED_THAT"]


def _clause_end_after(text: str, pos: int) -> int:
    """Where the clause at pos gives way to a reported statement ("..., warning that ..."), else the sentence's end."""
    said = _WARNED_THAT.search(text, pos)
    return said.start() if said is not None else len(text)


class MeetingDetector:
    event_type = event_type

    def detect(self, article) -> list[LeaderMeeting]:
        return never_raises(event_type, article, lambda: _detect(analyse(article)))


def _summit(text: str) -> tuple[bool, str | None]:
    if "ummit" not in text and "eaders" not in text:  # every pattern below needs one of the words
        return False, None
    for m in SUMMIT.finditer(text):
        place = m.group("place") or m.group("place2")
        if place:
            words = place.split()
            # "U.S./Soviet summit", "EC summit", "Venice summit", "APEC Summit"
            for w in (place, words[-1], words[0]):
                if w in CITY_COUNTRY:
                    return True, w
            if re.search(r"(?:EC|EU|APEC|ASEAN|G-?7|G-?20|NATO|Andean|Commonwealth|Soviet|U\.S\.|OAU|African\s+Union|"
                         r"Arab\s+League|BRICS|Mercosur)", place):
                return True, None
        inner = re.search(r"\((APEC|ASEAN|G-?7|G-?20|EU|NATO)\)\s+[Ss]ummit", text)
        if inner:
            return True, None
    if re.search(r"\b(?:U\.S\.|US)[-/](?:Soviet|China|Chinese|Japan|Japanese)\s+summit|superpower\s+summit", text):
        return True, None
    bloc = _BLOC_LEADERS_MEETING.search(text)
    if bloc is not None:
        # "today's summit meeting of EC leaders", "the meeting of leaders of the G-7 nations in Venice"
        place = bloc.group("place")
        return True, place if place in CITY_COUNTRY else None
    return False, None


def _confirmed(text: str) -> bool:
    return any(not NOT_CONFIRM.search(text[max(0, m.start() - 30):m.end()]) for m in CONFIRM.finditer(text))


def _status(full: str, pos: int) -> str:
    text = full[max(0, pos - 90):pos + 110]
    if CANCEL.search(text):
        return "cancelled"
    if PROPOSE.search(text) and not HELD.search(text):
        return "proposed"
    if HELD.search(text) and not re.search(r"\b(?:will|expected|would|scheduled)\b", text[:pos + 40]):
        return "held"
    if _confirmed(full):
        return "confirmed"
    if EXPECT.search(text):
        return "expected"
    bare = _WHO_ASIDE.sub(", ", full) if "who " in full else full  # (not a past act of an aside about someone else)
    if HELD.search(text) or ((HELD.search(bare) or _AFTER_MEETING.search(bare)) and not EXPECT.search(bare)):
        return "held"  # (a past act far from the meeting word: "signed a free trade agreement in London on Thursday
        # during the Indian prime minister's two-day visit", with nothing ahead in the sentence)
    return "expected"


ATTEND = _P["ATTEND"]
REPORTING = _P["REPORTING"]
OTHER_EVENT = _P["OTHER_EVENT"]
END_OF_PERIOD = _P["END_OF_PERIOD"]
_CALL_BEFORE_DATE = _P["_CALL_BEFORE_DATE"]
_WHO_ASIDE = _P["_WHO_ASIDE"]
OTHER_CLAUSE = _P["OTHER_CLAUSE"]
_NUM_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
END_OF_VISIT = _P["END_OF_VISIT"]


_SEATS_OF_POWER = _P.table("_SEATS_OF_POWER")
_AT_SEAT = _P["_AT_SEAT"]
_BACK_TO = _P["_BACK_TO"]
_ABOUT_PLACE = _P["_ABOUT_PLACE"]


_NAMES_A_GOVERNMENT = _P["_NAMES_A_GOVERNMENT"]
_DATED_SUMMIT = _P["_DATED_SUMMIT"]
_FICTION = _P["_FICTION"]
_PROGRESSIVE = _P["_PROGRESSIVE"]
_EARLIER_YEAR = _P["_EARLIER_YEAR"]
_NEW_CLAUSE = _P["_NEW_CLAUSE"]
_THE_TWO = _P["_THE_TWO"]
_AFTER_MEETING = _P["_AFTER_MEETING"]


def _location_near(text: str, anchor: int) -> str | None:
    """A place on the meeting word's side of a reporting verb: in "X and Y
    said the institute in Paris ...", Paris is what was said, not where."""
    for seat in _AT_SEAT.finditer(text):
        if _BACK_TO.search(text, max(0, seat.start() - 20), seat.start()):
            continue  # "since Trump returned to the White House": his office, not where the meeting is
        return _SEATS_OF_POWER[seat.group(1)]
    if "in " in text:
        text = _ABOUT_PLACE.sub(lambda m: "x" * (len(m.group(0)) - 1) + " ", text)  # same offsets, no "in X"
    start, end = 0, len(text)
    for r in REPORTING.finditer(text):
        if r.start() < anchor:
            start = r.end()
        else:
            end = r.start()
            break
    # the first place from the meeting word on ("His trip, which has included stops in Argentina, ends with a meeting
    # with Lula in Brasilia"), else the first of its span ("In Tokyo on Monday, Trump met Abe")
    return location_in(text[max(start, anchor):end]) or location_in(text[start:end])


def _date(s: Sent, doc: Doc, status: str, anchor: int) -> tuple[str | None, str | None]:
    iso, text = _date0(s, doc, status, anchor)
    if iso and len(iso) == 10:
        m = END_OF_VISIT.search(s.text)
        n = _NUM_WORDS.get(m.group(1).lower()) if m else None
        if n:  # the visit's end was dated: a meeting's date is its first day
            from datetime import date as _d, timedelta
            iso = (_d.fromisoformat(iso) - timedelta(days=n - 1)).isoformat()
    return iso, text


def _date0(s: Sent, doc: Doc, status: str, anchor: int) -> tuple[str | None, str | None]:
    if status == "held" and re.search(r"\b(?:opened|began|are\s+holding|is\s+holding)\s+talks|\b(?:is|are)\s+meeting",
                                      s.text):
        return doc.published.isoformat(), None
    for d in sorted(s.dates, key=lambda d: abs(d.start - anchor)):
        if abs(d.start - anchor) > 90:
            continue
        pre = s.text[max(0, d.start - 30):d.start]
        if re.search(r"\b(?:said|told|announced|reported|confirm\w*)\b[^,.;]{0,22}$", pre, re.I):
            continue
        if d.end <= anchor and OTHER_EVENT.search(s.text, d.end, anchor):
            continue
        if END_OF_PERIOD.search(pre):
            continue  # "until November 10": when something else ends, not when leaders meet
        if _CALL_BEFORE_DATE.search(pre):
            continue  # "spoke with Xi by phone on Friday": the call's day
        if d.start > anchor and OTHER_CLAUSE.search(s.text, anchor, d.start):
            continue  # "After the meeting, the two sides agreed to extend ... on May 1": another act's date
        if d.text.lower().endswith(" day"):
            continue  # "for the second day": counts the days of something under way, not a date
        low = d.text.lower()
        if re.search(r"(?:19|20)\d\d", low) and int(re.search(r"(?:19|20)\d\d", low).group(0)) < doc.published.year:
            continue
        if status in ("held",) and low in ("today", "tonight"):
            continue
        iso = doc.resolve_date(d.text, status not in ("held", "cancelled"))
        if iso:
            return iso, None
        return None, d.text
    return None, None


_CLAUSE_BREAK = _P["_CLAUSE_BREAK"]


def _leader_clauses(text: str, leaders: list) -> list[tuple[int, int]]:
    """(start, end) of each clause of the sentence that names one of the leaders."""
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if any(a <= p.start < b for p in leaders)]


def _leaders_meeting_word(text: str, leaders: list) -> re.Match | None:
    """The first meeting word of a leader's clause that is not in an aside about someone else ("Bessent, who
    visited Tokyo last week, said ... at their meeting on Thursday") (None: no clause has both)."""
    asides = [(w.start(), w.end()) for w in _WHO_ASIDE.finditer(text)]
    for a, b in _leader_clauses(text, leaders):
        for m in MEET.finditer(text, a, b):
            if not any(x <= m.start() < y for x, y in asides):
                return m
    return None


def _meeting_word_of_leaders(text: str, leaders: list) -> bool:
    """Whether a meeting word shares a clause with one of the leaders named (a minister's visit in the next
    clause is no meeting of theirs)."""
    return any(MEET.search(text, a, b) for a, b in _leader_clauses(text, leaders))


def _detect(doc: Doc) -> list[LeaderMeeting]:
    events: list[dict] = []
    other_summit = bool(doc.title) and NOT_LEADERS_SUMMIT.search(doc.title) is not None
    for s in doc.trigger_sentences(TRIGGERS):
        text = s.text
        mm = MEET.search(text)
        if not mm:
            continue
        # "the Trump administration", "Biden-era rules": a government named after its leader, not the leader
        leaders = [p for p in s.people if p.role == "leader" and not _NAMES_A_GOVERNMENT.match(text, p.end)]
        told = _pronoun_leader(s, doc, leaders) if len(leaders) == 1 else None
        if told is not None:
            leaders = [told] + leaders  # "His eight-day visit ... concludes by meeting Russian President Vladimir Putin"
        # the meeting word of the leaders' clause ("Bessent, who visited Tokyo last week, said ... Trump and Xi at
        # their meeting on Thursday": the meeting, not the minister's visit)
        mm = _leaders_meeting_word(text, leaders) or mm
        aside = _DASH_ASIDE.search(text)
        if aside is not None and not aside.start() <= mm.start() < aside.end():
            # "His visit - which has included a G7 leaders' meeting in the UK, an audience with the Queen - concludes by
            # meeting Putin in Geneva": the aside's meetings give this one no status, place or leader
            text = text[:aside.start()] + " " * (aside.end() - aside.start()) + text[aside.end():]
            leaders = [p for p in leaders if not aside.start() <= p.start < aside.end()]
        if not leaders and not events and "ummit" not in text and not _NAMED_LEADERS_MEETING.search(text) and \
                not _BLOC_LEADERS_MEETING.search(text):
            continue  # no leader, no summit, nothing reported yet: it cannot be a meeting of leaders
        summit, summit_place = _summit(text)
        side_place = None
        if summit and SIDELINES.search(text):
            # a meeting on the sidelines of a summit is not the summit itself, but it is where the summit is
            summit, summit_place, side_place = False, None, summit_place
        lcountries = unique(p.country for p in leaders if p.country)
        # (without a leader or a summit only the update branch below can accept the sentence, and it sets loc itself)
        loc = summit_place or side_place or (_location_near(text, mm.start()) if leaders or summit else None)
        ok = False
        unknown = any(p.country is None for p in leaders)
        if len(leaders) >= 2 and (len(lcountries) >= 2 or (unknown and len({p.name for p in leaders}) >= 2)):
            ok = True
        elif leaders and re.search(r"\bvisit\w*|\btrip\b|\barriv\w*|\btour\b", text, re.I):
            # a leader visiting another country
            if loc and CITY_COUNTRY.get(loc) not in lcountries:
                ok = True
            elif re.search(r"\bvisit\w*\s+(?:here|this\s+week|next\s+week)|\bvisit\s+to\b|\bvisit\s+(?:[A-Z]\w+)", text) or \
                    re.search(r"\b(?:first|official|state|\w+-day|\w+\s+week)\s+(?:official\s+)?visit\b", text):
                ok = True
        elif summit:
            ok = True
        elif leaders and re.search(r"\bsummit\b", text, re.I):
            ok = True
            if SIDELINES.search(text):
                loc = side_place  # a bilateral meeting at the summit
            else:
                summit = True  # "the summit": the one the article is about
                loc = summit_place
        if ok and len(leaders) == 1 and ATTEND.search(text):
            ok = False  # one leader travelling to a multilateral gathering is not a meeting of leaders
        elif events and re.search(r"\b(?:the|this|that)\s+(?:anticipated\s+|planned\s+|proposed\s+|expected\s+)?"
                                  r"(?:meeting|summit|visit)|\bthe\s+two\s+leaders\b", text):
            ok = True  # an update on the meeting already reported
            loc = summit_place or side_place  # other places in the sentence are not where it is
        if not ok:
            continue
        if len(lcountries) < 2 and "ummit" in text and (NOT_LEADERS_SUMMIT.search(text) or (
                other_summit and re.search(r"\b(?:the|this|that)\s+summit\b", text, re.I))):
            other_summit = True
            continue  # "Trump hosted a summit with crypto industry leaders": no other government at it (nor at "the summit")
        if _NEGOTIATORS_TALKS.search(text, max(0, mm.start() - 12), mm.end()) and \
                sum(1 for p in leaders if p.start < mm.start()) < 2:
            continue  # "In recent peace talks with Russia, Zelensky made decisions that angered Trump": negotiators' talks
        if summit and not leaders and any(p.role == "official" for p in s.people) and _MINISTERS_AT_SUMMIT.search(text):
            continue  # "At the G7 summit in Canada, Secretary of State Rubio encountered ...": the ministers' meeting
        first = s.people[0] if s.people else None
        if len(leaders) == 1 and not summit and first is not None and first.role == "official" and \
                first.start < mm.start() and first.country != leaders[0].country:
            continue  # "Energy Secretary Herrington is to meet King Hassan": a minister's meeting (LABELING.md)
        if leaders and not summit and not _meeting_word_of_leaders(text, leaders):
            continue  # "May has been in touch with Trump, but the Business Secretary has visited Boeing"
        # (a hypothetical told by a later clause is not the meeting's: "Trump, speaking alongside Netanyahu, warned
        # that failure could lead to severe consequences")
        if NEG.search(text) or HYPOTHETICAL.search(text, 0, _clause_end_after(text, mm.end())):
            continue
        if NOT_A_MEETING.search(text[max(0, mm.start() - 40):mm.end() + 40]) and not summit:
            continue
        if is_background(text, doc.published) and not EXPECT.search(text):
            continue
        if not EXPECT.search(text) and _earlier_year(text, mm.start(), doc):
            continue  # "during Trump's state visit to China in 2017": a visit of an earlier year, as context
        past = _DATED_SUMMIT.search(text) if "ummit" in text else None
        if past and int(past.group(1)) < doc.published.year:
            continue  # "proposals made at the 1986 Tokyo Summit": an earlier summit recalled
        if _FICTION.search(text):
            continue  # "Viola Davis stars as President Danielle Sutton": a film's president
        pm = PAST_MEETING.search(text) if ("met" in text or "visited" in text or "held" in text or "'s " in text
                                           or "’s " in text) else None
        year = pm and (pm.group("year") or pm.group("own_year"))
        if pm and (not year or int(year) < doc.published.year):
            later = _later_clause_meeting(text, pm.end(), leaders)
            if later is None:
                continue  # "last met in Osaka in 2019": an earlier meeting recalled
            # "Kishida visited Washington in 2024, and Ishiba will meet Trump next month": the next clause's meeting
            mm, begin, cut = later
            leaders = [p for p in leaders if p.start >= begin]
            summit_place = _summit(text[cut:])[1]
            loc = summit_place or _location_near(text[cut:], mm.start() - cut)  # not where they met before
        anchor = mm.start()
        sm = re.search(r"\b[Ss]ummit\b", text)
        if summit and sm:
            anchor = sm.start()
        status = _status(text, anchor)
        if status == "held" and any(int(y.group(1)) < doc.published.year for y in _IN_A_YEAR.finditer(text)):
            continue  # "progress ... during 2017, and companies signed deals during Trump's state visit to China"
        if status == "held" and _arranged(s, doc):
            status = "expected"
        date, date_text = _date(s, doc, status, anchor)
        if status == "held" and date and _weeks_before(date, doc):
            continue  # "met Trump at the White House last month" late in May: a meeting of an earlier news cycle
        confirmed_by = []
        if status == "confirmed":
            for m in CONFIRM.finditer(text):
                if NOT_CONFIRM.search(text[max(0, m.start() - 30):m.end()]):
                    continue
                for c in s.countries:
                    if c.end <= m.start() and m.start() - c.end < 40:
                        confirmed_by.append(c.country)
                        break
        participants = unique(p.name for p in leaders)
        host = _host_country(loc) if loc else None
        if len(participants) >= 2 and not summit and host and host not in lcountries and \
                _JOURNEY.match(mm.group(0)) and all(p.start < mm.start() for p in leaders):
            # "Macron and Merkel went to Washington": two visits to the host's government, not a meeting of the two
            for p in leaders:
                _merge(events, dict(participants=[p.name], location=loc, date=date, date_text=date_text,
                                    confirmed_by=[], status=status, evidence=[s.text], countries={p.country},
                                    summit=None, is_summit=False, guests=set(), visitor=p.name))
            continue
        if loc and loc in COUNTRY_SHORT:
            loc = COUNTRY_SHORT[loc]
        ev = dict(participants=participants, location=loc, date=date, date_text=date_text,
                  confirmed_by=unique(confirmed_by), status=status, evidence=[s.text],
                  countries=set(lcountries), summit=summit_place, is_summit=summit,
                  guests={c.country for c in s.countries for g in _LEADERS_FROM.finditer(text)
                          if g.end() <= c.start <= g.end() + 120})
        _merge(events, ev)
    out = []
    all_leaders = unique(p.name for s in doc.sents for p in s.people if p.role == "leader")
    # the article's leaders, each once ("Trump" is "Donald Trump")
    named = [n for n in all_leaders if not any(o != n and o.endswith(n) for o in all_leaders)]
    home = {p.name: p.country for s in doc.sents for p in s.people if p.role == "leader" and p.country}
    for ev in events:
        if ev.get("is_summit") and ev["status"] != "held":
            # a multilateral summit: the leaders the article names
            ev["participants"] = list(named)
        elif ev.get("is_summit") and ev.get("guests"):
            # "Macron hosted the summit, where leaders from Germany, the United Kingdom and Italy gathered" ...
            # "British Prime Minister Keir Starmer emphasized ...": the article's leader of a country said to attend
            ev["participants"] = unique(ev["participants"] + [n for n in named if home.get(n) in ev["guests"]])
        elif len(ev["participants"]) == 1 and ev["location"] and not ev.get("is_summit"):
            # a leader's visit to another country's capital meets its leader, when the article names them one
            host = _host_country(ev["location"])
            hosts = [n for n in named if home.get(n) == host] if host and host not in ev["countries"] else []
            if len(hosts) == 1:
                ev["participants"] = ev["participants"] + hosts
        conf = 0.5 + 0.15 * (len(ev["participants"]) >= 2) + 0.1 * bool(ev["date"]) + 0.1 * bool(ev["location"]) \
            + 0.05 * min(len(ev["evidence"]) - 1, 2)
        out.append(LeaderMeeting(participants=ev["participants"] or None, location=ev["location"], date=ev["date"],
                                 date_text=ev["date_text"] if not ev["date"] else None,
                                 confirmed_by=ev["confirmed_by"] or None, status=ev["status"],
                                 confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3]))
    return out


_NEGOTIATORS_TALKS = _P["_NEGOTIATORS_TALKS"]
_MINISTERS_AT_SUMMIT = _P["_MINISTERS_AT_SUMMIT"]
_LEADERS_FROM = _P["_LEADERS_FROM"]
_JOURNEY = _P["_JOURNEY"]
_NAMED_LEADERS_MEETING = _P["_NAMED_LEADERS_MEETING"]
_BLOC_LEADERS_MEETING = _P["_BLOC_LEADERS_MEETING"]
_OPENING_TIME = _P["_OPENING_TIME"]
_IN_A_YEAR = _P["_IN_A_YEAR"]


def _pronoun_leader(s: Sent, doc: Doc, leaders: list) -> PersonMention | None:
    """The leader a sentence opening with "He" or "His" speaks of: the one leader the sentence before names, when
    another country's than the leader this sentence names ("US President Joe Biden is heading to Switzerland. His
    eight-day visit ... concludes by meeting Russian President Vladimir Putin"); placed at the sentence's start."""
    if s.i == 0 or not _PRONOUN_OPENING.match(s.text):
        return None
    before = {p.name: p for p in doc.sents[s.i - 1].people if p.role == "leader"}
    if len(before) != 1:
        return None
    (prior,) = before.values()
    if prior.country is None or any(p.country == prior.country or _same_person(p.name, prior.name) for p in leaders):
        return None
    return PersonMention(start=0, end=0, name=prior.name, country=prior.country, role="leader")


_PRONOUN_OPENING = _P["_PRONOUN_OPENING"]
_DASH_ASIDE = _P["_DASH_ASIDE"]


def _later_clause_meeting(text: str, start: int, leaders: list) -> tuple[re.Match, int, int] | None:
    """After a past meeting recalled, a new clause with a leader of its own and a coming meeting ("..., and Ishiba
    will meet Trump in Tokyo next month"): that clause's meeting word, where its leaders are named from (0: the
    two of the clause before) and where the clause begins."""
    cut = _NEW_CLAUSE.search(text, start)
    if not cut:
        return None
    if any(p.start >= cut.end() for p in leaders):
        begin = cut.end()  # its own leaders
    elif _THE_TWO.match(text, cut.end()):
        begin = 0  # "..., but the two leaders are expected to meet": the leaders named before
    else:
        return None
    m = MEET.search(text, cut.end())
    if m and EXPECT.search(text, cut.end()) and not PAST_MEETING.search(text, cut.end()):
        return m, begin, cut.end()
    return None


def _earlier_year(text: str, anchor: int, doc: Doc) -> bool:
    """A year before publication dates the meeting word's own clause (within 100 characters, no comma or semicolon
    between): the meeting is of that year."""
    if "19" not in text and "20" not in text:
        return False
    opening = _OPENING_TIME.match(text)
    if opening is not None and int(opening.group(1)) < doc.published.year:
        return True  # "When the crisis broke out in the US in 2007, ..., the US ... proposing to initiate the G20 summit"
    for y in _EARLIER_YEAR.finditer(text):
        if int(y.group(1)) >= doc.published.year or abs(y.start() - anchor) > 100:
            continue
        a, b = sorted((y.end(), anchor))
        if not re.search(r"[,;]", text[a:b]):
            return True
    return False


def _arranged(s: Sent, doc: Doc) -> bool:
    """A progressive meeting ("are meeting", "is visiting") with a date of the sentence ahead of publication ("on
    Monday" in a Sunday story, "next week"): an arrangement, not a meeting under way."""
    m = _PROGRESSIVE.search(s.text)
    if not m or re.search(r"\b(?:met|held|had)\b", s.text):
        return False  # (a past meeting word in the same sentence: what happened is reported too)
    for d in s.dates:
        if d.start < m.start() or d.text.lower().startswith(("last", "this", "today", "tonight")):
            continue  # the date of what comes after the progressive verb only
        if d.text.lower().startswith(("next", "tomorrow", "later")):
            return True
        iso = doc.resolve_date(d.text, True)
        if iso and len(iso) == 10 and iso > doc.published.isoformat():
            return True
        if iso and len(iso) == 7 and iso > doc.published.isoformat()[:7]:
            return True
    return False


def _weeks_before(iso: str, doc: Doc) -> bool:
    """The meeting's own date (a day, or a month: its last day) lies more than two weeks (LABELING.md: the news
    cycle) before publication."""
    from datetime import date as _d, timedelta
    try:
        if len(iso) == 7:
            y, mo = int(iso[:4]), int(iso[5:7])
            last = _d(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        else:
            last = _d.fromisoformat(iso)
    except ValueError:
        return False
    return (doc.published - last).days > NEWS_CYCLE_DAYS


def _host_country(loc: str) -> str | None:
    """The country of a known place ("Washington" -> US), None for a place the gazetteer does not know."""
    return CITY_COUNTRY.get(loc) or ALIAS_TO_COUNTRY.get(loc)


def _place_country(loc: str) -> str:
    return _host_country(loc) or loc


def _same_person(a: str, b: str) -> bool:
    return a == b or a.endswith(" " + b) or b.endswith(" " + a) or a.startswith(b + " ") or b.startswith(a + " ")


def _distinct(a: list[str], b: list[str]) -> bool:
    """Each list names a leader the other does not."""
    return any(not any(_same_person(x, y) for y in b) for x in a) and \
        any(not any(_same_person(y, x) for x in a) for y in b)


def _merge(events: list[dict], ev: dict) -> None:
    for old in events:
        if (old.get("visitor") or ev.get("visitor")) and old.get("visitor") != ev.get("visitor"):
            continue  # each of two leaders who went to one capital visits its government
        if old["location"] and ev["location"] and _place_country(old["location"]) != _place_country(ev["location"]):
            continue  # "X arrived in A" and "X will meet Y in B" are two happenings
        if len(old["participants"]) >= 2 and len(ev["participants"]) >= 2 and not old.get("is_summit") and \
                not ev.get("is_summit") and _distinct(old["participants"], ev["participants"]):
            continue  # Trump-Anwar and Trump-Lula at the same summit are two meetings
        same = (old["summit"] or old.get("is_summit")) and (ev["summit"] or ev.get("is_summit")) and \
               (old["summit"] == ev["summit"] or not old["summit"] or not ev["summit"] or
                not old["participants"] or not ev["participants"]) or \
               (set(old["participants"]) & set(ev["participants"])) or \
               (old["location"] and old["location"] == ev["location"]) or \
               not old["participants"] or not ev["participants"] or \
               (old["summit"] and old["summit"] == ev["summit"])
        if not same:
            continue
        for p in ev["participants"]:
            if p not in old["participants"] and not any(q.endswith(p) or p.endswith(q) for q in old["participants"]):
                old["participants"].append(p)
        if not old["location"] and ev["location"]:
            old["location"] = ev["location"]
        if not old["date"] and ev["date"]:
            old["date"], old["date_text"] = ev["date"], None
        elif not old["date"] and not old["date_text"] and ev["date_text"]:
            old["date_text"] = ev["date_text"]
        old["confirmed_by"] = unique(old["confirmed_by"] + ev["confirmed_by"])
        if STATUS_RANK[ev["status"]] > STATUS_RANK[old["status"]]:
            old["status"] = ev["status"]
        old["summit"] = old["summit"] or ev["summit"]
        old["guests"] = old.get("guests", set()) | ev.get("guests", set())
        old["evidence"].append(ev["evidence"][0])
        return
    events.append(ev)

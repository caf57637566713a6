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

from .common import Doc, Sent, analyse, location_in, unique
from .cues import LEGISLATIVE, is_background
from .gazetteer import ALIAS_TO_COUNTRY, CITY_COUNTRY, COUNTRY_PLACE_NAMES

event_type = "trade_talks"

TALK = re.compile(r"\b(?:talks|negotiat\w+|consultations?|met\b|meet(?:s|ing)?|discuss\w*|conference|"
                  r"under\s+discussion|round\s+of\s+(?:\w+\s+)?(?:talks|negotiations)|session|visit\w*|leaves?\s+for|left\s+for|arriv\w+\s+(?:here|in)|"
                  r"surveillance\s+body|GATT\s+Council|dispute\s+panel)\b", re.I)
TRADE = re.compile(r"\b(?:trade|trading|tariffs?|GATT|WTO|Uruguay|imports?|exports?|market\s+access|agricultur\w*|farm|"
                   r"deficit|surplus|free[- ]trade|commerce|economic\s+relations|subsid\w+|dumping|"
                   r"quotas?|soybeans|rare[- ]earth|telecommunications\s+market|financial\s+markets)\b", re.I)
NONGOV = re.compile(r"\b(?:banks?|creditors?|bankers|debt|loan|rescheduling|farmers|union|workers|miners|"
                    r"strikers|companies|company|budget|IMF|G-?7|Group\s+of\s+Seven|finance\s+ministers|"
                    r"central\s+bank|Interim\s+Committee|exchange\s+rates?)\b", re.I)
HYPO = re.compile(r"\b(?:would\s+open|could\s+lead|if\s+(?:the|they|there)|unless|should|must|hope[sd]?\s+to|"
                  r"willing\s+to|authority\s+to\s+negotiate|can\s+play|chiefly\s+interested|to\s+get\s+the)\b", re.I)
NEG = re.compile(r"\b(?:no\s+(?:talks|negotiations)|not\s+(?:\w+\s+){0,2}(?:negotiate|hold\s+talks|meet)|"
                 r"refus\w+\s+to\s+(?:negotiate|hold))\b", re.I)
MULTI = re.compile(r"\b(?:GATT|WTO|Uruguay\s+Round|trade\s+ministers|delegates|surveillance\s+body|ministerial|"
                   r"multilateral|negotiating\s+groups?)\b")


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
    for s in doc.sents:
        text = s.text
        m = TALK.search(text)
        if not m or not TRADE.search(text):
            continue
        officials = [p for p in s.people if p.role == "official"]
        leaders = [p for p in s.people if p.role == "leader"]
        countries = s.country_set(no_places=True)
        parties = unique(countries + [p.country for p in officials if p.country])
        multi = bool(MULTI.search(text))
        if not parties and not multi:
            continue
        if len(parties) < 2 and not multi and not officials:
            continue
        if leaders and not officials and (len(leaders) >= 2 or re.search(r"\bvisit", text)):
            continue  # a leaders' meeting or visit
        local = text[max(0, m.start() - 100):m.end() + 100]
        if NONGOV.search(local) and not officials:
            continue
        if LEGISLATIVE.search(local) and not officials:
            continue
        if HYPO.search(text[max(0, m.start() - 60):m.end() + 40]) or NEG.search(local):
            continue
        if is_background(text, doc.published) and not re.search(r"\b(?:will|would|now|continu\w+|resum\w+|"
                                                                 r"progress\w*|today)\b", text):
            continue
        if re.search(r"\b(?:launched|began|opened|started)\s+(?:\w+\s+){0,3}(?:last|in)\s+(?:summer|year|September|"
                     r"(?:19|20)\d\d)", text):
            continue
        date, date_text = _date(s, doc, m.start())
        ev = dict(parties=parties, negotiators=unique(p.name for p in officials), location=location_in(text),
                  date=date, date_text=date_text, evidence=[text], multi=multi)
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

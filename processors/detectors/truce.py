"""trade_truce: governments agree to pause or de-escalate trade measures for a
time (a truce, a framework deal that suspends tariffs), or extend, end or
break such an agreement; also a truce (extension) under discussion.
"""

from __future__ import annotations

import re

from newsalert.models import TradeTruce

from .base import never_raises
from .common import Doc, analyse, unique
from .gazetteer import find_countries
from .cues import is_background
from .rules import load

event_type = "trade_truce"

# the regexes and the trigger words, with the why of each: patterns/truce.toml
_P = load("truce")

TRIGGERS = _P.words("TRIGGERS")
TRUCE = _P["TRUCE"]
TRADE = _P["TRADE"]
WAR = _P["WAR"]
_TRADE_WAR = _P["_TRADE_WAR"]
STRICT_TRADE = _P["STRICT_TRADE"]
NONGOV = _P["NONGOV"]
EXTENDED = _P["EXTENDED"]
PROPOSED = _P["PROPOSED"]
AGREED = _P["AGREED"]
EXPIRED = _P["EXPIRED"]
BROKEN = _P["BROKEN"]
UNTIL = _P["UNTIL"]
RANK = {"proposed": 0, "agreed": 1, "extended": 2, "expired": 3, "broken": 4}


DEFINITE = _P["DEFINITE"]
PAUSE_DEAL = _P["PAUSE_DEAL"]


def _antecedent(doc: Doc, i: int, m: re.Match) -> str | None:
    if not DEFINITE.match(doc.sents[i].text, max(0, m.start() - 12)) and not DEFINITE.search(
            doc.sents[i].text[max(0, m.start() - 12):m.end()]):
        return None
    for j in range(max(0, i - 2), i):
        t = doc.sents[j].text
        if PAUSE_DEAL.search(t):
            return t
    return None


class TruceDetector:
    event_type = event_type

    def detect(self, article) -> list[TradeTruce]:
        return never_raises(event_type, article, lambda: _detect(analyse(article)))


def _detect(doc: Doc) -> list[TradeTruce]:
    ev: dict | None = None
    for s in doc.trigger_sentences(TRIGGERS):
        text = s.text
        m = TRUCE.search(text)
        if not m:
            continue
        window = text[max(0, m.start() - 80):m.end() + 60]
        # (a sentence about tariffs that names no war: "the suspension of its 24% tariff ..., after Trump signed an
        # order extending the truce until November 10")
        said_of_trade = TRADE.search(window) or (m.group(0).lower() == "truce" and TRADE.search(text)
                                                 and not WAR.search(text))
        if not said_of_trade and not re.search(r"trade\s+truce", text, re.I):
            ante = _antecedent(doc, s.i, m)
            if ante is None:
                continue
            window = ante + " " + window  # "The truce sent markets higher" after "agreed to slash tariffs for 90 days"
        if NONGOV.search(window) and not re.search(r"trade\s+truce", window, re.I):
            continue
        if WAR.search(_TRADE_WAR.sub("", text)) and not STRICT_TRADE.search(window):
            continue  # a ceasefire in a war ("a verifiable truce ... economic partnerships") is not a trade truce
        if is_background(text, doc.published):
            continue
        if m.group(0).lower().startswith("de") and not re.search(r"\b(?:agree\w*|deal)\b", window, re.I):
            continue  # "hopes of de-escalating" is not a truce
        if BROKEN.search(window):
            action = "broken"
        elif EXPIRED.search(window) and not PROPOSED.search(window):
            action = "expired"
        elif EXTENDED.search(text[max(0, m.start() - 120):m.end() + 60]):
            action = "extended"
        elif PROPOSED.search(window):
            action = "proposed"
        elif AGREED.search(window):
            action = "agreed"
        else:
            action = "proposed"
        if action == "proposed" and m.group(0).lower().startswith("agree"):
            action = "agreed"  # the trigger is the agreement itself ("extending gains after X and Y agreed to a pause")
        until, until_text = None, None
        for d in s.dates:
            if UNTIL.search(text[max(0, d.start - 16):d.start]):
                until = doc.resolve_date(d.text, True)
                until_text = None if until else d.text
                break
        parties = s.country_set(no_places=True)
        for p in s.people:
            if p.country and p.role in ("leader", "official"):
                parties.append(p.country)
        parties = unique(parties)
        if ev is None:
            ev = dict(parties=parties, action=action, until=until, date_text=until_text, evidence=[text])
        else:
            ev["parties"] = unique(ev["parties"] + parties)
            if RANK[action] > RANK[ev["action"]]:
                ev["action"] = action
            ev["until"] = ev["until"] or until
            ev["evidence"].append(text)
    if ev is None:
        ev = _titled_truce(doc)
    if ev is None:
        return []
    if len(ev["parties"]) < 2:
        ev["parties"] = unique(ev["parties"] + doc.main_countries(2))[:max(2, len(ev["parties"]))]
    conf = 0.55 + 0.1 * (len(ev["parties"]) >= 2) + 0.1 * bool(ev["until"]) + 0.05 * min(len(ev["evidence"]) - 1, 3)
    return [TradeTruce(parties=ev["parties"] or None, action=ev["action"], until=ev["until"],
                       date_text=ev["date_text"] if not ev["until"] else None,
                       confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3])]


_TITLE_TRUCE = _P["_TITLE_TRUCE"]


def _titled_truce(doc: Doc) -> dict | None:
    """A truce the headline names between its sides ("Implications of EU-US trade truce for China") when the text
    names it otherwise ("Washington agreed to hold off on US tariffs on cars"): agreed, unless the headline says
    more."""
    title = doc.title or ""
    m = _TITLE_TRUCE.search(title)
    if m is None:
        return None
    # its sides name it ("EU-US trade truce"), not the country it is about ("... for China")
    parties = unique(c.country for c in find_countries(title) if c.actor and 0 <= m.start() - c.end <= 25)
    if len(parties) < 2:
        return None
    action = "broken" if BROKEN.search(title) else "expired" if EXPIRED.search(title) else \
        "extended" if EXTENDED.search(title) else "agreed"
    return dict(parties=parties, action=action, until=None, date_text=None, evidence=[title])

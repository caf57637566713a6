"""trade_truce: governments agree to pause or de-escalate trade measures for a
time (a truce, a framework deal that suspends tariffs), or extend, end or
break such an agreement; also a truce (extension) under discussion.
"""

from __future__ import annotations

import re

from newsalert.models import TradeTruce

from .base import never_raises
from .common import Doc, analyse, unique
from .cues import is_background

event_type = "trade_truce"

# Cheap prefilter: every TRUCE match contains one of these (lower case).
TRIGGERS = ("truce", "ceasefire", "cease-fire", "standstill", "pause", "framework", "escalat", "suspend")
TRUCE = re.compile(r"\b(?:truce|ceasefire|cease-fire|standstill|pause\s+(?:on|in)\s+(?:the\s+)?tariffs?|"
                   r"tariff\s+pause|framework\s+(?:deal|agreement)|de-?escalat\w+|"
                   # "The U.S. and China agreed to pause their tariffs for 90 days": two governments, one pause
                   r"agree[ds]?\s+to\s+(?:pause|suspend)\s+(?:their|the|most|some)\s+(?:[\w-]+\s+){0,2}?"
                   r"(?:tariffs|duties)(?=\s+(?:on\s+each\s+other|for\s+(?:\d+|[a-z]+)\s+(?:days|weeks|months))))\b", re.I)
TRADE = re.compile(r"\b(?:trade|tariffs?|dut(?:y|ies)|economic)\b", re.I)
WAR = re.compile(r"\b(?:war|military|ceasefire|cease-fire|peace|fighting|troops|invasion|Ukraine|Gaza|Hamas|"
                 r"hostages?|missiles?|drones?|shelling)\b", re.I)
_TRADE_WAR = re.compile(r"\b(?:trade|tariff|economic)\s+war\b", re.I)
STRICT_TRADE = re.compile(r"\b(?:trade\s+(?:truce|deal|talks|war|measures)|tariffs?|duties|export\s+controls?)\b", re.I)
NONGOV = re.compile(r"\b(?:farmers|workers|union|strikers|miners|protest\w*|rebels?|troops|war\s+in|"
                    r"Russia-Ukraine|fighting)\b", re.I)
EXTENDED = re.compile(r"\b(?:extended|agreed\s+to\s+extend|will\s+extend|prolong\w*|renewed|"
                      r"(?:signed|issued|approved|announced)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}extending)\b", re.I)
PROPOSED = re.compile(r"\b(?:extending|extension|discuss\w*|propos\w*|seek\w*|hop\w*|could|may|might|possible|"
                      r"talks?\s+on|covered|consider\w*)\b", re.I)
AGREED = re.compile(r"\b(?:agreed|reached|struck|signed|sealed|announced)\b", re.I)
EXPIRED = re.compile(r"\b(?:expir\w+|lapse[sd]?|ended|ran\s+out)\b", re.I)
BROKEN = re.compile(r"\b(?:broke|broken|violat\w+|collaps\w+|abandon\w+|scrapp\w+)\b", re.I)
UNTIL = re.compile(r"\b(?:until|through|to|till|expires?\s+(?:on)?|ends?\s+(?:on)?)\s+$", re.I)
RANK = {"proposed": 0, "agreed": 1, "extended": 2, "expired": 3, "broken": 4}


# "The truce ..." right after a sentence where governments agree to pause or cut tariffs for a time.
DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:\w+-day\s+)?(?:truce|ceasefire|cease-fire)\b", re.I)
PAUSE_DEAL = re.compile(r"\b(?:agree\w*|deal|accord)\b[^.;]{0,80}\b(?:slash\w*|cut\w*|paus\w*|suspend\w*|lower\w*|"
                        r"reduc\w*|roll\w*\s+back)\b[^.;]{0,60}\b(?:tariffs?|duties)\b", re.I)


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
        return []
    if len(ev["parties"]) < 2:
        ev["parties"] = unique(ev["parties"] + doc.main_countries(2))[:max(2, len(ev["parties"]))]
    conf = 0.55 + 0.1 * (len(ev["parties"]) >= 2) + 0.1 * bool(ev["until"]) + 0.05 * min(len(ev["evidence"]) - 1, 3)
    return [TradeTruce(parties=ev["parties"] or None, action=ev["action"], until=ev["until"],
                       date_text=ev["date_text"] if not ev["until"] else None,
                       confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3])]

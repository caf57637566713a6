"""export_control: a government restricts exports of goods or technology
(licences, bans, entity lists, export quotas, voluntary restraint) or
tightens, eases, suspends or lifts such restrictions.
"""

from __future__ import annotations

import re

from newsalert.models import ExportControl

from .base import never_raises
from .common import Doc, Sent, analyse, unique
from .cues import LEGISLATIVE, is_background, past_month_reference
from .gazetteer import ALIAS_TO_COUNTRY, find_countries, only_countries
from .rules import load

event_type = "export_control"

# the regexes and the cue words, with the why of each: patterns/export_control.toml
_P = load("export_control")

TRIGGER = _P["TRIGGER"]
NOT_CONTROL = _P["NOT_CONTROL"]
COMMODITY = _P["COMMODITY"]
ACT = _P["ACT"]
UNDER_PLAN = _P["UNDER_PLAN"]
EASE = _P["EASE"]
TIGHTEN = _P["TIGHTEN"]
SUSPEND = _P["SUSPEND"]
IN_EFFECT = _P["IN_EFFECT"]
NEG = _P["NEG"]
GOAL = _P["GOAL"]
HYPO_BEFORE = _P["HYPO_BEFORE"]
HYPO_AFTER = _P["HYPO_AFTER"]
HYPO_CLAUSE = _P["HYPO_CLAUSE"]
NONGOV = _P["NONGOV"]
STATUS_RANK = {"announced": 0, "in_effect": 1, "suspended": 2, "eased": 3, "tightened": 4}
_ITEMS = _P["_ITEMS"]


class ExportControlDetector:
    event_type = event_type

    def detect(self, article) -> list[ExportControl]:
        return never_raises(event_type, article, lambda: _detect(analyse(article)))


# a sentence whose subject is a company ("Ford Motor has suspended exports", "Nvidia halted shipments")
_COMPANY_ACTS = re.compile(r"(?:[A-Z][\w&.-]*\s+){1,3}(?:(?:Inc|Corp|Co|Ltd|Motor|Motors|Group|Holdings)\.?\s+)?"
                           r"(?:has|have|had|said\s+it\s+(?:has|had|would|will))?\s*(?:suspend|halt|stop|cut|curb|"
                           r"limit|restrict|ban|paus)\w*\s+(?:\w+\s+){0,3}?(?:exports?|shipments?|sales)\b")
_LISTED_IN = re.compile(r"\b(?:\d+|companies|firms|entities|ones)\s+(?:\w+\s+)?in\s+(?:the\s+)?$", re.I)


_DESTINATION_BEFORE = _P["_DESTINATION_BEFORE"]
_CIRCUMSTANCE = _P["_CIRCUMSTANCE"]


def _imposers(s: Sent, pos: int, doc: Doc, previous: str | None) -> list[str | None]:
    text = s.text
    before = [c for c in s.countries if c.start < pos and c.actor]
    subj: list[str] = []
    prev_end = 0
    for c in before:
        pre = text[max(0, c.start - 25):c.start]
        if re.search(r"\b(?:to|from|with|against|on|than|other\s+than)\s+(?:the\s+)?$", pre, re.I):
            continue
        if _LISTED_IN.search(pre):
            continue  # "added 80 companies, including more than 50 in China, to its list": where the firms are
        if _LISTED.match(text, c.end) and not re.match(r"'s\b", text[c.end:c.end + 2]):
            continue  # "added 15 U.S. firms to its list": the companies' country, not the actor
        if subj and re.match(r"\s*(?:and|,)\s*$", text[prev_end:c.start]):
            subj.append(c.country)
        else:
            subj = [c.country]
        prev_end = c.end
    if subj:
        return unique(subj)
    for p in s.people:
        if p.start < pos and p.country and p.role in ("leader", "official"):
            return [p.country]
    fallback = previous or doc.main_country
    if fallback and not previous and any(c.country == fallback and c.start > pos and _DESTINATION_BEFORE.search(
            text, max(0, c.start - 25), c.start) for c in s.countries):
        # "Western allies agreed to ease export restrictions on personal computers to the Soviet bloc": the story's
        # country is where the goods go, not who controls them (imposer unknown)
        return [None]
    return [fallback] if fallback else []


def _other_exporter(s: Sent, m: re.Match, imposers: list[str]) -> bool:
    """The restricted exports belong to a country other than the restricting
    one ("restrict EC exports" said of the U.S.)."""
    for c in s.countries:
        if m.start() <= c.start < m.end() and re.match(r"(?:'s)?\s*(?:\w+\s+){0,2}?exports?\b", s.text[c.end:]):
            return c.country not in imposers and not re.search(r"\b(?:agree\w*|pledg\w*|volunt\w*)\b",
                                                                s.text[:m.start()], re.I)
    return False


_LISTED = _P["_LISTED"]


def _target(s: Sent, pos: int, imposers: list[str]) -> str | None:
    for c in s.countries:
        # "added 15 U.S. firms to its list": the listed companies' country
        if c.country not in imposers and c.start > pos - 60 and _LISTED.match(s.text, c.end) and \
                re.search(r"\badd\w*\s+(?:\S+\s+){0,3}$", s.text[max(0, c.start - 40):c.start]):
            return c.country
    for c in s.countries:
        if c.country in imposers:
            continue
        pre = s.text[max(0, c.start - 45):c.start]
        if _LISTED_IN.search(pre):
            return c.country  # "added 80 companies, including more than 50 in China, to its list"
        # ("exports to China", "a ban against South Africa", "halt all trade with South Africa")
        if re.search(r"\b(?:to|for|against|into|trade\s+with)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}?(?:of\s+)?$", pre) \
                and not re.search(r"other\s+than\s+(?:the\s+)?$", s.text[max(0, c.start - 20):c.start]):
            return c.country
    return None


def _status(text: str) -> str:
    if SUSPEND.search(text):
        return "suspended"
    if TIGHTEN.search(text) and not EASE.search(text):
        return "tightened"
    if EASE.search(text):
        return "eased"
    if IN_EFFECT.search(text):
        return "in_effect"
    return "announced"


_ITEMS_ON = _P["_ITEMS_ON"]
_NOT_ITEM_WORDS = frozenset(_P.words("_NOT_ITEM_WORDS"))
_VERBS = frozenset(_P.words("_VERBS"))


_ITEMS_SALE = _P["_ITEMS_SALE"]
_ITEMS_OF = _P["_ITEMS_OF"]


def _items(text: str, pos: int) -> str | None:
    m = _ITEMS_SALE.search(text, max(0, pos - 60))
    if m and m.start() - pos < 80:
        return m.group(1).strip()
    for m in _ITEMS_OF.finditer(text, max(0, pos - 60)):
        if m.start() - pos < 100:
            return m.group(1).strip()
    m = _ITEMS_ON.search(text, max(0, pos - 10))
    if m and m.start() - pos < 60:
        return m.group(1).strip()
    for m in _ITEMS.finditer(text, max(0, pos - 60)):
        if m.group(2):
            words = m.group(2).lower().split()
            # leading verbs are not part of the goods ("reviewing remaining export controls", "approve export licences")
            while words and (words[0] in _NOT_ITEM_WORDS or words[0].endswith(("ed", "ing")) or words[0] in _VERBS):
                words.pop(0)
            if words and not any(w in _NOT_ITEM_WORDS for w in words):
                return " ".join(m.group(2).split()[-len(words):]) + " exports"
    return None


_CUE_WORDS = _P.words("_CUE_WORDS")
_CONTROL_WORDS = _P.words("_CONTROL_WORDS")
_SOLD_TO = _P["_SOLD_TO"]


def _detect(doc: Doc) -> list[ExportControl]:
    events: list[dict] = []
    last: str | None = None
    if not any(word in doc.low for word in _CUE_WORDS):
        return []
    for s in doc.sents:
        text = s.text
        low = s.low
        if not any(word in low for word in _CUE_WORDS):
            continue
        m = TRIGGER.search(text)
        if not m:
            continue
        said_as_control = any(word in low for word in _CONTROL_WORDS)  # else said of sales or shipments
        if not said_as_control and not _SOLD_TO.search(text, m.end()):
            continue  # "halted sales of its Prius in China": a company's sales; a control is on sales *to* a country
        nc = NOT_CONTROL.search(text, max(0, m.start() - 10), m.end() + 15)
        if nc and nc.start() < m.end() and m.start() < nc.end():
            continue
        local = text[max(0, m.start() - 80):m.end() + 40]
        # (looked for as far back as the non-government words are: "The U.S. Commerce Department on Tuesday added
        # 80 companies ... to its export restriction list")
        executive = re.search(r"\b(?:President|administration|White House|government|[Mm]inistry|[Dd]epartment|"
                              r"State\s+Council|[Cc]abinet)\b", text[max(0, m.start() - 120):m.end() + 40])
        if not executive and any(not (m.start() <= n.start() < m.end()) for n in
                                 NONGOV.finditer(text, max(0, m.start() - 120), m.end() + 60)):
            continue  # (a word inside the trigger is its object: "will allow private traders to export rice")
        if LEGISLATIVE.search(local) and not executive:
            continue
        if "licen" in m.group(0).lower() and COMMODITY.search(text):
            continue
        if GOAL.search(text[max(0, m.start() - 100):m.start()]) or HYPO_AFTER.search(text[m.end():]):
            continue
        if HYPO_BEFORE.search(text, max(0, m.start() - 40), m.start()) or \
                HYPO_CLAUSE.search(text, max(0, m.start() - 90), m.start()):
            continue  # "such high tariffs could halt exports": a consequence feared, not a control
        if NEG.search(local):
            continue
        if _CIRCUMSTANCE.search(local):
            continue  # "was forced to suspend exports after the pipeline was put out of action": no decision
        if not ACT.search(local):
            continue  # a description of controls, not an act
        if (is_background(text, doc.published) or past_month_reference(text, doc.published)) and \
                not re.search(r"\b(?:will|would|plan\w*|now)\b", text):
            continue
        up = UNDER_PLAN.search(text)
        if up and up.group(1) in ALIAS_TO_COUNTRY:
            imposers = [ALIAS_TO_COUNTRY[up.group(1)]]
        else:
            imposers = _imposers(s, m.start(), doc, last)
        if not imposers:
            continue
        if not said_as_control and not any(c.start < m.start() and c.country in imposers for c in s.countries):
            continue  # a sale stopped by no government named before it ("Toyota halted sales of its Prius to China")
        if _COMPANY_ACTS.match(text) and not any(c.start < m.start() and c.actor for c in s.countries) and \
                not any(p.start < m.start() and p.role in ("leader", "official") for p in s.people):
            continue  # "Ford Motor has suspended exports of some vehicles to China": a company's own act
        if _other_exporter(s, m, imposers):
            continue  # "quotas maintained by the U.S. restrict EC exports": an import barrier, not an export control
        target = _target(s, m.start(), imposers)
        status = _status(text[max(0, m.start() - 100):m.end() + 80])
        items = _items(text, m.start())
        if items and only_countries(items):
            # "export controls on China": the country they are aimed at, not goods
            target = target or next((c.country for c in find_countries(items) if c.country not in imposers), None)
            items = None
        for imp in imposers:
            ev = dict(imposer=imp, target=target, items=items, status=status, evidence=[text])
            _merge(events, ev)
        last = imposers[0]
    out = []
    for ev in events:
        conf = 0.55 + 0.1 * bool(ev["target"]) + 0.1 * bool(ev["items"]) + 0.05 * min(len(ev["evidence"]) - 1, 3)
        out.append(ExportControl(imposer=ev["imposer"], items=ev["items"], target=ev["target"], status=ev["status"],
                                 confidence=round(min(conf, 0.95), 2), evidence=unique(ev["evidence"])[:3]))
    return out


def _merge(events: list[dict], ev: dict) -> None:
    for old in events:
        if old["imposer"] == ev["imposer"]:
            if not old["target"] and ev["target"]:
                old["target"] = ev["target"]
            if not old["items"] and ev["items"]:
                old["items"] = ev["items"]
            if STATUS_RANK[ev["status"]] > STATUS_RANK[old["status"]] and old["status"] == "announced":
                old["status"] = ev["status"]
            old["evidence"].append(ev["evidence"][0])
            return
    events.append(ev)

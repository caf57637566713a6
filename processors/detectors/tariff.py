"""tariff_action: a government imposes, threatens, raises, cuts, delays,
suspends or lifts tariffs / import duties.

A sentence is a candidate when it has a tariff word ("tariffs", "duties",
"import taxes", "levies") used as a measure (not "General Agreement on Tariffs
and Trade", "Tariff Act", "non-tariff"), an act on it (impose, slap, raise,
cut, lift, delay, threaten, ...) or a country owning it ("U.S. tariffs"), and
a government behind it. Background (a completed act with a past date),
denials and legislators' bills are dropped. The imposer is the acting country
(subject side), the target the country on whose goods it falls (read by tariff_parties.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from newsalert.models import TariffAction

from .base import Candidate, Gate, never_raises
from .common import Doc, Sent, analyse, unique
from .cues import (CONDITIONAL, EITHER_BEFORE_NOT, LAST_PERIOD, LEGISLATIVE, NEGATION, PAST_TERM, PERSUADE_BEFORE_NOT,
                   is_background, months_back, past_month_reference)
from .gazetteer import find_countries, only_countries
from .rates import RATE_RE, first_number, rate_near, rate_text
from .rules import load
from .tariff_parties import (BENEFIT, _GLOBAL, _GOODS_FACE, _LEAD_ASIDE, _ON_A_DAY, _OWNER_GAP, _TARGET_OBJ, _agent,
                             _co_targets, _coordinated, _excluded_target, _imposer, _listed_targets, _offered_to,
                             _target, _told_subject, leader_owner)

event_type = "tariff_action"

# the regexes, the trigger words and the makers, with the why of each: patterns/tariff.toml
_P = load("tariff")

TRIGGERS = _P.words("TRIGGERS")
TARIFF_WORD = _P["TARIFF_WORD"]
NOT_MEASURE = _P["NOT_MEASURE"]
ACT = _P["ACT"]
LIFT = _P["LIFT"]
SUSPEND = _P["SUSPEND"]
DELAY = _P["DELAY"]
IN_EFFECT = _P["IN_EFFECT"]
THREAT = _P["THREAT"]
_GOODS = _P["_GOODS"]
_PASSIVE_GAP = _P["_PASSIVE_GAP"]
_GOODS_NUM = _P["_GOODS_NUM"]
_MONEY = _P.fragment("_MONEY")
_GOODS_VALUE = _P["_GOODS_VALUE"]
_GOV_WORDS = _P["_GOV_WORDS"]
_EFFECT_DATE_CUE = _P["_EFFECT_DATE_CUE"]
_ANAPHOR = _P["_ANAPHOR"]
_STANDING_ACT = _P["_STANDING_ACT"]
_SINCE_ACT = _P["_SINCE_ACT"]
_SINCE_CHAIN = _P["_SINCE_CHAIN"]
_UNTIL_BEFORE = _P["_UNTIL_BEFORE"]
_COMPANY_TARIFF = _P["_COMPANY_TARIFF"]
_AND_NEW_SUBJECT = _P["_AND_NEW_SUBJECT"]
_FORMER_LEVEL = _P["_FORMER_LEVEL"]
_AGREED_BY_BOTH = _P["_AGREED_BY_BOTH"]
_IN_FORCE_RELATIVE = _P["_IN_FORCE_RELATIVE"]


GOAL = _P["GOAL"]
CALLED_OFF = _P["CALLED_OFF"]
_AVOIDED = _P["_AVOIDED"]
_FIGURE_OBJECT = _P["_FIGURE_OBJECT"]
PURE_MODAL = _P["PURE_MODAL"]
STRONG_THREAT = _P["STRONG_THREAT"]
TOPIC = _P["TOPIC"]
GENERIC_SUBJ = _P["GENERIC_SUBJ"]
GENERIC_IS = _P["GENERIC_IS"]
GOAL_WIDE = _P["GOAL_WIDE"]
FINITE = _P["FINITE"]


def _governed_by_goal(clause: str, pos: int) -> bool:
    if pos < 0:
        return False
    last = None
    for g in GOAL_WIDE.finditer(clause, max(0, pos - 200), pos):
        last = g
    if last is None:
        return False
    return not FINITE.search(clause, last.end(), pos)


ALREADY = _P["ALREADY"]
PAST_ACT_BEFORE_DATE = _P["PAST_ACT_BEFORE_DATE"]
_OPENING_MONTH = _P["_OPENING_MONTH"]


def _opening_past_month(text: str, doc: Doc) -> bool:
    """A sentence that opens with an earlier month of the year ("In December, the UK said it would voluntarily
    suspend its tariffs", "In November, the EU hit $4bn of US goods with duties" in a December story): what it
    reports, said or done, is of that month, its "would" included; news of this month is "last month" or dated."""
    m = _OPENING_MONTH.match(text)
    if m is None:
        return False
    iso = doc.resolve_date(m.group("month"), future=False)
    if not iso or len(iso) != 7:
        return False
    return months_back(iso, doc.published) >= 1


def _past_dated_act(s: Sent, doc: Doc) -> bool:
    """A past-tense act dated weeks before the story ("introduced in January")."""
    for d in s.dates:
        if not PAST_ACT_BEFORE_DATE.search(s.text, max(0, d.start - 40), d.start):
            continue
        if past_month_reference(d.text, doc.published):
            return True
    return False


_COORDINATED = _P["_COORDINATED"]
_PUBLISHED_REPORT = _P["_PUBLISHED_REPORT"]
STUDY_SAID = _P["STUDY_SAID"]
STATUS_RANK = {"announced": 0, "threatened": 1, "lifted": 2, "suspended": 3, "delayed": 4, "in_effect": 5}


TRACE = False


def _trace(line: int, text: str) -> None:
    if TRACE:
        print(f"  skip@{line}: {text[:120]}")


class TariffDetector:
    event_type = event_type

    def detect(self, article) -> list[TariffAction]:
        return never_raises(event_type, article, lambda: _strict(analyse(article)))

    def candidates(self, article) -> list[Candidate]:
        return never_raises(event_type, article, lambda: _detect(analyse(article), permissive=True))


_OWNER_GAP_WORDS = _P["_OWNER_GAP_WORDS"]
_NAMED_BY_ACT = _P["_NAMED_BY_ACT"]
_TO_COME_BEFORE = _P["_TO_COME_BEFORE"]
_STAYS = _P["_STAYS"]
_VIEWED_BEFORE = _P["_VIEWED_BEFORE"]
_AS_A = _P["_AS_A"]


_RATE_ON_BEFORE = _P["_RATE_ON_BEFORE"]
_CHANGE_VERB_BEFORE = _P["_CHANGE_VERB_BEFORE"]
_TO_LEVEL_AFTER = _P["_TO_LEVEL_AFTER"]
_ANOTHER_VERB = _P["_ANOTHER_VERB"]
_ITS_STANDING_ACT = _P["_ITS_STANDING_ACT"]
_GOODS_LIST_TAIL = _P["_GOODS_LIST_TAIL"]
_LIST_OF_TIMES = _P["_LIST_OF_TIMES"]
_EXAMPLES_OF = _P["_EXAMPLES_OF"]
_ALL_IMPORTS = _P["_ALL_IMPORTS"]


_ASIDE_ACT = _P["_ASIDE_ACT"]


def _in_aside(text: str, pos: int) -> bool:
    """A tariff named inside brackets with no act in them ("(e.g., U.S. 100% tariffs)") is an example
    or a gloss of something else, not a report of an act."""
    opened = text.rfind("(", 0, pos)
    if opened < 0 or ")" in text[opened:pos]:
        return False
    closed = text.find(")", pos)
    if closed < 0:
        return False
    return not _ASIDE_ACT.search(text, opened, closed)


_ACCUSED_OF = _P["_ACCUSED_OF"]
_SETTING_BEFORE = _P["_SETTING_BEFORE"]
_HOPED_ACT = _P["_HOPED_ACT"]
_LEGAL_CHALLENGE = _P["_LEGAL_CHALLENGE"]
_NEWLY = _P["_NEWLY"]


_PLANNED_ACT = _P["_PLANNED_ACT"]
_OTHER_ACT = _P["_OTHER_ACT"]


def _governs(clause: str, cue: re.Match, at: int) -> bool:
    """Whether a change word (delay, pause, lift) is said of this tariff mention, not of another act or object."""
    if at < 0:
        return True
    if cue.start() < at:
        # "paused his plan to add tariffs": the act planned is what the pause is said of
        between = _PLANNED_ACT.sub(" ", clause[cue.end():at])
        return _OTHER_ACT.search(between) is None
    # (a relative aside says nothing of it: "tariffs on Mexican goods, which were scheduled to take effect on
    # Monday, have been suspended")
    between = _RELATIVE_ASIDE.sub(" ", clause[at:cue.start()])
    if _OTHER_HEAD_PASSIVE.search(between):
        return False  # "tariffs based on a measure that has been eliminated": the measure was, not the tariffs
    return len(between.split()) <= 12 and _OTHER_ACT.search(between) is None


_RELATIVE_ASIDE = _P["_RELATIVE_ASIDE"]
_OTHER_HEAD_PASSIVE = _P["_OTHER_HEAD_PASSIVE"]
_PLEA_NOT_TO = _P["_PLEA_NOT_TO"]


def _changed(rx: re.Pattern, clause: str, at: int) -> re.Match | None:
    for cue in rx.finditer(clause):
        if _governs(clause, cue, at):
            return cue
    return None


_SUBORDINATE = _P["_SUBORDINATE"]


def _from_subordinate(clause: str, at: int) -> str:
    """The clause from the last subordinator before the tariff word on (the whole clause when none)."""
    if at <= 0:
        return clause
    last = None
    for sub in _SUBORDINATE.finditer(clause, 0, at):
        last = sub
    return clause[last.start():] if last is not None else clause


def _status(clause: str, s: Sent, doc: Doc, effective: str | None, at: int = -1) -> str:
    """The tariff's status from its clause; `at` is where its tariff word sits in the clause (-1: unknown)."""
    if _changed(DELAY, clause, at):
        return "delayed"
    concessions = next((c for c in _SUSPENDED_CONCESSIONS.finditer(clause) if c.start() <= at < c.end()), None)
    if concessions is not None:
        # suspending tariff concessions (a WTO term) raises tariffs: the act, not a pause of one
        if THREAT.search(clause):
            return "threatened"
        return "in_effect" if concessions.group(1).lower() in ("suspended", "suspending") and not \
            _LIFT_AHEAD.search(clause, max(0, concessions.start() - 40), concessions.start()) else "announced"
    if _changed(SUSPEND, _SUSPENDED_CONCESSIONS.sub(lambda c: " " * len(c.group(0)), clause), at) and \
            not _IF_LATER.search(clause):
        return "suspended"  # (the concessions one suspends raise the other's tariffs: no pause of them)
    m = _changed(LIFT, clause, at)
    if m and not re.search(r"\bcuts?\b|\breduc", clause, re.I):
        if not THREAT.search(clause):
            # "will remove the tariffs", "agreed to eliminate": a removal decided, not yet applied (LABELING.md)
            return "announced" if _LIFT_AHEAD.search(clause, max(0, m.start() - 40), m.start()) else "lifted"
    if at >= 0 and _IN_FORCE_RELATIVE.match(clause, at):
        return "in_effect"
    own = _from_subordinate(clause, at)
    if "from" in own:
        own = _FORMER_LEVEL.sub(" ", own)  # "a 15% tariff, down from the 25% Trump had threatened": the old threat
    if THREAT.search(own) or CONDITIONAL.search(own):
        return "threatened"
    if IN_EFFECT.search(clause):
        return "in_effect"
    if effective and effective <= doc.published.isoformat() and len(effective) == 10 and \
            re.search(r"\b(?:imposed|took|came|went|applied|raised|cut|lowered|reduced|increased|hiked|slashed)\b",
                      clause):
        return "in_effect"
    applied = None if effective else (_APPLIED.search(clause) or _APPLIED_PAST.search(clause))
    if applied is not None and not _NOT_YET.search(_around(clause, applied)):
        return "in_effect"  # "has imposed a 20% tariff", "tariffs imposed by", "the imposition of": being applied
    return "announced"


_IF_LATER = _P["_IF_LATER"]
_SUSPENDED_CONCESSIONS = _P["_SUSPENDED_CONCESSIONS"]
_LIFT_AHEAD = _P["_LIFT_AHEAD"]


_APPLIED = _P["_APPLIED"]
_APPLIED_PAST = _P["_APPLIED_PAST"]
def _around(clause: str, m: re.Match) -> str:
    """The words a plan or threat would govern the act from: shortly before it, and after it up to the next
    comma ("His decision comes amid tensions driven by Trump's imposition of tariffs": the decision is another;
    "In response to tariffs imposed by Trump, China has decided to ...": China's decision is another)."""
    end = min((i for i in (clause.find(",", m.end()), clause.find(";", m.end())) if i >= 0), default=len(clause))
    return clause[max(0, m.start() - 50):end]


_NOT_YET = _P["_NOT_YET"]


_CAUSE_BEFORE = _P["_CAUSE_BEFORE"]
_CAUSE_CUE = _P["_CAUSE_CUE"]


_CAUSE_AFTER = _P["_CAUSE_AFTER"]


_EXAMPLE_OF_MEASURE = _P["_EXAMPLE_OF_MEASURE"]
_EARLIER_WORDS = _P.fragment("_EARLIER_WORDS")
_EARLIER = _P["_EARLIER"]
_EARLIER_NP = _P["_EARLIER_NP"]
_ADDED_TO_BEFORE = _P["_ADDED_TO_BEFORE"]
_ADDED_TO = _P["_ADDED_TO"]
_NAMED_PROPOSAL = _P["_NAMED_PROPOSAL"]
_NEWS_REPORT = _P["_NEWS_REPORT"]
_REMOVAL_OF = _P["_REMOVAL_OF"]


def _cause_tariff(s: Sent, doc: Doc, m: re.Match, events: list[dict]) -> dict | None:
    """The tariff named after "in response to" / "following", when the sentence gives its direction: an
    owner ("the U.S. tariffs", "the EU's recent 50% tariff"), or the goods' country with the answering
    tariff's target as imposer ("retaliatory tariffs against the U.S. following 25% tariffs on Mexican
    imports")."""
    text = s.text
    cue = _CAUSE_BEFORE.search(text, max(0, m.start() - 70), m.start())
    if cue is None:
        return None
    owner = None
    for c in s.countries:
        if c.start >= cue.start() and 0 <= m.start() - c.end <= 40 and _OWNER_GAP.fullmatch(text, c.end, m.start()):
            owner = c.country
    target = _target(s, m.start(), owner)
    imposer = owner or _agent(s, m.start())  # (or its agent: "the increased tariffs ... announced by President Trump")
    if imposer is None and target is not None:
        answering = [ev for ev in events if text in ev["evidence"] and ev["imposer"] == target and ev["target"]]
        imposer = answering[-1]["target"] if answering else None
    goods_match = _GOODS.search(text, m.end(), min(len(text), m.end() + 120))
    # (an owner's tariff on goods from everywhere has no target: "a response to the U.S. increasing tariffs on steel
    # and aluminum imports")
    on_all = owner is not None and target is None and goods_match is not None and goods_match.start() - m.end() < 25 \
        and not any(c.start > m.end() for c in s.countries if c.country != owner)
    if imposer is None or (target is None and not on_all) or imposer == target:
        return None
    segment = text[cue.start():]
    if is_background(segment, doc.published) or past_month_reference(segment, doc.published):
        return None
    if _EARLIER.search(text, cue.start(), m.start()):
        return None  # "in response to Canada's earlier tariffs": an older act, cited as context
    offset = cue.start()
    rate = rate_near(segment, m.start() - offset, m.end() - offset, 30)
    gm = goods_match
    goods = gm.group(1).strip() if gm and gm.start() - m.end() < 25 else None
    status = "in_effect" if IN_EFFECT.search(_clause(segment, m.start() - offset)) else "announced"
    return dict(imposer=imposer, target=target, rate=rate, goods=goods, effective_date=None, date_text=None,
                status=status, evidence=[text], gnum=None, gval=None, further=False, flags=[[]])


def _co_imposers(s: Sent, imposer: str, pos: int, target: str | None) -> list[str]:
    """Actor countries coordinated with the imposer as subject ("Canada and Mexico have announced their own
    tariffs"): each levies a tariff of its own."""
    before = [c for c in s.countries if c.end <= pos]
    idx = max((k for k, c in enumerate(before) if c.country == imposer), default=None)
    if idx is None:
        return []
    out: list[str] = []
    k = idx
    while k > 0:
        prev, cur = before[k - 1], before[k]
        if not _coordinated(s.text, prev, cur):
            break
        if prev.actor and prev.country not in (imposer, target) and prev.country not in out:
            out.append(prev.country)
        k -= 1
    # only a subject: "tariffs on Canada and Mexico" are targets, and "goods from X and Y" too
    lead = s.text[max(0, before[k].start - 40):before[k].start]
    if out and _TARGET_OBJ.search(lead) and not _ON_A_DAY.search(lead):
        return []
    return out


_OUTCOME = _P["_OUTCOME"]


_KEPT_MEASURE = _P["_KEPT_MEASURE"]


# goods named by a bare word and their origin ("on goods from Mexico and Canada")
_BARE_GOODS = {"goods", "imports", "products", "exports", "items"}
_GENERIC_FROM = _P["_GENERIC_FROM"]


_YEAR_CUT = _P["_YEAR_CUT"]


def _clause(text: str, pos: int) -> str:
    """The part of the sentence around the trigger (between strong breaks)."""
    left = max(text.rfind(";", 0, pos), text.rfind(" but ", 0, pos), text.rfind(" while ", 0, pos))
    lead = _LEAD_ASIDE.match(text)
    if lead is not None and lead.end() <= pos:
        left = max(left, lead.end() - 1)  # "In a move that could reshape the industry, X announced ...": an aside
    right_candidates = [i for i in (text.find(";", pos), text.find(" but ", pos), text.find(" while ", pos)) if i != -1]
    if ", and " in text:
        # ", and China said ...": a new subject with its own verb starts a clause of its own
        for new in _AND_NEW_SUBJECT.finditer(text):
            if new.start() < pos:
                left = max(left, new.start() + 5)
            else:
                right_candidates.append(new.start())
                break
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 if left >= 0 else 0:right]


_DECIDED_AGAINST = _P["_DECIDED_AGAINST"]


def _owner(s: Sent, pos: int, leaders: bool = False) -> str | None:
    """The country whose possessive owns the tariff word at pos ("China's tariffs", "the United States' additional
    tariff"; with leaders, also a leader's or official's: "Trump's proposed new round of tariffs"), else None."""
    owner = next((c.country for c in s.countries if 0 <= pos - c.end <= 6 or (
        0 <= pos - c.end <= 30 and _OWNER_GAP_WORDS.fullmatch(s.text, c.end, pos))), None)
    if owner is None and leaders:
        owner = leader_owner(s, pos)
    return owner


def _tariff_acts(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """The act verbs in text[start:end] that are not done to a figure ("has raised the operation costs")."""
    return (a for a in ACT.finditer(text, start, len(text) if end is None else end)
            if not _FIGURE_OBJECT.match(text, a.end()))


def _tariff_act(text: str, start: int, end: int) -> re.Match | None:
    """The first of `_tariff_acts` in text[start:end], or None."""
    return next(_tariff_acts(text, start, end), None)


def _negated(text: str, pos: int) -> bool:
    if CALLED_OFF.search(text[pos:pos + 160]) or CALLED_OFF.search(text[max(0, pos - 80):pos]):
        return True
    if _DECIDED_AGAINST.search(text, pos, pos + 160):
        return True
    before = text[max(0, pos - 60):pos]
    for m in NEGATION.finditer(before):
        tail = before[m.end():]
        if len(tail.split()) > 6:
            continue
        if PERSUADE_BEFORE_NOT.search(before[:m.start()]) or EITHER_BEFORE_NOT.search(before[:m.start()]):
            continue
        if re.search(r"\b(?:retaliat\w*|objection|reason|doubt|surprise)\b", tail, re.I) and \
                not re.match(r"\s*retaliat", tail, re.I):
            continue  # ("would not hesitate to retaliate with tariffs"; but "will not retaliate with tariffs")
        if m.group(0).lower() == "without":
            continue
        if _PAYING.search(tail):
            continue  # "Delta does not expect to pay the tariffs": the buyer's hope, no denial of the tariff
        return True
    return False


_PAYING = _P["_PAYING"]
_DENIAL_REACH = 2  # sentences


_RETALIATE_AGAINST = _P["_RETALIATE_AGAINST"]
FUTURE_ACT = _P["FUTURE_ACT"]
_DATE_WORD = _P["_DATE_WORD"]
_IF_CLAUSE = _P["_IF_CLAUSE"]


def _in_if_clause(text: str, pos: int) -> bool:
    """The tariff word sits in a conditional clause ("if ... tariffs ...,")
    that runs from "if" to the next comma."""
    return "if" in text.lower() and _IF_CLAUSE.search(text, max(0, pos - 120), pos) is not None


_TOLD_DONE = _P["_TOLD_DONE"]
_AHEAD = _P["_AHEAD"]
_STARTED_BEFORE_DATE = _P["_STARTED_BEFORE_DATE"]
_STRONG_DATE_CUE = _P["_STRONG_DATE_CUE"]


_OLDER_ACT_DATE = _P["_OLDER_ACT_DATE"]
_LEVEL_OF_A_THREAT = _P["_LEVEL_OF_A_THREAT"]
_FURTHER_THREAT = _P["_FURTHER_THREAT"]


def _effective(s: Sent, doc: Doc, pos: int, in_effect: bool = False,
               delayed: bool = False) -> tuple[str | None, str | None]:
    """The date the measure applies from. For a measure that has started
    ("took effect on Wednesday", "began collecting ... on Saturday") the date
    of that act is the effective date, read backwards from publication."""
    after = _DAYS_AFTER.search(s.text, max(0, pos - 120))
    if after is not None:
        # "will take effect in 15 days after the announcement by Trump on March 8": that day and 15 more
        # (not "21 days after the decree, on June 23": the effective day itself, told after a comma)
        base = next((d for d in s.dates if 0 <= d.start - after.end() <= 60 and
                     not re.search(r",\s*(?:on\s+)?$", s.text[after.end():d.start])), None)
        iso = doc.resolve_date(base.text, False) if base is not None else None
        if iso and len(iso) == 10 and (doc.published - date.fromisoformat(iso)).days <= 60:
            return (date.fromisoformat(iso) + timedelta(days=int(after.group(1)))).isoformat(), None
    cands = []
    for d in s.dates:
        if d.start < pos - 120:
            continue
        pre = s.text[max(0, d.start - 30):d.start]
        if re.search(r"\b(?:said|told|announced|announcement|reported|statement|approval)"
                     r"(?:\s+by\s+(?:[\w.]+\s+){0,2}[\w.]+)?\s+(?:on\s+|in\s+|last\s+)?$",
                     s.text[max(0, d.start - 50):d.start], re.I):
            continue  # the day something was said or announced ("after the announcement by Trump on March 8")
        if re.search(r"\b(?:give|approve|approval|vote|meet|meeting)\b", s.text[max(0, d.start - 40):d.start], re.I):
            continue
        if re.search(r"\bexempt(?:ion|ions|ed)?\b", pre, re.I):
            continue  # "the exemption, effective from April 5": the date of the exemption, not of the tariff
        cands.append((0 if _STRONG_DATE_CUE.search(s.text[max(0, d.start - 40):d.start]) else 1, d))
    # a date of the tariff's own clause before one of another ("It released a report in March, and imposed tariffs
    # ... on July 6"); the nearest first
    lo, hi = 0, len(s.text)
    for cut in _CLAUSE_JOIN.finditer(s.text):
        if cut.end() <= pos:
            lo = cut.end()
        elif cut.start() >= pos:
            hi = cut.start()
            break
    cands.sort(key=lambda x: (x[0], not (lo <= x[1].start < hi), abs(x[1].start - pos)))
    # a measure told as done ("On September 24, new levies came into force", "Beginning August 23, the
    # US slapped ...") started on or before the day of the article: its date is read backwards
    ahead = _AHEAD.search(s.text) is not None
    backwards = in_effect or (_TOLD_DONE.search(s.text) is not None and not ahead)
    for _, d in cands:
        pre = s.text[max(0, d.start - 30):d.start]
        low = d.text.lower()
        if ahead and _OLDER_ACT_DATE.search(s.text, max(0, d.start - 60), d.start):
            continue  # "will lift part of the tariffs it imposed on Japanese goods in April": the older act's date
        if re.search(r"\b(?:19|20)\d\d\b", low) and int(re.search(r"(?:19|20)\d\d", low).group(0)) < doc.published.year:
            continue
        if in_effect and (low.startswith("on ") or low in ("today", "yesterday") or
                          _STARTED_BEFORE_DATE.search(pre)):
            iso = doc.resolve_date(d.text, False)
            return iso, (None if iso else d.text)
        # "On Wednesday, the U.S. will impose ...": a leading date of a sentence about what will happen
        leading = d.start <= 2 and low.startswith("on ") and ahead
        if not leading and not _EFFECT_DATE_CUE.search(pre) and not low.startswith(("next", "later", "this")) and \
                not (delayed and pre.endswith(" to ")):  # "pushed back ... to August 1"
            continue
        if low == "today" and pre.rstrip().lower().endswith("effective"):
            return doc.published.isoformat(), None  # "lowered its tariff to 40 pct, effective today"
        if low in ("today", "yesterday") or low.startswith("last"):
            continue
        # "until November 10" lies ahead even for a measure in force
        iso = doc.resolve_date(d.text, not backwards or _UNTIL_BEFORE.search(pre) is not None)
        if iso and _FAR_AHEAD_DAYS < (date.fromisoformat(iso[:7] + "-01") - doc.published).days and \
                not re.search(r"\b(?:19|20)\d\d\b|\bnext\b", low):
            continue  # "Trump's decision in March" (in a June story): a month gone, not one nine months ahead
        return iso, (None if iso else d.text)
    return None, None


_FAR_AHEAD_DAYS = 200
_DAYS_AFTER = _P["_DAYS_AFTER"]
_CLAUSE_JOIN = _P["_CLAUSE_JOIN"]


def _date_from_anaphor(last: dict, siblings: list[dict], s: Sent, doc: Doc) -> None:
    """'The new tariffs take effect on May 1': a sentence with no tariff of its own dates the last one, and
    `siblings`, the other targets of the last one's sentence and imposer."""
    text = s.text
    if ("effect" not in s.low and "force" not in s.low) or not (anaphor := _ANAPHOR.search(text)):
        return
    took = _TOOK_EFFECT.search(anaphor.group(0)) is not None  # told as done: its date is read backwards
    eff, _ = _effective(s, doc, anaphor.end() if took else len(text), in_effect=took)
    for sibling in siblings:  # the other targets of the same measure ("goods originating in India, South Korea, ...")
        if eff and not sibling.get("effective_date") and sibling.get("status") == last.get("status"):
            sibling["effective_date"] = eff
            sibling["date_text"] = None
    if eff and not last.get("effective_date"):
        last["effective_date"] = eff
        last["date_text"] = None
        last["evidence"].append(text)
        if took:
            if not last.get("rate"):
                last["rate"] = rate_near(text, anaphor.start(), anaphor.start() + 10, 60)
            if eff <= doc.published.isoformat()[:len(eff)] and last["status"] == "announced":
                last["status"] = "in_effect"  # "The rise, from 10% to 25%, came into force on Friday"
            return
        if THREAT.search(text) and last["status"] == "announced":
            last["status"] = "threatened"
        elif last["status"] == "in_effect" and eff > doc.published.isoformat()[:len(eff)]:
            last["status"] = "announced"  # "imposed an additional 25% tariff ... The new levy will take effect on Aug. 27"


def _siblings(events: list[dict], last: dict) -> list[dict]:
    """The other events the last event's sentence gave its imposer (one measure on several targets)."""
    return [ev for ev in events if ev is not last and ev["imposer"] == last["imposer"]
            and last["evidence"][-1] in ev["evidence"]]


_TOOK_EFFECT = _P["_TOOK_EFFECT"]
_MUTUAL = _P["_MUTUAL"]
_TIT_FOR_TAT = _P["_TIT_FOR_TAT"]


def _mutual_pairs(s: Sent, doc: Doc, m: re.Match) -> list[tuple[str, str]]:
    """"both nations imposing tariffs on each other's goods", "a new round of tit-for-tat tariffs": a tariff each way
    between the two countries the sentence (or else the article) is about."""
    if not _MUTUAL.search(s.text, m.end(), m.end() + 60) and \
            not _TIT_FOR_TAT.search(s.text, max(0, m.start() - 24), m.start()):
        return []
    named = unique([c.country for c in s.countries if c.actor])
    two = named if len(named) == 2 else (doc.main_countries(2) if not named else [])
    if len(two) != 2:
        return []
    return [(two[0], two[1]), (two[1], two[0])]


def _up_to_next_measure(clause: str, at: int, m: re.Match) -> str:
    """The clause up to the next tariff word after this one: "imposed an import tax of 80%, on top of a 220%
    tariff that had already been set" - what is said of the 220% tariff is not said of this one."""
    if at < 0:
        return clause
    following = TARIFF_WORD.search(clause, at + len(m.group(0)))
    end = following.start() if following else len(clause)
    # (or up to the other measure it is added to: "enacted tariffs on $200 billion worth of Chinese imports on top of
    # the $50 billion he had already imposed")
    added = _ADDED_TO.search(clause, at + len(m.group(0)), end)
    return clause[:added.start() if added else end]


# doc._hits key of the strict events' fields, left by a permissive pass that no rule dropped anything in
_STRICT_FIELDS = "_tariff_strict_fields"


def _strict(doc: Doc) -> list[TariffAction]:
    """The strict pass's events: rebuilt from the fields a permissive pass of the same doc left when no rule
    of it dropped a mention (the two passes then took the same path: see `_detect`), else a strict pass."""
    fields = doc._hits.get(_STRICT_FIELDS)
    if fields is None:
        return [c.event for c in _detect(doc)]
    return [TariffAction(**f) for f in fields]  # new objects, as a pass of its own gives


def _tariff_words(doc: Doc, s: Sent) -> tuple[list[re.Match], dict[int, bool]]:
    """The tariff words of a sentence, and a table (start -> `_covered`) for `_detect` to fill; kept in the
    doc, as both passes of `_detect` and `identity_pairs` read them."""
    key = (_tariff_words, s.i)  # (no word tuple of `Doc.sentences_with` holds a function)
    got = doc._hits.get(key)
    if got is None:
        got = doc._hits[key] = (list(TARIFF_WORD.finditer(s.text)), {})
    return got


def _covered(text: str, m: re.Match) -> bool:
    """An excluded phrase ("Tariff Act", "non-tariff", "tariff talks") covers the tariff word."""
    if NOT_MEASURE.search(text[max(0, m.start() - 40):m.end() + 20]):
        # (searched once, not twice: the same search; it raises as before when the wider window has no match)
        nm = NOT_MEASURE.search(text[max(0, m.start() - 40):m.end() + 25])
        if nm.start() <= 40 + (m.end() - m.start()):
            # only skip when the excluded phrase covers this word
            ns = max(0, m.start() - 40) + nm.start()
            ne = max(0, m.start() - 40) + nm.end()
            return ns <= m.start() < ne or ns < m.end() <= ne
    return False


def _detect(doc: Doc, permissive: bool = False) -> list[Candidate]:
    """The tariff events of an article; `permissive` keeps what a rule would drop, flagged (see `Gate`).

    The two passes differ only where a rule drops a mention (`Gate.drop`, and the denial below): a
    permissive pass that drops none took the strict pass's path, so it leaves the strict events' fields
    in the doc for `_strict`, which the learned scorer's `detect` after `candidates` then reuses."""
    hits = doc.sentences_with(TRIGGERS)
    if not hits:
        return []
    drops: list[str] = []  # every drop of this pass, in either mode
    events: list[dict] = []
    negated_at: dict[str, set[int]] = {}  # imposer -> the sentences that deny a tariff of theirs
    last: dict | None = None
    article_threat = "threat" in doc.low or "warn" in doc.low
    prev_text: str | None = None
    for s in doc.sents:
        text = s.text
        found = False
        found_clauses: set[str] = set()
        if s.i not in hits:
            prev_text = text
            if last is not None:
                _date_from_anaphor(last, _siblings(events, last), s, doc)
            continue
        words, covered = _tariff_words(doc, s)
        told = _told_subject(s, doc) if words else None  # "It unveiled a list ...": the sentence before's subject
        lead = _LEAD_ASIDE.match(text) if words else None  # "In order to seek help ...,": read after it
        prev_background = prev_text is not None and is_background(prev_text, doc.published) \
            if words else False
        for m in words:
            gate = Gate(permissive, drops)
            skip = covered.get(m.start())
            if skip is None:
                skip = covered[m.start()] = _covered(text, m)
            if skip:
                _trace(235, text)
                continue
            cause = _cause_tariff(s, doc, m, events)
            if cause is not None:
                _merge(events, cause)
                continue
            clause = _clause(text, m.start())
            at = clause.find(m.group(0))
            cut = _CAUSE_AFTER.search(clause, at + len(m.group(0))) if at >= 0 else None
            if cut is not None:
                clause = clause[:cut.start()]  # what follows "in response to" is the other tariff's status
            outcome = _OUTCOME.search(clause, at + len(m.group(0))) if at >= 0 else None
            if outcome is not None:
                clause = clause[:outcome.start()]  # ", a move that could spark a trade war": not the act's modality
            further = _FURTHER_THREAT.search(clause, at + len(m.group(0))) if at >= 0 else None
            if further is not None and _APPLIED.search(clause, 0, further.start()):
                clause = clause[:further.start()]  # "has imposed 10% tariffs ..., threatening to raise them": two acts
            act = _tariff_act(text, max(0, m.start() - 70), min(len(text), m.end() + 110)) or \
                _PROBE_MAY_LEAD_TO.search(text, 0, m.start())
            # (a country's own measure: "China's tariffs", "the United States' additional tariff on $34 billion")
            owned = _owner(s, m.start()) is not None
            same_clause = found and (clause in found_clauses or not (" while " in text or ";" in text or " but " in text
                                                                   or _AND_NEW_SUBJECT.search(text) is not None))
            # a second measure of a clause has only a rate said of it, not the first one's
            own_rate = rate_near(text, m.start(), m.end(), 12) if same_clause else None
            if same_clause and own_rate is None and last is not None and \
                    _REMOVAL_OF.search(text, max(0, m.start() - 40), m.start()):
                own_rate = "0%"  # "a cut from 27.5% to 10% on vehicles and the elimination of tariffs on steel"
            # a later measure of a clause already read shares its act ("His proposed tariffs include a 25% tariff on
            # goods from Mexico and Canada and a 10% tariff on goods from China")
            if not act and not owned and not own_rate:
                _trace(241, text)
                continue
            # a measure named by what was done to it ("the 145% tariffs imposed on Chinese imports") whose sentence
            # reports no act of its own is cited as the cause of something else ("declines ... due to")
            # (a measure to come keeps its own modality: "potential tariffs introduced by President Trump")
            named = _NAMED_BY_ACT.match(text, m.end()) if not _TO_COME_BEFORE.search(
                text, max(0, m.start() - 30), m.start()) else None
            # (what the sentence says of it may be that it stays: "the tariffs imposed on Japanese products last month
            # would remain until Japan complies")
            # (an act on something else is none: "the OECD has lowered its growth forecasts due to the impact of
            # trade tariffs introduced by President Donald Trump")
            if named is not None and act is not None and act.start() < named.end() and not any(
                    a.start() >= named.end() or a.end() <= m.start() for a in _tariff_acts(text)
                    if not named.start() <= a.start() < named.end()) and not _STAYS.search(text, named.end()):
                if gate.drop("named_by_act"):
                    continue
            kept = _KEPT_MEASURE.search(text, max(0, m.start() - 90), m.start())
            gval = _goods_value(text, m.start())
            if same_clause:
                # one event per clause ("U.S. duties will fall to 30%, while Chinese duties will drop to 10%"),
                # unless the mention carries a rate of its own ("a 20% duty on apples and a 30% duty on walnuts")
                # or goods of another value ("tariffs on $34 billion of goods, and then a list worth $200 billion"),
                # or is a measure kept ("threatening tariffs if Beijing does not remove its retaliatory tariffs")
                owner = _owner(s, m.start(), leaders=True)
                if not (own_rate and last is not None and first_number(own_rate) != first_number(last.get("rate"))) \
                        and not (gval and last is not None and last.get("gval") and gval != last["gval"]) \
                        and not (owner and last is not None and owner != last["imposer"]) \
                        and kept is None:
                    _trace(244, text)
                    continue
            # actors that are not governments: legislators' bills, studies
            pre = text[:m.start()]
            local = text[max(0, m.start() - 90):m.start()]
            if LEGISLATIVE.search(local) and not re.search(r"\b(?:administration|government|President|White House|"
                                                           r"Commission|ministers?|ministry)\b", local):
                if gate.drop("legislative"):
                    continue
            local = text[max(0, m.start() - 70, lead.end() if lead and lead.end() <= m.start() else 0):m.start()]
            # a plea not to impose it tells of a tariff weighed ("urges Trump not to impose tariffs on imports")
            plea_m = _PLEA_NOT_TO.search(text, max(0, m.start() - 90), m.start())
            plea = plea_m is not None
            if (GOAL.search(local) or TOPIC.search(local)) and not _STANDING_ACT.search(local) and not plea and \
                    not (TOPIC.search(local) and _NAMED_PROPOSAL.search(local)):
                # (a proposal named as the topic is one: "a hearing ... to discuss proposed 25 percent tariffs")
                if gate.drop("goal_or_topic"):
                    continue
            if _AVOIDED.search(text, max(0, m.start() - 90), m.start()):
                if gate.drop("goal_or_topic"):
                    continue  # "to avoid potential tariffs": tariffs escaped, no act
            if _VIEWED_BEFORE.search(text, max(0, m.start() - 30), m.start()) and _AS_A.match(text, m.end()):
                if gate.drop("viewed_as"):
                    continue  # "He views tariffs as a means to encourage reshoring": a view of the tool, no act
            if not plea and _governed_by_goal(clause, clause.find(m.group(0)) if m.group(0) in clause else -1):
                if gate.drop("goal_governs"):
                    continue  # "would seek ... to eliminate tariffs", "talks would cover ... tariff cuts"
            if re.search(r"\b(?:study|report|economists?|analysts?)\b|\bexperts?\s+(?:\w+\s+)?(?:analy[sz]ed|said|say|"
                         r"believe|expect|predict|forecast|think)\w*\s+(?:that\s+)?", pre, re.I) and not any(
                    p.role in ("leader", "official") for p in s.people) and not _PUBLISHED_REPORT.search(pre):
                if not re.search(r"\b(?:government|administration|ministry)\b", pre, re.I):
                    if gate.drop("study"):
                        continue
            said_by = STUDY_SAID.search(text)
            if said_by and not any(p.role in ("leader", "official") for p in s.people) and \
                    not _NEWS_REPORT.search(text, max(0, said_by.start() - 25), said_by.end()):
                if gate.drop("study_said"):
                    continue  # "..., a government study said": a finding, not an act
            imposer = _imposer(s, m.start(), doc, told or (last["imposer"] if last else None))
            if plea_m is not None:  # the tariff is the one urged ("to persuade the U.S. not to impose tariffs")
                imposer = next((c.country for c in s.countries if c.actor and plea_m.start() < c.start < m.start()),
                               next((p.country for p in s.people if p.country and p.role in ("leader", "official")
                                     and plea_m.start() < p.start < m.start()), imposer))
            standing = _STANDING_ACT.search(text, max(0, m.start() - 70), m.start())
            if standing is not None:  # "the U.S. threat to impose", "Washington's decision to raise": its owner
                imposer = next((c.country for c in s.countries if c.actor and 0 <= standing.start() - c.end <= 3),
                               imposer)
            if imposer is None:
                if not permissive or doc.main_country is None:
                    _trace(263, text)
                    continue
                imposer = doc.main_country
                gate.drop("imposer_from_article")
            target = _target(s, m.start(), imposer)
            if target is None:
                target = _offered_to(s, doc, m.end(), imposer)
            spared = _excluded_target(s, m.end(), imposer)
            if spared is not None and spared == target:
                target = None  # "a pause on most tariffs, excluding those on Chinese goods": not paused for China
            if kept is not None:
                # its owner is who does not remove it ("if Beijing does not remove its retaliatory tariffs")
                owner = next((c.country for c in reversed(s.countries)
                              if c.actor and c.end <= kept.start() and kept.start() - c.end <= 25), None)
                if owner is not None and owner != imposer:
                    imposer, target = owner, _target(s, m.start(), owner)
            if kept is None and _negated(text, m.start()):
                negated_at.setdefault(imposer, set()).add(s.i)
                if gate.drop("negated"):
                    continue
            window = clause[max(0, clause.find(m.group(0)) - 100):clause.find(m.group(0)) + len(m.group(0)) + 60] \
                if m.group(0) in clause else text[max(0, m.start() - 100):m.end() + 60]
            tail = _YEAR_CUT.match(text, text.find(window) + len(window)) if window in text else None
            if tail is not None:
                window += tail.group(0)  # "on Jan 1, 2017": the year the window had cut off
            at_word = window.find(m.group(0))
            joins = list(_COORDINATED.finditer(window, 0, at_word)) if at_word > 0 else []
            if joins:
                window = window[joins[-1].end():]  # "released a report in March, and imposed tariffs on July 6"
            # (the answer's own words say nothing of the act it answers: "The new tariffs are in response to ...")
            answers = list(_CAUSE_CUE.finditer(window, 0, max(at_word, 0)))
            answered = answers[-1] if answers else None
            futureish = re.search(r"\b(?:will|would|plan\w*|to\s+be|expected|due|next|later|further|"
                                  r"another|new)\b", window[answered.end():] if answered else window, re.I)
            if futureish and futureish.group(0).lower() in ("new", "another", "further") and \
                    LAST_PERIOD.search(window, 0, futureish.start()):
                futureish = None  # new then: "authorised the US to retaliate last year, leading to new US duties"
            # (or the time frame that opens the sentence: "Since its accession to the WTO, China has ... cut its tariffs")
            opening = PAST_TERM.search(text, 0, min(len(text), 80)) if m.start() > 80 else None
            if (is_background(window, doc.published) or past_month_reference(window, doc.published) or opening) \
                    and not futureish:
                if gate.drop("background"):
                    continue
            if _past_dated_act(s, doc):
                if gate.drop("past_dated"):
                    continue  # "a tariff increase introduced in January" (in a March story)
            # a sentence of an earlier month ("In March, Trump announced plans to impose 25-percent tariff on imported
            # steel and 10 percent on aluminum" in a June story) tells of a tariff the article reports now, or of none
            details_only = _opening_past_month(text, doc) and gate.drop("past_dated")
            if ALREADY.search(_up_to_next_measure(clause, at, m)) and not futureish:
                if gate.drop("already"):
                    continue  # "Japan has already lowered the duties": a completed act cited as context
            if prev_background and not futureish and not s.dates and re.search(
                    r"\b(?:agreed|imposed|introduced|signed|cut|raised|lifted|was|were|had)\b", clause):
                if gate.drop("background_passage"):
                    continue  # continuing a background passage
            if PURE_MODAL.search(window) and not STRONG_THREAT.search(window) and not article_threat:
                if gate.drop("speculation"):
                    continue  # bare speculation, no government act behind it
            if m.start() < 20 and GENERIC_SUBJ.match(text[:m.start()]) and GENERIC_IS.match(text, m.end()):
                if not s.dates and not FUTURE_ACT.search(clause):
                    if gate.drop("definition"):
                        continue  # "A tariff is a tax charged on goods": a definition
            if _SINCE_ACT.search(text, max(0, m.start() - 90), m.start()) or \
                    _SINCE_CHAIN.search(text, max(0, m.start() - 260), m.start()):
                if gate.drop("background"):
                    continue  # "the first deal since he imposed sweeping tariffs": the past act measured from
            if _EARLIER_NP.search(text, max(0, m.start() - 40), m.start()) or \
                    _ADDED_TO_BEFORE.search(text, max(0, m.start() - 60), m.start()):
                if gate.drop("earlier"):
                    continue  # "in response to Peru's earlier tariffs", "on top of the 25% tariff": an older act
            if same_clause and _DONE_BEFORE_AFTER.match(text, m.end()):
                if gate.drop("earlier"):
                    continue  # "an alternative to the 145% levies he imposed last month": the older act compared
            if _COMPANY_TARIFF.search(text, max(0, m.start() - 140), m.end()):
                continue  # a company's prices ("operators raised their tariffs"): no government measure at all
            if _EXAMPLE_OF_MEASURE.search(text, max(0, m.start() - 50), m.start()):
                # "retaliatory measures like tariffs": a kind of measure, not an act. Dropped in the permissive
                # pass too: no candidate of it is a tariff, so a flag would only give the scorer noise to fit
                continue
            if _LEGAL_CHALLENGE.search(text, 0, m.start()) and \
                    not _NEWLY.search(text, max(0, m.start() - 30), m.start()):
                if gate.drop("legal_challenge"):
                    continue  # "a lawsuit challenging President Donald Trump's tariffs": the suit is the news
            if _HOPED_ACT.search(text, max(0, m.start() - 100), m.start()):
                if gate.drop("expectation"):
                    continue  # "due to expectations the U.S. will remove its 100 pct import duty": a market's hope
            if _SETTING_BEFORE.search(text, max(0, m.start() - 150), m.start()):
                if gate.drop("setting"):
                    continue  # "comes up at a time when the world is shrouded in ... the US initiated tariff increases"
            if _ACCUSED_OF.search(text, max(0, m.start() - 50), m.start()):
                if gate.drop("accusation"):
                    continue  # "US accusations of higher Chinese tariffs on US goods": a charge, no act
            if _in_aside(text, m.start()):
                if gate.drop("aside"):
                    continue  # "tensions (e.g., U.S. 100% tariffs) slowed growth": an example, no act
            if _RETALIATE_AGAINST.search(text, max(0, m.start() - 60), m.start()):
                if gate.drop("retaliation_against"):
                    continue  # "retaliating against the tariffs": the act is the (unnamed) retaliation
            if kept is None and _in_if_clause(text, m.start()) and not _ITS_STANDING_ACT.search(
                    text, max(0, m.start() - 70), m.start()):  # (the condition may name a plan that exists)
                if gate.drop("if_clause"):
                    continue  # "If Washington imposed tariffs on X, prices would rise": the condition, not an act
            eff, eff_text = _effective(s, doc, m.start(), bool(IN_EFFECT.search(clause)),
                                       bool(DELAY.search(clause)))
            if kept is not None:
                eff, eff_text = None, None  # "remove its tariffs by April 8": a deadline for the removal, not their date
            status = "in_effect" if kept is not None else "threatened" if plea else \
                _status(clause, s, doc, eff, clause.find(m.group(0)))
            rate = own_rate if same_clause else rate_near(text, m.start(), m.end(), 120)
            # (up to the next tariff word another country owns: "slash tariffs, with U.S. duties on Chinese goods
            # falling to 30%" is the level of the U.S. duties, not of the tariffs slashed)
            others_own = next((w.start() for w in words if w.start() > m.start() and any(
                0 <= w.start() - c.end <= 6 and c.country != imposer for c in s.countries)), len(text))
            level = _NEW_LEVEL_TO.search(text, m.end(), min(len(text), m.end() + 130, others_own))
            if level is not None and _LEVEL_OF_A_THREAT.search(text, m.end(), level.start()) and \
                    rate_near(text, m.start(), m.end(), 3):
                level = None  # "imposed 10-percent tariffs on ..., threatening to raise the rate to 25 percent"
            if level is not None and (m.group(0) not in clause or text[m.end():level.start()] in clause):
                # "the 25-percent tariff ... slashed to 15 percent", "cut tariffs on U.S. cars to zero"
                zero = level.group("rate").lower() == "zero"
                rate = "0%" if zero else rate_text(RATE_RE.match(text, level.start("rate")))
            if rate is None and _TO_ZERO.match(text, m.end()) and _CUT_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                rate = "0%"  # "will cut tariffs on U.S. cars to zero"
            if rate is None and _ZERO_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                rate = "0%"  # "proposed zero tariffs on U.S. goods"
            changed_to = _CHANGE_VERB_BEFORE.search(text, max(0, m.start() - 40), m.start())
            level_after = _TO_LEVEL_AFTER.match(text, m.end()) if changed_to is not None else None
            if level_after is not None:
                # "floated lowering the 145% tariffs on Chinese goods to 80%": the level it would move to
                rate = rate_text(RATE_RE.match(text, level_after.start("rate")))
            baseline = None  # a rate on every country's goods the sentence names beside a country's own rate
            if target is not None and rate is not None:
                # "setting tariffs from 25% to 40% ..., including 25% on Japan and South Korea": the target's own rate
                own = next((r for c in s.countries if c.country == target and c.start > m.end()
                            for r in [_RATE_ON_BEFORE.search(text, max(0, c.start - 30), c.start)] if r), None)
                own_rate = rate_text(RATE_RE.match(text, own.start(1))) if own is not None else None
                if own_rate is not None and "-" in rate:
                    rate = own_rate
                elif own_rate is not None and own_rate != rate and _ALL_IMPORTS.search(text, m.end(), own.start()):
                    # "a 10% baseline tariff on all imports and higher rates ..., including 34% on China"
                    baseline, rate = rate, own_rate
            gm = _GOODS.search(text, m.end(), min(len(text), m.end() + 120))
            goods = gm.group(1).strip() if gm and (gm.start() - m.end() < 25 or _PASSIVE_GAP.fullmatch(
                text, m.end(), gm.start())) and not _ANOTHER_VERB.search(text, m.end(), gm.start()) else None
            if goods and _DATE_WORD.match(goods):
                goods = None  # "announced the tariff in a letter on Wednesday"
            if goods and _SPAN_OF_TIME.fullmatch(goods):
                goods = None  # "pause their tariffs for 90 days": for how long, not on what
            if goods and (level_end := _TO_LEVEL_END.search(goods)) is not None and level_end.start() > 0:
                goods = goods[:level_end.start()]  # "passenger cars to 120 percent": the goods, then their new level
            listed = _GOODS_LIST_TAIL.match(text, gm.end(1)) if goods and gm and text.startswith(goods, gm.start(1)) \
                else None
            list_tail = ""
            if listed is not None and not _LIST_OF_TIMES.search(listed.group(0)) and \
                    not _EXAMPLES_OF.search(goods + listed.group(0)):
                # (not examples of a kind: "agricultural products, including canola, peas, and pork" are the kind's,
                # and the tracker would read pork as the goods of China's other, 25% tariff on pork)
                list_tail = listed.group(0)
                goods += list_tail  # "on U.S. steel, bourbon and motorcycles from April 1": the whole list
            origin = _GENERIC_FROM.match(text, gm.end(1)) if goods and gm and goods.lower() in _BARE_GOODS else None
            if origin is not None:
                goods += origin.group(0)  # "goods" alone says nothing: "goods from Mexico" does
                if goods.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", goods):
                    goods = goods[:-1]  # the sentence's full stop, not "U.S."
            unnamed = _UNNAMED_TARGETS.match(text, m.end())
            if unnamed:
                # "a 25% tariff on countries that buy Venezuelan oil": Venezuela is not taxed, and who is
                # taxed is what tells this tariff from the imposer's others
                if target in _countries_described(text, unnamed):
                    target = None
                goods = re.split(r",|;|\s[-\u2013\u2014]\s", text[unnamed.start():].strip())[0]
                goods = re.sub(r"^(?:on|against)\s+", "", goods)
            elif goods and (only_countries(goods) or _NOT_GOODS.search(goods) or
                            {c.country for c in find_countries(goods)} == {imposer}):
                # "new tariffs on Canada, Mexico, and China", "on imports from countries like China",
                # China's "tariffs on Chinese imports": targets or another tariff's goods, not these goods
                goods = None
            if spared is not None:
                goods = None  # the goods after "excluding those on" are the spared ones
            goods_after = gm.end(1) if goods and gm is not None else None
            if goods is None:
                goods = _subject_goods(s, m.start())
            added = _ADDED_TO.search(goods) if goods else None
            if added is not None and added.start() > 0:
                goods = goods[:added.start()].rstrip(" ,")  # "... Chinese imports| on top of the $50 billion ..."
            if goods and len(goods.split()) > 14:
                goods = " ".join(goods.split()[:14])
            gnum = None
            for gn in _GOODS_NUM.finditer(text):
                if abs(gn.start() - m.start()) < 80:
                    gnum = gn.group(1)
                    break
            goods_head = goods[:-len(list_tail)] if list_tail and goods and goods.endswith(list_tail) else goods
            ev = dict(imposer=imposer, target=target, rate=rate, goods=goods, goods_head=goods_head, effective_date=eff,
                      date_text=eff_text, status=status, evidence=[text], gnum=gnum, gval=gval,
                      rated_in_clause=bool(same_clause and own_rate),  # "... and a 25% tariff on steel"
                      removal=status in ("lifted", "announced") and kept is None and at >= 0 and
                      _changed(LIFT, clause, at) is not None,  # a removal, lifted or decided
                      further=bool(re.search(r"\b(?:further|another|more|new\s+round)\b", clause, re.I)),
                      flags=[gate.flags], details_only=details_only)
            found = True
            found_clauses.add(clause)
            last = _merge(events, ev)
            raised = _raised_later(text, m.end(), ev, s, doc) if rate else None
            if raised is not None:
                if raised["effective_date"] and last is ev and ev["effective_date"] == raised["effective_date"]:
                    # "... to 25 percent starting Jan. 1": the date of the raise, not of the tariff (nor its status)
                    ev["effective_date"] = None
                    if kept is None:
                        ev["status"] = _status(clause, s, doc, None, clause.find(m.group(0)))
                _merge(events, dict(ev, **raised, evidence=[text], flags=[list(gate.flags)], listed=True))
            if spared is not None:
                _merge(events, dict(ev, target=spared, status="in_effect", rate=None, evidence=[text],
                                    exempt="spared", flags=[list(gate.flags)]))
            if baseline is not None:
                _merge(events, dict(ev, target=None, rate=baseline, goods=None, evidence=[text], listed=True,
                                    flags=[list(gate.flags)]))
            exempt = _EXEMPTED.search(text, max(0, m.start() - 160), m.start())
            exempted = exempt and (exempt.group("g1") or exempt.group("g2"))
            if exempted and not _VERB.search(exempted):
                _merge(events, dict(ev, goods=exempted.strip(), status="lifted", evidence=[text], gnum=None, gval=None,
                                    exempt=True, flags=[list(gate.flags)]))  # an exemption removes it for those goods
            co_targets = _co_targets(s, target, imposer) if target else []
            siblings = [_merge(events, dict(ev, target=other, evidence=[text], flags=[list(gate.flags)]))
                        for other in co_targets]
            if goods_after is not None:
                for rate2, goods2 in _listed_measures(text, goods_after):
                    # (on each country the sentence names: "25 percent on steel imports and 10 percent on aluminum
                    # imports from the EU, Canada and Mexico" is six measures)
                    for each in (target, *co_targets):
                        _merge(events, dict(ev, target=each, rate=rate2, goods=goods2, evidence=[text],
                                            flags=[list(gate.flags)], listed=True))
            if siblings:
                group = [last, *siblings]  # one measure on several countries: what is said of it later is said of all
                for member in group:
                    member["group"] = group
            if target and rate:
                for rate2, target2 in _listed_targets(s, m.end(), imposer, {target, *(e["target"] for e in siblings)}):
                    _merge(events, dict(ev, target=target2, rate=rate2, goods=None, evidence=[text],
                                        flags=[list(gate.flags)], listed=True))
            others = _co_imposers(s, imposer, m.start(), target)
            agreed = _AGREED_BY_BOTH.search(clause) if target is None else None
            if agreed is not None and not others and agreed.group("sides") and clause in text:
                # "a deal between the US and the UK to suspend tariffs": the two sides the deal names
                offset = text.find(clause)  # (not `at`, the tariff word's place in the clause)
                sides = {c.country for c in s.countries
                         if c.actor and offset + agreed.start("sides") <= c.start < offset + agreed.end("sides")}
                if len(sides) == 2 and imposer in sides:
                    others = sorted(sides - {imposer})
            # two sides that agree to suspend or cut "tariffs" with no target named: each side's on the other's goods
            mutual = target is None and len(others) == 1 and agreed is not None
            if mutual and last["target"] is None and last["imposer"] == imposer:
                last["target"] = others[0]
            for other in others:
                _merge(events, dict(ev, imposer=other, target=imposer if mutual else ev["target"], evidence=[text],
                                    flags=[list(gate.flags)]))
            for a, b in _mutual_pairs(s, doc, m):
                _merge(events, dict(ev, imposer=a, target=b, rate=None, goods=None, evidence=[text],
                                    flags=[list(gate.flags)], mutual=True))
        prev_text = text
        if not found and last is not None:
            _date_from_anaphor(last, _siblings(events, last), s, doc)
    _answered_targets(events)
    _continued_targets(events)
    out: list[Candidate] = []
    fields: list[dict] = []  # each event's constructor arguments
    where = {s.text: s.i for s in doc.sents} if negated_at else {}
    for ev in events:
        denied = negated_at.get(ev["imposer"])
        # a denial nearby ("said they would not impose tariffs") undoes a threat; one paragraphs away is of another
        # ("Boeing has not yet felt the impact of any tariffs" four sentences after "threatened to impose tariffs")
        if denied and ev["status"] in ("threatened",) and any(
                abs(where.get(t, -99) - i) <= _DENIAL_REACH for t in ev["evidence"] for i in denied):
            drops.append("imposer_denied")
            if not permissive:
                continue
            ev["flags"] = [f + ["imposer_denied"] for f in ev["flags"]]
        conf = 0.55 + 0.1 * bool(ev["target"]) + 0.1 * bool(ev["rate"]) + 0.1 * bool(ev["effective_date"]) \
            + 0.05 * min(len(ev["evidence"]) - 1, 2)
        fields.append(dict(imposer=ev["imposer"], target=ev["target"], rate=ev["rate"], goods=ev["goods"],
                           effective_date=ev["effective_date"], date_text=ev["date_text"],
                           status=ev["status"], confidence=round(min(conf, 0.95), 2),
                           evidence=unique(ev["evidence"])[:3]))
        out.append(Candidate(TariffAction(**fields[-1]), ev["flags"]))
    if permissive and not drops:
        doc._hits[_STRICT_FIELDS] = fields
    return out


_EXEMPTED = _P["_EXEMPTED"]
_VERB = _P["_VERB"]
_PROBE_MAY_LEAD_TO = _P["_PROBE_MAY_LEAD_TO"]
_SPAN_OF_TIME = _P["_SPAN_OF_TIME"]
_TO_ZERO = _P["_TO_ZERO"]
_ZERO_BEFORE = _P["_ZERO_BEFORE"]
_CUT_BEFORE = _P["_CUT_BEFORE"]
_NEW_LEVEL_TO = _P["_NEW_LEVEL_TO"]  # (with rates.toml's RATE_RE in it, as the three _TO_LEVEL below)
_LISTED_MEASURE = _P["_LISTED_MEASURE"]


_GOODS_TAIL = _P["_GOODS_TAIL"]
_MEASURE_NOUN = _P["_MEASURE_NOUN"]


_TO_LEVEL_END = _P["_TO_LEVEL_END"]
_TO_LEVEL_AT = _P["_TO_LEVEL_AT"]
_LISTED_TO_LEVEL = _P["_LISTED_TO_LEVEL"]


def _subject_goods(s: Sent, pos: int) -> str | None:
    """The goods a sentence's subject names when they "face" the tariff ("British cars will face a 10% tariff"),
    so that a second rate on other goods of the same country stays a measure of its own."""
    for c in s.countries:
        if c.start >= pos:
            break
        named = _SUBJECT_GOODS.match(s.text, c.end)
        if named is not None and _GOODS_FACE.fullmatch(s.text, c.end, pos):
            return s.text[c.start:named.end(1)]
    return None


_SUBJECT_GOODS = _P["_SUBJECT_GOODS"]


_LATER_LEVEL = _P["_LATER_LEVEL"]


def _raised_later(text: str, after: int, ev: dict, s: Sent, doc: Doc) -> dict | None:
    """A later level the sentence gives the same tariff, a measure of its own (LABELING.md: one per rate): "imposed
    additional 10-percent tariffs on $200 billion of Chinese products, threatening to raise the tariff rate to 25
    percent starting Jan. 1", "would impose 10-percent tariffs ... starting on Sept. 24, and expand the levy to 25
    percent beginning Jan. 1". Its rate, status and date, or None."""
    later = _LATER_LEVEL.search(text, after, min(len(text), after + 220))
    if later is None:
        return None
    rate = rate_text(RATE_RE.match(text, later.start("rate")))
    if first_number(rate) == first_number(ev["rate"]):
        return None
    status = "threatened" if later.group("threat") or ev["status"] == "threatened" else "announced"
    when = next((d for d in s.dates if later.end() <= d.start <= later.end() + 30), None)
    return dict(rate=rate, status=status, effective_date=doc.resolve_date(when.text) if when else None,
                date_text=None)


def _listed_measures(text: str, goods_end: int) -> list[tuple[str, str]]:
    """Further (rate, goods) pairs of one list: "tariffs of 25% on steel and 10% on aluminum", "on cars to
    120 percent, alcoholic drinks to 140 percent"."""
    found: list[tuple[str, str]] = []
    at = goods_end
    level = _TO_LEVEL_AT.match(text, at)  # the goods stopped before their own new level ("cars| to 120 percent")
    if level is not None:
        at = RATE_RE.match(text, level.end()).end()
    if level is not None or _TO_LEVEL_END.search(text, max(0, at - 40), at):
        while (item := _LISTED_TO_LEVEL.match(text, at)) is not None:
            rm = RATE_RE.match(text, item.end())
            found.append((rate_text(rm), item.group("goods").strip()))
            at = rm.end()
        return found
    rest = _GOODS_TAIL.match(text, at)  # "on 120 items imported [from the United States including fruits]"
    if rest is not None and _LISTED_MEASURE.match(text, at) is None:
        at = rest.end()
    while (lead := _LISTED_MEASURE.match(text, at)) is not None:
        rm = RATE_RE.match(text, lead.end())
        if rm is None:
            break
        tail = _MEASURE_NOUN.match(text, rm.end())
        gm = _GOODS.match(text, tail.end()) if tail else None
        if gm is None or not gm.group(1).strip():
            break
        found.append((rate_text(rm), gm.group(1).strip()))
        at = gm.end(1)
    return found


_UNNAMED_TARGETS = _P["_UNNAMED_TARGETS"]


def _countries_described(sentence: str, unnamed: re.Match) -> set[str]:
    """The countries in the clause that describes the unnamed ones taxed ("that buy Venezuelan oil")."""
    return {c.country for c in find_countries(sentence[unnamed.end():unnamed.end() + 120])}


def unnamed_target_countries(sentence: str) -> set[str]:
    """Countries a sentence names only to describe the unnamed ones a tariff is on ("a tariff on countries
    that buy Venezuelan oil"): never that tariff's target."""
    out: set[str] = set()
    for m in re.finditer(r"\b(?:tariffs?|duty|duties|levy|levies)\b", sentence, re.I):
        unnamed = _UNNAMED_TARGETS.match(sentence, m.end())
        if unnamed:
            out |= _countries_described(sentence, unnamed)
    return out


_NOT_GOODS = _P["_NOT_GOODS"]


# words of any list of goods ("120 items including fruits and related products", "eight items including pork")
_GENERIC_GOODS = {"goods", "impor", "produ", "worth", "billi", "milli", "other", "these", "items", "inclu", "relat",
                  "categ", "lines", "such", "those", "from", "with", "their"}


def _goods_stems(goods: str | None) -> set[str]:
    # lower-case words only: "Japanese steel" and "Japanese glass" share a country, not goods
    return {w[:5] for w in re.findall(r"(?<![\w-])[a-z]{4,}", goods or "")} - _GENERIC_GOODS


def _paused_and_kept(old: dict, ev: dict) -> bool:
    """One of the two is a pause and the other a measure in force ("extend the suspension of its 24% tariff ...,
    keeping a 10% duty in place")."""
    return {old.get("status"), ev.get("status")} == {"suspended", "in_effect"}


def _distinct_measures(old: dict, ev: dict) -> bool:
    """Different rates on goods that share no word: separate tariff events."""
    a, b = first_number(old.get("rate")), first_number(ev.get("rate"))
    if not a or not b or a == b:
        return False
    if ev.get("listed"):
        return True  # "15% on 120 items ..., and 25% on eight items": the sentence lists two measures
    if ev.get("rated_in_clause") and ev["evidence"][0] in old["evidence"]:
        return True  # "include a 10% levy on goods from China and a 25% tariff on steel": its own rate, its own measure
    if _paused_and_kept(old, ev):
        return True  # "extend the suspension of its 24% tariff ..., keeping a 10% duty in place": the paused part and the rest
    if bool(old.get("removal")) != bool(ev.get("removal")):
        return True  # "keep suspending a 24% tariff ... It will also lift tariffs of up to 15% on farm products": two acts
    # the goods the old rate was said of ("25% on imported steel"), not a first mention of both ("steel and aluminium")
    # (a list's head names the goods: "agricultural products, including canola, peas, and pork" is not pork)
    ga = _goods_stems(old.get("rate_goods") or old.get("goods_head") or old.get("goods"))
    gb = _goods_stems(ev.get("goods_head") or ev.get("goods"))
    return bool(ga) and bool(gb) and not (ga & gb)


_ANSWERING = _P["_ANSWERING"]


def _answered_targets(events: list[dict]) -> None:
    """A retaliation that names no target answers the article's tariff on its imposer, or else its one other
    imposer's tariff ("as countries like China retaliate with their own tariffs", in a story about US tariffs).
    Called once per article after every sentence is read."""
    imposers = {e["imposer"] for e in events}
    for ev in events:
        if ev["target"] or not any(_ANSWERING.search(t) for t in ev["evidence"]):
            continue
        hit_by = {e["imposer"] for e in events if e is not ev and e["target"] == ev["imposer"]}
        others = hit_by or (imposers - {ev["imposer"]})
        if len(others) == 1:
            ev["target"] = next(iter(others))


def _continued_targets(events: list[dict]) -> None:
    """A measure that names no target, told right after the same government's measure on a country, is more of
    the same list ("China began levying tariffs on 128 U.S. items ... a 15 percent tariff will be imposed on 120
    items, while a 25 percent tariff will be levied on eight"). Called once per article after _answered_targets."""
    for before, ev in zip(events, events[1:]):
        if ev["target"] is None and before["target"] and before["imposer"] == ev["imposer"] and \
                not ev.get("exempt") and not any(_EVERY_ORIGIN.search(t) for t in ev["evidence"]) and \
                not (ev.get("rated_in_clause") and _ALL_GOODS_OF.match(before.get("goods") or "")):
            # (a measure on all of a country's goods, then one on named goods in the same clause: "a 10% levy on
            # goods from China and a 25% tariff on steel and aluminum imports" is a sector's, not China's)
            ev["target"] = before["target"]


_EVERY_ORIGIN = _P["_EVERY_ORIGIN"]
_ALL_GOODS_OF = _P["_ALL_GOODS_OF"]
_DONE_BEFORE_AFTER = _P["_DONE_BEFORE_AFTER"]


def _goods_value(text: str, at: int) -> float | None:
    """The value of the goods the tariff word at `at` covers, in billions (the nearest value said
    as goods' worth within 100 characters after it or 60 before)."""
    best: tuple[int, float] | None = None
    for v in _GOODS_VALUE.finditer(text, max(0, at - 60), min(len(text), at + 100)):
        number = float((v.group("n1") or v.group("n2")).replace(",", ""))
        unit = (v.group("u1") or v.group("u2")).lower()
        value = number / 1000 if unit.startswith("m") else number
        distance = abs(v.start() - at)
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


_CONTRAST = re.compile(r",\s+but\s|;\s|\swhile\s")


def _merge(events: list[dict], ev: dict) -> dict:
    listed_with = None  # the countries of the measure listed before this one in its sentence
    for old in events:
        if old["imposer"] != ev["imposer"]:
            continue
        if old["target"] and ev["target"] and old["target"] != ev["target"]:
            continue
        if old["gnum"] and ev["gnum"] and old["gnum"] != ev["gnum"]:
            continue
        if ev["further"] and ev["gnum"] and ev["gnum"] != old["gnum"]:
            continue
        if old.get("gval") and ev.get("gval") and old["gval"] != ev["gval"]:
            continue  # "$34 billion" and "$200 billion" of one country's goods: two tranches
        if old.get("exempt") != ev.get("exempt"):
            continue  # an exemption of some goods is not the tariff it exempts them from
        if old["status"] != ev["status"] and (old["target"] is None) != (ev["target"] is None) and \
                ev["evidence"][0] == old["evidence"][-1] and _CONTRAST.search(ev["evidence"][0]):
            continue  # "paused most of his new tariffs ..., but raised the levy on Chinese goods to 125%": two acts
        if _distinct_measures(old, ev):
            if _paused_and_kept(old, ev):
                if not ev["target"] and old["target"]:
                    ev["target"] = old["target"]  # the rest of the same tariff: on the same goods
                if ev["status"] == "in_effect" and ev["effective_date"] == old["effective_date"]:
                    ev["effective_date"] = None  # the pause's end ("until November 10") is not the rest's date
            elif listed_with is None and ev.get("listed") and not ev["target"] and old.get("group") and \
                    ev["evidence"][0] in old["evidence"]:
                listed_with = old["group"]
            continue  # "25% on steel and 10% on aluminium": two measures (LABELING.md), not one
        if not old.get("rate") and ev.get("rate"):
            old["rate_goods"] = ev.get("goods_head") or ev.get("goods")
        for k in ("target", "rate", "goods", "effective_date", "gnum", "gval"):
            if not old.get(k) and ev.get(k):
                old[k] = ev[k]
        if old.get("effective_date"):
            old["date_text"] = None
        elif ev.get("date_text") and not old.get("date_text"):
            old["date_text"] = ev["date_text"]
        if STATUS_RANK[ev["status"]] > STATUS_RANK[old["status"]] and not ev.get("mutual") and not ev.get("details_only"):
            old["status"] = ev["status"]  # "tariffs on each other's goods" says nothing new of a tariff named
        old["evidence"].append(ev["evidence"][0])
        old["flags"].append(ev["flags"][0])
        if not ev["target"]:
            # "tariffs on cars from Canada and Mexico ... These tariffs, set at 25%, are now paused": both
            for member in old.get("group", ()):
                if member is not old:
                    for k in ("rate", "effective_date"):
                        if not member.get(k) and ev.get(k):
                            member[k] = ev[k]
                    if STATUS_RANK[ev["status"]] > STATUS_RANK[member["status"]] and not ev.get("mutual") and \
                            not ev.get("details_only"):
                        member["status"] = ev["status"]
                    member["evidence"].append(ev["evidence"][0])
                    member["flags"].append(list(ev["flags"][0]))
        return old
    if listed_with is not None:
        # "U.S. tariffs on steel and aluminum imports from the EU, Canada and Mexico ... 25-percent tariff on imported
        # steel and 10 percent on aluminum": the second measure the sentence lists is on the same countries as the first
        group = [dict(ev, target=member["target"], evidence=list(ev["evidence"]), flags=[list(f) for f in ev["flags"]])
                 for member in listed_with]
        for member in group:
            member["group"] = group
        events.extend(group)
        return group[0]
    if ev.get("details_only"):
        return ev  # an earlier month's tariff the article reports no more of: background
    events.append(ev)
    return ev


_GOODS_AFTER = _P["_GOODS_AFTER"]


def identity_pairs(doc: Doc, permissive: list[Candidate]
                   ) -> list[tuple[str, str | None, dict[str, float], Candidate | None, TariffAction]]:
    """Every (imposer, target) a tariff sentence could mean, with what the text says of each.

    Called by the learned scorer after the permissive pass: the rules pick one
    imposer and one target per mention; here every country of a tariff sentence
    is a possible imposer and every other one (or none: a tariff on all
    countries) a possible target, so the scorer can prefer the pair the text
    supports. Features are counts over the article's tariff sentences.
    """
    pairs: dict[tuple[str, str | None], dict[str, float]] = {}
    evidence: dict[tuple[str, str | None], dict] = {}
    hits = doc.sentences_with(TRIGGERS)
    title_low = doc.title.lower()
    title_countries = {c.country for c in find_countries(doc.title)} if doc.title else set()
    title_tariff = bool(TARIFF_WORD.search(doc.title)) if doc.title else False
    ranks = {c: k for k, (c, _) in enumerate(doc.country_counts.most_common())}
    sent_count = 0
    for s in doc.sents:
        if s.i not in hits:
            continue
        words = [m for m in _tariff_words(doc, s)[0] if not _not_measure(s.text, m)]
        if not words:
            continue
        sent_count += 1
        pos = words[0].start()
        text = s.text
        mentioned: dict[str, dict[str, float]] = {}
        for c in s.countries:
            f = mentioned.setdefault(c.country, {})
            if 0 <= pos - c.end <= 40 and _OWNER_GAP.fullmatch(text, c.end, pos):
                f["owner"] = 1.0
            if c.start < pos:
                f["before"] = 1.0
                if _TARGET_OBJ.search(text[max(0, c.start - 30):c.start]):
                    f["obj_before"] = 1.0
            else:
                f["after"] = 1.0
                if _TARGET_OBJ.search(text[max(0, c.start - 40):c.start]):
                    f["obj"] = 1.0
            if _GOODS_AFTER.match(text, c.end):
                f["goods_of"] = 1.0
            if BENEFIT.match(text, c.end):
                f["benefit"] = 1.0
            if not c.actor:
                f["not_actor"] = 1.0
        for p in s.people:
            if p.country and p.role in ("leader", "official"):
                f = mentioned.setdefault(p.country, {})
                f["official"] = 1.0
                if p.start < pos:
                    f["official_before"] = 1.0
        if not mentioned:
            continue
        rule_imposer = _imposer(s, pos, doc)
        rule_target = _target(s, pos, rule_imposer) if rule_imposer else None
        act = _tariff_act(text, max(0, pos - 70), min(len(text), words[0].end() + 110))
        global_words = bool(_GLOBAL.search(text))
        rate = bool(rate_near(text, pos, words[0].end(), 120))
        names = list(mentioned)
        first = None
        for a in names:
            fa = mentioned[a]
            for b in [None] + [n for n in names if n != a]:
                if (a, b) not in pairs:
                    if first is None:
                        first = _sentence_event(s, doc, words[0])
                    evidence[(a, b)] = first
                f = pairs.setdefault((a, b), {"sents": 0.0})
                f["sents"] += 1
                f["first_sent"] = min(f.get("first_sent", 99.0), float(s.i))
                for k, v in fa.items():
                    f["imp_" + k] = f.get("imp_" + k, 0.0) + v
                if b is not None:
                    fb = mentioned[b]
                    for k, v in fb.items():
                        f["tgt_" + k] = f.get("tgt_" + k, 0.0) + v
                    # direction within one sentence: "A ... tariffs on B goods" vs "B's tariffs on A"
                    a_acts = fa.get("owner") or fa.get("official_before") or (fa.get("before") and not fa.get("obj_before"))
                    b_hit = fb.get("obj") or fb.get("goods_of") or fb.get("obj_before")
                    if a_acts and b_hit:
                        f["dir_forward"] = f.get("dir_forward", 0.0) + 1
                    if (fb.get("owner") or fb.get("official_before")) and (fa.get("obj") or fa.get("goods_of")):
                        f["dir_reverse"] = f.get("dir_reverse", 0.0) + 1
                else:
                    f["others_in_sent"] = f.get("others_in_sent", 0.0) + (len(names) - 1)
                if rule_imposer == a:
                    f["rule_imposer"] = f.get("rule_imposer", 0.0) + 1
                    if rule_target == b:
                        f["rule_pair"] = f.get("rule_pair", 0.0) + 1
                if act:
                    f["act"] = f.get("act", 0.0) + 1
                if global_words:
                    f["global_words"] = f.get("global_words", 0.0) + 1
                if rate:
                    f["rate"] = f.get("rate", 0.0) + 1
    # the target is often named in another sentence than the tariff ("Canadian goods" in the lead, "the tariffs" later)
    top = doc.main_countries(3)
    for (a, b), f in list(pairs.items()):
        if b is not None:
            continue
        for other in top:
            if other != a and (a, other) not in pairs:
                pairs[(a, other)] = dict(f, tgt_doc_only=1.0)
                evidence[(a, other)] = evidence[(a, None)]
    by_pair: dict[tuple[str, str | None], Candidate] = {}
    for c in permissive:  # a pair's candidate the rules accept speaks for it, not one they dropped as background
        held = by_pair.get((c.event.imposer, c.event.target))
        if held is None or c.rules_accept or not held.rules_accept:
            by_pair[(c.event.imposer, c.event.target)] = c
    by_imposer: dict[str, list[Candidate]] = {}
    for c in permissive:
        by_imposer.setdefault(c.event.imposer, []).append(c)
    # how much of the story is about tariffs: one tariff sentence in an inflation story is its setting
    share = sent_count / max(len(doc.sents), 1)
    out = []
    for (a, b), f in pairs.items():
        feats: dict[str, float] = {}
        for k, v in f.items():
            if k == "first_sent":
                feats["first_sent_0"] = float(v == 0)
                feats["first_sent_le2"] = float(v <= 2)
            else:
                feats[k] = min(v, 5.0) / 5.0
                feats[k + "_any"] = float(v > 0)
                feats[k + "_frac"] = v / f["sents"] if k != "sents" else v / max(sent_count, 1)
        feats["imp_rank0"] = float(ranks.get(a, 9) == 0)
        feats["imp_rank1"] = float(ranks.get(a, 9) == 1)
        feats["imp_in_title"] = float(a in title_countries)
        if b is not None:
            feats["tgt_rank0"] = float(ranks.get(b, 9) == 0)
            feats["tgt_rank1"] = float(ranks.get(b, 9) == 1)
            feats["tgt_in_title"] = float(b in title_countries)
            feats["both_in_title_tariff"] = float(title_tariff and a in title_countries and b in title_countries)
        feats["title_tariff"] = float(title_tariff)
        feats["doc_tariff_share_hi"] = float(share >= 0.4)
        feats["doc_tariff_share_lo"] = float(share < 0.2)
        feats["title_tariff_word"] = float("tariff" in title_low or "dut" in title_low)
        rule = by_pair.get((a, b))
        if rule is not None:
            feats["perm_pair"] = 1.0
            feats["strict_pair"] = float(rule.rules_accept)
            for flag in set().union(*map(set, rule.flags)):
                if all(flag in m for m in rule.flags):
                    feats["flag_all_" + flag] = 1.0
                feats["flag_some_" + flag] = 1.0
            feats["status_" + rule.event.status] = 1.0
            feats["has_rate"] = float(bool(rule.event.rate))
            feats["has_date"] = float(bool(rule.event.effective_date))
        elif a in by_imposer:
            feats["perm_imposer_only"] = 1.0
            feats["strict_imposer_only"] = float(any(c.rules_accept for c in by_imposer[a]))
        source = rule or _closest(by_imposer.get(a, []), b)
        if source is not None:
            slots = source.event.model_dump(include={"rate", "goods", "effective_date", "date_text", "status", "evidence"})
        else:
            slots = evidence[(a, b)]
        out.append((a, b, feats, source, TariffAction(imposer=a, target=b, **slots)))
    return out


def _sentence_event(s: Sent, doc: Doc, m: re.Match) -> dict:
    """Slots read from one tariff sentence (for a pair no rule proposed)."""
    clause = _clause(s.text, m.start())
    eff, eff_text = _effective(s, doc, m.start(), bool(IN_EFFECT.search(clause)), bool(DELAY.search(clause)))
    return dict(rate=rate_near(s.text, m.start(), m.end(), 120), goods=None, effective_date=eff, date_text=eff_text,
                status=_status(clause, s, doc, eff), evidence=[s.text])


def _closest(cands: list[Candidate], target: str | None) -> Candidate | None:
    """The candidate of one imposer whose slots best stand for the pair (for rate, status, date)."""
    if not cands:
        return None
    for c in cands:
        if c.event.target is None:
            return c
    return cands[0]


def _not_measure(text: str, m: re.Match) -> bool:
    nm = NOT_MEASURE.search(text, max(0, m.start() - 40), min(len(text), m.end() + 25))
    return bool(nm) and (nm.start() <= m.start() < nm.end() or nm.start() < m.end() <= nm.end())

"""Event identity and lifecycle: pure functions over plain data.

A detected event (a *candidate*) is matched to a tracked event by its identity
slots (the *base key*), then to one happening among those (goods; a talks
round's venue and date window; a meeting's date) and time. Each slot keeps
every value reported with its support (reports, distinct stories, outlets,
confidence, publication time); the event shows the believed value, which moves
only on better support, along its type's lifecycle, and never back to a value
it left without clearly stronger evidence. An update is emitted when the event
becomes news or a believed value a subscriber cares about moves, at most once
per event per alert budget window (later changes are folded into the next).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import BaseModel, Field

from newsalert.models import (
    ALERTING_FIELDS,
    EVENT_ADAPTER,
    Event,
    EventChange,
    EventUpdate,
    FieldChange,
    SourceRef,
    stable_hash,
)
from newsalert.settings import Settings

# A report more than this long after the event's last report starts a new event
# (the same two leaders meeting again next season is a new meeting).
EPISODE_GAP = timedelta(days=45)
# A measure in force stays in force without news of it: a tariff or an export control announced, in effect,
# delayed or suspended is the same event for this long after its last report (the settings' default retention),
# so a passing mention months later ("threats of ... increased tariffs on Canadian goods" in an election story)
# reports on it instead of opening a new one.
STANDING_GAP = timedelta(days=Settings.model_fields["event_retention_days"].default)
_NOT_STANDING = {"threatened", "lifted"}
MAX_SOURCES = 50
MAX_HISTORY = 100

_GENERIC_GOODS = {
    "goods", "good", "imports", "import", "exports", "export", "products", "product", "items", "item",
    "shipments", "shipment", "all", "other", "certain", "some", "various", "the", "a", "an", "of", "and",
    "from", "on", "made", "worth", "billion", "million", "dlrs", "dollars", "usd", "mln", "bln",
}

_NATIONALITY = re.compile(r"[a-z]+(ese|ian|can|ish|ean)|french|dutch|swiss|thai|greek|iraqi|israeli|saudi")


_ACRONYM = re.compile(r"(?<![A-Za-z])((?:[A-Za-z]\.){2,})")


def _words(text: str | None) -> list[str]:
    # "U.S." is one word, "us", as "US" is: otherwise 'U.S. goods' kept "u" and "s" and was other goods than 'US goods'
    text = _ACRONYM.sub(lambda m: m.group(1).replace(".", ""), text or "")
    return re.findall(r"[a-z0-9]+", text.lower())


def _country_words() -> frozenset[str]:
    """Every country's names and aliases as single words ("mexico", "us", "korea", "beijing"): origins, not goods."""
    from newsalert.places import COUNTRIES

    words: set[str] = set(w for short in COUNTRIES for w in _words(short))  # "south korea": south, korea
    for short, names in COUNTRIES.items():
        for name in names:
            tokens = _words(name)
            if tokens:
                # the last word of a longer alias ("buenos aires": aires), not its first ("white house": white sugar)
                words.add(tokens[-1] if len(tokens) > 1 else tokens[0])
    return frozenset(words)


_COUNTRY_WORDS = _country_words()


def goods_words(goods: str | None, countries: set[str]) -> set[str]:
    """Goods reduced to their distinctive word stems: 'Chinese goods', 'imports from China' and 'goods from
    Mexico and Canada' give none (a country named in goods says where they come from, not what they are)."""
    words = _words(goods)
    if not words:
        return set()
    # the event's own country words; the gazetteer's are looked up in place (a union with them per call
    # copied the whole set: a fifth of `merge`, issue 9)
    country_words = {w for c in countries for w in _words(c)}
    kept = set()
    for word in words:
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
        if word in _GENERIC_GOODS or stem in _GENERIC_GOODS or word in country_words or word in _COUNTRY_WORDS \
                or word.isdigit():
            continue
        if _NATIONALITY.fullmatch(word):  # "Chinese goods" and "goods from China" are the same goods
            continue
        kept.add(stem[:6])
    return kept


def goods_key(goods: str | None, countries: set[str]) -> str:
    return _joined(goods_words(goods, countries))


def _joined(words: set[str]) -> str:
    return "+".join(sorted(words))


def event_goods(event: Event) -> set[str]:
    """The goods (tariffs) or items (export controls) that tell two actions of one imposer apart."""
    if event.type == "tariff_action":
        return goods_words(event.goods, event.countries())
    if event.type == "export_control":
        return goods_words(event.items, event.countries())
    return set()


def goods_compatible(a: set[str], b: set[str]) -> bool:
    """Same goods: both unspecific, or sharing a word ('rare-earth magnets' ~ 'rare-earth exports')."""
    return (not a and not b) or bool(a & b)


def _person_key(name: str) -> str:
    """A leader as their country when the gazetteer knows them ("Xi", "Xi Jinping" -> china), else the surname."""
    from processors.detectors import gazetteer

    clean = name.strip()
    known = gazetteer.PEOPLE.get(clean) or gazetteer.SURNAMES.get(clean.split()[-1] if clean else "")
    if known is not None:
        return known.country.lower()
    parts = _words(clean)
    return parts[-1] if parts else ""


# A gathering of many leaders is a different meeting from a visit between two of them, even when the
# same two leaders attend both (a state visit to Washington vs the G7 summit in Venice).
_MULTILATERAL = re.compile(
    r"\b(?:G-?7|G-?8|G-?20|group of (?:seven|eight|20|twenty)|seven (?:major )?industriali[sz]ed|"
    r"economic summit|summit of (?:the )?(?:seven|eight|industrial)|NATO|ASEAN|APEC|BRICS|"
    r"European Council|EU summit|Commonwealth|OPEC|multilateral|U\.?N\.? General Assembly)\b",
    re.IGNORECASE,
)


def meeting_format(event: Event) -> str:
    """'multi' for a summit of many (three or more parties, or a named multilateral forum), else 'bi'."""
    people = {_person_key(p) for p in getattr(event, "participants", None) or []} - {""}
    if len(people) >= 3:
        return "multi"
    text = " ".join([getattr(event, "location", None) or ""] + list(event.evidence[:2]))
    return "multi" if _MULTILATERAL.search(text) else "bi"


def base_key(event: Event) -> str:
    """The identity of an event without time and goods: the table key under which its episodes live."""
    kind = event.type
    if kind in ("tariff_action", "export_control"):
        ident = [event.imposer or "", event.target or ""]  # goods are matched per episode, loosely
    elif kind == "leader_meeting":
        people = sorted({_person_key(p) for p in event.participants or []} - {""})
        ident = people or [_words(event.location)[0] if event.location else ""]
        if meeting_format(event) == "multi":
            ident = ["summit"] + ident
    elif kind in ("trade_talks", "trade_truce"):
        ident = sorted(event.parties or [])
    else:  # pragma: no cover - the union is closed
        ident = []
    return f"{kind}:" + "|".join(p.lower() for p in ident)


# --------------------------------------------------------------------------- beliefs


# Below this confidence a report updates the state silently: it adds support, never an alert by itself.
ALERT_CONFIDENCE = 0.6
# Support decays with age: a report this old counts half as much as one of today (news moves on).
HALF_LIFE = timedelta(days=3)
# A move against the lifecycle, or back to a value the slot left, needs this many times the support of
# the value it replaces, from at least two distinct stories.
AGAINST_FACTOR = 2.0
AGAINST_STORIES = 3
RETURN_OUTLETS = 2
# Terminal statuses are decisive: one hedged report ("might be dropped") is not enough.
DECISIVE = {"cancelled", "lifted", "broken", "expired"}
DECISIVE_CONFIDENCE = 0.75
MAX_REPORTS = 20
# A talks round or a meeting dated this far from the tracked one is another round / another meeting.
DATE_WINDOW = timedelta(days=14)
# A meeting or talks date this long before the article is history being recalled, not news.
HISTORY_GAP = timedelta(days=30)

# The lifecycle of each type: the statuses a status may move on to (a move "along" it). Anything else
# is a move against it (announced -> threatened, held -> expected) and needs stronger evidence.
LIFECYCLE: dict[str, dict[str, set[str]]] = {
    "tariff_action": {
        "threatened": {"announced", "in_effect", "delayed", "suspended", "lifted"},
        "announced": {"in_effect", "delayed", "suspended", "lifted"},
        "delayed": {"in_effect", "suspended", "lifted"},
        "in_effect": {"suspended", "lifted"},
        "suspended": {"in_effect", "lifted"},
        "lifted": set(),
    },
    "leader_meeting": {
        "proposed": {"expected", "confirmed", "held", "cancelled"},
        "expected": {"confirmed", "held", "cancelled"},
        "confirmed": {"held", "cancelled"},
        "held": set(),
        "cancelled": set(),
    },
    "export_control": {
        "announced": {"in_effect", "tightened", "eased", "suspended"},
        "in_effect": {"tightened", "eased", "suspended"},
        "tightened": {"eased", "suspended"},
        "eased": {"tightened", "suspended"},
        "suspended": {"in_effect", "tightened"},
    },
    "trade_truce": {
        "proposed": {"agreed", "extended", "expired", "broken"},
        "agreed": {"extended", "expired", "broken"},
        "extended": {"expired", "broken"},
        "expired": set(),
        "broken": set(),
    },
}
UNDECIDED = {"threatened", "proposed"}  # statuses that say what may happen, not what was done
_LIST_SLOTS = ("participants", "parties", "negotiators", "confirmed_by")
_META = ("type", "event_key", "confidence", "evidence", "sources", "date_text")


class Report(BaseModel):
    """One article's report of one slot value."""

    article_id: str
    story: str  # re-issues of one story (same headline, or the same sentence) share it
    outlet: str
    published: datetime
    confidence: float
    sentence: str = ""


class Belief(BaseModel):
    """A value reported for a slot and the reports behind it."""

    value: Any
    reports: list[Report] = Field(default_factory=list)

    def stories(self) -> int:
        return len({r.story for r in self.reports})

    def outlets(self) -> int:
        return len({r.outlet for r in self.reports if r.outlet})

    def weight(self, at: datetime | None) -> float:
        """Support at time `at`: per distinct story its best report, by confidence, halved every HALF_LIFE of
        age (`at` None: no decay)."""
        best: dict[str, float] = {}
        for r in self.reports:
            age = max(0.0, (at - r.published) / HALF_LIFE) if at is not None else 0.0
            best[r.story] = max(best.get(r.story, 0.0), r.confidence * 0.5 ** age)
        return sum(best.values())


_REISSUE = re.compile(r"^(?:(?:update|refile|corrected|correction|rpt|repeat|urgent|wrapup|fix|\d+)[\s\d-]*[-:]\s*)+",
                      re.IGNORECASE)


def story_key(source: SourceRef, sentence: str) -> str:
    """What makes two articles one story: the headline without wire prefixes ('UPDATE 1-', 'REFILE-'),
    else the sentence. A re-issued story is one source, however often it is sent."""
    title = _REISSUE.sub("", (source.title or "").strip())
    words = _words(title)
    if len(words) >= 3:
        return "t:" + " ".join(words)
    return "s:" + stable_hash(" ".join(_words(sentence)) or source.article_id)


class HistoryEntry(BaseModel):
    revision: int
    at: datetime  # the publication time of the article that made the change
    article_id: str
    change: EventChange


class TrackedEvent(BaseModel):
    """One real-world event as the processors know it."""

    event: Event
    revision: int = 1
    first_seen: datetime
    last_seen: datetime
    # publication time of the article that last set each alerting field
    field_times: dict[str, datetime] = Field(default_factory=dict)
    history: list[HistoryEntry] = Field(default_factory=list)
    reminded: list[str] = Field(default_factory=list)  # "field:date" reminders already emitted
    # every value reported for each slot with its support; the event shows the believed one
    beliefs: dict[str, list[Belief]] = Field(default_factory=dict)
    # values each slot showed and then left: never shown again without clearly stronger support
    left: dict[str, list[Any]] = Field(default_factory=dict)
    # False while only low-confidence reports know the event (tracked silently, not alerted yet)
    alerted: bool = True
    # the alert budget: publication time of the last update emitted, and changes held back since
    last_alert_at: datetime | None = None
    pending: dict[str, FieldChange] = Field(default_factory=dict)
    pending_article: str | None = None


class Episodes(BaseModel):
    """All tracked events that share a base key (value of the faust table)."""

    events: list[TrackedEvent] = Field(default_factory=list)


def _status_field(event_type: str) -> str:
    return "action" if event_type == "trade_truce" else "status"


def _date_of(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _date_range(value: Any) -> tuple[datetime, datetime] | None:
    """An ISO date or month as the span of days it covers; None for anything else."""
    text = _date_of(value)
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
            return day, day
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first = datetime.fromisoformat(text + "-01").replace(tzinfo=timezone.utc)
            nxt = (first + timedelta(days=32)).replace(day=1)
            return first, nxt - timedelta(days=1)
    except ValueError:
        return None
    return None


def dates_close(a: Any, b: Any, window: timedelta = DATE_WINDOW) -> bool:
    """Two dates of one happening: unknown on either side, or spans within `window` of each other."""
    ra, rb = _date_range(a), _date_range(b)
    if ra is None or rb is None:
        return True
    return ra[0] - window <= rb[1] and rb[0] - window <= ra[1]


def place_key(location: str | None) -> str | None:
    """A venue as its country when the gazetteer knows it ('Geneva' and 'Switzerland' are one venue)."""
    if not location:
        return None
    from processors.detectors import gazetteer

    for part in re.split(r"[,()]", location):
        name = part.strip()
        country = gazetteer.CITY_COUNTRY.get(name) or gazetteer.ALIAS_TO_COUNTRY.get(name)
        if country:
            return country.lower()
    words = _words(location)
    return words[-1] if words else None


def _is_country(location: Any) -> bool:
    from processors.detectors import gazetteer

    return str(location).strip() in gazetteer.ALIAS_TO_COUNTRY


def _is_history(candidate: Event, published: datetime) -> bool:
    """A meeting or talks round dated well before the article: a past one recalled, not news."""
    if candidate.type not in ("leader_meeting", "trade_talks"):
        return False
    span = _date_range(getattr(candidate, "date", None))
    return span is not None and span[1] < published - HISTORY_GAP


def same_happening(tracked: Event, candidate: Event) -> bool:
    """Whether a candidate of the same base key reports the tracked happening (not another one of the
    same parties): tariffs and export controls by goods, talks by venue and date window, meetings by date."""
    if tracked.type in ("tariff_action", "export_control"):
        return goods_compatible(event_goods(candidate), event_goods(tracked))
    if tracked.type == "trade_talks":
        here, there = place_key(tracked.location), place_key(candidate.location)  # type: ignore[union-attr]
        if here and there and here != there:
            return False
        return dates_close(tracked.date, candidate.date)  # type: ignore[union-attr]
    if tracked.type == "leader_meeting":
        return dates_close(tracked.date, candidate.date)  # type: ignore[union-attr]
    return True


def _episode_gap(event: Event) -> timedelta:
    """How long after its last report a tracked event still takes reports: longer for a measure in force."""
    if event.type in ("tariff_action", "export_control") and \
            getattr(event, _status_field(event.type), None) not in _NOT_STANDING:
        return STANDING_GAP
    return EPISODE_GAP


def _pick_episode(episodes: Episodes, candidate: Event, published: datetime) -> TrackedEvent | None:
    """The tracked event this candidate reports on: close in time, the same happening; the best overlap wins."""
    goods = event_goods(candidate)
    best, best_rank = None, None
    for tracked in episodes.events:
        gap = _episode_gap(tracked.event)
        if not (tracked.first_seen - gap <= published <= tracked.last_seen + gap):
            continue
        if not same_happening(tracked.event, candidate):
            continue
        rank = (len(goods & event_goods(tracked.event)), tracked.last_seen)
        if best_rank is None or rank > best_rank:
            best, best_rank = tracked, rank
    return best


def _along(event_type: str, old: Any, new: Any) -> bool:
    """A status move the type's lifecycle allows (any first status is)."""
    if old is None:
        return True
    return new in LIFECYCLE.get(event_type, {}).get(old, set())


def _union(old: list[str] | None, new: list[str] | None) -> list[str] | None:
    if not new:
        return old
    merged = list(old or [])
    for item in new:
        if item not in merged:
            merged.append(item)
    return merged


def _belief(tracked: TrackedEvent, name: str, value: Any) -> Belief:
    beliefs = tracked.beliefs.setdefault(name, [])
    for belief in beliefs:
        if belief.value == value:
            return belief
    belief = Belief(value=value)
    beliefs.append(belief)
    return belief


def _unshown_weak(tracked: TrackedEvent, name: str, value: Any, confidence: float) -> bool:
    """A slot value of an event not yet alerted that only reports below the alert floor gave (called by `merge`
    for each slot a confident report brings)."""
    if tracked.alerted or confidence < ALERT_CONFIDENCE:
        return False
    beliefs = [b for b in tracked.beliefs.get(name, []) if b.value == value]
    return bool(beliefs) and all(r.confidence < ALERT_CONFIDENCE for b in beliefs for r in b.reports)


def _record(tracked: TrackedEvent, name: str, value: Any, report: Report) -> Belief:
    """Add one report to the support of a slot value (an article counts once per value)."""
    belief = _belief(tracked, name, value)
    if all(r.article_id != report.article_id for r in belief.reports):
        belief.reports = (belief.reports + [report])[-MAX_REPORTS:]
    return belief


def should_move(tracked: TrackedEvent, name: str, old: Any, new: Any, report: Report) -> bool:
    """Whether the believed value of a slot moves from `old` to `new` on this report (pure decision).

    A first value is taken from any confident report. Otherwise the new value must be at least as well
    supported as the old one (recent, confident, distinct stories), a status move along the lifecycle
    needs only one confident newer report, and a move against the lifecycle or back to a value the slot
    left needs clearly more: from stories published since the current value was set, at least
    AGAINST_STORIES and twice as many as back the current value, AGAINST_FACTOR times its support,
    from RETURN_OUTLETS distinct outlets.
    """
    if report.confidence < ALERT_CONFIDENCE:
        return False  # low confidence never moves a value (the caller sets a first one silently)
    set_at = tracked.field_times.get(name)
    if set_at is not None and report.published < set_at:
        return False  # an older report never moves the event backwards
    if old is None:
        return True
    at = report.published
    new_belief = _belief(tracked, name, new)
    old_weight = _belief(tracked, name, old).weight(at)
    new_weight = new_belief.weight(at)
    status = name == _status_field(tracked.event.type)
    returning = new in tracked.left.get(name, [])
    against = returning or (status and not _along(tracked.event.type, old, new))
    if against:
        # Only reports since the current value was set count (the evidence must be new, not the old reports
        # of a value the event moved on from), and a status reached stays reached: no decay on its side.
        fresh = Belief(value=new, reports=[r for r in new_belief.reports if set_at is None or r.published > set_at])
        current = _belief(tracked, name, old)
        # Only on independent confirmation: several newer stories, from two outlets or more (one wire
        # re-telling the background of a story is not a reversal).
        return (fresh.stories() >= max(AGAINST_STORIES, 2 * current.stories())
                and fresh.weight(None) >= AGAINST_FACTOR * current.weight(None)
                and fresh.outlets() >= RETURN_OUTLETS)
    if status:
        if new in DECISIVE and report.confidence < DECISIVE_CONFIDENCE and new_belief.stories() < 2:
            return False
        return True
    if name == "rate" and _changed_from(report.sentence, old, new):
        return True  # "raise tariffs on US goods from 84% to 125%": the report names the level it replaces
    return new_weight >= old_weight


def _changed_from(sentence: str, old: Any, new: Any) -> bool:
    """Does the sentence move a rate from `old` to `new` ("from 84% to 125%", "to 125% from 84%")?"""
    numbers = [re.search(r"\d+(?:\.\d+)?", str(v)) for v in (old, new)]
    if not all(numbers) or numbers[0].group(0) == numbers[1].group(0):  # type: ignore[union-attr]
        return False
    a, b = (re.escape(n.group(0)) for n in numbers)  # type: ignore[union-attr]
    return re.search(rf"\bfrom\s+{a}\s*(?:%|percent|per\s+cent)?\s+to\s+{b}(?!\d)|\bto\s+{b}\s*(?:%|percent|per\s+cent)?"
                     rf"\s*,?\s+from\s+{a}(?!\d)", sentence or "", re.I) is not None


def _change(belief: Belief, old: Any, new: Any, report: Report, source: SourceRef) -> FieldChange:
    return FieldChange(old=old, new=new, sentence=report.sentence or None, source=source,
                       support=belief.stories(), outlets=belief.outlets())


def _content_free(candidate: Event) -> bool:
    """A tariff report naming no target, goods or rate ("US tariff — announced"): nothing a subscriber
    could act on, nor anything that says which of the imposer's tariffs it is about."""
    return candidate.type == "tariff_action" and not (getattr(candidate, "target", None) or
                                                       getattr(candidate, "goods", None) or
                                                       getattr(candidate, "rate", None))


def _alertable(tracked: TrackedEvent, candidate: Event, published: datetime) -> bool:
    """An event is alerted as new once a confident report of it is news (or two stories back it), and
    once it says something a subscriber can act on (a tariff with a target, goods or a rate)."""
    if _is_history(candidate, published) or _content_free(tracked.event):
        return False
    if candidate.confidence >= ALERT_CONFIDENCE:
        return True
    return corroborated(tracked, published)


def corroborated(tracked: TrackedEvent, at: datetime) -> bool:
    """Do weak reports from two or more stories add up to a confident one? Each story counts with its best
    report, decayed by age (HALF_LIFE), and they combine as independent witnesses (1 - prod(1 - c)): two
    stories at 0.4 the same day alert, a 0.17 of a month ago and a 0.4 of today do not."""
    best: dict[str, float] = {}
    for beliefs in tracked.beliefs.values():
        for belief in beliefs:
            for r in belief.reports:
                age = max(0.0, (at - r.published) / HALF_LIFE)
                best[r.story] = max(best.get(r.story, 0.0), r.confidence * 0.5 ** age)
    if len(best) < 2:
        return False
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - min(c, 1.0)
    return 1.0 - doubt >= ALERT_CONFIDENCE


def merge(
    episodes: Episodes | None,
    candidate: Event,
    source: SourceRef,
    *,
    now: datetime,
    budget: timedelta | None = None,
    owned: bool = False,
) -> tuple[Episodes, EventUpdate | None]:
    """Fold one detected event into the tracked state (called by the `track` agent per candidate).

    Returns the new state and the update to emit, or None when nothing a subscriber cares about changed
    (a repeat, an older or weaker report, a low-confidence one, a change held back by the alert budget).
    `budget`: at most one update per event per this much publication time; changes inside it are held
    in the state and folded into the next update (`flush_held` releases them when nothing else comes).
    `owned`: the caller hands `episodes` over (parsed for this call and dropped after it, as the track
    agent's are), so it is updated in place; otherwise it is left as it was and a copy is returned. The
    results are the same either way. (The replay does not hand its tables over: it keeps every update it
    is returned, and those may share objects with the state that a later merge changes.)
    """
    # the deep copy of a key's whole state (every belief, report and history entry, through
    # copy.deepcopy) was ~80% of a merge into a known event: 1.2 ms of 1.5 (issue 9)
    episodes = (episodes if owned else episodes.model_copy(deep=True)) if episodes else Episodes()
    published = source.published
    sentence = candidate.evidence[0] if candidate.evidence else ""
    confidence = candidate.confidence if not _is_history(candidate, published) else min(candidate.confidence,
                                                                                        ALERT_CONFIDENCE - 0.01)
    report = Report(article_id=source.article_id, story=story_key(source, sentence), outlet=(source.source or ""),
                    published=published, confidence=confidence, sentence=sentence)
    tracked = _pick_episode(episodes, candidate, published)
    if tracked is None:
        key = f"{base_key(candidate)}#{_joined(event_goods(candidate))}@{published:%Y%m%d}"
        event = candidate.model_copy(update={"event_key": stable_hash(key, length=20), "sources": [source]})
        fields = {
            name: published for name in ALERTING_FIELDS[candidate.type] if getattr(event, name, None) is not None
        }
        tracked = TrackedEvent(event=event, first_seen=published, last_seen=published, field_times=fields)
        for name, value in candidate.model_dump().items():
            if name not in _META and value is not None:
                _record(tracked, name, value, report)
        episodes.events.append(tracked)
        tracked.alerted = _alertable(tracked, candidate, published)
        if not tracked.alerted:
            return episodes, None  # tracked silently until a confident report or a second story
        return episodes, _emit_new(tracked, source.article_id, published, now)

    current = tracked.event
    if any(s.article_id == source.article_id for s in current.sources):
        return episodes, None  # the same article again: a replay or a re-send

    data = current.model_dump()
    data["sources"] = (current.sources + [source])[-MAX_SOURCES:]
    data["evidence"] = _union(current.evidence, candidate.evidence[:1])[:5]  # type: ignore[index]
    data["confidence"] = max(current.confidence, confidence)
    changes: dict[str, FieldChange] = {}
    alerting = ALERTING_FIELDS[current.type]
    status_name = _status_field(current.type)
    reported, believed = getattr(candidate, status_name, None), data.get(status_name)
    vague = _content_free(candidate)
    # A threat or proposal about an event already past that stage ("a proposal to cut the 145% tariff to
    # 80%" of a tariff in effect) describes a possible change, not the event as it stands: its values are
    # recorded, not shown. An announcement is an act and does move them ("raises the tariff to 104%").
    earlier_stage = reported in UNDECIDED and believed is not None and reported != believed \
        and _along(current.type, reported, believed)

    for name, new_value in candidate.model_dump().items():
        if name in _META or new_value is None:
            continue
        old_value = data.get(name)
        if old_value is not None and old_value != new_value and _unshown_weak(tracked, name, old_value, confidence):
            # never shown, and only weak reports said it: the report that makes the event news says what it is
            # (a 0.1 "China's tariffs on U.S. farm exports ... in effect" had set the goods and status that a
            # confident "34% on U.S. imports, announced" was then alerted with)
            old_value = None  # (the slot keeps it if this report is not taken either)
        belief = _record(tracked, name, new_value, report)
        if name in _LIST_SLOTS:
            merged = _union(old_value, new_value)
            if merged != old_value:
                data[name] = merged
                if name in alerting and old_value and confidence >= ALERT_CONFIDENCE:
                    changes[name] = _change(belief, old_value, merged, report, source)
            continue
        if old_value == new_value:
            continue
        if name not in alerting:
            if old_value is None:
                data[name] = new_value  # enrich a missing slot, silently
            continue
        if earlier_stage and name != status_name:
            continue
        if vague:
            continue  # "the tariffs" with no target, goods or rate: which tariff it is said of is unknown
        if old_value is None and confidence < ALERT_CONFIDENCE:
            data[name] = new_value  # a first value from a weak report: known, not alerted
            tracked.field_times[name] = published
            continue
        refined = _refinement(name, old_value, new_value)
        if refined is not None:
            if refined and confidence >= ALERT_CONFIDENCE and (tracked.field_times.get(name) or published) <= published:
                data[name] = new_value  # the same date or place, said more precisely: not news
            continue
        if not should_move(tracked, name, old_value, new_value, report):
            continue
        data[name] = new_value
        if name in _DATE_TEXT_OF and candidate.date_text:  # type: ignore[union-attr]
            data["date_text"] = candidate.date_text  # type: ignore[union-attr]
        tracked.field_times[name] = published
        if old_value is not None:
            tracked.left.setdefault(name, []).append(old_value)
        changes[name] = _change(belief, old_value, new_value, report, source)

    if "rate" in changes and data.get("effective_date") and getattr(candidate, "effective_date", None) is None:
        # the date the old rate applied from is not the new rate's: "145% in effect from" the 104%'s day misleads
        data["effective_date"] = None
        data["date_text"] = None
    tracked.event = EVENT_ADAPTER.validate_python(data)
    tracked.last_seen = max(tracked.last_seen, published)
    if not tracked.alerted:
        if not _alertable(tracked, candidate, published):
            return episodes, None
        tracked.alerted = True
        # the sentence that made it news is quoted first, not a weak report of weeks ago
        first = _union(candidate.evidence[:1], current.evidence)[:5]  # type: ignore[index]
        tracked.event = tracked.event.model_copy(update={"evidence": first})
        return episodes, _emit_new(tracked, source.article_id, published, now)
    if not changes:
        return episodes, None
    _fold(tracked, changes, source.article_id)
    if budget and tracked.last_alert_at is not None and published < tracked.last_alert_at + budget:
        return episodes, None  # held: folded into the next update, or released by flush_held
    return episodes, _emit_pending(tracked, published, now)


_DATE_TEXT_OF = {"effective_date", "date", "until"}


def _refinement(name: str, old: Any, new: Any) -> bool | None:
    """True when `new` says `old` more precisely (a day of the month, a city of the country), False when
    less precisely; None when they are different values."""
    if name in _DATE_TEXT_OF:
        ro, rn = _date_range(old), _date_range(new)
        if ro is None or rn is None or ro == rn:
            return None
        if ro[0] <= rn[0] and rn[1] <= ro[1]:
            return True
        if rn[0] <= ro[0] and ro[1] <= rn[1]:
            return False
        return None
    if name == "rate" and old and new:
        # '145-80%' next to a shown '145%' is a range around the same number, not a new rate
        olds, news = set(re.findall(r"\d+(?:\.\d+)?", str(old))), set(re.findall(r"\d+(?:\.\d+)?", str(new)))
        if olds and news and olds != news and (olds < news or news < olds):
            return len(news) < len(olds)
        return None
    if name == "location" and old and new and place_key(old) == place_key(new):
        return _is_country(old) and not _is_country(new)  # 'Geneva' says 'Switzerland' more precisely
    return None


def _fold(tracked: TrackedEvent, changes: dict[str, FieldChange], article_id: str) -> None:
    """Add changes to those held for the next update: a slot keeps its first old value, takes the last
    new one, and drops out when it came back to where it started."""
    for name, change in changes.items():
        held = tracked.pending.get(name)
        if held is not None:
            change = change.model_copy(update={"old": held.old})
        if change.old == change.new:
            tracked.pending.pop(name, None)
        else:
            tracked.pending[name] = change
    tracked.pending_article = article_id


def _emit_new(tracked: TrackedEvent, article_id: str, published: datetime, now: datetime) -> EventUpdate:
    change = EventChange(kind="new")
    tracked.history.append(HistoryEntry(revision=tracked.revision, at=published, article_id=article_id, change=change))
    tracked.last_alert_at = published
    return _update(tracked, change, article_id, now)


def _emit_pending(tracked: TrackedEvent, published: datetime, now: datetime) -> EventUpdate | None:
    """The update of every held change (None when they cancelled out); clears them."""
    if not tracked.pending:
        return None
    article_id = tracked.pending_article or (tracked.event.sources[-1].article_id if tracked.event.sources else "")
    change = EventChange(kind="changed", fields=dict(tracked.pending))
    tracked.pending, tracked.pending_article = {}, None
    tracked.revision += 1
    tracked.history.append(HistoryEntry(revision=tracked.revision, at=published, article_id=article_id, change=change))
    tracked.history = tracked.history[-MAX_HISTORY:]
    tracked.last_alert_at = published
    return _update(tracked, change, article_id, now)


def held_due(episodes: Episodes, now: datetime, budget: timedelta | None) -> bool:
    """Whether some event of this key has held changes whose budget window has passed at `now`."""
    return any(t.pending and (not budget or t.last_alert_at is None or now >= t.last_alert_at + budget)
               for t in episodes.events)


def flush_held(episodes: Episodes | None, now: datetime, budget: timedelta | None) -> tuple[Episodes | None, list[EventUpdate]]:
    """Release the held changes whose budget window has passed at `now` (called by the processors' timer,
    through the owner of the key's partition, and by the dry-run replay before each article)."""
    if episodes is None or not held_due(episodes, now, budget):
        return episodes, []
    episodes = episodes.model_copy(deep=True)
    out = []
    for tracked in episodes.events:
        if tracked.pending and (not budget or tracked.last_alert_at is None or now >= tracked.last_alert_at + budget):
            at = max((c.source.published for c in tracked.pending.values() if c.source), default=now)
            update = _emit_pending(tracked, at, now)
            if update is not None:
                out.append(update)
    return episodes, out


def _update(tracked: TrackedEvent, change: EventChange, article_id: str, now: datetime) -> EventUpdate:
    key = tracked.event.event_key
    return EventUpdate(
        update_id=EventUpdate.make_id(key, tracked.revision, change.kind),
        revision=tracked.revision,
        event=tracked.event,
        change=change,
        article_id=article_id,
        emitted_at=now,
    )


def prune(episodes: Episodes, newest: datetime, retention: timedelta | None) -> Episodes:
    """Drop the closed episodes of a key: those last seen more than `retention` before `newest` (the
    publication time of the newest article seen for the key, not the wall clock, so a replay of an old
    corpus keeps what the live pipeline would have kept). Kept anyway: an episode with changes the alert
    budget still holds (they are released later, never lost) and one whose reminder date is still ahead.
    A report of a dropped event arriving later starts a new episode (`merge`). `retention` None: keep all.
    Called where the table value is written; returns `episodes` itself when nothing is dropped."""
    if retention is None or not episodes.events:
        return episodes
    newest = max([newest, *(t.last_seen for t in episodes.events)])
    horizon = newest - retention
    kept = [t for t in episodes.events if t.last_seen >= horizon or t.pending or _reminder_ahead(t, newest)]
    if len(kept) == len(episodes.events):
        return episodes
    return Episodes(events=kept)


def newest_seen(tables: "list[Episodes]", now: datetime) -> datetime | None:
    """The publication time the retention sweep counts from: the newest report of any of these keys, never
    after `now` (a misdated article from the future must not expire everything). None: no event at all."""
    newest = max((t.last_seen for episodes in tables for t in episodes.events), default=None)
    return min(newest, now) if newest is not None else None


def _reminder_ahead(tracked: TrackedEvent, newest: datetime) -> bool:
    name = REMINDER_FIELDS.get(tracked.event.type)
    day = _day(getattr(tracked.event, name, None)) if name else None
    return day is not None and day > newest


REMINDER_FIELDS = {"tariff_action": "effective_date", "leader_meeting": "date"}


class ReminderDue(BaseModel):
    """A tracked event whose date is within the reminder lead time (processors-internal)."""

    event_key: str
    field: str
    date: str


def _day(value: str | None) -> datetime | None:
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None  # a month alone or unresolved words: no reminder
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def reminders_due(episodes: Episodes, now: datetime, lead: timedelta) -> list[ReminderDue]:
    """Events with a deadline or meeting date in (now, now + lead] not reminded of yet."""
    due = []
    for tracked in episodes.events:
        name = REMINDER_FIELDS.get(tracked.event.type)
        value = getattr(tracked.event, name, None) if name else None
        day = _day(value)
        if name is None or day is None or f"{name}:{value}" in tracked.reminded:
            continue
        if now < day <= now + lead:
            due.append(ReminderDue(event_key=tracked.event.event_key, field=name, date=value))
    return due


def apply_reminder(episodes: Episodes | None, due: ReminderDue, now: datetime) -> tuple[Episodes | None, EventUpdate | None]:
    """Record that a reminder went out and return it, once per event and date (also across restarts)."""
    if episodes is None:
        return None, None
    episodes = episodes.model_copy(deep=True)
    for tracked in episodes.events:
        if tracked.event.event_key != due.event_key:
            continue
        mark = f"{due.field}:{due.date}"
        if mark in tracked.reminded or getattr(tracked.event, due.field, None) != due.date:
            return episodes, None  # already reminded, or the date moved since the check
        tracked.reminded.append(mark)
        change = EventChange(kind="reminder", fields={due.field: FieldChange(old=None, new=due.date)})
        update = EventUpdate(
            update_id=EventUpdate.make_id(due.event_key, 0, f"reminder:{mark}"),
            revision=tracked.revision,
            event=tracked.event,
            change=change,
            article_id=tracked.event.sources[-1].article_id if tracked.event.sources else "",
            emitted_at=now,
        )
        return episodes, update
    return episodes, None

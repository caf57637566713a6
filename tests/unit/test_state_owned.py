"""`merge(..., owned=True)` (the track agent's: the state parsed for one record is updated in place) gives
exactly what the copying merge gives, update by update and state by state (processors/state.py)."""

from datetime import datetime, timedelta, timezone

from newsalert.models import Event, LeaderMeeting, SourceRef, TariffAction
from processors.state import Episodes, merge, prune

T0 = datetime(2025, 10, 26, tzinfo=timezone.utc)
NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)


def src(article_id: str, hours: float, outlet: str = "Wire") -> SourceRef:
    return SourceRef(article_id=article_id, published=T0 + timedelta(hours=hours), title=f"story {article_id} of the day",
                     source=outlet)


def tariff(**kw) -> TariffAction:
    base = dict(imposer="US", target="China", rate="100%", goods="steel", status="threatened",
                effective_date="2025-11-01", confidence=0.8, evidence=["The US threatened a 100% tariff."])
    base.update(kw)
    return TariffAction(**base)


# a new event, repeats, weak and strong reports, a status along and against the lifecycle, a rate moved and
# moved back, held changes (budget), the same article twice, a second happening (other goods), a meeting
REPORTS: list[tuple[Event, SourceRef]] = [
    (tariff(), src("a1", 0)),
    (tariff(confidence=0.3, status="announced"), src("a2", 1, "Other")),
    (tariff(status="announced"), src("a3", 2)),
    (tariff(status="announced", rate="125%", evidence=["raised from 100% to 125%"]), src("a4", 3)),
    (tariff(status="announced", rate="125%"), src("a4", 3)),
    (tariff(status="threatened"), src("a5", 4, "Third")),
    (tariff(status="in_effect", rate="125%"), src("a6", 30)),
    (tariff(status="in_effect", rate="100%"), src("a7", 31, "Other")),
    (tariff(goods="aluminium", rate="10%", status="announced"), src("a8", 32)),
    (tariff(status="lifted", confidence=0.9), src("a9", 60)),
    (LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], location="Busan", date="2025-10-30",
                   status="expected", confidence=0.7), src("m1", 5)),
    (LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], location="Busan", date="2025-10-30",
                   status="confirmed", confidence=0.9), src("m2", 6, "Other")),
]


def run(owned: bool, budget: timedelta | None) -> list[str]:
    """Every report through a fresh parse of the stored state, as the track agent does it; the JSON of each
    update and of the state after it."""
    table: dict[str, bytes] = {}
    out: list[str] = []
    for event, source in REPORTS:
        key = event.type
        stored = table.get(key)
        episodes = Episodes.model_validate_json(stored) if stored else None
        state, update = merge(episodes, event, source, now=NOW, budget=budget, owned=owned)
        state = prune(state, source.published, timedelta(days=90))
        table[key] = state.model_dump_json().encode()
        out += [update.model_dump_json() if update else "-", table[key].decode()]
    return out


def test_owned_merge_gives_the_copying_merge_s_updates_and_states():
    for budget in (None, timedelta(hours=6)):
        copied, owned = run(False, budget), run(True, budget)
        assert copied == owned
        assert sum(1 for line in copied[::2] if line != "-") >= 5  # the sequence does emit updates


def test_copying_merge_leaves_its_input_as_it_was():
    state, _ = merge(None, tariff(), src("a1", 0), now=NOW)
    before = state.model_dump_json()
    merge(state, tariff(status="announced"), src("a2", 1), now=NOW)
    assert state.model_dump_json() == before

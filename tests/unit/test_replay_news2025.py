"""The dev timeline: news2025 replayed in date order (`newsalert replay --dry-run`) is the 2025 tariff
escalation. Checkpoints and the alert budget come from the corpus labels; the replay runs the real
detectors and the processors' state functions in process. Skipped when the corpus is absent."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsalert.models import EventUpdate, SourceRef, parse_event
from newsalert.replay import dry_run, load_articles, render_timeline
from processors.state import Episodes, base_key, flush_held, merge

BUDGET = timedelta(minutes=60)


@pytest.fixture(scope="module")
def news2025(corpus_dir: Path) -> Path:
    folder = corpus_dir / "news2025"
    if not (folder / "labels.jsonl").is_file():
        pytest.skip(f"no news2025 timeline with labels under {corpus_dir} (set NEWSALERT_CORPUS)")
    return folder


@pytest.fixture(scope="module")
def replayed(news2025: Path) -> list[EventUpdate]:
    articles, errors = load_articles([news2025])
    assert not errors and articles == sorted(articles, key=lambda a: a.published)
    return dry_run(articles, budget=BUDGET)


def labelled(folder: Path) -> list[tuple[datetime, dict]]:
    """Every labelled event with its article's publication time, in date order."""
    articles = {a.id: a for a in load_articles([folder])[0]}
    out = []
    for line in (folder / "labels.jsonl").read_text().splitlines():
        record = json.loads(line) if line.strip() else {"events": []}
        for event in record["events"]:
            out.append((articles[record["id"]].published, event))
    return sorted(out, key=lambda pair: pair[0])


def label_replay(folder: Path) -> list[EventUpdate]:
    """The alerts a perfect detector would earn: the labels themselves through the same state functions."""
    articles = {a.id: a for a in load_articles([folder])[0]}
    tables: dict[str, Episodes] = {}
    out = []
    rows = [json.loads(l) for l in (folder / "labels.jsonl").read_text().splitlines() if l.strip()]
    for row in sorted(rows, key=lambda r: (articles[r["id"]].published, r["id"])):
        article = articles[row["id"]]
        for key in list(tables):
            tables[key], released = flush_held(tables[key], article.published, BUDGET)
            out.extend(released)
        for data in row["events"]:
            event = parse_event({**data, "confidence": 0.8})
            key = base_key(event)
            tables[key], update = merge(tables.get(key), event, SourceRef.from_article(article), now=article.published,
                                        budget=BUDGET)
            out.extend([update] if update else [])
    for key in list(tables):
        tables[key], released = flush_held(tables[key], datetime.max.replace(tzinfo=timezone.utc), BUDGET)
        out.extend(released)
    return out


def alerted_values(updates: list[EventUpdate], pick) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Per event key, every value of one slot in alert order: the value at 'new', then each change's new value."""
    seen: dict[str, list] = defaultdict(list)
    for update in updates:
        if not pick(update.event):
            continue
        key = update.event.event_key
        if update.change.kind == "new":
            seen[key].append(None)
        for name, change in update.change.fields.items():
            seen[key].append((name, change.new))
    return seen


def slot_history(updates: list[EventUpdate], event_key: str, name: str) -> list:
    values = []
    for update in updates:
        if update.event.event_key != event_key:
            continue
        if update.change.kind == "new":
            values.append(getattr(update.event, name))
        elif name in update.change.fields:
            values.append(update.change.fields[name].new)
    return values


def us_on(target: str):  # type: ignore[no-untyped-def]
    return lambda e: e.type == "tariff_action" and e.imposer == "US" and e.target == target


def main_event(updates: list[EventUpdate], target: str) -> str:
    """The US tariff on `target` on goods in general (the one the escalation is about): the first alerted."""
    keys = [u.event.event_key for u in updates if us_on(target)(u.event) and u.change.kind == "new"
            and not re.search(r"steel|alumin|car|auto|electric|semicond|lumber|oil", u.event.goods or "", re.I)]
    assert keys, f"no alert for the US tariff on {target}"
    return keys[0]


def test_no_alerted_field_returns_to_an_earlier_value_and_no_change_is_alerted_twice(replayed):
    shown: dict[tuple[str, str], list] = defaultdict(list)
    pairs = set()
    for update in replayed:
        if update.change.kind == "new":
            for name, value in update.event.model_dump(exclude={"type", "event_key", "confidence", "evidence", "sources"}).items():
                if value is not None:
                    shown[(update.event.event_key, name)].append(value)
            continue
        for name, change in update.change.fields.items():
            history = shown[(update.event.event_key, name)]
            assert change.new not in history[:-1] and change.new != change.old, (update.event.headline(), name, history, change.new)
            history.append(change.new)
            pair = (update.event.event_key, name, json.dumps(change.old), json.dumps(change.new))
            assert pair not in pairs
            pairs.add(pair)


def test_every_update_says_why(replayed):
    for update in replayed:
        if update.change.kind == "changed":
            field = next(iter(update.change.fields.values()))
            assert field.source is not None and field.support and field.support >= 1
            assert field.source.article_id in {s.article_id for s in update.event.sources}


def test_us_canada_25_percent_threatened_or_delayed_then_in_effect(replayed, news2025):
    labels = [e["status"] for _, e in labelled(news2025) if e["type"] == "tariff_action" and e["imposer"] == "US"
              and e["target"] == "Canada" and e.get("rate") == "25%"]
    first_in_effect = labels.index("in_effect")
    before = set(labels[:first_in_effect])  # what the labels say before it took effect
    assert {"announced", "threatened"} & before
    statuses = slot_history(replayed, main_event(replayed, "Canada"), "status")
    assert statuses[0] in before | {"delayed"}, statuses  # the threat / the delay of February
    assert statuses[-1] == "in_effect" and statuses.count("in_effect") == 1, statuses


def test_us_china_rate_follows_the_labelled_escalation_and_never_returns(replayed, news2025):
    label_rates = [e["rate"] for _, e in labelled(news2025) if e["type"] == "tariff_action" and e["imposer"] == "US"
                   and e["target"] == "China" and e.get("rate")]
    assert label_rates.index("10%") < label_rates.index("20%") < label_rates.index("145%")
    rates = [r for r in slot_history(replayed, main_event(replayed, "China"), "rate") if r]
    assert rates[:2] == ["10%", "20%"] and "145%" in rates, rates
    assert len(rates) == len(set(rates)), rates  # no value comes back once left
    # each rate shown is one the labels give, in the labels' order (up to 145%, then May's proposed 80%)
    order = {r: label_rates.index(r) for r in rates if r in label_rates}
    assert len(order) == len(rates), rates
    assert [order[r] for r in rates] == sorted(order[r] for r in rates), rates


def test_the_alert_count_stays_within_what_the_labels_earn(replayed, news2025):
    # The labels replayed through the same state functions are the alerts a perfect detector earns: every
    # happening once, every labelled move once. More than that is noise (churn, duplicates, false events).
    earned = label_replay(news2025)
    assert len(replayed) <= len(earned), render_timeline(replayed)
    assert sum(u.change.kind == "changed" for u in replayed) <= sum(u.change.kind == "changed" for u in earned)
    def busiest(updates: list[EventUpdate]) -> int:
        per_event: dict[str, int] = defaultdict(int)
        for update in updates:
            per_event[update.event.event_key] += 1
        return max(per_event.values())

    assert busiest(replayed) <= busiest(earned)  # no event alerted more often than its labelled story moves

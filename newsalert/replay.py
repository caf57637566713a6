"""`newsalert replay`: articles in publication order through the pipeline, and the alert timeline.

Two ways to run it:

* through the real pipeline: every article goes to the `articles` topic in
  publication order (all on one partition, so one detect agent reads them in
  that order and each event's candidates reach its table partition in that
  order), and the timeline is read back from the `events` topic;
* `--dry-run`: the same detectors and the same pure state functions
  (`processors.state`) in this process, with publication time as the clock.

Stage code is imported inside the functions that need it (as the CLI does), so
this module stays importable by every stage.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from newsalert.models import Article, EventUpdate, SourceRef

Progress = Callable[[int], None]  # called with the number of articles done since the last call


@dataclass(frozen=True)
class TimelineEntry:
    """One alert of the timeline: when (publication time of its evidence), which event, what changed, why."""

    at: datetime
    event_key: str
    event: str
    change: str
    evidence: str
    source: str
    support: int | None


def load_articles(paths: Sequence[Path]) -> tuple[list[Article], list[str]]:
    """Every article under the paths (folders: their *.json and *.jsonl files), deduplicated by id and
    sorted by publication time; also one line per input that could not be read."""
    from newsalert.ingest import parse_path

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl")
                                and not p.name.endswith("labels.jsonl")))
        else:
            files.append(path)
    seen: dict[str, Article] = {}
    errors: list[str] = []
    for file in files:
        for item in parse_path(file):
            if item.article is None:
                errors.append(f"{item.origin}: {item.error}")
            else:
                seen.setdefault(item.article.id, item.article)
    return sorted(seen.values(), key=lambda a: (a.published, a.id)), errors


def timeline_entry(update: EventUpdate) -> TimelineEntry:
    """The timeline row of one update: the evidence is the sentence of the article that made the change."""
    change = update.change
    sentence, source, support, at = "", "", None, update.emitted_at
    for field in change.fields.values():  # the first field that carries its evidence
        if getattr(field, "sentence", None) or getattr(field, "source", None):
            sentence = field.sentence or ""
            ref = field.source
            if ref is not None:
                source, at = ref.source or ref.title or ref.article_id, ref.published
            support = field.support
            break
    else:
        ref = next((s for s in update.event.sources if s.article_id == update.article_id), None)
        if ref is not None:
            source, at = ref.source or ref.title or ref.article_id, ref.published
        sentence = update.event.evidence[0] if update.event.evidence else ""
        support = len({(s.source or "", s.title) for s in update.event.sources}) or None
    return TimelineEntry(at=at, event_key=update.event.event_key, event=update.event.headline(as_of=at.date() if at else None),
                         change=change.describe(), evidence=sentence, source=source, support=support)


def dry_run(articles: Iterable[Article], *, budget: timedelta, retention: timedelta | None = None,
            progress: Progress | None = None) -> list[EventUpdate]:
    """The updates the processors would emit for these articles, in process (no broker).

    Runs the real detectors and the processors' pure state functions, with each
    article's publication time as the clock: held changes of the alert budget
    are released when an article comes after their window, and at the end;
    closed episodes past `retention` are pruned as the processors prune them.
    """
    from processors.detectors import detect_events
    from processors.state import Episodes, base_key, flush_held, merge, prune

    tables: dict[str, Episodes] = {}
    out: list[EventUpdate] = []

    def release(now: datetime) -> None:
        for key in list(tables):
            tables[key], updates = flush_held(tables[key], now, budget)
            out.extend(updates)

    for article in articles:
        release(article.published)
        source = SourceRef.from_article(article)
        for event in detect_events(article):
            key = base_key(event)
            tables[key], update = merge(tables.get(key), event, source, now=article.published, budget=budget)
            tables[key] = prune(tables[key], source.published, retention)
            if update is not None:
                out.append(update)
        if progress:
            progress(1)
    release(datetime.max.replace(tzinfo=timezone.utc))
    return out


def through_pipeline(
    articles: Sequence[Article],
    *,
    bootstrap: str,
    settings: Any,
    speed: float | None = None,
    progress: Progress | None = None,
    settle_s: float = 3.0,
    timeout_s: float = 300.0,
) -> list[EventUpdate]:
    """Send the articles to the running pipeline in publication order and read back the updates it emits.

    Called with processors running on `bootstrap` (`newsalert run --no-samples` or `newsalert processor`).
    `speed` X sleeps each publication-time gap divided by X (at most 5 s); None sends as fast as the broker
    takes them. Raises TimeoutError when the processors do not take the articles within `timeout_s`.
    """
    from kafka import KafkaConsumer, TopicPartition

    from newsalert.kafka import encode, group_lag, make_producer

    names = settings.topics
    reader = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    producer = make_producer(bootstrap)
    try:
        tps = [TopicPartition(names.events, p) for p in sorted(reader.partitions_for_topic(names.events) or {0})]
        reader.assign(tps)
        start = reader.end_offsets(tps)  # what the pipeline emitted before this replay is not ours
        previous: datetime | None = None
        for article in articles:
            if speed and previous is not None:
                time.sleep(min(5.0, max(0.0, (article.published - previous).total_seconds() / speed)))
            previous = article.published
            # One partition: the detect agent reads them in this order; the key stays the article id.
            producer.send(names.articles, key=article.id.encode("utf-8"), value=encode(article), partition=0)
            if progress:
                progress(1)
        producer.flush(timeout=60)
        group = names.group("newsalert-processors")
        deadline = time.monotonic() + timeout_s
        while any(group_lag(bootstrap, group, topic) for topic in (names.articles, names.event_candidates)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the processors did not take the articles within {timeout_s:.0f} s: is "
                                   "`newsalert run --no-samples` or `newsalert processor` running on this home?")
            time.sleep(0.5)
        # The processors commit after their output is acknowledged; wait for quiet to catch budget releases too.
        for tp, offset in start.items():
            reader.seek(tp, offset)
        updates: list[EventUpdate] = []
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < settle_s:
            batch = reader.poll(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    updates.append(EventUpdate.model_validate_json(record.value))
                    quiet_since = time.monotonic()
        return sort_updates(updates)
    finally:
        producer.close()
        reader.close()


def sort_updates(updates: Iterable[EventUpdate]) -> list[EventUpdate]:
    """Updates in the order of the publication time of the article behind each (stable)."""
    return sorted(updates, key=lambda u: timeline_entry(u).at)


def render_timeline(updates: Sequence[EventUpdate], *, width: int = 110) -> str:
    """The timeline as plain lines: 'YYYY-MM-DD  event  change' then the evidence with its source."""
    lines = []
    for update in updates:
        entry = timeline_entry(update)
        lines.append(f"{entry.at:%Y-%m-%d}  {entry.event[:70]:<70}  {entry.change}")
        backing = f", {entry.support} source(s)" if entry.support else ""
        if entry.evidence or entry.source:
            evidence = entry.evidence if len(entry.evidence) <= width else entry.evidence[: width - 1] + "…"
            lines.append(f"            “{evidence}” — {entry.source}{backing}")
    return "\n".join(lines)


def command(paths: list[Path], *, speed: float | None, dry_run_only: bool, settings: Any,
            bootstrap_for: Callable[[Any], str], out: Any, err: Any) -> int:
    """`newsalert replay`: load, replay with a progress bar, print the timeline and a summary line.

    Returns the exit code: 1 when no article could be read, else 0.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    articles, errors = load_articles(paths)
    for line in errors:
        err.print(f"skipped {line}", highlight=False, markup=False)
    if not articles:
        err.print("no articles to replay", highlight=False, markup=False)
        return 1
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=err, transient=True) as bar:
        task = bar.add_task("replaying (dry run)" if dry_run_only else "sending", total=len(articles))
        advance = lambda n: bar.advance(task, n)  # noqa: E731
        if dry_run_only:
            updates = dry_run(articles, budget=settings.alert_budget, retention=settings.event_retention,
                              progress=advance)
        else:
            updates = through_pipeline(articles, bootstrap=bootstrap_for(settings), settings=settings, speed=speed,
                                       progress=advance)
    out.print(render_timeline(updates), highlight=False, markup=False, soft_wrap=True)
    kinds = {k: sum(1 for u in updates if u.change.kind == k) for k in ("new", "changed", "reminder")}
    out.print(f"{len(articles)} articles, {len(updates)} alerts ({kinds['new']} new, {kinds['changed']} changed"
              + (f", {kinds['reminder']} reminders" if kinds["reminder"] else "") + f") over "
              f"{len({u.event.event_key for u in updates})} events", highlight=False, markup=False)
    return 0

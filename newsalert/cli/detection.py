"""Detection tools: `detect`, `replay`, `eval`, `train`, `bench detect`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from newsalert.cli._common import app, bench_app, bootstrap_for, err, fail, out, settings
from newsalert.cli.sources import say_note


# -- detection ----------------------------------------------------------------------------------


@app.command()
def detect(files: Annotated[list[str], typer.Argument(help="articles: corpus JSON, JSON Lines, plain text or HTML; - reads stdin")]) -> None:
    """Print one JSON line per article: {"id": ..., "events": [...]}. Exit 1 when an input was skipped."""
    from newsalert.ingest import parse_path, parse_stream
    from processors.detectors import detect_events

    problems = 0
    for raw in files:
        items = parse_stream(sys.stdin.buffer, name="stdin") if raw == "-" else parse_path(Path(raw))
        for item in items:
            if item.article is None:
                err.print(f"[red]skipped[/] {item.origin}: {item.error}", highlight=False)
                problems += 1
                continue
            if item.note:  # e.g. dated by the time of sending: the events' dates come from it
                say_note(item.origin, item.note)
            events = [e.model_dump(mode="json", exclude={"event_key", "sources"}) for e in detect_events(item.article)]
            sys.stdout.write(json.dumps({"id": item.article.id, "events": events}, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(1)


@app.command()
def replay(
    paths: Annotated[list[Path], typer.Argument(help="folders of article JSON (or JSON Lines) and article files")],
    speed: Annotated[Optional[float], typer.Option(help="X times publication-time speed (default: as fast as taken)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="in this process: real detectors, the processors' state functions")] = False,
) -> None:
    """Send articles in publication order through the pipeline (or --dry-run in process); print the alert timeline."""
    from newsalert.replay import command

    code = command(paths, speed=speed, dry_run_only=dry_run, settings=settings(), bootstrap_for=bootstrap_for,
                   out=out, err=err)
    if code:
        raise typer.Exit(code)


@app.command("eval")
def eval_(
    directories: Annotated[list[Path], typer.Argument(help="folders shaped like the corpus (articles + labels.jsonl), "
                                                           "or X.json with X.labels.jsonl beside it")],
    quiet: Annotated[bool, typer.Option("--quiet", help="only the summary, not each miss and false alarm")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="leave one source out: fit the scorer on the other folders, "
                                                  "score the held-out one (dev and reuters1987 are one source)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="the figures as JSON")] = False,
) -> None:
    """Score the detectors with ../shared/corpus/SCORING.md's rules: P/R/F1 per type, slot accuracy, misses, false alarms.

    Exits 1 when the pooled folders miss the targets (micro F1 and slot accuracy 0.85, at most one event per
    40 articles labelled with none).
    """
    from processors.eval import run_cv, run_eval

    for directory in directories:
        labels_beside = directory.with_name(directory.stem + ".labels.jsonl")
        if not directory.is_dir() and not (directory.is_file() and labels_beside.is_file()):
            fail(f"{directory} is not a folder with *.json articles and labels.jsonl, nor an article X.json with "
                 "X.labels.jsonl beside it")
        if directory.is_dir() and not ((directory / "labels.jsonl").exists()
                                       or (directory / "articles" / "labels.jsonl").exists()):
            fail(f"{directory} has no labels.jsonl: label the articles first (see ../shared/corpus/LABELING.md)")
    if cv:
        if len({d.name for d in directories}) < 2:
            fail("--cv needs at least two labelled folders (one is held out while the others train the scorer)")
        text, data = run_cv(list(directories))
        out.print(json.dumps(data, indent=1, default=str) if as_json else text, highlight=False, markup=False)
        return
    text, metrics = run_eval(list(directories), verbose=not quiet)
    if as_json:
        keep = {k: v for k, v in metrics.items() if k not in ("misses", "false_alarms", "slot_errors")}
        out.print(json.dumps(keep, indent=1), highlight=False, markup=False)
    else:
        out.print(text, highlight=False, markup=False)
    if not metrics.get("targets", {}).get("met", True):
        raise typer.Exit(1)


@app.command()
def train(
    directories: Annotated[Optional[list[Path]], typer.Argument(help="labelled folders (default: every folder of "
                                                                     "the corpus at NEWSALERT_CORPUS or ../shared/corpus)")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="where to write the model "
                                                                        "(default: the package's processors/model.json)")] = None,
) -> None:
    """Rebuild the learned scorer from labelled folders (byte-for-byte the same from the same folders)."""
    from processors.learned import MODEL_PATH
    from processors.train import train as fit

    folders = list(directories or [])
    if not folders:
        root = default_corpus()
        root = root.parent if root is not None and root.name == "dev" else root
        if root is None:
            fail("no labelled folders: pass them (e.g. ../shared/corpus/dev ../shared/corpus/news2025) "
                 "or set NEWSALERT_CORPUS")
        folders = sorted(p for p in root.iterdir() if (p / "labels.jsonl").exists())
    for folder in folders:
        if not (folder / "labels.jsonl").exists():
            fail(f"{folder} has no labels.jsonl: label the articles first (see ../shared/corpus/LABELING.md)")
    scorer = fit(folders)
    target = output or MODEL_PATH
    target.write_text(scorer.to_json(), encoding="utf-8")
    out.print(f"model written to {target}: {scorer.meta.get('articles')} articles, "
              f"{scorer.meta.get('proposals')} proposals, calibrated types: {', '.join(scorer.models) or 'none'}",
              highlight=False, markup=False)


@bench_app.command("detect")
def bench_detect(corpus: Annotated[Optional[Path], typer.Argument(help="folder of article JSON files")] = None) -> None:
    """Articles per second of the detectors, next to a sentence-splitting baseline."""
    from processors.bench import run_bench

    folder = corpus or default_corpus()
    if folder is None or not folder.is_dir():
        fail("no corpus folder: pass one (e.g. ../shared/corpus/dev)")
    out.print(run_bench(folder), highlight=False, markup=False)


def default_corpus() -> Path | None:
    env = os.environ.get("NEWSALERT_CORPUS")
    for candidate in ([Path(env) / "dev", Path(env)] if env else []) + [Path.cwd().parent / "shared" / "corpus" / "dev"]:
        if candidate.is_dir():
            return candidate
    return None

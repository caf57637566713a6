"""Score the detectors on a labelled folder, and `detect` for files.

A labelled folder looks like the corpus: article JSON files (`*.json`, or an
`articles/` subfolder) and `labels.jsonl` (one line per article:
`{"id": ..., "events": [...]}`). A single `X.json` with `X.labels.jsonl`
beside it works too (the seed article).

Scoring: `processors/scoring.py`, exactly `../shared/corpus/SCORING.md` (a
prediction matches a gold event only when it is the same event: right
imposer and target, right leaders, right parties). `run_cv` runs
leave-one-source-out through `processors/train.py`.

CLI entry points:
    run_eval(path or paths, verbose) -> (text, metrics)
    run_cv(paths) -> (text, data)
    detect_file_lines(paths) -> iterator of JSON lines
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsalert.models import Article

from .detectors import detect_events
from .scoring import MAX_EVENTS_PER_EMPTY_ARTICLES, Score, score_predictions

# ------------------------------------------------------------------ loading
def _article_from_json(data: dict[str, Any]) -> Article:
    return Article.model_validate(data)


def load_folder(path: Path) -> tuple[list[Article], dict[str, list[dict]]]:
    """Articles and gold labels of a corpus-shaped folder (or one article file)."""
    path = Path(path)
    labels: dict[str, list[dict]] = {}
    if path.is_file():
        files = [path]
        lab = path.with_name(path.stem + ".labels.jsonl")
        label_files = [lab] if lab.exists() else []
    else:
        art_dir = path / "articles" if (path / "articles").is_dir() else path
        files = sorted((p for p in art_dir.glob("*.json")), key=lambda p: (len(p.stem), p.stem))
        label_files = [p for p in (path / "labels.jsonl", art_dir / "labels.jsonl") if p.exists()][:1]
    for lf in label_files:
        for line in lf.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[str(row["id"])] = row.get("events", [])
    articles = []
    for f in files:
        try:
            articles.append(_article_from_json(json.loads(f.read_text(encoding="utf-8"))))
        except Exception:
            continue
    return articles, labels


# ------------------------------------------------------------------ scoring
# The targets, per held-out folder (SCORING.md's rules).
TARGETS = {"micro_f1": 0.85, "slot_accuracy": 0.85, "empty_article_events_per_article": MAX_EVENTS_PER_EMPTY_ARTICLES}


def predict_folder(articles: Iterable[Article]) -> dict[str, list[dict[str, Any]]]:
    """What `newsalert detect` says of each article (event JSON, no sources or key)."""
    return {a.id: [e.model_dump(mode="json", exclude={"sources", "event_key"}) for e in detect_events(a)]
            for a in articles}


def evaluate_folders(paths: Iterable[Path]) -> Score:
    """Run the detectors on labelled folders and score them with SCORING.md's rules."""
    total = Score()
    for path in paths:
        articles, labels = load_folder(Path(path))
        scored = [a for a in articles if a.id in labels]
        total = total + score_predictions(predict_folder(scored), labels, [a.id for a in scored])
    return total


def metrics_of(score: Score) -> dict[str, Any]:
    m = score.summary()
    m["misses"], m["false_alarms"], m["slot_errors"] = score.misses, score.false_alarms, score.slot_errors
    m["targets"] = check_targets(m)
    return m


def evaluate(path: Path) -> dict[str, Any]:
    """Metrics of one labelled folder (or article with labels)."""
    return metrics_of(evaluate_folders([Path(path)]))


def check_targets(m: dict[str, Any]) -> dict[str, Any]:
    """Which of the issue's targets hold."""
    fails: list[str] = []
    f1 = m["micro"]["f1"] or 0.0
    if f1 < TARGETS["micro_f1"]:
        fails.append(f"micro F1 {f1:.3f} < {TARGETS['micro_f1']}")
    acc = m.get("slot_accuracy")
    if acc is not None and acc < TARGETS["slot_accuracy"]:
        fails.append(f"slot accuracy {acc:.3f} < {TARGETS['slot_accuracy']}")
    allowed = m["empty_articles"] * TARGETS["empty_article_events_per_article"]
    if m["empty_article_events"] > allowed:
        fails.append(f"{m['empty_article_events']} events on {m['empty_articles']} articles labelled with none "
                     f"(at most {allowed:.1f})")
    return {"met": not fails, "failures": fails}


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_summary(m: dict[str, Any]) -> list[str]:
    lines = [f"articles scored: {m['articles']}", "",
             f"{'type':<16}{'gold':>6}{'pred':>6}{'tp':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    for t, v in m["per_type"].items():
        lines.append(f"{t:<16}{v['tp'] + v['fn']:>6}{v['tp'] + v['fp']:>6}{v['tp']:>5}"
                     f"{_fmt(v['precision']):>8}{_fmt(v['recall']):>8}{_fmt(v['f1']):>8}")
    mi = m["micro"]
    lines.append(f"{'micro':<16}{mi['tp'] + mi['fn']:>6}{mi['tp'] + mi['fp']:>6}{mi['tp']:>5}"
                 f"{_fmt(mi['precision']):>8}{_fmt(mi['recall']):>8}{_fmt(mi['f1']):>8}")
    lines += ["", f"slot accuracy (SCORING.md slots, over matched pairs): {_fmt(m['slot_accuracy'])}"]
    for k, v in m["slots"].items():
        lines.append(f"   {k:<30}{v['correct']:>4}/{v['total']:<4} {_fmt(v['accuracy'])}")
    lines += ["", f"events on articles labelled with none: {m['empty_article_events']} "
                  f"(over {m['empty_articles']} such articles)"]
    tg = m["targets"]
    lines.append("targets: " + ("all met" if tg["met"] else "NOT met: " + "; ".join(tg["failures"])))
    return lines


def format_report(m: dict[str, Any], verbose: bool = False) -> str:
    lines = format_summary(m)

    def show(ev: dict) -> str:
        keep = {k: v for k, v in ev.items() if k not in ("evidence", "confidence", "type") and v not in (None, [], "")}
        return f"{ev['type']} {json.dumps(keep, ensure_ascii=False)}"

    if verbose:
        lines += ["", f"misses ({len(m['misses'])}):"]
        for x in m["misses"]:
            lines.append(f"  [{x['id']}] {show(x['event'])}")
        lines += ["", f"false alarms ({len(m['false_alarms'])}):"]
        for x in m["false_alarms"]:
            lines.append(f"  [{x['id']}] {show(x['event'])}")
            for ev in x["event"].get("evidence", [])[:2]:
                lines.append(f"      evidence: {ev[:300]}")
        lines += ["", f"slot errors ({len(m['slot_errors'])}):"]
        for x in m["slot_errors"]:
            lines.append(f"  [{x['id']}] {x['type']}.{x['slot']}: predicted {x['pred']!r}, gold {x['gold']!r}")
            for ev in x["evidence"]:
                lines.append(f"      evidence: {ev[:300]}")
    return "\n".join(lines)


def run_eval(path: Path | list[Path], verbose: bool = False) -> tuple[str, dict[str, Any]]:
    """What `newsalert eval DIR...` prints, and the metrics behind it (folders pooled)."""
    paths = [Path(p) for p in path] if isinstance(path, list) else [Path(path)]
    metrics = metrics_of(evaluate_folders(paths))
    return format_report(metrics, verbose), metrics


def run_cv(paths: list[Path]) -> tuple[str, dict[str, Any]]:
    """What `newsalert eval --cv DIR...` prints: leave one source out, and the calibration table."""
    from .train import leave_one_source_out

    result = leave_one_source_out(paths)
    lines = ["leave-one-source-out (fit on the other sources, score the held-out one; SCORING.md rules)", "",
             f"{'held out':<18}{'detection':<16}{'articles':>9}{'P':>8}{'R':>8}{'F1':>8}{'slots':>8}{'none-ev':>10}"]
    data: dict[str, Any] = {"held_out": {}, "calibration": {}}
    for source in result["held_out"]:
        for label, key in (("shipped", "held_out"), ("learned filter", "learned_filter")):
            m = result[key][source].summary()
            mi = m["micro"]
            lines.append(f"{source:<18}{label:<16}{m['articles']:>9}{_fmt(mi['precision']):>8}{_fmt(mi['recall']):>8}"
                         f"{_fmt(mi['f1']):>8}{_fmt(m['slot_accuracy']):>8}"
                         f"{m['empty_article_events']:>5}/{m['empty_articles']:<4}")
            data["held_out"].setdefault(source, {})[key] = {**m, "targets": check_targets(m)}
    lines += ["", "calibration of the shipped events' confidence on held-out sources:",
              f"{'confidence':<12}{'events':>8}{'right':>8}{'precision':>11}"]
    for name, (right, n) in result["calibration"].items():
        lines.append(f"{name:<12}{n:>8}{right:>8}{_fmt(right / n if n else None):>11}")
        data["calibration"][name] = {"events": n, "right": right, "precision": right / n if n else None}
    cumulative = [(low, sum(r for b, (r, _) in result["calibration"].items() if _at_least(b, low)),
                   sum(n for b, (_, n) in result["calibration"].items() if _at_least(b, low)))
                  for low in (0.5, 0.7, 0.8, 0.9)]
    lines.append("")
    for low, right, n in cumulative:
        lines.append(f"confidence >= {low}: {right}/{n} right = {_fmt(right / n if n else None)}")
        data["calibration"][f"cumulative >= {low}"] = {"events": n, "right": right,
                                                        "precision": right / n if n else None}
    return "\n".join(lines), data


def _at_least(bucket: str, low: float) -> bool:
    return bucket.startswith(">=") and float(bucket[2:]) >= low


# ------------------------------------------------------------------ detect
def article_from_file(path: Path) -> Article:
    """Read a corpus JSON article, an HTML page or a plain-text file."""
    path = Path(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if path.suffix.lower() == ".json":
        return _article_from_json(json.loads(text))
    published = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    title = ""
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:1] == "<":
        import trafilatura  # only for HTML input

        body = trafilatura.extract(text) or ""
        meta = trafilatura.extract_metadata(text)
        if meta is not None:
            title = meta.title or ""
            if meta.date:
                try:
                    published = datetime.fromisoformat(meta.date).replace(tzinfo=timezone.utc)
                except ValueError:
                    pass
        text = body
    else:
        first = text.strip().splitlines()[0] if text.strip() else ""
        if first and len(first) < 200 and not first.rstrip().endswith("."):
            title = first.strip()
    return Article(id=path.stem, url=None, title=title, published=published, source=str(path), text=text)


def detect_file_lines(paths: Iterable[Path | str]) -> Iterator[str]:
    """One JSON line per file: {"id": ..., "events": [...]} (or {"file", "error"})."""
    for p in paths:
        try:
            art = article_from_file(Path(p))
            events = [e.model_dump(mode="json", exclude={"sources", "event_key"}) for e in detect_events(art)]
            yield json.dumps({"id": art.id, "events": events}, ensure_ascii=False)
        except Exception as exc:
            yield json.dumps({"file": str(p), "error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False)

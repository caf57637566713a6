"""Score the detectors on a labelled folder, and `detect` for files.

A labelled folder looks like the corpus: article JSON files (`*.json`, or an
`articles/` subfolder) and `labels.jsonl` (one line per article:
`{"id": ..., "events": [...]}`). A single `X.json` with `X.labels.jsonl`
beside it works too (the seed article).

Matching: per article and per event type, predicted and gold events are
paired greedily by slot similarity (best pair first); every pair of the same
type in the same article may match, so precision/recall measure whether the
right number of events of each type was found, and slot accuracy (over
matched pairs) measures whether their slots are right.

CLI entry points:
    run_eval(path, verbose) -> (text, metrics)
    detect_file_lines(paths) -> iterator of JSON lines
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsalert.models import Article, EVENT_TYPES

from .detectors import detect_events

TYPES = list(EVENT_TYPES)
SLOTS: dict[str, list[str]] = {
    "tariff_action": ["imposer", "target", "rate", "goods", "effective_date", "status"],
    "leader_meeting": ["participants", "location", "date", "confirmed_by", "status"],
    "export_control": ["imposer", "items", "target", "status"],
    "trade_talks": ["parties", "negotiators", "location", "date"],
    "trade_truce": ["parties", "action", "until"],
}
# Slots compared leniently (free text): equal when the words largely overlap.
FREE_TEXT = {"goods", "items", "location"}
# The slots the targets are set on.
TARGET_SLOTS = [("tariff_action", "rate"), ("tariff_action", "effective_date"), ("tariff_action", "status"),
                ("leader_meeting", "status"), ("leader_meeting", "date"),
                ("trade_truce", "action"), ("trade_truce", "until")]
TARGETS = {"micro_f1": 0.90, "type_f1": 0.80, "slot_accuracy": 0.90, "empty_article_events": 0}


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


# ------------------------------------------------------------------ comparing
def _norm(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, list):
        return frozenset(_norm(x) for x in v) or None
    if isinstance(v, str):
        v = v.strip().lower()
        return v or None
    return v


def _words(v: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", v.lower()) if w not in {"the", "of", "and", "a", "on", "in", "incl"}}


def _rate_numbers(v: str | None) -> frozenset[str] | None:
    if not v:
        return None
    nums = re.findall(r"\d+(?:\.\d+)?", v)
    return frozenset(n[:-2] if n.endswith(".0") else n for n in nums) or None


def slot_equal(slot: str, pred: Any, gold: Any) -> bool:
    if slot == "rate":
        return _rate_numbers(pred) == _rate_numbers(gold)
    if slot in FREE_TEXT:
        if not pred and not gold:
            return True
        if not pred or not gold:
            return False
        a, b = _words(pred), _words(gold)
        if not a or not b:
            return False
        return len(a & b) / min(len(a), len(b)) >= 0.5
    return _norm(pred) == _norm(gold)


def slot_similarity(etype: str, pred: dict, gold: dict) -> float:
    score = 0.0
    slots = SLOTS[etype]
    for s in slots:
        p, g = pred.get(s), gold.get(s)
        if isinstance(p, list) or isinstance(g, list):
            a, b = set(p or []), set(g or [])
            score += (len(a & b) / len(a | b)) if (a or b) else 1.0
        else:
            score += 1.0 if slot_equal(s, p, g) else 0.0
    return score / len(slots)


def match(etype: str, preds: list[dict], golds: list[dict]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    pairs = sorted(((slot_similarity(etype, p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
                   reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    return matched, [i for i in range(len(preds)) if i not in used_p], [j for j in range(len(golds)) if j not in used_g]


# ------------------------------------------------------------------ evaluating
def evaluate(path: Path) -> dict[str, Any]:
    """Run the detectors on a labelled folder and score them."""
    articles, labels = load_folder(Path(path))
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    slots: dict[str, dict[str, int]] = defaultdict(lambda: {"correct": 0, "total": 0})
    empty_events = 0
    empty_articles = 0
    misses: list[dict] = []
    false_alarms: list[dict] = []
    slot_errors: list[dict] = []
    scored = 0
    for art in articles:
        if art.id not in labels:
            continue
        scored += 1
        gold = labels[art.id]
        pred = [e.model_dump(mode="json", exclude={"sources", "event_key"}) for e in detect_events(art)]
        if not gold:
            empty_articles += 1
            empty_events += len(pred)
        for t in TYPES:
            ps = [p for p in pred if p["type"] == t]
            gs = [g for g in gold if g["type"] == t]
            matched, fps, fns = match(t, ps, gs)
            counts[t]["tp"] += len(matched)
            counts[t]["fp"] += len(fps)
            counts[t]["fn"] += len(fns)
            for i, j in matched:
                for s in SLOTS[t]:
                    ok = slot_equal(s, ps[i].get(s), gs[j].get(s)) if not isinstance(gs[j].get(s), list) \
                        else _norm(ps[i].get(s)) == _norm(gs[j].get(s))
                    slots[f"{t}.{s}"]["total"] += 1
                    slots[f"{t}.{s}"]["correct"] += int(ok)
                    if not ok:
                        slot_errors.append({"id": art.id, "type": t, "slot": s, "pred": ps[i].get(s),
                                            "gold": gs[j].get(s), "evidence": ps[i].get("evidence", [])[:1]})
            for i in fps:
                false_alarms.append({"id": art.id, "title": art.title, "event": ps[i]})
            for j in fns:
                misses.append({"id": art.id, "title": art.title, "event": gs[j]})
    per_type = {}
    TP = FP = FN = 0
    for t, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        per_type[t] = {**c, **_prf(tp, fp, fn)}
    slot_acc = {k: {**v, "accuracy": (v["correct"] / v["total"]) if v["total"] else None} for k, v in sorted(slots.items())}
    metrics = {
        "articles": scored,
        "per_type": per_type,
        "micro": {"tp": TP, "fp": FP, "fn": FN, **_prf(TP, FP, FN)},
        "slots": slot_acc,
        "empty_articles": empty_articles,
        "empty_article_events": empty_events,
        "misses": misses,
        "false_alarms": false_alarms,
        "slot_errors": slot_errors,
    }
    metrics["targets"] = check_targets(metrics)
    return metrics


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = (2 * p * r / (p + r)) if p and r else (0.0 if (tp + fp + fn) else None)
    return {"precision": p, "recall": r, "f1": f}


def check_targets(m: dict[str, Any]) -> dict[str, Any]:
    """Which of the issue's targets hold (types with no gold and no prediction are skipped)."""
    fails: list[str] = []
    if (m["micro"]["f1"] or 0) < TARGETS["micro_f1"]:
        fails.append(f"micro F1 {m['micro']['f1'] or 0:.3f} < {TARGETS['micro_f1']}")
    for t, v in m["per_type"].items():
        if v["f1"] is not None and v["f1"] < TARGETS["type_f1"]:
            fails.append(f"{t} F1 {v['f1']:.3f} < {TARGETS['type_f1']}")
    for t, s in TARGET_SLOTS:
        v = m["slots"].get(f"{t}.{s}")
        if v and v["accuracy"] is not None and v["accuracy"] < TARGETS["slot_accuracy"]:
            fails.append(f"{t}.{s} accuracy {v['accuracy']:.3f} < {TARGETS['slot_accuracy']}")
    if m["empty_article_events"] > TARGETS["empty_article_events"]:
        fails.append(f"{m['empty_article_events']} events on articles labelled with none")
    return {"met": not fails, "failures": fails}


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(m: dict[str, Any], verbose: bool = False) -> str:
    lines = [f"articles scored: {m['articles']}", "",
             f"{'type':<16}{'gold':>6}{'pred':>6}{'tp':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    for t, v in m["per_type"].items():
        lines.append(f"{t:<16}{v['tp'] + v['fn']:>6}{v['tp'] + v['fp']:>6}{v['tp']:>5}"
                     f"{_fmt(v['precision']):>8}{_fmt(v['recall']):>8}{_fmt(v['f1']):>8}")
    mi = m["micro"]
    lines.append(f"{'micro':<16}{mi['tp'] + mi['fn']:>6}{mi['tp'] + mi['fp']:>6}{mi['tp']:>5}"
                 f"{_fmt(mi['precision']):>8}{_fmt(mi['recall']):>8}{_fmt(mi['f1']):>8}")
    lines += ["", "slot accuracy (over matched pairs; * = target slot)"]
    targets = {f"{t}.{s}" for t, s in TARGET_SLOTS}
    for k, v in m["slots"].items():
        star = "*" if k in targets else " "
        lines.append(f" {star} {k:<30}{v['correct']:>4}/{v['total']:<4} {_fmt(v['accuracy'])}")
    lines += ["", f"events on articles labelled with none: {m['empty_article_events']} "
                  f"(over {m['empty_articles']} such articles)"]
    tg = m["targets"]
    lines.append("targets: " + ("all met" if tg["met"] else "NOT met: " + "; ".join(tg["failures"])))

    def show(ev: dict) -> str:
        keep = {k: v for k, v in ev.items() if k not in ("evidence", "confidence", "type") and v not in (None, [], "")}
        return f"{ev['type']} {json.dumps(keep, ensure_ascii=False)}"

    lines += ["", f"misses ({len(m['misses'])}):"]
    for x in m["misses"]:
        lines.append(f"  [{x['id']}] {show(x['event'])}")
    lines += ["", f"false alarms ({len(m['false_alarms'])}):"]
    for x in m["false_alarms"]:
        lines.append(f"  [{x['id']}] {show(x['event'])}")
        for ev in x["event"].get("evidence", [])[:2]:
            lines.append(f"      evidence: {ev[:300]}")
    if verbose:
        lines += ["", f"slot errors ({len(m['slot_errors'])}):"]
        for x in m["slot_errors"]:
            lines.append(f"  [{x['id']}] {x['type']}.{x['slot']}: predicted {x['pred']!r}, gold {x['gold']!r}")
            for ev in x["evidence"]:
                lines.append(f"      evidence: {ev[:300]}")
    return "\n".join(lines)


def run_eval(path: Path, verbose: bool = False) -> tuple[str, dict[str, Any]]:
    """What `newsalert eval DIR` prints, and the metrics behind it."""
    metrics = evaluate(Path(path))
    return format_report(metrics, verbose), metrics


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

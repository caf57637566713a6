"""`newsalert bench detect`: detector throughput on the corpus articles.

Measures articles/second of `detect_events` (repeating the corpus until
about `seconds` have passed), and, in the same run, a baseline that only
splits sentences, so the figure can be read on a busy machine. Single
process, single thread: the figure is per core.

The corpus repeats, so the detectors' per-sentence lru caches (find_dates,
is_background, ...) answer every call after the first pass, which a stream of
new articles never sees; a last figure empties them before every article.
"""

from __future__ import annotations

import json
import os
import pkgutil
import time
from importlib import import_module
from pathlib import Path

from newsalert.models import Article

from . import detectors as _detectors
from .detectors import detect_events
from .detectors import common as _common
from .detectors.sentences import split_sentences


def _load(corpus_dir: Path) -> list[Article]:
    corpus_dir = Path(corpus_dir)
    files: list[Path] = []
    if corpus_dir.is_file():
        files = [corpus_dir]
    else:
        for d in (corpus_dir, corpus_dir / "dev", corpus_dir / "articles"):
            if d.is_dir():
                files += sorted(d.glob("*.json"))
    arts = []
    for f in files:
        try:
            arts.append(Article.model_validate(json.loads(f.read_text(encoding="utf-8"))))
        except Exception:
            continue
    return arts


def _rate(fn, arts: list[Article], seconds: float) -> tuple[float, int]:
    n = 0
    start = time.perf_counter()
    while True:
        for a in arts:
            fn(a)
        n += len(arts)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed, n


def _detect_uncached(a: Article) -> None:
    _common._cache = None  # measure the full analysis every time
    detect_events(a)


def _sentence_caches() -> list:
    """Every lru_cache'd function of the detector modules (found, so a new one is not missed)."""
    found = {}
    for info in pkgutil.iter_modules(_detectors.__path__):
        module = import_module(f"{_detectors.__name__}.{info.name}")
        for obj in vars(module).values():
            if callable(getattr(obj, "cache_clear", None)):
                found[id(obj)] = obj
    return list(found.values())


def run_bench(corpus_dir: Path, seconds: float = 3.0) -> str:
    arts = _load(corpus_dir)
    if not arts:
        return f"no articles found under {corpus_dir}"
    avg = sum(len(a.text.encode("utf-8")) for a in arts) / len(arts)
    for a in arts:  # warm up: imports, regex caches, date cache
        _detect_uncached(a)
    base, nb = _rate(lambda a: split_sentences(a.text), arts, seconds / 3)
    det, nd = _rate(_detect_uncached, arts, seconds)
    per3k = det * avg / 3000
    caches = _sentence_caches()

    def _detect_cold(a: Article) -> None:
        for cache in caches:
            cache.cache_clear()
        _detect_uncached(a)

    cold, nc = _rate(_detect_cold, arts, seconds)
    lines = [
        f"articles: {len(arts)} (average {avg / 1000:.1f} KB)",
        f"baseline (sentence splitting only): {base:,.0f} articles/s ({nb} runs)",
        f"detect_events (all five detectors):  {det:,.0f} articles/s ({nd} runs)",
        f"detect / baseline: {det / base:.3f}",
        f"normalised to 3 KB articles: ~{per3k:,.0f} articles/s",
        f"with the {len(caches)} sentence caches emptied before every article (as new articles find them): "
        f"{cold:,.0f} articles/s ({nc} runs), ~{cold * avg / 3000:,.0f} normalised to 3 KB",
        f"single process, single thread: these are per-core figures "
        f"(machine has {os.cpu_count()} CPUs; target >= 1,000 articles/s per core on 3 KB articles)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(run_bench(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")))

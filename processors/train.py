"""Training and honest evaluation of the learned scorer.

    newsalert train [DIR...]        rebuild processors/model.json from labelled folders
    newsalert eval --cv DIR...      leave-one-folder-out: fit on the others, score the held-out folder

Labels name events, not sentences: each proposal is aligned to the gold events
of its article with SCORING.md's rules. A tariff pair is right when gold has a
tariff of that exact imposer and target (a tariff on all countries has no
target); a proposal of another type is right when SCORING.md's one-to-one
matching pairs it with a gold event. Gold events no proposal reaches are
counted, so thresholds are chosen against the true recall.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .eval import load_folder
from newsalert.models import Article, EventBase

from .detectors.tariff_parties import story_maker_target
from .learned import EventScorer, Proposal, TypeModel, calibrated_events, decide, proposals
from .scoring import Score, country, match_article, score_predictions

# Folders from one source are one fold: the 1987 wire of dev/ and reuters1987/ is one source.
SOURCE_OF = {"dev": "reuters1987", "reuters1987": "reuters1987"}
SEED = 0
# Proposals the rules reject are not added yet: on held-out folders adding them lost as much as it won.
ALLOW_ADD = False
# A type needs this many right proposals in training before its confidence is calibrated. The credible-bound
# steps below make a small type's table cautious, so 30 is enough; at 40, holding out peoplesdaily2018 left
# talks and meetings with the rules' own 0.6-0.9 (the shipped model, trained on all, has both calibrated).
# Below 30 the 1987 wire, held out, gets a talks table fitted on modern news alone that puts its talks under 0.6.
MIN_POSITIVES = 30
# ... and this many wrong ones. Few wrong proposals mean the rules are mostly right, not that the rules' own
# confidence means something: at 15 (MIN_POSITIVES // 2), meetings with 52 right and 14 wrong fell back to the
# rules' 0.6-0.75 and seven background summits of news2025 reached the alert floor at once.
MIN_NEGATIVES = 8


@dataclass
class Labelled:
    """One article's proposals, their labels, and its gold events."""

    article_id: str
    folder: str
    article: Article
    props: list[Proposal]
    labels: list[bool]
    gold: list[dict[str, Any]]
    unreached: dict[str, int] = field(default_factory=dict)


def source_of(folder: Path | str) -> str:
    name = Path(folder).name
    return SOURCE_OF.get(name, name)


def label(props: list[Proposal], gold: list[dict[str, Any]], article: Article | None = None
          ) -> tuple[list[bool], dict[str, int]]:
    """Is each proposal right, and how many gold events of each type no proposal reaches.

    A tariff with no target in a story about a maker is judged with the maker's home as its target, as the
    pipeline ships it (`calibrated_events`), so its confidence is that of the event a subscriber sees."""
    labels = [False] * len(props)
    gold_tariffs = {(country(g.get("imposer")), country(g.get("target")) if g.get("target") else None)
                    for g in gold if g["type"] == "tariff_action"}
    # the pairs the strict rules report with a target: a maker's home is not given to a target-less tariff then
    reported = {(p.event.imposer, p.event.target) for p in props  # type: ignore[attr-defined]
                if p.event.type == "tariff_action" and p.features.get("strict_pair", 1.0) > 0}
    for k, p in enumerate(props):
        if p.event.type == "tariff_action":
            e = p.event
            target = e.target  # type: ignore[attr-defined]
            if target is None and article is not None:
                home = story_maker_target(e, article.title or "", article.text)  # type: ignore[arg-type]
                target = home if (e.imposer, home) not in reported else None  # type: ignore[attr-defined]
            labels[k] = (country(e.imposer), country(target) if target else None) in gold_tariffs  # type: ignore[attr-defined]
    others = [(k, p.event.model_dump(mode="json")) for k, p in enumerate(props) if p.event.type != "tariff_action"]
    pairs, _, _ = match_article([d for _, d in others], [g for g in gold if g["type"] != "tariff_action"])
    for i, _ in pairs:
        labels[others[i][0]] = True
    # gold events no proposal can reach (lenient SCORING.md match against every proposal)
    everything = [p.event.model_dump(mode="json") for p in props]
    _, _, missed = match_article(everything, gold)
    unreached: dict[str, int] = defaultdict(int)
    for j in missed:
        unreached[gold[j]["type"]] += 1
    return labels, dict(unreached)


def load_labelled(folders: Iterable[Path]) -> list[Labelled]:
    """Proposals and labels of every labelled article in the folders."""
    rows: list[Labelled] = []
    for folder in folders:
        articles, gold = load_folder(Path(folder))
        for art in articles:
            if art.id not in gold:
                continue
            props = proposals(art)
            labels, unreached = label(props, gold[art.id], art)
            rows.append(Labelled(art.id, source_of(folder), art, props, labels, gold[art.id], unreached))
    return rows


def examples(rows: Iterable[Labelled], rules_only: bool = False) -> list[tuple[str, dict[str, float], bool]]:
    """(type, features, is right) rows; `rules_only` keeps the proposals the strict rules emit (for calibration)."""
    return [(p.event.type, p.features, y) for r in rows for p, y in zip(r.props, r.labels)
            if not rules_only or p.features.get("strict_pair", 1.0) > 0]


def unreached_of(rows: Iterable[Labelled]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for r in rows:
        for t, n in r.unreached.items():
            total[t] += n
    return dict(total)


def fit_type_model(rows: list[tuple[dict[str, float], bool]], folds: int = 5, seed: int = SEED,
                   unreached: int = 0, allow_add: bool = ALLOW_ADD) -> TypeModel | None:
    """Logistic regression, isotonic calibration and an F1-best threshold from out-of-fold predictions."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.array([1 if lab else 0 for _, lab in rows])
    if y.sum() < MIN_POSITIVES or len(y) - y.sum() < MIN_NEGATIVES:
        return None  # too few labelled events to calibrate: the rules' own confidence stays
    vec = DictVectorizer(sort=True, sparse=False)
    x = vec.fit_transform([f for f, _ in rows])

    def model() -> LogisticRegression:
        return LogisticRegression(C=0.5, solver="liblinear", max_iter=5000, random_state=seed)

    oof = np.zeros(len(rows))
    k = max(2, min(folds, int(y.sum()), int(len(y) - y.sum())))
    for train_idx, test_idx in StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(x, y):
        m = model().fit(x[train_idx], y[train_idx])
        oof[test_idx] = m.predict_proba(x[test_idx])[:, 1]
    table = _bagged_table(oof, y, seed)
    # the thresholds are searched on the confidence the shipped table gives
    calibrated = np.interp(oof, [a for a, _ in table], [b for _, b in table])
    # Two thresholds, anchored on the rules: what the strict rules accept is dropped only below `drop`,
    # what they reject is added only from `add` up (the rules carry hand-checked negation and
    # modality cues the model sees only as features).
    rules = np.array([1 if f.get("strict_pair", 1.0) > 0 else 0 for f, _ in rows])
    positives = int(y.sum()) + unreached
    best = (0.0, 1.01, -1.0)
    grid = [round(float(t), 2) for t in np.arange(0.0, 1.001, 0.05)] + [1.01]
    for drop in grid:
        for add in (grid if allow_add else [1.01]):
            if add < drop:
                continue
            chosen = ((rules == 1) & (calibrated >= drop)) | ((rules == 0) & (calibrated >= add))
            tp = int((chosen & (y == 1)).sum())
            fp = int((chosen & (y == 0)).sum())
            f1 = 2 * tp / (2 * tp + fp + (positives - tp)) if tp else 0.0
            if f1 > best[2] + 1e-9:
                best = (drop, add, f1)
    best_drop, best_add, _ = best
    full = model().fit(x, y)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), full.coef_[0])}
    return TypeModel(weights=weights, bias=float(full.intercept_[0]), calibration=table, threshold=best_drop,
                     add_threshold=best_add)


# A calibrated confidence is what the labelled examples support with this credibility: the lower
# quantile of the Beta posterior of each isotonic block's hit rate. A block of 36 proposals 22 of which
# were right reads 0.50 (0.55 at the quartile), not 0.61, so a few examples more or less do not carry a type
# across the tracker's alert floor; a block of thousands reads just under its hit rate. The 10% quantile, not
# the quartile: the sources a subscriber reads are not the labelled ones. Leave-one-source-out at the quartile
# put 85.8% right at a confidence of 0.8 or more (169 events), 47.0% below 0.5, 31 alerts on empty articles;
# at 10%, 89.2% (139), 47.4%, 28, pooled F1 .683 -> .680. (At 5%: 89.7% at 0.8 but 51.1% below 0.5.)
CREDIBLE_QUANTILE = 0.10


def _credible_steps(raw: Any, labels: Any, fitted: Any) -> list[tuple[float, float]]:
    """(raw probability, calibrated) steps of an isotonic fit, each block's value its credible lower bound.

    Called once per type at training; `fitted` is the isotonic prediction for each `raw` value.
    """
    import numpy as np
    from scipy.stats import beta

    order = np.argsort(raw, kind="stable")
    raw, labels, fitted = raw[order], labels[order], fitted[order]
    steps: list[tuple[float, float]] = []
    start = 0
    floor = 0.0
    for end in range(1, len(raw) + 1):
        if end < len(raw) and fitted[end] == fitted[start]:
            continue
        hits, n = int(labels[start:end].sum()), end - start
        # running max: a higher raw score is never less likely than a lower one
        floor = max(floor, float(beta.ppf(CREDIBLE_QUANTILE, hits + 1, n - hits + 1)))
        steps += [(float(raw[start]), floor), (float(raw[end - 1]), floor)]
        start = end
    return steps


def _step_centres(steps: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The isotonic fit's steps as breakpoints at their centres: interpolated, a small refit moves a
    probability a little instead of across a step (a type with a hundred examples had its 0.47-0.80 range
    jump from 0.42-0.56 to 0.60, the tracker's alert floor, between two fits)."""
    blocks: list[list[float]] = []  # [x_first, x_last, y]
    for x, y in steps:
        if blocks and blocks[-1][2] == y:
            blocks[-1][1] = x
        else:
            blocks.append([x, x, y])
    if len(blocks) <= 1:
        return steps
    return [((a + b) / 2, y) for a, b, y in blocks]


# The calibration table is the mean of this many isotonic fits, each on a bootstrap sample of the out-of-fold
# predictions, read at CALIBRATION_POINTS evenly spaced raw probabilities. One isotonic fit is a staircase
# whose steps move when one training example changes: between two fits that differed in one article, 98 of
# 646 held-out confidences moved by more than 0.05 and 16 events crossed the 0.6 alert floor; the mean of 30
# moved 6, and 11 crossed it. (A sigmoid, Platt's scaling, moved fewer still but cannot follow the meetings'
# dip: four wrong single-source meetings of the news2025 replay rose over the floor.) 30 still left the share
# right at 0.8 or more swinging by 0.01-0.02 from one rule change to the next; held out at one commit (574e81e),
# 30 bags put 120 of 136 events right there (88.2%), 60 bags 113/126 (89.7%), 100 117/129 (90.7%), 200 115/127
# (90.6%), with the same events shipped (pooled F1 .706) and training 4.6 s.
BAGS = 200
CALIBRATION_POINTS = 41


def _bagged_table(raw: Any, labels: Any, seed: int) -> list[tuple[float, float]]:
    """(raw probability, calibrated) points: the mean of credible-step isotonic fits on bootstrap samples.

    Called once per type at training; deterministic for a seed. Monotone, as a mean of monotone fits.
    """
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    rng = np.random.RandomState(seed)
    grid = np.linspace(0.0, 1.0, CALIBRATION_POINTS)
    total = np.zeros(len(grid))
    for _ in range(BAGS):
        pick = rng.randint(0, len(labels), len(labels))
        sample, hits = raw[pick], labels[pick]
        fitted = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(sample, hits).predict(sample)
        steps = _step_centres(_credible_steps(sample, hits, fitted))
        total += np.interp(grid, [x for x, _ in steps], [y for _, y in steps])
    return [(float(x), float(y)) for x, y in zip(grid, total / BAGS)]


def train(folders: list[Path], rows: list[Labelled] | None = None) -> EventScorer:
    """A scorer fitted on every labelled article of the folders."""
    rows = rows if rows is not None else load_labelled(folders)
    rows = sorted(rows, key=lambda r: (r.folder, r.article_id))  # the same folders in any order give the same model
    scorer = EventScorer(meta={"trained_on": sorted({Path(f).name for f in folders}),
                               "articles": len(rows), "proposals": sum(len(r.props) for r in rows)})
    scorer.initialize(examples(rows, rules_only=True), seed=SEED, unreached=unreached_of(rows))
    return scorer


def predict(rows: Iterable[Labelled], scorer: EventScorer) -> dict[str, list[dict[str, Any]]]:
    return {r.article_id: [e.model_dump(mode="json") for e in decide(r.props, scorer)] for r in rows}


def score_rows(rows: list[Labelled], scorer: EventScorer) -> Score:
    gold = {r.article_id: r.gold for r in rows}
    return score_predictions(predict(rows, scorer), gold, [r.article_id for r in rows])


def leave_one_source_out(folders: list[Path]) -> dict[str, Any]:
    """Fit on every source but one, score the held-out one.

    Per held-out source: the shipped detection (the rules, confidence calibrated
    by a scorer fitted on the other sources) and the experimental learned filter
    (proposals the scorer accepts); and, pooled, the measured precision of the
    shipped events by calibrated-confidence bucket.
    """
    rows = load_labelled(folders)
    sources = sorted({r.folder for r in rows})
    held: dict[str, Score] = {}
    learned: dict[str, Score] = {}
    buckets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for source in sources:
        train_rows = [r for r in rows if r.folder != source]
        test_rows = [r for r in rows if r.folder == source]
        calibrator = EventScorer()
        calibrator.initialize(examples(train_rows, rules_only=True), seed=SEED)
        filt = EventScorer()
        filt.initialize(examples(train_rows), seed=SEED, unreached=unreached_of(train_rows))
        learned[source] = score_rows(test_rows, filt)
        gold = {r.article_id: r.gold for r in test_rows}
        shipped = {r.article_id: [e.model_dump(mode="json") for e in shipped_events(r, calibrator)] for r in test_rows}
        held[source] = score_predictions(shipped, gold, [r.article_id for r in test_rows])
        # calibration: is a shipped event right (SCORING.md match), by confidence bucket
        for r in test_rows:
            events = shipped[r.article_id]
            pairs, _, _ = match_article(events, r.gold)
            right = {i for i, _ in pairs}
            for i, e in enumerate(events):
                b = bucket(e.get("confidence", 0.0))
                buckets[b][0] += int(i in right)
                buckets[b][1] += 1
    return {"held_out": held, "learned_filter": learned, "calibration": dict(sorted(buckets.items()))}


def shipped_events(row: Labelled, scorer: EventScorer) -> list[EventBase]:
    """What the pipeline emits for a labelled article: the rules' events with calibrated confidence."""
    return calibrated_events(row.article, scorer)


def bucket(confidence: float) -> str:
    for low in (0.9, 0.8, 0.7, 0.5):
        if confidence >= low:
            return f">= {low}"
    return "< 0.5"

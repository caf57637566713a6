"""The learned, calibrated decision over the detectors' proposals.

The rule detectors propose (recall first): for tariffs, every (imposer,
target) pair a tariff sentence could mean plus what the rules noticed about it
(`tariff.identity_pairs`); for the other types, the events the rules find. Each
proposal gets features from the shared analysed article, and a logistic model
per type — trained on the labelled folders with SCORING.md's matching
(`processors/train.py`) — decides whether it is an event of this news cycle.
Its probability is mapped through a calibration table (bagged isotonic fits) to the event's
`confidence`, so `--min-confidence 0.8` means "right about 8 times in 10 or better".

The model is plain data (`model.json`: weights, calibration, thresholds),
read once; scoring is a dot product, so no numeric library is loaded at run time.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Collection, Iterable

from newsalert.models import Article, EventBase
from newsalert.places import customs_territory

from .detectors import DETECTORS
from .detectors.common import Doc, analyse
from .detectors.guard import guarded
from .detectors.cues import CONDITIONAL, FUTURE, NEGATION, OPINION, PAST_MARKERS, SPECULATIVE, YEAR, is_background
from .detectors.rates import first_number
from .detectors.tariff import identity_pairs, unnamed_target_countries
from .detectors.tariff_parties import story_maker_target

MODEL_PATH = Path(__file__).with_name("model.json")
# An event the calibrated scorer gives less than one chance in ten of being right is not emitted:
# fixed by that reading, not fitted (held-out F1 then moved +0.014 to +0.025 on four sources, -0.016 on
# the 1987 wire).
MIN_CONFIDENCE = 0.1
# A target the scorer ranks above the rules' "no target" must be more likely right than not.
RANKED_TARGET_MIN = 0.5
FORMAT_VERSION = 1


@dataclass(slots=True)
class Proposal:
    """One event a detector proposes, with the features the model reads."""

    event: EventBase
    features: dict[str, float]


# ------------------------------------------------------------------ proposals and features
def proposals(article: Article) -> list[Proposal]:
    """Every proposal of every type for one article (pure; never raises on odd text)."""
    return _proposals_and_rates(article)[0]


def _proposals_and_rates(article: Article) -> tuple[list[Proposal], dict[tuple[Any, Any], set[str]]]:
    """The proposals, and the rates the tariff candidates give each (imposer, target) (`_rates_by_pair`), read
    from the one candidate pass."""
    rates: dict[tuple[Any, Any], set[str]] = {}
    try:
        doc = analyse(article)
    except Exception:
        return [], rates
    out: list[Proposal] = []
    for etype, detector in DETECTORS.items():
        try:
            if etype == "tariff_action":
                candidates = detector.candidates(article)  # type: ignore[attr-defined]
                rates = _rates_by_pair(candidates)
                for _, _, feats, _, event in identity_pairs(doc, candidates):
                    feats.update(evidence_features(doc, event.evidence))
                    # no target named, but the story's maker gives one (shipped so: `calibrated_events`)
                    feats["maker_home"] = float(event.target is None and  # type: ignore[attr-defined]
                                                story_maker_target(event, article.title or "", article.text) is not None)  # type: ignore[arg-type]
                    out.append(Proposal(event, feats))
            else:
                for event in detector.detect(article):
                    out.append(Proposal(event, rule_event_features(doc, event)))
        except Exception:
            continue
    if out:
        genre = doc_features(doc)
        for prop in out:
            prop.features.update(genre)
    return out, rates


_ATTRIBUTED = re.compile(r"\b(?:said|says|told|according\s+to|quoted|reported|claims?|claimed|alleged)\b", re.I)
# the tariff as a cause: what it costs or hurts, not what was decided
_EFFECT = re.compile(r"\b(?:hurt(?:s|ing)?|cost(?:s|ing)?|raised\s+the|impact\w*|affect\w*|fac(?:es|ing|ed)|"
                     r"suffer\w*|damag\w+|burden\w*|anxious|worr(?:y|ied|ies)|influenc\w*|overshadow\w*|dominated|shaped)\b", re.I)
# the tariff as the setting of another story: "amid", "at a time when", "against the backdrop of"
_SETTING = re.compile(r"\b(?:amid|amidst|at\s+a\s+time\s+when|against\s+(?:the|a)\s+backdrop\s+of|in\s+the\s+(?:face|context|"
                      r"midst)\s+of|(?:a|the)\s+shadow\s+of|as\s+(?:the\s+)?(?:trade\s+)?(?:tensions?|frictions?|war)\b)", re.I)
_MARKET = re.compile(r"\b(?:shares?|stocks?|markets?|investors?|index|futures|prices?|yields?|currency|dollar)\b", re.I)


# A commentary or an analysis names tariffs and talks as its topic, a news report as what happened this week.
_COMMENTARY_TITLE = re.compile(r"\b(?:commentary|editorial|opinion|analysis|column|op-ed|viewpoint|interview|"
                               r"experts?|analysts?|scholars?|economists?|observers?)\b", re.I)
_TITLE_SOURCE = re.compile(r":\s*(?:\S+\s+){0,3}\S+\s*$")  # "... trade war: expert", "...: Chinese FM"
# (behind a look-ahead on the first letters of its words: every alternative starts with \b and one of them)
_THIS_WEEK = guarded(re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|"
                                r"this\s+week|last\s+week|on\s+(?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)\w*\s+\d)",
                                re.I),
                     ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "tod", "yes", "ton", "thi", "las", "on"))


def doc_features(doc: Doc) -> dict[str, float]:
    """What kind of text the article is, the same for every proposal of it: commentary (opinion, a
    commentary title, a title quoting its source) or a report dated by the days of its week.
    (A first-person share was tried too: it raised alerts on commentary in cross-validation.)"""
    maybe = doc.sentences_with(("should", "ought", "must", "need", "would"))  # OPINION's words, one pass
    opinion = sum(1 for s in doc.sents if s.i in maybe and OPINION.search(s.text))
    dated = any(_THIS_WEEK.search(s.text) for s in doc.sents[:4])  # (only whether one is: the first will do)
    title = doc.title or ""
    # a count and a share: one "must" in a six-sentence news item is no commentary
    return {"doc_opinion_hi": float(opinion >= 3 and opinion >= 0.1 * len(doc.sents)),
            "title_commentary": float(bool(_COMMENTARY_TITLE.search(title))),
            "title_source": float(bool(_TITLE_SOURCE.search(title))),
            "doc_dated_lead": float(dated)}


_CUE_NAMES = ("future", "conditional", "speculative", "negation", "opinion", "past", "old_year", "background",
              "attributed", "market", "quote", "effect", "setting")


@lru_cache(maxsize=8192)
def _sentence_cues(text: str, published: date) -> tuple[bool, ...]:
    """The cues of one evidence sentence, in _CUE_NAMES order (cached: the pairs of one tariff sentence, and
    the events of one article, share their sentences)."""
    return (bool(FUTURE.search(text)), bool(CONDITIONAL.search(text)), bool(SPECULATIVE.search(text)),
            bool(NEGATION.search(text)), bool(OPINION.search(text)), bool(PAST_MARKERS.search(text)),
            any(int(m.group(0)) < published.year for m in YEAR.finditer(text)), is_background(text, published),
            bool(_ATTRIBUTED.search(text)), bool(_MARKET.search(text)), '"' in text or "“" in text,
            bool(_EFFECT.search(text)), bool(_SETTING.search(text)))


def _sentence_index(doc: Doc) -> dict[str, int]:
    """Sentence text -> its (last) index, built once per article (kept in the document's cache)."""
    index = doc._hits.get("_sentence_index")
    if index is None:
        index = doc._hits["_sentence_index"] = {s.text: s.i for s in doc.sents}
    return index


def evidence_features(doc: Doc, evidence: list[str]) -> dict[str, float]:
    """Cues of the sentences an event rests on: tense, modality, negation, attribution, background."""
    feats: dict[str, float] = {}
    n = max(len(evidence), 1)
    index = _sentence_index(doc)
    first_index = min((index.get(e, 99) for e in evidence), default=99)
    feats["ev_first_0"] = float(first_index == 0)
    feats["ev_first_le3"] = float(first_index <= 3)
    feats["ev_late"] = float(first_index > 10)
    feats["ev_n"] = min(len(evidence), 3) / 3
    counts = [0] * len(_CUE_NAMES)
    for text in evidence:
        for k, cue in enumerate(_sentence_cues(text, doc.published)):
            counts[k] += cue
    for name, v in zip(_CUE_NAMES, counts):
        feats["ev_" + name] = v / n
    feats["doc_long"] = float(len(doc.sents) > 25)
    feats["doc_short"] = float(len(doc.sents) <= 3)
    return feats


def rule_event_features(doc: Doc, event: EventBase) -> dict[str, float]:
    """Features of an event the rules found (meetings, export controls, talks, truces)."""
    data = event.model_dump()
    feats = {"rule_conf": event.confidence, "bias_rule": 1.0}
    for slot in ("status", "action"):
        if isinstance(data.get(slot), str):
            feats[f"{slot}_{data[slot]}"] = 1.0
    for slot in ("date", "location", "until", "items", "target", "imposer", "negotiators", "confirmed_by"):
        if slot in data:
            feats[f"has_{slot}"] = float(bool(data[slot]))
    for slot in ("participants", "parties"):
        if slot in data:
            k = len(data[slot] or [])
            feats[f"{slot}_0"] = float(k == 0)
            feats[f"{slot}_1"] = float(k == 1)
            feats[f"{slot}_2"] = float(k == 2)
            feats[f"{slot}_many"] = float(k > 2)
    title = doc.title.lower()
    feats["title_has_trigger"] = float(any(w in title for w in ("meet", "summit", "visit", "talks", "export",
                                                                 "truce", "negotiat", "ban", "curb")))
    if event.type == "trade_talks":
        feats.update(_talks_features(doc, event.evidence))
    feats.update(evidence_features(doc, event.evidence))
    return feats


_TALK_NOUNS = {"talks": re.compile(r"\btalks\b", re.I), "negot": re.compile(r"\bnegotiat", re.I),
               "meet": re.compile(r"\bme(?:et|t)\b|\bmeetings?\b", re.I), "discuss": re.compile(r"\bdiscuss", re.I),
               "consult": re.compile(r"\bconsult", re.I), "visit": re.compile(r"\bvisit", re.I),
               "conference": re.compile(r"\bconference\b|\bsession\b", re.I)}
# the talks as a happening: held, opened, resumed, a round, a meeting set for a day
_TALKS_ACT = re.compile(r"\b(?:held|hold(?:s|ing)?|resum\w+|round\s+of|opened|open(?:s|ing)?\s+talks|began|begin|"
                        r"start(?:ed|s|ing)?|conclud\w+|wrap\w*\s+up|kick\w*\s+off|met\s+(?:with|in|on)|"
                        r"will\s+(?:meet|hold|resume|start|begin|open)|agreed\s+to\s+(?:meet|hold|resume)|"
                        r"(?:talks|negotiations|meeting)\s+(?:in|on|at)\s+[A-Z])\b")
_TALKS_IN_DOC = re.compile(r"\b(?:talks|negotiations|negotiators)\b", re.I)


def _talks_features(doc: Doc, evidence: list[str]) -> dict[str, float]:
    """What kind of talks word the event rests on, whether the text reports talks as a happening, and how
    much of the article is about talks (a passing "discussions" in commentary is not a round)."""
    first = evidence[0] if evidence else ""
    feats = {f"talk_word_{k}": float(bool(rx.search(first))) for k, rx in _TALK_NOUNS.items()}
    feats["talk_act"] = float(any(_TALKS_ACT.search(e) for e in evidence))
    feats["talk_title"] = float(bool(_TALKS_IN_DOC.search(doc.title))) if doc.title else 0.0
    share = sum(1 for s in doc.sents if "talks" in s.low or "negotiat" in s.low) / max(len(doc.sents), 1)
    feats["talk_share_high"] = float(share >= 0.2)
    feats["talk_share_low"] = float(share < 0.08)
    return feats


# ------------------------------------------------------------------ the model
@dataclass
class TypeModel:
    """Logistic weights, a calibration table and a decision threshold for one event type."""

    weights: dict[str, float]
    bias: float
    calibration: list[tuple[float, float]]  # (raw probability, calibrated) breakpoints, increasing
    threshold: float  # on the calibrated probability: a proposal the rules accept is kept from here up
    add_threshold: float = 1.01  # a proposal the rules reject is added only from here up

    def raw(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return _sigmoid(z)

    def calibrated(self, raw: float) -> float:
        table = self.calibration
        if not table:
            return raw
        xs = [x for x, _ in table]
        k = bisect_right(xs, raw)
        if k == 0:
            return table[0][1]
        if k == len(table):
            return table[-1][1]
        (x0, y0), (x1, y1) = table[k - 1], table[k]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def _sigmoid(z: float) -> float:
    import math

    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class EventScorer:
    """Scores proposals; `initialize(examples)` fits it, `score(proposal)` is its calibrated probability."""

    def __init__(self, models: dict[str, TypeModel] | None = None, meta: dict[str, Any] | None = None) -> None:
        self.models: dict[str, TypeModel] = models or {}
        self.meta: dict[str, Any] = meta or {}

    # -- fitting
    def initialize(self, examples: Iterable[tuple[str, dict[str, float], bool]], folds: int = 5, seed: int = 0,
                   unreached: dict[str, int] | None = None) -> None:
        """Fit one calibrated logistic model per type from (type, features, is_right) examples.

        Calibration and thresholds come from out-of-fold predictions within the
        examples, so they are never measured on rows the weights saw.
        """
        from .train import fit_type_model  # scikit-learn is needed only to fit

        by_type: dict[str, list[tuple[dict[str, float], bool]]] = {}
        for etype, feats, label in examples:
            by_type.setdefault(etype, []).append((feats, label))
        self.models = {}
        for etype, rows in sorted(by_type.items()):
            model = fit_type_model(rows, folds=folds, seed=seed, unreached=(unreached or {}).get(etype, 0))
            if model is not None:
                self.models[etype] = model

    # -- using
    def score(self, proposal: Proposal) -> float | None:
        """Calibrated probability that the proposal is a right event (None: no model for its type)."""
        model = self.models.get(proposal.event.type)
        if model is None:
            return None
        return model.calibrated(model.raw(proposal.features))

    def accept(self, proposal: Proposal) -> tuple[bool, float]:
        """Keep the proposal? And the confidence it carries (the rules' own when no model covers its type)."""
        model = self.models.get(proposal.event.type)
        if model is None:
            return proposal.features.get("strict_pair", 1.0) > 0, proposal.event.confidence
        p = model.calibrated(model.raw(proposal.features))
        if proposal.features.get("strict_pair", 1.0) > 0:
            return p >= model.threshold, p
        return p >= model.add_threshold, p

    # -- storing
    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, rounded numbers): the same data gives the same bytes."""
        data = {
            "format": FORMAT_VERSION,
            "meta": self.meta,
            "types": {
                t: {"bias": round(m.bias, 6), "threshold": round(m.threshold, 4),
                    "add_threshold": round(m.add_threshold, 4),
                    "weights": {k: round(v, 6) for k, v in sorted(m.weights.items()) if round(v, 6) != 0.0},
                    "calibration": [[round(x, 6), round(y, 6)] for x, y in m.calibration]}
                for t, m in sorted(self.models.items())
            },
        }
        return json.dumps(data, sort_keys=True, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "EventScorer":
        data = json.loads(text)
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"model format {data.get('format')!r}, expected {FORMAT_VERSION}: run `newsalert train`")
        models = {t: TypeModel(weights=dict(m["weights"]), bias=float(m["bias"]),
                               calibration=[(float(x), float(y)) for x, y in m["calibration"]],
                               threshold=float(m["threshold"]), add_threshold=float(m["add_threshold"]))
                  for t, m in data["types"].items()}
        return cls(models, data.get("meta", {}))


_loaded: EventScorer | None = None


def default_scorer() -> EventScorer | None:
    """The committed model (loaded once), or None when the package has none."""
    global _loaded
    if _loaded is None and MODEL_PATH.exists():
        _loaded = EventScorer.from_json(MODEL_PATH.read_text(encoding="utf-8"))
    return _loaded


def decide(props: list[Proposal], scorer: EventScorer) -> list[EventBase]:
    """The accepted proposals as events, confidence set to the calibrated probability.

    A tariff pair and its reverse (A on B, B on A) both pass only when the text
    itself gives the reverse its direction (a retaliation): otherwise the
    weaker of the two is the same sentence read backwards.
    """
    kept: list[tuple[Proposal, float]] = []
    for prop in props:
        keep, p = scorer.accept(prop)
        if keep:
            kept.append((prop, p))
    model = scorer.models.get("tariff_action")
    # compared on the raw probability: calibration is a step function and would tie them
    score_of = {_pair(prop.event): model.raw(prop.features) for prop, _ in kept
                if prop.event.type == "tariff_action"} if model is not None else {}
    out: list[EventBase] = []
    for prop, p in kept:
        if prop.event.type == "tariff_action":
            imposer, target = _pair(prop.event)
            reverse = score_of.get((target, imposer)) if target else None
            if reverse is not None and reverse > score_of[(imposer, target)] and not (prop.features.get("dir_forward_any")
                                                            or prop.features.get("strict_pair")):
                continue
        out.append(prop.event.model_copy(update={"confidence": round(min(max(p, 0.0), 1.0), 3)}))
    return out


def _pair(event: EventBase) -> tuple[Any, Any]:
    return getattr(event, "imposer", None), getattr(event, "target", None)


# what a rule sets aside as an act of the past: its rate was set (unlike one denied, wished for or studied,
# or one whose imposer is only guessed from the article: "Ontario decided to impose a 25% surcharge")
_PAST_ACT_FLAGS = frozenset({"background", "background_passage", "earlier", "already", "past_dated"})


def _rates_by_pair(candidates: list[Any]) -> dict[tuple[Any, Any], set[str]]:
    """The rates the article's sentences give each (imposer, target), acts the rules set aside as past included."""
    rates: dict[tuple[Any, Any], set[str]] = defaultdict(set)
    for c in candidates:
        if c.event.rate and c.event.target and all(_PAST_ACT_FLAGS.issuperset(f) for f in c.flags):
            rates[(c.event.imposer, c.event.target)].add(c.event.rate)
    return rates


def _with_known_rate(event: EventBase, rates: dict[tuple[Any, Any], set[str]]) -> EventBase:
    """A tariff reported without its rate takes the one rate the article gives that pair in other sentences
    ("facing huge US import tariffs" ... "the Department of Commerce imposed a 220% tariff on Bombardier" in a
    paragraph set aside as background). Two different rates leave it unsaid, and so does a rate its own
    sentences name: the rules left it out there (a rate considered and dropped, another tranche's)."""
    if getattr(event, "rate", True) is not None or getattr(event, "target", None) is None:
        return event
    known = rates.get(_pair(event), set())
    if len(known) != 1:
        return event
    rate = next(iter(known))
    number = first_number(rate)
    if number is None or any(re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", e) for e in event.evidence):
        return event
    return event.model_copy(update={"rate": rate})


def calibrated_events(article: Article, scorer: EventScorer) -> list[EventBase]:
    """The strict rules' events, each with the scorer's calibrated confidence.

    This is what the pipeline emits: on held-out folders the rules still decide
    better than the model (see `newsalert eval --cv`), but their own confidence
    meant nothing; the calibrated one is what `--min-confidence` filters on.
    """
    props, rates = _proposals_and_rates(article)
    tariff_features = {_pair(p.event): p.features for p in props if p.event.type == "tariff_action"}
    scored: list[tuple[EventBase, float | None]] = []
    for prop in props:
        if prop.event.type != "tariff_action":
            scored.append((prop.event, scorer.score(prop)))
    tariffs = DETECTORS["tariff_action"].detect(article)
    reported = {_pair(e) for e in tariffs}  # the (imposer, target) pairs the rules report as tariffs of their own
    for event in tariffs:
        feats = tariff_features.get(_pair(event))
        p = scorer.score(Proposal(event, feats)) if feats is not None else None
        if event.target is None and p is not None:  # type: ignore[attr-defined]
            # a pair the rules report in another state from the same sentence is another tariff
            # ("a pause on most tariffs, excluding those on Chinese goods"), not this one's target
            said = set(event.evidence)
            taken = {_pair(e) for e in tariffs if getattr(e, "target", None) and e.status != event.status  # type: ignore[attr-defined]
                     and said & set(e.evidence)}
            # nor a country named only to describe the unnamed ones taxed ("on countries that buy Venezuelan oil")
            taken |= {(event.imposer, c) for sentence in said  # type: ignore[attr-defined]
                      for c in unnamed_target_countries(sentence)}
            event, p = _likelier_target(event, p, tariff_features, scorer, taken)
        if event.target is None:  # type: ignore[attr-defined]
            home = story_maker_target(event, article.title or "", article.text)  # type: ignore[arg-type]
            # (unless the rules report that pair as a tariff of its own)
            if home is not None and (event.imposer, home) not in reported:  # type: ignore[attr-defined]
                event = event.model_copy(update={"target": home})
        scored.append((event, p))
    # (a pair shipped twice is two tranches or two goods: the other's rate is not this one's)
    shipped: dict[tuple[Any, Any], int] = defaultdict(int)
    for event, _ in scored:
        shipped[_pair(event)] += event.type == "tariff_action"
    scored = [(_with_known_rate(event, rates) if shipped[_pair(event)] == 1 else event, p) for event, p in scored]
    scored = _members_as_union(scored, article.published.year)
    out = [_with_confidence(event, p) for event, p in scored if p is None or p >= MIN_CONFIDENCE]
    order = {t: k for k, t in enumerate(DETECTORS)}
    out.sort(key=lambda e: order.get(e.type, 99))
    return out


def _members_as_union(scored: list[tuple[EventBase, float | None]], year: int
                      ) -> list[tuple[EventBase, float | None]]:
    """Tariffs on a member state of a customs union are on the union ("most of the items will apply to imports
    from France, Germany and Spain": the EU's goods). A tariff moved so onto a pair the article already has (at
    its rate, or with no rate of its own) is that tariff reported again: one event, at the likelier confidence."""
    out: list[tuple[EventBase, float | None]] = []
    where: dict[tuple[Any, Any, Any], int] = {}  # (imposer, target, rate) -> index in `out`
    moved: set[int] = set()
    for event, p in scored:
        if event.type != "tariff_action":
            out.append((event, p))
            continue
        imposer, rate = event.imposer, event.rate  # type: ignore[attr-defined]
        union = customs_territory(event.target, year)  # type: ignore[attr-defined]
        is_moved = union != event.target and union != imposer  # type: ignore[attr-defined]
        if is_moved:
            event = event.model_copy(update={"target": union})
        same = where.get((imposer, event.target, rate))  # type: ignore[attr-defined]
        if same is None and is_moved and not rate:
            same = next((k for (i, t, _), k in where.items() if (i, t) == (imposer, union)), None)
        if same is not None and (is_moved or same in moved):
            other, q = out[same]
            evidence = list(dict.fromkeys(other.evidence + event.evidence))[:3]
            best = max((x for x in (p, q) if x is not None), default=None)
            out[same] = (other.model_copy(update={"evidence": evidence}), best)
            continue
        where.setdefault((imposer, event.target, rate), len(out))  # type: ignore[attr-defined]
        if is_moved:
            moved.add(len(out))
        out.append((event, p))
    return out


def _likelier_target(event: EventBase, p: float, pairs: dict[tuple[Any, Any], dict[str, float]],
                     scorer: EventScorer, taken: Collection[tuple[Any, Any]] = ()) -> tuple[EventBase, float]:
    """A tariff the rules left without a target gets the target the scorer finds likelier, when it
    is more likely right than not ("imposing 300% tariffs on future imports of C-Series aircraft"
    after a lead about the Canadian maker): the learned model ranks the slot filler."""
    imposer = getattr(event, "imposer", None)
    best: tuple[float, Any] | None = None
    for (who, target), feats in pairs.items():
        if who != imposer or target is None or (who, target) in taken:
            continue  # a pair the rules report as its own tariff is not this one's target
        q = scorer.score(Proposal(event.model_copy(update={"target": target}), feats))
        if q is not None and (best is None or q > best[0]):
            best = (q, target)
    if best is not None and best[0] >= RANKED_TARGET_MIN and best[0] > p:
        return event.model_copy(update={"target": best[1]}), best[0]
    return event, p


def _with_confidence(event: EventBase, p: float | None) -> EventBase:
    if p is None:
        return event
    return event.model_copy(update={"confidence": round(min(max(p, 0.0), 1.0), 3)})


def detect_learned(article: Article, scorer: EventScorer | None = None) -> list[EventBase]:
    """Events of an article through proposals and the learned decision (the experimental filter)."""
    scorer = scorer or default_scorer()
    props = proposals(article)
    if scorer is None:
        return [p.event for p in props if p.features.get("strict_pair", 1.0) > 0]
    return decide(props, scorer)

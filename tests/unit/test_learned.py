"""The learned scorer on data made here: fitting, calibration, storage; and the permissive gate."""

import json
import random
from datetime import datetime, timezone

import pytest

from newsalert.models import Article, TariffAction
from processors.detectors import rule_events
from processors.detectors.base import Candidate, Gate
from processors.learned import EventScorer, Proposal, TypeModel, calibrated_events, decide


def synthetic(n: int = 600, seed: int = 1):
    """Events whose rightness depends on two features (plus noise)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        strong, background = rng.random(), float(rng.random() < 0.3)
        p = 0.1 + 0.8 * strong - 0.4 * background
        rows.append(("tariff_action", {"strong": strong, "ev_background": background}, rng.random() < p))
    return rows


@pytest.fixture(scope="module")
def scorer() -> EventScorer:
    s = EventScorer()
    s.initialize(synthetic())
    return s


def test_initialize_learns_the_direction_of_each_feature(scorer):
    model = scorer.models["tariff_action"]
    assert model.weights["strong"] > 0 > model.weights["ev_background"]


def test_calibrated_confidence_is_monotone_and_close_to_the_observed_rate(scorer):
    model = scorer.models["tariff_action"]
    probs = [model.calibrated(model.raw({"strong": x / 10, "ev_background": 0.0})) for x in range(11)]
    assert probs == sorted(probs) and probs[0] < 0.4 < 0.7 < probs[-1]
    # on fresh data from the same source, events scored >= 0.7 are right at about that rate or better
    fresh = synthetic(3000, seed=7)
    high = [y for _, f, y in fresh if model.calibrated(model.raw(f)) >= 0.7]
    assert len(high) > 100 and sum(high) / len(high) >= 0.7


def test_json_is_deterministic_and_round_trips(scorer):
    again = EventScorer()
    again.initialize(synthetic())
    assert again.to_json() == scorer.to_json()
    loaded = EventScorer.from_json(scorer.to_json())
    f = {"strong": 0.8, "ev_background": 1.0}
    event = TariffAction(imposer="US", target="China")
    assert loaded.score(Proposal(event, f)) == pytest.approx(scorer.score(Proposal(event, f)), abs=1e-5)


def test_a_model_of_another_format_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="newsalert train"):
        EventScorer.from_json(json.dumps({"format": 99, "types": {}}))


def test_too_few_labelled_events_leave_a_type_uncalibrated():
    s = EventScorer()
    s.initialize([("trade_truce", {"x": float(i % 2)}, i % 2 == 0) for i in range(30)])
    assert "trade_truce" not in s.models
    event = TariffAction(imposer="US")
    assert s.score(Proposal(event.model_copy(update={"type": "tariff_action"}), {})) is None


def test_decide_keeps_the_stronger_direction_of_a_pair_read_both_ways(scorer):
    forward = Proposal(TariffAction(imposer="US", target="EU"), {"strong": 1.0, "strict_pair": 1.0})
    backward = Proposal(TariffAction(imposer="EU", target="US"), {"strong": 0.95, "strict_pair": 0.0})
    scorer.models["tariff_action"].add_threshold = 0.0  # let the model add the reverse reading
    try:
        kept = decide([forward, backward], scorer)
    finally:
        scorer.models["tariff_action"].add_threshold = 1.01
    assert [(e.imposer, e.target) for e in kept] == [("US", "EU")]


def test_gate_drops_in_strict_mode_and_records_in_permissive_mode():
    strict, permissive = Gate(False), Gate(True)
    assert strict.drop("background") is True and strict.flags == []
    assert permissive.drop("background") is False and permissive.flags == ["background"]
    assert Candidate(TariffAction(imposer="US"), [["background"], []]).rules_accept
    assert not Candidate(TariffAction(imposer="US"), [["speculation"]]).rules_accept


ARTICLE = Article(id="t", title="", published=datetime(2025, 7, 12, tzinfo=timezone.utc),
                  text="President Donald Trump said on Saturday the United States will impose a 30% tariff "
                       "on imports from the European Union starting August 1. Japan's prime minister will "
                       "visit Washington next week to meet Trump.")


def _plain(events):
    return sorted(e.model_dump_json(exclude={"confidence"}) for e in events)


def test_shipped_detection_is_the_rules_events_with_a_calibrated_confidence():
    sure = EventScorer({"tariff_action": TypeModel(weights={}, bias=3.0, calibration=[], threshold=0.5)})
    shipped = calibrated_events(ARTICLE, sure)
    assert _plain(shipped) == _plain(rule_events(ARTICLE))
    tariff = [e for e in shipped if e.type == "tariff_action"]
    assert tariff and all(e.confidence == pytest.approx(0.953, abs=1e-3) for e in tariff)  # sigmoid(3)


def test_an_event_the_scorer_gives_less_than_one_chance_in_ten_is_not_emitted():
    doubtful = EventScorer({"tariff_action": TypeModel(weights={}, bias=-3.0, calibration=[], threshold=0.5)})
    shipped = calibrated_events(ARTICLE, doubtful)
    rules = rule_events(ARTICLE)
    assert any(e.type == "tariff_action" for e in rules)
    assert not any(e.type == "tariff_action" for e in shipped)
    assert _plain(shipped) == _plain([e for e in rules if e.type != "tariff_action"])  # uncalibrated types stay


def test_a_tariff_without_target_takes_the_target_the_scorer_finds_likelier_than_not():
    from processors.learned import _likelier_target

    model = TypeModel(weights={"tgt_obj_any": 4.0}, bias=-2.0, calibration=[], threshold=0.5)
    scorer = EventScorer({"tariff_action": model})
    event = TariffAction(imposer="US", rate="300%")
    pairs = {("US", None): {}, ("US", "Canada"): {"tgt_obj_any": 1.0}, ("US", "UK"): {},
             ("Canada", "US"): {"tgt_obj_any": 1.0}}
    ranked, p = _likelier_target(event, 0.12, pairs, scorer)
    assert (ranked.imposer, ranked.target, ranked.rate) == ("US", "Canada", "300%") and p > 0.8
    # a target no likelier than even odds leaves the rules' reading alone
    weak = EventScorer({"tariff_action": TypeModel(weights={"tgt_obj_any": 1.0}, bias=-2.0, calibration=[],
                                                   threshold=0.5)})
    kept, q = _likelier_target(event, 0.12, pairs, weak)
    assert kept.target is None and q == 0.12


def test_a_tariff_reported_without_its_rate_takes_the_one_rate_the_article_gives_its_pair():
    from processors.learned import _with_known_rate

    sure = EventScorer({"tariff_action": TypeModel(weights={}, bias=3.0, calibration=[], threshold=0.5)})
    # (self-written) the rate sits in a paragraph the rules set aside as background: an act three months old
    article = Article(id="rate-elsewhere", title="Lumber row deepens", published=datetime(2017, 6, 20, tzinfo=timezone.utc),
                      text="US tariffs on Canadian softwood lumber are hurting mills as the dispute drags on, the "
                           "industry said on Monday. In March, the US Commerce Department imposed a 24% tariff on "
                           "Canadian softwood lumber, citing subsidies.")
    tariffs = [e for e in calibrated_events(article, sure) if e.type == "tariff_action"]
    assert [(e.imposer, e.target, e.rate) for e in tariffs] == [("US", "Canada", "24%")]
    # two rates for the pair: which one the report means is unsaid, and so is the rate
    event = TariffAction(imposer="US", target="Canada")
    assert _with_known_rate(event, {("US", "Canada"): {"24%", "7%"}}).rate is None
    assert _with_known_rate(event, {("US", "Mexico"): {"24%"}}).rate is None
    assert _with_known_rate(event.model_copy(update={"rate": "10%"}), {("US", "Canada"): {"24%"}}).rate == "10%"
    # a rate the event's own sentence names was left out by the rules on purpose
    own = event.model_copy(update={"evidence": ["Canada weighed a 24% tariff on US steel but chose a quota."]})
    assert _with_known_rate(own, {("US", "Canada"): {"24%"}}).rate is None
    assert _with_known_rate(event, {("US", "Canada"): {"24%"}}).rate == "24%"


def test_a_small_sample_reads_below_its_hit_rate_and_a_large_one_about_at_it():
    import numpy as np

    from processors.train import _credible_steps

    # two blocks of one isotonic fit at the same hit rate (0.62): 36 examples, then 3,600
    def steps(n: int) -> list[tuple[float, float]]:
        raw = np.linspace(0.0, 1.0, 2 * n)
        hits = round(0.62 * n)
        labels = np.array([0] * n + [0] * (n - hits) + [1] * hits)
        fitted = np.array([0.0] * n + [0.62] * n)
        return _credible_steps(raw, labels, fitted)

    small, large = steps(36)[-1][1], steps(3600)[-1][1]
    assert small < 0.55  # a few dozen examples do not carry a block across the alert floor (0.6)...
    assert 0.6 < large < 0.62  # ...thousands read just under their hit rate
    # a higher raw score never reads less likely than a lower one, even when its block is smaller
    raw = np.linspace(0.0, 1.0, 62)
    labels = np.array([int(i % 10 < 8) for i in range(60)] + [1, 1])
    fitted = np.array([0.8] * 60 + [1.0] * 2)
    values = [v for _, v in _credible_steps(raw, labels, fitted)]
    assert values == sorted(values)


def test_the_calibration_moves_little_when_one_example_changes():
    """The table is a mean of bootstrap isotonic fits: one flipped label moves it a little, where one isotonic
    fit's staircase moves a whole step (and the events in it across the alert floor)."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    from processors.train import _bagged_table, _credible_steps, _step_centres

    rng = np.random.RandomState(7)
    raw = rng.uniform(0.0, 1.0, 150)
    labels = (rng.uniform(0.0, 1.0, 150) < raw).astype(int)  # right about as often as the raw score says
    flipped = labels.copy()
    flipped[35] ^= 1  # a right proposal of raw score 0.84 labelled wrong
    grid = np.linspace(0.0, 1.0, 41)

    def one_fit(y):  # the single isotonic fit the table was before
        steps = _step_centres(_credible_steps(raw, y, IsotonicRegression(out_of_bounds="clip").fit(raw, y).predict(raw)))
        return np.interp(grid, [x for x, _ in steps], [v for _, v in steps])

    before, after = _bagged_table(raw, labels, 0), _bagged_table(raw, flipped, 0)
    ys = [y for _, y in before]
    assert ys == sorted(ys) and ys[0] < 0.2 and ys[-1] > 0.7  # monotone, and it reads the data
    assert np.abs(one_fit(labels) - one_fit(flipped)).max() > 0.1
    assert max(abs(a[1] - b[1]) for a, b in zip(before, after)) < 0.05
    assert _bagged_table(raw, labels, 0) == before  # deterministic for a seed (model.json byte for byte)


def test_evidence_cues_mark_a_tariff_told_as_the_setting_of_another_story():
    from processors.detectors.common import analyse
    from processors.learned import evidence_features

    # (self-written) the tariff is where the story takes place, not what it reports
    setting = "The fair opens at a time when the world is shrouded in trade protectionism, notably US tariff increases."
    news = "The United States raised tariffs on Chinese steel to 25% on Monday."
    article = Article(id="cues", title="", published=datetime(2018, 7, 31, tzinfo=timezone.utc), text=f"{setting} {news}")
    doc = analyse(article)
    assert evidence_features(doc, [setting])["ev_setting"] == 1.0
    assert evidence_features(doc, [news])["ev_setting"] == 0.0
    assert evidence_features(doc, [setting, news])["ev_setting"] == 0.5


def test_pair_features_say_how_much_of_the_story_is_about_tariffs():
    from processors.detectors import DETECTORS
    from processors.detectors.common import analyse
    from processors.detectors.tariff import identity_pairs

    def shares(text: str) -> tuple[float, float]:
        article = Article(id="share", title="", published=datetime(2025, 3, 12, tzinfo=timezone.utc), text=text)
        pairs = identity_pairs(analyse(article), DETECTORS["tariff_action"].candidates(article))
        feats = next(f for a, b, f, _, _ in pairs if a == "US")
        return feats["doc_tariff_share_hi"], feats["doc_tariff_share_lo"]

    # (self-written) one tariff sentence in an inflation story is its setting; a tariff story is about them
    inflation = ("Inflation cooled to 2.8% in February. Grocery prices were stable. Gas prices fell. Rents rose "
                 "slowly. Experts warn that tariffs introduced by President Trump could lead to higher prices. "
                 "Wages grew 4%.")
    tariffs = ("The United States raised tariffs on Chinese steel to 25% on Monday. China said it would answer the "
               "tariffs. Markets fell.")
    assert shares(inflation) == (0.0, 1.0)
    assert shares(tariffs) == (1.0, 0.0)


def test_a_pair_is_described_by_the_candidate_the_rules_accept():
    from processors.detectors import DETECTORS
    from processors.detectors.common import analyse
    from processors.detectors.tariff import identity_pairs

    # (self-written) this round's cuts are news; last January's, of the same pair (Chile, no target), background:
    # the pair's features are the news's, whichever the article tells last
    text = ("Chile announced plans for another round of import tariff cuts on 862 foreign goods on Friday. Chile "
            "introduced a sweeping tariff cut on some 1,700 foreign products last January.")
    article = Article(id="pair", title="", published=datetime(1987, 4, 11, tzinfo=timezone.utc), text=text)
    pairs = identity_pairs(analyse(article), DETECTORS["tariff_action"].candidates(article))
    feats, event = next((f, e) for a, b, f, _, e in pairs if (a, b) == ("Chile", None))
    assert feats["strict_pair"] == 1.0
    assert "flag_all_background" not in feats
    assert event.status != "in_effect"

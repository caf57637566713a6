"""Slot rules, written before the detectors learnt them: talks location (dateline,
"in Geneva", the GATT/WTO bodies), negotiators and the parties they speak for,
talks dates taken from the talks clause only, export-control items and target,
tariff goods and target. Modern and 1987 wire styles, with negatives.

Each case is (published date, text, event type, expected slots). A case with
`None` as expected slots means: no event of that type. A slot given as a set
is compared unordered; a tuple lists acceptable values; a callable is a
predicate on the value.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsalert.models import Article
from processors.detectors import detect_events

T, X, K = "tariff_action", "export_control", "trade_talks"


def _has(*words):
    return lambda v: bool(v) and all(w.lower() in v.lower() for w in words)


def _lacks(*words):
    return lambda v: not v or not any(w.lower() in v.lower() for w in words)


CASES = [
    # ------------------------------------------------------------ trade_talks: location
    ("talks-dateline-modern", "2025-06-09",
     "LONDON, June 9 (Reuters) - Senior U.S. and Chinese officials began trade talks here on Monday, with "
     "Treasury Secretary Scott Bessent and Vice Premier He Lifeng leading the two sides.",
     K, {"location": "London", "parties": {"US", "China"}, "date": "2025-06-09"}),
    ("talks-dateline-wire", "1987-03-23",
     "TAUPO, New Zealand, March 23 - Trade ministers meeting here for an informal GATT conference said "
     "agricultural trade reform must be a priority of the Uruguay Round.",
     K, {"location": _has("Taupo")}),
    ("talks-dateline-not-used-for-other-places", "2025-05-12",
     "GENEVA, May 12 (Reuters) - Negotiators from Canada and Mexico will hold trade talks in Ottawa next week.",
     K, {"location": "Ottawa", "parties": {"Canada", "Mexico"}}),
    ("talks-here-without-dateline-no-location", "1987-03-24",
     "U.S. Trade Representative Clayton Yeutter said trade ministers meeting here have reached a consensus on "
     "farm trade reform in the Uruguay round of GATT.",
     K, {"location": None, "date": "1987-03-24"}),
    ("talks-venue-in-later-sentence", "1987-06-29",
     "Top-level talks last week between the European Community and the United States failed to resolve a trade "
     "dispute over pasta, diplomatic sources said.\n"
     "The sources said the EC offered a compromise in last week's talks in Brussels.",
     K, {"location": "Brussels", "parties": {"EU", "US"}}),
    ("talks-venue-held-in", "2024-11-20",
     "Trade ministers from Japan and Australia held talks in Canberra on Wednesday on farm exports.",
     K, {"location": "Canberra", "parties": {"Japan", "Australia"}, "date": "2024-11-20"}),
    ("talks-gatt-council-geneva", "1987-06-18",
     "EC ambassador Tran Van-Thinh told the GATT Council that U.S. trade measures broke the standstill "
     "commitment, and the United States asked for consultations with Japan on farm imports.",
     K, {"location": "Geneva"}),
    ("talks-wto-general-council-geneva", "2024-07-22",
     "India and South Africa pressed their proposal on farm subsidies at the WTO General Council meeting on "
     "Monday, trade delegates said.",
     K, {"location": "Geneva"}),
    ("talks-follow-up-in-washington", "1987-04-11",
     "Taiwan announced more import tariff cuts shortly before trade talks with Washington.\n"
     "Delegation leader Vincent Siew said he would face tough talks in Washington because of rising "
     "protectionist sentiment.",
     K, {"location": "Washington", "parties": {"Taiwan", "US"}}),

    # ------------------------------------------------------------ trade_talks: parties / negotiators
    ("talks-between-x-and-y", "2023-03-10",
     "Talks between Canada and the European Union on a trade dispute over cheese will continue in Brussels on "
     "March 15.",
     K, {"parties": {"Canada", "EU"}, "location": "Brussels", "date": "2023-03-15"}),
    ("talks-x-y-hyphen", "1987-04-20",
     "The U.S.-Japan trade talks on semiconductors will resume in Tokyo on April 27, officials said.",
     K, {"parties": {"US", "Japan"}, "location": "Tokyo", "date": "1987-04-27"}),
    ("talks-negotiators-titles", "2024-09-02",
     "Indian Commerce Minister Piyush Goyal and British Business Secretary Jonathan Reynolds held trade talks in "
     "London on Monday.",
     K, {"parties": {"India", "UK"}, "negotiators": {"Piyush Goyal", "Jonathan Reynolds"}, "location": "London"}),
    ("talks-pronoun-speaker-is-negotiator", "1987-03-23",
     "Australian Trade Minister John Dawkins said agricultural reform deserved high priority.\n"
     "In a statement to the informal GATT trade ministers conference here he said the debt crisis of developing "
     "countries was linked to farm trade.",
     K, {"negotiators": ["John Dawkins"], "parties": ["Australia"], "date": "1987-03-23"}),
    ("talks-economy-minister", "2025-02-14",
     "Mexican Economy Minister Marcelo Ebrard met U.S. Commerce Secretary Howard Lutnick in Washington on "
     "Thursday to discuss steel tariffs.",
     K, {"parties": {"Mexico", "US"}, "negotiators": {"Marcelo Ebrard", "Howard Lutnick"}, "location": "Washington"}),

    # ------------------------------------------------------------ trade_talks: dates from the talks clause
    ("talks-date-attached-beats-departure", "1987-04-11",
     "A Taiwan delegation leaves later today for Washington for a series of trade talks with U.S. officials.\n"
     "Delegation leader Vincent Siew said the talks, starting on April 14, would cover market access and import "
     "tariff cuts.",
     K, {"date": "1987-04-14", "parties": {"Taiwan", "US"}}),
    ("talks-departure-date-is-not-talks-date", "1987-04-03",
     "British Trade Minister Alan Clark, who leaves for Japan tomorrow, said he will discuss trade issues with "
     "Japanese officials during his visit.",
     K, {"date": None, "parties": {"UK", "Japan"}}),
    ("talks-return-date-is-not-talks-date", "2025-03-03",
     "Canadian Trade Minister Mary Ng will hold trade talks in Tokyo this week before returning to Ottawa on "
     "March 9.",
     K, {"date": None, "location": "Tokyo"}),

    # ------------------------------------------------------------ trade_talks: official visits in a trade story
    ("talks-official-visit-in-trade-story", "1987-04-01",
     "Britain threatened trade retaliation against Japan over telecommunications.\n"
     "British Corporate Affairs minister Michael Howard leaves for Japan on Saturday.",
     K, {"parties": {"UK", "Japan"}, "negotiators": ["Michael Howard"], "location": "Japan", "date": None}),
    ("talks-commissioners-visit-is-second-round", "1987-06-29",
     "Talks last week between the European Community and the United States failed to resolve a trade dispute "
     "over pasta.\n"
     "The sources said the EC offered a compromise in last week's talks in Brussels.\n"
     "EC Commissioners Willy de Clercq and Frans Andriessen are due to visit Washington from July 7 to 10.",
     K, {"negotiators": {"Willy de Clercq", "Frans Andriessen"}, "location": "Washington", "date": "1987-07-07"}),
    ("talks-background-aside-gives-venue", "2025-05-19",
     "U.S. and Chinese trade negotiators will meet again next month, officials said.\n"
     "Tariffs imposed by Washington on China in 2018 were discussed in last week's talks in Geneva, officials "
     "added.",
     K, {"parties": {"US", "China"}, "location": "Geneva"}),
    ("talks-neg-visit-outside-trade-story", "2024-03-05",
     "Flooding closed roads across the north of the country.\n"
     "Foreign Minister Penny Wong leaves for Tokyo on Saturday.",
     K, None),
    ("talks-neg-leader-visit-in-trade-story", "2024-03-05",
     "Australia's trade surplus with Japan widened in February.\n"
     "Prime Minister Anthony Albanese leaves for Tokyo on Saturday.",
     K, None),
    ("talks-neg-business-meeting", "1987-03-10",
     "The chief economist of a Soviet trading company told a U.S.-Soviet business meeting that the Soviet Union "
     "produces few items western nations want to import.",
     K, None),

    # ------------------------------------------------------------ trade_talks: negatives
    ("talks-neg-relative-clause-visit", "1987-04-03",
     "Howard, who will also be visiting South Korea before returning to London on April 11, said the current "
     "trade row with Japan was serious.",
     K, None),
    ("talks-neg-bank-talks-here", "2024-04-02",
     "LIMA, April 2 (Reuters) - Peru's finance ministry began talks here with creditor banks on rescheduling its "
     "debt.",
     K, None),
    ("talks-neg-leaders", "2025-10-30",
     "Chinese President Xi Jinping met U.S. President Donald Trump in Busan to discuss trade.",
     K, None),

    # ------------------------------------------------------------ export_control: items / target
    ("xc-exports-of", "2023-07-03",
     "China will restrict exports of gallium and germanium, two metals used in chipmaking, from August 1, the "
     "commerce ministry said.",
     X, {"imposer": "China", "items": _has("gallium", "germanium"), "status": ("announced", "tightened")}),
    ("xc-licences-for-sale", "1987-03-05",
     "The Commerce Department said it intends to approve export licenses for two firms to sell computers and "
     "related equipment to the Islamic Republic of Iran News Agency.",
     X, {"imposer": "US", "items": _has("computers"), "target": "Iran", "status": "eased"}),
    ("xc-controls-on", "2023-06-30",
     "The Netherlands announced new export controls on advanced semiconductor manufacturing equipment, effective "
     "September 1.",
     X, {"imposer": "Netherlands", "items": _has("semiconductor manufacturing equipment")}),
    ("xc-controls-on-exports-of-to", "2024-12-02",
     "The U.S. tightened controls on exports of high-bandwidth memory chips to China on Monday.",
     X, {"imposer": "US", "items": _has("memory chips"), "target": "China", "status": "tightened"}),
    ("xc-reviewing-is-not-an-item", "1987-03-10",
     "Also, Washington and its allies are reviewing remaining export controls in hopes of simplifying the list "
     "of prohibited items, he said.",
     X, {"imposer": "US", "items": _lacks("reviewing")}),
    ("xc-licences-for-exports-of", "2022-03-01",
     "Japan will require licences for exports of dual-use goods to Russia, the trade ministry said.",
     X, {"imposer": "Japan", "items": _has("dual-use goods"), "target": "Russia"}),
    ("xc-items-trimmed-of-date", "2025-10-09",
     "China said it will tighten controls on exports of lithium battery technology from November 8.",
     X, {"imposer": "China", "items": _has("lithium battery technology"), "status": "tightened"}),
    ("xc-neg-export-earnings", "2024-01-15",
     "South Korea's export earnings rose 18 percent in December on strong chip sales.",
     X, None),

    # ------------------------------------------------------------ tariff_action: goods / target
    ("tar-goods-trim-before", "1987-04-11",
     "Taiwan announced plans for another round of import tariff cuts on 862 foreign goods shortly before trade "
     "talks with Washington.",
     T, {"imposer": "Taiwan", "goods": _lacks("talks", "Washington")}),
    ("tar-goods-after-passive-verb", "1987-04-13",
     "South Korea's finance ministry said tariffs would be cut later this month on a further 53 items, including acrylic "
     "yarn and ethylene.",
     T, {"goods": _has("53 items")}),
    ("tar-goods-from-country", "2025-09-17",
     "Mexico will impose a 35 percent tariff on steel from China starting October 1.",
     T, {"imposer": "Mexico", "target": "China", "goods": "steel", "rate": "35%", "effective_date": "2025-10-01"}),
    ("tar-goods-possessive-country", "2024-05-14",
     "The United States will quadruple tariffs on China's electric vehicles to 100 percent this year.",
     T, {"imposer": "US", "target": "China", "goods": _has("electric vehicles")}),
    ("tar-goods-adjective-country", "2024-10-04",
     "The European Union will impose duties on Chinese electric vehicles of up to 35.3 percent, the European "
     "Commission said.",
     T, {"imposer": "EU", "target": "China", "goods": _has("electric vehicles")}),
    ("tar-goods-trim-date", "2025-06-02",
     "India will cut import duties on 300 products in July, the finance ministry said.",
     T, {"imposer": "India", "goods": _has("300 products"), "effective_date": "2025-07"}),
    ("tar-goods-from-united-states", "2025-03-04",
     "Canada imposed a 25 percent surtax on steel and aluminum from the United States on Tuesday.",
     T, {"imposer": "Canada", "target": "US", "goods": _has("steel", "aluminum")}),
    ("tar-wire-duty-on-japanese", "1987-03-28",
     "President Reagan said the United States will impose 100 pct tariffs on Japanese semiconductors and "
     "computers from April 17.",
     T, {"imposer": "US", "target": "Japan", "goods": _has("semiconductors"), "rate": "100%",
         "effective_date": "1987-04-17"}),
    ("tar-goods-no-rate-in-goods", "2025-08-06",
     "Trump ordered an additional 25% tariff on Indian goods, taking the total to 50%, effective August 27.",
     T, {"imposer": "US", "target": "India", "goods": _lacks("%")}),
    ("tar-surtax-is-a-tariff", "1987-02-10",
     "Ottawa will impose a 15 pct surtax on cedar shingles from the United States starting next week.",
     T, {"imposer": "Canada", "target": "US", "goods": "cedar shingles", "rate": "15%"}),
    ("tar-neg-study", "2024-02-10",
     "Tariffs on imported steel raised costs for carmakers, a study by economists said.",
     T, None),
]


def _ok(want, got) -> bool:
    if callable(want):
        return want(got)
    if isinstance(want, set):
        return set(got or []) == want
    if isinstance(want, tuple):
        return got in want
    return got == want


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_slot_case(case):
    name, published, text, etype, want = case
    art = Article(id=name, title="", published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                  text=text)
    found = [e for e in detect_events(art) if e.type == etype]
    if want is None:
        assert found == [], [e.model_dump(exclude={"evidence"}) for e in found]
        return
    assert found, f"no {etype} event"
    best = None
    for e in found:
        d = e.model_dump()
        bad = [k for k, v in want.items() if not _ok(v, d.get(k))]
        if not bad:
            return
        if best is None or len(bad) < len(best[0]):
            best = (bad, d)
    bad, d = best
    raise AssertionError({k: d.get(k) for k in bad} | {"_event": {k: v for k, v in d.items() if k != "evidence"}})


def test_enough_cases():
    assert len(CASES) >= 30

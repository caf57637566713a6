"""The cue patterns behind their first-letter guards (guard.py) match exactly what the plain patterns did.

Compared on every sentence of the labelled corpus (as written, lower and upper case) and on
random texts made of the cue words, their neighbours and the letters re.I folds unusually."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from processors.detectors import cues
from processors.detectors.sentences import normalise, split_sentences

GUARDED = ("FUTURE", "CONDITIONAL", "SPECULATIVE", "NEGATION", "NON_GOV", "OPINION", "PAST_MARKERS", "PAST_TERM")
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _plain(rx: re.Pattern) -> re.Pattern:
    """The pattern guarded() wrapped: r"\\b(?=GUARD)(?:RX)" -> RX."""
    k = rx.pattern.index("))(?:")
    assert rx.pattern.startswith(r"\b(?=(?-i:")
    return re.compile(rx.pattern[k + 5:-1], rx.flags)


def _spans(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def _random_texts(n: int, seed: int):
    words = ("will would shall we'll 'll plans planned to be is to are to due to set to scheduled expected intends going "
             "to next upcoming starting from effective later soon coming if unless in case should fail or face "
             "otherwise could might may possibly perhaps likely unlikely considering mulls weighed study review "
             "proposal recommendation suggest calls for urged threatens warning vowed poised prepared ready option "
             "not no never n't don't without denied ruled out rules out refused rejects dismissed nothing economists "
             "bankers company firms farmers unions producers market ought must need would be wise 1987 2019 ago since "
             "previously formerly earlier this year last year the past years before first imposed originally adopted "
             "during his term under the previous government 1980s ſhall İf ıf Kelvin \u212aelvin x, . ; -").split()
    rnd = random.Random(seed)
    for _ in range(n):
        yield " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))).replace(" ,", ",")


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_cue_matches_the_plain_pattern(name: str) -> None:
    fast = getattr(cues, name)
    plain = _plain(fast)
    texts = list(_random_texts(4_000, 7))
    if CORPUS.is_dir():
        for f in sorted(CORPUS.glob("*/*.json"))[:400]:
            import json
            d = json.loads(f.read_text(encoding="utf-8"))
            for s in split_sentences(normalise(d.get("text") or "", d.get("title"))):
                texts += [s, s.lower(), s.upper()]
    for t in texts:
        assert _spans(fast, t) == _spans(plain, t), (name, t)


def _old_is_background(sentence: str, published) -> bool:
    """is_background as it was before it returned early on future sentences (the specification)."""
    from processors.detectors.dates import find_dates, is_past_reference
    future = cues.FUTURE.search(sentence)
    for d in find_dates(sentence):
        txt = d.text
        # (added: a month a season is said to end in is the season under way, "in 1986/87 ending August")
        if re.search(r"\b(?:ending|ends|to\s+end)\s+(?:in\s+)?$", sentence[max(0, d.start - 12):d.start], re.I) and \
                not re.search(r"(?:19|20)\d\d", txt):
            continue
        if is_past_reference(txt, published):
            if not future:
                return True
        low = txt.lower()
        if low.startswith("last ") and any(m in low for m in ("january", "february", "march", "april", "may", "june",
                                                               "july", "august", "september", "october",
                                                               "november", "december")):
            if not future:
                return True
    for m in cues.YEAR.finditer(sentence):
        y = int(m.group(0))
        # (added: a season running into the year of publication, "in 1986/87" in 1987, is under way)
        season = re.match(r"[/-](\d\d)\b", sentence[m.end():])
        if season and y // 100 * 100 + int(season.group(1)) + 100 * (int(season.group(1)) < y % 100) >= published.year:
            continue
        if y < published.year and not future:
            before = sentence[max(0, m.start() - 12):m.start()].lower()
            # (added: a past year after "by", "before" or "until", "By 2010, China had fulfilled its commitments")
            if re.search(r"\b(?:in|since|of|from|by|before|until)\s+(?:\w+\s+)?$", before):
                if cues.FIRST_SINCE.search(sentence, max(0, m.start() - 90), m.start()):
                    continue
                return True
    if cues.PAST_TERM.search(sentence):
        return True
    # (added with a8cc1ce: "earlier this year" is background once the year is two months old)
    if published.month >= 3 and not future and re.search(
            r"\b(?:earlier\s+this\s+year|at\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)\b", sentence, re.I):
        return True
    if re.search(r"\blast\s+(?:year|summer|autumn|fall|winter|spring|August|September|October|November|December)\b",
                 sentence, re.I) and not future:
        return True
    if re.search(r"\b(?:\w+\s+){0,2}(?:years?|months?)\s+ago\b", sentence, re.I) and not future:
        return True
    # (added: a sentence that opens on a time before the one just told, "Prior to that, both parties raised ...")
    if re.match(r"\s*(?:prior\s+to\s+that|before\s+that|previously)\s*,", sentence, re.I) and not future:
        return True
    return False


def test_is_background_answers_as_before() -> None:
    from datetime import date
    texts = [t.replace("will", "did") for t in _random_texts(3_000, 5)]
    texts += ["Tariffs imposed two years ago stay.", "It fell five months  ago, traders said.", "Years ago.",
              "the pact signed last summer", "LAST YEAR the duties rose", "Tariffs imposed in 2018 remain in force."]
    if CORPUS.is_dir():
        import json
        for f in sorted(CORPUS.glob("*/*.json"))[:400]:
            d = json.loads(f.read_text(encoding="utf-8"))
            texts += split_sentences(normalise(d.get("text") or "", d.get("title")))
    for published in (date(1987, 4, 10), date(2025, 3, 1)):
        for t in texts:
            assert cues.is_background.__wrapped__(t, published) == _old_is_background(t, published), (t, published)

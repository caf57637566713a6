"""The faster text normalisation gives exactly what the plain regex formulation gave.

Each fast path in sentences.py is compared, on random texts built from the characters
that matter to it, with the straightforward version it replaced."""

from __future__ import annotations

import random
import re

from processors.detectors import sentences as S

# The formulations the fast paths replaced (kept here as the specification).
_OLD_BLOCK_BREAK = re.compile(r"[ \t\r]*\n[ \t\r]*\n\s*|[ \t\r]*\n(?=[ \t]*(?:[-*\u2022]|\d{1,2}[.)])\s)")
_ALPHABET = [" ", " ", "\t", "\r", "\n", "\n", "-", "*", "\u2022", "1", "12", ".", ")", "a", "Word", "B",
             "\u00a0", "\u2029", ",", "the", "Tariffs."]


def _old_hard_wrapped(lines: list[str]) -> bool:
    if any(len(segment) > S.WRAP_WIDTH for line in lines for segment in line.split(S.BLOCK)):
        return False
    return sum(S._ends_open(line.split(S.BLOCK)[-1]) for line in lines[1:-1]) >= 2


def _texts(n: int, seed: int, longest: int = 60):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, longest)))


def test_block_breaks_match_the_plain_regex() -> None:
    for text in _texts(20_000, 1):
        assert S._block_breaks(text) == _OLD_BLOCK_BREAK.sub(S.BLOCK, text), repr(text)


def test_spaces_prefilter_is_exact() -> None:
    for text in _texts(5_000, 2):
        squeezed = S._SPACES.sub(" ", text)
        if squeezed != text:  # the prefilter lets every text the pattern changes through
            assert "  " in text or "\t" in text or "\u00a0" in text, repr(text)


def test_hard_wrapped_matches_the_plain_version() -> None:
    rnd = random.Random(3)
    words = ["a", "the", "Tariff", "said.", "on", "(x)", "end,", "U.S.", S.BLOCK, "x" * 40, "y" * 95]
    for _ in range(5_000):
        lines = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 5))) for _ in range(rnd.randint(0, 8))]
        assert S._hard_wrapped(lines) == _old_hard_wrapped(lines), lines

"""The patterns behind guard.leading()'s first-character look-ahead (`lead = true` in the rules files) match
exactly what the plain patterns did, and first_chars() reads the first characters it is given or refuses.

Compared on sentences of the labelled corpus (as written, lower and upper case) and on random texts of the
letters re.I folds unusually, whole and from other start and end positions."""

from __future__ import annotations

import json
import random
import re
import tomllib
from pathlib import Path

import pytest

from processors.detectors import rules
from processors.detectors.guard import first_chars, leading
from processors.detectors.sentences import normalise, split_sentences

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _lead_records() -> list[tuple[str, str]]:
    out = []
    for path in sorted(rules.PATTERN_DIR.glob("*.toml")):
        for rec in tomllib.loads(path.read_text(encoding="utf-8")).get("pattern", []):
            if rec.get("lead"):
                out.append((path.stem, rec["name"]))
    return out


LEAD = _lead_records()


def _plain(rx: re.Pattern) -> re.Pattern:
    """The pattern leading() wrapped: "(?=[...])(?:RX)" -> RX (the class escapes every ")" it holds)."""
    assert rx.pattern.startswith("(?=[")
    k = rx.pattern.index(")(?:")
    end = -2 if rx.flags & re.X else -1
    return re.compile(rx.pattern[k + 4:end], rx.flags)


def _texts() -> list[str]:
    rnd = random.Random(3)
    pieces = ("tariff Tariffs duty-free non-tariff press conference talks TALKS meet demand İf ıf ſ \u212a "
              "Kelvin 25% 1987 U.S. Minister for Trade Negotiations said, ; - ' ’ \" ( ) with the in at on").split()
    texts = [" ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10))) for _ in range(1_500)]
    if CORPUS.is_dir():
        for f in sorted(CORPUS.glob("*/*.json"))[::6]:
            d = json.loads(f.read_text(encoding="utf-8"))
            for s in split_sentences(normalise(d.get("text") or "", d.get("title"))):
                texts += [s, s.lower(), s.upper()]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _all(rx: re.Pattern, t: str) -> list:
    n = len(t)
    out: list = [(m.span(), m.groups()) for m in rx.finditer(t)]
    for pos, end in ((n // 3, n), (0, n // 2), (n // 4, 3 * n // 4)):
        m = rx.search(t, pos, end)
        out.append(m and (m.span(), m.groups()))
        m = rx.match(t, pos, end)
        out.append(m and (m.span(), m.groups()))
    return out


def test_lead_records_exist() -> None:
    assert len(LEAD) >= 10


@pytest.mark.parametrize(("stem", "name"), LEAD)
def test_led_pattern_matches_the_plain_pattern(stem: str, name: str, texts: list[str]) -> None:
    fast = rules.load(stem)[name]
    plain = _plain(fast)
    assert leading(plain).pattern == fast.pattern
    for t in texts:
        assert _all(fast, t) == _all(plain, t), (stem, name, t)


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"\b(?:tariffs?|duties)\b", re.I, "[dt]"),
    (r"(?<!said )(?:a|b)?c+", 0, "[abc]"),
    (r"(?:x{0}|[0-9\s])y", 0, r"[0-9\sy]"),  # a branch that can be empty: what follows may start it
    (r"\d+%|pct", 0, r"[\dp]"),
    (r"(?-i:Tariff)\s+Act", re.I, "[T]"),
    (r"[-.]x", 0, r"[\x2d\x2e]"),
])
def test_first_chars(pattern: str, flags: int, expected: str) -> None:
    assert first_chars(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"x*", 0),             # matches the empty string
    (r"(?:a|)", 0),
    (r"[^a]b", 0),          # a negated class
    (r"(?i:a)b", 0),        # a scope that widens what a letter matches
    (r".a", 0),
    (r"(a)?\1", 0),
])
def test_first_chars_refuses(pattern: str, flags: int) -> None:
    with pytest.raises(ValueError):
        first_chars(re.compile(pattern, flags))


def test_lead_field_checked(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('[[pattern]]\nname = "X"\nlead = true\npattern = "x*"\n', encoding="utf-8")
    with pytest.raises(rules.RulesError, match="pattern 'X': no lead"):
        rules.load_file(path)
    path.write_text('[[pattern]]\nname = "X"\nlead = "yes"\npattern = "x"\n', encoding="utf-8")
    with pytest.raises(rules.RulesError, match="'lead' must be true or false"):
        rules.load_file(path)
    path.write_text('[[pattern]]\nname = "X"\nflags = ["I"]\nlead = true\npattern = "\\\\bta|du"\n', encoding="utf-8")
    assert rules.load_file(path)["X"].pattern == r"(?=[dt])(?:\bta|du)"

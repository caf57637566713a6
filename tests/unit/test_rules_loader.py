"""The rules loader (processors/detectors/rules.py): every data file loads, and a faulty
file fails at load with a message naming the file and the record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from processors.detectors.guard import guarded
from processors.detectors.rules import PATTERN_DIR, RulesError, load, load_file

FILES = sorted(PATTERN_DIR.glob("*.toml"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_there_are_rules_files() -> None:
    assert FILES, PATTERN_DIR


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_rules_file_loads(path: Path) -> None:
    rules = load_file(path)
    assert rules.patterns or rules.lists or rules.fragments
    assert load(path.stem).patterns.keys() == rules.patterns.keys()


def test_record_fields_flags_guard_and_pieces(tmp_path: Path) -> None:
    rules = load_file(_write(tmp_path, r"""
[lists]
WORDS = ["a.b", "c"]

[maps.SEATS]
"White House" = "Washington"
"Élysée Palace" = "Paris"

# why: a comment, as in code
[[pattern]]
name = "ONE"
flags = ["I"]
guard = ["tar", "dut"]
pattern = [
    '''\b(?:tariffs?|''',
    # a comment between the pieces
    '''duties)\b''',
]

[[pattern]]
name = "PART"
fragment = true
pattern = '''(?:x|y){1,2}'''

[[pattern]]
name = "BOTH"
pattern = '''{{PART}}-(?:{{WORDS}})-{{ONE}}'''

[[pattern]]
name = "AT_SEAT"
pattern = '''at the ({{SEATS}})'''
"""))
    plain = re.compile(r"\b(?:tariffs?|duties)\b", re.I)
    assert rules["ONE"].pattern == guarded(plain, ("tar", "dut")).pattern
    assert rules["ONE"].flags == plain.flags
    assert rules.fragment("PART") == "(?:x|y){1,2}"
    assert rules["BOTH"].pattern == r"(?:x|y){1,2}-(?:a\.b|c)-\b(?:tariffs?|duties)\b"
    assert rules.words("WORDS") == ("a.b", "c")
    assert rules.table("SEATS") == {"White House": "Washington", "Élysée Palace": "Paris"}
    assert rules["AT_SEAT"].pattern == r"at the (White\ House|Élysée\ Palace)"
    assert "PART" not in rules.patterns  # a fragment is text only
    with pytest.raises(KeyError, match="sample.toml: no pattern 'NOPE'"):
        rules["NOPE"]


def test_a_pattern_that_does_not_compile_names_file_and_record(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[pattern]]
name = "GOOD"
pattern = '''ok'''

[[pattern]]
name = "BROKEN"
flags = ["I"]
pattern = '''\\b(?:tariffs?|duties\\b'''
""")
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'BROKEN' does not compile: missing \)"):
        load_file(path)


def test_an_unknown_reference_names_file_and_record(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[pattern]]
name = "USES"
pattern = '''\\b(?:{{MAKERS}})\\b'''
""")
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'USES': unknown reference \{\{MAKERS\}\}"):
        load_file(path)


def test_a_circular_reference_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[pattern]]
name = "A"
pattern = '''a{{B}}'''

[[pattern]]
name = "B"
pattern = '''b{{A}}'''
""")
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'A': circular reference A -> B -> A"):
        load_file(path)


@pytest.mark.parametrize("record, message", [
    ('name = "X"\nflags = ["Q"]\npattern = "x"', r"pattern 'X': unknown flag 'Q'"),
    ('name = "X"\npatern = "x"\npattern = "x"', r"pattern 'X': unknown fields \['patern'\]"),
    ('name = "X"\nguard = []\npattern = "x"', r"pattern 'X': 'guard' must be a non-empty array"),
    ('name = "X"\nguard = ["two words"]\npattern = "x"', r"pattern 'X': bad guard"),
    ('name = "X"\npattern = 3', r"pattern 'X': 'pattern' must be a string or an array of strings"),
    ('pattern = "x"', r"pattern #1: no name"),
    ('name = "X"\nfragment = true\nflags = ["I"]\npattern = "x"', r"pattern 'X': a fragment has no flags"),
])
def test_malformed_records_are_refused(tmp_path: Path, record: str, message: str) -> None:
    with pytest.raises(RulesError, match=r"sample\.toml: " + message):
        load_file(_write(tmp_path, "[[pattern]]\n" + record + "\n"))


def test_a_name_used_twice_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[pattern]]\nname = "X"\npattern = "x"\n\n[[pattern]]\nname = "X"\npattern = "y"\n')
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'X': the name is used twice"):
        load_file(path)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"sample\.toml: cannot read rules"):
        load_file(_write(tmp_path, "[[pattern]\nname = 'X'\n"))


def test_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"nowhere\.toml: cannot read rules"):
        load_file(tmp_path / "nowhere.toml")


def _write_named(tmp_path: Path, stem: str, text: str) -> Path:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reference_to_another_files_record_list_or_map(tmp_path: Path) -> None:
    _write_named(tmp_path, "numbers", r"""
[lists]
UNITS = ["%", "pct"]

[maps.WORDS]
"one hundred" = "100"

[[pattern]]
name = "NUM"
fragment = true
pattern = '''\d+'''

[[pattern]]
name = "RATE"
flags = ["I"]
guard = ["1", "2"]
pattern = '''\b{{NUM}}\s*(?:{{UNITS}})'''
""")
    rules = load_file(_write(tmp_path, r"""
[[pattern]]
name = "TO_RATE"
flags = ["I"]
pattern = '''\s+to\s+(?={{numbers.RATE}})'''

[[pattern]]
name = "ALL"
pattern = '''{{numbers.NUM}}|{{numbers.UNITS}}|{{numbers.WORDS}}'''
"""))
    # the record's text, without its flags or guard, as for a reference inside one file
    assert rules["TO_RATE"].pattern == r"\s+to\s+(?=\b\d+\s*(?:%|pct))"
    assert rules["TO_RATE"].flags == re.compile("", re.I).flags
    assert rules["ALL"].pattern == r"\d+|%|pct|one\ hundred"


def test_an_unknown_file_or_record_of_another_file_is_named(tmp_path: Path) -> None:
    _write_named(tmp_path, "numbers", "[[pattern]]\nname = 'NUM'\npattern = '''\\d+'''\n")
    path = _write(tmp_path, "[[pattern]]\nname = 'USES'\npattern = '''{{nowhere.NUM}}'''\n")
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'USES': unknown reference \{\{nowhere\.NUM\}\}: "
                                         r"no rules file nowhere\.toml"):
        load_file(path)
    path = _write(tmp_path, "[[pattern]]\nname = 'USES'\npattern = '''{{numbers.RATE}}'''\n")
    with pytest.raises(RulesError, match=r"sample\.toml: pattern 'USES': unknown reference \{\{numbers\.RATE\}\}: "
                                         r"numbers\.toml has no record 'RATE'"):
        load_file(path)


def test_files_referring_to_each_other_in_a_circle_are_refused(tmp_path: Path) -> None:
    _write_named(tmp_path, "first", "[[pattern]]\nname = 'A'\npattern = '''a{{second.B}}'''\n")
    _write_named(tmp_path, "second", "[[pattern]]\nname = 'B'\npattern = '''b{{third.C}}'''\n")
    third = _write_named(tmp_path, "third", "[[pattern]]\nname = 'C'\npattern = '''c{{first.D}}'''\n")
    with pytest.raises(RulesError, match=r"third\.toml: circular reference between files "
                                         r"first\.toml -> second\.toml -> third\.toml -> first\.toml"):
        load_file(tmp_path / "first.toml")
    # a file referring to itself by name is a circle too
    third.write_text("[[pattern]]\nname = 'C'\npattern = '''c{{third.C}}'''\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"circular reference between files third\.toml -> third\.toml"):
        load_file(third)
    # and the failed loads leave nothing behind: a good file still loads
    third.write_text("[[pattern]]\nname = 'C'\npattern = '''c'''\n", encoding="utf-8")
    assert load_file(tmp_path / "first.toml")["A"].pattern == "abc"


def test_rates_number_words_agree_with_the_number_pattern() -> None:
    """rates.toml writes its number words twice: as the _NUMWORDS table and, longest first, in _NUM."""
    rates = load("rates")
    words = sorted(rates.table("_NUMWORDS"), key=len, reverse=True)
    assert rates.fragment("_NUM").endswith("|" + "|".join(words) + ")")

"""Rules as data: the detectors' regex tables and word lists live in TOML files
(processors/detectors/patterns/*.toml), loaded and compiled once at import.

A file holds plain records, like spaCy's SpanRuler patterns:

    [lists]                      # named word lists (prefilters, names to join into a pattern)
    TRIGGERS = ["truce", "pause"]

    [maps.SEATS]                 # named tables of names (a seat of government -> its city)
    "White House" = "Washington"

    # why the rule is there (a comment above the record, or between its pieces)
    [[pattern]]
    name = "TRUCE"               # the name the detector asks for
    flags = ["I"]                # re flag names: I, M, S, X, A
    guard = ["truce", "pause"]   # optional: guard.guarded() prefixes (first letters of every match)
    lead = true                  # optional: behind guard.leading()'s look-ahead on the first character (speed only)
    fragment = false             # optional: true = text only, to be composed into others (not compiled)
    pattern = [                  # one string, or pieces joined with nothing between them
        '''\\b(?:truce|''',
        '''pause)\\b''',
    ]

Literal strings ('''...''') keep backslashes raw, so a pattern reads as it did
in Python. `{{NAME}}` in a pattern is replaced by the text of the record NAME
(a fragment or another pattern, without its flags or guard) or, when NAME is a
list or a map, by its words (a map's keys) re.escape'd and joined with "|", in
the order written; nothing else is
substituted, so regex braces ("{0,3}") need no escaping. `{{FILE.NAME}}` does the
same with a record, list or map of another rules file of the same folder
(`{{rates.RATE_RE}}`: the text of RATE_RE in rates.toml), so a pattern built on
another module's is written once; files may not refer to each other in a circle.

Any fault (bad TOML, a pattern that does not compile, an unknown or circular
reference, to a record or to another file, a duplicate name, an unknown field or
flag) raises RulesError at import, naming the file and the record.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .guard import guarded, leading

PATTERN_DIR = Path(__file__).with_name("patterns")

_REF = re.compile(r"\{\{(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)\}\}")  # {{NAME}} or {{FILE.NAME}}
_FLAGS = {"I": re.I, "M": re.M, "S": re.S, "X": re.X, "A": re.A}
_FIELDS = {"name", "pattern", "flags", "guard", "lead", "fragment"}


class RulesError(ValueError):
    """A rules file that cannot be loaded: the message names the file and the record."""


class Rules:
    """The compiled records of one rules file."""

    __slots__ = ("path", "patterns", "fragments", "lists", "maps")

    def __init__(self, path: Path, patterns: dict[str, re.Pattern], fragments: dict[str, str],
                 lists: dict[str, tuple[str, ...]], maps: dict[str, dict[str, str]]) -> None:
        self.path = path
        self.patterns = patterns
        self.fragments = fragments
        self.lists = lists
        self.maps = maps

    def __getitem__(self, name: str) -> re.Pattern:
        try:
            return self.patterns[name]
        except KeyError:
            raise KeyError(f"{self.path.name}: no pattern {name!r}") from None

    def fragment(self, name: str) -> str:
        """The text of a record (a fragment, or a pattern without its flags and guard)."""
        try:
            return self.fragments[name]
        except KeyError:
            raise KeyError(f"{self.path.name}: no record {name!r}") from None

    def words(self, name: str) -> tuple[str, ...]:
        """A list of the file's [lists] table."""
        try:
            return self.lists[name]
        except KeyError:
            raise KeyError(f"{self.path.name}: no list {name!r}") from None

    def table(self, name: str) -> dict[str, str]:
        """A table of the file's [maps] (a new dict: the caller may extend it)."""
        try:
            return dict(self.maps[name])
        except KeyError:
            raise KeyError(f"{self.path.name}: no map {name!r}") from None


_loaded: dict[str, Rules] = {}
# the files being loaded, outermost first: a file that refers back to one of them closes a circle
_loading: list[Path] = []


def load(name: str) -> Rules:
    """The rules of patterns/<name>.toml (loaded and compiled once per process).

    A plain dict, not an lru_cache: `newsalert bench` empties every lru_cache of the detector modules
    before each article, and these are no per-sentence caches."""
    rules = _loaded.get(name)
    if rules is None:
        rules = _loaded[name] = load_file(PATTERN_DIR / f"{name}.toml")
    return rules


def load_file(path: Path) -> Rules:
    """Reads, checks and compiles one rules file (and the files it refers to)."""
    if path in _loading:
        circle = " -> ".join(p.name for p in _loading[_loading.index(path):] + [path])
        raise RulesError(f"{_loading[-1].name}: circular reference between files {circle}")
    _loading.append(path)
    try:
        return _load_file(path)
    finally:
        _loading.pop()


def _other_file(path: Path, stem: str) -> Rules:
    """The rules of another file of the folder of `path` (through load's cache for PATTERN_DIR)."""
    if path.parent == PATTERN_DIR:
        return load(stem)
    return load_file(path.with_name(f"{stem}.toml"))


def _load_file(path: Path) -> Rules:
    where = path.name

    def fail(msg: str) -> RulesError:
        return RulesError(f"{where}: {msg}")

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise fail(f"cannot read rules: {exc}") from exc
    unknown = set(data) - {"lists", "maps", "pattern"}
    if unknown:
        raise fail(f"unknown top-level keys {sorted(unknown)} (expected [lists], [maps.NAME] and [[pattern]])")

    lists: dict[str, tuple[str, ...]] = {}
    for key, words in data.get("lists", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise fail(f"list {key!r}: must be an array of strings")
        lists[key] = tuple(words)
    maps: dict[str, dict[str, str]] = {}
    for key, table in data.get("maps", {}).items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise fail(f"map {key!r}: must be a table of strings")
        if key in lists:
            raise fail(f"map {key!r}: the name is used twice")
        maps[key] = table

    records: dict[str, dict] = {}
    for k, rec in enumerate(data.get("pattern", [])):
        name = rec.get("name")
        if not isinstance(name, str) or not name:
            raise fail(f"pattern #{k + 1}: no name")
        if name in records or name in lists or name in maps:
            raise fail(f"pattern {name!r}: the name is used twice")
        extra = set(rec) - _FIELDS
        if extra:
            raise fail(f"pattern {name!r}: unknown fields {sorted(extra)}")
        text = rec.get("pattern")
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            text = "".join(text)
        if not isinstance(text, str):
            raise fail(f"pattern {name!r}: 'pattern' must be a string or an array of strings")
        records[name] = dict(rec, pattern=text)

    resolved: dict[str, str] = {}
    others: dict[str, Rules] = {}

    def other_file(name: str, stem: str, ref: str) -> str:
        """The text of {{stem.ref}}: a record's, or the words of a list or map, of another file."""
        if stem not in others:
            if not path.with_name(f"{stem}.toml").is_file():
                raise fail(f"pattern {name!r}: unknown reference {{{{{stem}.{ref}}}}}: no rules file {stem}.toml")
            others[stem] = _other_file(path, stem)
        other = others[stem]
        if ref in other.lists or ref in other.maps:
            return "|".join(map(re.escape, other.lists[ref] if ref in other.lists else other.maps[ref]))
        if ref in other.fragments:
            return other.fragments[ref]
        raise fail(f"pattern {name!r}: unknown reference {{{{{stem}.{ref}}}}}: {stem}.toml has no record {ref!r}")

    def resolve(name: str, chain: tuple[str, ...]) -> str:
        if name in resolved:
            return resolved[name]
        if name in chain:
            raise fail(f"pattern {chain[0]!r}: circular reference {' -> '.join(chain + (name,))}")

        def sub(m: re.Match) -> str:
            stem, ref = m.groups()
            if stem is not None:
                return other_file(name, stem, ref)
            if ref in lists or ref in maps:
                return "|".join(map(re.escape, lists[ref] if ref in lists else maps[ref]))
            if ref in records:
                return resolve(ref, chain + (name,))
            raise fail(f"pattern {name!r}: unknown reference {{{{{ref}}}}}")

        resolved[name] = _REF.sub(sub, records[name]["pattern"])
        return resolved[name]

    patterns: dict[str, re.Pattern] = {}
    for name, rec in records.items():
        text = resolve(name, ())
        if rec.get("fragment", False):
            if "flags" in rec or "guard" in rec or "lead" in rec:
                raise fail(f"pattern {name!r}: a fragment has no flags, guard or lead (they belong to the patterns "
                           f"using it)")
            continue
        flags = 0
        for f in rec.get("flags", []):
            if f not in _FLAGS:
                raise fail(f"pattern {name!r}: unknown flag {f!r} (known: {', '.join(_FLAGS)})")
            flags |= _FLAGS[f]
        try:
            rx = re.compile(text, flags)
        except re.error as exc:
            raise fail(f"pattern {name!r} does not compile: {exc}") from exc
        guard = rec.get("guard")
        if guard is not None:
            if not isinstance(guard, list) or not guard or not all(isinstance(g, str) and g for g in guard):
                raise fail(f"pattern {name!r}: 'guard' must be a non-empty array of prefixes")
            try:
                rx = guarded(rx, tuple(guard))
            except (AssertionError, re.error) as exc:
                raise fail(f"pattern {name!r}: bad guard {guard!r}: {exc!r}") from exc
        lead = rec.get("lead", False)
        if not isinstance(lead, bool):
            raise fail(f"pattern {name!r}: 'lead' must be true or false")
        if lead:
            try:
                rx = leading(rx)
            except (ValueError, re.error) as exc:
                raise fail(f"pattern {name!r}: no lead: {exc}") from exc
        patterns[name] = rx
    return Rules(path, patterns, resolved, lists, maps)

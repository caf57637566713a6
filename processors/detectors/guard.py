"""Faster scans for the big case-insensitive word alternations.

A pattern like `\\b(?:tariffs?|duties|...)` under re.I makes the regex engine
try every alternative at every word start, and with re.I none of them can be
skipped on its first letter: most of the time goes into words that start with
the wrong letters. `guarded(rx, prefixes)` returns the same regex behind a
cheap case-sensitive look-ahead on the first letters that any match must start
with, so the engine rejects other words after one character test.

The result is the same regex: every top-level alternative of `rx` must start
with `\\b`, and every match of `rx` must begin with one of `prefixes` (ASCII
letters, digits or an apostrophe; letters case-insensitively, in re.I's sense:
"s" also matches "ſ", "k" the Kelvin sign, "i" the dotted and dotless I). The
look-ahead consumes nothing and has no groups, so matches, spans and groups are
unchanged.
"""

from __future__ import annotations

import re
from re import _constants as _sre, _parser

# letters that re.IGNORECASE matches beyond their two ASCII cases
_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _letter(ch: str) -> str:
    if not ch.isalpha():  # a digit or an apostrophe ("'ll", "1987"): no other case to allow for
        return re.escape(ch)
    ch = ch.lower()
    return "[" + ch + ch.upper() + _EXTRA.get(ch, "") + "]"


def _guard(prefixes) -> str:
    trie: dict = {}
    for p in prefixes:
        assert p.isascii() and p and not any(c.isspace() for c in p), p
        node = trie
        for ch in p.lower():
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        if "" in node:  # a shorter prefix already satisfies the guard
            return ""
        alts = [_letter(ch) + build(node[ch]) for ch in sorted(node)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?-i:" + build(trie) + ")"


def guarded(rx: re.Pattern, prefixes) -> re.Pattern:
    """`rx` behind a look-ahead on the first letters of its matches (see above)."""
    return re.compile(r"\b(?=" + _guard(prefixes) + r")(?:" + rx.pattern + r")", rx.flags)


def starts_with(prefixes) -> str:
    """A look-ahead (regex text) that a position passes only when one of `prefixes` starts there (see above):
    put in front of a branch of a bigger pattern that `guarded` cannot wrap whole."""
    return "(?=" + _guard(prefixes) + ")"


# ------------------------------------------------------------------ the first character of a match
# Patterns that `guarded` cannot wrap (alternatives without \b, case-sensitive ones, a look-behind first) still
# test every alternative at every position of the text. `leading(rx)` puts a look-ahead on the characters a
# match can start with in front, read off the parsed pattern, so most positions fail on one class test.
_CATEGORY = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
             _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W"}


def _char(code: int) -> str:
    ch = chr(code)
    if ch.isascii() and ch.isalnum():
        return ch
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _first(seq, flags: int, out: set[str]) -> bool:
    """Adds to `out` the class items a match of the parsed `seq` can start with; True when it can match empty.
    Raises ValueError on what it does not read (the caller then keeps the pattern as it is)."""
    for op, av in seq:
        if op is _sre.LITERAL:
            out.add(_char(av))
            return False
        if op is _sre.IN:
            for item, arg in av:
                if item is _sre.LITERAL:
                    out.add(_char(arg))
                elif item is _sre.RANGE:
                    out.add(_char(arg[0]) + "-" + _char(arg[1]))
                elif item is _sre.CATEGORY and arg in _CATEGORY:
                    out.add(_CATEGORY[arg])
                else:  # a negated class, ...: not a union of items
                    raise ValueError(f"class item {item}")
            return False
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: the look-ahead need only hold wherever a match starts
        if op is _sre.SUBPATTERN:
            _, add, remove, sub = av
            # (a scope that drops re.I only narrows what its letters match: the class, under re.I, still covers it)
            if add or remove & ~(re.I if flags & re.I else 0):
                raise ValueError("scoped flags")
            if not _first(sub, flags, out):
                return False
        elif op is _sre.BRANCH:
            empty = False
            for alt in av[1]:
                empty |= _first(alt, flags, out)
            if not empty:
                return False
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, high, item = av
            if high == 0:
                continue
            if not _first(item, flags, out) and low > 0:
                return False
        elif op is _sre.ATOMIC_GROUP:
            if not _first(av, flags, out):
                return False
        else:  # any character, a back-reference, a conditional: no class to read
            raise ValueError(f"op {op}")
    return True


def first_chars(rx: re.Pattern) -> str:
    """A character class (regex text, read under rx's flags) holding every first character of rx's matches.
    ValueError when rx can match the empty string or starts with what the class cannot list."""
    items: set[str] = set()
    if _first(_parser.parse(rx.pattern, rx.flags), rx.flags, items):
        raise ValueError("the pattern can match the empty string")
    return "[" + "".join(sorted(items)) + "]"


def leading(rx: re.Pattern) -> re.Pattern:
    """`rx` behind a look-ahead on the first characters of its matches (see above). The same regex: the
    look-ahead only rejects positions no match starts at, consumes nothing and has no groups."""
    end = "\n)" if rx.flags & re.X else ")"  # (a verbose pattern's last line may be a comment)
    return re.compile("(?=" + first_chars(rx) + ")(?:" + rx.pattern + end, rx.flags)

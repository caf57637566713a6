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

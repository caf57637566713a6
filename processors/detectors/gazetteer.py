"""Countries, blocs, capitals-as-metonyms, government bodies, and people.

Everything maps to the short country names the event model uses ("US",
"China", "EU", ...). People are recognised two ways: a list of heads of
state/government and senior trade officials (past and present) with their
aliases, and, for anybody else, their title ("President X", "Prime Minister
X", "Trade Minister X", "X, the trade minister").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import load

# ---------------------------------------------------------------- countries
# short name -> names, adjectives, capitals and seats of government (metonyms): newsalert/places.py,
# shared with the subscription filters.
from newsalert.places import COUNTRIES as _COUNTRIES  # noqa: E402
# the blocs, seats, adjectives, cities, title and name patterns, with the why of each: patterns/gazetteer.toml
_P = load("gazetteer")

BLOCS = set(_P.words("BLOCS"))
_NON_PLACES = set(_P.words("_NON_PLACES"))
INSTITUTIONS = frozenset(_NON_PLACES)  # seats and bodies named for their government: never a place nor goods' origin
_ADJECTIVE_ENDINGS = _P.words("_ADJECTIVE_ENDINGS")
_NOT_ADJECTIVES = _P.words("_NOT_ADJECTIVES")

# Capitals and cities usable as meeting locations.
CITY_COUNTRY: dict[str, str] = {}
_ADJECTIVES: set[str] = set()
ALIAS_TO_COUNTRY: dict[str, str] = {}
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        ALIAS_TO_COUNTRY[_n] = _short
for _short, _names in _COUNTRIES.items():
    for _n in _names[1:]:
        if _n.endswith(_ADJECTIVE_ENDINGS) and _n not in _NOT_ADJECTIVES and " " not in _n:
            _ADJECTIVES.add(_n)
_ADJECTIVES |= set(_P.words("_MORE_ADJECTIVES"))
ADJECTIVES = frozenset(_ADJECTIVES)
_EXTRA_CITIES = _P.table("_EXTRA_CITIES")
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        if _n in _NON_PLACES or _n in ADJECTIVES or _short in BLOCS:
            continue
        CITY_COUNTRY[_n] = _short
CITY_COUNTRY.update(_EXTRA_CITIES)
COUNTRY_PLACE_NAMES = {n for s, names in _COUNTRIES.items() for n in names[:1]}
# a country's seat of government named as its metonym ("Buenos Aires", "Washington"): after "in" or "at" it is
# the place where something happens ("when financial leaders meet in Buenos Aires"), not the government acting
SEATS = frozenset(n for s, names in _COUNTRIES.items() for n in names[1:]
                  if n not in ADJECTIVES and n not in _NON_PLACES and s not in BLOCS)
_AT_PLACE_BEFORE = _P["_AT_PLACE_BEFORE"]

_NOT_ACTOR_AFTER = _P["_NOT_ACTOR_AFTER"]


def trie_pattern(words) -> str:
    """A regex body matching any of `words`, built as a character trie so that
    the engine never tries the alternatives one by one (longest match first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


def names_regex(names) -> re.Pattern:
    """Whole-word occurrences of any of the names, with an optional "'s"."""
    # One branch per first letter, each starting with that letter as a literal:
    # a pattern that starts with literals lets the engine skip ahead over the
    # text in C (a leading look-around does not). The "not inside a word" test
    # comes right after the first letter, as a look-behind over two characters.
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(n[0], []).append(n[1:])
    alts = []
    for ch in sorted(groups):
        rest = [r for r in groups[ch] if r]
        body = trie_pattern(rest) if rest else ""
        if body and len(rest) < len(groups[ch]):  # a one-letter name as well
            body = "(?:" + body + ")?"
        alts.append(re.escape(ch) + r"(?<![\w.'’].)" + body)
    return re.compile("(?:" + "|".join(alts) + r")(?![^\W_])(?:'s)?")


# Country names, adjectives and metonyms ("Korea" in 1987 copy means South Korea).
COUNTRY_RE = names_regex(ALIAS_TO_COUNTRY)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    country: str
    actor: bool  # can be the subject of a government act


_CITY_COMMA = _P["_CITY_COMMA"]
_INSTITUTION_OF = _P["_INSTITUTION_OF"]


DATELINE = _P["DATELINE"]


def dateline_country(text: str) -> str | None:
    """The country whose capital datelines a story ("WASHINGTON, June 8 - "): the government a wire story's "the
    administration" or "the government" is. None for other cities (NEW YORK, GENEVA) and undated openings."""
    m = DATELINE.match(text[:80])
    if m is None:
        return None
    actors = [c for c in find_countries(m.group(1).title()) if c.actor]
    return actors[0].country if len(actors) == 1 else None


def find_countries(sentence: str) -> list[Mention]:
    """Country mentions in a sentence, in order."""
    out: list[Mention] = []
    for m in COUNTRY_RE.finditer(sentence):
        raw = m.group(0)
        start, end = m.span()
        name = raw[:-2] if raw.endswith("'s") else raw
        if name == "US" and not _us_is_country(sentence, start):
            continue
        if name == "Twelve" and "the Twelve" not in sentence:
            continue
        country = ALIAS_TO_COUNTRY[name]
        if name == "EC" and sentence[end:end + 1] == "U":  # "ECU"
            continue
        actor = not _NOT_ACTOR_AFTER.match(sentence, end) and not _INSTITUTION_OF.search(sentence, max(0, start - 40), start) \
            and not (name in SEATS and _AT_PLACE_BEFORE.search(sentence, max(0, start - 16), start))
        if name == "Uruguay" and sentence[end:end + 6].lower() == " round":
            continue
        # the last non-blank character before the name is a comma ("Punta del Este, Uruguay")
        j = start - 1
        while j >= 0 and sentence[j].isspace():
            j -= 1
        if j >= 0 and sentence[j] == ",":
            pre = _CITY_COMMA.search(sentence, max(0, start - 60), start)
            if pre and pre.group(1) in CITY_COUNTRY and pre.group(1) not in ALIAS_TO_COUNTRY:  # not "Canada, Mexico"
                actor = False  # "Punta del Este, Uruguay": a place
        out.append(Mention(start, end, name, country, actor))
    return out


def only_countries(phrase: str) -> bool:
    """Whether a phrase names countries and nothing else ("Canada, Mexico, and China")."""
    rest = phrase
    for c in sorted(find_countries(phrase), key=lambda c: -c.start):
        rest = rest[:c.start] + " " + rest[c.end:]
    return rest != phrase and not re.sub(r"\b(?:and|or|the|both)\b|[,.\s]", "", rest, flags=re.I)


def _us_is_country(sentence: str, pos: int) -> bool:
    # "US" in upper case headlines is a country; "us" pronoun is lower case
    # and never matches. Guard against "US$".
    return sentence[pos + 2:pos + 3] != "$"


# ------------------------------------------------------------------- people
@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str
    role: str  # "leader" or "official"


# Heads of state / government, their surnames, and senior trade officials: newsalert/places.py.
from newsalert.places import LEADER_SURNAMES as _LEADER_SURNAMES  # noqa: E402
from newsalert.places import LEADERS as _LEADERS  # noqa: E402
from newsalert.places import OFFICIAL_SURNAMES as _OFFICIAL_SURNAMES  # noqa: E402
from newsalert.places import OFFICIALS as _OFFICIALS  # noqa: E402

PEOPLE: dict[str, Person] = {}
for _n, _c in _LEADERS.items():
    PEOPLE[_n.strip()] = Person(_n.strip(), _c, "leader")
for _n, _c in _OFFICIALS.items():
    PEOPLE[_n] = Person(_n, _c, "official")
SURNAMES: dict[str, Person] = {}
for _s, _c in _LEADER_SURNAMES.items():
    SURNAMES[_s] = Person(_s, _c, "leader")
for _s, _c in _OFFICIAL_SURNAMES.items():
    SURNAMES[_s] = Person(_s, _c, "official")

# ------------------------------------------------------------------- titles
# the title and name patterns are text, composed into people.py's patterns
LEADER_TITLE = _P.fragment("LEADER_TITLE")
OFFICIAL_TITLE = _P.fragment("OFFICIAL_TITLE")
_NAME_PART = _P.fragment("_NAME_PART")
_PARTICLE = _P.fragment("_PARTICLE")
NAME = _P.fragment("NAME")
NOT_NAMES = frozenset(_P.words("NOT_NAMES"))
ORG_BEFORE_TITLE = _P["ORG_BEFORE_TITLE"]
COUNTRY_NAMES = frozenset(_COUNTRIES)

"""Names of countries, blocs and people, and their aliases: the one gazetteer of newsalert.

The detectors (processors/detectors/gazetteer.py builds its patterns from these) and the subscription
filters (CLI, REST API, slash command: `canonical_country`, `canonical_person`) read the same data, so
"United States", "U.S." and "USA" are the same country to both. Short country names ("US", "China",
"EU", ...) are what events carry.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

# The tables, with the why of each, are data: newsalert/data/places.toml, read once at import.
DATA_FILE = Path(__file__).with_name("data") / "places.toml"


def _load(path: Path) -> dict:
    """The tables of the gazetteer file; a missing or malformed file fails at import, naming it."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot read the gazetteer: {exc}") from exc
    kinds = {"countries": list, "leaders": str, "leader_surnames": str, "officials": str,
             "official_surnames": str, "eu_customs_union_since": int}
    for table, kind in kinds.items():
        values = data.get(table)
        if not isinstance(values, dict) or not all(isinstance(v, kind) for v in values.values()):
            raise ValueError(f"{path.name}: [{table}] must be a table of {kind.__name__} values")
    extra = set(data) - set(kinds)
    if extra:
        raise ValueError(f"{path.name}: unknown tables {sorted(extra)}")
    return data


_DATA = _load(DATA_FILE)
# short name -> names, adjectives, capitals and seats of government (metonyms).
COUNTRIES: dict[str, list[str]] = _DATA["countries"]
# Heads of state / government, past and present: full name -> country.
LEADERS: dict[str, str] = _DATA["leaders"]
# Surnames that on their own designate a leader (unambiguous enough in news text).
LEADER_SURNAMES: dict[str, str] = _DATA["leader_surnames"]
# Senior trade/economic officials past and present: full name -> country.
OFFICIALS: dict[str, str] = _DATA["officials"]
OFFICIAL_SURNAMES: dict[str, str] = _DATA["official_surnames"]
# Members of the EU's customs union and the year they joined it (why the UK is not one: the data file).
EU_CUSTOMS_UNION_SINCE: dict[str, int] = _DATA["eu_customs_union_since"]
del _DATA


def customs_territory(country: str | None, year: int) -> str | None:
    """Whose tariffs apply to a country's goods in `year`: 'EU' for a member of the EU's customs union."""
    since = EU_CUSTOMS_UNION_SINCE.get(country or "")
    return "EU" if since is not None and year >= since else country


def union_members(union: str, year: int) -> set[str]:
    """The members of a customs union in `year` (an empty set for a country): a subscriber to Germany wants the
    EU's tariffs, talks and meetings too, as the events name the union, not its members."""
    if union != "EU":
        return set()
    return {country for country, since in EU_CUSTOMS_UNION_SINCE.items() if year >= since}


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for short, names in COUNTRIES.items():
        aliases[short.casefold()] = short
        for name in names:
            aliases.setdefault(name.casefold(), short)
    return aliases


_COUNTRY_ALIASES = _build_aliases()
_PEOPLE = {name.strip().casefold(): name.strip() for name in (*LEADERS, *OFFICIALS)}
_SURNAMES = {name.casefold(): name for name in (*LEADER_SURNAMES, *OFFICIAL_SURNAMES)}


def country_names() -> list[str]:
    """The short names events use, in the gazetteer's order."""
    return list(COUNTRIES)


def country_aliases(short: str) -> list[str]:
    return list(COUNTRIES.get(short, []))


def canonical_country(name: str) -> str:
    """The short name events use for `name` ("United States", "u.s.", "USA", "Washington" -> "US").

    ValueError names the closest known names when `name` is none of them."""
    text = " ".join(str(name).split())
    found = _COUNTRY_ALIASES.get(text.casefold())
    if found:
        return found
    close = difflib.get_close_matches(text.casefold(), list(_COUNTRY_ALIASES), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(repr(_COUNTRY_ALIASES[c]) for c in dict.fromkeys(close))}?" if close else ""
    raise ValueError(f"unknown country {text!r}{hint} (`newsalert channels --countries` lists the names)")


def canonical_person(name: str) -> str:
    """A known person's name as events spell it ("xi jinping" -> "Xi Jinping", "trump" -> "Trump").

    Anyone else is kept as written (the detectors also find people by their title), unless the name is
    one letter or two off a known one: then ValueError asks whether that was meant."""
    text = " ".join(str(name).split())
    key = text.casefold()
    if key in _PEOPLE:
        return _PEOPLE[key]
    if key in _SURNAMES:
        return _SURNAMES[key]
    close = difflib.get_close_matches(key, [*_PEOPLE, *_SURNAMES], n=1, cutoff=0.8)
    if close:
        suggestion = _PEOPLE.get(close[0]) or _SURNAMES[close[0]]
        raise ValueError(f"unknown person {text!r}; did you mean {suggestion!r}?")
    return text


def country_key(name: str) -> str:
    """Lenient `canonical_country` for matching: a known alias as its short name, anything else as written."""
    text = " ".join(str(name).split())
    return _COUNTRY_ALIASES.get(text.casefold(), text)

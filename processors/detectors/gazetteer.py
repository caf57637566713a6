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

# ---------------------------------------------------------------- countries
# short name -> names, adjectives, capitals and seats of government (metonyms): newsalert/places.py,
# shared with the subscription filters.
from newsalert.places import COUNTRIES as _COUNTRIES  # noqa: E402
# Blocs: count as parties but are not a "country" for location purposes.
BLOCS = {"EU", "ASEAN", "OPEC", "ATPC"}
# Seats of government / institutions that are metonyms but not places.
_NON_PLACES = {"White House", "Pentagon", "State Department", "Commerce Department",
               "Treasury Department", "Reagan administration", "Trump administration",
               "Biden administration", "Bush administration", "Obama administration",
               "Clinton administration", "USTR", "MITI", "METI", "Kantei", "Zhongnanhai",
               "MOFCOM", "Kremlin", "Downing Street", "Whitehall", "Elysee", "Élysée",
               "Blue House", "European Commission", "EC Commission", "Twelve", "Franco"}
# Capitals and cities usable as meeting locations.
CITY_COUNTRY: dict[str, str] = {}
_ADJECTIVES: set[str] = set()
ALIAS_TO_COUNTRY: dict[str, str] = {}
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        ALIAS_TO_COUNTRY[_n] = _short
for _short, _names in _COUNTRIES.items():
    for _n in _names[1:]:
        if _n.endswith(("an", "ese", "ish", "ian", "ic", "i", "ch", "ss", "ek", "ai", "ino")) and _n not in (
                "Washington", "Tehran", "Pakistan", "Afghanistan", "Kazakhstan", "Japan", "Taiwan",
                "Iran", "Oman", "Sudan", "Amman", "Manila", "Beirut") and " " not in _n:
            _ADJECTIVES.add(_n)
_ADJECTIVES |= {"West German", "East German", "South Korean", "North Korean", "South African",
                "Sri Lankan", "New Zealand", "Saudi", "Thai", "Swiss", "Dutch", "Danish", "Irish",
                "Greek", "Turkish", "Franco", "Emirati", "Filipino"}
ADJECTIVES = frozenset(_ADJECTIVES)
_EXTRA_CITIES = {
    "Geneva": "Switzerland", "Venice": "Italy", "Punta del Este": "Uruguay", "Osaka": "Japan",
    "Shanghai": "China", "Gyeongju": "South Korea", "Busan": "South Korea", "Davos": "Switzerland",
    "Toronto": "Canada", "Montreal": "Canada", "New York": "US", "Camp David": "US",
    "Mar-a-Lago": "US", "Hiroshima": "Japan", "Rio de Janeiro": "Brazil", "Sao Paulo": "Brazil",
    "Taupo": "New Zealand", "Oruro": "Bolivia", "Dalian": "China", "Stockholm": "Sweden",
    "Luxembourg": "Luxembourg", "Saarbruecken": "Germany", "Frankfurt": "Germany",
    "Reykjavik": "Iceland", "Helsinki": "Finland", "Strasbourg": "France", "Naples": "Italy",
    "Hamburg": "Germany", "Munich": "Germany", "Sydney": "Australia", "Hanoi": "Vietnam",
    "Jeddah": "Saudi Arabia", "Istanbul": "Turkey", "Anchorage": "US", "Alaska": "US",
    "Honolulu": "US", "Hawaii": "US", "Vladivostok": "Russia", "St Petersburg": "Russia",
    # cities that host leaders' meetings and trade talks today
    "Tianjin": "China", "Hangzhou": "China", "Guangzhou": "China", "Shenzhen": "China", "Xi'an": "China",
    "Chengdu": "China", "Kyoto": "Japan", "Nagoya": "Japan", "Incheon": "South Korea", "Jeju": "South Korea",
    "Mumbai": "India", "Bengaluru": "India", "Kolkata": "India", "Ho Chi Minh City": "Vietnam",
    "Da Nang": "Vietnam", "Karachi": "Pakistan", "Lahore": "Pakistan", "Dubai": "UAE", "Sharm el-Sheikh": "Egypt",
    "Kananaskis": "Canada", "Vancouver": "Canada", "Quebec City": "Canada", "Calgary": "Canada",
    "Monterrey": "Mexico", "Guadalajara": "Mexico", "Belem": "Brazil", "Belém": "Brazil",
    "Los Angeles": "US", "San Francisco": "US", "Chicago": "US", "Miami": "US", "Palm Beach": "US",
    "Seattle": "US", "Boston": "US", "Houston": "US", "Zurich": "Switzerland",
    "Lugano": "Switzerland", "Milan": "Italy", "Florence": "Italy", "Barcelona": "Spain", "Seville": "Spain",
    "Marseille": "France", "Toulon": "France", "Lyon": "France", "Chequers": "UK",
    "Edinburgh": "UK", "Manchester": "UK", "Turnberry": "UK", "Windsor": "UK", "Aberdeen": "UK",
    "Cologne": "Germany", "Bonn": "Germany", "Amsterdam": "Netherlands",
    "Antwerp": "Belgium", "Krakow": "Poland", "Gdansk": "Poland", "Vilnius": "Lithuania", "Riga": "Latvia",
    "Tallinn": "Estonia", "Astana": "Kazakhstan", "Almaty": "Kazakhstan", "Tashkent": "Uzbekistan",
    "Minsk": "Belarus", "Yerevan": "Armenia", "Baku": "Azerbaijan", "Tbilisi": "Georgia",
    "Muscat": "Oman", "Manama": "Bahrain", "Putrajaya": "Malaysia",
    "Bali": "Indonesia", "Nusa Dua": "Indonesia", "Cebu": "Philippines", "Auckland": "New Zealand",
    "Melbourne": "Australia", "Brisbane": "Australia", "Perth": "Australia", "Johannesburg": "South Africa",
    "Cape Town": "South Africa", "Addis Ababa": "Ethiopia", "Kigali": "Rwanda", "Accra": "Ghana",
}
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        if _n in _NON_PLACES or _n in ADJECTIVES or _short in BLOCS:
            continue
        CITY_COUNTRY[_n] = _short
CITY_COUNTRY.update(_EXTRA_CITIES)
COUNTRY_PLACE_NAMES = {n for s, names in _COUNTRIES.items() for n in names[:1]}

# Words that, right after a country word, make it something other than the country
# acting ("U.S. dollar", "Japanese yen", "American Express").
_NOT_ACTOR_AFTER = re.compile(
    r"\s*(?:dollars?|dlrs?|yen|marks?|francs?|pounds?|sterling|won|lira|currency|unit|"
    r"Express|Airlines?|Motors|Steel|Bank(?!\s+of)|banks|banking|market|markets|Stock Exchange|stocks?|"
    r"bonds?|Treasury\s+bonds?|Treasur(?:y|ies)\s+(?:bills?|notes?|market)|Grain|Soybean Association)\b"
    # a country in the name of a business or friendship body: "the U.S.-China Business Council", "the National
    # Committee on U.S.-China Relations", "the American Chamber of Commerce" (its members are no government)
    r"|(?-i:(?:\s*-\s*[A-Z][\w.]*)*\s+(?:Business\s+(?:Council|Forum|Association)|Chambers?\s+of\s+Commerce|"
    r"Relations|Friendship\s+(?:Association|Society)|Trade\s+Association)\b)",
    re.I)

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


_CITY_COMMA = re.compile(r"([A-Z][\w-]*(?:\s+(?:del\s+)?[A-Z][\w-]*)*),\s*$")


# "the Chinese University of Hong Kong", "the Bank of Japan": an institution named after a place
_INSTITUTION_OF = re.compile(r"\b(?:University|College|Institute|Academy|School|Museum|Bank|Port|Gulf|Bay)"
                             r"\s+of\s+(?:the\s+)?$")


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
        actor = not _NOT_ACTOR_AFTER.match(sentence, end) and not _INSTITUTION_OF.search(sentence, max(0, start - 40), start)
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
# Heads of state or government.
LEADER_TITLE = (r"(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emperor|Sultan|Emir|"
                r"General\s+Secretary|Secretary[- ]General\s+of\s+the\s+Communist\s+Party|"
                r"(?:Communist\s+)?Party\s+(?:leader|chief)|[Ll]eader|Taoiseach|Shah|Crown\s+Prince)")
# Senior officials that negotiate trade.
OFFICIAL_TITLE = (
    r"(?:Vice[- ]Premier|Deputy\s+Prime\s+Minister|Vice[- ]President|"
    r"(?:Special\s+|Assistant\s+(?:Special\s+)?|Deputy\s+)?(?:U\.S\.\s+)?Trade\s+Representative|"
    r"(?:[A-Z][a-z]+\s+(?:and\s+[A-Z][a-z]+\s+)?)?(?:Minister|Secretary|Commissioner|Ambassador|"
    r"Envoy|Negotiator|negotiator|minister|secretary|commissioner|ambassador|envoy|official)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and|of)\s+[A-Z][a-z]+)*)?)")
_NAME_PART = r"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)"
_PARTICLE = r"(?:de\s+la|de|del|da|van|von|Von|der|bin|al-|ul-|le|Le|La|di)"
NAME = rf"(?:{_NAME_PART}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_PART}){{0,3}})"
# Words that look like names but are not people.
NOT_NAMES = frozenset("""
The A An He She It They We His Her Its Their This That These Those In On At For And But Or
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Reuters Reuter Said Says Told Mr Mrs
Ms Dr Sir Lord General Agreement Trade Tariffs Office Department Ministry Council Committee
House Senate Congress Parliament Government Commission Community Bank Fund Group Round
Association Federation Union Corp Co Inc Ltd Plc Exchange Board Minister President Premier
Chancellor Secretary Commissioner Ambassador Representative Treasury Agriculture Commerce
Finance Foreign Industry International Economic Affairs Corporate Posts Telecommunications
Affair Uruguay GATT WTO EC EU Summit Organisation Organization Party Cabinet Diet Assembly
Administration Justice State Defence Defense Energy Mining Mines Power Steel Trade-and-Industry
Special Assistant Deputy Vice Chief Executive Director Governor Spokesman Spokeswoman Official
Officials Republic People Peoples Islamic National Federal Central Asia Pacific Economic
Cooperation APEC ASEAN Summit Sunday Today Tomorrow Yesterday Hill Capitol Two Three
""".split())
ORG_BEFORE_TITLE = re.compile(
    r"(?:Bank|Fund|Council|Association|Federation|Committee|Institute|Corp|Company|Co|Inc|Ltd|Plc|"
    r"University|Club|Union|Board|Exchange|Chamber|Foundation|Group|Bundesbank|Reserve|Industries|"
    r"Motors|Society|League|Party|Organisation|Organization|Agency|Authority|Commission|Court|"
    r"Coalition|Congress|Senate|Assembly)\s*$")
COUNTRY_NAMES = frozenset(_COUNTRIES)

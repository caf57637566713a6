"""People in a sentence: known names, and anybody introduced by a title.

"French Prime Minister Jacques Chirac" -> leader of France; "U.S. Trade
Representative Clayton Yeutter" -> official of the US; "his North Korean
counterpart Li Gun-mo" -> same role as the person he is the counterpart of;
"World Bank President Barber Conable" -> not a government person.
"""

from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import (ADJECTIVES, ALIAS_TO_COUNTRY, NOT_NAMES, ORG_BEFORE_TITLE, PEOPLE, SURNAMES, Mention,
                        names_regex)
from .rules import load

# the title patterns (built on gazetteer.toml's title and name fragments) and the title words, with the why of
# each: patterns/people.toml
_P = load("people")

_TITLE_QUICK = _P["_TITLE_QUICK"]
_TITLE_WORDS = _P.words("_TITLE_WORDS")


def _has_title_word(sentence: str, low: str | None = None) -> bool:
    low = sentence.lower() if low is None else low
    for w in _TITLE_WORDS:
        if w in low:
            return True
    return "MP" in sentence


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    country: str | None
    role: str  # leader | official | legislator | other


_KNOWN_RE = names_regex(PEOPLE)
_LEGISLATOR = _P.fragment("_LEGISLATOR")
_TITLE_START = _P.fragment("_TITLE_START")
_TITLE_RE = _P["_TITLE_RE"]
_LOWER_TITLES = _P.words("_LOWER_TITLES")
_TITLE_RE_CAP = _P["_TITLE_RE_CAP"]
assert _TITLE_RE_CAP.pattern == _TITLE_RE.pattern.replace(_TITLE_START, "(?=[A-Z])", 1) != _TITLE_RE.pattern
_APPOS_RE = _P["_APPOS_RE"]
_TITLE_NAME_APPOS = _P["_TITLE_NAME_APPOS"]
_PRE_WORDS = _P["_PRE_WORDS"]
_NOT_HEAD_NOW = _P["_NOT_HEAD_NOW"]
_NOT_LEADER_PRE = _P["_NOT_LEADER_PRE"]
_CAP_TOKEN = _P["_CAP_TOKEN"]
_EXCLUDE_CHANCELLOR = _P["_EXCLUDE_CHANCELLOR"]
_LEGISLATOR_TITLE = _P["_LEGISLATOR_TITLE"]
_LEADER_TITLE = _P["_LEADER_TITLE"]
_HOUSE_BEFORE = _P["_HOUSE_BEFORE"]


def _clean_name(name: str) -> str:
    toks = name.split()
    while toks and (toks[-1] in NOT_NAMES or toks[-1].rstrip("'s") in NOT_NAMES):
        toks.pop()
    while toks and toks[0] in NOT_NAMES:
        toks.pop(0)
    out = " ".join(toks)
    if out.endswith("'s") or out.endswith("’s"):
        out = out[:-2]
    return out


def _country_before(sentence: str, pos: int, countries: list[Mention]) -> tuple[str | None, str]:
    """The country written just before a title ("French Prime Minister"),
    and the words between it and the title."""
    best = None
    for c in countries:
        if c.end <= pos and pos - c.end <= 45:
            between = sentence[c.end:pos]
            if _PRE_WORDS.fullmatch(between) or between.strip() == "":
                best = (c.country, between)
    if best:
        return best
    window = sentence[max(0, pos - 40):pos]
    return None, window


def find_people(sentence: str, countries: list[Mention], low: str | None = None,
                titles: bool | None = None) -> list[PersonMention]:
    """The people of a sentence; `titles`: whether it has a title word (None: test it here)."""
    out: list[PersonMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    for m in _KNOWN_RE.finditer(sentence):
        raw = m.group(0)
        end = m.end()
        if raw.endswith(("'s", "’s")):
            raw, end = raw[:-2], end - 2
        p = PEOPLE.get(raw)
        if p is None:
            continue
        role = p.role
        if role == "leader" and _NOT_HEAD_NOW.search(sentence, max(0, m.start() - 50), m.start()):
            role = "other"  # "NATO Secretary-General Mark Rutte": not a head of state or government now
        out.append(PersonMention(m.start(), end, p.name, p.country, role))
        taken.append((m.start(), end))

    if titles is None:
        titles = _has_title_word(sentence, low)
    if titles:
        title_re = _TITLE_RE if any(w in sentence for w in _LOWER_TITLES) else _TITLE_RE_CAP
        title_matches = title_re.finditer(sentence)
    else:
        title_matches = ()
    for m in title_matches:
        name = _clean_name(m.group("name"))
        if not name or name.split()[0] in NOT_NAMES:
            continue
        if ALIAS_TO_COUNTRY.get(name) or name in ADJECTIVES:
            continue
        ns = m.start("name")
        ne = ns + len(name)
        title = m.group("title")
        pre = sentence[max(0, m.start() - 12):m.start()]
        country, between = _country_before(sentence, m.start(), countries)
        if _LEGISLATOR_TITLE.match(title):
            role = "legislator"
        elif title.lower() == "counterpart":
            role = "counterpart"
        elif _LEADER_TITLE.fullmatch(title) and not _NOT_LEADER_PRE.search(pre) \
                and not _EXCLUDE_CHANCELLOR.match(sentence, m.start()):
            role = "leader"
            if title.lower() in ("leader",) and country is None:
                role = "other"
        else:
            role = "official"
            if _NOT_LEADER_PRE.search(pre) and _LEADER_TITLE.fullmatch(title):
                role = "official"
        if ORG_BEFORE_TITLE.search(between) or ORG_BEFORE_TITLE.search(sentence[max(0, m.start() - 30):m.start()]):
            if role != "legislator":
                role = "other"
        if _HOUSE_BEFORE.search(between):
            role = "legislator"
        known = PEOPLE.get(name)
        if overlaps(ns, ne):
            # known person: upgrade role from the title, keep the known name
            for pm in out:
                if pm.start < ne and ns < pm.end and role in ("leader",) and pm.role != "leader" and \
                        not _NOT_HEAD_NOW.search(sentence, max(0, pm.start - 50), pm.start):
                    pm.role = "leader"
            continue
        if known:
            country = country or known.country
        elif country is None and role == "leader":
            by_surname = SURNAMES.get(name.split()[-1])  # "President Trump": the surname names the country
            if by_surname is not None and by_surname.role == "leader":
                country = by_surname.country
        out.append(PersonMention(ns, ne, name, country, role))
        taken.append((ns, ne))

    appos = ()
    if titles and "," in sentence:
        appos = (_APPOS_RE, _TITLE_NAME_APPOS) if ("the minister" in sentence or "the secretary" in sentence or
                                                  "the representative" in sentence) else (_APPOS_RE,)
    for rx in appos:
        for m in rx.finditer(sentence):
            name = _clean_name(m.group("name"))
            if not name or name.split()[0] in NOT_NAMES or len(name.split()) < 2:
                continue
            ns = m.start("name") + m.group("name").find(name)
            ne = ns + len(name)
            if overlaps(ns, ne):
                continue
            title = m.group("title")
            role = "leader" if _LEADER_TITLE.fullmatch(title) and "leader" not in title.lower() else "official"
            if ORG_BEFORE_TITLE.search(sentence[m.end("name"):m.start("title")]):
                role = "other"
            country = None
            for c in countries:
                if m.end("name") <= c.start < m.start("title") + len(title):
                    country = c.country
            out.append(PersonMention(ns, ne, name, country, role))
            taken.append((ns, ne))
    out.sort(key=lambda p: p.start)
    # counterparts take the role of the other person in the sentence
    for p in out:
        if p.role == "counterpart":
            others = [q.role for q in out if q is not p and q.role in ("leader", "official")]
            p.role = others[0] if others else "official"
    return out


def find_surnames(sentence: str, registry: dict[str, PersonMention], known: list[PersonMention]) -> list[PersonMention]:
    """Bare surnames of people already introduced in the article ("Hata said")."""
    out: list[PersonMention] = []
    toks = _CAP_TOKEN.findall(sentence)
    # "the Trump-Juncker meeting": two surnames joined by a hyphen are two people
    parts = [p for t in toks if "-" in t for p in t.split("-")]
    if registry.keys().isdisjoint(toks) and SURNAMES.keys().isdisjoint(toks) and \
            (not parts or (registry.keys().isdisjoint(parts) and SURNAMES.keys().isdisjoint(parts))):
        return out
    for m in _CAP_TOKEN.finditer(sentence):
        tok = m.group(0)
        spans = [(tok, m.start(), m.end())]
        if "-" in tok and tok not in registry and tok not in SURNAMES:
            first, second = tok.split("-", 1)
            if (first in registry or first in SURNAMES) and (second in registry or second in SURNAMES):
                spans = [(first, m.start(), m.start() + len(first)), (second, m.end() - len(second), m.end())]
        for name, start, end in spans:
            if name not in registry and name not in SURNAMES:  # most capitalised words: no need to test the spans
                continue
            if any(k.start <= start < k.end for k in known):
                continue
            p = registry.get(name)
            if p is None:
                sp = SURNAMES.get(name)
                if sp is None:
                    continue
                p = PersonMention(0, 0, sp.name, sp.country, sp.role)
            out.append(PersonMention(start, end, p.name, p.country, p.role))
    return out

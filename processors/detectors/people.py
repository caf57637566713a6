"""People in a sentence: known names, and anybody introduced by a title.

"French Prime Minister Jacques Chirac" -> leader of France; "U.S. Trade
Representative Clayton Yeutter" -> official of the US; "his North Korean
counterpart Li Gun-mo" -> same role as the person he is the counterpart of;
"World Bank President Barber Conable" -> not a government person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import (ADJECTIVES, ALIAS_TO_COUNTRY, LEADER_TITLE, NAME, NOT_NAMES,
                        OFFICIAL_TITLE, ORG_BEFORE_TITLE, PEOPLE, SURNAMES, Mention, names_regex)

_TITLE_QUICK = re.compile(r"President|Minister|minister|Premier|Chancellor|King|Queen|Emperor|Sultan|Emir|Secretary|"
                          r"secretary|Representative|representative|Commissioner|commissioner|Ambassador|ambassador|"
                          r"Envoy|envoy|[Nn]egotiator|[Ll]eader|Taoiseach|Shah|Prince|Senator|Sens?\.|Reps?\.|"
                          r"Congress|Speaker|MP|[Cc]ounterpart|official|Official|Governor")


# The same words as plain lower-case substrings: `in` tests are several times faster than the regex.
_TITLE_WORDS = ("president", "minister", "premier", "chancellor", "king", "queen", "emperor", "sultan", "emir",
                "secretary", "representative", "commissioner", "ambassador", "envoy", "negotiator", "leader",
                "taoiseach", "shah", "prince", "senator", "sen.", "rep.", "congress", "speaker", "counterpart",
                "official", "governor")


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
_LEGISLATOR = r"(?:Senators?|Sens?\.|Reps?\.|Congressm[ae]n|Congresswom[ae]n|Speaker|[Mm]ajority\s+[Ll]eader|[Mm]inority\s+[Ll]eader|MPs?)"
# A match starts with a capital or with one of the lower-case title words: the
# look-ahead lets the engine reject every other position after a few tests.
_TITLE_START = ("(?=[A-Z]|m(?:ajority|inority|inister)|secretary|co(?:unterpart|mmissioner)|ambassador|envoy|"
                "negotiator|official|leader)")
_TITLE_RE = re.compile(
    _TITLE_START + rf"(?P<title>(?:{_LEGISLATOR})|(?:[Cc]ounterpart)|(?:{OFFICIAL_TITLE})|(?:{LEADER_TITLE}))"
    rf",?\s+(?P<name>{NAME})")
# Without any lower-case title word in the sentence every match starts with a
# capital: the same regex led by [A-Z] lets the engine skip ahead (5x faster).
_LOWER_TITLES = ("minister", "secretary", "commissioner", "ambassador", "envoy", "official", "negotiator",
                 "counterpart", "leader", "majority", "minority", "representative")
_TITLE_RE_CAP = re.compile(_TITLE_RE.pattern.replace(_TITLE_START, "(?=[A-Z])", 1))
assert _TITLE_RE_CAP.pattern != _TITLE_RE.pattern
_APPOS_RE = re.compile(
    rf"(?=[A-Z])(?P<name>{NAME}),\s+(?:the\s+|a\s+|an\s+)?(?:(?:[A-Z][\w.]*|and)\s+){{0,4}}?"
    rf"(?P<title>(?:{OFFICIAL_TITLE})|(?:{LEADER_TITLE}))\b")
_TITLE_NAME_APPOS = re.compile(
    rf"\bthe\s+(?P<title>minister|secretary|representative)\s+(?:of|for)\s+[a-z][a-z ]+?,\s+(?P<name>{NAME})\s*,")
_PRE_WORDS = re.compile(r"(?:(?:'s)?\s*)(?:(?:[A-Z][\w.'’-]*|and|of|for|the)\s+){0,4}$")
# a known leader named in another office: an organisation's head ("former" is left alone: a text that calls a
# sitting president "former" would lose his country for every later mention of his surname)
_NOT_HEAD_NOW = re.compile(r"(?:\b(?:NATO|UN|U\.N\.|United\s+Nations|WTO|IMF|OECD|World\s+Bank)(?:'s|’s)?\s+"
                           r"(?:Secretary[- ]General|Director[- ]General|chief|head|Managing\s+Director|President)|"
                           r"\b[Ss]ecretary[- ][Gg]eneral(?:\s+of\s+(?:NATO|the\s+\w+(?:\s+\w+)?))?)[\s,]+$")
_NOT_LEADER_PRE = re.compile(r"(?:Vice|Deputy|Vice-|former|Former|ex-)[\s-]*$")
# (the capital first, then the look-behind over it: a leading character class lets the engine skip ahead)
_CAP_TOKEN = re.compile(r"[A-Z](?<![\w-].)[a-z]+(?:-[A-Za-z][a-z]+)?(?![\w-])")
_EXCLUDE_CHANCELLOR = re.compile(r"Chancellor\s+of\s+the\s+Exchequer")
# Compiled once here rather than looked up in re's cache on every title.
_LEGISLATOR_TITLE = re.compile(_LEGISLATOR + "$")
_LEADER_TITLE = re.compile(LEADER_TITLE)
_HOUSE_BEFORE = re.compile(r"\b(?:House|Senate|Congress|Parliament|Diet)\s*$")


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

"""Whose tariff on whom: the imposer and the target a tariff sentence names (tariff.py's detector reads its
mentions through these; its gates, status and slots stay there).

Plain functions over the shared analysed sentence (`common.Sent`); the patterns are tariff.toml's.
"""

from __future__ import annotations

import re

from newsalert.models import TariffAction

from .common import Doc, Sent
from .gazetteer import INSTITUTIONS, Mention
from .rates import rate_text, rates_in
from .rules import load

_P = load("tariff")

BENEFIT = _P["BENEFIT"]
MAKERS = _P.table("MAKERS")
# a maker a story names this often, or in its title, is what the story is about
STORY_MAKER_MENTIONS = 3
_ABBREVIATION_OPEN = _P["_ABBREVIATION_OPEN"]
_AGENT_AFTER = _P["_AGENT_AFTER"]
_BETWEEN_PARTIES = _P["_BETWEEN_PARTIES"]
_CLAUSE_BREAK = _P["_CLAUSE_BREAK"]
_CLAUSE_MARK = _P["_CLAUSE_MARK"]
_COORD = _P["_COORD"]
_COUNTERPART = _P["_COUNTERPART"]
_DEAL_WITH = _P["_DEAL_WITH"]
_EXCLUDING = _P["_EXCLUDING"]
_EXPORTED_TO = _P["_EXPORTED_TO"]
_EXPORTER_MEASURE = _P["_EXPORTER_MEASURE"]
_FROM_THEN_SUBJECT = _P["_FROM_THEN_SUBJECT"]
_GLOBAL = _P["_GLOBAL"]
_GOODS_FACE = _P["_GOODS_FACE"]
_GOODS_FOR_TARIFF_AFTER = _P["_GOODS_FOR_TARIFF_AFTER"]
_GOODS_FROM_BEFORE = _P["_GOODS_FROM_BEFORE"]
_GOODS_IMPORTED_INTO = _P["_GOODS_IMPORTED_INTO"]
_IMPORTED_FROM = _P["_IMPORTED_FROM"]
_IMPORTED_INTO_BEFORE = _P["_IMPORTED_INTO_BEFORE"]
_IMPORTER_AFTER = _P["_IMPORTER_AFTER"]
_IMPORTS_OF = _P["_IMPORTS_OF"]
_INTO = _P["_INTO"]
_LEAD_ASIDE = _P["_LEAD_ASIDE"]
_LISTED_GOODS_FACE = _P["_LISTED_GOODS_FACE"]
_LISTED_RATE_GAP = _P["_LISTED_RATE_GAP"]
_LISTED_RATE_SEP = _P["_LISTED_RATE_SEP"]
_MAKER_NAME = _P["_MAKER_NAME"]
_NAMED_AMONG = _P["_NAMED_AMONG"]
_ON_A_DAY = _P["_ON_A_DAY"]
_ON_BEFORE_IMPORTER = _P["_ON_BEFORE_IMPORTER"]
_ON_ITS_GOODS = _P["_ON_ITS_GOODS"]
_OFFER_FOR_TALKS = _P["_OFFER_FOR_TALKS"]
_OFFER_TO_CUT = _P["_OFFER_TO_CUT"]
_ON_MAKER = _P["_ON_MAKER"]
_OPENING_PURPOSE = _P["_OPENING_PURPOSE"]
_ORIGINATING_IN = _P["_ORIGINATING_IN"]
_ORIGIN_LIST_THEN = _P["_ORIGIN_LIST_THEN"]
_ORIGIN_NOUN = _P["_ORIGIN_NOUN"]
_OWNER_GAP = _P["_OWNER_GAP"]
_PARTICIPLE = _P["_PARTICIPLE"]
_PRONOUN_SUBJECT = _P["_PRONOUN_SUBJECT"]
_RATE_NOUN = _P["_RATE_NOUN"]
_SAID_AFTER = _P["_SAID_AFTER"]
_SELLERS_AFTER = _P["_SELLERS_AFTER"]
_SHIPPED_TO = _P["_SHIPPED_TO"]
_SPARED_AFTER = _P["_SPARED_AFTER"]
_SUBJECT_OF_VERB = _P["_SUBJECT_OF_VERB"]
_TARGET_OBJ = _P["_TARGET_OBJ"]
_THAT_FACES = _P["_THAT_FACES"]
_THEN_FACES = _P["_THEN_FACES"]
_THREAT_OBJ = _P["_THREAT_OBJ"]
_WHICH_SUBJECT = _P["_WHICH_SUBJECT"]
_WHO_SUBJECT = _P["_WHO_SUBJECT"]


def _agent(s: Sent, pos: int) -> str | None:
    """The country of the agent of a passive after the tariff word, or of the importer it applies in."""
    text = s.text
    for c in s.countries:
        if c.start > pos and c.actor and (_AGENT_AFTER.fullmatch(text, pos, c.start) or
                                          _IMPORTER_AFTER.fullmatch(text, pos, c.start) or
                                          _EXPORTED_TO.fullmatch(text, pos, c.start) or
                                          (_IMPORTS_OF.match(text, c.end) and
                                           _ON_BEFORE_IMPORTER.fullmatch(text, pos, c.start))):
            return c.country
    for p in s.people:
        if p.start > pos and p.country and p.role in ("leader", "official") and _AGENT_AFTER.fullmatch(text, pos, p.start):
            return p.country
    return None


def leader_owner(s: Sent, pos: int) -> str | None:
    """The country of the leader or official whose possessive owns the tariff word at pos ("Trump's 50% tariff",
    "Trump's proposed new round of tariffs"), else None."""
    return next((p.country for p in s.people if p.country and p.role in ("leader", "official") and
                 0 <= pos - p.end <= 40 and s.text.startswith(("'s", "’s"), p.end) and
                 _OWNER_GAP.fullmatch(s.text, p.end, pos)), None)


def _imposer(s: Sent, pos: int, doc: Doc, previous: str | None = None) -> str | None:
    text = s.text
    agent = _agent(s, pos)
    if agent is not None:
        return agent
    # country adjective right before the tariff word: "U.S. tariffs", "EC tariffs"
    for c in s.countries:
        if 0 <= pos - c.end <= 40 and _OWNER_GAP.fullmatch(text, c.end, pos):
            if _possessive(text, c) and _RATE_NOUN.match(text, pos):
                speaker = next((d.country for d in s.countries if d.start > pos and d.country != c.country
                                and _SAID_AFTER.match(text, d.end)), None)
                if speaker is not None:
                    return speaker  # "Japan's 25% tariff rate will be cut to 15%, the White House said": the rate on it
            return c.country
    # "Trump's 50% tariff": the owner is a leader or official
    owner = leader_owner(s, pos)
    if owner is not None:
        return owner
    # "a swift response from China, imposing 34% tariffs": the country the participle is said of
    for c in s.countries:
        part = _PARTICIPLE.match(text, c.end)
        if part is not None and 0 <= pos - part.end() <= 40:
            return c.country
    # a relative clause said of a country: "a trade deal with the United States, which will keep a 10% tariff"
    for c in s.countries:
        if c.start >= pos:
            break
        rel = _WHICH_SUBJECT.match(text, c.end)
        if c.actor and rel is not None and rel.end() <= pos and not _CLAUSE_MARK.search(text, rel.end(), pos):
            return c.country
    # a relative clause said of a leader or official: "since Biden took over from Donald Trump, who imposed tariffs
    # on the EU" (not the sentence's subject, "The US and the EU have taken a conciliatory stance")
    for p in s.people:
        if p.start >= pos:
            break
        rel = _WHO_SUBJECT.match(text, p.end)
        if p.country and p.role in ("leader", "official") and rel is not None and rel.end() <= pos and \
                not _CLAUSE_MARK.search(text, rel.end(), pos):
            return p.country
    # subject side: the last actor country before the trigger that is not an object
    subj = None
    origins: set[str] = set()  # countries named as the goods' origin before the trigger ("Indian goods will face")
    object_before: Mention | None = None  # the last country read as the goods' origin (its list's later items too)
    for c in s.countries:
        if c.start >= pos:
            break
        if object_before is not None and _coordinated(text, object_before, c):
            object_before = c
            continue  # "goods originating in India, South Korea, ... and Sri Lanka will have tariffs reduced"
        before = text[max(0, c.start - 30):c.start]
        obj = _TARGET_OBJ.search(before)
        if obj and not re.search(r"\b(?:said|says)\b", text[c.end:pos]) \
                and not (obj.group(0).lower().startswith("to") and _SUBJECT_OF_VERB.match(text, c.end)):
            if _ORIGINATING_IN.search(before):
                object_before = c
            continue  # (goods "from the US will face tariffs": the origin of goods, whatever verb follows)
        if _THREAT_OBJ.search(before):
            continue
        if _BETWEEN_PARTIES.search(text, max(0, c.start - 40), c.start):
            continue
        if _COUNTERPART.search(text, max(0, c.start - 40), c.start):
            continue  # "The U.S. reached a deal with Indonesia that sets tariffs": the other side of the deal
        if not c.actor:
            continue
        if _SPARED_AFTER.match(text, c.end):
            origins.add(c.country)  # "countries like Russia and Cuba are exempt": spared targets, not the imposer
            continue
        if _IMPORTED_INTO_BEFORE.search(text, max(0, c.start - 30), c.start) and _THEN_FACES.fullmatch(text, c.end, pos):
            return c.country  # "US aircraft imported to Europe will face tariffs of 15%": the importer's tariff
        if _ORIGIN_NOUN.match(text, c.end) or _GOODS_FACE.fullmatch(text, c.end, pos):
            origins.add(c.country)  # (also "Switzerland was hit with a 39% tariff": the target, not the imposer)
            continue
        if BENEFIT.match(text, c.end):
            continue  # "Argentina will benefit from lower duties": the target, not the imposer
        subj = c.country
    if subj:
        return subj
    for p in s.people:
        if p.start < pos and p.country and p.role in ("leader", "official"):
            return p.country
    # the goods' country after the tariff word ("tariffs on Japanese goods") is the target, never the imposer
    goods_of = {c.country for c in s.countries if c.start > pos and _TARGET_OBJ.search(text[max(0, c.start - 40):c.start])
                and c.text not in INSTITUTIONS  # ("an official from the Customs Tariff Commission": no goods' origin)
                and not _INTO.search(text, max(0, c.start - 40), c.start)
                and not _ON_A_DAY.search(text, max(0, c.start - 40), c.start)}  # (not "on March 8 at White House")
    # a passive or agent phrase: "tariffs ... according to an order signed by President Trump"
    for p in s.people:
        if p.start > pos and p.country and p.role in ("leader", "official") and p.country not in goods_of:
            return p.country
    goods_of |= origins
    # "Indian goods will face an additional 25% tariff, the White House said": the government that says so
    for c in s.countries:
        if c.start > pos and c.actor and c.country not in goods_of and _SAID_AFTER.match(text, c.end):
            return c.country
    # "Scotch whisky exported to the United States is to face a tariff of 25%": the country the goods go to
    if not _EXPORTER_MEASURE.match(text, pos):  # (a surcharge or tax on exports is the exporter's own measure)
        for c in s.countries:
            if c.actor and _SHIPPED_TO.search(text, max(0, c.start - 30), c.start):
                return c.country
    # "the government", "the cabinet", "tariffs would be cut": the story's government
    if previous and previous not in goods_of:
        return previous
    # (never a country whose goods the sentence taxes: "The 25% tariffs on Canadian and Mexican goods took effect,
    # along with a doubling of duties on Chinese goods")
    taxed = goods_of | {c.country for c in s.countries if _TARGET_OBJ.search(text, max(0, c.start - 40), c.start)
                        and not _ON_A_DAY.search(text, max(0, c.start - 40), c.start)}
    for c in doc.main_countries(3):
        if c not in taxed:
            return c
    # "WASHINGTON, June 8 - The administration will lift ...": the government of the capital it is datelined in
    if (home := doc.dateline_country) is not None and home not in goods_of:
        return home
    # "President Trump's orders: ... Announced a 25% tariff on Canada": the leader the article is about
    for person in doc.people.values():
        if person.role == "leader" and person.country and person.country not in goods_of:
            return person.country
    return None


def _excluded_target(s: Sent, after: int, imposer: str | None) -> str | None:
    """The country a measure is said not to cover, right after the tariff word ("most tariffs, excluding those
    on Chinese goods"): its tariff stays as it is."""
    for c in s.countries:
        if c.start < after or c.start - after > 60:
            continue
        if c.country != imposer and _EXCLUDING.search(s.text, after, c.start):
            return c.country
    return None


def story_maker_target(event: TariffAction, title: str, text: str) -> str | None:
    """The target of a tariff that names no country in a story about a maker: the maker's home ("the US imposed
    a 300% duty on the C-Series" in a story about Bombardier: Canada). Only for a tariff with a rate or goods,
    none said of all imports, and one maker's home other than the imposer's own (makers of two homes: None)."""
    if event.target is not None or not (event.rate or event.goods):
        return None
    said = " ".join(event.evidence) + " " + (event.goods or "")
    if _GLOBAL.search(said) or re.search(r"\ball\s+(?:imported|foreign)\b", said, re.I):
        return None  # "tariffs on imported aluminum products" in a story about ZTE: on everyone's
    # a maker the tariff's own sentences name is the one taxed, even in a story about two ("Boeing's complaint
    # led to a 300% duty on Bombardier's jets" in a story about Bombardier and Airbus)
    named = {MAKERS[m.group(1)] for m in _MAKER_NAME.finditer(said)} - {event.imposer}
    if len(named) == 1:
        return named.pop()
    counts: dict[str, int] = {}
    for m in _MAKER_NAME.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    in_title = {m.group(1) for m in _MAKER_NAME.finditer(title)}
    homes: dict[str, int] = {}
    for name, n in counts.items():
        if MAKERS[name] != event.imposer and (name in in_title or n >= STORY_MAKER_MENTIONS):
            homes[MAKERS[name]] = homes.get(MAKERS[name], 0) + n
    if len(homes) == 1:
        return next(iter(homes))
    # a story about two makers is about the one it names at least twice as often (Bombardier, with Airbus its partner)
    ranked = sorted(homes.values(), reverse=True)
    return next(h for h, n in homes.items() if n == ranked[0]) if len(ranked) > 1 and ranked[0] >= 2 * ranked[1] \
        else None


def _possessive(text: str, c) -> bool:  # type: ignore[no-untyped-def]
    """Whether a country mention is possessive ("Japan's"): the mention may or may not take in the "'s"."""
    return text.startswith(("'s", "’s"), c.end) or text[max(0, c.end - 2):c.end] in ("'s", "’s")


def _target(s: Sent, pos: int, imposer: str | None) -> str | None:
    text = s.text
    if _RATE_NOUN.match(text, pos):
        for c in s.countries:  # "Japan's 25% tariff rate will be cut to 15%, the White House said": the rate on Japan
            if c.country != imposer and 0 <= pos - c.end <= 40 and _OWNER_GAP.fullmatch(text, c.end, pos) and \
                    _possessive(text, c):
                return c.country
    for c in s.countries:
        if c.start < pos and c.country != imposer and BENEFIT.match(text, c.end):
            return c.country
        if c.start < pos and c.country != imposer and _GOODS_IMPORTED_INTO.match(text, c.end):
            return c.country  # "US aircraft imported to Europe will face tariffs"
        if c.start < pos and c.country != imposer and _ORIGINATING_IN.search(text, max(0, c.start - 30), c.start) \
                and _ORIGIN_LIST_THEN.fullmatch(text, c.end, pos):
            return c.country  # "goods originating in India, ... and Sri Lanka will have tariffs reduced"
        if c.start < pos and c.country != imposer and _IMPORTED_FROM.search(text, max(0, c.start - 40), c.start) \
                and _FROM_THEN_SUBJECT.fullmatch(text, c.end, pos):
            return c.country
    for c in s.countries:
        if c.country == imposer:
            continue
        if c.start < pos - 5:
            continue
        if c.start > pos and _CLAUSE_BREAK.search(text, pos, c.start):
            break  # "new tariffs on U.S. trading partners, which led to a response from China": another clause
        before = text[max(0, c.start - 40):c.start]
        after = text[c.end:c.end + 40]
        if _TARGET_OBJ.search(before) or _NAMED_AMONG.search(before) or re.match(r"(?:\s+\w+){0,3}?\s+(?:goods|products|imports|exports|"
                                                  r"televisions|cars|steel|computers|semiconductors|chips|"
                                                  r"pasta|wines?|lumber|electronic)", after, re.I):
            return c.country
    for c in s.countries:
        if c.start < pos and c.country != imposer and _THREAT_OBJ.search(text, max(0, c.start - 30), c.start) and \
                pos - c.end < 90 and not _CLAUSE_BREAK.search(text, c.end, pos):
            return c.country
        if c.start < pos and c.country != imposer and _GOODS_FACE.fullmatch(text, c.end, pos):
            return c.country  # "Brazil's goods will face a 50% tariff"
        if c.start < pos and c.country != imposer and _GOODS_FOR_TARIFF_AFTER.fullmatch(text, c.end, pos):
            return c.country  # "to identify $200 billion worth of Chinese goods for additional tariffs"
        if c.start < pos and c.country != imposer and pos - c.end < 160 and \
                (_LISTED_GOODS_FACE.fullmatch(text, c.end, pos) or (
                    _GOODS_FROM_BEFORE.search(text, max(0, c.start - 40), c.start) and
                    _THAT_FACES.fullmatch(text, c.end, pos))):
            return c.country  # "a list of U.S. imports worth 95 billion euros that could face countermeasures"
    if _ON_ITS_GOODS.match(text, pos):
        for c in s.countries:  # "a deal with Indonesia that sets tariffs on its goods at 19%": the counterpart's goods
            if c.country != imposer and _COUNTERPART.search(text, max(0, c.start - 40), c.start):
                return c.country
        # else the subject's goods: "South Korea agreed to invest ... in exchange for a 15% tariff on its goods"
        first = next((c for c in s.countries if c.actor and c.start < pos), None)
        if first is not None and first.country != imposer and first.start < 3:
            return first.country
    maker = _ON_MAKER.match(text, pos, min(len(text), pos + 140)) if any(m in text for m in MAKERS) else None
    if maker and MAKERS[maker.group(1)] != imposer:
        return MAKERS[maker.group(1)]
    for c in s.countries:  # "Brazilian exporters ... will have to pay a duty", "U.S. corn imports are injuring ..."
        if c.start < pos and c.country != imposer and _SELLERS_AFTER.match(text, c.end):
            return c.country
    return None


def _coordinated(text: str, prev: Mention, cur: Mention) -> bool:
    """Whether two country mentions are items of one list ("Japan, South Korea and Brazil"); a name's own
    abbreviation in brackets is part of its item ("the European Union (EU), Canada and Mexico")."""
    if cur.country == prev.country and _ABBREVIATION_OPEN.fullmatch(text, prev.end, cur.start):
        return True
    start = prev.end + (text[prev.end:prev.end + 1] == ")")
    return cur.start - start <= 12 and _COORD.fullmatch(text, start, cur.start) is not None


def _co_targets(s: Sent, target: str, imposer: str | None) -> list[str]:
    """Countries coordinated with the target ("goods from Japan and South
    Korea"): each is a tariff of its own."""
    out: list[str] = []
    prev = None
    for c in s.countries:
        if prev is None:
            if c.country == target:
                prev = c
            continue
        if not _coordinated(s.text, prev, c):
            break
        if c.country != imposer and c.country != target and c.country not in out and c.actor:
            out.append(c.country)
        prev = c
    return out


def _listed_targets(s: Sent, after: int, imposer: str | None, taken: set[str]) -> list[tuple[str, str]]:
    """(rate, target) of each later rate said of its own countries in the sentence ("tariffs of 25% on Japan and
    South Korea and 50% on Brazil"): a measure per country (LABELING.md), at that rate."""
    out: list[tuple[str, str]] = []
    text = s.text
    for r in rates_in(text):
        if r.start() < after or not _LISTED_RATE_SEP.search(text, max(0, r.start() - 24), r.start()):
            continue
        first = next((c for c in s.countries if c.start >= r.end()), None)
        if first is None or not _LISTED_RATE_GAP.fullmatch(text, r.end(), first.start):
            continue
        group = [first]
        for c in s.countries:
            if c.start > group[-1].end and _coordinated(text, group[-1], c):
                group.append(c)
        for c in group:
            if c.actor and c.country != imposer and c.country not in taken:
                taken.add(c.country)
                out.append((rate_text(r), c.country))
    return out


def _told_subject(s: Sent, doc: Doc) -> str | None:
    """The country a sentence opening with "It" or "They" speaks of: the one the sentence before opens with ("China on
    Wednesday hit back ... with its own tariff plan. It unveiled a list of products imported from the United States")."""
    if s.i == 0 or not _PRONOUN_SUBJECT.match(s.text):
        return None
    before = doc.sents[s.i - 1]
    # (after an opening purpose: "To safeguard its interests and the multilateral trading system, China was forced")
    lead = _OPENING_PURPOSE.match(before.text) or _LEAD_ASIDE.match(before.text)
    opening = lead.end() if lead is not None else 0
    first = next((c for c in before.countries if c.start >= opening), None)
    return first.country if first is not None and first.actor and first.start <= opening + 4 else None


def _offered_to(s: Sent, doc: Doc, after: int, imposer: str | None) -> str | None:
    """The target of a tariff offered "as a basis for trade talks" right after its tariff words (`after`): the
    government whose leader or official tells of the offer ("Rollins noted that countries like Taiwan have already
    proposed zero tariffs as a basis for trade talks"); an official the sentence gives no country speaks for the
    story's government; of an offer to cut tariffs, the other side of the agreement it is for. None when the tariff
    is no such offer."""
    if not _OFFER_FOR_TALKS.match(s.text, after):
        # an offer to cut, with the other side of the deal it is for: "expressed readiness to eliminate tariffs on
        # certain products but warned of countermeasures if no agreement is reached with the U.S."
        if not _OFFER_TO_CUT.search(s.text, max(0, after - 80), after):
            return None
        return next((c.country for c in s.countries if c.start > after and c.country != imposer and
                     _DEAL_WITH.search(s.text, max(0, c.start - 50), c.start)), None)
    tellers = [p.country or doc.main_country for p in s.people if p.role in ("leader", "official")]
    return next((c for c in tellers if c and c != imposer), None)

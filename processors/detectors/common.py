"""The analysed article every detector works from (computed once per article).

`analyse(article)` splits sentences, finds countries, people and date phrases
per sentence, and builds article-level context: the main countries and a
registry of people introduced with a title, so that later bare surnames
("Hata said") resolve to them. The last result is cached, so the five
detectors run on one analysis when called in a row by `detect_events`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from newsalert.models import Article

from .dates import DatePhrase, find_dates, resolve
from .gazetteer import BLOCS, CITY_COUNTRY, SURNAMES, Mention, find_countries
from .people import PersonMention, find_people, find_surnames
from .sentences import normalise, split_sentences


_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


@dataclass(slots=True)
class Sent:
    i: int
    text: str
    countries: list[Mention]
    people: list[PersonMention]
    _dates: tuple[DatePhrase, ...] | None = None

    @property
    def dates(self) -> tuple[DatePhrase, ...]:
        if self._dates is None:
            self._dates = find_dates(self.text)
        return self._dates

    def country_set(self, actors_only: bool = True, no_places: bool = False) -> list[str]:
        out: list[str] = []
        for c in self.countries:
            if no_places and _PLACE_BEFORE.search(self.text, max(0, c.start - 12), c.start):
                continue
            if (c.actor or not actors_only) and c.country not in out:
                out.append(c.country)
        return out


@dataclass(slots=True)
class Doc:
    article: Article
    published: date
    title: str
    sents: list[Sent]
    country_counts: Counter = field(default_factory=Counter)
    people: dict[str, PersonMention] = field(default_factory=dict)  # full name -> mention
    mentions_eu: bool = False

    @property
    def main_country(self) -> str | None:
        for c, _ in self.country_counts.most_common():
            return c
        return None

    def main_countries(self, n: int = 2) -> list[str]:
        return [c for c, _ in self.country_counts.most_common(n)]

    def resolve_date(self, phrase: str, future: bool = True) -> str | None:
        return resolve(phrase, self.published, future)


_TITLE_CASE_FIX = re.compile(r"\bU\.s\.|\bU\.k\.|\bEc\b")


def _title_case(title: str) -> str:
    if title.isupper():
        t = title.title()
        t = _TITLE_CASE_FIX.sub(lambda m: m.group(0).upper(), t)
        return t
    return title


_cache: tuple[int, str, Doc] | None = None


def analyse(article: Article) -> Doc:
    global _cache
    key = hash(article.text)
    if _cache is not None and _cache[0] == key and _cache[1] == article.id:
        return _cache[2]
    text = normalise(article.text)
    raw = split_sentences(text)
    sents: list[Sent] = []
    registry: dict[str, PersonMention] = {}
    full: dict[str, PersonMention] = {}
    counts: Counter = Counter()
    mentions_eu = False
    for i, s in enumerate(raw):
        cs = find_countries(s)
        if "Community" in s and (mentions_eu or "European" in s):
            # "the Community" in an EC story is the EC
            for m in re.finditer(r"(?<!European )(?<!Economic )\bCommunity\b", s):
                cs.append(Mention(m.start(), m.end(), "Community", "EU", True))
            cs.sort(key=lambda c: c.start)
        if any(c.country == "EU" for c in cs):
            mentions_eu = True
        ps = find_people(s, cs)
        for p in ps:
            if p.role in ("leader", "official", "legislator", "other"):
                prev = full.get(p.name)
                if prev is None or (prev.country is None and p.country):
                    full[p.name] = p
                toks = p.name.split()
                keys = [toks[-1]] + [t for t in toks[:-1] if t in SURNAMES]  # "Xi Jinping" -> "Xi"
                for last in keys:
                    if len(toks) > 1 and (last not in registry or len(p.name) > len(registry[last].name)):
                        registry[last] = p
        ps = ps + find_surnames(s, registry, ps)
        ps.sort(key=lambda p: p.start)
        # people resolved by surname get the longest form of their name
        for p in ps:
            last = p.name.split()[-1]
            r = registry.get(last)
            if r is not None and len(r.name) > len(p.name) and p.name in r.name.split():
                p.name = r.name
                p.country = p.country or r.country
                if r.role == "leader":
                    p.role = "leader"
        for c in cs:
            if c.actor and not _PLACE_BEFORE.search(s, max(0, c.start - 12), c.start):
                counts[c.country] += 1
        if i == 0:
            for c in cs:
                if c.actor:
                    counts[c.country] += 3  # the lead's first country is what the story is about
                    break
        sents.append(Sent(i, s, cs, ps))
    title = _title_case(article.title or "")
    for k, c in enumerate(find_countries(title)):
        counts[c.country] += 3 if k == 0 else 1
    doc = Doc(article, article.published.date(), title, sents, counts, full, mentions_eu)
    _cache = (key, article.id, doc)
    return doc


def location_in(sentence: str) -> str | None:
    """A place named after 'in'/'at'/'to' ("in Kuala Lumpur", "visit to Mexico")."""
    for m in re.finditer(r"(?<!said )(?<!told reporters )(?<!speaking )\b(?:in|at|to|from|here in|visit(?:ing|s)?|arriv\w+ in|leaves? for|left for|"
                         r"heads? (?:to|for))\s+(?:the\s+)?([A-Z][\w.'-]*(?:\s+(?:de(?:l)?\s+)?[A-Z][\w'-]*){0,2})",
                         sentence):
        cand = m.group(1)
        while cand:
            if cand in CITY_COUNTRY:
                return cand
            if " " not in cand:
                break
            cand = cand.rsplit(" ", 1)[0]
    return None


def unique(seq):
    out = []
    for x in seq:
        if x and x not in out:
            out.append(x)
    return out


def country_parties(cs: list[str]) -> list[str]:
    return unique(cs)


__all__ = ["Doc", "Sent", "analyse", "location_in", "unique", "BLOCS"]

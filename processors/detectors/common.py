"""The analysed article every detector works from (computed once per article).

`analyse(article)` splits sentences, finds countries, people and date phrases
per sentence, and builds article-level context: the main countries and a
registry of people introduced with a title, so that later bare surnames
("Hata said") resolve to them. The last result is cached, so the five
detectors run on one analysis when called in a row by `detect_events`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from newsalert.models import Article

from .dates import DatePhrase, find_dates, resolve
from .gazetteer import BLOCS, CITY_COUNTRY, SURNAMES, Mention, dateline_country, find_countries
from .people import PersonMention, find_people, find_surnames
from .sentences import normalise, split_sentences


# "in Geneva", "at the residence of Switzerland's ambassador": where something happens, not who acts
_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:residence|embassy|mission|consulate|villa)"
                           r"\s+of\s+(?:the\s+)?)?$")


def _place_before(text: str, start: int) -> bool:
    """"in Geneva", "at the White House": a place, not an actor."""
    window = text[max(0, start - 45):start]
    if "in" not in window and "at" not in window:
        return False
    return _PLACE_BEFORE.search(window) is not None


@dataclass(slots=True)
class Sent:
    i: int
    text: str
    countries: list[Mention]
    people: list[PersonMention]
    low: str = ""
    _dates: tuple[DatePhrase, ...] | None = None

    @property
    def dates(self) -> tuple[DatePhrase, ...]:
        if self._dates is None:
            self._dates = find_dates(self.text)
        return self._dates

    def country_set(self, actors_only: bool = True, no_places: bool = False) -> list[str]:
        out: list[str] = []
        for c in self.countries:
            if no_places and _place_before(self.text, c.start):
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
    low: str = ""  # the whole normalised text, lower case (for cheap trigger-word prefilters)
    starts: list[int] = field(default_factory=list)  # offset of each sentence in `low`
    _hits: dict = field(default_factory=dict)

    def sentences_with(self, words: tuple[str, ...]) -> set[int]:
        """Indices of the sentences containing any of the lower-case words: one
        regex pass over the whole text instead of a test per sentence (cached)."""
        hit = self._hits.get(words)
        if hit is None:
            if self.starts:
                # one search per word, shared by the detectors ("talks", "met", ... are triggers of two)
                hit = set()
                for w in words:
                    one = self._hits.get(w)
                    if one is None:
                        one = self._hits[w] = _hits(self.low, self.starts, (w,))
                    hit |= one
            else:
                hit = {s.i for s in self.sents if has_any(s.low, words)}
            self._hits[words] = hit
        return hit

    def trigger_sentences(self, words: tuple[str, ...]) -> list:
        """The sentences containing any of the words, in order (empty: the detector has nothing to do)."""
        hits = self.sentences_with(words)
        return [s for s in self.sents if s.i in hits] if hits else []

    @property
    def main_country(self) -> str | None:
        for c, _ in self.country_counts.most_common():
            return c
        return None

    def main_countries(self, n: int = 2) -> list[str]:
        return [c for c, _ in self.country_counts.most_common(n)]

    @property
    def dateline_country(self) -> str | None:
        """The country of the capital the story is datelined in ("WASHINGTON, June 8 - ")."""
        return dateline_country(self.sents[0].text) if self.sents else None

    def resolve_date(self, phrase: str, future: bool = True) -> str | None:
        return resolve(phrase, self.published, future)


_TITLE_CASE_FIX = re.compile(r"\bU\.s\.|\bU\.k\.|\bEc\b")


def _title_case(title: str) -> str:
    if title.isupper():
        t = title.title()
        t = _TITLE_CASE_FIX.sub(lambda m: m.group(0).upper(), t)
        return t
    return title


def _offsets(text: str, low: str, raw: list[str]) -> list[int]:
    """Offset of each sentence in the text ([] when they cannot be used on `low`)."""
    if len(low) != len(text):  # lower-casing changed the length of some rare letter
        return []
    starts: list[int] = []
    pos = 0
    for sent in raw:
        k = text.find(sent, pos)
        if k < 0:
            return []
        starts.append(k)
        pos = k + len(sent)
    return starts


def _hits(low: str, starts: list[int], words) -> set[int]:
    """Indices of the sentences containing any of the words (str.find over the whole text)."""
    hit: set[int] = set()
    n = len(starts)
    for w in words:
        k = low.find(w)
        while k >= 0:
            i = bisect_right(starts, k) - 1
            hit.add(i)
            k = low.find(w, starts[i + 1]) if i + 1 < n else -1
    return hit


# "the Community" written alone (not "European/Economic Community", found as the EU already)
_COMMUNITY = re.compile(r"(?<!European )(?<!Economic )\bCommunity\b")
_cache: tuple[int, str, Doc] | None = None
# News reports their events early; past this the text is not read (a 2 MB upload must not stall the stream).
MAX_DETECT_CHARS = 60_000


def analyse(article: Article) -> Doc:
    global _cache
    key = hash((article.text, article.title))  # (the title is analysed too: an edited headline is another article)
    if _cache is not None and _cache[0] == key and _cache[1] == article.id:
        return _cache[2]
    text = normalise(article.text[:MAX_DETECT_CHARS], article.title)
    raw = split_sentences(text)
    low_text = text.lower()
    starts = _offsets(text, low_text, raw)
    sents: list[Sent] = []
    registry: dict[str, PersonMention] = {}
    full: dict[str, PersonMention] = {}
    counts: Counter = Counter()
    mentions_eu = False
    for i, s in enumerate(raw):
        cs = find_countries(s)
        if "Community" in s and (mentions_eu or "European" in s):
            # "the Community" in an EC story is the EC
            for m in _COMMUNITY.finditer(s):
                cs.append(Mention(m.start(), m.end(), "Community", "EU", True))
            cs.sort(key=lambda c: c.start)
        if not mentions_eu and any(c.country == "EU" for c in cs):  # (once true, it stays true)
            mentions_eu = True
        low = s.lower()
        ps = find_people(s, cs, low)
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
            if c.actor and not _place_before(s, c.start):
                counts[c.country] += 1
        if i == 0:
            for c in cs:
                if c.actor:
                    counts[c.country] += 3  # the lead's first country is what the story is about
                    break
        sents.append(Sent(i, s, cs, ps, low))
    title = _title_case(article.title or "")
    for k, c in enumerate(find_countries(title)):
        counts[c.country] += 3 if k == 0 else 1
    doc = Doc(article, article.published.date(), title, sents, counts, full, mentions_eu, low_text, starts)
    _cache = (key, article.id, doc)
    return doc


_LOCATION = re.compile(
    r"(?<!said )(?<!told reporters )(?<!speaking )\b(?:in|at|to|from|here in|visit(?:ed|ing|s)?|arriv\w+ in|leaves? for|left for|"
    r"heads? (?:to|for))\s+(?:the\s+)?([A-Z][\w.'-]*(?:\s+(?:de(?:l)?\s+)?[A-Z][\w'-]*){0,2})")


def location_in(sentence: str) -> str | None:
    """A place named after 'in'/'at'/'to' ("in Kuala Lumpur", "visit to Mexico")."""
    for m in _LOCATION.finditer(sentence):
        cand = m.group(1)
        while cand:
            if cand in CITY_COUNTRY:
                return cand
            if cand.endswith(".") and cand[:-1] in CITY_COUNTRY:  # "in Ottawa." at the end of a sentence
                return cand[:-1]
            if " " not in cand:
                break
            cand = cand.rsplit(" ", 1)[0]
    return None


def has_any(low: str, words: tuple[str, ...]) -> bool:
    """Cheap prefilter: does the lower-cased text contain any of these substrings?"""
    for w in words:
        if w in low:
            return True
    return False


def unique(seq):
    out = []
    for x in seq:
        if x and x not in out:
            out.append(x)
    return out


def country_parties(cs: list[str]) -> list[str]:
    return unique(cs)


__all__ = ["Doc", "Sent", "analyse", "has_any", "location_in", "unique", "BLOCS"]

"""Sentence splitting for news text, including wire copy with hard line breaks.

Reuters-style text breaks lines inside sentences, writes "U.S." and "U.K."
(and often capitalises the following word: "U.S. Officials"), and uses many
abbreviations; we join lines first, then split on sentence punctuation that is
not an abbreviation.
"""

from __future__ import annotations

import re

# Two or more blanks, or a lone tab / no-break space (written to start with a
# character class, which lets the engine skip ahead over the text in C).
_SPACES = re.compile(r"[ \t\u00a0](?:[ \t\u00a0]+|(?<=[\t\u00a0]))")
_NOT_TOKEN = re.compile(r"[\s(\"“]")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_TRAILER = re.compile(r"\s*\b(?:REUTER|Reuter|reuter)\s*$")
_PAREN_FIRST = re.compile(r"\(([A-Z][a-z]+)\)\s+(?=[A-Z])")  # "Minister (Brian) Mulroney"
_CANDIDATE = re.compile(r"([.!?])([\"'”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")

_NAME_SAID = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:said|says|told|added)\b")
_ABBREV = frozenset("""
mr mrs ms dr st sen sens rep reps gov gen lt col capt cmdr adm co corp inc ltd jr sr no nos vs
jan feb mar apr jun jul aug sep sept oct nov dec mt ft messrs prof rev dept est approx fig
u.s u.k u.n u.s.a e.g i.e a.m p.m d.c u.s.s.r n.v s.a plc bhd pty
""".split())
# After "U.S." a real sentence starts only with words like these.
_STARTERS = frozenset("""
The He She It They We I But And This That These Those There In Its His Her Their A An
However Meanwhile Vice Officials Analysts Earlier Later Last On At Under While When If As
""".split())


# Paragraph separator: where normalise keeps a hard boundary between blocks of text.
BLOCK = "\u2029"
_BLOCK_BREAK = re.compile(r"[ \t\r]*\n[ \t\r]*\n\s*|[ \t\r]*\n(?=[ \t]*(?:[-*\u2022]|\d{1,2}[.)])\s)")
_BULLET = re.compile(r"^(?:[-*\u2022]|\d{1,2}[.)])\s+")


def normalise(text: str) -> str:
    """Join hard line breaks, squeeze spaces, drop the wire trailer."""
    text = text.strip()
    if "\n" in text:
        # a blank line or a list item ("- **Tariffs**: ...") ends a sentence even without a period
        text = _BLOCK_BREAK.sub(BLOCK, text)
        text = " ".join(line.strip(" \t\r") for line in text.split("\n"))
        text = text.replace(" " + BLOCK, BLOCK).replace(BLOCK + " ", BLOCK)
    text = _SPACES.sub(" ", text)
    if "eut" in text[-12:].lower():  # the trailer regex only where it can match
        cut = max(0, len(text) - 40)
        text = text[:cut] + _TRAILER.sub("", text[cut:])
    if "(" in text:
        text = _PAREN_FIRST.sub(r"\1 ", text)
    return text


# No real sentence is this long (the dev corpus tops out under 1,000 characters); an unpunctuated
# page of headlines or a garbage upload is cut into pieces so no pattern scans it whole.
MAX_SENTENCE_CHARS = 1_500


def _bounded(sentence: str) -> list[str]:
    """The sentence, or pieces of at most MAX_SENTENCE_CHARS cut at spaces."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence]
    pieces = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > MAX_SENTENCE_CHARS // 2 else MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    if sentence:
        pieces.append(sentence)
    return [p for p in pieces if p]


def split_sentences(text: str) -> list[str]:
    """Split already-normalised or raw text into sentences (paragraphs and list items apart)."""
    if "\n" in text or "  " in text:
        text = normalise(text)
    if BLOCK in text:
        return [s for block in text.split(BLOCK) for s in _split_block(block)]
    return _split_block(text)


def _split_block(text: str) -> list[str]:
    bullet = _BULLET.match(text)
    if bullet:
        text = text[bullet.end():]
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end(2)
        if m.group(1) == ".":
            # the token before the period
            p = m.start(1)
            token = text[text.rfind(" ", 0, p) + 1:p]  # usually the token after the last space
            if _NOT_TOKEN.search(token):  # another blank or an opening bracket/quote in it
                i = p - 1
                while i >= 0 and not text[i].isspace() and text[i] not in "(\"“":
                    i -= 1
                token = text[i + 1:p]
            low = token.lower().rstrip(".")
            if low in _ABBREV or (len(token) == 1 and token.isupper()):
                if low in ("u.s", "u.k", "u.n", "u.s.s.r", "d.c", "co", "inc", "ltd", "corp", "plc"):
                    nxt = text[m.end():m.end() + 20].split(" ", 1)[0].strip("\"“(")
                    if nxt not in _STARTERS and not _NAME_SAID.match(text, m.end()):
                        continue
                else:
                    continue
            if len(token) > 2 and token[1] == "." and _INITIALS.fullmatch(token + "."):  # initials like "P.W."
                nxt = text[m.end():m.end() + 20].split(" ", 1)[0]
                if nxt not in _STARTERS and not _NAME_SAID.match(text, m.end()):
                    continue
        sent = text[start:end].strip()
        if sent:
            out.extend(_bounded(sent))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.extend(_bounded(tail))
    return out

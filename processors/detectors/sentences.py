"""Sentence splitting for news text, including wire copy with hard line breaks.

Reuters-style text breaks lines inside sentences, writes "U.S." and "U.K."
(and often capitalises the following word: "U.S. Officials"), and uses many
abbreviations; we join lines first, then split on sentence punctuation that is
not an abbreviation.
"""

from __future__ import annotations

from .rules import load

# the patterns and word lists, with the why of each: patterns/sentences.toml
_P = load("sentences")

_SPACES = _P["_SPACES"]
_NOT_TOKEN = _P["_NOT_TOKEN"]
_INITIALS = _P["_INITIALS"]
_TRAILER = _P["_TRAILER"]
_PAREN_FIRST = _P["_PAREN_FIRST"]
_CANDIDATE = _P["_CANDIDATE"]
_NAME_SAID = _P["_NAME_SAID"]
_ABBREV = frozenset(_P.words("_ABBREV"))
_STARTERS = frozenset(_P.words("_STARTERS"))


# Paragraph separator: where normalise keeps a hard boundary between blocks of text.
BLOCK = "\u2029"
_BLOCK_BREAK = _P["_BLOCK_BREAK"]
_LINE_BLANKS = " \t\r"  # the blanks before a break that belong to it (_block_breaks)
_BULLET = _P["_BULLET"]


# A line that ends like this may go on on the next line; anything else (a word, a number, a closing
# bracket after a word) ends a headline or a subhead.
_CLOSERS = "\"'”’)]*"
_GOES_ON = tuple(".!?:;,…-–—")
# Wire copy is wrapped at a fixed width: its lines are short and most stop mid-sentence.
WRAP_WIDTH = 90


_CONTINUES = frozenset(_P.words("_CONTINUES"))


def _ends_open(line: str) -> bool:
    """True when the line has no final punctuation (a headline, or a wrapped line of wire copy)."""
    stripped = line.rstrip(" \t\r").rstrip(_CLOSERS)
    return bool(stripped) and not stripped.endswith(_GOES_ON)


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether the text is wire copy wrapped at a fixed width (line breaks inside sentences).

    Wrapped copy has no line longer than a wrapping width and more than one line, besides the first
    and the last, that stops without punctuation; a text with one paragraph per line has long lines,
    and a short one at most a subhead."""
    # a segment is never longer than its line: only the long lines need splitting
    if max(map(len, lines), default=0) > WRAP_WIDTH and any(
            len(segment) > WRAP_WIDTH for line in lines if len(line) > WRAP_WIDTH for segment in line.split(BLOCK)):
        return False
    open_lines = 0
    for line in lines[1:-1]:
        if _ends_open(line.rpartition(BLOCK)[2]):
            open_lines += 1
            if open_lines >= 2:  # enough: the rest of the text cannot change the answer
                return True
    return False


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _headline_breaks(lines: list[str], title: str | None) -> list[str]:
    """The lines, each one that is a headline or subhead followed by BLOCK.

    A line break after a line without final punctuation ends a sentence when the next line starts a
    new one (a capital, a digit, a quote) and the text is not hard-wrapped wire copy; in wrapped copy
    only a first line that repeats the title does (the other lines break mid-sentence)."""
    wrapped = _hard_wrapped(lines)
    if wrapped and not (title and _same_words(lines[0].split(BLOCK)[-1], title)):
        return lines  # wire copy without its headline: every break is inside a sentence
    marked = list(lines)
    for i, line in enumerate(lines[:1] if wrapped else lines[:-1]):
        following = lines[i + 1].lstrip(" \t\r")
        last = line.split(BLOCK)[-1]  # the paragraph this line ends
        if not following or following[0] == BLOCK or not _ends_open(last):
            continue
        if not (following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘'("):
            continue
        words = last.split()
        if words and words[-1].casefold() in _CONTINUES:
            continue
        if len(words) < 2 and not following[0].isalnum():  # 'Like\n"In brief"?': a word before a quote goes on
            continue
        if not wrapped or (i == 0 and title and _same_words(last, title)):
            marked[i] = line.rstrip(" \t\r") + BLOCK
    return marked


def _block_breaks(text: str) -> str:
    """`text` with every paragraph break (a blank line, or a line break before a list item), and the
    blanks that end the line before it, replaced by BLOCK."""
    out: list[str] = []
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        start = m.start()
        while start > pos and text[start - 1] in _LINE_BLANKS:
            start -= 1
        out.append(text[pos:start])
        out.append(BLOCK)
        pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def normalise(text: str, title: str | None = None) -> str:
    """Join hard line breaks, squeeze spaces, drop the wire trailer; headlines and subheads end a sentence.

    `title`: the article's title, so a wrapped wire text's first line is known as its headline."""
    text = text.strip()
    if "\n" in text:
        # a blank line or a list item ("- **Tariffs**: ...") ends a sentence even without a period
        text = _block_breaks(text)
        text = " ".join(line.strip(" \t\r") for line in _headline_breaks(text.split("\n"), title))
        text = text.replace(" " + BLOCK, BLOCK).replace(BLOCK + " ", BLOCK)
    if "  " in text or "\t" in text or "\u00a0" in text:  # exactly when _SPACES can match (most texts: never)
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
            if "/" in token or "-" in token:  # "Canada/U.S. Bilateral trade", "Japan-U.S. Trade": the country
                last = token.replace("-", "/").rsplit("/", 1)[-1]
                if last.lower() in ("u.s", "u.k"):
                    token = last
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

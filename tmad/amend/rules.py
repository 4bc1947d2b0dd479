"""The rules for applying word instructions, shared by the generator and the interpreter.

These functions *are* the meaning of the word instructions of a schedule; the
generator only writes an instruction after checking, with them, that it has
the intended effect, and the interpreter applies them to the text it reads.

- Quoted words contain curly quotation marks only in balanced pairs (so a
  reader, and :mod:`tmad.amend.interpret`, can tell where a quotation ends); a
  change that cannot be quoted so is made by substituting the whole text.
- Quoted words are matched as **whole words**: an occurrence must begin and end
  at a word boundary of the paragraph (the boundaries of
  :func:`tmad.diff.words.tokenize`), so “in” never matches inside “within” and
  “4.2” never matches inside “4.26”.
- Without an ordinal the quoted words must occur exactly once in the text as it
  stands when the instruction is applied; “the second occurrence of” counts
  whole-word occurrences from the start of the text.
- **Substitute** replaces the quoted words exactly, character for character.
- **Omit** removes the quoted words and one space next to them: the space before
  them, or, when there is none, the space after them.
- **Insert** puts the new words after the anchor words (or at the end of the
  text) separated by one space, except that no space is put before words that
  begin with a closing punctuation mark (``, . ; : ! ? ) ]``); words inserted
  at the beginning are followed by one space.
"""

from __future__ import annotations

import re
from itertools import accumulate

from tmad.diff.words import tokenize
from tmad.errors import TmadError

OPEN = "“"
"""Opening quotation mark."""
CLOSE = "”"
"""Closing quotation mark."""
DASH = "—"
"""The em dash that introduces inserted or substituted text."""

CLOSING_PUNCTUATION = ",.;:!?)]"
"""Inserted words beginning with one of these are not preceded by a space."""

_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip


class AmendmentError(TmadError):
    """A schedule instruction that cannot be applied (or understood) as written."""


def ordinal(number: int) -> str:
    """ "first", "second", … "twentieth", then "21st", "22nd", "23rd", "24th", …"""
    if 1 <= number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = "th"
    if number % 100 not in (11, 12, 13):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def ordinal_value(word: str) -> int:
    """The number an ordinal stands for; AmendmentError when it is not one."""
    if word in _ORDINALS:
        return _ORDINALS.index(word) + 1
    match = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
    if match is None or ordinal(int(match.group(1))) != word:
        raise AmendmentError(f"not an ordinal: {word!r}")
    return int(match.group(1))


ORDINAL_PATTERN = r"(?:[a-z]+|\d+(?:st|nd|rd|th))"
"""A regular expression matching an ordinal word."""


def balanced(text: str) -> bool:
    """Whether every curly quotation mark in the text is closed, and none closed unopened."""
    depth = 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def boundaries(text: str) -> set[int]:
    """The word boundaries of a text: where its tokens begin and end."""
    return {0, *accumulate(len(token) for token in tokenize(text))}


def occurrences(text: str, words: str) -> list[int]:
    """Where the words occur in the text as whole words (start offsets, left to right)."""
    if not words:
        return []
    edges = boundaries(text)
    out = []
    start = text.find(words)
    while start != -1:
        if start in edges and start + len(words) in edges:
            out.append(start)
        start = text.find(words, start + 1)
    return out


def locate(text: str, words: str, nth: int | None = None) -> int:
    """The start of the quoted words: the only occurrence, or the nth (1-based)."""
    found = occurrences(text, words)
    if nth is None:
        if len(found) != 1:
            many = f"{len(found)} times" if found else "nowhere"
            raise AmendmentError(f"{OPEN}{words}{CLOSE} occurs {many} in {OPEN}{text}{CLOSE}")
        return found[0]
    if not 1 <= nth <= len(found):
        raise AmendmentError(
            f"there is no {ordinal(nth)} occurrence of {OPEN}{words}{CLOSE} in {OPEN}{text}{CLOSE}"
        )
    return found[nth - 1]


def substitute(text: str, old: str, new: str, nth: int | None = None) -> str:
    """For the quoted words substitute the new words."""
    start = locate(text, old, nth)
    return text[:start] + new + text[start + len(old) :]


def omit(text: str, words: str, nth: int | None = None) -> str:
    """Omit the quoted words with one space next to them (before, else after)."""
    start = locate(text, words, nth)
    end = start + len(words)
    if start > 0 and text[start - 1] == " ":
        start -= 1
    elif text[end : end + 1] == " ":
        end += 1
    return text[:start] + text[end:]


def _joined(before: str, words: str) -> str:
    if not before or words[:1] in CLOSING_PUNCTUATION:
        return before + words
    return before + " " + words


def insert_after(text: str, anchor: str, words: str, nth: int | None = None) -> str:
    """After the anchor words insert the new words."""
    end = locate(text, anchor, nth) + len(anchor)
    return _joined(text[:end], words) + text[end:]


def insert_at_beginning(text: str, words: str) -> str:
    """At the beginning of the text insert the new words."""
    return f"{words} {text}" if text else words


def insert_at_end(text: str, words: str) -> str:
    """At the end of the text insert the new words."""
    return _joined(text, words)


_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(
    r"([#+\-=|~\u2018])|(\d+)([.)])(?=\s|$)|(\()(?=[A-Za-z0-9]{1,8}(?:-\d{1,3})?\)(?:\s|$))"
)
_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~\u2018])")


def escape(text: str, line_start: bool = False) -> str:
    """Text for a Markdown page, read back exactly by :func:`unescape`.

    Markdown's own characters are backslash-escaped; at the start of a line, so
    is anything Markdown would take for a heading, list, table or quotation, an
    opening bracket that would make the text look like a paragraph label, and an
    opening single quotation mark (which marks quoted structure in a quotation).
    """
    out = _MD_ENTITY.sub(r"\\&", _MD_ALWAYS.sub(r"\\\1", text))
    if line_start:
        match = _MD_LINE_START.match(out)
        if match is not None:
            if match.group(1) or match.group(4):
                out = "\\" + out
            else:
                digits = match.group(2)
                out = digits + "\\" + out[len(digits) :]
    return out


def unescape(text: str) -> str:
    """The text a Markdown-escaped string stands for."""
    return _MD_UNESCAPE.sub(r"\1", text)

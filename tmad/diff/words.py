"""Word-level diffs with diff-match-patch on word tokens.

Text is cut into tokens (words, numbers such as 4.26, 34-1503A or 21/08/2020,
paragraph labels such as (c-1), codes such as X5.1, single punctuation marks,
runs of white space); each distinct token is mapped to one
character, as diff-match-patch's line mode does with lines, so the diff can
never split a word. ``Diff_Timeout`` is 0: the default of one second silently
degrades long diffs to "delete everything, insert everything". Semantic
cleanup then merges scattered small edits into readable phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

Op = Literal["equal", "insert", "delete"]

TOKEN = re.compile(
    r"\((?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3}[A-Z]?|[a-z]-\d{1,3}|\d{1,3}-\d{1,3})\)"  # labels: (c-1)
    r"|[A-Z]{1,3}\d+(?:\.\d+)*[A-Z]?(?![\w'’])"  # codes: X5.1, AL5
    r"|\d+(?:[.,:/\-]\d+)*(?:[A-Z]{1,2}(?![\w'’]))?"  # numbers: 4.26, 1,000, 34-1503A, 16:00
    r"|\w+(?:[-'’]\w+)*"  # words, with inner hyphens and apostrophes
    r"|\s+"  # white space
    r"|[^\w\s]",  # one punctuation mark
)

_OPS: dict[int, Op] = {
    diff_match_patch.DIFF_EQUAL: "equal",
    diff_match_patch.DIFF_INSERT: "insert",
    diff_match_patch.DIFF_DELETE: "delete",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text that is equal in both texts, only in the new, or only in the old."""

    op: Op
    """"equal", "insert" or "delete"."""
    text: str
    """The words, with their spacing; always whole tokens."""


def tokenize(text: str) -> list[str]:
    """Cut text into tokens whose concatenation is the text."""
    return TOKEN.findall(text)


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    return engine


_ENGINE = _engine()


def _code(index: int) -> str:
    """The index-th character usable as a token code (skipping the surrogate range)."""
    index += 1
    return chr(index if index < 0xD800 else index + 0x800)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level diff of two texts, as segments in reading order."""
    if old == new:
        return (Segment("equal", old),) if old else ()
    if not old:
        return (Segment("insert", new),)
    if not new:
        return (Segment("delete", old),)
    codes: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in tokenize(text):
            code = codes.get(token)
            if code is None:
                code = codes[token] = _code(len(tokens))
                tokens.append(token)
            out.append(code)
        return "".join(out)

    old_codes, new_codes = encode(old), encode(new)
    diffs = _ENGINE.diff_main(old_codes, new_codes, False)
    _ENGINE.diff_cleanupSemantic(diffs)
    decode = {code: token for token, code in codes.items()}
    segments: list[Segment] = []
    for op, chars in diffs:
        text = "".join(decode[c] for c in chars)
        if not text:
            continue
        kind = _OPS[op]
        if segments and segments[-1].op == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))
    return tuple(segments)


def old_text(segments: tuple[Segment, ...]) -> str:
    """The old text a diff was made from."""
    return "".join(s.text for s in segments if s.op != "insert")


def new_text(segments: tuple[Segment, ...]) -> str:
    """The new text a diff leads to."""
    return "".join(s.text for s in segments if s.op != "delete")


def similarity(old: str, new: str) -> float:
    """How alike two texts are by their words, from 0 (nothing shared) to 1."""
    a = [t.casefold() for t in tokenize(old) if not t.isspace()]
    b = [t.casefold() for t in tokenize(new) if not t.isspace()]
    if not a and not b:
        return 1.0
    counts: dict[str, int] = {}
    for token in a:
        counts[token] = counts.get(token, 0) + 1
    shared = 0
    for token in b:
        if counts.get(token, 0) > 0:
            counts[token] -= 1
            shared += 1
    return 2 * shared / (len(a) + len(b))


def sequence_diff(old: list, new: list) -> list[tuple[Op, int, int]]:
    """A minimal diff of two sequences of hashable keys.

    Returns (op, old_index, new_index) per item in reading order; the index on
    the side the item is absent from is -1. Used to align clauses by id and
    paragraphs by content.
    """
    codes: dict[object, str] = {}

    def encode(items: list) -> str:
        return "".join(codes.setdefault(item, _code(len(codes))) for item in items)

    old_codes, new_codes = encode(old), encode(new)
    out: list[tuple[Op, int, int]] = []
    i = j = 0
    for op, chars in _ENGINE.diff_main(old_codes, new_codes, False):
        for _ in chars:
            if op == diff_match_patch.DIFF_EQUAL:
                out.append(("equal", i, j))
                i += 1
                j += 1
            elif op == diff_match_patch.DIFF_DELETE:
                out.append(("delete", i, -1))
                i += 1
            else:
                out.append(("insert", -1, j))
                j += 1
    return out

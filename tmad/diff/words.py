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

import bisect
import re
import zlib
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

_SENTENCE_ENGINE = diff_match_patch()
_SENTENCE_ENGINE.Diff_Timeout = 0.25
"""Aligning sentences stops looking for the shortest diff after a quarter of a second: what
it has not aligned is paired sentence by sentence (:func:`_paired`), never lost."""


def _code(index: int) -> str:
    """The index-th character usable as a token code (skipping the surrogate range)."""
    index += 1
    return chr(index if index < 0xD800 else index + 0x800)


LONG_TOKENS = 4000
"""Texts with more tokens than this (about 2,000 words) are compared sentence by sentence
first, then word by word within the sentences that changed: a diff of a 200,000-word
paragraph then takes well under a second (``nox -s bench``), where a word diff of the
whole would take minutes."""

_SENTENCE = re.compile(r"[^.;:!?]*(?:[.;:!?]+|$)\s*")
_CHUNK_WORDS = 200


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level diff of two texts, as segments in reading order."""
    if old == new:
        return (Segment("equal", old),) if old else ()
    if not old:
        return (Segment("insert", new),)
    if not new:
        return (Segment("delete", old),)
    if len(old) + len(new) > LONG_TOKENS and (
        len(tokenize(old)) > LONG_TOKENS or len(tokenize(new)) > LONG_TOKENS
    ):
        return _by_sentence(old, new)
    return _tokens_diff(old, new)


def sentences(text: str) -> list[str]:
    """A text cut after each sentence (or clause) mark; a piece of more than 200 words is cut
    again after words chosen by their content (about one word in 64, by checksum), so that
    inserting a word moves no cut but its own. The pieces joined give the text."""
    out: list[str] = []
    for piece in _SENTENCE.findall(text):
        if not piece:
            continue
        words = re.findall(r"\s*\S+\s*", piece) if len(piece) > _CHUNK_WORDS * 4 else [piece]
        if len(words) <= _CHUNK_WORDS:
            out.append(piece)
            continue
        current: list[str] = []
        for word in words:
            current.append(word)
            cut = zlib.crc32(word.strip().encode("utf-8")) % 64 == 0
            if (cut and len(current) >= 8) or len(current) >= _CHUNK_WORDS * 4:
                out.append("".join(current))
                current = []
        if current:
            out.append("".join(current))
    return out


def _anchors(before: list[str], after: list[str]) -> list[tuple[int, int]]:
    """Sentences that occur once in each text and in the same order in both (patience
    diff's anchors): the longest increasing run of their positions, in O(n log n)."""
    count_old: dict[str, int] = {}
    count_new: dict[str, int] = {}
    for sentence in before:
        count_old[sentence] = count_old.get(sentence, 0) + 1
    where_new: dict[str, int] = {}
    for j, sentence in enumerate(after):
        count_new[sentence] = count_new.get(sentence, 0) + 1
        where_new[sentence] = j
    pairs = [
        (i, where_new[s])
        for i, s in enumerate(before)
        if count_old[s] == 1 and count_new.get(s) == 1
    ]
    tails: list[int] = []  # tails[k]: index in pairs ending the best run of length k + 1
    ends: list[int] = []  # ends[k]: the new position at which that run ends
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        low = bisect.bisect_left(ends, j)
        if low:
            previous[index] = tails[low - 1]
        if low == len(tails):
            tails.append(index)
            ends.append(j)
        else:
            tails[low] = index
            ends[low] = j
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(pairs[at])
        at = previous[at]
    return run[::-1]


def _by_sentence(old: str, new: str) -> tuple[Segment, ...]:
    """A long text's diff: sentences aligned first (anchored on sentences both texts hold
    once, then diffed between anchors), then words within the changed ones."""
    before, after = sentences(old), sentences(new)
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        segments.extend(_paired(deleted, inserted))
        deleted.clear()
        inserted.clear()

    i0 = j0 = 0
    for i1, j1 in [*_anchors(before, after), (len(before), len(after))]:
        gap_old, gap_new = before[i0:i1], after[j0:j1]
        for op, i, j in sequence_diff(gap_old, gap_new, _SENTENCE_ENGINE):
            if op == "equal":
                flush()
                segments.append(Segment("equal", gap_old[i]))
            elif op == "delete":
                deleted.append(gap_old[i])
            else:
                inserted.append(gap_new[j])
        flush()
        if i1 < len(before):
            segments.append(Segment("equal", before[i1]))
        i0, j0 = i1 + 1, j1 + 1
    flush()
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        elif segment.text:
            merged.append(segment)
    return tuple(merged)


def _paired(deleted: list[str], inserted: list[str]) -> list[Segment]:
    """Sentences removed and added between two equal ones, paired in order when alike (a
    sentence with a few words changed) and diffed word by word; the rest whole. Linear: each
    step looks at most two sentences ahead on either side."""
    out: list[Segment] = []
    i = j = 0
    while i < len(deleted) and j < len(inserted):
        here = similarity(deleted[i], inserted[j])
        if here >= 0.5:
            out.extend(_sentence_diff(deleted[i], inserted[j]))
            i, j = i + 1, j + 1
            continue
        ahead_new = max((similarity(deleted[i], b) for b in inserted[j + 1 : j + 3]), default=0)
        ahead_old = max((similarity(a, inserted[j]) for a in deleted[i + 1 : i + 3]), default=0)
        if ahead_new >= 0.5 and ahead_new >= ahead_old:
            out.append(Segment("insert", inserted[j]))
            j += 1
        elif ahead_old >= 0.5:
            out.append(Segment("delete", deleted[i]))
            i += 1
        else:
            out.extend(_sentence_diff(deleted[i], inserted[j]))
            i, j = i + 1, j + 1
    out.extend(Segment("delete", a) for a in deleted[i:])
    out.extend(Segment("insert", b) for b in inserted[j:])
    return out


def _sentence_diff(old: str, new: str) -> list[Segment]:
    """Two paired sentences' diff: token by token where they have as many tokens and most are
    the same (words substituted: linear), else diff-match-patch."""
    before, after = tokenize(old), tokenize(new)
    if len(before) != len(after) or sum(
        a != b for a, b in zip(before, after, strict=True)
    ) * 4 > len(before):
        return list(_tokens_diff(old, new))
    out: list[Segment] = []
    same: list[str] = []
    gone: list[str] = []
    came: list[str] = []

    def changed() -> None:
        if gone:
            out.append(Segment("delete", "".join(gone)))
            out.append(Segment("insert", "".join(came)))
            gone.clear()
            came.clear()

    for a, b in zip(before, after, strict=True):
        if a == b:
            changed()
            same.append(a)
            continue
        if same:
            out.append(Segment("equal", "".join(same)))
            same.clear()
        gone.append(a)
        came.append(b)
    changed()
    if same:
        out.append(Segment("equal", "".join(same)))
    return out


def _tokens_diff(old: str, new: str) -> tuple[Segment, ...]:
    """diff-match-patch over word tokens, each distinct token one character."""
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


def sequence_diff(
    old: list, new: list, engine: diff_match_patch = _ENGINE
) -> list[tuple[Op, int, int]]:
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
    for op, chars in engine.diff_main(old_codes, new_codes, False):
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

"""Word instructions for one text (a paragraph or a heading), planned from its word diff.

Each run of changes in the diff becomes one instruction: omit words, insert
words (after the words before them, or at the beginning or end), or substitute
words. Quotations are whole words with no space at either end and at least one
letter or digit; anchors are widened, a word at a time, until they occur once
in the text as it then stands, and “the second occurrence” is used only when
ten words of context on each side are not enough. Every candidate is checked
with :mod:`tmad.amend.rules` before it is chosen, and the shortest that works
is chosen; changes too close together to be told apart are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from tmad.amend import rules
from tmad.amend.rules import CLOSE, OPEN, AmendmentError, ordinal
from tmad.diff.words import Segment, tokenize, word_diff

MAX_CONTEXT = 10
"""Words of context an anchor may take on each side before an ordinal is used instead."""

_WORD = re.compile(r"\w")

EditKind = Literal["substitute", "omit", "after", "beginning", "end"]


@dataclass(frozen=True, slots=True)
class WordEdit:
    """One word instruction: what to do, to which quoted words."""

    kind: EditKind
    """substitute, omit, insert after (anchor words), insert at the beginning or at the end."""
    words: str = ""
    """The quoted words substituted or omitted, or the anchor words for "after"."""
    new: str = ""
    """The words substituted or inserted."""
    nth: int | None = None
    """Which occurrence of ``words`` (1-based), when they occur more than once."""

    def apply(self, text: str) -> str:
        """The text with this instruction applied (AmendmentError when it cannot be)."""
        if self.kind == "substitute":
            return rules.substitute(text, self.words, self.new, self.nth)
        if self.kind == "omit":
            return rules.omit(text, self.words, self.nth)
        if self.kind == "after":
            return rules.insert_after(text, self.words, self.new, self.nth)
        if self.kind == "beginning":
            return rules.insert_at_beginning(text, self.new)
        return rules.insert_at_end(text, self.new)

    def phrase(self) -> str:
        """The instruction in words, without capital or full stop."""
        quoted = f"{OPEN}{self.words}{CLOSE}"
        if self.nth is not None:
            quoted = f"the {ordinal(self.nth)} occurrence of {quoted}"
        new = f"{OPEN}{self.new}{CLOSE}"
        if self.kind == "substitute":
            return f"for {quoted} substitute {new}"
        if self.kind == "omit":
            return f"omit {quoted}"
        if self.kind == "after":
            return f"after {quoted} insert {new}"
        if self.kind == "beginning":
            return f"at the beginning insert {new}"
        return f"at the end insert {new}"


def _hunks(segments: tuple[Segment, ...]) -> list[tuple[int, int, int, int]]:
    """Runs of change: (old start, old end, new start, new end)."""
    out: list[tuple[int, int, int, int]] = []
    old = new = 0
    current: list[int] | None = None
    for segment in segments:
        size = len(segment.text)
        if segment.op == "equal":
            if current is not None:
                out.append((current[0], old, current[1], new))
                current = None
            old += size
            new += size
            continue
        if current is None:
            current = [old, new]
        if segment.op == "delete":
            old += size
        else:
            new += size
    if current is not None:
        out.append((current[0], old, current[1], new))
    return out


def _quotable(words: str) -> bool:
    return (
        bool(words)
        and words == words.strip()
        and bool(_WORD.search(words))
        and rules.balanced(words)
    )


def _unique(text: str, words: str) -> bool:
    return len(rules.occurrences(text, words)) == 1


def _works(edit: WordEdit, text: str, expected: str) -> bool:
    try:
        return edit.apply(text) == expected
    except AmendmentError:
        return False


def _cost(edit: WordEdit) -> int:
    """Shorter is better; an ordinal only as a last resort; "at the end" over an anchor."""
    bonus = 10 if edit.kind in ("beginning", "end") else 0
    return len(edit.phrase()) - bonus + (1000 if edit.nth is not None else 0)


class _Cut:
    """Token edges of the current text, for widening a quotation a word at a time."""

    def __init__(self, text: str) -> None:
        tokens = tokenize(text)
        self.edges = [0, *accumulate(len(t) for t in tokens)]
        self.words = [i for i, t in enumerate(tokens) if not t.isspace()]

    def left(self, position: int, count: int) -> int | None:
        """Where a quotation starts that takes ``count`` more words before ``position``."""
        before = [i for i in self.words if self.edges[i + 1] <= position]
        if count > len(before):
            return None
        return self.edges[before[-count]] if count else position

    def right(self, position: int, count: int, limit: int) -> int | None:
        """Where a quotation ends that takes ``count`` more words after ``position``."""
        after = [i for i in self.words if self.edges[i] >= position]
        if count > len(after):
            return None
        end = self.edges[after[count - 1] + 1] if count else position
        return end if end <= limit else None


def _tidy(words: str) -> bool:
    """Whether a quotation reads well: brackets balanced, not starting with closing punctuation."""
    return (
        words.count("(") == words.count(")")
        and words.count("[") == words.count("]")
        and words[:1] not in rules.CLOSING_PUNCTUATION
    )


def _substitutions(
    text: str, expected: str, start: int, end: int, limit: int, ordinals: bool
) -> list[WordEdit]:
    """Substitutions covering text[start:end], widened a word at a time until unique."""
    cut = _Cut(text)
    shift = len(expected) - len(text)
    spans = []
    for total in range(2 * MAX_CONTEXT + 1):
        for before in range(min(total, MAX_CONTEXT), -1, -1):
            after = total - before
            if after > MAX_CONTEXT:
                continue
            left = cut.left(start, before)
            right = cut.right(end, after, limit)
            if left is None or right is None:
                continue
            old, new = text[left:right], expected[left : right + shift]
            if _quotable(old) and _quotable(new):
                spans.append((left, old, new))
    for strict in (True, False):
        for _, old, new in spans:
            if (not strict or (_tidy(old) and _tidy(new))) and _unique(text, old):
                return [WordEdit("substitute", old, new)]
    if ordinals:
        for left, old, new in spans:
            found = rules.occurrences(text, old)
            if left in found:
                return [WordEdit("substitute", old, new, nth=found.index(left) + 1)]
    return []


def _insertions(text: str, start: int, added: str, ordinals: bool) -> list[WordEdit]:
    """Insertions at ``start`` of the words added there."""
    words = added.strip()
    if not _quotable(words):
        return []
    out = []
    if not text[:start].strip():
        out.append(WordEdit("beginning", new=words))
    if not text[start:].strip():
        out.append(WordEdit("end", new=words))
    anchor_end = len(text[:start].rstrip())
    cut = _Cut(text)
    for count in range(1, MAX_CONTEXT + 1):
        left = cut.left(anchor_end, count)
        if left is None:
            break
        anchor = text[left:anchor_end]
        if _quotable(anchor) and _unique(text, anchor):
            return [*out, WordEdit("after", anchor, words)]
    if ordinals:
        for count in range(1, MAX_CONTEXT + 1):
            left = cut.left(anchor_end, count)
            if left is None:
                break
            anchor = text[left:anchor_end]
            found = rules.occurrences(text, anchor)
            if _quotable(anchor) and left in found:
                return [*out, WordEdit("after", anchor, words, nth=found.index(left) + 1)]
    return out


def _omissions(text: str, start: int, end: int, ordinals: bool) -> list[WordEdit]:
    words = text[start:end].strip()
    if not _quotable(words):
        return []
    found = rules.occurrences(text, words)
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    if len(found) == 1:
        return [WordEdit("omit", words)]
    if ordinals and first in found:
        return [WordEdit("omit", words, nth=found.index(first) + 1)]
    return []


def _candidates(
    text: str, expected: str, start: int, end: int, limit: int, ordinals: bool
) -> list[WordEdit]:
    out: list[WordEdit] = []
    removed = text[start:end]
    added_length = len(expected) - len(text) + len(removed)
    added = expected[start : start + added_length]
    if not removed.strip() and added.strip():
        out += _insertions(text, start, added, ordinals)
    if removed.strip() and not added.strip():
        out += _omissions(text, start, end, ordinals)
    out += _substitutions(text, expected, start, end, limit, ordinals)
    return [edit for edit in out if _works(edit, text, expected)]


MERGE_GAP = 3
"""Changes at most this many words apart may be merged into one substitution."""

OVERHEAD = 15
"""What one more instruction costs the reader, in characters, when deciding to merge."""


class _Planner:
    """Plans the edits for one text: hunk by hunk, merging hunks when that reads better."""

    def __init__(self, old: str, new: str, hunks: list[tuple[int, int, int, int]]) -> None:
        self.old, self.new, self.hunks = old, new, hunks

    def candidates(self, first: int, last: int) -> list[WordEdit]:
        """Edits covering hunks first..last, applied after the hunks before them."""
        old, new, hunks = self.old, self.new, self.hunks
        o_start, _, n_start, _ = hunks[first]
        _, o_end, _, n_end = hunks[last]
        text = new[:n_start] + old[o_start:]
        expected = new[:n_end] + old[o_end:]
        start, end = n_start, n_start + (o_end - o_start)
        following = hunks[last + 1][0] if last + 1 < len(hunks) else len(old)
        limit = end + (following - o_end)
        final = last + 1 == len(hunks)
        return _candidates(text, expected, start, end, limit, ordinals=final)

    def gap(self, last: int) -> int:
        """How many words stand between a hunk and the next."""
        between = self.old[self.hunks[last][1] : self.hunks[last + 1][0]]
        return sum(1 for token in tokenize(between) if not token.isspace())

    def run(self) -> list[WordEdit] | None:
        edits: list[WordEdit] = []
        index = 0
        while index < len(self.hunks):
            last = index
            found = self.candidates(index, last)
            while not found:
                if last + 1 == len(self.hunks):
                    return None
                last += 1
                found = self.candidates(index, last)
            edit = min(found, key=_cost)
            while last + 1 < len(self.hunks) and self.gap(last) <= MERGE_GAP:
                merged = self.candidates(index, last + 1)
                if not merged:
                    break
                alone = self.candidates(last + 1, last + 1)
                best = min(merged, key=_cost)
                if alone and _cost(best) > _cost(edit) + min(map(_cost, alone)) + OVERHEAD:
                    break
                edit, last = best, last + 1
            edits.append(edit)
            index = last + 1
        return edits


def plan(old: str, new: str, segments: tuple[Segment, ...] | None = None) -> list[WordEdit] | None:
    """Word instructions that, applied in order to ``old``, give ``new``.

    None when no word instructions can (the text is then substituted whole).
    """
    if old == new:
        return []
    hunks = _hunks(segments if segments is not None else word_diff(old, new))
    return _Planner(old, new, hunks).run()


def replay(old: str, edits: list[WordEdit]) -> str:
    """The text the edits give, applied in order."""
    for edit in edits:
        old = edit.apply(old)
    return old

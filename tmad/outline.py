"""The paragraph tree of a clause body, read through the document's numbering scheme.

A body is a flat sequence of blocks with levels. A block's **parent** is the nearest
block before it with a lower level; its **sub-paragraphs** are the blocks after it up to
the next one whose level is not greater. Which level of the scheme a label belongs to
(its ``kind``) is read the way a drafter reads it: from its parent and from the label
before it, so ``(i)`` after ``(h)`` is a letter and ``(i)`` under ``(h)`` a roman
numeral, and ``(c-1)`` after ``(c)`` is an insertion where the scheme allows one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from tmad.labels import follows, format_ordinal, insertion, keys, next_label, starts, style_of
from tmad.model import Block
from tmad.scheme import Level, Scheme

INDENT = 4
"""Spaces per paragraph level in the source."""


@cache
def parents(blocks: tuple[Block, ...]) -> tuple[int | None, ...]:
    """Each block's parent: the nearest block before it with a lower level."""
    out: list[int | None] = []
    stack: list[int] = []
    for index, block in enumerate(blocks):
        while stack and blocks[stack[-1]].level >= block.level:
            stack.pop()
        out.append(stack[-1] if stack else None)
        stack.append(index)
    return tuple(out)


def subtree_end(blocks: tuple[Block, ...], index: int) -> int:
    """The index after the last sub-paragraph of a block."""
    end = index + 1
    while end < len(blocks) and blocks[end].level > blocks[index].level:
        end += 1
    return end


def _labelled_ancestor(blocks: tuple[Block, ...], index: int) -> int | None:
    family = parents(blocks)
    current = family[index]
    while current is not None and not blocks[current].kind:
        current = family[current]
    return current


def assign_kinds(scheme: Scheme, body: tuple[Block, ...]) -> tuple[Block, ...]:
    """The body with each label's level in the scheme (``Block.kind``) filled in.

    A label continues the level of the label before it at the same depth when it
    follows it there; otherwise it takes the first level below its labelled parent
    whose style it is written in (any deeper level too when the scheme lets levels be
    skipped). A label that no level accepts keeps kind "" for the checks to report.
    Quoted structure belongs to another text and is left alone.
    """
    levels = scheme.labels
    where = {level.name: index for index, level in enumerate(levels)}
    kinds: list[str] = []
    previous: dict[int, tuple[str, str]] = {}  # the last label and its kind at each level
    open_kinds: list[tuple[int, str]] = []  # (level, kind) of the labelled ancestors so far
    for block in body:
        level = block.level
        if previous and max(previous) > level:
            for deeper in [depth for depth in previous if depth > level]:
                del previous[deeper]
        while open_kinds and open_kinds[-1][0] >= level:
            open_kinds.pop()
        if block.quote or not block.label:
            kinds.append("")
            continue
        start = where[open_kinds[-1][1]] + 1 if open_kinds else 0
        sibling = previous.get(level)
        kind = _choose(levels, start, scheme.skip, block.label, sibling)
        kinds.append(kind)
        previous[level] = (block.label, kind)
        if kind:
            open_kinds.append((level, kind))
    if all(block.kind == kind for block, kind in zip(body, kinds, strict=True)):
        return body
    return tuple(
        block if block.kind == kind else replace(block, kind=kind)
        for block, kind in zip(body, kinds, strict=True)
    )


def _index(levels: tuple[Level, ...], name: str) -> int:
    return next(i for i, level in enumerate(levels) if level.name == name)


def _choose(
    levels: tuple[Level, ...],
    start: int,
    skip: bool,
    label: str,
    sibling: tuple[str, str] | None,
) -> str:
    if sibling is not None and sibling[1]:
        level = levels[_index(levels, sibling[1])]
        if follows(level.style, level.insert, sibling[0], label, level.fixed):
            return level.name
    candidates = levels[start:] if skip else levels[start : start + 1]
    readable = [lv for lv in candidates if keys(lv.style, lv.insert, label)]
    if sibling is not None and sibling[1] in [lv.name for lv in readable]:
        return sibling[1]  # out of sequence, but at the level of its siblings
    first = [lv for lv in readable if starts(lv.style, lv.insert, label, lv.fixed)]
    chosen = first or readable
    return chosen[0].name if chosen else ""


@dataclass(frozen=True, slots=True)
class Problem:
    """A label that does not fit the scheme, for check S006."""

    index: int
    """The block."""
    message: str
    """What is wrong and what was expected."""


def label_problems(scheme: Scheme, body: tuple[Block, ...]) -> list[Problem]:
    """Labels out of sequence, at no level, or with no parent to belong to.

    One problem is reported per run of siblings: after a label out of sequence, the
    next one is checked against it in any style, so "(i) (ii) (iii)" written at the
    wrong level gives one error, not three.
    """
    problems: list[Problem] = []
    lenient: set[int] = set()  # labels reported, and the run of siblings that follows them
    previous: dict[int, int] = {}  # the last labelled block at each level
    for index, block in enumerate(body):
        for deeper in [level for level in previous if level > block.level]:
            del previous[deeper]
        if block.quote or not block.label:
            continue
        before = previous.get(block.level)
        if block.kind:  # a label no level reads is reported alone; its siblings follow the last
            previous[block.level] = index
        resync = before in lenient
        message = _problem(scheme, body, index, before, resync)
        if message:
            lenient.add(index)
            problems.append(Problem(index, message))
        elif resync:
            lenient.add(index)
    return problems


def _problem(
    scheme: Scheme, body: tuple[Block, ...], index: int, before: int | None, resync: bool
) -> str:
    levels = scheme.labels
    block = body[index]
    parent = parents(body)[index]
    if block.level > 1 and (parent is None or body[parent].level != block.level - 1):
        above = body[parent].level if parent is not None else 0
        return (
            f"({block.label}) is indented {(block.level - 1) * INDENT} spaces but has no "
            f"paragraph above it to belong to: indent it {above * INDENT} spaces, or put it "
            "under a labelled paragraph"
        )
    if not block.kind:
        return _no_level(levels, scheme, body, index)
    level = levels[_index(levels, block.kind)]
    if before is None:
        if starts(level.style, level.insert, block.label, level.fixed):
            return ""
        return (
            f"{level.name} ({block.label}) is out of sequence: a run of {level.name}s starts "
            f"at ({format_ordinal(level.style, 1)})"
        )
    sibling = body[before]
    if sibling.kind and sibling.kind != block.kind:
        return (
            f"{level.name} ({block.label}) stands beside {sibling.kind} ({sibling.label}): "
            f"indent it under ({sibling.label}), or relabel it"
        )
    if follows(level.style, level.insert, sibling.label, block.label, level.fixed):
        return ""
    if resync and any(
        follows(style, "", sibling.label, block.label)
        for style in style_of(sibling.label)
        if style in style_of(block.label)
    ):
        return ""  # follows a label already reported: one error per run
    if level.fixed:
        return (
            f"{level.name} ({block.label}) is out of order after ({sibling.label}): fixed "
            "labels only increase"
        )
    want = f"({next_label(level.style, level.insert, sibling.label)})"
    if level.insert:
        want += f" or an inserted label such as ({insertion(level.insert, sibling.label, 1)})"
    return (
        f"{level.name} ({block.label}) is out of sequence after ({sibling.label}): expected {want}"
    )


def _expected_level(levels: tuple[Level, ...], body: tuple[Block, ...], index: int) -> Level | None:
    ancestor = _labelled_ancestor(body, index)
    start = _index(levels, body[ancestor].kind) + 1 if ancestor is not None else 0
    return levels[start] if start < len(levels) else None


def _no_level(
    levels: tuple[Level, ...], scheme: Scheme, body: tuple[Block, ...], index: int
) -> str:
    block = body[index]
    expected = _expected_level(levels, body, index)
    if expected is None:
        ancestor = _labelled_ancestor(body, index)
        above = (
            f"{body[ancestor].kind} ({body[ancestor].label})"
            if ancestor is not None
            else scheme.unit.name
        )
        return (
            f"({block.label}) is nested below {above}, the deepest level this document's "
            "numbering has: declare a deeper level under 'numbering' in document.yaml, or "
            "move it up"
        )
    return (
        f"({block.label}) is not a label of any level allowed here: expected a "
        f"{expected.name} label like ({format_ordinal(expected.style, 1)})"
    )

"""Paragraph references inside a clause: naming a paragraph of FROM, and finding one named.

A clause body is a flat sequence of paragraphs with levels. A paragraph's
**parent** is the nearest paragraph before it with a lower level; its
**sub-paragraphs** are the paragraphs after it, up to the next one whose level
is not greater. References are always to the clause as it stood in FROM.

A reference is one of (the words in quotation marks are exact)::

    the definition of “Dormant Meter”          the only definition of that term
    the second definition of “Dormant Meter”   when the term is defined twice
    the unlabelled paragraph                   the only paragraph without a label
    the third unlabelled paragraph             counting unlabelled paragraphs of the
                                               clause (any level, not definitions)
    paragraph (c)(ii)                          the labels of the paragraph and of its
                                               labelled ancestors, outermost first
    paragraph (a) of the second unlabelled paragraph
    paragraph (a) of the definition of “SMETS1 Installation”
                                               the same, under the unlabelled paragraph
                                               or definition that the chain stops at
    the second paragraph (a)                   counting paragraphs with that chain of
                                               labels, when nothing else tells them apart

``paragraphs (c) to (f)`` and ``paragraphs (c) and (d)`` name sibling paragraphs
(same parent, same level) from the first to the last, in FROM order.

Each form must identify exactly one paragraph; :func:`name` returns the first
form, in the order above, that does, and :func:`resolve` finds the paragraph a
reference names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from tmad.amend.rules import CLOSE, OPEN, ORDINAL_PATTERN, AmendmentError, ordinal, ordinal_value
from tmad.model import Block


@cache
def parents(blocks: tuple[Block, ...]) -> tuple[int | None, ...]:
    """Each paragraph's parent: the nearest paragraph before it with a lower level."""
    out: list[int | None] = []
    stack: list[int] = []
    for index, block in enumerate(blocks):
        while stack and blocks[stack[-1]].level >= block.level:
            stack.pop()
        out.append(stack[-1] if stack else None)
        stack.append(index)
    return tuple(out)


def subtree_end(blocks: tuple[Block, ...], index: int) -> int:
    """The index after the last sub-paragraph of a paragraph."""
    end = index + 1
    while end < len(blocks) and blocks[end].level > blocks[index].level:
        end += 1
    return end


def siblings(blocks: tuple[Block, ...], index: int) -> list[int]:
    """The paragraphs with the same parent and level as this one (itself included), in order."""
    family = parents(blocks)
    return [
        i
        for i, block in enumerate(blocks)
        if family[i] == family[index] and block.level == blocks[index].level
    ]


def chain(blocks: tuple[Block, ...], index: int) -> tuple[tuple[str, ...], int | None]:
    """A labelled paragraph's labels (outermost first) and where the chain stops.

    The chain climbs through labelled ancestors; it stops at the first
    unlabelled paragraph or definition above (returned as the root) or at the
    top of the clause (root None).
    """
    family = parents(blocks)
    labels = [blocks[index].label]
    current = family[index]
    while current is not None and blocks[current].label and not blocks[current].term:
        labels.append(blocks[current].label)
        current = family[current]
    return tuple(reversed(labels)), current


def _unlabelled(block: Block) -> bool:
    return not block.label and not block.term


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to one paragraph of a clause."""

    kind: Literal["definition", "unlabelled", "labelled"]
    """What the reference goes by: a defined term, an ordinal, or labels."""
    term: str = ""
    """For a definition, the defined term."""
    labels: tuple[str, ...] = ()
    """For a labelled paragraph, its chain of labels, outermost first."""
    nth: int | None = None
    """Which one (1-based) among the paragraphs otherwise alike; None when there is one."""
    root: Ref | None = None
    """For a labelled paragraph, the unlabelled paragraph or definition its chain stops at."""

    def __str__(self) -> str:
        which = f"the {ordinal(self.nth)} " if self.nth is not None else ""
        if self.kind == "definition":
            return f"{which or 'the '}definition of {OPEN}{self.term}{CLOSE}"
        if self.kind == "unlabelled":
            return f"{which or 'the '}unlabelled paragraph"
        out = f"{which}paragraph {labels_text(self.labels)}"
        return f"{out} of {self.root}" if self.root is not None else out


def labels_text(labels: tuple[str, ...]) -> str:
    """ "(c)(ii)"."""
    return "".join(f"({label})" for label in labels)


def candidates(ref: Ref, blocks: tuple[Block, ...]) -> list[int]:
    """The paragraphs a reference could mean, before its ordinal is applied."""
    if ref.kind == "definition":
        return [i for i, block in enumerate(blocks) if block.term and block.term == ref.term]
    if ref.kind == "unlabelled":
        return [i for i, block in enumerate(blocks) if _unlabelled(block)]
    root = resolve(ref.root, blocks) if ref.root is not None else None
    out = []
    for i, block in enumerate(blocks):
        if not block.label or block.term:
            continue
        labels, stop = chain(blocks, i)
        if labels == ref.labels and (ref.root is None or stop == root):
            out.append(i)
    return out


def resolve(ref: Ref, blocks: tuple[Block, ...]) -> int:
    """The index of the paragraph a reference names; AmendmentError unless exactly one."""
    found = candidates(ref, blocks)
    if ref.nth is not None:
        if not 1 <= ref.nth <= len(found):
            raise AmendmentError(f"there is no {ref}")
        return found[ref.nth - 1]
    if len(found) != 1:
        raise AmendmentError(f"{ref} names {len(found)} paragraphs")
    return found[0]


def _forms(blocks: tuple[Block, ...], index: int) -> list[Ref]:
    block = blocks[index]
    if block.term:
        same = [i for i, b in enumerate(blocks) if b.term == block.term]
        return [
            Ref("definition", term=block.term),
            Ref("definition", term=block.term, nth=same.index(index) + 1),
        ]
    if not block.label:
        alike = [i for i, b in enumerate(blocks) if _unlabelled(b)]
        return [Ref("unlabelled"), Ref("unlabelled", nth=alike.index(index) + 1)]
    labels, stop = chain(blocks, index)
    forms = [Ref("labelled", labels=labels)]
    if stop is not None:
        forms.append(Ref("labelled", labels=labels, root=ref_to(blocks, stop)))
    alike = candidates(Ref("labelled", labels=labels), blocks)
    forms.append(Ref("labelled", labels=labels, nth=alike.index(index) + 1))
    return forms


def ref_to(blocks: tuple[Block, ...], index: int) -> Ref:
    """The shortest reference that names this paragraph and no other."""
    for form in _forms(blocks, index):
        try:
            if resolve(form, blocks) == index:
                return form
        except AmendmentError:
            continue
    raise AssertionError("the last form always names the paragraph")  # pragma: no cover


def name(blocks: tuple[Block, ...], index: int) -> str:
    """The words of the shortest reference to a paragraph ("paragraph (c)(ii)")."""
    return str(ref_to(blocks, index))


def plain_labelled(ref: Ref) -> bool:
    """Whether a reference is a bare chain of labels (usable in a range)."""
    return ref.kind == "labelled" and ref.root is None and ref.nth is None


# --- reading references back ------------------------------------------------------------

_LABELS = r"(?:\([A-Za-z]+\))+"
_ROOT = (
    rf"the (?:{ORDINAL_PATTERN} )?definition of {OPEN}[^{OPEN}{CLOSE}]*{CLOSE}"
    rf"|the (?:{ORDINAL_PATTERN} )?unlabelled paragraph"
)
REF_PATTERN = rf"(?:{_ROOT}|(?:the {ORDINAL_PATTERN} )?paragraph {_LABELS}(?: of (?:{_ROOT}))?)"
"""A regular expression matching the words of one reference."""

_DEFINITION = re.compile(
    rf"the (?:({ORDINAL_PATTERN}) )?definition of {OPEN}([^{OPEN}{CLOSE}]*){CLOSE}\Z"
)
_UNLABELLED = re.compile(rf"the (?:({ORDINAL_PATTERN}) )?unlabelled paragraph\Z")
_LABELLED = re.compile(rf"(?:the ({ORDINAL_PATTERN}) )?paragraph ({_LABELS})(?: of (.+))?\Z")


def split_labels(text: str) -> tuple[str, ...]:
    """ "(c)(ii)" → ("c", "ii")."""
    return tuple(re.findall(r"\(([A-Za-z]+)\)", text))


def parse(text: str) -> Ref:
    """The reference written as these words; AmendmentError when they are not one."""
    if match := _DEFINITION.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("definition", term=match.group(2), nth=nth)
    if match := _UNLABELLED.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("unlabelled", nth=nth)
    if match := _LABELLED.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        root = parse(match.group(3)) if match.group(3) else None
        if root is not None and root.kind == "labelled":
            raise AmendmentError(f"not a paragraph reference: {text!r}")
        return Ref("labelled", labels=split_labels(match.group(2)), nth=nth, root=root)
    raise AmendmentError(f"not a paragraph reference: {text!r}")

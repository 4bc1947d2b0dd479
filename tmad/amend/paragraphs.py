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
                                               clause (any level, not definitions or rows)
    the second table row                       counting the rows of the clause's tables,
                                               header rows included
    the note [^2]                              a footnote, by its label
    paragraph (c)(ii)                          the labels of the paragraph and of its
    subsection (c-1)(2)                        labelled ancestors, outermost first, after
                                               the noun of the outermost one's level
    paragraph (a) of the second unlabelled paragraph
    paragraph (a) of the definition of “SMETS1 Installation”
                                               the same, under the unlabelled paragraph
                                               or definition that the chain stops at
    the second paragraph (a)                   counting paragraphs with that chain of
                                               labels, when nothing else tells them apart
    the second quoted paragraph                counting the clause's paragraphs of quoted
                                               structure (text to be inserted elsewhere,
                                               whose labels are not this clause's)

``paragraphs (c) to (f)`` and ``paragraphs (c) and (d)`` name sibling paragraphs
(same parent, same level) from the first to the last, in FROM order.

Each form must identify exactly one paragraph; :func:`name` returns the first
form, in the order above, that does, and :func:`resolve` finds the paragraph a
reference names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tmad.amend.rules import CLOSE, OPEN, ORDINAL_PATTERN, AmendmentError, ordinal, ordinal_value
from tmad.amend.vocabulary import GENERIC, LABEL, LABELS, Vocabulary
from tmad.model import NOTE_LABEL, Block
from tmad.outline import parents, subtree_end

__all__ = ["parents", "subtree_end"]


def siblings(blocks: tuple[Block, ...], index: int) -> list[int]:
    """The paragraphs with the same parent and level as this one (itself included), in order."""
    family = parents(blocks)
    return [
        i
        for i, block in enumerate(blocks)
        if family[i] == family[index] and block.level == blocks[index].level
    ]


def chain(blocks: tuple[Block, ...], index: int) -> tuple[tuple[str, ...], int | None, int]:
    """A labelled paragraph's labels (outermost first), where the chain stops, and the
    outermost labelled paragraph of the chain.

    The chain climbs through labelled ancestors; it stops at the first
    unlabelled paragraph or definition above (returned as the root) or at the
    top of the clause (root None).
    """
    family = parents(blocks)
    labels = [blocks[index].label]
    outermost = index
    current = family[index]
    while current is not None and _labelled(blocks[current]):
        labels.append(blocks[current].label)
        outermost = current
        current = family[current]
    return tuple(reversed(labels)), current, outermost


def _labelled(block: Block) -> bool:
    return bool(block.label) and not block.term and not block.quote


def _unlabelled(block: Block) -> bool:
    plain = not block.label and not block.term and not block.quote
    return plain and not block.table and not block.note


def _row(block: Block) -> bool:
    return bool(block.table) and not block.quote


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to one paragraph of a clause."""

    kind: Literal["definition", "unlabelled", "labelled", "quoted", "row", "note"]
    """What the reference goes by: a defined term, an ordinal, labels, or quotation."""
    term: str = ""
    """For a definition, the defined term."""
    labels: tuple[str, ...] = ()
    """For a labelled paragraph, its chain of labels, outermost first."""
    nth: int | None = None
    """Which one (1-based) among the paragraphs otherwise alike; None when there is one."""
    root: Ref | None = None
    """For a labelled paragraph, the unlabelled paragraph or definition its chain stops at."""
    noun: str = GENERIC
    """For a labelled paragraph, the noun of its outermost label's level ("subsection")."""

    def __str__(self) -> str:
        which = f"the {ordinal(self.nth)} " if self.nth is not None else ""
        if self.kind == "definition":
            return f"{which or 'the '}definition of {OPEN}{self.term}{CLOSE}"
        if self.kind == "unlabelled":
            return f"{which or 'the '}unlabelled paragraph"
        if self.kind == "quoted":
            return f"{which or 'the '}quoted paragraph"
        if self.kind == "row":
            return f"{which or 'the '}table row"
        if self.kind == "note":
            return f"the note [^{self.term}]"
        out = f"{which}{self.noun} {labels_text(self.labels)}"
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
    if ref.kind == "quoted":
        return [i for i, block in enumerate(blocks) if block.quote]
    if ref.kind == "row":
        return [i for i, block in enumerate(blocks) if _row(block)]
    if ref.kind == "note":
        return [i for i, block in enumerate(blocks) if block.note == ref.term]
    root = resolve(ref.root, blocks) if ref.root is not None else None
    out = []
    for i, block in enumerate(blocks):
        if not _labelled(block):
            continue
        labels, stop, _ = chain(blocks, i)
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


def _forms(blocks: tuple[Block, ...], index: int, vocabulary: Vocabulary) -> list[Ref]:
    block = blocks[index]
    if block.quote:
        alike = [i for i, b in enumerate(blocks) if b.quote]
        return [Ref("quoted"), Ref("quoted", nth=alike.index(index) + 1)]
    if block.term:
        same = [i for i, b in enumerate(blocks) if b.term == block.term]
        return [
            Ref("definition", term=block.term),
            Ref("definition", term=block.term, nth=same.index(index) + 1),
        ]
    if block.note:
        return [Ref("note", term=block.note)]
    if block.table:
        rows = [i for i, b in enumerate(blocks) if _row(b)]
        return [Ref("row"), Ref("row", nth=rows.index(index) + 1)]
    if not block.label:
        alike = [i for i, b in enumerate(blocks) if _unlabelled(b)]
        return [Ref("unlabelled"), Ref("unlabelled", nth=alike.index(index) + 1)]
    labels, stop, outermost = chain(blocks, index)
    noun = vocabulary.label_noun(blocks[outermost].kind)
    forms = [Ref("labelled", labels=labels, noun=noun)]
    if stop is not None:
        forms.append(
            Ref("labelled", labels=labels, root=ref_to(blocks, stop, vocabulary), noun=noun)
        )
    alike = candidates(Ref("labelled", labels=labels), blocks)
    forms.append(Ref("labelled", labels=labels, nth=alike.index(index) + 1, noun=noun))
    return forms


def ref_to(blocks: tuple[Block, ...], index: int, vocabulary: Vocabulary) -> Ref:
    """The shortest reference that names this paragraph and no other."""
    for form in _forms(blocks, index, vocabulary):
        try:
            if resolve(form, blocks) == index:
                return form
        except AmendmentError:
            continue
    raise AssertionError("the last form always names the paragraph")  # pragma: no cover


def name(blocks: tuple[Block, ...], index: int, vocabulary: Vocabulary) -> str:
    """The words of the shortest reference to a paragraph ("paragraph (c)(ii)")."""
    return str(ref_to(blocks, index, vocabulary))


def plain_labelled(ref: Ref) -> bool:
    """Whether a reference is a bare chain of labels (usable in a range)."""
    return ref.kind == "labelled" and ref.root is None and ref.nth is None


# --- reading references back ------------------------------------------------------------


def _nouns(vocabulary: Vocabulary) -> str:
    return "(?:" + "|".join(re.escape(noun) for noun in vocabulary.label_nouns) + ")"


def ref_pattern(vocabulary: Vocabulary) -> str:
    """A regular expression matching the words of one reference."""
    root = (
        rf"the (?:{ORDINAL_PATTERN} )?definition of {OPEN}[^{OPEN}{CLOSE}]*{CLOSE}"
        rf"|the (?:{ORDINAL_PATTERN} )?unlabelled paragraph"
        rf"|the (?:{ORDINAL_PATTERN} )?table row"
        rf"|the note \[\^{NOTE_LABEL}\]"
    )
    quoted = rf"the (?:{ORDINAL_PATTERN} )?quoted paragraph"
    labelled = rf"(?:the {ORDINAL_PATTERN} )?{_nouns(vocabulary)} {LABELS}(?: of (?:{root}))?"
    return rf"(?:{root}|{quoted}|{labelled})"


_DEFINITION = re.compile(
    rf"the (?:({ORDINAL_PATTERN}) )?definition of {OPEN}([^{OPEN}{CLOSE}]*){CLOSE}\Z"
)
_UNLABELLED = re.compile(rf"the (?:({ORDINAL_PATTERN}) )?unlabelled paragraph\Z")
_QUOTED = re.compile(rf"the (?:({ORDINAL_PATTERN}) )?quoted paragraph\Z")
_ROW = re.compile(rf"the (?:({ORDINAL_PATTERN}) )?table row\Z")
_NOTE = re.compile(rf"the note \[\^({NOTE_LABEL})\]\Z")


def split_labels(text: str) -> tuple[str, ...]:
    """ "(c)(ii)" → ("c", "ii")."""
    return tuple(re.findall(r"\(([A-Za-z0-9-]+)\)", text))


def parse(text: str, vocabulary: Vocabulary) -> Ref:
    """The reference written as these words; AmendmentError when they are not one."""
    if match := _DEFINITION.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("definition", term=match.group(2), nth=nth)
    if match := _UNLABELLED.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("unlabelled", nth=nth)
    if match := _QUOTED.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("quoted", nth=nth)
    if match := _ROW.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return Ref("row", nth=nth)
    if match := _NOTE.match(text):
        return Ref("note", term=match.group(1))
    labelled = re.compile(
        rf"(?:the ({ORDINAL_PATTERN}) )?({_nouns(vocabulary)}) ({LABELS})(?: of (.+))?\Z"
    )
    if match := labelled.match(text):
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        root = parse(match.group(4), vocabulary) if match.group(4) else None
        if root is not None and root.kind in ("labelled", "quoted"):
            raise AmendmentError(f"not a paragraph reference: {text!r}")
        return Ref(
            "labelled", labels=split_labels(match.group(3)), nth=nth, root=root,
            noun=match.group(2),
        )  # fmt: skip
    raise AmendmentError(f"not a paragraph reference: {text!r}")


__all__ += ["LABEL", "Ref", "chain", "name", "parse", "ref_pattern", "ref_to", "resolve"]

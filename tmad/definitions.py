"""Defined terms: where a document defines them, and where each definition applies.

A definition is written two ways:

- the TMAD's own syntax, a term line and ``: means …`` (:attr:`tmad.model.Block.term`),
  optionally labelled ("(1) Term" / ": means …");
- as real legislation writes it, in the paragraph's words: ``“Customer” means …``,
  ``(4) “Customer” means …``, ``the term “account holder” means …``,
  ``“Electric company”, “energy usage data” and “smart meter” have the meanings given
  in section 34-1501``.

A definition applies where its lead-in says: "For the purposes of this chapter" or "In
this Part" scopes it to the enclosing container of that level, "In this section" to the
clause it stands in (the noun the numbering scheme cites the level by); anything else
("In these Regulations", no lead-in at all) to the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tmad.model import Block, Clause, Edition, Section
from tmad.outline import parents

_QUOTED = r"[“\"]([^”\"]{1,80})[”\"]"
_INLINE = re.compile(
    rf"^(?:the term\s+|the expression\s+)?{_QUOTED}"
    rf"((?:\s*,\s*{_QUOTED}|\s+(?:and|or)\s+{_QUOTED})*)"
    r"\s+(?:means|includes|has the meaning|have the meanings|shall mean)\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"\b(?:In|For the purposes of)\s+(this|these)\s+([A-Za-z-]+)")


@dataclass(frozen=True, slots=True)
class Definition:
    """One term defined somewhere in an edition."""

    term: str
    """The term as defined ("Dormant Meter", "customer")."""
    block: Block
    """The paragraph defining it."""
    clause: Clause
    """The clause it stands in."""
    scope: str
    """Where it applies: "" for the whole document, a container's id, or "clause:ID"."""
    inline: bool
    """Whether it is defined in the words of a paragraph (case is then not significant:
    "“Customer” means" defines "customer")."""


def defined_terms(block: Block) -> list[tuple[str, bool]]:
    """The terms a paragraph defines, each with whether it is defined inline."""
    if block.term:
        return [(block.term, False)]
    if block.quote:
        return []
    match = _INLINE.match(block.text)
    if match is None:
        return []
    terms = [match.group(1), *re.findall(_QUOTED, match.group(2))]
    return [(term, True) for term in terms]


def definitions(edition: Edition) -> list[Definition]:
    """Every definition in an edition, in document order, with its scope."""
    out: list[Definition] = []
    scheme = edition.document.scheme
    for index, section in enumerate(edition.sections):
        for clause in section.clauses:
            for at, block in enumerate(clause.body):
                found = defined_terms(block)
                if not found:
                    continue
                word = _lead_in(clause.body, at)
                scope = _scope(edition, index, clause, word, scheme)
                out.extend(Definition(term, block, clause, scope, inline) for term, inline in found)
    return out


def _lead_in(body: tuple[Block, ...], at: int) -> str:
    """The word after "In this …" in the text introducing a definition ("chapter")."""
    family = parents(body)
    candidates = []
    current = family[at]
    while current is not None:
        candidates.append(body[current])
        current = family[current]
    candidates += [block for block in body[:at] if block.level == 0 and not block.term]
    for block in candidates:
        match = _LEAD_IN.search(block.text)
        if match is not None:  # "these Regulations": the whole instrument
            return match.group(2) if match.group(1) == "this" else ""
    return ""


def _scope(edition: Edition, index: int, clause: Clause, word: str, scheme) -> str:
    if not word:
        return ""
    key = word.casefold()
    if any(key == cite.casefold() for cite in scheme.unit.cite):
        return f"clause:{clause.id}"
    for level in scheme.containers:
        if any(key == cite.casefold() for cite in level.cite) or key == level.name:
            container = _enclosing(edition.sections, index, level.name, scheme)
            return container.id if container is not None else ""
    return ""


def _enclosing(sections: tuple[Section, ...], index: int, level: str, scheme) -> Section | None:
    """The container of a level holding section ``index`` (itself, or one above it)."""
    depth = scheme.level(level).depth
    for candidate in range(index, -1, -1):
        section = sections[candidate]
        if not section.level:
            return None
        here = scheme.level(section.level).depth
        if section.level == level:
            return section
        if here < depth:
            return None
    return None


def in_scope(edition: Edition, scope: str) -> list[Clause]:
    """The clauses a definition with this scope applies to."""
    if not scope:
        return list(edition.clauses())
    if scope.startswith("clause:"):
        return [c for c in edition.clauses() if c.id == scope[len("clause:") :]]
    scheme = edition.document.scheme
    out: list[Clause] = []
    inside = False
    depth = 0
    for section in edition.sections:
        here = scheme.level(section.level).depth if section.level else 0
        if section.id == scope:
            inside, depth = True, here
        elif inside and here <= depth:
            inside = False
        if inside:
            out.extend(section.clauses)
    return out

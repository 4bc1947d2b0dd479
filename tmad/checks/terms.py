"""Defined terms and abbreviations.

- T001: a capitalised phrase that starts like a defined term ("Dormant
  Installations" where "Dormant Meter" and "Dormant Device" are defined) but is
  none of them, nor a plural of one.
- T002 (warning): a defined term never used outside its own definition.
- T003: a term defined twice in one version.
- A001: an abbreviation expanded two ways ("Department for …" and "Department
  of … (BEIS)") in one publication, or against the document's definitions.
- A002 (warning): an abbreviation used before the text introduces it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext, TextUnit
from tmad.definitions import Definition, definitions, in_scope
from tmad.errors import Location
from tmad.model import Clause, Edition

_SMALL = {"and", "of", "for", "the", "&", "in", "on", "to"}
_ARTICLES = {"The", "A", "An"}
INTRODUCED = re.compile(r"\(([A-Z][A-Z0-9]{1,9})\)")
_MEANS = re.compile(r"(?:means|is) the ([A-Z].*)")


def _definitions(edition: Edition) -> dict[str, list]:
    """Each term defined, with its defining paragraphs (in document order)."""
    found: dict[str, list] = {}
    for definition in _found(edition):
        found.setdefault(definition.term, []).append(definition.block)
    return found


_CACHE: dict[int, tuple[Edition, list[Definition]]] = {}


def _found(edition: Edition) -> list[Definition]:
    """The edition's definitions, worked out once per edition while a check runs."""
    cached = _CACHE.get(id(edition))
    if cached is None or cached[0] is not edition:
        if len(_CACHE) > 64:
            _CACHE.clear()
        cached = _CACHE[id(edition)] = (edition, definitions(edition))
    return cached[1]


_TOKEN = re.compile(r"\(?[A-Za-z0-9][\w'’-]*\)?|[^\w\s]")


def _words(text: str) -> list[str]:
    """Words (a bracketed word such as "(Secure)" kept whole) and punctuation marks."""
    out = []
    for token in _TOKEN.findall(text):
        if token.startswith("(") != token.endswith(")"):
            token = token.strip("()")
        out.append(token.removesuffix("'s").removesuffix("’s"))
    return out


def _phrases(text: str) -> Iterator[str]:
    """Runs of two or more capitalised words, broken by punctuation and lower-case words."""
    run: list[str] = []
    for word in [*_words(text), ""]:
        if word and (
            word[0].isupper()
            or word[0].isdigit()
            or (word.startswith("(") and len(word) > 2 and word[1].isupper())
        ):
            run.append(word)
            continue
        if len(run) >= 2:
            yield " ".join(run)
        run = []


def _forms(term: str) -> tuple[str, ...]:
    forms = [term, term + "s", term + "es"]
    if term.endswith("y"):
        forms.append(term[:-1] + "ies")
    return tuple(forms)


def _covered(phrase: str, vocabulary: set[str]) -> bool:
    for known in vocabulary:
        for form in _forms(known):
            if phrase == form or phrase.startswith(form + " "):
                return True
    return False


def _vocabulary(edition: Edition) -> tuple[set[str], dict[str, list[str]]]:
    """Defined terms and the proper names their meanings mention; heads of multi-word terms.

    Only ordinary capitalised words ("Dormant", "Migration") count as heads: an
    acronym ("SMETS1") is capitalised anyway, so it signals nothing.
    """
    defined = _definitions(edition)
    terms = set(defined)
    vocabulary = set(terms)
    for blocks in defined.values():
        for block in blocks:
            vocabulary.update(_phrases(block.text))
    heads: dict[str, list[str]] = {}
    for term in terms:
        head = term.split()[0]
        if " " in term and head[:1].isupper() and head[1:].islower():
            heads.setdefault(head, []).append(term)
    return vocabulary, heads


def defined_terms(context: CheckContext) -> Iterator[Diagnostic]:
    """T001, T002, T003 over every version's text, each definition within its scope."""
    project = context.project
    reported: set[tuple] = set()
    for edition in project.editions.values():
        vocabulary, heads = _vocabulary(edition)
        found = _found(edition)
        seen: dict[tuple[str, str], Definition] = {}
        for definition in found:
            key_term = definition.term.casefold() if definition.inline else definition.term
            first = seen.setdefault((key_term, definition.scope), definition)
            if first is definition:
                continue
            key = ("T003", definition.block.location, definition.term)
            if key not in reported:
                reported.add(key)
                where = " in the same scope" if definition.scope else ""
                yield Diagnostic(
                    "T003", "error",
                    f"'{definition.term}' is defined twice{where} in {edition.label}",
                    definition.block.location or Location(""),
                )  # fmt: skip
        texts: dict[str, str] = {}
        for definition in seen.values():
            if definition.scope not in texts:
                texts[definition.scope] = _used_text(in_scope(edition, definition.scope))
            if _used(definition, texts[definition.scope]):
                continue
            key = ("T002", definition.block.location, definition.term)
            if key not in reported:
                reported.add(key)
                where = _scope_words(edition, definition.scope)
                yield Diagnostic(
                    "T002", "warning",
                    f"'{definition.term}' is defined but never used{where} in {edition.label}",
                    definition.block.location or Location(""),
                )  # fmt: skip
        number = edition.version.number
        units = [u for u in context.clause_units() if u.scope.endswith(" " + number)]
        yield from _lookalikes(units, vocabulary, heads, context, reported)
    for publication in context.publications:
        proposed = project.editions.get(publication.proposed)
        if proposed is None:
            continue
        vocabulary, heads = _vocabulary(proposed)
        units = [u for u in context.publication_units() if u.scope == publication.id]
        yield from _lookalikes(units, vocabulary, heads, context, reported)


def _lookalikes(
    units: list[TextUnit], vocabulary: set[str], heads: dict[str, list[str]], context, reported
) -> Iterator[Diagnostic]:
    for unit in units:
        if unit.origin == "heading":
            continue
        text = unit.text
        for phrase in _phrases(text):
            head = phrase.split()[0]
            if head not in heads or _covered(phrase, vocabulary):
                continue
            where = context.locator.find(unit.location, phrase)
            key = ("T001", where, phrase)
            if key in reported:
                continue
            reported.add(key)
            near = " or ".join(f"'{term}'" for term in sorted(heads[head]))
            yield Diagnostic(
                "T001", "warning",
                f"'{phrase}' looks like a defined term but is not defined: did you mean {near}?",
                where,
            )  # fmt: skip


def _expansion(text: str, end: int) -> str:
    """The run of capitalised words (with small joining words and commas) ending at ``end``."""
    words = re.findall(r"[\w'’-]+|,", text[:end])
    taken: list[str] = []
    for word in reversed(words):
        if word == "," or word[0].isupper() or (word in _SMALL and taken):
            taken.append(word)
            continue
        break
    while taken and (taken[-1] in _SMALL or taken[-1] in _ARTICLES or taken[-1] == ","):
        taken.pop()
    return " ".join(reversed(taken)).replace(" ,", ",")


def _leading(text: str) -> str:
    """The run of capitalised words (with small joining words) that starts ``text``."""
    taken: list[str] = []
    for word in re.findall(r"[\w'’-]+|[^\w\s]", text):
        if word[0].isupper() or (word in _SMALL and taken):
            taken.append(word)
            continue
        break
    while taken and taken[-1] in _SMALL:
        taken.pop()
    return " ".join(taken)


def _normal(phrase: str) -> str:
    return " ".join(phrase.replace(",", " ").casefold().split())


def _agree(one: str, other: str) -> bool:
    """Two expansions agree when equal or when one ends the other ("… of the Smart Energy Code")."""
    a, b = _normal(one), _normal(other)
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def abbreviations(context: CheckContext) -> Iterator[Diagnostic]:
    """A001 abbreviations expanded two ways; A002 used before being introduced."""
    project = context.project
    for publication in context.publications:
        edition = project.editions.get(publication.proposed)
        known: dict[str, tuple[str, Location]] = {}
        if edition is not None:
            for clause in edition.clauses():
                for block in clause.body:
                    if block.term and re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", block.term):
                        match = _MEANS.match(block.text)
                        expansion = _leading(match.group(1)) if match else ""
                        if len(expansion.split()) >= 2 and block.location is not None:
                            known[block.term] = (expansion, block.location)
        units = [u for u in context.publication_units() if u.scope == publication.id]
        introduced: dict[str, tuple[str, Location]] = {}
        introduced_at: dict[str, tuple[int, int]] = {}
        first_use: dict[str, tuple[int, int, Location]] = {}
        for index, unit in enumerate(units):
            spans = []
            for match in INTRODUCED.finditer(unit.text):
                abbreviation = match.group(1)
                spans.append(match.span())
                expansion = _expansion(unit.text, match.start())
                if len(expansion.split()) < 2:
                    continue
                where = context.locator.find(unit.location, expansion or abbreviation)
                earlier = introduced.get(abbreviation) or known.get(abbreviation)
                if earlier is not None and not _agree(earlier[0], expansion):
                    yield Diagnostic(
                        "A001", "error",
                        f"{abbreviation} is expanded as '{expansion}' here but as "
                        f"'{earlier[0]}' at {earlier[1]}",
                        where,
                    )  # fmt: skip
                introduced.setdefault(abbreviation, (expansion, where))
                introduced_at.setdefault(abbreviation, (index, match.start()))
            for word in re.finditer(r"\b([A-Z][A-Z0-9]{1,9})\b", unit.text):
                inside = any(start < word.start() < end for start, end in spans)
                if not inside:
                    first_use.setdefault(word.group(1), (index, word.start(), unit.location))
        for abbreviation, position in introduced_at.items():
            used = first_use.get(abbreviation)
            if used is not None and used[:2] < position:
                yield Diagnostic(
                    "A002", "warning",
                    f"{abbreviation} is used before it is introduced at "
                    f"{introduced[abbreviation][1]}",
                    context.locator.find(used[2], abbreviation),
                )  # fmt: skip


def _used_text(clauses: list[Clause]) -> str:
    """The words a term can be used in: every paragraph (the meanings of other definitions
    too) and every heading."""
    words = [b.text for c in clauses for b in c.body]
    return "\n".join([*words, *(c.heading for c in clauses)])


def _used(definition: Definition, body: str) -> bool:
    """Whether a term is used in the text of its scope outside its own definition.

    ``"... and “Enrolled” shall be construed accordingly"``: a form quoted in a TMAD-style
    meaning counts too. An inline definition's term is matched in any case ("“Customer”
    means" defines "customer").
    """
    own = definition.block.text
    extra = [] if definition.inline else re.findall(r'["“]([^"”]+)["”]', own)
    flags = re.IGNORECASE if definition.inline else 0
    for form in [definition.term, *extra]:
        pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?:s|es)?(?![\w-])", flags)
        need = len(pattern.findall(own)) + 1  # one use more than the definition itself holds
        for count, _ in enumerate(pattern.finditer(body), start=1):
            if count >= need:
                return True
    return False


def _scope_words(edition: Edition, scope: str) -> str:
    """ " in chapter 15 (Consumer Energy Data)" for a scoped definition, "" for the document."""
    if not scope:
        return ""
    scheme = edition.document.scheme
    if scope.startswith("clause:"):
        clause = next(c for c in edition.clauses() if c.id == scope[len("clause:") :])
        return f" in {scheme.unit.noun} {clause.number}"
    section = next(s for s in edition.sections if s.id == scope)
    return f" in {scheme.level(section.level).noun} {section.number}"

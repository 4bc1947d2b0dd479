"""P001: proof-reading with Harper (``harper-py``: an offline English grammar and spelling
checker in Rust; no Java, no server), in British English.

Harper is given the project's own dictionary: every word of its defined terms, every
abbreviation its text uses (a word in capitals, "SMETS1", "DMCs", with its possessive), and
the house words listed under ``checks: words:`` in ``clauses/document.yaml``. Rules that
contradict legal drafting in British English are off (:data:`OFF`), each with its reason.
Each distinct paragraph is linted once; ``[[id]]`` references, web and e-mail addresses
are replaced by a number first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from tmad.checks import Diagnostic
from tmad.checks.config import CheckConfig
from tmad.checks.context import CheckContext

OFF: dict[str, str] = {
    "SentenceCapitalization": "list items and definitions are fragments: '(a) the Owner …'",
    "LongSentences": "a provision is one sentence, often of 40 words or more",
    "AnA": "abbreviations are read as words: 'a SMETS1 Meter'",
    "OxfordComma": "British drafting writes 'the Panel, the TAG and each Supplier'",
    "DisjointPrefixes": "British spelling keeps the hyphen: 're-configure'",
    "There": "it reads 'the re-configured' as 'there configured'",
    "NounVerbConfusion": "'shall have effect' is the statutory phrase",
    "MissingPreposition": "it flags sound noun phrases ('This document is illustrative')",
    "ThatThan": "it flags restrictive clauses ('each Meter that it may use')",
    "Dashes": "legal text uses en rules and hyphens as written",
    "NumericRangeEnDash": "code sections are numbered with hyphens: 'section 34-1503'",
}
"""Harper rules left off, and why (each produced only false positives on the examples)."""

_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+(?:s\b)?")
_NOT_WORDS = re.compile(
    r"\[\[[^\[\]\n]*\]\]"  # [[id]] references: ids are not words
    r"|\{\{[^{}\n]*\}\}"  # {{values}} a check could not fill in
    r"|\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”]"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)
"""Text Harper is not shown: each is replaced by a plain number before linting."""


def proofread(context: CheckContext) -> Iterator[Diagnostic]:
    """P001: spelling and grammar, one warning per finding, with Harper's suggestion."""
    units = list(context.units())
    words = _dictionary(context, units)
    linter = _Linters.get(words)
    seen: set[str] = set()
    for unit in units:
        if unit.text in seen or unit.quoted:
            continue
        seen.add(unit.text)
        for lint in linter.lint(_NOT_WORDS.sub("1", unit.text), language="plaintext"):
            where = context.locator.find(unit.location, lint.problem_text)
            suggestions = [s.replacement_text for s in lint.suggestions if s.replacement_text]
            hint = f" (perhaps '{suggestions[0]}')" if suggestions else ""
            yield Diagnostic(
                "P001", "warning",
                f"'{lint.problem_text.strip()}': {lint.message.rstrip('.')}{hint}",
                where,
            )  # fmt: skip


def _dictionary(context: CheckContext, units: list) -> tuple[str, ...]:
    """The project's words: defined terms, abbreviations in use, declared house words."""
    from tmad.checks.config import read_config
    from tmad.definitions import definitions

    words: set[str] = set()
    for edition in context.project.editions.values():
        for definition in definitions(edition):
            words.update(re.findall(r"[\w'’-]+", definition.term))
    for unit in units:
        for word in _ABBREVIATION.findall(unit.text):
            words.update((word, f"{word}'s"))  # Harper reads ’ as '
    config: CheckConfig = read_config(context.project.root)
    words.update(config.words)
    return tuple(sorted(words))


@cache
def _harper():
    """Harper's module, imported on first use."""
    import harper

    return harper


class _Linters:
    """One British English linter per process (building one takes about a second), with
    :data:`OFF` rules off and the current project's words added."""

    linter: Any = None
    words: tuple[str, ...] = ()

    @classmethod
    def get(cls, words: tuple[str, ...]):
        if cls.linter is None:
            harper = _harper()
            cls.linter = harper.Linter(harper.Dialect.BRITISH)
            cls.linter.set_lint_config(dict.fromkeys(OFF, False))
        if words != cls.words:
            cls.linter.clear_words()
            cls.linter.import_words(list(words))
            cls.words = words
        return cls.linter

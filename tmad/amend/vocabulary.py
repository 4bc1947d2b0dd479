"""The words a schedule of amendments uses for a document, taken from its numbering scheme.

The generator writes with these words and the interpreter reads with them, so a
schedule speaks the document's own language: "In Clause 4.26 (…), in paragraph (a)"
for the TMAD, "In section 34-1503 (…), in subsection (c-1)" for a US code,
"After paragraph (10) of regulation 4 insert—" for an SI. Nouns are the first
``cite`` word of each level; a sentence starts with a capital letter whatever the
noun's case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from tmad.labels import format_ordinal, ordinal
from tmad.scheme import Level, Scheme, compute

LABEL = r"\([A-Za-z0-9]{1,8}(?:-\d{1,3})?\)"
"""One bracketed label, as schedules write it."""

LABELS = rf"(?:{LABEL})+"
"""A chain of labels: "(c)(ii)"."""

GENERIC = "paragraph"
"""The noun for a paragraph with no level (unlabelled, or a definition)."""


def capital(text: str) -> str:
    """The text with its first letter in capitals (a sentence's start)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Vocabulary:
    """The schedule words of one document."""

    scheme: Scheme
    """The document's numbering scheme."""

    @property
    def unit(self) -> Level:
        """The level of clauses."""
        return self.scheme.unit

    def noun(self, level: str) -> str:
        """The noun citing a level ("Clause", "section", "Part")."""
        return self.scheme.level(level).noun if level else ""

    def plural(self, noun: str) -> str:
        """ "Clauses", "sections"."""
        return noun + "s"

    def label_noun(self, kind: str) -> str:
        """The noun of a paragraph level ("subsection"), "paragraph" for none."""
        return self.scheme.level(kind).noun if kind else GENERIC

    @cached_property
    def label_nouns(self) -> tuple[str, ...]:
        """Every noun a paragraph reference may start with, longest first."""
        nouns = {GENERIC, *(level.noun for level in self.scheme.labels)}
        return tuple(sorted(nouns, key=lambda n: (-len(n), n)))

    @cached_property
    def heading_nouns(self) -> tuple[str, ...]:
        """Every noun of a heading level, longest first."""
        nouns = {level.noun for level in self.scheme.headings}
        return tuple(sorted(nouns, key=lambda n: (-len(n), n)))

    def levels_cited(self, noun: str) -> list[Level]:
        """The heading levels a noun cites (case ignored)."""
        return [lv for lv in self.scheme.headings if lv.noun.casefold() == noun.casefold()]

    def noun_pattern(self, plural: bool = False) -> str:
        """A regular expression matching any heading noun, either case at the start."""
        words = []
        for noun in self.heading_nouns:
            form = self.plural(noun) if plural else noun
            words.append(f"[{re.escape(form[0].upper())}{re.escape(form[0].lower())}]"
                         f"{re.escape(form[1:])}")  # fmt: skip
        return "(?:" + "|".join(words) + ")"

    def printed(self, level: Level, number: str) -> str:
        """A number as the scheme prints it before a heading ("§ 34-1503A.")."""
        before, after = level.printed(number)
        return f"{before}{number}{after}"

    def split_heading(self, level: Level, text: str) -> tuple[str, str]:
        """A quoted heading read back: its number and its heading text."""
        before, after = level.printed("")
        if before and text.startswith(before):
            text = text[len(before) :]
        if after:
            at = text.find(after + " ")
            if at > 0:
                return text[:at], text[at + len(after) + 1 :]
            if text.endswith(after):
                return text[: -len(after)], ""
        number, _, heading = text.partition(" ")
        return number, heading

    # --- runs of computed numbers --------------------------------------------------------

    def _parts(self, level: Level, number: str) -> tuple[str, int] | None:
        """A computed number split into its parent's number and its place."""
        if level.fixed or not level.number:
            return None
        match = re.search(r"\{(1|a|i|A|I)\}", level.number)
        assert match is not None
        style = match.group(1)
        head = level.number[: match.start()]
        tail = level.number[match.end() :]
        if tail and not number.endswith(tail):
            return None
        core = number[: len(number) - len(tail)] if tail else number
        for cut in range(len(core) - 1, -1, -1):
            index = ordinal(style, core[cut:])
            if not index:
                continue
            prefix = core[:cut]
            literal = head.replace("{parent}", "")
            if not prefix.endswith(literal):
                continue
            parent = prefix[: len(prefix) - len(literal)]
            if compute(level, index, parent) == number:
                return parent, index
        return None

    def successor(self, level: Level, number: str) -> str | None:
        """The number after ``number`` among its siblings (4.34 → 4.35), None if not computed."""
        parts = self._parts(level, number)
        if parts is None:
            return None
        return compute(level, parts[1] + 1, parts[0])

    def run(self, level: Level, first: str, last: str) -> list[str]:
        """The numbers from ``first`` to ``last`` (4.34, 4.35, …, 4.42); [] when not a run."""
        out = [first]
        while out[-1] != last and len(out) < 10_000:
            following = self.successor(level, out[-1])
            if following is None:
                return []
            out.append(following)
        return out if out[-1] == last else []

    def letter(self, index: int) -> str:
        """The letter of the index-th lettered item: (a), (b)."""
        return format_ordinal("a", index)

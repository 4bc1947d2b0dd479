"""The collation's model: what was read from each returned form, and what could not be read.

Everything here is frozen and built once by :func:`tmad.responses.collate.collate`;
the writers in :mod:`tmad.responses.output` only present it. Answers are keyed by
the consultation's stable question ids (``early-firmware``), never by number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Confidentiality = Literal["all", "part", "none", "not stated", "unrecognised"]
"""What a respondent answered to "all, part or none confidential?".

"not stated" is an empty (or placeholder) answer; "unrecognised" is text that is
none of the three options. Only "none" is published (see :attr:`Response.publishable`).
"""


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """A consultation question, as the collation shows it."""

    id: str
    """Stable id (``early-firmware``); the form's field is ``question.<id>``."""
    label: str
    """ "Firmware Q1"."""
    text: str
    """The question's text, plain (lines separated by newlines)."""


@dataclass(frozen=True, slots=True)
class OtherField:
    """Text found in a returned form that answers no question of this consultation.

    A control tagged ``question.<id>`` for an id the consultation does not have (a
    template of another consultation or an older draft), or a control that carries
    no tmad name at all but holds text. Kept, shown in the full collation and the
    CSV, never published.
    """

    name: str
    """The field's tag or title, or "(untitled control)"."""
    text: str
    """What it holds."""


@dataclass(frozen=True, slots=True)
class Response:
    """One returned form that was read."""

    file: str
    """The file's name in the folder (the collation's sort key)."""
    format: Literal["docx", "pdf"]
    """What kind of form it is."""
    sha256: str
    """Digest of the file's bytes (identical files are flagged as duplicates)."""
    name: str
    """``respondent.name``."""
    organisation: str
    """``respondent.organisation``."""
    role: str
    """``respondent.role``."""
    email: str
    """``respondent.email``."""
    telephone: str
    """``respondent.telephone``."""
    confidentiality: Confidentiality
    """The respondent's answer to the confidentiality question, mapped to a code."""
    confidentiality_text: str
    """The confidentiality answer exactly as found ("Part of my response is confidential")."""
    confidentiality_reason: str
    """``confidential.reason``: which parts are confidential and why."""
    answers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Non-empty answers by question id, in the publication's question order."""
    other_fields: tuple[OtherField, ...] = ()
    """Text that answers no question of this consultation (kept, never published)."""
    notes: tuple[str, ...] = ()
    """What a reader of the collation should know about this file (one sentence each)."""
    duplicates: tuple[str, ...] = ()
    """Other files from the same email address, or byte-identical: possible duplicates (the
    first ones, at most ``Limits.max_duplicates_listed``)."""
    duplicates_total: int = 0
    """How many other files are possible duplicates in all."""
    key: str = ""
    """A unique key of the response in its collation ("r3": the third entry of the folder),
    never its displayed name: two files whose names display the same are told apart by it."""

    @property
    def publishable(self) -> bool:
        """Whether the response may appear in the publishable collation.

        Only an explicit "None of my response is confidential" with no reason for
        confidentiality given. "Part" leaves out the whole response (which parts are
        confidential is free text that cannot be applied mechanically); a missing or
        unrecognised answer is read cautiously, as confidential, because publishing
        what was meant to be confidential cannot be undone while withholding can be
        corrected by asking the respondent.
        """
        return self.confidentiality == "none" and not substantive(self.confidentiality_reason)

    @property
    def withheld_because(self) -> str:
        """Why the response is left out of the publishable collation ("" when it is not)."""
        if self.confidentiality == "all":
            return "all of the response is confidential"
        if self.confidentiality == "part":
            return "part of the response is confidential, so the whole response is withheld"
        if self.confidentiality == "not stated":
            return "confidentiality not stated (treated as confidential until confirmed)"
        if self.confidentiality == "unrecognised":
            return (
                f"confidentiality answer not recognised ({self.confidentiality_text!r}; "
                "treated as confidential until confirmed)"
            )
        if substantive(self.confidentiality_reason):
            return (
                "'none' chosen but a reason for confidentiality was given "
                "(treated as confidential until confirmed)"
            )
        return ""

    @property
    def respondent(self) -> str:
        """Who responded, for the full collation: "Name (Organisation)"."""
        if self.name and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation or f"(no name given: {self.file})"


_NOT_A_REASON = frozenset(
    {"", "-", "--", "n/a", "na", "n.a.", "n.a", "none", "nil", "no", "not applicable", "nothing"}
)


def substantive(reason: str) -> bool:
    """Whether a reason for confidentiality says anything ("N/A" and "none" do not)."""
    return " ".join(reason.split()).casefold().rstrip(".") not in _NOT_A_REASON


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in the folder that was not read, and why."""

    file: str
    """The file's name in the folder."""
    reason: str
    """Why it was skipped, in a sentence a person can act on."""


@dataclass(frozen=True, slots=True)
class Collation:
    """Every returned form in a folder, read against one consultation."""

    publication_id: str
    """The publication's id ("early-firmware")."""
    title: str
    """The consultation's title."""
    owner: str
    """Who runs the consultation (author of the outputs)."""
    classification: str
    """The publication's security marking (used on the publishable outputs only)."""
    language: str
    """BCP 47 tag of the outputs."""
    date: dt.date | None
    """The closing date (``respond_by``, else ``issued``): the outputs' date, never the clock."""
    questions: tuple[QuestionInfo, ...]
    """The consultation's questions, in order."""
    responses: tuple[Response, ...]
    """The forms that were read, by file name."""
    skipped: tuple[Skipped, ...]
    """The files that were not read, by file name."""

    @property
    def files_seen(self) -> int:
        """Every entry of the folder: read or skipped."""
        return len(self.responses) + len(self.skipped)

    def answers(self, question_id: str) -> list[tuple[Response, str]]:
        """Each response's non-empty answer to a question, in file order."""
        return [(r, r.answers[question_id]) for r in self.responses if question_id in r.answers]

    def answer_count(self, question_id: str, publishable: bool = False) -> int:
        """How many responses answered a question (only publishable ones if asked)."""
        return sum(
            1
            for response, _ in self.answers(question_id)
            if response.publishable or not publishable
        )

    @property
    def publishable(self) -> tuple[Response, ...]:
        """The responses that may be published."""
        return tuple(r for r in self.responses if r.publishable)

    @property
    def withheld(self) -> tuple[Response, ...]:
        """The responses left out of the publishable collation."""
        return tuple(r for r in self.responses if not r.publishable)

    def confidentiality_counts(self) -> dict[str, int]:
        """How many responses gave each confidentiality answer (every code, zero included)."""
        counts = dict.fromkeys(("none", "part", "all", "not stated", "unrecognised"), 0)
        for response in self.responses:
            counts[response.confidentiality] += 1
        return counts

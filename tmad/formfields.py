"""The response template's fields: one schema for its HTML/PDF form, its DOCX content controls
and the collation that reads returned forms back (:mod:`tmad.responses`).

Every field has a stable name: respondent fields ``respondent.name`` …, the
confidentiality answer ``confidential`` and ``confidential.reason``, and one
answer per question ``question.<question id>``. Returned forms are read back by
these names (``tmad responses collate``), so they never change with wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the respondent details."""

    name: str
    """Stable field name."""
    label: str
    """What the respondent sees."""
    type: str
    """HTML input type."""


RESPONDENT = (
    Field("respondent.name", "Name", "text"),
    Field("respondent.organisation", "Organisation", "text"),
    Field("respondent.role", "Role", "text"),
    Field("respondent.email", "Email", "email"),
    Field("respondent.telephone", "Telephone", "tel"),
)
"""The respondent details table."""

CONFIDENTIAL = "confidential"
CONFIDENTIAL_REASON = "confidential.reason"


class Option(TypedDict):
    """One answer to the confidentiality question."""

    value: Literal["all", "part", "none"]
    label: str


class Question(TypedDict):
    """The confidentiality question: its wording, options and the reason asked for."""

    question: str
    options: tuple[Option, ...]
    reason: str


CONFIDENTIALITY: Question = {
    "question": "Would you like all, part or none of your response to be treated as confidential?",
    "options": (
        {"value": "all", "label": "All of my response is confidential"},
        {"value": "part", "label": "Part of my response is confidential"},
        {"value": "none", "label": "None of my response is confidential"},
    ),
    "reason": "If all or part, please say which parts and explain why you regard them as "
    "confidential.",
}
"""The confidentiality question."""


CONFIDENTIAL_TITLE = "Confidential (all, part or none)"
"""The title (``w:alias``) of the confidentiality drop-down in the DOCX."""
REASON_TITLE = "Reason for confidentiality"
"""The title of the confidentiality reason's control in the DOCX."""
PROMPT = "Click or tap here to enter text."
"""The placeholder an empty text control shows (Word's own wording)."""
CHOICE_PROMPT = "Choose an item."
"""The placeholder an unanswered drop-down shows."""


def answer_title(label: str) -> str:
    """The title of a question's answer control in the DOCX ("Response to Firmware Q1").

    LibreOffice keeps titles but drops tags when it saves, so returned forms are
    also read by title: every title here must stay unique within a form.
    """
    return f"Response to {label}"


def question_field(question_id: str) -> str:
    """The field name of a question's answer."""
    return f"question.{question_id}"

"""Which field of a returned form is which: by stable name, or by title when a client lost the name.

The response template names every field (:mod:`tmad.formfields`): a DOCX
control's ``w:tag`` and a PDF field's ``/T`` are ``respondent.name``, …,
``confidential``, ``confidential.reason`` and ``question.<id>``. LibreOffice
(7.4) keeps a control's title (``w:alias``) but drops its tag when it saves a
DOCX, and drops both from the drop-down list, so a control without a tag is
identified by its title ("Response to Firmware Q1", the titles
:mod:`tmad.render.response` gives) and the drop-down by its three options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tmad.formfields import (
    CHOICE_PROMPT,
    CONFIDENTIAL,
    CONFIDENTIAL_REASON,
    CONFIDENTIAL_TITLE,
    CONFIDENTIALITY,
    PROMPT,
    REASON_TITLE,
    RESPONDENT,
    answer_title,
    question_field,
)
from tmad.responses.model import Confidentiality, QuestionInfo

QUESTION_PREFIX = "question."
"""Every answer field's name starts so."""

PROMPTS = (PROMPT, CHOICE_PROMPT, "Click or tap to enter a date.")
"""Placeholder texts (Word's wording, as in the template): a field holding only these is empty."""


@dataclass(frozen=True, slots=True)
class Schema:
    """The fields a returned form of one consultation should have."""

    questions: tuple[QuestionInfo, ...]
    """The consultation's questions."""
    titles: dict[str, str] = field(default_factory=dict)
    """Field name by control title (for forms whose tags were lost)."""

    @classmethod
    def of(cls, questions: tuple[QuestionInfo, ...]) -> Schema:
        """The schema of a consultation with these questions."""
        titles = {item.label: item.name for item in RESPONDENT}
        titles[CONFIDENTIAL_TITLE] = CONFIDENTIAL
        titles[REASON_TITLE] = CONFIDENTIAL_REASON
        for question in questions:
            titles[answer_title(question.label)] = question_field(question.id)
        return cls(questions, titles)

    @property
    def names(self) -> frozenset[str]:
        """Every known field name."""
        return frozenset(
            [item.name for item in RESPONDENT]
            + [CONFIDENTIAL, CONFIDENTIAL_REASON]
            + [question_field(q.id) for q in self.questions]
        )

    def is_field(self, name: str) -> bool:
        """Whether a name is one tmad gives (a question of this consultation or not)."""
        return name in self.names or name.startswith(QUESTION_PREFIX)


OPTION_VALUES = tuple(option["value"] for option in CONFIDENTIALITY["options"])
"""The confidentiality options' values: all, part, none."""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


_OPTIONS: Mapping[str, Confidentiality] = {
    _norm(written): option["value"]
    for option in CONFIDENTIALITY["options"]
    for written in (option["label"], option["value"])
}


def confidentiality(text: str, fallback: str = "") -> Confidentiality:
    """Map a confidentiality answer (display text or value) to all / part / none.

    Placeholder text and nothing are "not stated"; anything else that is not an
    option's label or value is "unrecognised" (the caller keeps the text).
    ``fallback`` is a value recorded beside the text (a drop-down's ``w:lastValue``).
    """
    text = strip_prompts(text)
    for candidate in (text, fallback):
        value = _OPTIONS.get(_norm(candidate))
        if value is not None:
            return value
    if not text.strip():
        return "not stated"
    return "unrecognised"


def strip_prompts(text: str) -> str:
    """Text without placeholder prompts left around what was typed or chosen."""
    for prompt in PROMPTS:
        text = text.replace(prompt, "")
    return text.strip()


def is_prompt(text: str) -> bool:
    """Whether text is nothing but placeholder prompts (an unanswered field)."""
    return not strip_prompts(text)

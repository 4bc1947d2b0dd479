"""Collating a folder of returned forms: read each file, or say why not; nothing is lost silently.

Every entry of the folder ends up in the collation exactly once: as a
:class:`~tmad.responses.model.Response` or as a
:class:`~tmad.responses.model.Skipped` with its reason (a file that is not a DOCX
or PDF, a link out of the folder, a damaged or hostile file). Files are read in
name order, so the same folder always gives the same collation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from tmad.errors import TmadError, UsageError
from tmad.formfields import CONFIDENTIAL, CONFIDENTIAL_REASON, RESPONDENT, question_field
from tmad.publication.model import Publication, plain_text
from tmad.responses.fields import QUESTION_PREFIX, Schema, confidentiality
from tmad.responses.model import (
    Collation,
    OtherField,
    QuestionInfo,
    Response,
    Skipped,
)
from tmad.responses.word import RawForm, read_docx
from tmad.untrusted import Limits, Unreadable, first_line, identity, read_bounded, shown_name

_OTHER_KINDS = {
    ".doc": "an old-format Word file (.doc): ask the respondent to save it as .docx or PDF",
    ".docm": "a macro-enabled Word file (.docm): ask the respondent to save it as .docx or PDF",
    ".odt": "an OpenDocument file (.odt): ask the respondent to save it as Word (.docx) or PDF",
    ".rtf": "an RTF file: ask the respondent to save it as Word (.docx) or PDF",
    ".zip": "a zip archive: unpack it into the folder first (files inside are not searched)",
    ".msg": "a saved email: save its attachment into the folder instead",
    ".eml": "a saved email: save its attachment into the folder instead",
}


def collate(directory: Path, publication: Publication, limits: Limits | None = None) -> Collation:
    """Read every returned form directly in ``directory`` against ``publication``'s questions.

    ``publication`` should be resolved (question text with its values filled in),
    see :func:`publication_for`. Raises UsageError when ``directory`` is not a
    folder; a file that cannot be read is listed in ``skipped``, never raised.
    """
    limits = limits or Limits()
    if not directory.is_dir():
        raise UsageError(f"no folder of returned forms at {directory}")
    root = directory.resolve()
    try:
        names = sorted(os.listdir(root))
    except OSError as exc:
        raise TmadError(f"{directory}: cannot list the folder: {exc.strerror or exc}") from None
    if len(names) > limits.max_files:
        raise TmadError(
            f"{directory}: {len(names)} entries, more than the {limits.max_files} a folder of "
            "returned forms may hold"
        )
    questions = question_infos(publication)
    schema = Schema.of(questions)
    responses: list[Response] = []
    skipped: list[Skipped] = []
    shown: dict[str, int] = {}
    for key, name in enumerate(names, start=1):
        outcome = read_entry(root, name, schema, limits)
        outcome = _told_apart(outcome, shown)
        if isinstance(outcome, Response):
            responses.append(replace(outcome, key=f"r{key}"))
        else:
            skipped.append(outcome)
    return Collation(
        publication_id=publication.id,
        title=publication.title,
        owner=publication.owner,
        classification=publication.classification,
        language=publication.language,
        date=_closing_date(publication),
        questions=questions,
        responses=_flag_duplicates(responses, limits),
        skipped=tuple(skipped),
    )


def _told_apart(outcome: Response | Skipped, shown: dict[str, int]) -> Response | Skipped:
    """A file whose name shows the same as an earlier one's (their names differ only in bytes
    that cannot be shown) gets " [2]", " [3]" … so no two files are ever confused."""
    count = shown.get(outcome.file, 0) + 1
    shown[outcome.file] = count
    if count == 1:
        return outcome
    file = f"{outcome.file} [{count}]"
    if isinstance(outcome, Response):
        note = "its name shows the same as another file's (they differ in characters that "
        note += f"cannot be shown): called {file!r} here"
        return replace(outcome, file=file, notes=(*outcome.notes, note))
    return replace(outcome, file=file)


def display_name(name: str) -> str:
    """A file name fit to print and write: undecodable bytes, control and directional
    characters as U+FFFD."""
    return shown_name(os.fsencode(name).decode("utf-8", "replace"), limit=255)


def read_entry(root: Path, name: str, schema: Schema, limits: Limits) -> Response | Skipped:
    """One folder entry read as a response, or skipped with the reason (named for display)."""
    outcome = _read_entry(root, name, schema, limits)
    shown = display_name(name)
    return outcome if shown == name else replace(outcome, file=shown)


def _read_entry(root: Path, name: str, schema: Schema, limits: Limits) -> Response | Skipped:
    path = root / name
    try:
        target = path
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return Skipped(name, "a broken link")
            if not target.is_relative_to(root):
                return Skipped(name, "a link to a file outside the folder: refused")
        if target.is_dir():
            return Skipped(name, "a folder: only the files directly in the folder are read")
        suffix = path.suffix.lower()
        if name.startswith("~$"):
            return Skipped(name, "a lock file Word leaves while a document is open, not a form")
        if suffix not in (".docx", ".pdf"):
            reason = _OTHER_KINDS.get(suffix) or (
                f"not a DOCX or PDF ({suffix} file)"
                if suffix
                else "not a DOCX or PDF (no extension)"
            )
            return Skipped(name, reason)
        data = read_bounded(target, limits)
        digest = hashlib.sha256(data).hexdigest()
        if suffix == ".docx":
            raw = read_docx(data, schema, limits)
        else:
            try:
                from tmad.responses.acroform import read_pdf
            except ImportError:
                return Skipped(name, "PDF forms cannot be read here: pikepdf is not installed")
            raw = read_pdf(data, schema, limits)
        kind: Literal["docx", "pdf"] = "docx" if suffix == ".docx" else "pdf"
        return build_response(raw, name, kind, digest, schema, limits)
    except Unreadable as exc:
        return Skipped(name, str(exc))
    except RecursionError:
        return Skipped(name, "nested too deeply to read: refused")
    except MemoryError:
        return Skipped(name, "too large to read within the memory available: refused")
    except Exception as exc:  # never let one file stop the collation; report it by name
        return Skipped(
            name, f"could not be read ({type(exc).__name__}: {first_line(exc)}); read it by hand"
        )


def _check_size(name: str, text: str, total: int, limits: Limits) -> None:
    """Refuse a form whose fields hold more than a response can (one field or all together)."""
    if total > limits.max_answer_chars:
        raise Unreadable(
            f"the form's fields hold more than {limits.max_answer_chars:,} characters: more "
            "than any response; read it by hand"
        )
    lines = text.count("\n") + 1
    if lines > limits.max_answer_lines:
        raise Unreadable(
            f"{shown_name(name, 60)} holds {lines:,} lines, more than the "
            f"{limits.max_answer_lines:,} a field of a response form may hold"
        )


def build_response(
    raw: RawForm,
    file: str,
    kind: Literal["docx", "pdf"],
    digest: str,
    schema: Schema,
    limits: Limits | None = None,
) -> Response:
    """A response from the fields read from a form."""
    limits = limits or Limits()
    notes = list(raw.notes)
    values: dict[str, str] = {}
    size = 0
    for name, texts in raw.values.items():
        filled = [text for text in texts if text]
        if len(filled) > 1 and name != CONFIDENTIAL:
            notes.append(f"{name} appears {len(filled)} times in the form: their texts are joined")
        values[name] = "\n\n".join(filled)
        size += len(values[name])
        _check_size(name, values[name], size, limits)
    for other_field in raw.other:
        size += len(other_field.text)
        _check_size(other_field.name, other_field.text, size, limits)
    respondent = {
        field.name: shown_name(values.get(field.name, ""), limit=500) for field in RESPONDENT
    }
    choices = [text for text in raw.values.get(CONFIDENTIAL, []) if text]
    choice = values.get(CONFIDENTIAL, "")
    code = confidentiality(choice, raw.extra.get(CONFIDENTIAL, ""))
    if len(choices) > 1:
        codes = {confidentiality(text) for text in choices}
        if len(codes) > 1:
            code = "unrecognised"
            shown = "; ".join(repr(shown_name(text, 80)) for text in dict.fromkeys(choices))
            notes.append(
                f"the form gives {len(choices)} different answers to the confidentiality "
                f"question ({shown}): treated as confidential until confirmed"
            )
        else:
            choice = choices[0]
            code = confidentiality(choice, raw.extra.get(CONFIDENTIAL, ""))
    answers = {
        q.id: values[question_field(q.id)]
        for q in schema.questions
        if values.get(question_field(q.id))
    }
    other = [OtherField(shown_name(o.name), o.text) for o in raw.other]
    for name in sorted(values):
        if name.startswith(QUESTION_PREFIX) and name not in schema.names and values[name]:
            other.append(OtherField(shown_name(name), values[name]))
    for item in other:
        if item.name.startswith(QUESTION_PREFIX):
            notes.append(
                f"{item.name} answers a question this consultation does not have (a template "
                "of another consultation or draft?): kept in the full collation, never published"
            )
        else:
            notes.append(
                f"a box that is not a field of the form ({item.name}) holds text: kept in the "
                "full collation, never published"
            )
    if not any(values.values()) and not other:
        raise Unreadable("a blank form: nothing was filled in")
    if not answers:
        notes.append("no question is answered")
    return Response(
        file=file,
        format=kind,
        sha256=digest,
        name=respondent["respondent.name"],
        organisation=respondent["respondent.organisation"],
        role=respondent["respondent.role"],
        email=respondent["respondent.email"],
        telephone=respondent["respondent.telephone"],
        confidentiality=code,
        confidentiality_text=" ".join(choice.split()),
        confidentiality_reason=values.get(CONFIDENTIAL_REASON, ""),
        answers=MappingProxyType(answers),
        other_fields=tuple(other),
        notes=tuple(notes),
    )


def _flag_duplicates(responses: list[Response], limits: Limits) -> tuple[Response, ...]:
    """Responses with ``duplicates`` set: other files from the same email address (compared
    without case, spaces or invisible characters), or identical bytes.

    Each response names at most ``limits.max_duplicates_listed`` of the others and counts the
    rest, so thousands of copies of one file cannot grow the collation with the square of
    their number.
    """
    by_email: dict[str, list[str]] = defaultdict(list)
    by_digest: dict[str, list[str]] = defaultdict(list)
    for response in responses:
        if response.email:
            by_email[identity(response.email)].append(response.file)
        by_digest[response.sha256].append(response.file)
    most = limits.max_duplicates_listed
    out = []
    for response in responses:
        same_email = by_email.get(identity(response.email), []) if response.email else []
        same_bytes = by_digest[response.sha256]
        if len(same_email) < 2 and len(same_bytes) < 2:
            out.append(response)
            continue
        others = sorted({*same_email, *same_bytes} - {response.file})
        notes = list(response.notes)
        email_twins = [f for f in same_email if f != response.file]
        byte_twins = [f for f in same_bytes if f != response.file]
        if byte_twins:
            notes.append(f"identical to {_some(byte_twins, most)}: the same file sent twice?")
        if email_twins:
            notes.append(
                f"same email address as {_some(email_twins, most)}: a possible duplicate or "
                "revised response (both are kept)"
            )
        out.append(
            replace(
                response,
                duplicates=tuple(others[:most]),
                duplicates_total=len(others),
                notes=tuple(notes),
            )
        )
    return tuple(out)


def _some(files: list[str], most: int) -> str:
    """ "a, b, c and 97 more"."""
    named = ", ".join(files[:most])
    return f"{named} and {len(files) - most} more" if len(files) > most else named


# --- the publication ---------------------------------------------------------------------


def publication_for(project, ident: str | None = None) -> Publication:
    """The publication whose forms are collated, resolved: by id, or the project's only one."""
    from tmad.naming import publication_links
    from tmad.publication.resolve import resolve_publication

    if ident is None:
        if len(project.publications) != 1:
            known = ", ".join(p.id for p in project.publications) or "none"
            raise UsageError(f"say which publication the responses answer (publications: {known})")
        publication = project.publications[0]
    else:
        publication = project.publication(ident)
    links = publication_links(publication, project.editions, publication.id)
    return resolve_publication(publication, dict(project.editions), links)


def question_infos(publication: Publication) -> tuple[QuestionInfo, ...]:
    """The publication's questions as the collation shows them."""
    return tuple(
        QuestionInfo(q.id, q.label, "\n".join(plain_text(p.children) for p in q.paragraphs).strip())
        for q in publication.questions()
    )


def _closing_date(publication: Publication) -> dt.date | None:
    for name in (publication.respond_by, publication.issued):
        parameter = publication.parameter(name)
        value = parameter.value if parameter is not None else None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    return None

"""Writing a collation: CSV for analysts, JSON for tools, HTML and DOCX for people.

| file | who it is for | confidential answers |
| --- | --- | --- |
| ``responses.csv`` | analysts (Excel): one row per respondent per question | included, marked |
| ``collation.json`` | tools: everything, ``tmad-collation/1`` | included, marked |
| ``collation.html`` | the consultation team: all answers, skipped files, notes | included, marked |
| ``collation-publishable.html``, ``.docx`` | the conclusions report | left out |

The publishable outputs hold only responses that answered "None of my response is
confidential" (see :attr:`tmad.responses.model.Response.publishable`), name a
respondent by organisation (or "Individual respondent N"), and never show email,
telephone, file names or notes. Output is deterministic: the same folder gives the
same bytes (files in name order; dates from the publication, never the clock).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from tmad.dates import long_date
from tmad.errors import UsageError
from tmad.responses.model import Collation, Response

FILES = (
    "responses.csv",
    "collation.json",
    "collation.html",
    "collation-publishable.html",
    "collation-publishable.docx",
)
"""What :func:`write_collation` writes, in this order."""

CSV_COLUMNS = (
    "file",
    "format",
    "respondent_name",
    "organisation",
    "role",
    "email",
    "telephone",
    "confidentiality",
    "confidentiality_answer",
    "confidentiality_reason",
    "publishable",
    "withheld_because",
    "possible_duplicates",
    "notes",
    "question_id",
    "question",
    "answer",
)
"""The columns of ``responses.csv``."""

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a cell may not start with (spreadsheets run it as a formula): prefixed with '."""

_LEADING = re.compile(r"[\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*")
"""Space and invisible characters a spreadsheet may skip before reading a formula."""

_NO_DATE = dt.date(1980, 1, 1)
"""The date of outputs when the publication has none (the earliest a zip can hold)."""


def write_collation(collation: Collation, out_dir: Path) -> list[Path]:
    """Write every output of a collation into ``out_dir`` (created); returns the paths written."""
    from tmad.writing import write_atomic

    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is a file, not a folder for the collation")
    outputs = {
        "responses.csv": csv_bytes(collation),
        "collation.json": json_bytes(collation),
        "collation.html": html(collation, publishable=False).encode(),
        "collation-publishable.html": html(collation, publishable=True).encode(),
        "collation-publishable.docx": docx_bytes(collation),
    }
    paths = []
    for name in FILES:
        path = out_dir / name
        write_atomic(path, outputs[name])
        paths.append(path)
    return paths


# --- CSV ---------------------------------------------------------------------------------


def safe_cell(value: str) -> str:
    """A cell no spreadsheet runs as a formula: one starting = + - @ (or a control), after any
    spaces or invisible characters (U+FEFF, U+200B, U+3000 …), gets a '."""
    leading = _LEADING.match(value)
    bare = value[leading.end() :] if leading is not None else value
    if value.startswith(_FORMULA) or bare.startswith(_FORMULA):
        return "'" + value
    return value


def csv_bytes(collation: Collation) -> bytes:
    """``responses.csv``: one row per respondent per question of the consultation.

    Every response has a row for every question (``answer`` empty when it was not
    answered), then a row for each box that answers no question of the consultation
    (``question`` says so). Its notes and possible duplicates are on its first row only,
    so the file grows with the responses and their fields, never with their product.
    UTF-8 with a byte order mark (Excel reads it as UTF-8),
    CRLF line ends, every cell guarded against formula injection.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for response in collation.responses:
        first = True
        common = [
            response.file,
            response.format,
            response.name,
            response.organisation,
            response.role,
            response.email,
            response.telephone,
            response.confidentiality,
            response.confidentiality_text,
            response.confidentiality_reason,
            "yes" if response.publishable else "no",
            response.withheld_because,
        ]
        once = [_duplicates_text(response), "\n".join(response.notes)]
        rows = [
            (question.id, question.label, response.answers.get(question.id, ""))
            for question in collation.questions
        ] + [
            (other.name, "(not a question of this consultation)", other.text)
            for other in response.other_fields
        ]
        for row_id, label, answer in rows:
            row = [*common, *(once if first else ["", ""]), row_id, label, answer]
            first = False
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


# --- JSON --------------------------------------------------------------------------------


def _duplicates_text(response: Response) -> str:
    """The possible duplicates a response names, and how many more there are."""
    more = response.duplicates_total - len(response.duplicates)
    text = " ".join(response.duplicates)
    return f"{text} (and {more} more)" if more > 0 else text


def json_data(collation: Collation) -> dict:
    """Everything in the collation as plain data (``tmad-collation/1``)."""
    return {
        "format": "tmad-collation/1",
        "publication": collation.publication_id,
        "title": collation.title,
        "date": collation.date.isoformat() if collation.date else None,
        "files_seen": collation.files_seen,
        "files_read": len(collation.responses),
        "questions": [
            {
                "id": q.id,
                "label": q.label,
                "text": q.text,
                "answers": collation.answer_count(q.id),
                "published": collation.answer_count(q.id, publishable=True),
            }
            for q in collation.questions
        ],
        "responses": [
            {
                "file": r.file,
                "format": r.format,
                "sha256": r.sha256,
                "respondent": {
                    "name": r.name,
                    "organisation": r.organisation,
                    "role": r.role,
                    "email": r.email,
                    "telephone": r.telephone,
                },
                "confidentiality": r.confidentiality,
                "confidentiality_answer": r.confidentiality_text,
                "confidentiality_reason": r.confidentiality_reason,
                "publishable": r.publishable,
                "withheld_because": r.withheld_because,
                "answers": dict(r.answers),
                "other_fields": [{"name": o.name, "text": o.text} for o in r.other_fields],
                "notes": list(r.notes),
                "possible_duplicates": list(r.duplicates),
                "possible_duplicates_total": r.duplicates_total,
            }
            for r in collation.responses
        ],
        "skipped": [{"file": s.file, "reason": s.reason} for s in collation.skipped],
    }


def json_bytes(collation: Collation) -> bytes:
    """``collation.json``."""
    return (json.dumps(json_data(collation), indent=2, ensure_ascii=False) + "\n").encode()


# --- what HTML and DOCX show --------------------------------------------------------------


_WITHHELD = (
    ("all", "all confidential"),
    ("part", "part confidential"),
    ("not stated", "confidentiality not stated"),
    ("unrecognised", "confidentiality answer not recognised"),
)


def public_names(collation: Collation) -> dict[str, str]:
    """How each publishable response is named in public: its organisation, else "Individual
    respondent N" (individuals are not named)."""
    names: dict[str, str] = {}
    individual = 0
    for response in collation.publishable:
        if response.organisation:
            names[response.key or response.file] = response.organisation
        else:
            individual += 1
            names[response.key or response.file] = f"Individual respondent {individual}"
    return names


def status(response: Response) -> str:
    """The marker of a response in the full collation."""
    if response.publishable:
        return "Publishable"
    return {
        "all": "Confidential: all",
        "part": "Confidential: part",
        "not stated": "Withheld: confidentiality not stated",
        "unrecognised": "Withheld: confidentiality unclear",
        "none": "Withheld: reason for confidentiality given",
    }[response.confidentiality]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def view(collation: Collation, publishable: bool) -> dict:
    """The template context of the full (or publishable) collation."""
    names = public_names(collation)
    anchors = {id(r): f"respondent-{index}" for index, r in enumerate(collation.responses, 1)}

    def who(response: Response) -> str:
        return names[response.key or response.file] if publishable else response.respondent

    questions = []
    for question in collation.questions:
        answers = [
            {"response": r, "who": who(r), "status": status(r), "lines": _lines(text)}
            for r, text in collation.answers(question.id)
            if r.publishable or not publishable
        ]
        questions.append(
            {
                "id": question.id,
                "label": question.label,
                "text": question.text,
                "anchor": f"question-{question.id}",
                "received": collation.answer_count(question.id),
                "published": collation.answer_count(question.id, publishable=True),
                "answers": answers,
            }
        )
    counts = collation.confidentiality_counts()
    withheld = [{"label": label, "count": counts[code]} for code, label in _WITHHELD]
    reasoned = sum(1 for r in collation.withheld if r.confidentiality == "none")
    withheld.append(
        {"label": "'none' chosen but a reason for confidentiality given", "count": reasoned}
    )
    others = [
        {"who": r.respondent, "file": r.file, "name": o.name, "lines": _lines(o.text)}
        for r in collation.responses
        for o in r.other_fields
    ]
    heading = "Summary of responses" if publishable else "Collation of responses"
    return {
        "collation": collation,
        "publishable": publishable,
        "heading": heading,
        "classification": collation.classification
        if publishable
        else "Not for publication: confidential responses and personal data",
        "closing": long_date(collation.date) if collation.date else "",
        "published": collation.publishable,
        "withheld_counts": withheld,
        "questions": questions,
        "respondents": [
            {"response": r, "status": status(r), "anchor": anchors[id(r)]}
            for r in collation.responses
        ],
        "others": others,
        "language": collation.language,
        "title": f"{heading}: {collation.title}",
        "author": collation.owner,
        "subject": f"Responses to {collation.title}",
        "date": (collation.date or _NO_DATE).isoformat(),
    }


def html(collation: Collation, publishable: bool) -> str:
    """``collation.html`` or, with ``publishable``, ``collation-publishable.html``."""
    from tmad.templating import render

    return render("collation.html", **view(collation, publishable))


# --- DOCX --------------------------------------------------------------------------------


def docx_bytes(collation: Collation) -> bytes:
    """``collation-publishable.docx``: the publishable summary for the conclusions report."""

    from tmad.render.docxkit import grid_table, masthead, new_document
    from tmad.render.wordml import add_run, save, set_core_properties

    context = view(collation, publishable=True)
    date = collation.date or _NO_DATE
    document = new_document(f"Summary of responses: {collation.title}", collation.classification)
    masthead(document, collation.classification, "Summary of responses", collation.title)
    for label, value in (
        ("Consultation", collation.title),
        ("Closed", context["closing"]),
        ("Responses", f"{len(collation.responses)} read, {len(collation.publishable)} published "
         "in this summary"),
    ):  # fmt: skip
        if value:
            paragraph = document.add_paragraph(style="TMAD Meta")
            add_run(paragraph, f"{label}: ", bold=True)
            add_run(paragraph, value)
    document.add_paragraph("Summary", style="Heading 1")
    rows = [
        ["Responses read", str(len(collation.responses))],
        ["Files that could not be read", str(len(collation.skipped))],
        ["Responses published in this summary", str(len(collation.publishable))],
    ] + [[f"Withheld: {row['label']}", str(row["count"])] for row in context["withheld_counts"]]
    grid_table(document, ["", "Number"], rows, [4, 1])
    document.add_paragraph(style="TMAD Spacer")
    grid_table(
        document,
        ["Question", "Answers received", "Answers published"],
        [[q["label"], str(q["received"]), str(q["published"])] for q in context["questions"]],
        [3, 1, 1],
    )
    document.add_paragraph(
        "Responses whose authors asked for all or part of them to be treated as confidential, "
        "or did not say, are not reproduced in this summary; they are counted above. Contact "
        "details are never published.",
        style="Normal",
    )
    document.add_paragraph("Answers by question", style="Heading 1")
    for question in context["questions"]:
        document.add_paragraph(question["label"], style="Heading 2")
        for line in _lines(question["text"]):
            paragraph = document.add_paragraph(style="Normal")
            add_run(paragraph, line, italic=True)
        document.add_paragraph(
            f"{question['received']} answer(s) received, {question['published']} published here.",
            style="TMAD Note",
        )
        for answer in question["answers"]:
            document.add_paragraph(answer["who"], style="Heading 3")
            for line in answer["lines"]:
                document.add_paragraph(line, style="Normal")
    set_core_properties(
        document,
        title=context["title"],
        subject=context["subject"],
        author=collation.owner,
        date=date,
        category=collation.classification,
    )
    return save(document, date)


# --- the command's report ---------------------------------------------------------------


def summary_lines(collation: Collation) -> list[str]:
    """What ``tmad responses collate`` prints: counts, then each skipped file and each warning."""
    lines = [
        f"read {len(collation.responses)} response(s) from {collation.files_seen} file(s); "
        f"{len(collation.publishable)} publishable, {len(collation.withheld)} withheld; "
        f"{len(collation.skipped)} file(s) skipped"
    ]
    for question in collation.questions:
        lines.append(
            f"{question.label}: {collation.answer_count(question.id)} answer(s), "
            f"{collation.answer_count(question.id, publishable=True)} publishable"
        )
    lines.extend(f"skipped {item.file}: {item.reason}" for item in collation.skipped)
    for response in collation.responses:
        if response.other_fields or response.duplicates:
            for note in response.notes:
                if "never published" in note or "duplicate" in note or "identical" in note:
                    lines.append(f"note {response.file}: {note}")
    return lines

"""Collating returned response forms: ``tmad responses collate DIR [-o OUT]``.

Reads every returned form in a folder (the response template filled in as DOCX,
or as PDF) by its stable field names, and writes a collation: every answer per
question with confidential responses marked, a publishable summary without them,
and a CSV for analysts. Returned files are untrusted input: see
:mod:`tmad.untrusted` for the limits, and :mod:`tmad.responses.fields`
for how fields are recognised when a client (LibreOffice) lost their names.

    from tmad.responses import collate, publication_for, write_collation

    collation = collate(folder, publication_for(project))
    paths = write_collation(collation, out_dir)
"""

from tmad.responses.collate import collate, publication_for
from tmad.responses.model import (
    Collation,
    OtherField,
    QuestionInfo,
    Response,
    Skipped,
)
from tmad.responses.output import FILES, summary_lines, write_collation
from tmad.untrusted import Limits

__all__ = [
    "FILES",
    "Collation",
    "Limits",
    "OtherField",
    "QuestionInfo",
    "Response",
    "Skipped",
    "collate",
    "publication_for",
    "summary_lines",
    "write_collation",
]

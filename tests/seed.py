"""The seed consultation (DCC, 24 July 2020) as words, and the corrections tmad's source makes.

The seed is text extracted from the published PDF: Markdown marks, HTML tags, the table of
contents with page numbers and footnotes placed where their page ended. ``seed_words``
strips those extraction artefacts (not words of the document); ``compare`` diffs our words
against it and returns every difference that is not a listed correction.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

SEED = Path(__file__).resolve().parent / "fixtures" / "seed" / "000_3686deed42658826.txt"
"""The seed, kept with the tests so that they run on a clone of the repository alone."""
SEED_SHA256 = "7915490f835e9efa7e4e42511410012c45a808297b8c40224d3f80c460b3c147"
"""The sha256 of the seed as the workspace holds it (``../shared/seeds/``)."""
WORKSPACE_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED.name
"""The workspace's own copy, beside the checkout, where there is one."""

CORRECTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    # the briefing date had two month words: "Tuesday 11 August July 2020"
    ("July",): (),
    # "causing a SMETS1 Installation to be stranded in low"
    ("in", "low"): ("is", "low"),
    ("in",): ("is",),
    # "a minor drafting to change to improve comprehension"
    ("to", "change"): ("change",),
    ("drafting", "to"): ("drafting",),
    ("to",): (),
    # "is at the what would have been the approved EPCL version"
    ("the",): (),
    # BEIS expanded two ways: "Department of Business" corrected to "Department for Business"
    ("of",): ("for",),
    # "Dormant installations" / "Dormant Installations" are not defined terms
    ("Dormant",): ("dormant",),
    ("Installations",): ("installations",),
    ("Dormant", "Installations"): ("dormant", "installations"),
    # the attachments table's note is marked "a", not "1" (which is also footnote 1's number)
    ("1",): ("a",),
    # the draft direction: the re-designation date is a parameter, set to 4 September 2020
    ("[DD", "MMM", "YYYY]"): ("4", "September", "2020"),
    ("[DD", "MMM", "YYYY],"): ("4", "September", "2020,"),
    # document furniture: the classification marking heads the first page
    (): ("DCC", "Public"),
}
"""Each seed slip and its correction, as (seed words) -> (our words)."""


def _strip(text: str) -> str:
    text = re.sub(r"<sup>(\d+)</sup>", r" \1", text)
    text = re.sub(r"</?b>", " ", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)  # <url> -> url
    text = text.replace("\\_", "_").replace("**", " ").replace("*", " ")
    text = re.sub(r"^\s*#+\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"^\s*- ", "", text, flags=re.MULTILINE)


def seed_text() -> tuple[str, list[str]]:
    """The seed's body (title block, sections, attachment) and its footnotes, artefacts removed."""
    raw = SEED.read_text(encoding="utf-8")
    lines = raw.split("\n")
    table = lines.index("**Table 1 - Attachments**")
    notes = [line for line in lines[:table] if re.match(r"<sup>\d+</sup> ", line)]
    body = [line for line in lines if line not in notes]
    start = body.index("# Table of Contents")
    end = body.index("# 1. Introduction and Context")
    body = body[:start] + body[end:]
    return _strip("\n".join(body)), [
        " ".join(_strip(re.sub(r"^<sup>\d+</sup> ", "", note)).split()) for note in notes
    ]


def words(text: str) -> list[str]:
    """Words, with list labels and punctuation kept as they are written."""
    return text.split()


def differences(ours: list[str], seed: list[str]) -> tuple[float, list[tuple[str, str]]]:
    """Similarity ratio and every difference that is not a listed correction."""
    matcher = difflib.SequenceMatcher(a=seed, b=ours, autojunk=False)
    unexplained = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = tuple(seed[a1:a2]), tuple(ours[b1:b2])
        if CORRECTIONS.get(old) == new:
            continue
        unexplained.append((" ".join(old), " ".join(new)))
    return matcher.ratio(), unexplained

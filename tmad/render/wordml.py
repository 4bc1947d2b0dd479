"""Low-level WordprocessingML for python-docx: revisions, fields, styles, reproducible zips.

python-docx has no API for tracked changes, so revisions are built as OOXML
elements: ``w:ins``/``w:del`` around runs (nested, ``w:ins`` outside, for text
inserted by one step and deleted by a later one) and in a paragraph mark's
``w:rPr`` for whole paragraphs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from functools import cache

import yaml
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tmad import templating


@dataclass(frozen=True, slots=True)
class Author:
    """Who made a revision and when (from the version's metadata, never the clock)."""

    name: str
    """The w:author of the revision."""
    date: dt.date
    """The w:date of the revision."""


@dataclass
class Revisions:
    """Issues revision elements: unique ids, the step's author and date.

    LibreOffice merges revisions of one author less than a minute apart into one
    range, even across a paragraph break it should leave alone (then "reject all"
    joins two paragraphs). So the time of day alternates between 00:00 and 00:02
    from one paragraph to the next; the date is always the step's.
    """

    authors: dict[int, Author]
    """Each step's author and date, by 1-based step."""
    next_id: int = 1
    """The next free w:id."""
    odd: bool = False
    """Whether the current paragraph is an odd one (its revisions are timed 00:02)."""

    def next_paragraph(self) -> None:
        """Start the revisions of the next paragraph."""
        self.odd = not self.odd

    def element(self, tag: str, step: int):
        """A w:ins or w:del element for a step."""
        author = self.authors[step]
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), author.name)
        minute = "02" if self.odd else "00"
        element.set(qn("w:date"), f"{author.date.isoformat()}T00:{minute}:00Z")
        self.next_id += 1
        return element


def run_element(text: str, *, deleted: bool = False, bold: bool = False, tab: bool = False):
    """A w:r holding text (w:t, or w:delText inside a deletion) or a tab."""
    run = OxmlElement("w:r")
    if bold:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:b"))
        run.append(props)
    if tab:
        run.append(OxmlElement("w:tab"))
        return run
    text_element = OxmlElement("w:delText" if deleted else "w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    return run


def add_run(
    paragraph: Paragraph,
    text: str,
    revisions: Revisions | None = None,
    *,
    inserted: int | None = None,
    deleted: int | None = None,
    bold: bool = False,
    tab: bool = False,
) -> None:
    """Append text to a paragraph, wrapped in the revisions it carries."""
    element = run_element(text, deleted=deleted is not None, bold=bold, tab=tab)
    if deleted is not None and revisions is not None:
        wrapper = revisions.element("w:del", deleted)
        wrapper.append(element)
        element = wrapper
    if inserted is not None and revisions is not None:
        wrapper = revisions.element("w:ins", inserted)
        wrapper.append(element)
        element = wrapper
    paragraph._p.append(element)


def mark_paragraph(
    paragraph: Paragraph, revisions: Revisions, inserted: int | None, deleted: int | None
) -> None:
    """Mark a paragraph's own mark as inserted and/or deleted."""
    if inserted is None and deleted is None:
        return
    props = paragraph._p.get_or_add_pPr()
    run_props = OxmlElement("w:rPr")
    if inserted is not None:
        run_props.append(revisions.element("w:ins", inserted))
    if deleted is not None:
        run_props.append(revisions.element("w:del", deleted))
    props.append(run_props)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a cached result."""
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), f" {instruction} ")
    field_element.append(run_element(shown))
    paragraph._p.append(field_element)


@cache
def style_spec() -> dict:
    """The page and style definitions from templates/docx-styles.yaml."""
    text = templating.folder().joinpath("docx-styles.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def apply_styles(document: DocxDocument) -> None:
    """Set page size, margins, language and paragraph styles from the style sheet."""
    spec = style_spec()
    page = spec["page"]
    for section in document.sections:
        section.page_width = Mm(page["width_mm"])
        section.page_height = Mm(page["height_mm"])
        section.top_margin = Mm(page["margin_top_mm"])
        section.bottom_margin = Mm(page["margin_bottom_mm"])
        section.left_margin = Mm(page["margin_left_mm"])
        section.right_margin = Mm(page["margin_right_mm"])
    styles = document.styles
    for name, props in spec["styles"].items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[props.get("base", "Normal")]
            style.quick_style = True
        font = style.font
        if "font" in props:
            font.name = props["font"]
            font.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), props["font"])
        if "size" in props:
            font.size = Pt(props["size"])
        if "bold" in props:
            font.bold = props["bold"]
        if "italic" in props:
            font.italic = props["italic"]
        if "color" in props:
            font.color.rgb = RGBColor.from_string(props["color"])
        fmt = style.paragraph_format
        if "space_before" in props:
            fmt.space_before = Pt(props["space_before"])
        if "space_after" in props:
            fmt.space_after = Pt(props["space_after"])
        if "line_spacing" in props:
            fmt.line_spacing = props["line_spacing"]
        if "keep_with_next" in props:
            fmt.keep_with_next = props["keep_with_next"]
        if "left_indent" in props:
            fmt.left_indent = Cm(props["left_indent"])
        if "hanging" in props:
            fmt.first_line_indent = Cm(-props["hanging"])
            fmt.tab_stops.add_tab_stop(Cm(props["left_indent"]))
        if "tab_cm" in props:
            fmt.tab_stops.add_tab_stop(Cm(props["tab_cm"]))
    normal = styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), spec["language"])
    lang.set(qn("w:eastAsia"), spec["language"])
    normal.append(lang)


def set_core_properties(
    document: DocxDocument,
    *,
    title: str,
    subject: str,
    author: str,
    date: dt.date,
    keywords: str = "",
    category: str = "",
) -> None:
    """Core properties from the sources: no clock, no machine user name."""
    when = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.keywords = keywords
    props.category = category
    props.comments = "Generated by tmad from plain-text sources."
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = style_spec()["language"]


def save(document: DocxDocument, date: dt.date) -> bytes:
    """The document as bytes with every zip member dated ``date``: same input, same bytes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()

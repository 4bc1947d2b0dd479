"""Low-level WordprocessingML for python-docx: revisions, fields, styles, reproducible zips.

python-docx has no API for tracked changes, so revisions are built as OOXML
elements: ``w:ins``/``w:del`` around runs (nested, ``w:ins`` outside, for text
inserted by one step and deleted by a later one) and in a paragraph mark's
``w:rPr`` for whole paragraphs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
import weakref
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

import yaml
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph

from tmad import templating
from tmad.render.oxml import make, put, valued

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TAB = None
"""In a plain paragraph's runs (:meth:`FastDocument.add_plain_paragraph`): a run holding a
tab."""
PlainRun = tuple[str, bool] | None
"""A plain paragraph's run: its text and whether it is bold, or :data:`TAB`."""
_NOT_PLAIN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""A character that XML text cannot carry as it is: ``\\r`` (a parser reads it as a line
feed), control characters, lone surrogates, U+FFFE and U+FFFF."""


class FastDocument(DocxDocument):
    """python-docx's document with quick paragraph appends.

    python-docx looks a style up by scanning every style for each paragraph, and
    inserts each paragraph by scanning the whole body; on a long clause text that
    is most of a DOCX's rendering time. Here style ids are looked up once and a
    paragraph goes straight in front of the final section properties.
    """

    def add_paragraph(self, text: str = "", style=None) -> Paragraph:
        """Append a paragraph (same behaviour as python-docx's, in constant time)."""
        paragraph_element = make("w:p")
        if style is not None:
            name = style if isinstance(style, str) else style.name
            paragraph_element.append(style_properties("p", self.style_id(name)))
        paragraph = self._append(paragraph_element)
        if text:
            paragraph.add_run(text)
        return paragraph

    def add_plain_paragraph(
        self, style: str, runs: Sequence[PlainRun], first_line_zero: bool = False
    ) -> Paragraph | None:
        """Append a paragraph of unmarked runs (``(text, bold)``, or :data:`TAB`) in the
        paragraph style named ``style``, built as one string of XML parsed once: the same
        elements that :meth:`add_paragraph` and :func:`add_run` make one at a time (a test
        holds the two equal), about four times faster, which matters because most of a
        long redline is unchanged. ``first_line_zero``: no hanging first line (an
        unlabelled paragraph at a label's level). None, and nothing appended, when a text is
        empty or holds a character XML cannot carry as it is (``\\r``, control characters):
        the caller builds that paragraph an element at a time."""
        parts = [
            f'<w:p xmlns:w="{_W}"><w:pPr><w:pStyle w:val="{html.escape(self.style_id(style))}"/>',
            '<w:ind w:firstLine="0"/></w:pPr>' if first_line_zero else "</w:pPr>",
        ]
        for run in runs:
            if run is TAB:
                parts.append("<w:r><w:tab/></w:r>")
                continue
            text, bold = run
            if not text or _NOT_PLAIN.search(text):  # lxml writes an empty w:t as <w:t></w:t>
                return None
            strong = "<w:rPr><w:b/></w:rPr>" if bold else ""
            text = html.escape(text, quote=False)  # xml.sax.saxutils would import urllib
            parts.append(f'<w:r>{strong}<w:t xml:space="preserve">{text}</w:t></w:r>')
        parts.append("</w:p>")
        return self._append(parse_xml("".join(parts)))

    def _append(self, paragraph_element) -> Paragraph:
        body, section = self._end()
        if section is not None:
            section.addprevious(paragraph_element)
        else:
            body.append(paragraph_element)
        return Paragraph(paragraph_element, self._body)

    def _end(self):
        """The body and its final section properties (None when it has none), found again
        only when they are no longer last: paragraphs go in front of them."""
        end = self._body_end
        if end is None or end[1] is None or end[1].getnext() is not None:
            body = self.element.body
            last = body[-1] if _has_children(body) else None
            end = (body, last if last is not None and last.tag == qn("w:sectPr") else None)
            self._body_end = end
        return end

    _body_end: tuple | None = None
    _ids: dict[str, str] | None = None
    _bookmarks = 0

    def _style_ids(self) -> dict[str, str]:
        ids = self._ids
        if ids is None:
            ids = {style.name: style.style_id for style in self.styles}
            self._ids = ids
        return ids

    def style_id(self, name: str) -> str:
        ids = self._style_ids()
        if name not in ids:  # added since, some other way: scan again
            self._ids = None
            ids = self._style_ids()
        if name not in ids:
            raise KeyError(f"no style named {name!r}")
        return ids[name]

    def table_grid(self, table) -> None:
        """Give a table the "Table Grid" style (python-docx's ``table.style =`` scans every
        style for the default table style on each call)."""
        table._tbl.tblStyle_val = self.style_id("Table Grid")

    def learn_style(self, name: str, style_id: str) -> None:
        """Record a style just added, without scanning every style again."""
        self._style_ids()[name] = style_id

    def next_bookmark(self) -> int:
        """A w:id for the next bookmark, unique in the document."""
        self._bookmarks += 1
        return self._bookmarks


def _has_children(element) -> bool:
    """Whether an element has a child, in constant time (``len()`` counts them all)."""
    return next(iter(element), None) is not None


def fast(document: DocxDocument) -> FastDocument:
    """The same document, with :class:`FastDocument`'s quick appends."""
    return FastDocument(document.element, document.part)


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
    moves: dict[int, str] = field(default_factory=dict)
    """While a moved clause is written: for the step that moved it, "from" (its old place:
    its deletions are w:moveFrom) or "to" (its new place: its insertions are w:moveTo)."""
    range_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    """The w:id of each open move range, by (name, "From" | "To")."""

    def next_paragraph(self) -> None:
        """Start the revisions of the next paragraph."""
        self.odd = not self.odd

    def moved(self, tag: str, step: int) -> bool:
        """Whether a w:del or w:ins of ``step`` is a move (w:moveFrom or w:moveTo)."""
        way = self.moves.get(step)
        return (tag, way) in (("w:del", "from"), ("w:ins", "to"))

    def element(self, tag: str, step: int):
        """A w:ins or w:del element for a step (w:moveTo or w:moveFrom in a moved clause)."""
        author = self.authors[step]
        if self.moved(tag, step):
            tag = "w:moveFrom" if tag == "w:del" else "w:moveTo"
        minute = "02" if self.odd else "00"
        element = make(
            tag,
            {
                "w:id": str(self.next_id),
                "w:author": author.name,
                "w:date": f"{author.date.isoformat()}T00:{minute}:00Z",
            },
        )
        self.next_id += 1
        return element


def style_properties(kind: str, style_id: str):
    """``<w:pPr><w:pStyle w:val=ID/></w:pPr>`` (``kind`` "p") or ``<w:rPr><w:rStyle
    w:val=ID/></w:rPr>`` (``kind`` "r"): properties naming a style, more may follow."""
    return make(f"w:{kind}Pr", None, valued(f"w:{kind}Style", style_id))


def run_element(
    text: str,
    *,
    style: str = "",
    deleted: bool = False,
    bold: bool = False,
    italic: bool = False,
    superscript: bool = False,
    tab: bool = False,
    line_break: bool = False,
):
    """A w:r holding text (w:t, or w:delText inside a deletion), a tab or a line break; in
    the character style with id ``style`` if one is given."""
    run = make("w:r")
    if style or bold or italic or superscript:
        props = style_properties("r", style) if style else make("w:rPr")
        if bold:
            put(props, make("w:b"))
        if italic:
            put(props, make("w:i"))
        if superscript:
            put(props, valued("w:vertAlign", "superscript"))
        run.append(props)
    if tab or line_break:
        run.append(make("w:tab" if tab else "w:br"))
        return run
    tag = "w:delText" if deleted else "w:t"
    run.append(make(tag, {"xml:space": "preserve"}, text=text))
    return run


def add_run(
    paragraph: Paragraph,
    text: str,
    revisions: Revisions | None = None,
    *,
    inserted: int | None = None,
    deleted: int | None = None,
    bold: bool = False,
    italic: bool = False,
    superscript: bool = False,
    tab: bool = False,
    line_break: bool = False,
    link=None,
) -> None:
    """Append text to a paragraph, wrapped in the revisions it carries; inside ``link`` (a
    w:hyperlink of :func:`internal_link`, already in the paragraph) if one is given."""
    moved_away = deleted is not None and revisions is not None and revisions.moved("w:del", deleted)
    element = run_element(
        text,
        style=CROSS_REFERENCE if link is not None else "",
        deleted=deleted is not None and not moved_away,  # moved text stays w:t
        bold=bold,
        italic=italic,
        superscript=superscript,
        tab=tab,
        line_break=line_break,
    )
    if deleted is not None and revisions is not None:
        wrapper = revisions.element("w:del", deleted)
        wrapper.append(element)
        element = wrapper
    if inserted is not None and revisions is not None:
        wrapper = revisions.element("w:ins", inserted)
        wrapper.append(element)
        element = wrapper
    (paragraph._p if link is None else link).append(element)


def move_range(paragraph: Paragraph, revisions: Revisions, step: int, name: str, end: bool) -> None:
    """Open (at the start of ``paragraph``) or close (at its end) the range of a moved clause:
    w:moveFromRangeStart/End at its old place, w:moveToRangeStart/End at its new, both
    named ``name`` so Word pairs them."""
    way = "From" if revisions.moves.get(step) == "from" else "To"
    if end:
        ident = str(revisions.range_ids.pop((name, way)))
        paragraph._p.append(make(f"w:move{way}RangeEnd", {"w:id": ident}))
        return
    author = revisions.authors[step]
    element = make(
        f"w:move{way}RangeStart",
        {
            "w:id": str(revisions.next_id),
            "w:author": author.name,
            "w:date": f"{author.date.isoformat()}T00:00:00Z",
            "w:name": name,
        },
    )
    revisions.range_ids[(name, way)] = revisions.next_id
    revisions.next_id += 1
    props = paragraph._p.pPr
    if props is not None:
        props.addnext(element)
    else:
        paragraph._p.insert(0, element)


def mark_paragraph(
    paragraph: Paragraph, revisions: Revisions, inserted: int | None, deleted: int | None
) -> None:
    """Mark a paragraph's own mark as inserted and/or deleted."""
    if inserted is None and deleted is None:
        return
    run_props = make("w:rPr")
    if inserted is not None:
        put(run_props, revisions.element("w:ins", inserted))
    if deleted is not None:
        put(run_props, revisions.element("w:del", deleted))
    put(paragraph._p.get_or_add_pPr(), run_props)


def mark_paragraph_change(
    paragraph: Paragraph, revisions: Revisions, step: int, old_style_id: str, unlabelled: bool
) -> None:
    """Record the paragraph's previous properties (its style, so its level) as a revision by
    ``step`` (``w:pPrChange``): rejecting it restores the old level, accepting keeps the new."""
    change = revisions.element("w:pPrChange", step)
    old = style_properties("p", old_style_id)
    if unlabelled:
        put(old, make("w:ind", {"w:firstLine": "0"}))
    change.append(old)
    put(paragraph._p.get_or_add_pPr(), change)


def level_style(document: FastDocument, level: int) -> str:
    """The paragraph style of a level ("TMAD Level 4"), made from the style sheet's
    ``level_style`` on first use, so any depth has a style."""
    name = f"TMAD Level {level}"
    if level and name not in document._style_ids():
        spec = style_spec()["level_style"]
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        indent = Cm(spec["indent_cm"] * min(level, spec["deepest"]))
        style.paragraph_format.left_indent = indent
        style.paragraph_format.first_line_indent = Cm(-spec["hanging_cm"])
        style.paragraph_format.tab_stops.add_tab_stop(indent)
        document.learn_style(name, style.style_id)
    return name


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a cached result."""
    paragraph._p.append(make("w:fldSimple", {"w:instr": f" {instruction} "}, run_element(shown)))


@cache
def style_spec() -> dict:
    """The page and style definitions from templates/docx-styles.yaml."""
    text = templating.folder().joinpath("docx-styles.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
"""The theme-font attributes of ``w:rFonts`` (python-docx's template gives headings
``majorHAnsi``, Calibri Light in Word), removed wherever the style sheet names a font."""


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
    house = spec["styles"]["Normal"]["font"]
    defaults = styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for theme in _THEME_FONTS:  # every style that names no font: the house font, not Calibri
        fonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), house)
    by_name: dict[str, Any] = {}  # python-docx finds a style by scanning them all
    for element in styles.element.style_lst:
        by_name.setdefault(element.name_val, StyleFactory(element))

    def named(name: str) -> Any:
        found = by_name.get(BabelFish.ui2internal(name))
        return found if found is not None else styles[name]  # by id, or KeyError

    for name, props in spec["styles"].items():
        try:
            style = named(name)
        except KeyError:
            internal = BabelFish.ui2internal(name)
            element = styles.element.add_style_of_type(internal, WD_STYLE_TYPE.PARAGRAPH, False)
            style = by_name[internal] = cast(Any, StyleFactory(element))
            style.base_style = named(props.get("base", "Normal"))
            style.quick_style = True
        font = style.font
        if "font" in props:
            font.name = props["font"]
            fonts = font.element.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), props["font"])
            for theme in _THEME_FONTS:  # a theme font outranks the named one in Word
                fonts.attrib.pop(qn(theme), None)
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
    language = {"w:val": spec["language"], "w:eastAsia": spec["language"]}
    put(named("Normal").element.get_or_add_rPr(), make("w:lang", language))


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


class _DatedZip:
    """python-docx's package writer interface (``write(pack_uri, blob)``, ``close()``) over
    a zip whose every member is dated ``date``: same input, same bytes. (python-docx's own
    writer dates each member with the current time.)"""

    def __init__(self, out: io.BytesIO, date: dt.date) -> None:
        self.zip = zipfile.ZipFile(out, "w")
        self.stamp = (date.year, date.month, date.day, 0, 0, 0)

    def write(self, pack_uri, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        self.zip.writestr(member, blob)

    def close(self) -> None:
        self.zip.close()


def save(document: DocxDocument, date: dt.date) -> bytes:
    """The document as bytes with every zip member dated ``date``: same input, same bytes.

    The package is written as python-docx's ``OpcPackage.save`` writes it (content types,
    package relationships, then each part and its relationships), straight into the dated
    zip, so that each member is compressed once."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    dated = _DatedZip(out, date)
    writer = cast("PhysPkgWriter", dated)  # the same interface
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    dated.close()
    return out.getvalue()


# --- footnotes, links, bookmarks, fields, shading ---------------------------------------

_FOOTNOTES_XML = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def footnotes_of(document: DocxDocument) -> Footnotes:
    """The footnotes of a document, kept with its main part: every view of the document
    (python-docx makes a new one each time it is asked) shares one footnotes part."""
    part = document.part
    if part not in _FOOTNOTES:
        _FOOTNOTES[part] = Footnotes(document)
    return _FOOTNOTES[part]


_FOOTNOTES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Each document's footnotes, by its main part (gone with the document)."""


class Footnotes:
    """The document's footnotes part (python-docx has none), created on first use."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.element = None
        self.ids: set[int] = set()

    def _part(self):
        if self.element is None:
            from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
            from docx.opc.packuri import PackURI
            from docx.opc.part import XmlPart

            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                parse_xml(_FOOTNOTES_XML),
                self.document.part.package,
            )
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
            self.element = part.element
            _character_style(self.document, "Footnote Reference", superscript=True)
            if "Footnote Text" not in [s.name for s in self.document.styles]:
                style = self.document.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = self.document.styles["Normal"]
                style.font.size = Pt(8.5)
                style.paragraph_format.space_after = Pt(0)
        return self.element

    def add(self, paragraph: Paragraph, number: int) -> Paragraph:
        """Put footnote ``number``'s mark in ``paragraph``; returns the note's paragraph. Word
        numbers the marks in order; ``number`` is the note's ``w:id`` unless another note of
        the document (a direction's own, its annex's) has it already."""
        notes = self._part()
        if number in self.ids:
            number = max(self.ids) + 1
        self.ids.add(number)
        ident = {"w:id": str(number)}
        paragraph._p.append(
            make(
                "w:r",
                None,
                style_properties("r", "FootnoteReference"),
                make("w:footnoteReference", ident),
            )
        )
        own = make("w:r", None, style_properties("r", "FootnoteReference"), make("w:footnoteRef"))
        body = make("w:p", None, style_properties("p", "FootnoteText"), own, run_element(" "))
        notes.append(make("w:footnote", ident, body))
        return Paragraph(body, paragraph._parent)


_character_styles: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The character styles each document part is known to have (a style is looked up by a
scan of every style, and a long text links hundreds of citations)."""


def _character_style(
    document: DocxDocument,
    name: str,
    *,
    superscript: bool = False,
    color: str | None = None,
    underline: bool = False,
) -> None:
    known = _character_styles.setdefault(document.part, set())
    if name in known:
        return
    known.add(name)
    if document.styles.element.get_by_name(name) is not None:
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    if superscript:
        style.font.superscript = True
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    if underline:
        style.font.underline = True


CROSS_REFERENCE = "TMADReference"
"""The character style of a citation linked to its clause ("TMAD Reference"): the house
blue and no underline, since in a redline every underline is an insertion."""


def internal_link(paragraph: Paragraph, anchor: str):
    """An empty hyperlink to the bookmark of ``anchor``, appended to the paragraph: runs go
    into it with ``add_run(..., link=...)``, revisions and all, in the cross-reference
    style."""
    _character_style(document_of(paragraph), "TMAD Reference", color="1D3F6E")
    link = make("w:hyperlink", {"w:anchor": bookmark_name(anchor)})
    paragraph._p.append(link)
    return link


def document_of(paragraph: Paragraph) -> DocxDocument:
    """The document a paragraph is in (from a footnote or the body alike)."""
    return paragraph.part.package.main_document_part.document


def add_comment(document: FastDocument, paragraph: Paragraph, text: str, author: Author) -> None:
    """A Word comment (``w:comment``, in the comments part python-docx keeps) on the whole of
    ``paragraph``, by a step's author and dated with its day, never the clock."""
    who = author.name.split(" (")[0]  # "DCC (v5.3)": the author, then the step
    initials = who if len(who) <= 4 else "".join(word[0] for word in who.split())[:4]
    comment = document.comments.add_comment(text=text, author=author.name, initials=initials)
    # python-docx stamps the time of the call; the step's date keeps the output reproducible
    comment._comment_elm.date = dt.datetime.combine(author.date, dt.time(), dt.UTC)
    ident = {"w:id": str(comment.comment_id)}
    start = make("w:commentRangeStart", ident)
    props = paragraph._p.pPr
    if props is not None:
        props.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(make("w:commentRangeEnd", ident))
    reference = make(
        "w:r", None, style_properties("r", "CommentReference"), make("w:commentReference", ident)
    )
    paragraph._p.append(reference)


def unlink_missing(document: DocxDocument) -> None:
    """Links to bookmarks the document does not hold (a clause a redline of changed
    clauses leaves out) become plain text: their runs stay, in the paragraph's style."""
    body = document.element.body
    names = {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    for link in list(body.iter(qn("w:hyperlink"))):
        anchor = link.get(qn("w:anchor"))
        if anchor is None or anchor in names:
            continue
        for style in list(link.iter(qn("w:rStyle"))):
            if style.get(qn("w:val")) == CROSS_REFERENCE:
                props = style.getparent()
                props.remove(style)
                if not _has_children(props):
                    props.getparent().remove(props)
        for child in list(link):
            link.addprevious(child)
        link.getparent().remove(link)


def add_hyperlink(paragraph: Paragraph, href: str, text: str, *, superscript: bool = False) -> None:
    """A hyperlink: external (http, mailto, another file) or to a bookmark ("#name")."""
    _character_style(document_of(paragraph), "Hyperlink", color="1D3F6E", underline=True)
    if href.startswith("#"):
        target = {"w:anchor": bookmark_name(href[1:])}
    else:
        from docx.opc.constants import RELATIONSHIP_TYPE

        rel = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        target = {"r:id": rel}
    run = run_element(text)
    props = style_properties("r", "Hyperlink")
    if superscript:
        put(props, valued("w:vertAlign", "superscript"))
    run.insert(0, props)
    paragraph._p.append(make("w:hyperlink", target, run))


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an HTML-style anchor: letters, digits and underscores, at
    most 40 characters (Word's limit). A longer anchor keeps its first 31 characters and a
    digest of the whole, so that two anchors never share a name."""
    name = "".join(ch if ch.isalnum() else "_" for ch in anchor)
    name = name if name[:1].isalpha() else "_" + name
    if len(name) <= 40:
        return name
    return f"{name[:31]}_{hashlib.sha256(anchor.encode()).hexdigest()[:8]}"


def add_bookmark(document: FastDocument, paragraph: Paragraph, anchor: str) -> None:
    """Mark a whole paragraph as the target of ``#anchor`` links."""
    ident = str(document.next_bookmark())
    start = make("w:bookmarkStart", {"w:id": ident, "w:name": bookmark_name(anchor)})
    end = make("w:bookmarkEnd", {"w:id": ident})
    props = paragraph._p.find(qn("w:pPr"))
    index = 1 if props is not None else 0
    paragraph._p.insert(index, start)
    paragraph._p.append(end)


def highlight_last_run(paragraph: Paragraph, color: str = "yellow") -> None:
    """Highlight the paragraph's last run (placeholders a drafter must find)."""
    run = paragraph._p.findall(qn("w:r"))[-1]
    props = run.find(qn("w:rPr"))
    if props is None:
        props = make("w:rPr")
        run.insert(0, props)
    put(props, valued("w:highlight", color))


def shade_cell(cell, fill: str) -> None:
    """Background colour of a table cell."""
    shading = make("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
    put(cell._tc.get_or_add_tcPr(), shading)


def field_runs(paragraph: Paragraph, instruction: str, kind: str) -> None:
    """One part of a complex field: "begin" (with its instruction), "separate" or "end".
    The cached result between "separate" and "end" is the caller's, and is not marked
    dirty: Word shows it as it is, without asking to update it."""
    paragraph._p.append(make("w:r", None, make("w:fldChar", {"w:fldCharType": kind})))
    if kind == "begin":
        instr = make("w:instrText", {"xml:space": "preserve"}, text=f" {instruction} ")
        paragraph._p.append(make("w:r", None, instr))


def add_setting(document: DocxDocument, element) -> None:
    """Add an element to settings.xml at its place in the schema's order."""
    put(document.settings.element, element)


def track_revisions(document: DocxDocument) -> None:
    """Switch Track Changes on: a reviewer's own edits to a redline are tracked too."""
    add_setting(document, make("w:trackRevisions"))

"""Reading a returned DOCX: the text of every content control, by the field it is.

Only the main document part is read (found through ``_rels/.rels``, as Word
and LibreOffice write it), after the zip's directory has been checked
(:class:`tmad.untrusted.SafeZip`) and with the safe XML parser. A
control is a field by its ``w:tag`` (Word keeps it), else by its ``w:alias``
(LibreOffice keeps only that), else, for the confidentiality drop-down, by its
options (see :mod:`tmad.responses.fields`). Its text is read as Word shows it
with every tracked change accepted: inserted text counts, deleted text does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tmad.formfields import CONFIDENTIAL
from tmad.responses.fields import OPTION_VALUES, PROMPTS, Schema, is_prompt
from tmad.responses.model import OtherField
from tmad.untrusted import Limits, SafeZip, Unreadable, clean_text, parse_xml, part_name

NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML" (Word can save it)
)
"""WordprocessingML: transitional (what Word writes) and strict."""

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = ("/officeDocument", "/officedocument")

_SKIP = frozenset(
    {
        "del", "moveFrom", "delText", "delInstrText", "instrText", "fldData",
        "sdtPr", "sdtEndPr", "pPr", "rPr", "tblPr", "tblPrEx", "tblGrid", "trPr", "tcPr",
        "sectPr", "customXmlPr", "smartTagPr", "commentRangeStart", "commentRangeEnd",
    }
)  # fmt: skip
"""Elements whose content is never answer text (deletions, field codes, properties)."""

_OBJECTS = frozenset({"drawing", "pict", "object", "AlternateContent", "altChunk", "embed"})
"""Content the collation cannot show as text (pictures, text boxes, embedded files)."""


@dataclass
class RawForm:
    """What a form's fields hold, before it becomes a :class:`~tmad.responses.model.Response`."""

    values: dict[str, list[str]] = field(default_factory=dict)
    """Every text found for each field name, in document order (a field may repeat)."""
    extra: dict[str, str] = field(default_factory=dict)
    """Values recorded beside the text (a drop-down's ``w:lastValue``), by field name."""
    other: list[OtherField] = field(default_factory=list)
    """Controls that are no field of this form but hold text."""
    notes: list[str] = field(default_factory=list)
    """Remarks for the collation."""
    recognised: int = 0
    """How many controls were fields of the form."""


def read_docx(data: bytes, schema: Schema, limits: Limits) -> RawForm:
    """The fields of a returned DOCX; :class:`Unreadable` when it is not one."""
    package = SafeZip(data, limits)
    name = _main_part(package)
    root = parse_xml(package.read(name), name)
    namespace = _namespace(root.tag)
    if namespace not in NAMESPACES or _local(root.tag) != "document":
        raise Unreadable(f"{name} is not a Word document body (root {_local(root.tag)!r})")
    body = root.find(f"{{{namespace}}}body")
    if body is None:
        raise Unreadable(f"{name} has no body")
    reader = _Reader(namespace, schema, limits)
    reader.visit(body)
    if not reader.form.recognised:
        raise Unreadable(
            "no response fields found: this is not a filled-in response template (its "
            "answer boxes were removed, or the text was retyped or pasted into another "
            "document); read it by hand"
        )
    if reader.tracked:
        reader.form.notes.append(
            "the form holds tracked changes: read as if every change were accepted"
        )
    if reader.objects:
        fields = ", ".join(sorted(reader.objects))
        reader.form.notes.append(
            f"pictures, text boxes or embedded objects in {fields} are not collated "
            "(only text is): see the original file"
        )
    if reader.hidden:
        fields = ", ".join(sorted(reader.hidden))
        reader.form.notes.append(
            f"{fields} hold text formatted as hidden (Word does not show it): it is collated "
            "like the rest; check with the respondent whether it was meant to be sent"
        )
    if reader.titled:
        reader.form.notes.append(
            "fields were identified by their titles: the program that saved the form dropped "
            "their names (LibreOffice does)"
        )
    return reader.form


def _main_part(package: SafeZip) -> str:
    """The main document part, from the package relationships (else word/document.xml)."""
    if "_rels/.rels" in package.names:
        rels = parse_xml(package.read("_rels/.rels", 1024 * 1024), "_rels/.rels")
        for rel in rels.iter(f"{{{_RELS}}}Relationship"):
            kind = rel.get("Type", "")
            target = rel.get("Target", "")
            if kind.endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                name = part_name("", target)
                if name in package.names:
                    return name
                raise Unreadable(f"the document part {target!r} is missing: not a complete DOCX")
    if "word/document.xml" in package.names:
        return "word/document.xml"
    raise Unreadable("no document part (word/document.xml): a zip file, but not a DOCX")


def _namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Reader:
    """Walks the body in document order, collecting each control's text."""

    def __init__(self, namespace: str, schema: Schema, limits: Limits) -> None:
        self.w = namespace
        self.schema = schema
        self.limits = limits
        self.form = RawForm()
        self.tracked = False
        self.objects: set[str] = set()
        self.hidden: set[str] = set()
        self.titled = False
        self.untitled = 0
        self.controls = 0

    def attr(self, element, name: str) -> str:
        return element.get(f"{{{self.w}}}{name}", "")

    def child(self, element, name: str):
        return element.find(f"{{{self.w}}}{name}")

    def visit(self, element) -> None:
        """Find controls under ``element``; a control that is a field is read, others entered."""
        for child in element:
            if _namespace(child.tag) != self.w:
                continue
            if _local(child.tag) == "sdt":
                self.control(child)
            elif _local(child.tag) not in _SKIP:
                self.visit(child)

    def identify(self, props) -> tuple[str, bool]:
        """The field a control is (by tag, title or options) and whether it was by title."""
        if props is None:
            return "", False
        element = self.child(props, "tag")
        tag = self.attr(element, "val") if element is not None else ""
        if tag and self.schema.is_field(tag):
            return tag, False
        alias = self.child(props, "alias")
        title = self.attr(alias, "val") if alias is not None else ""
        if title in self.schema.titles and not tag:
            return self.schema.titles[title], True
        choices = self.child(props, "dropDownList")
        if choices is None:
            choices = self.child(props, "comboBox")
        if choices is not None and not tag:
            values = {self.attr(item, "value") for item in choices.iter(f"{{{self.w}}}listItem")}
            if set(OPTION_VALUES) <= values:
                return CONFIDENTIAL, bool(title)
        return "", False

    def control(self, sdt) -> None:
        self.controls += 1
        if self.controls > self.limits.max_controls:
            raise Unreadable(
                f"the document has more than {self.limits.max_controls} content controls: not "
                "a response form"
            )
        props = self.child(sdt, "sdtPr")
        content = self.child(sdt, "sdtContent")
        name, by_title = self.identify(props)
        if not name:
            if content is None:
                return
            before = self.form.recognised
            self.visit(content)  # a wrapper (or a control of the respondent's own)
            if self.form.recognised == before:
                text = clean_text(self.text(content, ""))
                if text and not is_prompt(text):
                    self.form.other.append(OtherField(self.label(props), text))
            return
        self.form.recognised += 1
        self.titled = self.titled or by_title
        text = clean_text(self.text(content, name)) if content is not None else ""
        placeholder = props is not None and self.child(props, "showingPlcHdr") is not None
        if is_prompt(text):
            text = ""
        elif placeholder:
            self.form.notes.append(
                f"{name} was marked as still showing its placeholder but holds text: kept"
            )
        if name == CONFIDENTIAL and props is not None:
            choices = self.child(props, "dropDownList")
            if choices is not None and self.attr(choices, "lastValue"):
                self.form.extra[name] = self.attr(choices, "lastValue")
        self.form.values.setdefault(name, []).append(_without_prompt_lines(text))

    def vanished(self, run) -> bool:
        """Whether a run is formatted as hidden text (``w:vanish``)."""
        props = self.child(run, "rPr")
        if props is None:
            return False
        vanish = self.child(props, "vanish")
        return vanish is not None and self.attr(vanish, "val") not in ("0", "false", "off")

    def label(self, props) -> str:
        if props is not None:
            for kind in ("tag", "alias"):
                element = self.child(props, kind)
                if element is not None and self.attr(element, "val"):
                    return self.attr(element, "val")
        self.untitled += 1
        return f"(untitled control {self.untitled})"

    def text(self, content, name: str) -> str:
        """The control's text: paragraphs as lines, runs' text, tabs and breaks."""
        lines: list[str] = []
        current: list[str] = []

        def walk(element) -> None:
            previous = ""
            for child in element:
                if _namespace(child.tag) not in (self.w,) and _local(child.tag) in _OBJECTS:
                    self.objects.add(name or "other controls")
                    continue
                local = _local(child.tag) if _namespace(child.tag) == self.w else ""
                if not local:
                    previous = ""
                    continue
                if local in ("del", "moveFrom", "ins", "moveTo"):
                    self.tracked = True
                if local in _SKIP or local.endswith("Pr"):
                    previous = ""
                    continue
                if local in _OBJECTS:
                    self.objects.add(name or "other controls")
                elif local == "t":
                    if self.vanished(element):
                        self.hidden.add(name or "other controls")
                    if previous == "t":
                        # two w:t in one run: LibreOffice writes a line break typed in a
                        # field so (Word never does); keep it a line break
                        current.append("\n")
                    current.append(child.text or "")
                elif local == "tab" and _local(element.tag) == "r":
                    current.append("\t")
                elif local in ("br", "cr"):
                    current.append("\n")
                elif local == "noBreakHyphen":
                    current.append("-")
                elif local in ("footnoteReference", "endnoteReference"):
                    self.objects.add(name or "other controls")
                elif local == "p":
                    if current:
                        lines.append("".join(current))
                        current.clear()
                    walk(child)
                    lines.append("".join(current))
                    current.clear()
                else:
                    walk(child)
                previous = local
            return

        walk(content)
        if current:
            lines.append("".join(current))
        return "\n".join(lines)


def _without_prompt_lines(text: str) -> str:
    return clean_text("\n".join(line for line in text.split("\n") if line.strip() not in PROMPTS))

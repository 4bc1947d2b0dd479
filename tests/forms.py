"""Building returned response forms in tests: filled-in DOCX and PDF templates, and damaged
or hostile files, each made at run time from a few lines (never committed as blobs).

Shared by test_responses.py (collation) and test_hostile.py (attacks and limits).
"""

from __future__ import annotations

import copy
import io
import os
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree

from tmad.formfields import CONFIDENTIALITY

REPO = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LABEL = {o["value"]: o["label"] for o in CONFIDENTIALITY["options"]}
Q1, Q2 = "early-firmware", "redesignation-date"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# --- filling forms ------------------------------------------------------------------------


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = content if info.filename == name else source.read(info.filename)
            target.writestr(info, body)
    return out.getvalue()


def _run(text: str):
    """A w:r holding text, line breaks as w:br (as Word writes a Shift+Enter)."""
    run = etree.Element(w("r"))
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, w("br"))
        t = etree.SubElement(run, w("t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def fill_docx(template: bytes, values: dict[str, str]) -> bytes:
    """The template with each tagged control holding its value (a paragraph per line)."""
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for sdt in root.iter(w("sdt")):
        tag = sdt.find(f"{w('sdtPr')}/{w('tag')}").get(w("val"))
        if tag not in values:
            continue
        props = sdt.find(w("sdtPr"))
        props.remove(props.find(w("showingPlcHdr")))
        content = sdt.find(w("sdtContent"))
        first = content[0]
        for child in list(content):
            content.remove(child)
        if first.tag == w("p"):  # a block control: a paragraph per line
            for part in values[tag].split("\n"):
                paragraph = etree.SubElement(content, w("p"))
                paragraph.append(copy.deepcopy(first.find(w("pPr"))))
                paragraph.append(_run(part))
        else:
            content.append(_run(values[tag]))
    return replace_member(template, "word/document.xml", etree.tostring(root))


def fill_pdf(template: bytes, values: dict[str, str], *, by_state_only: bool = False) -> bytes:
    """The template PDF with each field's /V set; ``confidential`` chooses a radio button."""
    pdf = pikepdf.open(io.BytesIO(template))
    for field in pdf.Root.AcroForm.Fields:
        name = str(field.T)
        if name not in values:
            continue
        if name == "confidential":
            options = [str(o) for o in field.Opt]
            state = pikepdf.Name(f"/{options.index(values[name])}")
            if not by_state_only:
                field.V = state
            for kid in field.Kids:
                kid.AS = state if str(state) in kid.AP.N else pikepdf.Name.Off
        else:
            field.V = pikepdf.String(values[name])
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


@dataclass(frozen=True)
class Respondent:
    file: str
    values: dict[str, str]

    @property
    def answers(self) -> dict[str, str]:
        return {k.removeprefix("question."): v for k, v in self.values.items() if k.startswith("q")}


def person(name, org, email, confidential, answers, reason="", phone="") -> dict[str, str]:
    values = {
        "respondent.name": name,
        "respondent.organisation": org,
        "respondent.role": "Metering lead",
        "respondent.email": email,
        "respondent.telephone": phone,
        **{f"question.{q}": text for q, text in answers.items()},
    }
    if confidential:
        values["confidential"] = confidential
    if reason:
        values["confidential.reason"] = reason
    return {k: v for k, v in values.items() if v}


RESPONDENTS = (
    Respondent(
        "alice.docx",
        person(
            "Alice Able",
            "Acme Energy",
            "alice@acme.example",
            LABEL["none"],
            {Q1: "Yes, we agree.\nThe EPCL criteria are sound.", Q2: "4 September suits us."},
            phone="+44 20 7946 0001",
        ),
    ),
    Respondent(
        "bob.docx",
        person(
            "Bob Baker",
            "Secret Supplies plc",
            "bob@secret.example",
            LABEL["all"],
            {Q1: "CONFIDENTIAL-BOB-Q1 commercial detail"},
            reason="Commercially sensitive.",
        ),
    ),
    Respondent(
        "carol.pdf",
        person(
            "Carol Cole",
            "",
            "carol@home.example",
            "none",
            {Q1: '=HYPERLINK("http://evil.example","click")', Q2: "@SUM(1+1) is fine"},
        ),
    ),
    Respondent(
        "dave.pdf",
        person(
            "Dave Dunn",
            "Part Co",
            "dave@part.example",
            "part",
            {Q1: "CONFIDENTIAL-DAVE-Q1 partly secret", Q2: "CONFIDENTIAL-DAVE-Q2 public bit"},
            reason="Our cost figures in Q1.",
        ),
    ),
    Respondent(
        "erin.docx",
        person("Erin Ely", "Unsure Ltd", "erin@unsure.example", "", {Q1: "CONFIDENTIAL-ERIN-Q1"}),
    ),
    Respondent(
        "frank.docx",
        person(
            "Alice Able",
            "Acme Energy",
            "ALICE@acme.example",
            LABEL["none"],
            {Q2: "Revised: 4 September still suits us."},
        ),
    ),
)
PUBLISHABLE = {"alice.docx", "carol.pdf", "frank.docx"}


def write_forms(folder: Path, template_docx: bytes, template_pdf: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for respondent in RESPONDENTS:
        if respondent.file.endswith(".docx"):
            data = fill_docx(template_docx, respondent.values)
        else:
            data = fill_pdf(template_pdf, respondent.values)
        (folder / respondent.file).write_bytes(data)


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    ).encode()


def sdt_xml(props: str, content: str) -> str:
    return f"<w:sdt><w:sdtPr>{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


# --- damaged and hostile files ------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def with_document(template: bytes, xml: bytes) -> bytes:
    return replace_member(template, "word/document.xml", xml)


_ENTITIES = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(_ENTITIES) + "\n]>\n"
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
).encode()

XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + f'<w:document xmlns:w="{W}"><w:body><w:sdt><w:sdtPr><w:tag w:val="respondent.name"/>'.encode()
    + b"</w:sdtPr><w:sdtContent><w:r><w:t>&xxe;</w:t></w:r></w:sdtContent></w:sdt>"
    + b"</w:body></w:document>"
)


def _pdf_without_form() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _encrypted_pdf(template: bytes) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(template)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    return out.getvalue()


def _pdf_stream_bomb(template: bytes) -> bytes:
    pdf = pikepdf.open(io.BytesIO(template))
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == "question.early-firmware":
            bomb = pdf.make_stream(zlib.compress(b"A" * (64 * 1024 * 1024), 9))
            bomb.Filter = pikepdf.Name.FlateDecode
            field.V = bomb
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _pdf_field_loop(template: bytes) -> bytes:
    """A form field that is its own kid (and its own parent): walking it must end."""
    pdf = pikepdf.open(io.BytesIO(template))
    loop = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("loop"), FT=pikepdf.Name.Tx))
    loop.Kids = pikepdf.Array([loop])
    other = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("cycle")))
    other.Parent = other
    pdf.Root.AcroForm.Fields = pikepdf.Array([loop, other])  # the real widgets cut off
    out = io.BytesIO()
    with warnings.catch_warnings(action="ignore", category=pikepdf.PageCopyWarning):
        pdf.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A DOCX-looking zip whose document expands from about 64 kB to 64 MB."""
    return zip_of({"word/document.xml": b"<" + b"\0" * (64 * 1024 * 1024)})


HOSTILE = {
    # name: (bytes builder taking the two templates, expected words of the reason)
    "truncated.docx": (lambda d, p: d[: len(d) // 2], "damaged or truncated"),
    "not-a-zip.docx": (lambda d, p: b"Hello, I am not a zip file at all.", "not a DOCX"),
    "misnamed-pdf.docx": (lambda d, p: p, "a PDF misnamed"),
    "encrypted-word.docx": (
        lambda d, p: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512,
        "password-protected or old-format",
    ),
    "no-document.docx": (
        lambda d, p: zip_of({"[Content_Types].xml": b"<Types/>", "hello.txt": b"hi"}),
        "no document part",
    ),
    "missing-part.docx": (
        lambda d, p: zip_of(
            {
                "_rels/.rels": (
                    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    b'relationships"><Relationship Id="r" Type="http://schemas.openxmlformats'
                    b'.org/officeDocument/2006/relationships/officeDocument" '
                    b'Target="word/gone.xml"/></Relationships>'
                )
            }
        ),
        "is missing",
    ),
    "billion-laughs.docx": (lambda d, p: with_document(d, BILLION_LAUGHS), "DOCTYPE"),
    "xxe.docx": (lambda d, p: with_document(d, XXE), "DOCTYPE"),
    "xxe-utf16.docx": (
        lambda d, p: with_document(
            d,
            XXE.replace(b'version="1.0"?', b'version="1.0" encoding="UTF-16"?')
            .decode()
            .encode("utf-16"),
        ),
        "DOCTYPE",
    ),
    "not-xml.docx": (
        lambda d, p: with_document(d, b"<w:document><unclosed>"),
        "not well-formed",
    ),
    "too-deep.docx": (
        lambda d, p: with_document(d, document_xml("<w:p>" * 5000 + "</w:p>" * 5000)),
        "nested deeper",
    ),
    "xxe-late-doctype.docx": (
        lambda d, p: with_document(
            d, XXE.replace(b"?>\n", b"?>\n<!--" + b"x" * 10_000 + b"-->\n", 1)
        ),
        "DOCTYPE",
    ),
    "zip-bomb.docx": (lambda d, p: _zip_bomb(), "zip bomb refused"),
    "plain-word.docx": (
        lambda d, p: with_document(
            d, document_xml("<w:p><w:r><w:t>My answers: yes.</w:t></w:r></w:p>")
        ),
        "no response fields found",
    ),
    "blank-form.docx": (lambda d, p: d, "blank form"),
    "empty.docx": (lambda d, p: b"", "empty file"),
    "empty.pdf": (lambda d, p: b"", "empty file"),
    "garbage.pdf": (lambda d, p: bytes(range(256)) * 40, "not a PDF"),
    "junk-after-header.pdf": (lambda d, p: b"%PDF-1.7\n" + bytes(range(256)) * 40, "damaged PDF"),
    "truncated.pdf": (lambda d, p: p[: len(p) // 3], "PDF"),
    "printed.pdf": (lambda d, p: _pdf_without_form(), "without form fields"),
    "locked.pdf": (lambda d, p: _encrypted_pdf(p), "password-protected PDF"),
    "stream-bomb.pdf": (lambda d, p: _pdf_stream_bomb(p), "decompression bomb refused"),
    "blank-form.pdf": (lambda d, p: p, "blank form"),
    "field-loop.pdf": (lambda d, p: _pdf_field_loop(p), "nested too deep"),
    "answers.odt": (lambda d, p: b"PK\x03\x04", "OpenDocument"),
    "notes.txt": (lambda d, p: b"some notes", "not a DOCX or PDF (.txt file)"),
    "README": (lambda d, p: b"x", "no extension"),
    "~$alice.docx": (lambda d, p: b"\x0bAlice Able" + b" " * 150, "lock file"),
}


def hostile_folder(folder: Path, template_docx: bytes, template_pdf: bytes) -> dict[str, str]:
    """Every hostile file and special entry in ``folder``; returns the expected reasons."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (build, reason) in HOSTILE.items():
        (folder / name).write_bytes(build(template_docx, template_pdf))
        expected[name] = reason
    with open(folder / "huge.docx", "wb") as stream:  # sparse: no disk space used
        stream.truncate(21 * 1024 * 1024)
    expected["huge.docx"] = "larger than the 20 MB limit"
    (folder / "passwd.docx").symlink_to("/etc/passwd")
    expected["passwd.docx"] = "outside the folder"
    (folder / "dangling.pdf").symlink_to(folder / "nowhere.pdf")
    expected["dangling.pdf"] = "broken link"
    (folder / "subfolder").mkdir()
    expected["subfolder"] = "a folder"
    os.mkfifo(folder / "pipe.docx")  # opening it would block for ever
    expected["pipe.docx"] = "not a regular file"
    return expected

"""Hostile and broken input: every loader and renderer fails cleanly or produces valid output.

Property-based (hypothesis) fuzzing of the clause parser, the publication Markdown parser,
the YAML reader, the comparison and every renderer; generated cases for inputs too large
or too deep to keep as files; untrusted text never becomes markup; nothing is fetched.
"""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.editions import edition
from tmad import clausesyntax, render
from tmad.diff.compose import chain
from tmad.errors import SourceError, TmadError
from tmad.model import Block, Clause, Section
from tmad.products import RedlineProduct, VersionProduct
from tmad.publication.markdown import parse as parse_markdown
from tmad.textfile import MAX_SOURCE_BYTES
from tmad.yamlsource import parse_mapping

# text a drafter (or an attacker) might type: markup, entities, quotes, unicode, line noise
_PIECES = [
    *"abcXYZ019 ()[]{}#*_:-<>&\"'/\\\n\t=!|~`",
    *["<script>", "&amp;", "]]>", "\u2028", "é", "√", "𝔘", "\u00a0", "{{", "}}", "[[", "]]"],
    *["## ", "# ", "(a) ", "    (i) ", ": ", "::: question q\n", ":::\n", "[^1]", "{#x}"],
]
nasty = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)

VOID = {"meta", "br", "input", "hr", "img", "link"}


REDLINE_KEYS = (Path(__file__).resolve().parents[1] / "templates" / "redline-keys.js").read_text()


class _Balance(HTMLParser):
    """Checks that the page's elements nest properly and that no script was injected."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] += data

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()


def assert_valid_html(data: bytes) -> None:
    parser = _Balance()
    parser.feed(data.decode("utf-8"))
    parser.close()
    assert parser.stack == []
    # the only script a page may hold is the redline's own key handler, word for word
    assert len(parser.scripts) <= 1
    if parser.scripts:
        assert parser.scripts[0].strip() == REDLINE_KEYS.strip()


@settings(max_examples=300, deadline=None)
@given(nasty)
def test_clause_parser_never_crashes(text: str) -> None:
    try:
        clausesyntax.parse(text, "clauses/x.md")
    except SourceError as error:
        location = error.location
    else:
        return
    assert location is not None
    assert location.path == "clauses/x.md"


@settings(max_examples=300, deadline=None)
@given(nasty)
def test_markdown_parser_never_crashes(text: str) -> None:
    try:
        parse_markdown(text, "publications/x/consultation.md", "Q")
    except SourceError as error:
        location = error.location
    else:
        return
    assert location is not None


@settings(max_examples=300, deadline=None)
@given(nasty)
def test_yaml_reader_never_crashes(text: str) -> None:
    try:
        parse_mapping(text, "x.yaml")
    except SourceError as error:
        location = error.location
    else:
        return
    assert location is not None


@st.composite
def hostile_editions(draw):
    clauses = tuple(
        Clause(
            f"c{i}",
            draw(nasty) or "H",
            (Block(0, "", draw(nasty) or "x"), Block(1, "a", draw(nasty) or "y")),
        )
        for i in range(draw(st.integers(1, 3)))
    )
    return edition([Section("s", draw(nasty) or "S", clauses)], day=draw(st.integers(1, 28)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_editions(), hostile_editions())
def test_renderers_produce_valid_output(old, new) -> None:
    from dataclasses import replace

    new = replace(new, version=replace(new.version, number="1.1"))
    for product in (VersionProduct(new), RedlineProduct(chain([old, new]))):
        assert_valid_html(render.render(product, "html"))
        docx.Document(io.BytesIO(render.render(product, "docx")))
        render.render(product, "json")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_editions())
def test_pdf_renderer_produces_readable_pdfs(one) -> None:
    data = render.render(VersionProduct(one), "pdf")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1


def test_clause_text_cannot_inject_markup() -> None:
    text = '<img src="file:///etc/passwd"> <script>alert(1)</script> <a href="http://x">x</a>'
    one = edition([Section("s", "S", (Clause("c", "H", (Block(0, "", text),)),))])
    html = render.render(VersionProduct(one), "html").decode()
    assert "<img" not in html
    assert "<script>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    pdf = render.render(VersionProduct(one), "pdf")  # nothing fetched: the text is text
    assert pdf.startswith(b"%PDF")


def test_markdown_raw_html_is_text() -> None:
    parsed = parse_markdown('<script>alert("x")</script>\n\nA <b>bold</b> claim.\n', "p.md", "Q")
    texts = [child.text for block in parsed.blocks for child in block.children]
    assert '<script>alert("x")</script>' in texts
    assert "A <b>bold</b> claim." in texts


@pytest.mark.parametrize(
    "source",
    ["![x](file:///etc/passwd)", "![logo](http://example.org/logo.png)"],
)
def test_images_are_refused_not_fetched(source: str) -> None:
    with pytest.raises(SourceError, match="images are not allowed in publications"):
        parse_markdown(f"Text.\n\n{source}\n", "publications/p/consultation.md", "Q")


@pytest.mark.parametrize("href", ["file:///etc/passwd", "javascript:alert(1)", "../secret"])
def test_unsafe_links_are_refused(href: str) -> None:
    with pytest.raises(SourceError):
        parse_markdown(f"See [this]({href}).\n", "p.md", "Q")


def test_pdf_renderer_refuses_to_fetch() -> None:
    from tmad.render.pdfkit import html_to_pdf

    page = '<html><body><img src="file:///etc/passwd"><p>x</p></body></html>'
    with pytest.raises(TmadError, match=r"refusing to fetch 'file:///etc/passwd'"):
        html_to_pdf(page)
    page = '<html><head><link rel="stylesheet" href="http://example.org/x.css"></head></html>'
    with pytest.raises(TmadError, match=r"refusing to fetch 'http://example\.org/x\.css'"):
        html_to_pdf(page)


def test_enormous_source_is_refused(minimal: Path, tmad) -> None:
    target = minimal / "clauses" / "1.0" / "02-other.md"
    with target.open("ab") as stream:
        stream.truncate(MAX_SOURCE_BYTES + 1)
    result = tmad("--project", str(minimal), "show", "1.0")
    assert result.code == 1
    assert (
        "clauses/1.0/02-other.md: error: file is 4,194,305 bytes; sources are limited" in result.err
    )


def test_deeply_nested_yaml_is_refused(minimal: Path, tmad) -> None:
    target = minimal / "clauses" / "1.1" / "version.yaml"
    target.write_text(target.read_text() + "milestones: " + "[" * 5000 + "]" * 5000 + "\n")
    result = tmad("--project", str(minimal), "versions")
    assert result.code == 1
    assert result.err.startswith("clauses/1.1/version.yaml:")
    assert "Traceback" not in result.err


def test_deeply_nested_markdown_is_refused() -> None:
    text = "".join("  " * depth + "- item\n" for depth in range(40))
    with pytest.raises(SourceError, match="nested more than"):
        parse_markdown(text, "p.md", "Q")


def test_source_link_outside_the_project_is_refused(minimal: Path, tmad, tmp_path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Elsewhere {#elsewhere}\n\n## X {#x}\n\nText.\n")
    (minimal / "clauses" / "1.0" / "03-link.md").symlink_to(outside)
    result = tmad("--project", str(minimal), "show", "1.0")
    assert result.code == 1
    assert "clauses/1.0/03-link.md: error: source lies outside the project" in result.err


def test_docx_outputs_are_well_formed_zips(minimal: Path, tmad) -> None:
    assert tmad("--project", str(minimal), "build", "-q", "-j", "1").code == 0
    for path in (minimal / "build").rglob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert {info.date_time for info in archive.infolist()} == {(2020, 3, 2, 0, 0, 0)} or {
                info.date_time for info in archive.infolist()
            } == {(2020, 1, 15, 0, 0, 0)}

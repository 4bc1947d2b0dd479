"""The consultation, draft direction and response template: content, parameters, structure."""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pypdf
import pytest

from tests.docx_text import attribute, body, find, footnotes, paragraphs, text_of
from tests.seed import SEED, SEED_SHA256, WORKSPACE_SEED, differences, seed_text, words
from tmad import render
from tmad.build.plan import make_product, plan
from tmad.project import load_project

REPO = Path(__file__).resolve().parent.parent


def product(kind: str, settings=()):
    project = load_project(REPO, settings)
    job = next(j for j in plan(project) if j.kind == kind)
    return make_product(project, job)


@pytest.fixture(scope="module")
def consultation():
    return product("consultation")


@pytest.fixture(scope="module")
def consultation_docx(consultation) -> bytes:
    return render.render(consultation, "docx")


def _body(lines: list[str]) -> list[str]:
    """Our words without the table of contents (its entries repeat the headings)."""
    start = lines.index("Table of Contents")
    first = lines.index("1. Introduction and Context", start)
    end = lines.index("1. Introduction and Context", first + 1)
    return " ".join(lines[:start] + lines[end:]).split()


def test_the_seed_kept_with_the_tests_is_the_published_text() -> None:
    data = SEED.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
    if WORKSPACE_SEED.is_file():  # the workspace's copy, where this checkout has one beside it
        assert WORKSPACE_SEED.read_bytes() == data


def test_docx_words_match_the_seed_except_listed_corrections(consultation_docx) -> None:
    seed_body, seed_notes = seed_text()
    ratio, unexplained = differences(_body(paragraphs(consultation_docx)), words(seed_body))
    assert unexplained == []
    # ~2,400 words; the corrections change 14 of them: anything lower means text went missing
    assert ratio >= 0.99
    assert footnotes(consultation_docx) == seed_notes


def test_seed_slips_are_corrected(consultation_docx) -> None:
    text = " ".join(paragraphs(consultation_docx))
    assert "briefing session on Tuesday 11 August 2020." in text
    assert "to be stranded is low" in text
    assert "a minor drafting change to improve comprehension" in text
    assert "is at what would have been the approved EPCL version" in text
    assert "Department of Business" not in text
    assert text.count("Department for Business, Energy and Industrial Strategy (BEIS)") == 2


def test_dates_render_in_house_style_with_computed_weekdays(consultation) -> None:
    html = render.render(consultation, "html").decode()
    assert "by 1600 on Friday 21 August 2020 to DCC" in html
    assert "no later than Friday 28 August 2020." in html
    assert "re-designate the TMAD on Friday 4 September 2020 or as soon" in html
    assert "<strong>Respond by:</strong> 1600 on 21 August 2020</p>" in html  # as DCC prints it


def test_questions_are_numbered_callouts(consultation) -> None:
    html = render.render(consultation, "html").decode()
    pattern = r'<section class="question" id="question-([a-z-]+)".*?<h3[^>]*>([^<]+)</h3>'
    labels = re.findall(pattern, html, re.S)
    assert labels == [("early-firmware", "Firmware Q1"), ("redesignation-date", "Firmware Q2")]


def test_references_link_to_the_tmad(consultation) -> None:
    html = render.render(consultation, "html").decode()
    assert (
        'Clause <a class="ref" href="../versions/TMAD_v5.2.html#clause-dormant-meter-firmware">'
        "4.26</a>"
    ) in html
    assert 'href="../versions/TMAD_v5.2.html#clause-epcl-upgrade-paths">4.33</a>' in html
    assert '<a class="ref" href="../versions/TMAD_v5.0.html">AL 5.0</a>' in html
    assert '<a class="ref" href="#attachment-1">Attachment 1</a>' in html


def test_footnotes_are_linked_both_ways(consultation) -> None:
    html = render.render(consultation, "html").decode()
    for number in (1, 2):
        assert f'<a id="fn-{number}-ref" href="#fn-{number}"' in html
        assert f'<li id="fn-{number}">' in html
        assert f'href="#fn-{number}-ref"' in html


def test_contents_link_every_section(consultation) -> None:
    html = render.render(consultation, "html").decode()
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [
        "introduction", "early-firmware", "next-steps", "how-to-respond", "attachments",
        "attachment-1",
    ]  # fmt: skip
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_docx_structure(consultation_docx) -> None:
    document = body(consultation_docx)
    styles = [attribute(p, "val") for p in find(document, "//w:p/w:pPr/w:pStyle")]
    assert styles.count("Heading1") >= 6
    assert len(find(document, "//w:footnoteReference")) == 2
    assert len(find(document, "/w:document/w:body/w:tbl")) == 3  # two questions, attachments
    assert "Table 1 - Attachments" in [text_of(p) for p in find(document, "//w:p")]


def test_docx_contents_need_no_refresh(consultation_docx) -> None:
    """One hyperlink per section inside a TOC field without page numbers (\\n): the cached
    entries are the field's whole result, so Word has nothing to refresh and does not ask
    "update fields?" on opening, and LibreOffice shows the same entries."""
    document = body(consultation_docx)
    instructions = [i.text for i in find(document, "//w:instrText")]
    assert instructions == [' TOC \\o "1-1" \\h \\n \\u ']
    entries = find(document, "//w:p[w:pPr/w:pStyle/@w:val='TMADTOC']//w:hyperlink")
    bookmarks = {attribute(b, "name") for b in find(document, "//w:bookmarkStart")}
    anchors = [attribute(link, "anchor") for link in entries]
    assert anchors == [  # Word's bookmark names have no hyphens
        "introduction", "early_firmware", "next_steps", "how_to_respond", "attachments",
        "attachment_1",
    ]  # fmt: skip
    assert set(anchors) <= bookmarks
    assert not find(document, "//*[@w:dirty]")
    assert not find(body(consultation_docx, "word/settings.xml"), "//w:updateFields")


def test_pdf_is_tagged_and_described(consultation) -> None:
    data = render.render(consultation, "pdf")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == "SMETS1 Consultation on Early Firmware Updates"
        assert str(pdf.docinfo.Author) == "consultations@smartdcc.co.uk"
        assert str(pdf.docinfo.Subject).startswith("A consultation on changes to the SMETS1")
        assert 5 <= len(pdf.pages) <= 9


def test_parameter_flows_into_consultation_and_direction() -> None:
    settings = (("redesignation_date", "2020-09-11"), ("annex", "A"))
    consultation = render.render(product("consultation", settings), "html").decode()
    direction = render.render(product("direction", settings), "html").decode()
    assert "BEIS will re-designate the TMAD on Friday 11 September 2020" in consultation
    assert "with effect from 11 September 2020, the SMETS1" in direction
    assert "in Annex A to this direction" in direction
    assert "placeholder" not in direction.split("<main>")[1]


def test_unset_parameter_is_a_visible_placeholder() -> None:
    direction = product("direction")
    html = render.render(direction, "html").decode()
    assert '<mark class="placeholder" title="Unset parameter: annex">[XX]</mark>' in html
    docx = render.render(direction, "docx")
    highlighted = find(body(docx), "//w:r[w:rPr/w:highlight/@w:val='yellow']")
    assert highlighted
    assert {text_of(run) for run in highlighted} == {"[XX]"}
    text = " ".join(paragraphs(docx))
    assert "with effect from 4 September 2020," in text
    assert "Annex [XX]" in text


def test_direction_annex_is_the_proposed_version() -> None:
    text = " ".join(paragraphs(render.render(product("direction"), "docx")))
    assert "version 5.3" in text
    assert "matches a Planned EPCL Entry" in text  # 5.3's Clause 4.26(c)


def test_direction_cover_says_what_it_is_and_its_annex_headings_are_ranked() -> None:
    """The direction's first page is a cover (status, dates, annex, publisher, contents),
    and in the annex a section heading is set larger than a clause heading."""
    direction = product("direction")
    reader = pypdf.PdfReader(io.BytesIO(render.render(direction, "pdf")))
    cover = " ".join(reader.pages[0].extract_text().split())
    for field in (
        "Status Consultation issued Responses by Annex Published by",
        "Draft for consultation: the Secretary of State has not made this direction",
        "24 July 2020",
        "1600 on 21 August 2020",
        "Data Communications Company",
        "This attachment contains the text that BEIS plans to use",
        "Contents Direction",
    ):
        assert field in cover, field
    sizes: dict[str, float] = {}

    def size(text, matrix, text_matrix, font, font_size) -> None:
        sizes.setdefault(text.strip(), font_size * text_matrix[0] * matrix[0])

    for page in reader.pages[1:3]:
        page.extract_text(visitor_text=size)
    assert sizes["Introduction"] > 1.15 * sizes["Purpose"]  # "1 Introduction", "1.1 Purpose"
    word = " ".join(paragraphs(render.render(direction, "docx")))
    assert "Status: Draft for consultation" in word
    assert "Annex: SMETS1 Transition and Migration Approach Document" in word


def test_response_template_is_built_from_the_questions() -> None:
    template = product("response-template")
    docx = render.render(template, "docx")
    tags = [attribute(tag, "val") for tag in find(body(docx), "//w:sdtPr/w:tag")]
    assert tags == [
        "respondent.name", "respondent.organisation", "respondent.role", "respondent.email",
        "respondent.telephone", "confidential", "confidential.reason",
        "question.early-firmware", "question.redesignation-date",
    ]  # fmt: skip
    (protection,) = find(body(docx, "word/settings.xml"), "w:documentProtection")
    assert (attribute(protection, "edit"), attribute(protection, "enforcement")) == ("forms", "1")
    text = " ".join(paragraphs(docx))
    assert "Firmware Q1 Do you agree with the proposal for firmware updates" in text
    assert "1600 on Friday 21 August 2020" in text
    pdf = render.render(template, "pdf")
    with pikepdf.open(io.BytesIO(pdf)) as document_pdf:
        names = {str(f.T) for f in document_pdf.Root.AcroForm.Fields if "/T" in f}
    assert {"respondent.name", "question.early-firmware", "question.redesignation-date",
            "confidential", "confidential.reason"} <= names  # fmt: skip


def test_final_build_refuses_unset_parameters(tmp_path: Path, tmad) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "clauses", project / "clauses")
    shutil.copytree(REPO / "publications", project / "publications")
    result = tmad("--project", str(project), "build", "--final", "-q")
    assert result.code == 1
    assert (
        "publications/early-firmware/direction.md:9:357: X003 error: parameter 'annex' is "
        "unset: it shows as [XX]"
    ) in result.err
    assert not (project / "build").exists()


def test_reference_to_a_missing_clause_is_an_error(tmp_path: Path, tmad) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "clauses", project / "clauses")
    shutil.copytree(REPO / "publications", project / "publications")
    source = project / "publications" / "early-firmware" / "consultation.md"
    source.write_text(
        source.read_text().replace("Clause 4.33 of the TMAD", "Clause 4.99 of the TMAD")
    )
    result = tmad("--project", str(project), "check", "--select", "R")
    assert result.code == 1
    assert result.out.splitlines()[:-1] == [  # once, at its column
        "publications/early-firmware/consultation.md:29:656: R001 error: Clause 4.99 does not "
        "exist in TMAD v5.2"
    ]
    built = tmad("--project", str(project), "build", "-q")  # the build's own resolve says so too
    assert built.code == 1
    assert "R001 error: Clause 4.99 does not exist in TMAD v5.2" in built.err


def test_checks_catch_the_seeds_slips(tmp_path: Path, tmad) -> None:
    """Put two of the seed's slips back: tmad check names each, with file, line and column."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "clauses", project / "clauses")
    shutil.copytree(REPO / "publications", project / "publications")
    source = project / "publications" / "early-firmware" / "consultation.md"
    text = source.read_text()
    text = text.replace(
        "briefing session on {{briefing}}.", "briefing session on Tuesday 11 August July 2020."
    )
    text = text.replace(
        "made available to the Department for Business",
        "made available to the Department of Business",
    )
    source.write_text(text)
    result = tmad("--project", str(project), "check", "--select", "D", "--select", "A")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        "publications/early-firmware/consultation.md:66:61: D003 error: 'Tuesday 11 August July "
        "2020' has a stray month or year word"
    )
    assert lines[1].startswith(
        "publications/early-firmware/consultation.md:68:451: A001 error: BEIS is expanded as "
        "'Department of Business, Energy and Industrial Strategy' here but as 'Department for "
        "Business, Energy and Industrial Strategy' at "
        "publications/early-firmware/consultation.md:52:159"
    )


def test_direction_annex_can_be_the_schedule_of_amendments() -> None:
    settings = (("annex_form", "schedule"), ("annex", "A"))
    html = render.render(product("direction", settings), "html").decode()
    assert "Amendments to the SMETS1 Transition and Migration Approach Document" in html
    assert "version 5.2, giving version 5.3" in html
    assert "insert the following definition in its alphabetical place" in html
    text = " ".join(paragraphs(render.render(product("direction", settings), "docx")))
    assert "In paragraph (a), omit “and/or”." in text
    assert "Firmware Upgrades for Other SMETS1 Installations" not in text  # no whole text


def test_unknown_annex_form_is_refused(tmad) -> None:
    result = tmad("--project", str(REPO), "check", "--set", "annex_form=summary")
    assert result.code == 2
    assert "annex_form must be one of document, schedule, not 'summary'" in result.err


def test_amendments_command(tmad) -> None:
    result = tmad("--project", str(REPO), "amendments", "5.2", "5.3", "-o", "-")
    assert result.code == 0, result.err
    assert result.out.startswith("# TMAD v5.2 to v5.3: schedule of amendments")
    assert "Clause 4.26 (Firmware Upgrades and Re-configuration of Dormant Meters)" in result.out
    unknown = tmad("--project", str(REPO), "amendments", "5.2", "6.0")
    assert unknown.code == 2
    assert "unknown version '6.0'" in unknown.err


def test_proofreading_catches_the_seeds_slips_harper_can_see(tmp_path: Path, tmad) -> None:
    """Put the seed's three typos back: Harper (P001) finds "at the what" and nothing else in
    the corpus (the other two read as grammatical English to it, and are listed as missed in
    the README)."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "clauses", project / "clauses")
    shutil.copytree(REPO / "publications", project / "publications")
    source = project / "publications" / "early-firmware" / "consultation.md"
    text = source.read_text()
    for right, slip in (
        ("Installation is at what", "Installation is at the what"),
        ("to be stranded is low", "to be stranded in low"),
        ("a minor drafting change to improve", "a minor drafting to change to improve"),
    ):
        assert right in text
        text = text.replace(right, slip)
    source.write_text(text)
    result = tmad("--project", str(project), "check", "--select", "P")
    assert result.code == 0  # warnings
    lines = result.out.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("publications/early-firmware/consultation.md:29:")
    assert "P001 warning: 'the': Remove `the` before `what`" in lines[0]


def test_no_labelled_paragraph_breaks_after_its_first_word() -> None:
    """WeasyPrint broke "(a) monitor / the performance …" in Clause 6.3 when a link later in
    the paragraph had to wrap (a zero-width space after each label prevents it)."""
    import io

    import pypdf

    from tmad.products import VersionProduct

    project = load_project(REPO)
    pdf = render.render(VersionProduct(project.edition("5.0")), "pdf")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "(a) monitor the performance of DCC" in text
    lines = [line.strip() for line in text.splitlines()]
    broken = [  # "(a) word" alone, its sentence going on below
        (line, after)
        for line, after in itertools.pairwise(lines)
        if re.fullmatch(r"\(\w+\) \w+", line) and after[:1].islower()
    ]
    assert broken == []


def test_table_notes_are_lettered_and_linked_both_ways() -> None:
    """The attachments table's note never reads as footnote 1, and each mark is a link."""
    html = render.render(product("consultation"), "html").decode()
    marks = re.findall(r'href="#table-note-(\w+)"', html)
    assert marks == ["a"]
    assert 'id="table-note-a"' in html
    assert 'id="table-note-ref-a"' in html
    assert 'href="#table-note-ref-a"' in html
    data = render.render(product("consultation"), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        docx_xml = package.read("word/document.xml").decode()
    assert 'w:anchor="table_note_a"' in docx_xml  # Word bookmark names: no hyphens
    assert 'w:name="table_note_a"' in docx_xml


def test_the_response_form_links_attachment_1_into_the_consultation() -> None:
    """The form prints no Attachment 1: its link goes to the consultation's PDF, which does."""
    project = load_project(REPO)
    response = next(j for j in plan(project) if j.kind == "response-template")
    assert response.formats == ("pdf", "docx")  # no HTML form that could not send anything
    target = "Early_Firmware_Consultation_issued.pdf#attachment-1"
    data = render.render(product("response-template"), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert f'Target="{target}"' in rels
    with pikepdf.open(io.BytesIO(render.render(product("response-template"), "pdf"))) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    assert target in uris
    consultation = render.render(product("consultation"), "html").decode()
    assert 'id="attachment-1"' in consultation

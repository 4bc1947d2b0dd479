"""Redlines end to end in Python: chains, JSON change lists, HTML, DOCX revisions, PDF.

Property tests run random documents through random edits; the corpus tests run
every pair and the published chain.
"""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings

from tests.docx_text import attribute, body, find, paragraphs, text_of
from tests.editions import chains, editions, lines_of, text_at
from tmad import render
from tmad.diff.apply import apply
from tmad.diff.compose import chain
from tmad.editionjson import edition_json
from tmad.products import RedlineProduct
from tmad.project import load_project
from tmad.render.wordml import bookmark_name

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


class _Text(HTMLParser):
    """Collects the text of a page (outside <style>) and the tags used."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    BLOCKS = frozenset(
        [
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "td",
            "th",
            "li",
            "dt",
            "dd",
            "tr",
            "section",
            "article",
            "header",
            "nav",
        ]
    )

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "script"):
            self._skip += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_words(data: bytes) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return " ".join("".join(parser.parts).split()), parser.tags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_chain_marks_reproduce_every_version(versions) -> None:
    marked = chain(versions)
    for index, version in enumerate(versions):
        assert text_at(marked, index) == lines_of(version)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_unmarking_consequential_changes_keeps_the_newest_text(versions) -> None:
    from tmad.diff.consequence import substantive_only

    marked = substantive_only(chain(versions))
    assert text_at(marked, len(versions) - 1) == lines_of(versions[-1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_change_list_reproduces_the_new_text(versions) -> None:
    for old, new in itertools.pairwise(versions):
        data = json.loads(render.render(RedlineProduct(chain([old, new])), "json"))
        assert apply(edition_json(old), data) == edition_json(new)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_every_word_of_every_version_is_in_the_html(versions) -> None:
    text, _ = html_words(render.render(RedlineProduct(chain(versions)), "html"))
    for version in versions:
        for line in lines_of(version):
            for word in line.split():
                # a quote mark may stand apart from its word when a label between them is
                # struck out ("“<del>(2A)</del>DCC"); where quote marks go is tested apart
                if word != "|":  # a table row's text separates its cells so; HTML has cells
                    assert word.strip("“”‘’") in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(editions())
def test_no_change_is_reported_between_equal_texts(first) -> None:
    marked = chain([first, first])
    assert marked.steps[0].comparison.changed() == []
    assert all(not c.changed for s in marked.sections for c in s.clauses)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_docx_accept_and_reject_give_newest_and_oldest(versions) -> None:
    data = render.render(RedlineProduct(chain(versions)), "docx")
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = [_indented(line) for line in lines_of(version)]
        assert paragraphs(data, action, levels=True, rows=True)[-len(expected) :] == expected


def _indented(line: str) -> str:
    """A line of lines_of with its words' spacing normalised (as read back from DOCX)."""
    indent = len(line) - len(line.lstrip(" "))
    return " " * indent + " ".join(line.split())


def test_corpus_change_lists_apply_for_every_pair(project) -> None:
    for a, b in itertools.permutations(project.editions, 2):
        old, new = project.edition(a), project.edition(b)
        data = json.loads(render.render(RedlineProduct(chain([old, new])), "json"))
        assert data["from"] == a
        assert data["to"] == b
        assert apply(edition_json(old), data) == edition_json(new)


def test_corpus_chain_docx_accept_reject(project) -> None:
    versions = [project.edition(n) for n in ("5.1", "5.2", "5.3")]
    data = render.render(RedlineProduct(chain(versions)), "docx")
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = [" ".join(line.split()) for line in lines_of(version)]
        assert paragraphs(data, action)[-len(expected) :] == expected


def test_corpus_chain_html_marks_each_step(project) -> None:
    versions = [project.edition(n) for n in ("5.1", "5.2", "5.3")]
    text, tags = html_words(render.render(RedlineProduct(chain(versions)), "html"))
    assert "How changes are marked" in text
    assert "v5.1 → v5.2 MOC (Secure) conclusion" in text.replace(":", "")
    assert "Early firmware updates for Dormant Devices" in text
    assert tags.count("ins") > 10
    assert tags.count("del") > 5
    data = render.render(RedlineProduct(chain(versions)), "html").decode()
    assert 'class="s1"' in data
    assert 'class="s2"' in data
    # Planned EPCL Entry is new in 5.3: marked as step 2 of this chain
    assert '<ins class="s2" title="Inserted in v5.2 → v5.3">Planned EPCL Entry</ins>' in data


def test_context_changed_shows_only_changed_clauses(project) -> None:
    versions = [project.edition("5.2"), project.edition("5.3")]
    data = render.render(RedlineProduct(chain(versions), "changed"), "html").decode()
    assert 'id="clause-dormant-meter-firmware"' in data
    assert 'id="clause-epcl-upgrade-paths"' not in data
    assert "unchanged clauses not shown" in data


def test_clause_text_is_escaped(tmp_path) -> None:
    from tests.editions import edition
    from tmad.model import Block, Clause, Section

    hostile = '<script>alert("x")</script> & <img src="file:///etc/passwd">'
    old = edition([Section("s", "S", (Clause("c", "H", (Block(0, "", "plain"),)),))])
    new = edition([Section("s", "S", (Clause("c", "H", (Block(0, "", hostile),)),))], "1.1")
    data = render.render(RedlineProduct(chain([old, new])), "html").decode()
    assert "<script>alert" not in data
    assert data.count("<script>") == 1  # the page's own key handler, nothing else
    assert "<img" not in data
    assert "&lt;script&gt;" in data
    pdf = render.render(RedlineProduct(chain([old, new])), "pdf")
    assert pdf.startswith(b"%PDF")


def test_pdf_is_tagged_with_metadata(project) -> None:
    versions = [project.edition("5.1"), project.edition("5.2")]
    data = render.render(RedlineProduct(chain(versions)), "pdf")
    with pikepdf.open(io_bytes(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root
        info = pdf.docinfo
        assert str(info.Title) == "TMAD v5.2 marked against v5.1"
        assert str(info.Author) == "Data Communications Company"
        assert "MOC (Secure) conclusion" in str(info.Subject)
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)


def test_an_old_number_and_its_new_one_never_run_together_in_print() -> None:
    """A struck 4.38 directly followed by an underlined 4.39 read as "4.384.39"."""
    import io

    import pypdf

    project = load_project(Path(__file__).resolve().parent.parent)
    marked = chain([project.edition("5.1"), project.edition("5.2")])
    pdf = render.render(RedlineProduct(marked), "pdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "4.38 4.39 Costs of Migration" in " ".join(text.split())
    assert "4.384.39" not in text


def _clause_source(path: Path, ident: str) -> str:
    """A clause's heading and text as its source file writes it."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{{#{ident}}}")
    start = text.rindex("\n## ", 0, start) + 1
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)].rstrip() + "\n"


def _five_four(tmp_path: Path) -> Path:
    """A 5.4 that inserts one clause in Section 3 and changes a word in two others."""
    import shutil

    repo = Path(__file__).resolve().parent.parent
    project = tmp_path / "p"
    shutil.copytree(repo / "clauses", project / "clauses")
    transition = repo / "clauses" / "5.0" / "03-transition.md"
    principles = _clause_source(transition, "transition-principles")
    testing = _clause_source(transition, "migration-testing")
    assert "minimises, so far as" in principles
    assert "shall carry out Migration Testing" in testing
    version = project / "clauses" / "5.4"
    version.mkdir()
    (version / "version.yaml").write_text(
        'version: "5.4"\nbase: "5.3"\nstatus: draft\ndate: 2020-09-01\n'
        "title: Readiness statements\nauthor: DCC\n"
    )
    (version / "changes.md").write_text(
        "## Transition Readiness {#transition-readiness insert after=transition-principles}\n\n"
        "DCC shall publish a readiness statement before each Migration Cohort.\n\n"
        + principles.replace("minimises, so far as", "minimises, as far as")
        + "\n"
        + testing.replace("shall carry out Migration Testing", "shall undertake Migration Testing")
    )
    return project


def test_a_version_with_three_edits_reports_three_substantive_changes(tmp_path) -> None:
    """5.4 inserts one clause in Section 3 and changes a word in two others: every clause
    after the insertion is renumbered and every reference to one of them changes its
    number, yet the summary lists three substantive changes and the rest apart."""
    loaded = load_project(_five_four(tmp_path))
    data = json.loads(
        render.render(RedlineProduct(chain([loaded.edition("5.3"), loaded.edition("5.4")])), "json")
    )
    substantive = [c["new_number"] for c in data["clauses"] if not c["consequential"]]
    assert substantive == ["3.1", "3.2", "3.7"]
    assert data["summary"]["substantive"] == 3
    consequential = [c for c in data["clauses"] if c["consequential"]]
    assert len(consequential) >= 12  # 3.3 … 3.14 renumbered, and the clauses citing them
    assert any("modified" in c["kinds"] for c in consequential)  # "Clause 3.9" → "Clause 3.10"
    html = render.render(
        RedlineProduct(chain([loaded.edition("5.3"), loaded.edition("5.4")])), "html"
    ).decode()
    assert f"{len(consequential)} consequential changes: numbers that only follow" in html


def test_changes_substantive_leaves_consequential_changes_unmarked(tmp_path, tmad) -> None:
    """--changes substantive: the three substantive changes are marked; the renumbered
    clauses and the citations that follow them show their new numbers unmarked, so that
    accepting every change still gives 5.4."""
    from tmad.diff.consequence import substantive_only

    project = _five_four(tmp_path)
    loaded = load_project(project)
    editions = [loaded.edition("5.3"), loaded.edition("5.4")]
    everything, filtered = chain(editions), substantive_only(chain(editions))
    data = json.loads(render.render(RedlineProduct(filtered), "json"))
    assert data["changes"] == "substantive"
    assert [c["new_number"] for c in data["clauses"]] == ["3.1", "3.2", "3.7"]
    assert data["summary"]["substantive"] == 3  # the counts stay whole
    assert filtered.unmarked == (data["summary"]["consequential"],)
    assert text_at(filtered, 1) == text_at(everything, 1) == lines_of(editions[1])
    changed = [c.id for s in filtered.sections for c in s.clauses if c.changed]
    assert changed == ["transition-principles", "transition-readiness", "migration-testing"]
    html = render.render(RedlineProduct(filtered), "html").decode()
    assert f"{filtered.unmarked[0]} consequential changes (numbers that only follow" in html
    assert html.count("<del") < render.render(RedlineProduct(everything), "html").decode().count(
        "<del"
    )
    out = tmp_path / "r.json"
    result = tmad("--project", str(project), "redline", "5.3", "5.4", "--changes",
                  "substantive", "--format", "json", "-o", str(out))  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(out.read_text())["changes"] == "substantive"


def test_a_docx_redline_tracks_the_reviewers_own_edits() -> None:
    """Track Changes is on in a redline (w:trackRevisions), so a reviewer's edits are marked
    too; a version's DOCX, a clean text, has it off."""

    from tmad.products import VersionProduct

    project = load_project(Path(__file__).resolve().parent.parent)
    redline = render.render(
        RedlineProduct(chain([project.edition("5.2"), project.edition("5.3")])), "docx"
    )
    version = render.render(VersionProduct(project.edition("5.3")), "docx")
    on, off = (
        [child.tag.split("}")[1] for child in body(data, "word/settings.xml")]
        for data in (redline, version)
    )
    assert "trackRevisions" in on
    assert "trackRevisions" not in off
    assert on.index("trackRevisions") < on.index("defaultTabStop")  # the schema's order


def test_html_redline_moves_between_changes_without_scripts() -> None:
    """The title counts the changed clauses; each changed clause says which change it is and
    links the previous and next; "changed only" is a link (CSS :target), and the keys n/p
    are an inline script the page does not need."""
    import re

    project = load_project(Path(__file__).resolve().parent.parent)
    marked = chain([project.edition("5.1"), project.edition("5.2")])
    html = render.render(RedlineProduct(marked), "html").decode()
    changed = sum(1 for s in marked.sections for c in s.clauses if c.changed and not c.moved_out)
    assert f"<title>TMAD v5.2 marked against v5.1 ({changed} changed clauses)</title>" in html
    navs = re.findall(r'<nav class="change-nav" aria-label="Change (\d+) of (\d+)"', html)
    assert [int(n) for n, _ in navs] == list(range(1, changed + 1))
    assert {int(total) for _, total in navs} == {changed}
    assert html.count('rel="next"') == html.count('rel="prev"') == changed - 1
    assert '<a href="#changes-only">' in html
    assert '<span id="changes-only"></span>' in html
    assert "#changes-only:target ~ main .clause:not(.changed)" in html
    assert "<script src" not in html


def test_print_marks_modified_paragraphs_and_pages_in_the_summary() -> None:
    """A paragraph whose words changed carries a change bar (class "modified"), not only
    one added or removed whole; the PDF summary gives the page of each change."""
    import re

    project = load_project(Path(__file__).resolve().parent.parent)
    product = RedlineProduct(chain([project.edition("5.2"), project.edition("5.3")]))
    html = render.render(product, "html").decode()
    modified = re.findall(r'<p class="block level-1 modified">', html)
    assert len(modified) == 2  # 4.26(a) and (b); (c) and its (i), (ii) are added whole
    assert ".block.modified { border-left:" in html
    pdf = render.render(product, "pdf")
    with pikepdf.open(io_bytes(pdf)) as document:
        pages = len(document.pages)
    from pypdf import PdfReader

    summary = " ".join(page.extract_text() for page in PdfReader(io_bytes(pdf)).pages[:2])
    cited = [int(n) for n in re.findall(r"\(p\.\s*(\d+)\)", summary)]
    assert cited
    assert all(3 <= n <= pages for n in cited)


def test_a_moved_clause_is_a_word_move() -> None:
    """5.1 moves a clause: in the DOCX its old place is w:moveFrom and its new w:moveTo
    (Word shows a move, not a deletion and an insertion), in one named range at each end;
    accepting and rejecting still give 5.1 and 5.0 (here, and in LibreOffice in e2e)."""

    project = load_project(Path(__file__).resolve().parent.parent)
    old, new = project.edition("5.0"), project.edition("5.1")
    data = render.render(RedlineProduct(chain([old, new])), "docx")
    document = body(data)
    (start_from,) = find(document, "//w:moveFromRangeStart")
    (start_to,) = find(document, "//w:moveToRangeStart")
    assert attribute(start_from, "name") == attribute(start_to, "name")
    assert attribute(start_from, "name").startswith("move-")
    assert len(find(document, "//w:moveFromRangeEnd")) == 1
    assert len(find(document, "//w:moveToRangeEnd")) == 1
    assert find(document, "//w:moveFrom")
    assert not find(document, "//w:moveFrom//w:delText")  # moved text stays w:t
    for action, version in (("accept", new), ("reject", old)):
        expected = [_indented(line) for line in lines_of(version)]
        assert paragraphs(data, action, levels=True)[-len(expected) :] == expected


def test_pdf_table_headers_say_what_they_head() -> None:
    """PDF/UA (ISO 14289-1, 7.5): every TH of the redline's tables has a /Scope, /Column in
    a head row (the summary's "Clause", "Was", "Now" …)."""
    project = load_project(Path(__file__).resolve().parent.parent)
    pdf = render.render(
        RedlineProduct(chain([project.edition("5.2"), project.edition("5.3")])), "pdf"
    )
    scopes: list[tuple[str, str]] = []

    def walk(node, parent_kind: str = "") -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        kind = str(node.get("/S", ""))
        if kind == "/TH":
            scopes.append((parent_kind, str(node.A.get("/Scope"))))
        children = node.get("/K")
        grandparent = str(node.get("/P").get("/S", "")) if kind == "/TR" else parent_kind
        for child in children if isinstance(children, pikepdf.Array) else [children]:
            walk(child, grandparent if kind == "/TR" else kind)

    with pikepdf.open(io_bytes(pdf)) as document:
        walk(document.Root.StructTreeRoot)
    assert len(scopes) >= 5
    assert all(scope in ("/Column", "/Row") for _, scope in scopes)
    assert {scope for group, scope in scopes if group == "/THead"} == {"/Column"}


def _links_and_bookmarks(data: bytes) -> tuple[list, set[str]]:
    root = body(data)
    names = {attribute(mark, "name") for mark in find(root, ".//w:bookmarkStart")}
    return find(root, ".//w:hyperlink[@w:anchor]"), names


def test_docx_redline_cross_references_are_links_to_their_clauses(project) -> None:
    """Each citation of a clause in a DOCX redline is an internal hyperlink to the clause's
    bookmark, with its revisions inside it: "Clause ~~4.37~~ 4.38" is one link; accepting
    and rejecting still give the newest and the oldest text."""
    versions = [project.edition(v) for v in ("5.1", "5.2", "5.3")]
    data = render.render(RedlineProduct(chain(versions)), "docx")
    links, names = _links_and_bookmarks(data)
    assert len(links) >= 80
    assert {attribute(link, "anchor") for link in links} <= names
    ids = [attribute(mark, "id") for mark in find(body(data), ".//w:bookmarkStart")]
    assert len(ids) == len(set(ids))
    renumbered = [
        link for link in links if find(link, "w:del") and find(link, "w:ins")
    ]  # fmt: skip
    assert renumbered
    assert text_of(renumbered[0]) == "Clause 4.374.38"
    assert all(
        attribute(style, "val") == "TMADReference" for style in find(renumbered[0], ".//w:rStyle")
    )
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = [" ".join(line.split()) for line in lines_of(version)]
        assert paragraphs(data, action)[-len(expected) :] == expected


def test_docx_redline_of_changed_clauses_links_only_to_what_it_shows(project) -> None:
    """A redline that leaves unchanged clauses out keeps the citations of them as text."""
    versions = [project.edition("5.2"), project.edition("5.3")]
    data = render.render(RedlineProduct(chain(versions), context="changed"), "docx")
    links, names = _links_and_bookmarks(data)
    assert {attribute(link, "anchor") for link in links} <= names
    full = render.render(RedlineProduct(chain(versions)), "docx")
    assert len(_links_and_bookmarks(full)[0]) > len(links)
    styles = find(body(data), ".//w:r[not(ancestor::w:hyperlink)]/w:rPr/w:rStyle")
    assert "TMADReference" not in {attribute(style, "val") for style in styles}
    shown = [line for line in paragraphs(data, "accept") if not line.startswith("[")]
    assert set(shown) <= set(paragraphs(full, "accept"))  # unlinked, not lost


def test_bookmark_names_are_word_sized_and_never_shared() -> None:
    """Word allows 40 characters; two long anchors that share their first 40 stay apart."""
    stem = "clause-" + "a-very-long-clause-identifier-" * 2
    first, second = bookmark_name(stem + "one"), bookmark_name(stem + "two")
    assert first != second
    assert len(first) == len(second) == 40
    assert bookmark_name("clause-purpose") == "clause_purpose"
    assert bookmark_name("4-purpose") == "_4_purpose"


@pytest.mark.parametrize("context", ["full", "changed"])
def test_html_redline_cross_references_link_to_what_the_page_shows(project, context) -> None:
    """Citations in a redline's clause text link to the clause as in a version's page, one
    link round the marked citation; a clause the page leaves out is not linked."""
    versions = [project.edition(v) for v in ("5.1", "5.2", "5.3")]
    page = render.render(RedlineProduct(chain(versions), context=context), "html").decode()
    text = page[page.index("<main") :]
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = re.findall(r'<a href="#((?:clause|section)-[^"]+)">', text)
    assert set(targets) <= ids
    assert len(targets) >= (60 if context == "full" else 5)
    assert re.search(
        r'<a href="#clause-migration-completion">Clause <del [^>]*>4\.37</del>'
        r"<ins [^>]*>4\.38</ins></a>",
        text,
    )

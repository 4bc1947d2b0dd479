"""tmad build: manifest, index, determinism, incremental rebuilds, atomic failure."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.conftest import tree_digest


@pytest.fixture
def built(minimal: Path, tmad) -> Path:
    result = tmad("--project", str(minimal), "build", "-q", "-j", "1")
    assert result.code == 0, result.err
    return minimal / "build"


def test_manifest_lists_every_output_with_checksum(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text())
    outputs = manifest["outputs"]
    paths = {o["path"] for o in outputs}
    assert {
        "versions/MTD_v1.0.html",
        "versions/MTD_v1.1.pdf",
        "versions/MTD_v1.1.docx",
        "versions/MTD_v1.1.xml",
        "redlines/MTD_v1.1_redline_against_v1.0.json",
        "redlines/MTD_v1.1_redline_against_v1.0.pdf",
        "amendments/MTD_v1.1_amendments_to_v1.0.md",
        "amendments/MTD_v1.1_amendments_to_v1.0.docx",
        "amendments/MTD_v1.1_amendments_to_v1.0.xml",
    } <= paths
    for output in outputs:
        data = (built / output["path"]).read_bytes()
        assert output["sha256"] == hashlib.sha256(data).hexdigest()
        assert output["bytes"] == len(data)
        assert output["kind"] in {"version", "redline", "amendments"}
        assert output["publisher_name"] == Path(output["path"]).name
        assert output["sources"]
    for path in ("versions/MTD_v1.1.xml", "amendments/MTD_v1.1_amendments_to_v1.0.xml"):
        assert next(o for o in outputs if o["path"] == path)["format"] == "akn"
    redline = next(o for o in outputs if o["path"].endswith("against_v1.0.pdf"))
    assert "clauses/1.1/changes.md" in redline["sources"]
    assert redline["date"] == "2020-03-02"


def test_index_links_every_output(built: Path) -> None:
    index = (built / "index.html").read_text()
    manifest = json.loads((built / "manifest.json").read_text())
    for output in manifest["outputs"]:
        assert f'href="{output["path"]}"' in index
    assert "1 inserted, 1 deleted, 3 modified" in index.replace("4 renumbered, ", "")


def test_two_builds_are_byte_identical(minimal: Path, built: Path, tmad, tmp_path) -> None:
    other = tmp_path / "other"
    assert tmad("--project", str(minimal), "build", "-q", "-o", str(other)).code == 0
    first, second = tree_digest(built), tree_digest(other)
    assert first == second


def test_pdfs_are_byte_identical_when_fonttools_subsets_the_fonts(monkeypatch) -> None:
    """Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools, which writes the
    time into each font: two renders, the clock a day apart, must still be identical."""
    import fontTools.misc.timeTools
    import weasyprint.pdf.fonts

    from tmad.render.pdfkit import html_to_pdf

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    page = '<html lang="en-GB"><title>t</title><p>Clause 4.26 <b>bold</b> <i>it</i></p></html>'
    clock = iter([1_700_000_000.0, 1_700_086_400.0])
    monkeypatch.setattr(fontTools.misc.timeTools.time, "time", lambda: next(clock))
    first, second = html_to_pdf(page), html_to_pdf(page)
    assert first == second
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after each render


def test_nothing_changed_renders_nothing(minimal: Path, built: Path, tmad) -> None:
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    result = tmad("--project", str(minimal), "build", "-j", "1")
    assert "built 0 product(s), 4 unchanged" in result.err
    after = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if p.name not in ("manifest.json", "index.html")} == {
        p: t for p, t in before.items() if p.name not in ("manifest.json", "index.html")
    }


def test_changing_a_version_rebuilds_only_what_depends_on_it(
    minimal: Path, built: Path, tmad
) -> None:
    changes = minimal / "clauses" / "1.1" / "changes.md"
    changes.write_text(changes.read_text().replace("every Owner", "each Owner"))
    result = tmad("--project", str(minimal), "build", "-j", "1")
    assert "built 3 product(s), 1 unchanged" in result.err
    assert "version MTD_v1.1" in result.err
    assert "redline MTD_v1.1_redline_against_v1.0" in result.err
    assert "amendments MTD_v1.1_amendments_to_v1.0" in result.err
    assert "MTD_v1.0 " not in result.err


def test_failing_build_leaves_previous_build_intact(
    minimal: Path, built: Path, tmad, monkeypatch
) -> None:
    from tmad import render

    before = tree_digest(built)
    changes = minimal / "clauses" / "1.1" / "changes.md"
    changes.write_text(changes.read_text().replace("every Owner", "any Owner"))

    def broken(product):
        raise RuntimeError("disk on fire")

    render.get("docx")  # every renderer registered, then one replaced
    monkeypatch.setitem(render._RENDERERS, ("version", "docx"), broken)
    result = tmad("--project", str(minimal), "build", "-j", "1")
    assert result.code == 1
    assert "building version MTD_v1.1 failed: disk on fire" in result.err
    assert "clauses/1.1/changes.md" in result.err
    assert tree_digest(built) == before
    assert not list(built.glob(".staging-*"))


def test_build_refuses_when_checks_fail(minimal: Path, tmad) -> None:
    other = minimal / "clauses" / "1.0" / "02-other.md"
    other.write_text(other.read_text() + "\n## Extra {#extra}\n\nLead:\n\n(a) one;\n(c) three.\n")
    result = tmad("--project", str(minimal), "build", "-q")
    assert result.code == 1
    assert "S006 error" in result.err
    assert "build refused" in result.err
    assert not (minimal / "build").exists()


def _with_a_repeated_word(project: Path) -> None:
    clause = project / "clauses" / "1.0" / "02-other.md"
    clause.write_text(
        (
            Path(__file__).parent
            / "check_cases"
            / "repeated-word"
            / "clauses"
            / "1.0"
            / "02-other.md"
        ).read_text()
    )


def test_build_shows_warnings_and_builds(minimal: Path, tmad) -> None:
    _with_a_repeated_word(minimal)
    result = tmad("--project", str(minimal), "build", "-j", "1")
    assert result.code == 0
    assert "02-other.md:9:24: X001 warning: repeated word: 'the the'" in result.err
    assert "Found 0 error(s) and 1 warning(s)." in result.err
    assert (minimal / "build" / "manifest.json").is_file()


def test_build_strict_refuses_warnings(minimal: Path, tmad) -> None:
    _with_a_repeated_word(minimal)
    result = tmad("--project", str(minimal), "build", "--strict")
    assert result.code == 1
    assert "build refused: fix the warnings (--strict) above first" in result.err
    assert not (minimal / "build").exists()


def test_build_honours_the_projects_declared_exceptions(minimal: Path, tmad) -> None:
    _with_a_repeated_word(minimal)
    document = minimal / "clauses" / "document.yaml"
    document.write_text(document.read_text() + "checks:\n  ignore: [X001]\n")
    result = tmad("--project", str(minimal), "build", "--strict", "-j", "1")
    assert result.code == 0, result.err
    assert "X001" not in result.err


def test_every_docx_names_the_house_font_not_a_theme_font(built: Path) -> None:
    """Word shows a style's theme font (Calibri) over the font it names: none is left."""
    from tests.docx_text import attribute, body, find

    def themed(element) -> list[str]:
        return [
            name for fonts in find(element, ".//w:rFonts") for name in fonts.attrib
            if name.lower().endswith("theme")
        ]  # fmt: skip

    for path in built.rglob("*.docx"):
        data = path.read_bytes()
        styles = body(data, "word/styles.xml")
        (defaults,) = find(styles, "w:docDefaults")
        assert [attribute(f, "ascii") for f in find(defaults, ".//w:rFonts")] == ["Arial"]
        assert not themed(defaults), path.name
        used = {attribute(s, "val") for s in find(body(data), "//w:pPr/w:pStyle")}
        for style in used:
            found = find(styles, f"w:style[@w:styleId='{style}']")
            assert found, (path.name, style)
            assert not themed(found[0]), (path.name, style)


def test_a_parallel_build_checks_meanwhile_and_says_each_warning_once(minimal: Path, tmad) -> None:
    """With workers, the checks run in another process while the build loads what it needs;
    their report is printed once, before anything is rendered."""
    _with_a_repeated_word(minimal)
    result = tmad("--project", str(minimal), "build", "-j", "2")
    assert result.code == 0, result.err
    assert result.err.count("X001 warning: repeated word") == 1
    assert result.err.index("Found 0 error(s) and 1 warning(s).") < result.err.index("[ 1/4]")


def test_a_parallel_build_of_unreadable_sources_reports_them_and_builds_nothing(
    minimal: Path, tmad
) -> None:
    document = minimal / "clauses" / "document.yaml"
    document.write_text(document.read_text() + "  - : [unclosed\n")
    result = tmad("--project", str(minimal), "build", "-j", "2")
    assert result.code == 2
    assert "document.yaml" in result.err
    assert "build refused: fix the errors above first" in result.err
    assert not (minimal / "build").exists()


def test_the_gate_comes_before_any_rendering_and_on_a_build_with_nothing_to_do(
    minimal: Path, built: Path, monkeypatch
) -> None:
    """``build(gate=...)``: called once the build knows its work and has loaded what rendering
    needs (WeasyPrint, in the process the workers are forked from); raising there leaves the
    previous build untouched."""
    from tmad import render
    from tmad.build.runner import build
    from tmad.project import load_project

    project = load_project(minimal)
    before = tree_digest(built)
    changes = minimal / "clauses" / "1.1" / "changes.md"
    changes.write_text(changes.read_text().replace("every Owner", "any Owner"))
    prepared: list[list[str]] = []
    monkeypatch.setattr(render, "prepare", lambda names: prepared.append(sorted(set(names))))
    calls: list[int] = []

    def refuse() -> None:
        calls.append(len(prepared))
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"):
        build(load_project(minimal), built, workers=2, gate=refuse)
    assert calls == [1]  # after loading what the workers need
    assert prepared == [["akn", "docx", "html", "json", "md", "pdf"]]
    assert tree_digest(built) == before
    changes.write_text(changes.read_text().replace("any Owner", "every Owner"))
    with pytest.raises(RuntimeError, match="refused"):
        build(project, built, workers=1, gate=refuse)  # nothing to do, still gated
    assert calls == [1, 1]
    assert tree_digest(built) == before


def test_preparing_pdf_loads_weasyprint_and_nothing_else_does() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tmad import render\n"
        "render.prepare(['html', 'docx', 'akn', 'json', 'md'])\n"
        "assert 'weasyprint' not in sys.modules\n"
        "render.prepare(['pdf'])\n"
        "assert 'weasyprint' in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_build_leaves_the_garbage_collector_as_it_found_it(minimal: Path, monkeypatch) -> None:
    """The build freezes what is loaded before it renders (so that collections and forked
    workers leave it alone) and unfreezes it after, even when rendering fails."""
    import gc

    from tmad import render
    from tmad.build.runner import build
    from tmad.errors import TmadError
    from tmad.project import load_project

    project = load_project(minimal)
    assert gc.get_freeze_count() == 0
    assert build(project, minimal / "build", workers=2).rendered == 4
    assert gc.get_freeze_count() == 0

    def broken(product):
        raise RuntimeError("disk on fire")

    render.get("docx")
    monkeypatch.setitem(render._RENDERERS, ("version", "docx"), broken)
    with pytest.raises(TmadError, match="disk on fire"):
        build(project, minimal / "other", workers=1)
    assert gc.get_freeze_count() == 0

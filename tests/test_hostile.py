"""The attacks of a hostile respondent and a careless operator, each built here in a few lines:
bounded cost for every file, confidentiality that fails closed, outputs only where asked.

Each attack sits beside good responses, which must all be collated. Cost is bounded two
ways: peak memory (tracemalloc) and a generous wall-clock ceiling that only an unbounded
algorithm (minutes, hours) could break; speed itself is measured by ``nox -s bench``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import FIXTURES, tree_digest
from tests.forms import (
    LABEL,
    Q1,
    Q2,
    REPO,
    document_xml,
    fill_docx,
    fill_pdf,
    person,
    replace_member,
    sdt_xml,
)
from tmad.responses import collate, summary_lines, write_collation
from tmad.responses.output import safe_cell

CEILING = 60.0
"""Seconds no bounded read or write comes near on this machine (the attacks took minutes to
hours before the limits)."""


GOOD = {
    "good.docx": person("Gail Good", "Good Co", "gail@good.example", LABEL["none"], {Q1: "Yes."}),
    "fine.pdf": person("Finn Fine", "Fine Ltd", "finn@fine.example", "none", {Q2: "Agreed."}),
}


def _with_good(folder: Path, template_docx: bytes, template_pdf: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.docx").write_bytes(fill_docx(template_docx, GOOD["good.docx"]))
    (folder / "fine.pdf").write_bytes(fill_pdf(template_pdf, GOOD["fine.pdf"]))


@contextlib.contextmanager
def bounded(max_mib: float):
    """Peak Python memory under ``max_mib`` and time under the ceiling while the block runs."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < max_mib * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    assert time.perf_counter() - started < CEILING


def _with_controls(template_docx: bytes, count: int) -> bytes:
    """The template with ``count`` extra tagged content controls in one paragraph."""
    controls = "".join(
        sdt_xml(f'<w:tag w:val="question.extra-{i}"/>', f"<w:r><w:t>extra {i}</w:t></w:r>")
        for i in range(count)
    )
    return replace_member(
        template_docx, "word/document.xml", document_xml(f"<w:p>{controls}</w:p>")
    )


def _collate(folder: Path, publication, out: Path, max_mib: float = 300):
    with bounded(max_mib):
        collation = collate(folder, publication)
        paths = write_collation(collation, out)
    good = {r.file for r in collation.responses}
    assert {"good.docx", "fine.pdf"} <= good, collation.skipped
    return collation, paths


@pytest.fixture
def among_good(tmp_path, template_docx, template_pdf, publication):
    """Collate files (name → bytes) beside the good responses, into ``tmp_path / "out"``."""

    def run(files: dict[str, bytes], max_mib: float = 300):
        folder = tmp_path / "in"
        _with_good(folder, template_docx, template_pdf)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        collation, _ = _collate(folder, publication, tmp_path / "out", max_mib)
        return collation

    return run


def saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# --- bounded cost -------------------------------------------------------------------------


def test_thousands_of_extra_controls_are_refused(template_docx, among_good):
    collation = among_good({"many.docx": _with_controls(template_docx, 5000)})
    (skipped,) = collation.skipped
    assert "more than 500 content controls" in skipped.reason


def test_hundreds_of_controls_give_outputs_linear_in_the_input(tmp_path, template_docx, among_good):
    collation = among_good({"many.docx": _with_controls(template_docx, 400)})
    many = next(r for r in collation.responses if r.file == "many.docx")
    assert len(many.other_fields) == 400
    csv_size = (tmp_path / "out" / "responses.csv").stat().st_size
    assert csv_size < 400 * 2_000  # rows of their own size: notes are written once
    assert not many.publishable  # its name field is empty: nothing says "none"


def test_thousands_of_pdf_fields_are_refused(template_pdf, among_good):
    pdf = pikepdf.open(io.BytesIO(template_pdf))
    parent = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("question")))
    kids = []
    for i in range(6000):
        kid = pdf.make_indirect(
            pikepdf.Dictionary(T=pikepdf.String(f"extra{i}"), FT=pikepdf.Name.Tx,
                               V=pikepdf.String("x" * 20), Parent=parent)
        )  # fmt: skip
        kids.append(kid)
    parent.Kids = pikepdf.Array(kids)
    pdf.Root.AcroForm.Fields.append(parent)
    collation = among_good({"fields.pdf": saved(pdf)})
    (skipped,) = collation.skipped
    assert "more than 500 form fields" in skipped.reason or "too many objects" in skipped.reason


def test_identical_copies_do_not_grow_the_collation_quadratically(
    tmp_path, template_docx, template_pdf, publication
):
    values = person("Copy Cat", "Copies Ltd", "copy@cat.example", LABEL["none"], {Q1: "Same."})
    data = fill_docx(template_docx, values)
    sizes = {}
    for count in (40, 160):
        folder = tmp_path / f"in{count}"
        _with_good(folder, template_docx, template_pdf)
        for i in range(count):
            (folder / f"copy{i:04}.docx").write_bytes(data)
        collation, _ = _collate(folder, publication, tmp_path / f"out{count}")
        copy = next(r for r in collation.responses if r.file == "copy0000.docx")
        assert len(copy.duplicates) == 10
        assert copy.duplicates_total == count - 1
        assert "and 29 more" in " ".join(copy.notes) if count == 40 else True
        names = ("responses.csv", "collation.json", "collation.html")
        sizes[count] = sum((tmp_path / f"out{count}" / n).stat().st_size for n in names)
    assert sizes[160] < 6 * sizes[40]  # four times the files: about four times the output


def _pdf_with_value_stream(template: bytes, data: bytes, filter_name: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(template))
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == f"question.{Q1}":
            stream = pikepdf.Stream(pdf, b"")
            stream.write(data, filter=pikepdf.Name(filter_name))  # data already encoded
            field.V = stream
        if str(field.get("/T")) == "respondent.name":
            field.V = pikepdf.String("Lz Bomb")
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    assert f"/Filter {filter_name}".encode() in out.getvalue()  # the LZW is kept as it is
    return out.getvalue()


def test_an_lzw_stream_is_never_decoded(template_pdf, among_good):
    """qpdf has no memory cap for LZW: a value so compressed is refused before decoding."""
    collation = among_good(
        {
            "lzw.pdf": _pdf_with_value_stream(
                template_pdf, b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", "/LZWDecode"
            )
        }
    )
    (skipped,) = collation.skipped
    assert "LZWDecode" in skipped.reason


def test_shared_nested_arrays_cannot_multiply_the_work(template_pdf, among_good):
    pdf = pikepdf.open(io.BytesIO(template_pdf))
    leaf = pdf.make_indirect(pikepdf.Array([pikepdf.String("x" * 100)] * 100))
    middle = pdf.make_indirect(pikepdf.Array([leaf] * 100))
    top = pikepdf.Array([middle] * 100)  # 100 × 100 × 100 strings, in 243 kB
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == f"question.{Q1}":
            field.V = top
    collation = among_good({"arrays.pdf": saved(pdf)})
    assert {s.file for s in collation.skipped} | {r.file for r in collation.responses} >= {
        "arrays.pdf"
    }


def test_an_answer_of_too_many_lines_is_refused(template_docx, among_good):
    lines = "\n".join(f"line {i}" for i in range(100_000))
    values = person("Long Lines", "Lines Ltd", "l@l.example", LABEL["none"], {Q1: lines})
    collation = among_good({"lines.docx": fill_docx(template_docx, values)}, max_mib=600)
    (skipped,) = collation.skipped
    assert "lines, more than the 20,000" in skipped.reason


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (400_000, "hold more than 2,000,000 characters"),
        (1_500_000, "longer than an XML parser reads (about 10 million characters)"),
    ],
)
def test_an_answer_too_long_is_refused_for_its_length(words, reason, template_docx, among_good):
    text = " ".join(f"w{i}" for i in range(words))  # unlike "word word …", not a zip bomb
    values = person("Long", "Long Ltd", "long@l.example", LABEL["none"], {Q1: text})
    collation = among_good({"long.docx": fill_docx(template_docx, values)}, max_mib=900)
    (skipped,) = collation.skipped
    assert reason in skipped.reason


def test_a_long_answer_is_written_in_linear_time(tmp_path, template_docx, among_good):
    lines = "\n".join(f"line {i}" for i in range(15_000))
    values = person("Many Lines", "Lines Ltd", "m@l.example", LABEL["none"], {Q1: lines})
    collation = among_good({"lines.docx": fill_docx(template_docx, values)}, max_mib=600)
    assert "lines.docx" in {r.file for r in collation.publishable}
    assert (tmp_path / "out" / "collation-publishable.docx").stat().st_size > 50_000


# --- confidentiality fails closed ----------------------------------------------------------


def test_two_confidentiality_answers_that_disagree_are_withheld(
    tmp_path, template_docx, among_good
):
    body = document_xml(
        "<w:p>"
        + sdt_xml('<w:tag w:val="respondent.name"/>', "<w:r><w:t>Two Minds</w:t></w:r>")
        + sdt_xml('<w:tag w:val="confidential"/>',
                  f"<w:r><w:t>{LABEL['all']}</w:t></w:r>")
        + sdt_xml('<w:tag w:val="confidential"/>',
                  f"<w:r><w:t>{LABEL['none']}</w:t></w:r>")
        + sdt_xml(f'<w:tag w:val="question.{Q1}"/>', "<w:r><w:t>SECRET-TWO-MINDS</w:t></w:r>")
        + "</w:p>"
    )  # fmt: skip
    collation = among_good({"two.docx": replace_member(template_docx, "word/document.xml", body)})
    two = next(r for r in collation.responses if r.file == "two.docx")
    assert not two.publishable
    assert any("different answers to the confidentiality question" in n for n in two.notes)
    for name in ("collation-publishable.html",):
        assert "SECRET-TWO-MINDS" not in (tmp_path / "out" / name).read_text()


def test_a_radio_whose_value_and_appearance_disagree_is_withheld(
    tmp_path, template_pdf, among_good
):
    values = person("Split View", "Split Ltd", "s@v.example", "none", {Q1: "SECRET-SPLIT"})
    pdf = pikepdf.open(io.BytesIO(fill_pdf(template_pdf, values)))
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == "confidential":
            options = [str(o) for o in field.Opt]
            shown = pikepdf.Name(f"/{options.index('all')}")
            for kid in field.Kids:  # the viewer drew "all", but /V still says "none"
                kid.AS = shown if str(shown) in kid.AP.N else pikepdf.Name.Off
    collation = among_good({"split.pdf": saved(pdf)})
    split = next(r for r in collation.responses if r.file == "split.pdf")
    assert not split.publishable
    assert "SECRET-SPLIT" not in (tmp_path / "out" / "collation-publishable.html").read_text()


def test_files_whose_names_show_alike_are_never_confused(
    tmp_path, template_docx, template_pdf, publication
):
    folder = tmp_path / "in"
    _with_good(folder, template_docx, template_pdf)
    first = person("One", "First Org", "one@x.example", LABEL["none"], {Q1: "ANSWER-FIRST"})
    second = person("Two", "Second Org", "two@x.example", LABEL["none"], {Q1: "ANSWER-SECOND"})
    raw = os.fsencode(folder)
    with open(raw + b"/r\xe9ponse.docx", "wb") as stream:
        stream.write(fill_docx(template_docx, first))
    with open(raw + b"/r\xe8ponse.docx", "wb") as stream:
        stream.write(fill_docx(template_docx, second))
    collation, _ = _collate(folder, publication, tmp_path / "out")
    files = sorted(r.file for r in collation.responses)
    assert len(set(files)) == len(files) == 4
    assert len({r.key for r in collation.responses}) == 4
    page = (tmp_path / "out" / "collation-publishable.html").read_text()
    articles = page.split("<article")[1:]
    # each answer under its own organisation, and nowhere else
    assert [a for a in articles if "ANSWER-FIRST" in a] == [
        a for a in articles if "First Org" in a and "Second Org" not in a
    ]
    assert [a for a in articles if "ANSWER-SECOND" in a] == [
        a for a in articles if "Second Org" in a and "First Org" not in a
    ]
    assert any("ANSWER-FIRST" in a for a in articles)
    full = (tmp_path / "out" / "collation.html").read_text()
    ids = [chunk.split('"')[0] for chunk in full.split(' id="')[1:]]
    assert len(ids) == len(set(ids))


def test_control_and_bidi_characters_never_reach_a_report(tmp_path, template_pdf, among_good):
    pdf = pikepdf.open(io.BytesIO(fill_pdf(template_pdf, GOOD["fine.pdf"])))
    evil = "question.\x1b]0;TITLE\x07\x1b[2J\u202eevil\nFAKE: published"
    pdf.Root.AcroForm.Fields.append(
        pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(evil), FT=pikepdf.Name.Tx,
                                             V=pikepdf.String("hidden \u202etxet")))
    )  # fmt: skip
    collation = among_good({"escape.pdf": saved(pdf)})
    printed = "\n".join(summary_lines(collation))
    page = (tmp_path / "out" / "collation.html").read_text()
    for text in (printed, page, (tmp_path / "out" / "collation.json").read_text()):
        for character in ("\x1b", "\x07", "\u202e"):
            assert character not in text
    assert "FAKE: published" not in printed.split("\n")[0]


def test_emails_differing_by_invisible_characters_are_duplicates(
    tmp_path, template_docx, template_pdf, publication
):
    folder = tmp_path / "in"
    _with_good(folder, template_docx, template_pdf)
    for name, email in (("a.docx", "same@x.example"), ("b.docx", "sa\u200bme@X.example")):
        values = person("Same", "Same Org", email, LABEL["none"], {Q1: name})
        (folder / name).write_bytes(fill_docx(template_docx, values))
    collation, _ = _collate(folder, publication, tmp_path / "out")
    a = next(r for r in collation.responses if r.file == "a.docx")
    assert a.duplicates == ("b.docx",)


def test_hidden_text_is_reported(template_docx, among_good):
    body = document_xml(
        "<w:p>"
        + sdt_xml('<w:tag w:val="respondent.name"/>', "<w:r><w:t>Hid Den</w:t></w:r>")
        + sdt_xml(
            f'<w:tag w:val="question.{Q1}"/>',
            "<w:r><w:t>seen </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>unseen</w:t></w:r>",
        )
        + "</w:p>"
    )
    collation = among_good(
        {"hidden.docx": replace_member(template_docx, "word/document.xml", body)}
    )
    hidden = next(r for r in collation.responses if r.file == "hidden.docx")
    assert any("formatted as hidden" in note for note in hidden.notes)


def test_csv_guard_sees_through_invisible_leading_characters() -> None:
    for lead in ("\ufeff", "\u200b", "\u3000", "\u2003", " \u00a0"):
        assert safe_cell(lead + "=HYPERLINK(1)").startswith("'")
    assert safe_cell("plain") == "plain"


def test_the_full_collation_cannot_be_written_under_build(tmad, tmp_path, template_docx):
    folder = tmp_path / "in"
    folder.mkdir()
    project = tmp_path / "project"
    shutil.copytree(REPO / "clauses", project / "clauses")
    shutil.copytree(REPO / "publications", project / "publications")
    result = tmad("--project", str(project), "responses", "collate", str(folder),
                  "-o", str(project / "build" / "responses"))  # fmt: skip
    assert result.code == 2
    assert "confidential answers" in result.err
    assert not (project / "build").exists()


# --- outputs only where asked ---------------------------------------------------------------


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    """The minimal project and a build of it (HTML, DOCX and PDF of two versions)."""
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", project)
    out = project / "build"
    from tmad.cli import main

    assert main(["--project", str(project), "build", "-q", "-j", "1"]) == 0
    return project, out


def test_a_manifest_naming_paths_outside_the_build_is_refused(built, tmad, tmp_path) -> None:
    project, out = built
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads((out / "manifest.json").read_text())
    for path in ("../../victim.txt", str(victim), ".hidden/x"):
        entry = dict(manifest["outputs"][0], path=path)
        data = dict(manifest, outputs=[*manifest["outputs"], entry])
        (out / "manifest.json").write_text(json.dumps(data))
        result = tmad("--project", str(project), "build", "-q")
        assert result.code == 1
        assert "not a path inside the build folder" in result.err
        assert victim.read_text() == "keep me"


def test_an_output_changed_in_place_is_rebuilt(built, tmad) -> None:
    project, out = built
    target = next(out.rglob("*.html"))
    data = bytearray(target.read_bytes())
    data[-10] ^= 1  # one byte, same size
    target.write_bytes(bytes(data))
    result = tmad("--project", str(project), "build")
    assert result.code == 0
    assert "0 unchanged" not in result.err
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["outputs"]:
        import hashlib

        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_a_failed_publish_leaves_the_previous_build(built, tmad, monkeypatch) -> None:
    project, out = built
    before = tree_digest(out)
    (project / "clauses" / "1.1" / "changes.md").write_text(
        (project / "clauses" / "1.1" / "changes.md").read_text().replace("seven", "eight")
    )
    from tmad.build import runner

    def fail(new, out_dir):
        raise OSError(28, "No space left on device", str(out_dir))

    monkeypatch.setattr(runner, "exchange", fail)
    result = tmad("--project", str(project), "build", "-q")
    assert result.code == 1
    assert result.err.strip().endswith("No space left on device")
    assert tree_digest(out) == before
    assert not any(p.name.startswith(".build.") for p in project.iterdir())


def test_debris_of_a_killed_build_is_tidied(built, tmad) -> None:
    project, out = built
    dead = 2**22 + 12345  # no such process
    (project / f".build.next-{dead}").mkdir()
    (project / f".build.next-{dead}" / "half.pdf").write_bytes(b"%PDF-half")
    (out / ".staging-4242").mkdir()
    result = tmad("--project", str(project), "build")
    assert result.code == 0
    assert "interrupted build" in result.err
    assert not (project / f".build.next-{dead}").exists()
    assert not (out / ".staging-4242").exists()


def test_an_old_build_left_aside_is_put_back(built, tmad) -> None:
    project, out = built
    dead = 2**22 + 54321
    out.rename(project / f".build.old-{dead}")
    result = tmad("--project", str(project), "build", "-q")
    assert result.code == 0
    assert (out / "manifest.json").is_file()
    assert not (project / f".build.old-{dead}").exists()


def _marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
    return found


def _start_build(project: Path, mark: str) -> subprocess.Popen:
    env = dict(os.environ, TMAD_TEST_MARK=mark, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from tmad.cli import main; sys.exit(main())",
         "--project", str(project), "build", "-j", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _wait_for_workers(project: Path, mark: str, process: subprocess.Popen) -> None:
    deadline = time.time() + 30
    while time.time() < deadline and process.poll() is None:
        working = any(p.name.startswith(".build.next-") for p in project.iterdir())
        if working and len(_marked_processes(mark)) >= 3:  # the build and two workers
            return
        time.sleep(0.05)
    raise AssertionError("the build never started its workers")


def test_workers_die_with_a_killed_build(tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", project)
    mark = uuid.uuid4().hex
    process = _start_build(project, mark)
    _wait_for_workers(project, mark, process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.time() + 10
    while _marked_processes(mark) and time.time() < deadline:
        time.sleep(0.1)
    assert _marked_processes(mark) == []
    assert not (project / "build").exists() or (project / "build" / "manifest.json").is_file()


def test_sigterm_is_handled_like_ctrl_c(tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", project)
    mark = uuid.uuid4().hex
    process = _start_build(project, mark)
    _wait_for_workers(project, mark, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"interrupted" in err
    assert not any(p.name.startswith(".build.") for p in project.iterdir())


@pytest.mark.parametrize("target", ["device", "link", "folder"])
def test_output_is_a_regular_file_or_refused(target, tmad, tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", project)
    if target == "device":
        path = tmp_path / "fifo.html"
        os.mkfifo(path)
        expected = "not a regular file"
    elif target == "link":
        (tmp_path / "real.html").write_text("keep")
        path = tmp_path / "link.html"
        path.symlink_to(tmp_path / "real.html")
        expected = "symbolic link"
    else:
        path = tmp_path / "folder"
        path.mkdir()
        expected = ""
    result = tmad("--project", str(project), "redline", "1.0", "1.1", "-o", str(path))
    if target == "folder":
        assert result.code == 0
        assert (path / "MTD_v1.1_redline_against_v1.0.html").is_file()
        return
    assert result.code == 1
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    if target == "link":
        assert (tmp_path / "real.html").read_text() == "keep"
        assert path.is_symlink()
    else:
        assert path.is_fifo()


def test_an_unwritable_output_is_a_one_line_error(tmad, tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", project)
    result = tmad("--project", str(project), "redline", "1.0", "1.1", "-o",
                  str(tmp_path / "no" / "such" / "dir" / "x.html" / "y"))  # fmt: skip
    assert result.code in (0, 1)
    assert "internal error" not in result.err

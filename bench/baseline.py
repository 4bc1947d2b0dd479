"""Baselines for the benchmarks: Python's difflib and WeasyPrint alone, on the same text.

The benchmarks (``bench/run.py``) run this script as a subprocess, as they run
``tmad``, so that a baseline and the tmad figure it is set against are timed the
same way (wall time of the whole command, peak memory from ``wait4``):

``words OLD NEW OUT``
    The word-level difference of two texts with difflib, written as JSON: a
    ``SequenceMatcher`` over the lines, then one over the words of each run of
    replaced lines (what ``tmad redline --format json`` reports, minus the
    alignment by id). :func:`word_changes` is the same baseline in-process.
``html OLD NEW OUT``
    ``difflib.HtmlDiff().make_file`` of the two texts, side by side in full.
``docx-text DOCX``
    Every paragraph's text of a Word file, read with python-docx (``Document(path)``):
    the least a Python import from Word does, set against ``tmad import``.
``python-redlines OLD.docx NEW.docx OUT.docx``
    python-redlines (Docxodus engine) comparing two Word files into a tracked-changes
    DOCX: the yardstick of ``tmad redline OLD.docx NEW.docx --format docx``.
``pdf [-j N] OUTDIR PAGES.json``
    ``weasyprint.HTML(string=page).write_pdf(**options)`` for each page of the
    listing (``[{"name", "html": path, "options": {"pdf_variant": "pdf/ua-1", ...}}]``,
    what tmad's PDF renderer hands WeasyPrint, recorded by ``run.py``), serially or
    in N forked processes. Prints JSON: the seconds spent importing WeasyPrint, the
    seconds (wall and CPU) spent laying out and writing all the pages (the figures a
    build is set against) and the seconds per page. ``--gc A,B,C`` sets the garbage
    collector's thresholds first (``gc.set_threshold``), as the ``tmad`` command does.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
"""The variant tmad writes (tmad/render/pdfkit.py), for a listing that names no options."""

WordChange = tuple[str, list[str], list[str]]
"""(opcode, old words, new words) for one changed stretch."""


def word_changes(old_lines: list[str], new_lines: list[str]) -> list[WordChange]:
    """difflib's word-level changes: lines aligned first, then the words of replaced lines.

    The line pass uses difflib's default heuristic (autojunk), as ``unified_diff``
    does; the word pass inside each replaced run of lines switches it off, so a
    common word is never junk.
    """
    changes: list[WordChange] = []
    lines = difflib.SequenceMatcher(None, old_lines, new_lines)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal":
            continue
        if op != "replace":
            changes.append((op, old_lines[i1:i2], new_lines[j1:j2]))
            continue
        old_words = " ".join(old_lines[i1:i2]).split()
        new_words = " ".join(new_lines[j1:j2]).split()
        words = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
        for wop, a1, a2, b1, b2 in words.get_opcodes():
            if wop != "equal":
                changes.append((wop, old_words[a1:a2], new_words[b1:b2]))
    return changes


def _read_lines(path: str) -> list[str]:
    return Path(path).read_text(encoding="utf-8").splitlines()


def _words(args: argparse.Namespace) -> None:
    changes = word_changes(_read_lines(args.old), _read_lines(args.new))
    data = [{"op": op, "old": " ".join(a), "new": " ".join(b)} for op, a, b in changes]
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def _html(args: argparse.Namespace) -> None:
    page = difflib.HtmlDiff(wrapcolumn=100).make_file(
        _read_lines(args.old), _read_lines(args.new), args.old, args.new
    )
    Path(args.out).write_text(page, encoding="utf-8")


_PAGES: list[dict] = []
_OUT: list[Path] = []


def _write_pdf(index: int) -> float:
    import weasyprint

    page = _PAGES[index]
    started = time.perf_counter()
    html = Path(page["html"]).read_text(encoding="utf-8")
    data = weasyprint.HTML(string=html).write_pdf(**page["options"])
    (_OUT[0] / (page["name"] + ".pdf")).write_bytes(data)
    return time.perf_counter() - started


def _pdf(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    import weasyprint  # noqa: F401  (timed apart: the import is not layout)

    imported = time.perf_counter() - started
    if args.gc:
        gc.set_threshold(*(int(n) for n in args.gc.split(",")))
    _PAGES.extend(json.loads(Path(args.pages).read_text(encoding="utf-8")))
    for page in _PAGES:
        page.setdefault("options", {"pdf_variant": PDF_VARIANT})
    _OUT.append(Path(args.outdir))
    _OUT[0].mkdir(parents=True, exist_ok=True)
    started, cpu_started = time.perf_counter(), _cpu()
    if args.jobs <= 1 or len(_PAGES) <= 1:
        per_page = [_write_pdf(i) for i in range(len(_PAGES))]
    else:
        pool = multiprocessing.get_context("fork").Pool(min(args.jobs, len(_PAGES)))
        per_page = pool.map(_write_pdf, range(len(_PAGES)), chunksize=1)
        pool.close()
        pool.join()  # reaped, so the workers' CPU time counts
    layout, layout_cpu = time.perf_counter() - started, _cpu() - cpu_started
    report = {"import": imported, "layout": layout, "layout_cpu": layout_cpu, "per_page": per_page}
    print(json.dumps(report))


def _cpu() -> float:
    """CPU seconds (user and system) of this process and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _docx_text(args: argparse.Namespace) -> None:
    import docx

    words = sum(len(p.text.split()) for p in docx.Document(args.docx).paragraphs)
    print(json.dumps({"words": words}))


def _python_redlines(args: argparse.Namespace) -> None:
    from python_redlines.engines import DocxodusEngine

    out, _, _ = DocxodusEngine().run_redline("bench", Path(args.old), Path(args.new))
    Path(args.out).write_bytes(out)


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description="difflib and WeasyPrint baselines")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (("words", _words), ("html", _html)):
        sub = commands.add_parser(name)
        sub.add_argument("old")
        sub.add_argument("new")
        sub.add_argument("out")
        sub.set_defaults(handler=handler)
    text = commands.add_parser("docx-text")
    text.add_argument("docx")
    text.set_defaults(handler=_docx_text)
    compared = commands.add_parser("python-redlines")
    for name in ("old", "new", "out"):
        compared.add_argument(name)
    compared.set_defaults(handler=_python_redlines)
    pdf = commands.add_parser("pdf")
    pdf.add_argument("-j", "--jobs", type=int, default=1)
    pdf.add_argument("--gc", help="garbage collector thresholds, as A,B,C")
    pdf.add_argument("outdir")
    pdf.add_argument("pages", help="JSON listing of the pages and their write_pdf options")
    pdf.set_defaults(handler=_pdf)
    args = parser.parse_args(argv)
    args.handler(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

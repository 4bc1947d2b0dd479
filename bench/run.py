"""The tmad benchmarks (``nox -s bench``): every figure against a baseline timed in the same run.

Run ``python bench/run.py [--quick] [--only NAME ...] [--repeat N] [--output PATH]``
with tmad installed (the nox session installs it). What is measured (issues 3 and 7):

1. ``compare``: ``tmad.diff.compare.compare(old, new)`` on two loaded versions of a
   synthetic document (2,000 clauses, about 300,000 words, 2% of clauses changed by a
   few words, 1% renumbered; ``bench/synthetic.py``) against difflib on the same text
   (the two versions as ``tmad show`` prints them): a ``SequenceMatcher`` over the
   lines, then one over the words of each replaced run of lines
   (:func:`baseline.word_changes`), both in-process. Target: under 0.5 s.
2. ``redline``: the whole command ``tmad redline V1 V2 --format json -o FILE`` (target
   under 3 s) and ``--format html`` (under 5 s), as subprocesses, against a subprocess
   doing the like with difflib on the same text (``bench/baseline.py words``: the word
   changes as JSON; ``bench/baseline.py html``: ``difflib.HtmlDiff().make_file``).
3. ``worddiff``: the word diff of one paragraph of 100,000 words in sentences with 10% of
   its words changed (``synthetic.long_paragraph``; 20,000 with ``--quick``), the worst case
   of a long paragraph, against ``difflib.unified_diff`` of the same text cut one sentence
   a line (the coarse lower bound: which sentences changed), both in-process. Target:
   under 1 s per 100,000 words.
4. ``example``: ``tmad build`` of the repository's own sources (copied to a scratch
   directory first, so that edits made elsewhere during the run do not mix in) into an
   empty directory, serially (``-j 1``) and in parallel (default ``-j``), against
   WeasyPrint alone laying out and writing the same pages with the same number of
   processes. The pages are exactly what tmad's PDF renderer hands WeasyPrint
   (recorded beforehand, outside the timing), written with the same options
   (``pdf_variant="pdf/ua-1"``, ...). Target: overhead (build - WeasyPrint) /
   WeasyPrint at most 10%. Also reported, to show where the rest goes: tmad's own
   rendering time per format (in-process, WeasyPrint excluded), the start-up of the
   ``tmad`` command and ``tmad check``.
5. ``rebuild``: a no-op rebuild (target under 1 s) and a one-clause rebuild (one clause
   of the last version's ``changes.md`` edited) against the full parallel build.
6. ``synthetic``: the full build of the synthetic document (default ``-j``) against
   WeasyPrint on its pages with the same number of processes, with peak memory.

7. ``word``: ``tmad import`` of the synthetic first version as tmad's DOCX into an
   empty project (scheme inferred, sources written and proved) against python-docx
   reading every paragraph's text, and ``tmad redline OLD.docx NEW.docx --format docx``
   against python-redlines (Docxodus engine, installed in the bench session only) on the
   same files, with peak memory: on a pair of about 120,000 words a file (the size the
   issue names; target: at least 5x faster) and on the synthetic pair.

Times are medians over the repetitions, by ``time.perf_counter``; a subprocess is
timed from start to exit (Python start-up and loading included), and a build and its
WeasyPrint baseline are run alternately so that a change in the machine's load hits
both. Peak memory is the ``ru_maxrss`` that ``os.wait4`` returns for the subprocess:
the largest resident set of that process or of any of its worker processes (the
per-child form of ``getrusage(RUSAGE_CHILDREN)``), not the sum of concurrent ones. Each
command is started, timed and measured by ``launch.py``, a small process: started from
the benchmark itself, a command's peak would count the benchmark's memory too (a floor of
about 200 MiB until 2026-12). The floor that remains (the launcher's) is printed.

The table goes to standard output, the figures as JSON to ``.nox/bench-results.json``
(``--output``). Missed targets are listed; ``--strict`` makes them fail the run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import baseline
import synthetic

from tmad import __version__ as tmad_version
from tmad import render
from tmad.build.plan import Job, make_product, plan
from tmad.cli import GC_THRESHOLD
from tmad.diff.compare import compare
from tmad.diff.words import word_diff
from tmad.products import VersionProduct
from tmad.project import Project, load_project
from tmad.showtext import edition_markdown

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE = HERE / "baseline.py"
LAUNCH = HERE / "launch.py"
REDLINE_PAIR_CLAUSES = 740
"""Synthetic clauses in the pair of about 120,000 words (162 words a clause as ``tmad show``
counts them, headings and numbers included) on which the Word-import issue sets the
comparison with python-redlines."""
SECTIONS = ("compare", "redline", "worddiff", "example", "rebuild", "synthetic", "word")
_SKIP_COPY = (
    ".git",
    ".nox",
    "build",
    "dist",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    ".benchmarks",
    "*.egg-info",
    "__pycache__",
)
_BUILT = re.compile(r"built (\d+) product\(s\), (\d+) unchanged")
_PROGRESS = re.compile(r"^\[\s*\d+/\d+\] (\S+) (\S+) \([^)]*\) ([\d.]+)s$", re.MULTILINE)
_BUSY = 0.5
"""A one-minute load average above this at the start means other work shares the cores."""


def say(message: str) -> None:
    """Progress on standard error."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


@dataclass
class Figure:
    """One measured figure, with the baseline it is set against."""

    key: str
    label: str
    runs: list[float]
    baseline: str = ""
    baseline_runs: list[float] = field(default_factory=list)
    target: str = ""
    met: bool | None = None
    peak_rss_mib: float | None = None
    baseline_peak_rss_mib: float | None = None
    note: str = ""
    cpu_runs: list[float] = field(default_factory=list)
    """CPU seconds (user + system, worker processes included) per run, where measured."""
    baseline_cpu_runs: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Median of the runs."""
        return statistics.median(self.runs)

    @property
    def baseline_seconds(self) -> float | None:
        """Median of the baseline's runs."""
        return statistics.median(self.baseline_runs) if self.baseline_runs else None

    @property
    def ratio(self) -> float | None:
        """This figure over its baseline."""
        base = self.baseline_seconds
        return self.seconds / base if base else None

    @property
    def cpu_ratio(self) -> float | None:
        """This figure's CPU time over its baseline's: steadier than wall time on a busy machine."""
        if not self.cpu_runs or not self.baseline_cpu_runs:
            return None
        return statistics.median(self.cpu_runs) / statistics.median(self.baseline_cpu_runs)

    def as_json(self) -> dict:
        """JSON-ready, with the medians and the ratios."""
        data = asdict(self)
        data.update(
            seconds=self.seconds,
            baseline_seconds=self.baseline_seconds,
            ratio=self.ratio,
            cpu_ratio=self.cpu_ratio,
        )
        return data


@dataclass(frozen=True)
class Run:
    """A finished subprocess."""

    seconds: float
    cpu_seconds: float
    """User and system time of the process and its reaped children (workers)."""
    peak_rss_kib: int
    stdout: str
    stderr: str


def run_command(command: Sequence[str | Path], allowed: tuple[int, ...] = (0,)) -> Run:
    """Run a command to completion: wall time, CPU time and peak RSS (``wait4``), output.

    The command is started and timed by ``launch.py``, a small process, so that its peak
    memory does not count the benchmark's own (see there). An exit status not in
    ``allowed`` raises RuntimeError with the command's errors.
    """
    argv = [str(part) for part in command]
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        report = Path(folder, "report.json")
        launcher = [sys.executable, "-S", str(LAUNCH), str(report)]
        code = subprocess.run([*launcher, *argv], stdout=out, stderr=err).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        if code not in allowed:
            raise RuntimeError(
                f"{' '.join(argv)} failed with exit status {code}:\n{stderr[-4000:]}"
            )
        measured = json.loads(report.read_text(encoding="utf-8"))
    return Run(
        measured["seconds"], measured["cpu_seconds"], measured["peak_rss_kib"], stdout, stderr
    )


def memory_floor() -> float:
    """The least peak memory a command started by ``launch.py`` can read, in MiB: the
    launcher's own, measured by starting ``true``."""
    return mib(run_command(["true"]).peak_rss_kib)


def mib(kib: float) -> float:
    """KiB (``ru_maxrss`` on Linux) to MiB."""
    return round(kib / 1024, 1)


def peak(runs: Sequence[Run]) -> float:
    """The largest peak RSS of some runs, in MiB."""
    return mib(max(r.peak_rss_kib for r in runs))


def seconds(runs: Sequence[Run]) -> list[float]:
    """The wall times of some runs."""
    return [r.seconds for r in runs]


def cpu(runs: Sequence[Run]) -> list[float]:
    """The CPU times of some runs."""
    return [r.cpu_seconds for r in runs]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call, ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return runs


def copy_project(source: Path, target: Path) -> Path:
    """Copy a project's sources (not its build, caches or VCS data)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*_SKIP_COPY))
    return target


def tmad(*args: str | Path) -> list[str]:
    """A tmad command line."""
    return [*synthetic.tmad_command(), *map(str, args)]


def built(run: Run) -> str:
    """'8 rendered, 0 unchanged' from a build's summary line."""
    match = _BUILT.search(run.stderr)
    return f"{match.group(1)} rendered, {match.group(2)} unchanged" if match else "?"


def product_seconds(run: Run) -> dict[str, float]:
    """Seconds per product from a build's progress lines."""
    return {m.group(2): float(m.group(3)) for m in _PROGRESS.finditer(run.stderr)}


@dataclass(frozen=True)
class Pages:
    """What tmad's PDF renderer hands WeasyPrint, recorded for the baseline."""

    listing: Path
    """JSON list of {"name", "html", "options"} for ``baseline.py pdf``."""
    names: tuple[str, ...]
    """The products, one page each."""
    html_seconds: dict[str, tuple[float, float]]
    """Wall and CPU seconds tmad took to make each page (all of the PDF but WeasyPrint)."""


def record_pdf_pages(project: Project, jobs: list[Job], folder: Path) -> Pages:
    """Render every PDF of the build with WeasyPrint's ``HTML`` replaced by a recorder.

    The recorder keeps the page and the ``write_pdf`` options, so the baseline lays out
    exactly what tmad would, with the same options, whatever the PDF renderer does.
    """
    import weasyprint

    calls: list[tuple[str, dict]] = []

    class Recorder:
        def __init__(self, *args: object, string: str | None = None, **kwargs: object) -> None:
            if string is None:
                raise RuntimeError("tmad's PDF renderer no longer passes HTML(string=...)")
            self.string = string

        def write_pdf(self, target: object = None, **options: object) -> bytes:
            calls.append((self.string, options))
            return b"%PDF-1.7\n"

    folder.mkdir(parents=True, exist_ok=True)
    listing = []
    html_seconds = {}
    real = weasyprint.HTML
    weasyprint.HTML = Recorder  # type: ignore[misc]
    try:
        for job in jobs:
            if "pdf" not in job.formats:
                continue
            product = make_product(project, job)
            calls.clear()
            started, processor = time.perf_counter(), time.process_time()
            render.render(product, "pdf")
            html_seconds[job.name] = (
                time.perf_counter() - started,
                time.process_time() - processor,
            )
            for n, (html, options) in enumerate(calls):
                name = job.name if len(calls) == 1 else f"{job.name}-{n + 1}"
                path = folder / f"{name}.html"
                path.write_text(html, encoding="utf-8")
                listing.append({"name": name, "html": str(path), "options": _jsonable(options)})
    finally:
        weasyprint.HTML = real  # type: ignore[misc]
    path = folder / "pages.json"
    path.write_text(json.dumps(listing, indent=1), encoding="utf-8")
    return Pages(path, tuple(p["name"] for p in listing), html_seconds)


@contextlib.contextmanager
def tmad_gc() -> Iterator[None]:
    """For the block, the garbage collector's thresholds that the ``tmad`` command sets."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def finisher_seconds(jobs: list[Job], products: list) -> tuple[float, float]:
    """Wall and CPU seconds of tmad's finisher (:func:`tmad.render.pdftags.restructure`, the
    structure tree rewritten inside ``write_pdf``) over every PDF of the build, made here."""
    from tmad.render import pdftags

    spent = [0.0, 0.0]
    real = pdftags.restructure

    def timed(*args: object) -> None:
        wall, processor = time.perf_counter(), time.process_time()
        real(*args)
        spent[0] += time.perf_counter() - wall
        spent[1] += time.process_time() - processor

    pdftags.restructure = timed  # type: ignore[assignment]
    try:
        for job, product in zip(jobs, products, strict=True):
            if "pdf" in job.formats:
                render.render(product, "pdf")
    finally:
        pdftags.restructure = real  # type: ignore[assignment]
    return spent[0], spent[1]


def _jsonable(options: dict) -> dict:
    out = {}
    for key, value in options.items():
        try:
            json.dumps(value)
        except TypeError:
            say(f"warning: write_pdf option {key}={value!r} cannot be passed to the baseline")
            continue
        out[key] = value
    return out


def weasyprint_alone(pages: Pages, out: Path, jobs: int, same_gc: bool = False) -> tuple[Run, dict]:
    """One baseline run and its report: layout seconds, wall and CPU, timed by the baseline.
    With ``same_gc``, WeasyPrint runs with the garbage collector's thresholds that the
    ``tmad`` command sets (:data:`tmad.cli.GC_THRESHOLD`)."""
    command = [sys.executable, BASELINE, "pdf", "-j", str(jobs)]
    if same_gc:
        command += ["--gc", ",".join(str(n) for n in GC_THRESHOLD)]
    run = run_command([*command, out, pages.listing])
    return run, json.loads(run.stdout)


class Bench:
    """One benchmark run: its configuration, its scratch directory and its figures."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.repeat: int = args.repeat or (1 if args.quick else 3)
        self.figures: list[Figure] = []
        self.info: dict = {}
        self.jobs = os.cpu_count() or 1

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        ratio = f", ratio {figure.ratio:.2f}" if figure.ratio is not None else ""
        say(f"{figure.label}: {figure.seconds:.3f} s{ratio}")
        return figure

    # --- the synthetic document --------------------------------------------------------

    def make_synthetic(self) -> None:
        args = self.args
        root = self.work / "synthetic"
        say(f"writing a synthetic project: {args.clauses} clauses, {args.versions} versions")
        made = synthetic.generate(
            root,
            clauses=args.clauses,
            versions=args.versions,
            change_rate=args.change_rate,
            renumber_rate=args.renumber_rate,
            seed=args.seed,
        )
        synthetic.check(root)
        self.synthetic = made
        self.info["synthetic"] = [asdict(v) for v in made.versions]
        self.project = load_project(root)
        self.v1, self.v2 = made.numbers[0], made.numbers[1]
        old, new = self.project.edition(self.v1), self.project.edition(self.v2)
        self.old_text, self.new_text = edition_markdown(old), edition_markdown(new)
        self.old_md = self.work / f"synthetic-{self.v1}.md"
        self.new_md = self.work / f"synthetic-{self.v2}.md"
        self.old_md.write_text(self.old_text, encoding="utf-8")
        self.new_md.write_text(self.new_text, encoding="utf-8")
        words = {self.v1: len(self.old_text.split()), self.v2: len(self.new_text.split())}
        self.info["synthetic_words_tmad_show"] = words
        say(
            f"synthetic v{self.v1} / v{self.v2}: {words[self.v1]:,} / {words[self.v2]:,} "
            "words (tmad show); tmad check clean"
        )

    # --- 1. compare --------------------------------------------------------------------

    def bench_compare(self) -> None:
        old, new = self.project.edition(self.v1), self.project.edition(self.v2)
        repeat = self.args.repeat or (3 if self.args.quick else 5)
        compare(old, new)  # warm-up
        runs = timed(lambda: compare(old, new), repeat)
        counts = compare(old, new).counts()
        old_lines, new_lines = self.old_text.splitlines(), self.new_text.splitlines()
        base = timed(lambda: baseline.word_changes(old_lines, new_lines), repeat)
        changes = len(baseline.word_changes(old_lines, new_lines))
        clauses = self.args.clauses
        self.add(
            Figure(
                "compare",
                f"compare() {clauses} clauses",
                runs,
                "difflib in-process: SequenceMatcher over lines, then over the words of "
                "replaced lines",
                base,
                "< 0.5 s",
                statistics.median(runs) < 0.5,
                note="tmad found "
                + ", ".join(f"{n} {k}" for k, n in counts.items() if n)
                + f"; difflib found {changes} changed stretches",
            )
        )
        unified = timed(
            lambda: list(difflib.unified_diff(old_lines, new_lines, lineterm="")), repeat
        )
        self.add(
            Figure(
                "compare_vs_unified_diff",
                "compare() vs line diff",
                runs,
                "difflib.unified_diff over the lines (lines only, no words)",
                unified,
                note="for reference: a line diff tells which paragraphs changed, not which words",
            )
        )

    # --- 2. redline commands -----------------------------------------------------------

    def bench_redline(self) -> None:
        root = self.synthetic.root
        for fmt, limit, mode, what in (
            ("json", 3.0, "words", "difflib word changes to JSON (baseline.py words)"),
            ("html", 5.0, "html", "difflib.HtmlDiff().make_file (baseline.py html)"),
        ):
            out = self.work / f"redline.{fmt}"
            command = tmad("--project", root, "redline", self.v1, self.v2, "--format", fmt)
            command += ["-o", str(out)]
            base_out = self.work / f"difflib.{fmt}"
            base_command = [sys.executable, BASELINE, mode, self.old_md, self.new_md, base_out]
            run_command(command)  # warm-up (file cache)
            runs, base = [], []
            for _ in range(self.repeat):
                runs.append(run_command(command))
                base.append(run_command(base_command))
            median = statistics.median(seconds(runs))
            self.add(
                Figure(
                    f"redline_{fmt}",
                    f"tmad redline --format {fmt}",
                    seconds(runs),
                    f"subprocess: {what}",
                    seconds(base),
                    f"< {limit:g} s",
                    median < limit,
                    peak(runs),
                    peak(base),
                    note=f"whole command on the {self.args.clauses}-clause pair; output "
                    f"{out.stat().st_size / 1e6:.1f} MB (difflib's "
                    f"{base_out.stat().st_size / 1e6:.1f} MB)",
                    cpu_runs=cpu(runs),
                    baseline_cpu_runs=cpu(base),
                )
            )

    # --- 7. Word files: import, and two files compared --------------------------------

    def bench_word(self) -> None:
        """``tmad import`` of the synthetic first version as DOCX (2,000 clauses, about
        300,000 words) against python-docx reading its text; ``tmad redline OLD.docx
        NEW.docx --format docx`` on the synthetic pair against python-redlines."""
        files = []
        for number in (self.v1, self.v2):
            path = self.work / f"synthetic-{number}.docx"
            path.write_bytes(render.render(VersionProduct(self.project.edition(number)), "docx"))
            files.append(path)
        words = f"{len(self.old_text.split()):,} words"
        target = self.work / "imported"
        importing = tmad("--project", target, "import", files[0], "--version", "1")
        reading = [sys.executable, BASELINE, "docx-text", files[0]]
        runs, base = [], []
        for _ in range(self.repeat + 1):  # the first is a warm-up (file cache)
            shutil.rmtree(target, ignore_errors=True)
            run_command(tmad("init", target, "--title", "Imported"))
            runs.append(run_command(importing))
            base.append(run_command(reading))
        runs, base = runs[1:], base[1:]
        self.add(
            Figure(
                "import_docx",
                f"tmad import DOCX ({self.args.clauses} clauses)",
                seconds(runs),
                "subprocess: python-docx reading every paragraph's text (baseline.py docx-text)",
                seconds(base),
                peak_rss_mib=peak(runs),
                baseline_peak_rss_mib=peak(base),
                note=f"{words}; scheme inferred, sources written and proved by reading back",
                cpu_runs=cpu(runs),
                baseline_cpu_runs=cpu(base),
            )
        )
        self.redline_files("redline_docx_files", files, words, target=False)
        pair = self.issue_pair()
        if pair is not None:
            self.redline_files("redline_docx_files_120k", *pair, target=True)

    def issue_pair(self) -> tuple[list[Path], str] | None:
        """A synthetic pair of about 120,000 words a file (the size the Word-import issue
        names for the comparison with python-redlines), made like the main synthetic
        document; None when the main document is that small already (``--quick``)."""
        clauses = REDLINE_PAIR_CLAUSES
        if clauses >= self.args.clauses:
            return None
        root = self.work / "synthetic-120k"
        made = synthetic.generate(
            root, clauses=clauses, versions=2, change_rate=self.args.change_rate,
            renumber_rate=self.args.renumber_rate, seed=self.args.seed,
        )  # fmt: skip
        project = load_project(root)
        files = []
        for number in made.numbers[:2]:
            path = self.work / f"synthetic-120k-{number}.docx"
            path.write_bytes(render.render(VersionProduct(project.edition(number)), "docx"))
            files.append(path)
        words = len(edition_markdown(project.edition(made.numbers[0])).split())
        return files, f"{words:,} words"

    def redline_files(self, name: str, files: list[Path], words: str, target: bool) -> None:
        """``tmad redline OLD.docx NEW.docx --format docx`` against python-redlines; with
        ``target``, the issue's 5x is checked (it names the 120,000-word size)."""
        out, base_out = self.work / f"{name}.docx", self.work / f"{name}-python-redlines.docx"
        command = tmad("redline", *files, "--format", "docx", "-o", out)
        yardstick = [sys.executable, BASELINE, "python-redlines", *files, base_out]
        runs, base = [], []
        for _ in range(self.repeat + 1):  # the first is a warm-up (file cache)
            runs.append(run_command(command))
            base.append(run_command(yardstick))
        runs, base = runs[1:], base[1:]
        ratio = statistics.median(seconds(base)) / statistics.median(seconds(runs))
        self.add(
            Figure(
                name,
                f"tmad redline OLD.docx NEW.docx ({words})",
                seconds(runs),
                "subprocess: python-redlines (Docxodus) on the same two files",
                seconds(base),
                "5x faster than python-redlines" if target else "",
                ratio >= 5 if target else None,
                peak(runs),
                peak(base),
                note=f"{words} a file; tracked-changes DOCX {out.stat().st_size / 1e6:.1f} MB "
                f"(python-redlines: {base_out.stat().st_size / 1e6:.1f} MB)",
                cpu_runs=cpu(runs),
                baseline_cpu_runs=cpu(base),
            )
        )

    # --- 3. one long paragraph ---------------------------------------------------------

    def bench_worddiff(self) -> None:
        words = 20_000 if self.args.quick else 100_000
        old, new = synthetic.long_paragraph(words, 0.10, self.args.seed)
        repeat = self.args.repeat or (1 if self.args.quick else 3)
        runs = timed(lambda: word_diff(old, new), repeat)
        segments = word_diff(old, new)
        changed = sum(len(s.text.split()) for s in segments if s.op == "insert")
        base = timed(lambda: _sentence_line_diff(old, new), repeat)
        limit = words / 100_000
        self.add(
            Figure(
                "worddiff",
                f"word diff, one {words:,}-word paragraph",
                runs,
                "difflib.unified_diff over the same text one sentence a line (which "
                "sentences changed, not which words), in-process",
                base,
                f"< {limit:g} s",
                statistics.median(runs) < limit,
                note=f"10% of words changed; tmad marked {changed:,} words inserted. "
                "difflib's SequenceMatcher over the words takes minutes here (quadratic in a "
                "small vocabulary), so it is not the baseline",
            )
        )

    # --- 4. the example set ------------------------------------------------------------

    def build_and_weasyprint(
        self, name: str, root: Path, jobs: int, pages: Pages, repeat: int, same_gc: bool = False
    ) -> tuple[list[Run], list[Run], list[dict], list[dict]]:
        """Alternately, a full build into an empty directory and WeasyPrint alone on its pages
        (and, with ``same_gc``, WeasyPrint alone with tmad's garbage-collector settings):
        the build's runs, the baseline's runs and reports, the same-GC baseline's reports.

        The last build's output is kept (``self.kept``) for the rebuilds.
        """
        builds, wp_runs, reports, same = [], [], [], []
        for i in range(repeat):
            say(f"{name}: build -j {jobs}, then WeasyPrint alone ({i + 1}/{repeat})")
            out = self.work / f"{name}-build-j{jobs}-{i}"
            builds.append(run_command(tmad("--project", root, "build", "-o", out, "-j", jobs)))
            if i + 1 < repeat:
                shutil.rmtree(out)
            self.kept = out
            run, report = weasyprint_alone(pages, self.work / f"{name}-weasyprint", jobs)
            wp_runs.append(run)
            reports.append(report)
            if same_gc:
                same.append(weasyprint_alone(pages, self.work / f"{name}-wp-gc", jobs, True)[1])
        return builds, wp_runs, reports, same

    def overhead(
        self,
        key: str,
        label: str,
        runs: tuple[list[Run], list[Run], list[dict], list[dict]],
        pages: Pages,
        jobs: int,
        target: str,
        note: str = "",
    ) -> Figure:
        """A build against WeasyPrint alone: wall time, CPU time, peak memory, overhead; and
        where measured, a row against WeasyPrint alone with tmad's garbage-collector settings
        (which make WeasyPrint itself faster, so the overhead in that row is tmad's own work
        alone)."""
        builds, wp_runs, reports, same = runs
        wall, wall_cpu = [r["layout"] for r in reports], [r["layout_cpu"] for r in reports]
        build_s, wp_s = statistics.median(seconds(builds)), statistics.median(wall)
        over = (build_s - wp_s) / wp_s
        cpu_over = statistics.median(cpu(builds)) / statistics.median(wall_cpu) - 1
        processes = "serially" if jobs == 1 else f"{jobs} processes"
        figure = self.add(
            Figure(
                key,
                label,
                seconds(builds),
                f"WeasyPrint alone: write_pdf of the same {len(pages.names)} pages, {processes}",
                wall,
                target,
                over <= 0.10,
                peak(builds),
                peak(wp_runs),
                note=f"{built(builds[0])}; overhead {over:+.0%} in wall time "
                f"({build_s - wp_s:+.1f} s), {cpu_over:+.0%} in CPU time" + note,
                cpu_runs=cpu(builds),
                baseline_cpu_runs=wall_cpu,
            )
        )
        if same:
            layout = [r["layout"] for r in same]
            over = build_s / statistics.median(layout) - 1
            self.add(
                Figure(
                    f"{key}_same_gc",
                    "  the same, against WeasyPrint with tmad's GC",
                    seconds(builds),
                    "WeasyPrint alone as above, with the garbage-collector thresholds the "
                    f"tmad command sets ({', '.join(map(str, GC_THRESHOLD))}), which make "
                    "WeasyPrint itself faster",
                    layout,
                    note=f"overhead {over:+.0%} in wall time: tmad's own work, without the "
                    "GC settings' gain to WeasyPrint",
                    cpu_runs=cpu(builds),
                    baseline_cpu_runs=[r["layout_cpu"] for r in same],
                )
            )
        return figure

    def bench_example(self) -> None:
        example = copy_project(REPO, self.work / "example")
        self.example = example
        project = load_project(example)
        jobs = plan(project)
        self.info["example_products"] = [f"{j.kind} {j.name} ({' '.join(j.formats)})" for j in jobs]
        pages = record_pdf_pages(project, jobs, self.work / "example-pages")
        serial = self.build_and_weasyprint("example", example, 1, pages, self.repeat, True)
        imported = statistics.median(r["import"] for r in serial[2])
        self.overhead(
            "example_build_serial",
            "example build -j 1",
            serial,
            pages,
            1,
            "overhead <= 10%",
            f"; WeasyPrint's import ({imported:.2f} s) is not in the baseline",
        )
        parallel = self.build_and_weasyprint(
            "example", example, self.jobs, pages, self.repeat, True
        )
        self.example_out = self.kept
        speedup = statistics.median(seconds(serial[0])) / statistics.median(seconds(parallel[0]))
        self.overhead(
            "example_build_parallel",
            f"example build -j {self.jobs} (default)",
            parallel,
            pages,
            self.jobs,
            "(overhead <= 10%)",
            f"; speed-up over -j 1: {speedup:.2f}x",
        )
        self.info["example_seconds_per_product_j1"] = {
            name: {
                "build": product_seconds(serial[0][-1]).get(name),
                "weasyprint_alone": per_page,
                "tmad_page_for_weasyprint": pages.html_seconds.get(name, (None,))[0],
            }
            for name, per_page in zip(pages.names, serial[2][-1]["per_page"], strict=True)
        }
        with tmad_gc():
            self.breakdown("example", example, project, jobs, pages, finisher=True)

    def breakdown(
        self,
        name: str,
        root: Path,
        project: Project,
        jobs: list[Job],
        pages: Pages,
        finisher: bool = False,
    ) -> None:
        """Where a build's time goes besides WeasyPrint: tmad's own work, per format.

        In-process and serial, one run over all products: making the products (compare,
        compose, resolve), each format's rendering (for PDF, the page handed to
        WeasyPrint, recorded earlier; with ``finisher``, the rewrite of each PDF's structure
        tree that tmad runs inside ``write_pdf``, timed while the PDFs are made once more),
        then as subprocesses the start-up of the ``tmad`` command and ``tmad check`` (a
        build checks first). The garbage collector runs with the thresholds the ``tmad``
        command sets (:func:`tmad_gc`), as in a build.
        """
        parts: dict[str, tuple[float, float]] = {
            "pdf page for WeasyPrint": (
                sum(t for t, _ in pages.html_seconds.values()),
                sum(c for _, c in pages.html_seconds.values()),
            )
        }
        wall, processor = time.perf_counter(), time.process_time()
        products = [make_product(project, job) for job in jobs]
        parts["making the products"] = (
            time.perf_counter() - wall,
            time.process_time() - processor,
        )
        for job, product in zip(jobs, products, strict=True):
            for fmt in job.formats:
                if fmt != "pdf":
                    wall, processor = time.perf_counter(), time.process_time()
                    render.render(product, fmt)
                    before = parts.get(fmt, (0.0, 0.0))
                    parts[fmt] = (
                        before[0] + time.perf_counter() - wall,
                        before[1] + time.process_time() - processor,
                    )
        if finisher:
            parts["pdf structure (finisher in write_pdf)"] = finisher_seconds(jobs, products)
        for part, command, allowed in (
            ("tmad --version (start-up)", tmad("--version"), (0,)),
            ("tmad check", tmad("--project", root, "check"), (0, 1)),
        ):
            run = run_command(command, allowed)
            parts[part] = (run.seconds, run.cpu_seconds)
        self.info[f"{name}_tmad_seconds_by_part"] = {k: v[0] for k, v in parts.items()}
        for part, (value, cpu_value) in parts.items():
            key = re.sub(r"\W+", "_", part).strip("_")
            self.add(
                Figure(f"{name}_tmad_{key}", f"  tmad alone: {part}", [value], cpu_runs=[cpu_value])
            )

    # --- 5. rebuilds -------------------------------------------------------------------

    def bench_rebuild(self) -> None:
        if not hasattr(self, "example"):
            self.bench_example()
        example, out = self.example, self.example_out
        full = next(f for f in self.figures if f.key == "example_build_parallel")
        noop = [
            run_command(tmad("--project", example, "build", "-o", out))
            for _ in range(max(self.repeat, 3))
        ]
        self.add(
            Figure(
                "noop_rebuild",
                "no-op rebuild",
                seconds(noop),
                f"full example build -j {self.jobs} (above)",
                full.runs,
                "< 1 s",
                statistics.median(seconds(noop)) < 1.0,
                peak(noop),
                note=built(noop[-1]),
            )
        )
        changes, line = editable_line(example)
        original = changes.read_text(encoding="utf-8")
        lines = original.split("\n")
        one = []
        try:
            for i in range(self.repeat):
                edited = list(lines)
                edited[line] = lines[line].rstrip() + f" as revised in benchmark run {i + 1}"
                changes.write_text("\n".join(edited), encoding="utf-8")
                one.append(run_command(tmad("--project", example, "build", "-o", out)))
        finally:
            changes.write_text(original, encoding="utf-8")
        self.add(
            Figure(
                "one_clause_rebuild",
                "one-clause rebuild",
                seconds(one),
                f"full example build -j {self.jobs} (above)",
                full.runs,
                peak_rss_mib=peak(one),
                note=f"{built(one[-1])}: "
                + ", ".join(product_seconds(one[-1]))
                + f"; edited {changes.relative_to(example)} line {line + 1}",
            )
        )

    # --- 6. the synthetic build --------------------------------------------------------

    def bench_synthetic(self) -> None:
        root = self.synthetic.root
        jobs = plan(self.project)
        pages = record_pdf_pages(self.project, jobs, self.work / "synthetic-pages")
        repeat = self.args.synthetic_repeat or 1
        say("synthetic: each build takes minutes")
        runs = self.build_and_weasyprint("synthetic", root, self.jobs, pages, repeat)
        per_product = product_seconds(runs[0][-1])
        self.overhead(
            "synthetic_build",
            f"synthetic build -j {self.jobs} (default)",
            runs,
            pages,
            self.jobs,
            "(overhead <= 10%)",
            f"; {self.args.clauses} clauses; per product, build / WeasyPrint alone: "
            + ", ".join(
                f"{name} {per_product.get(name, 0):.1f} / {s:.1f} s"
                for name, s in zip(pages.names, runs[2][-1]["per_page"], strict=True)
            ),
        )
        with tmad_gc():
            self.breakdown("synthetic", root, self.project, jobs, pages)


def _sentence_line_diff(old: str, new: str) -> list[str]:
    """A line diff of two paragraphs cut one sentence a line: the coarse lower bound."""
    cut = re.compile(r"(?<=\.) ")
    return list(difflib.unified_diff(cut.split(old), cut.split(new), lineterm=""))


def editable_line(project_root: Path) -> tuple[Path, int]:
    """The last version's changes.md and the index of a clause text line in it to edit."""
    project = load_project(project_root)
    last = list(project.editions.values())[-1].version
    changes = next((project_root / s for s in last.sources if s.endswith("changes.md")), None)
    if changes is None:
        raise RuntimeError(f"version {last.number} has no changes.md to edit")
    in_clause = False
    for index, text in enumerate(changes.read_text(encoding="utf-8").split("\n")):
        stripped = text.strip()
        if stripped.startswith("#"):
            action = re.search(r"\{[^}]*\b(delete|move|amend)\b", stripped)
            in_clause = stripped.startswith("## ") and action is None
        elif in_clause and stripped[:1].isalpha() and not text.startswith(" "):
            return changes, index
    raise RuntimeError(f"no clause text line to edit in {changes}")


def table(figures: list[Figure]) -> str:
    """The figures as a plain-text table, then the baselines and notes."""
    head = ("measurement", "median s", "n", "baseline s", "ratio", "CPU s", "base CPU s",
            "CPU ratio", "target", "met", "MiB", "base MiB")  # fmt: skip
    rows = [head]
    for f in figures:
        cpu_s = statistics.median(f.cpu_runs) if f.cpu_runs else None
        base_cpu = statistics.median(f.baseline_cpu_runs) if f.baseline_cpu_runs else None
        rows.append(
            (
                f.label,
                f"{f.seconds:.3f}",
                str(len(f.runs)),
                _cell(f.baseline_seconds, ".3f"),
                _cell(f.ratio, ".2f"),
                _cell(cpu_s, ".2f"),
                _cell(base_cpu, ".2f"),
                _cell(f.cpu_ratio, ".2f"),
                f.target,
                "" if f.met is None else ("yes" if f.met else "NO"),
                _cell(f.peak_rss_mib, ".0f"),
                _cell(f.baseline_peak_rss_mib, ".0f"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i in (0, 8) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        "ratio = median / baseline median (wall time); CPU = user + system time of the",
        "process and its workers (steadier than wall time when other work shares the cores);",
        "MiB = peak RSS of the largest process (wait4; no figure reads below the launcher's",
        f"own, {memory_floor():.0f} MiB).",
        "'tmad alone' rows: tmad's own work in the build above (in-process, serial, one run,",
        "all products; WeasyPrint excluded), to show where time beyond WeasyPrint goes.",
        "",
        "Baselines and notes:",
    ]
    for f in figures:
        if f.baseline or f.note:
            text = "; ".join(x for x in (f.baseline and f"baseline: {f.baseline}", f.note) if x)
            lines.append(f"- {f.label.strip()}: {text}")
    return "\n".join(lines)


def _cell(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description="tmad benchmarks: every figure against a baseline timed in the same run"
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: 300 clauses, one repetition"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        metavar="NAME",
        help=f"run only these: {', '.join(SECTIONS)}",
    )
    parser.add_argument("--repeat", type=int, help="repetitions (default 3; 1 with --quick)")
    parser.add_argument(
        "--synthetic-repeat", type=int, help="synthetic builds, each minutes long (default 1)"
    )
    parser.add_argument("--clauses", type=int, help="synthetic clauses (default 2000; 300 quick)")
    parser.add_argument("--versions", type=int, default=2, help="synthetic versions (default 2)")
    parser.add_argument("--change-rate", type=float, default=0.02)
    parser.add_argument("--renumber-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / ".nox" / "bench-results.json",
        help="where to write the JSON results (default: .nox/bench-results.json)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.clauses is None:
        args.clauses = 300 if args.quick else 2000
    if args.versions < 2:
        parser.error("--versions must be at least 2 (a redline needs a pair)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; print the table; write the JSON."""
    args = parse_args(argv)
    sections = args.only or list(SECTIONS)
    work = Path(tempfile.mkdtemp(prefix="tmad-bench-"))
    started = time.perf_counter()
    load_before = os.getloadavg()
    if load_before[0] > _BUSY:
        say(
            f"warning: load average {load_before[0]:.2f} at the start: other work shares "
            f"the {os.cpu_count()} cores, so the figures will be noisy"
        )
    bench = Bench(args, work)
    try:
        if {"compare", "redline", "synthetic", "word"} & set(sections):
            bench.make_synthetic()
        for name in SECTIONS:
            if name in sections and not (name == "example" and hasattr(bench, "example")):
                getattr(bench, f"bench_{name}")()
    finally:
        if args.keep:
            say(f"scratch directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(bench.figures))
    missed = [f for f in bench.figures if f.met is False]
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_start": load_before,
            "load_average_end": os.getloadavg(),
        },
        "tmad": tmad_version,
        "weasyprint": _weasyprint_version(),
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "repeat": bench.repeat,
        "seconds": round(time.perf_counter() - started, 1),
        **bench.info,
        "figures": [f.as_json() for f in bench.figures],
        "missed": [f.key for f in missed],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {args.output} (the benchmarks took {results['seconds']:.0f} s)")
    print(
        f"load average {load_before[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end "
        f"({os.cpu_count()} cores)"
    )
    if missed:
        print("targets missed: " + "; ".join(f"{f.label} ({f.target})" for f in missed))
        return 1 if args.strict else 0
    print("every target met")
    return 0


def _weasyprint_version() -> str:
    try:
        import weasyprint
    except ImportError:
        return "not installed"
    return weasyprint.__version__


if __name__ == "__main__":
    sys.exit(main())

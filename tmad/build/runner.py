"""Running a build: render what changed, in parallel, and publish it all at once.

The next build is assembled beside the output folder and swapped in as a whole
(:mod:`tmad.build.publish`). A failing or interrupted build (Ctrl-C, SIGTERM, a
worker killed) names the product and its sources and leaves the previous build
exactly as it was; what a ``kill -9`` leaves is tidied by the next run.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tmad.build.manifest import Entry, read_manifest, write_index, write_manifest
from tmad.build.plan import Job, fingerprint, make_product, plan
from tmad.build.publish import (
    check_output_folder,
    die_with_parent,
    exchange,
    linked_copy,
    recover,
    sibling,
    terminate_as_interrupt,
)
from tmad.errors import TmadError
from tmad.kinds import Kind
from tmad.project import Project
from tmad.writing import write_atomic

_STATE: dict = {}
"""What forked workers inherit: the project and the jobs (set before the pool starts)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one job produced, in all its formats."""

    index: int
    """The job's position in the plan."""
    files: tuple[tuple[str, str, int], ...]
    """(path relative to build/, sha256, bytes) per format."""
    seconds: float
    """How long rendering took, all formats together."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A finished build."""

    rendered: int
    """Products rendered this time."""
    skipped: int
    """Products unchanged since the last build."""
    outputs: int
    """Files in the build."""
    seconds: float
    """Wall time."""


def _render_task(index: int, fmt: str) -> tuple[str, str, int, float]:
    """Render one format of one job into the staging directory (runs in a worker).

    Returns (path, sha256, bytes, seconds). The product is made once per worker
    and reused for the job's other formats.
    """
    from tmad import render

    project: Project = _STATE["project"]
    job: Job = _STATE["jobs"][index]
    staging: Path = _STATE["staging"]
    started = time.perf_counter()
    products = _STATE.setdefault("products", {})
    if index not in products:
        products[index] = make_product(project, job)
    data = render.render(products[index], fmt)
    path = job.path(render.get(fmt).suffix)
    write_atomic(staging / path, data)
    return path, hashlib.sha256(data).hexdigest(), len(data), time.perf_counter() - started


_KIND_WEIGHT = {
    Kind.VERSION: 4,
    Kind.DIRECTION: 4,
    Kind.REDLINE: 3,
    Kind.CONSULTATION: 2,
    Kind.AMENDMENTS: 1,
}
_FORMAT_WEIGHT = {"pdf": 10, "docx": 3}


def _longest_first(jobs: list[Job], tasks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Likely-longest tasks first (PDFs of whole texts), so the workers finish together."""

    def cost(task: tuple[int, str]) -> int:
        index, fmt = task
        return _FORMAT_WEIGHT.get(fmt, 1) * _KIND_WEIGHT.get(jobs[index].kind, 1)

    return sorted(tasks, key=lambda task: (-cost(task), task[0]))


def _failure(job: Job, exc: BaseException) -> TmadError:
    sources = ", ".join(job.sources[-3:])
    message = f"building {job.kind} {job.name} failed: {exc}"
    if isinstance(exc, TmadError) and exc.location is not None:
        message = f"building {job.kind} {job.name} failed: {exc.location}: {exc.message}"
    return TmadError(f"{message} (sources: {sources})")


def parallel(workers: int | None) -> bool:
    """Whether a build with this many workers (None: one per core) renders in forked
    processes."""
    count = workers or os.cpu_count() or 1
    return count > 1 and "fork" in multiprocessing.get_all_start_methods()


def build(
    project: Project,
    out_dir: Path,
    *,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    gate: Callable[[], None] | None = None,
) -> BuildResult:
    """Render every product whose inputs changed; publish the whole build atomically.

    ``gate`` is called once the build knows what it will render and has loaded what that
    needs, before anything is rendered or published; it raises to stop the build (the
    command line waits there for the checks, run meanwhile in another process).
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    check_output_folder(out_dir, project.root)
    for note in recover(out_dir):
        say(note)
    jobs = plan(project)
    digests: dict[str, str] = {}
    prints = [fingerprint(job, project.root, digests) for job in jobs]
    previous = read_manifest(out_dir)
    todo = [i for i, job in enumerate(jobs) if not _up_to_date(job, prints[i], previous, out_dir)]
    if todo and parallel(workers):
        from tmad import render

        render.prepare(fmt for index in todo for fmt in jobs[index].formats)
    if gate is not None:
        gate()
    entries = _entries(jobs, prints, {}, previous) if not todo else []
    if not todo and _current(out_dir, previous, entries):
        return BuildResult(0, len(jobs), len(entries), time.perf_counter() - started)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = sibling(out_dir, "next")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with terminate_as_interrupt():
            if out_dir.is_dir():
                linked_copy(out_dir, staging)
            else:
                staging.mkdir()
            results = _run(project, jobs, todo, staging, workers, say)
            entries = _entries(jobs, prints, results, previous)
            _remove_stale(staging, previous, entries)
            write_manifest(staging, project, entries)
            write_index(staging, project, jobs, entries)
            exchange(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(
        rendered=len(todo),
        skipped=len(jobs) - len(todo),
        outputs=len(entries),
        seconds=time.perf_counter() - started,
    )


def _up_to_date(job: Job, print_: str, previous: dict[str, Entry], out_dir: Path) -> bool:
    """Whether a job's outputs are there, made from the same inputs, and unchanged since (their
    content hashes, not only their sizes, match the manifest)."""
    from tmad import render

    for fmt in job.formats:
        path = job.path(render.get(fmt).suffix)
        entry = previous.get(path)
        if entry is None or entry.fingerprint != print_:
            return False
        if _digest(out_dir / path) != entry.sha256:
            return False
    return True


def _digest(path: Path) -> str:
    """The sha256 of a regular file ("" when it is missing or not a regular file)."""
    try:
        if not path.is_file() or path.is_symlink():
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _current(out_dir: Path, previous: dict[str, Entry], entries: list[Entry]) -> bool:
    """Whether a build with nothing to render would change nothing: the same outputs, and the
    manifest and index in place."""
    return (
        {e.path for e in entries} == set(previous)
        and (out_dir / "manifest.json").is_file()
        and (out_dir / "index.html").is_file()
    )


def _run(
    project: Project,
    jobs: list[Job],
    todo: list[int],
    staging: Path,
    workers: int | None,
    say: Callable[[str], None],
) -> dict[int, Rendered]:
    _STATE.update(project=project, jobs=jobs, staging=staging)
    count = workers or os.cpu_count() or 1
    tasks = [(index, fmt) for index in todo for fmt in jobs[index].formats]
    files: dict[int, dict[str, tuple[str, str, int]]] = {index: {} for index in todo}
    seconds: dict[int, float] = dict.fromkeys(todo, 0.0)
    results: dict[int, Rendered] = {}
    total = len(todo)

    def record(index: int, fmt: str, outcome: tuple[str, str, int, float]) -> None:
        files[index][fmt] = outcome[:3]
        seconds[index] += outcome[3]
        job = jobs[index]
        if len(files[index]) == len(job.formats):
            ordered = tuple(files[index][f] for f in job.formats)
            results[index] = Rendered(index, ordered, seconds[index])
            formats = " ".join(job.formats)
            say(f"[{len(results):>2}/{total}] {job.kind} {job.name} ({formats}) "
                f"{seconds[index]:.1f}s")  # fmt: skip

    # What is loaded by now (the project, WeasyPrint) lives until the build ends: frozen, the
    # garbage collector stops walking it at every full collection, and forked workers stop
    # copying its pages to do so (about 2% of WeasyPrint's time in the example build).
    gc.freeze()
    try:
        if not parallel(workers) or len(tasks) <= 1:
            for index, fmt in tasks:
                try:
                    record(index, fmt, _render_task(index, fmt))
                except Exception as exc:
                    raise _failure(jobs[index], exc) from exc
            return results
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=min(count, len(tasks)),
            mp_context=context,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = {
                pool.submit(_render_task, index, fmt): (index, fmt)
                for index, fmt in _longest_first(jobs, tasks)
            }
            for future in as_completed(futures):
                index, fmt = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:
                    for other in futures:
                        other.cancel()
                    raise _failure(jobs[index], exc) from exc
                record(index, fmt, outcome)
        return results
    finally:
        _STATE.clear()
        gc.unfreeze()


def _entries(
    jobs: list[Job], prints: list[str], results: dict[int, Rendered], previous: dict[str, Entry]
) -> list[Entry]:
    from tmad import render

    entries = []
    for index, job in enumerate(jobs):
        if index in results:
            for fmt, (path, sha, size) in zip(job.formats, results[index].files, strict=True):
                entries.append(Entry.of(job, fmt, path, sha, size, prints[index]))
        else:
            for fmt in job.formats:
                entries.append(previous[job.path(render.get(fmt).suffix)])
    return sorted(entries, key=lambda e: e.path)


def _remove_stale(out_dir: Path, previous: dict[str, Entry], entries: list[Entry]) -> None:
    """Delete outputs of an earlier build that this build no longer makes (paths the manifest
    lists, checked by :func:`tmad.build.manifest.read_manifest`)."""
    current = {e.path for e in entries}
    for path in previous:
        if path not in current:
            target = out_dir / path
            if target.is_file() and not target.is_symlink():
                target.unlink()


def print_progress(message: str) -> None:
    """Progress to standard error."""
    print(message, file=sys.stderr, flush=True)

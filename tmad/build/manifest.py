"""build/manifest.json (every output, its checksum and sources) and build/index.html."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from tmad import __version__
from tmad.build.plan import Job
from tmad.build.publish import safe_path
from tmad.errors import TmadError
from tmad.project import Project
from tmad.templating import render
from tmad.writing import write_atomic

MANIFEST = "manifest.json"
INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class Entry:
    """One output file of a build."""

    path: str
    """Relative to build/."""
    kind: str
    """version, redline, consultation, direction, response-template or amendments."""
    format: str
    """html, pdf, docx, json, md."""
    sha256: str
    """Checksum of the bytes."""
    bytes: int
    """Size."""
    sources: list[str]
    """Source files it was built from."""
    date: str
    """The date stamped into it (from the sources, never the clock)."""
    publisher_name: str
    """The house file name a publisher uploads it under."""
    title: str
    """What it is."""
    fingerprint: str
    """Digest of its inputs: unchanged inputs, no rebuild."""

    @classmethod
    def of(cls, job: Job, fmt: str, path: str, sha: str, size: int, print_: str) -> Entry:
        """The entry for one format of a job."""
        return cls(
            path=path,
            kind=job.kind,
            format=fmt,
            sha256=sha,
            bytes=size,
            sources=list(job.sources),
            date=job.date.isoformat(),
            publisher_name=Path(path).name,
            title=job.title,
            fingerprint=print_,
        )


def read_manifest(out_dir: Path) -> dict[str, Entry]:
    """The previous build's outputs by path (empty when there is none or it is unreadable).

    A manifest listing a path tmad never writes (``../``, an absolute path, a hidden
    file) is refused: the build would delete or replace that path.
    """
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = {item["path"]: Entry(**item) for item in data["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    for path in entries:
        if not isinstance(path, str) or not safe_path(path):
            raise TmadError(
                f"{out_dir / MANIFEST} lists {path!r}, which is not a path inside the build "
                "folder as tmad writes it: refusing to delete or replace it (delete the "
                "manifest, or the build folder, to start afresh)"
            )
    return entries


def write_manifest(out_dir: Path, project: Project, entries: list[Entry]) -> None:
    """Write the manifest (deterministic: sorted, no timestamps)."""
    data = {
        "tmad": __version__,
        "document": project.document.id,
        "outputs": [asdict(entry) for entry in entries],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


def write_index(out_dir: Path, project: Project, jobs: list[Job], entries: list[Entry]) -> None:
    """The reviewers' page: every product with links to each of its formats."""
    by_path = {entry.path: entry for entry in entries}
    groups: dict[str, list[dict]] = {}
    for job in jobs:
        files = [e for path, e in by_path.items() if path.startswith(f"{job.folder}/{job.name}.")]
        groups.setdefault(job.kind, []).append({"job": job, "files": sorted(files, key=_order)})
    page = render(
        "index.html",
        document=project.document,
        groups=groups,
        language=project.document.language,
        title=f"{project.document.short_title}: publication set",
        author=project.document.owner,
        subject=f"Every product built from the sources of the {project.document.title}",
        date=max(job.date for job in jobs).isoformat(),
    )
    write_atomic(out_dir / INDEX, page.encode("utf-8"))


_FORMAT_ORDER = {"html": 0, "pdf": 1, "docx": 2, "json": 3, "md": 4}


def _order(entry: Entry) -> int:
    return _FORMAT_ORDER.get(entry.format, 9)

"""The house's shape, measured from the imports: renderers never import one another, kits
import no renderer, stages never import a renderer, no circles; and one contract over the
renderer table: every (kind, format) the build plans renders, deterministically, to a file
its reader opens."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest

from tests.conftest import FIXTURES
from tmad import render
from tmad.build.plan import KINDS, make_product, plan
from tmad.kinds import Kind
from tmad.project import load_project

TMAD = Path(__file__).resolve().parent.parent / "tmad"

RENDERERS = {"version", "redline", "redline_json", "amendments", "consultation", "direction",
             "response"}  # fmt: skip
"""The modules of tmad/render that register renderers (one per product kind)."""

STAGES = (
    "model", "scheme", "labels", "clausesyntax", "outline", "loader", "consolidate",
    "numbering", "references", "editions", "citations", "definitions", "editionjson",
    "project", "products", "diff", "amend", "publication", "checks",
)  # fmt: skip
"""Modules and packages that turn sources into the model: none may import a renderer."""


def _module(path: Path) -> str:
    parts = path.relative_to(TMAD.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The tmad modules a file imports, wherever the import stands (function-local too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tmad"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tmad"))
    return found


GRAPH = {_module(p): _imports(p) for p in TMAD.rglob("*.py")}
MODULES = set(GRAPH)


def _edges(module: str) -> set[str]:
    return {m for m in GRAPH[module] if m in MODULES and m != module}


def test_no_renderer_imports_another_and_kits_import_none() -> None:
    for module in (m for m in MODULES if m.startswith("tmad.render.")):
        others = {m.rsplit(".", 1)[1] for m in _edges(module) if m.startswith("tmad.render.")}
        assert not others & RENDERERS, f"{module} imports the renderer(s) {others & RENDERERS}"


def test_stages_never_import_a_renderer() -> None:
    for module in MODULES:
        name = module.removeprefix("tmad.").split(".")[0]
        if name in STAGES:
            assert not {m for m in _edges(module) if m.startswith("tmad.render")}, module


def test_the_render_package_has_no_circle() -> None:
    render_modules = {m for m in MODULES if m.startswith("tmad.render")}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in _edges(module) & render_modules - {"tmad.render"}:
            assert state.get(target) != 1, " -> ".join([*path, module, target])
            if target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in sorted(render_modules):
        if module not in state:
            visit(module, [])


class _Checker(HTMLParser):
    """Fails on an end tag that closes nothing open (a broken page)."""

    VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        assert tag in self.open, f"</{tag}> closes nothing"
        while self.open.pop() != tag:
            pass


def _opens(fmt: str, data: bytes) -> None:
    if fmt == "html":
        checker = _Checker()
        checker.feed(data.decode("utf-8"))
        assert checker.open == []
    elif fmt == "pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) >= 1
    elif fmt == "docx":
        assert zipfile.is_zipfile(io.BytesIO(data))
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif fmt == "json":
        assert json.loads(data)
    else:
        assert data.decode("utf-8").strip()


PROJECT = load_project(FIXTURES / "minimal")
TASKS = [(job, fmt) for job in plan(PROJECT) for fmt in job.formats]


def test_each_kind_of_product_has_one_module_that_plans_and_makes_it() -> None:
    """The registry of :mod:`tmad.build.plan`: one module per kind under tmad/build/kinds,
    whose jobs are of its kind and formats and whose products are of its kind."""
    project = load_project(TMAD.parent)  # the example corpus: it has every kind
    assert list(KINDS) == list(Kind)
    modules = {m.rsplit(".", 1)[1] for m in MODULES if m.startswith("tmad.build.kinds.")}
    assert modules == {k.value.replace("-", "_") for k in Kind} | {"publication"}
    jobs = plan(project)
    for kind, registered in KINDS.items():
        assert registered.kind is kind
        planned = [job for job in jobs if job.kind is kind]
        assert planned, kind
        assert planned == registered.jobs(project)
        assert {job.formats for job in planned} == {registered.formats}
        assert make_product(project, planned[0]).kind is kind


def test_the_kinds_of_product_import_no_renderer_and_no_other_kind() -> None:
    """A kind's module knows its products, never how they are presented; the three
    products of a publication share only :mod:`tmad.build.kinds.publication`."""
    for module in (m for m in MODULES if m.startswith("tmad.build.kinds.")):
        edges = _edges(module)
        assert not {m for m in edges if m.startswith("tmad.render")}, module
        others = {m for m in edges if m.startswith("tmad.build.kinds.")}
        assert others <= {"tmad.build.kinds.publication"}, module


def test_docx_elements_are_made_in_one_place() -> None:
    """Only :mod:`tmad.render.oxml` creates WordprocessingML elements and knows the schema's
    order of siblings; the rest call its ``make`` and ``put``."""
    for path in TMAD.rglob("*.py"):
        if path.name != "oxml.py":
            text = path.read_text(encoding="utf-8")
            assert "import OxmlElement" not in text, path
            assert " OxmlElement(" not in text, path
            assert "insert_element_before" not in text, path


def test_the_code_silences_no_type_error() -> None:
    """``nox -s lint`` type-checks tmad/ with mypy (pyproject.toml); no error is silenced."""
    silenced = [
        f"{path.relative_to(TMAD.parent)}:{number}"
        for path in sorted(TMAD.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "type: ignore" in line
    ]
    assert not silenced, f"fix the type instead of silencing mypy: {silenced}"


def test_every_planned_kind_and_format_has_a_renderer() -> None:
    assert {(job.kind, fmt) for job, fmt in TASKS} <= {
        (kind, fmt) for fmt in render.names() for kind in render.kinds(fmt)
    }


@pytest.mark.parametrize(("job", "fmt"), TASKS, ids=[f"{j.name}.{f}" for j, f in TASKS])
def test_every_renderer_is_deterministic_and_opens(job, fmt) -> None:
    product = make_product(PROJECT, job)
    first = render.render(product, fmt)
    assert render.render(make_product(PROJECT, job), fmt) == first
    _opens(fmt, first)

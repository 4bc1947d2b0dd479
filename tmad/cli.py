"""The ``tmad`` command line: argument parsing, dispatch and error reporting.

Every failure a user can cause prints one line (``path:line: error: message``)
and exits non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tmad import __version__
from tmad.errors import TmadError, UsageError
from tmad.project import Project, find_root, load_project

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

_DESCRIPTION = """\
tmad keeps a versioned legal document (the SMETS1 TMAD) as plain text under
git and builds everything a consultation needs from it: consolidated
versions, redlines, the consultation document, the draft direction and the
response template, as HTML, PDF and DOCX.
"""

_EPILOG = """\
Run 'tmad COMMAND --help' for a command's options. Sources live in clauses/
(see README.md, "Sources"). Exit status: 0 success (warnings alone included),
1 problems in the sources or the request, or the environment failed (a file
that cannot be written), 2 bad command line or unreadable source, 3 internal
error, 130 interrupted.
"""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = _Parser(
        prog="tmad",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tmad {__version__}")
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the project directory (default: the nearest directory upwards holding clauses/)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    versions = commands.add_parser(
        "versions",
        help="list the versions with base, status, date and change title",
        description="List every version of the document, each after its base.",
    )
    versions.add_argument("--json", action="store_true", help="print JSON instead of a table")
    versions.set_defaults(handler=_versions)

    show = commands.add_parser(
        "show",
        help="print a version's consolidated text",
        description=(
            "Print a version's consolidated text (all changes up to it applied), whole or "
            "selected clauses. Clauses are named by number (4.26) or id."
        ),
    )
    show.add_argument("version", help="version number, e.g. 5.2")
    show.add_argument("clauses", nargs="*", metavar="CLAUSE", help="clause numbers or ids")
    show.add_argument(
        "--json",
        action="store_true",
        help='print {"document", "version", "clauses": [{"id", "number", "heading", "text"}]}',
    )
    show.set_defaults(handler=_show)

    new = commands.add_parser(
        "new-version",
        help="scaffold a new version that records changes against a base",
        description=(
            "Create clauses/NEW/ with version.yaml (status draft) and an empty changes.md "
            "explaining how to record changes. Nothing existing is overwritten."
        ),
    )
    new.add_argument("new", metavar="NEW", help="the new version number, e.g. 5.4")
    new.add_argument("--from", dest="base", required=True, metavar="BASE", help="its base version")
    new.add_argument("--title", required=True, help="the title of the change it carries")
    new.add_argument("--author", default=None, help="who makes the change (default: the base's)")
    new.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    new.set_defaults(handler=_new_version)

    init = commands.add_parser(
        "init",
        help="make an empty project, ready for 'tmad import'",
        description=(
            "Make DIR/clauses/document.yaml: the document's title, owner and language, and "
            "its numbering scheme. With --scheme infer (the default) none is declared: the "
            "first 'tmad import' infers it from the document and writes it there. With "
            "--scheme tmad, the TMAD's scheme (sections, clauses 4.1, (a) → (i) → (A))."
        ),
    )
    init.add_argument("dir", metavar="DIR", type=Path, help="the new project's directory")
    init.add_argument("--title", default=None, help="the document's title (default: DIR's name)")
    init.add_argument("--owner", default="Owner", help="who owns the document")
    init.add_argument("--language", default="en-GB", help="its language tag (default: en-GB)")
    init.add_argument("--scheme", default="infer", choices=("infer", "tmad"),
                      help="the numbering scheme (default: infer at the first import)")  # fmt: skip
    init.set_defaults(handler=_init)

    imported = commands.add_parser(
        "import",
        help="bring a document in from Word (.docx), text (.txt, .md) or Akoma Ntoso (.xml)",
        description=(
            "Read a legal document and write it as version VERSION of the project: without "
            "--base, its whole text in clauses/VERSION/; with --base, a changes.md against "
            "BASE, each provision aligned with the base's (same id, same heading, or similar "
            "text) so that 'tmad redline BASE VERSION' shows what changed, not a rewrite. "
            "What is written is read back and compared with what was imported before "
            "anything is created; citations of the document's own provisions become "
            "[[id]]. A report lists what was matched, skipped or numbered differently. "
            "The first import into a project that declares no numbering (tmad init) infers "
            "the scheme from the document and adds it to clauses/document.yaml."
        ),
    )
    imported.add_argument(
        "file", metavar="FILE", help="a Word .docx, a text .txt or .md, or an Akoma Ntoso .xml"
    )
    imported.add_argument("--version", required=True, dest="number", metavar="VERSION",
                          help="the new version's number, e.g. 1.0")  # fmt: skip
    imported.add_argument("--base", default=None, metavar="BASE",
                          help="record the text as changes against this version")  # fmt: skip
    imported.add_argument("--title", default=None,
                          help="the change it carries (default: 'Imported from FILE')")  # fmt: skip
    imported.add_argument("--author", default=None,
                          help="who makes it (default: the base's, else the owner)")  # fmt: skip
    imported.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    imported.add_argument(
        "--status", default="draft", choices=("draft", "consulted", "concluded", "designated")
    )
    imported.add_argument(
        "--reject", action="store_true",
        help="(Word) read the text as it was before its tracked changes (default: accepted)",
    )  # fmt: skip
    imported.set_defaults(handler=_import)

    redline = commands.add_parser(
        "redline",
        help="mark up the changes between versions, or between two files (HTML, PDF, DOCX or JSON)",
        description=(
            "Compare versions and mark every change. With two versions, the later marked "
            "against the earlier; with more (a chain such as 5.1 5.2 5.3), each step's "
            "changes marked distinctly in one document. Clauses are aligned by id, so a "
            "renumbered clause is reported as renumbered and a moved one as moved. Given "
            "files instead (tmad redline OLD.docx NEW.docx), each is read as 'tmad import' "
            "reads it and its provisions aligned with the file before, with no project "
            "needed and nothing written but the redline: it is as clause-aware as between "
            "versions, and written to NEW_redline_against_OLD.EXT in the current directory "
            "unless -o says where."
        ),
    )
    redline.add_argument(
        "versions", nargs="+", metavar="VERSION",
        help="two or more versions, or two or more files (.docx, .txt, .md) to compare directly",
    )  # fmt: skip
    redline.add_argument(
        "--date", default=None,
        help="(files) the date each file's changes carry, YYYY-MM-DD (default: today)",
    )  # fmt: skip
    redline.add_argument(
        "--format", choices=("html", "pdf", "docx", "json"), default="html", help="default: html"
    )
    redline.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write ('-' for standard output; default: build/redlines/<house name>)",
    )
    redline.add_argument(
        "--changes",
        choices=("all", "substantive"),
        default="all",
        help="all changes (default), or only substantive ones: consequential changes "
        "(numbers that only follow from renumbering) are shown in their new form, unmarked",
    )
    redline.add_argument(
        "--context",
        choices=("full", "changed"),
        default="full",
        help="the whole text (default, what is published) or only changed clauses",
    )
    redline.add_argument(
        "--comments",
        action="store_true",
        help="(docx) also give each change's reason as a Word comment on the clause, by the "
        "step's author; off by default because LibreOffice 7.4 cannot load comments through "
        "its UNO interface (unoserver and other conversion services crash)",
    )
    redline.set_defaults(handler=_redline)

    export = commands.add_parser(
        "export",
        help="write one version's consolidated text (Akoma Ntoso, HTML, PDF, DOCX or JSON)",
        description=(
            "Write a version's consolidated text in one format: akn is Akoma Ntoso 3.0 "
            "(OASIS LegalDocML, what legislation systems such as LEOS, Lawmaker and Indigo "
            "exchange), valid against the official schema, with FRBR metadata, a lifecycle "
            "of the version's lineage and stable wIds; html, pdf, docx and json as tmad build "
            "writes them."
        ),
    )
    export.add_argument("version", metavar="VERSION", help="the version, e.g. 5.3")
    export.add_argument(
        "--format", choices=("akn", "html", "pdf", "docx", "json"), default="akn",
        help="default: akn",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", metavar="PATH",
        help="where to write ('-' for standard output; default: build/versions/<house name>)",
    )  # fmt: skip
    export.set_defaults(handler=_export)

    amendments = commands.add_parser(
        "amendments",
        help="a schedule of amendments turning one version into another (UK drafting style)",
        description=(
            "Write the changes from FROM to TO as a numbered schedule of drafting "
            "instructions ('In Clause 4.26 (...), in paragraph (a), omit \u201cand/or\u201d.'), "
            "grouped by clause in document order, precise enough that a person applying it "
            "by hand to FROM gets TO. Before it is written, the schedule's own text is applied "
            "to FROM and must give TO exactly."
        ),
    )
    amendments.add_argument("old", metavar="FROM", help="the version amended, e.g. 5.2")
    amendments.add_argument("new", metavar="TO", help="the version it becomes, e.g. 5.3")
    amendments.add_argument(
        "--format",
        choices=("md", "html", "pdf", "docx", "akn"),
        default="md",
        help="default: md; akn is an Akoma Ntoso amending act (mod, quotedText, quotedStructure)",
    )
    amendments.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write ('-' for standard output; default: build/amendments/<house name>)",
    )
    amendments.set_defaults(handler=_amendments)

    build = commands.add_parser(
        "build",
        help="build every product into build/ (checks first)",
        description=(
            "Check the sources, then render every product (consolidated versions, "
            "redlines, ...) in HTML, PDF and DOCX into build/, with build/manifest.json and "
            "build/index.html. Only products whose inputs changed are rendered again; "
            "products render in parallel. Nothing is published unless everything renders."
        ),
    )
    build.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="output directory (default: build/)"
    )
    build.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="parallel workers (default: one per core)"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=(
            "set a publication parameter for this build, e.g. --set redesignation_date=2020-09-04 "
            "--set annex=A (dates YYYY-MM-DD, date-times 'YYYY-MM-DD HH:MM'; empty unsets)"
        ),
    )
    build.add_argument(
        "--final",
        action="store_true",
        help="refuse to build while a parameter is unset or a placeholder is left in any text",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="refuse to build while the checks report any warning (default: show them, build)",
    )
    build.set_defaults(handler=_build)

    check = commands.add_parser(
        "check",
        help="validate the sources",
        description=(
            "Validate the sources and print one line per problem: "
            "path:line:col: CODE severity: message. Exit status 0 clean or warnings only, "
            "1 errors (or, with --strict, warnings), 2 the check could not run or a bad "
            "command line. Justified exceptions are declared once for the project under "
            "'checks:' in clauses/document.yaml (ignore, per-file-ignores)."
        ),
    )
    check.add_argument(
        "--list", action="store_true", help="list every check code with what it reports, and exit"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--select", action="append", default=[], metavar="CODE",
        help="only these codes or prefixes (repeatable; e.g. --select D --select R001)",
    )  # fmt: skip
    check.add_argument(
        "--ignore", action="append", default=[], metavar="CODE",
        help="leave out these codes or prefixes (repeatable)",
    )  # fmt: skip
    check.add_argument(
        "--final", action="store_true",
        help="treat unset parameters and placeholders left in text as errors",
    )  # fmt: skip
    check.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="check with a publication parameter set, as tmad build --set would",
    )  # fmt: skip
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too (default: 0)")
    check.add_argument(
        "--proofread", action="store_true",
        help="proof-read too (P001: spelling and grammar, British English, by Harper; about "
        "a second per 10,000 words). 'proofread: true' under 'checks:' in "
        "clauses/document.yaml makes every check and build do it",
    )  # fmt: skip
    check.set_defaults(handler=_check)

    responses = commands.add_parser(
        "responses",
        help="work with returned response forms",
        description="Work with the response forms that respondents return.",
    )
    actions = responses.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    collate = actions.add_parser(
        "collate",
        help="collate the returned forms in a folder (DOCX and filled-in PDF)",
        description=(
            "Read every returned response form (DOCX, or PDF filled in) directly in DIR and "
            "write into OUT: responses.csv (one row per respondent per question), "
            "collation.json, collation.html (every answer, confidential ones marked, files "
            "that could not be read with the reason) and collation-publishable.html and "
            ".docx (confidential responses left out, no contact details). Exit status 1 "
            "when any file could not be read (the collation is still written)."
        ),
    )
    collate.add_argument("directory", type=Path, metavar="DIR", help="the folder of returned forms")
    collate.add_argument(
        "-o", "--output", type=Path, metavar="OUT",
        help="output folder (default: responses/ beside build/, never published)",
    )  # fmt: skip
    collate.add_argument(
        "--publication", metavar="ID",
        help="the consultation the forms answer (default: the project's only publication)",
    )  # fmt: skip
    collate.set_defaults(handler=_responses_collate)

    return parser


GC_THRESHOLD = (50_000, 20, 100)
"""The cyclic garbage collector's thresholds for a run. A document is many small frozen
records with no cycles among them; Python's default (a young collection every 700
allocations) spends a quarter of a large redline walking them (``nox -s bench``)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    gc.set_threshold(*GC_THRESHOLD)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        if args.debug:
            raise
        print(f"tmad: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TmadError as exc:
        if args.debug:
            raise
        where = f"{exc.location}: " if exc.location else "tmad: "
        print(f"{where}error: {exc.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("tmad: interrupted (nothing half-written was left)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the machine, not tmad: a full disk, a read-only or missing folder
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"tmad: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except MemoryError:
        print("tmad: error: out of memory", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # an internal error: never a traceback unless asked
        if args.debug:
            raise
        print(
            f"tmad: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _project(args: argparse.Namespace) -> Project:
    root = args.project if args.project is not None else find_root(Path.cwd())
    return load_project(root)


def _versions(args: argparse.Namespace) -> int:
    from tmad import showtext

    project = _project(args)
    if args.json:
        print(json.dumps(showtext.versions_json(project.document), indent=2, ensure_ascii=False))
    else:
        print(showtext.versions_table(project.document), end="")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from tmad import showtext
    from tmad.editionjson import edition_json

    project = _project(args)
    edition = project.edition(args.version)
    clauses = [project.clause(edition, key) for key in args.clauses]
    if args.json:
        data = edition_json(edition, clauses or None)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(showtext.edition_markdown(edition, clauses or None), end="")
    return EXIT_OK


def _new_version(args: argparse.Namespace) -> int:
    from tmad import scaffold

    project = _project(args)
    created = scaffold.new_version(project, args.new, args.base, args.title, args.author, args.date)
    for path in created:
        print(f"created {path}")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from tmad import scaffold

    title = args.title if args.title is not None else args.dir.resolve().name.replace("-", " ")
    for path in scaffold.init_project(args.dir, title, args.owner, args.language, args.scheme):
        print(f"created {path}")
    print(f"next: tmad --project {args.dir} import FILE --version 1.0")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from tmad.importing.run import run_import

    root = args.project if args.project is not None else find_root(Path.cwd())
    report = run_import(
        Path(root), Path(args.file), args.number, args.base, args.title, args.author,
        args.date, args.status, args.reject,
    )  # fmt: skip
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for path in report.written:
        print(f"created {path}")
    return EXIT_OK


def _write(root: Path, data: bytes, output: str | None, default: Path) -> None:
    """Write an output to a path, to standard output ('-'), or to its default place
    (``default`` under ``root``)."""
    from tmad.writing import write_output

    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output) if output else root / default
    if path.is_dir() and not path.is_symlink():
        path = path / default.name
    write_output(path, data)
    print(f"wrote {path}", file=sys.stderr)


def _redline(args: argparse.Namespace) -> int:
    from tmad import render
    from tmad.diff.compose import chain
    from tmad.diff.consequence import substantive_only
    from tmad.importing.compare import are_files, compared
    from tmad.model import Edition
    from tmad.naming import redline_address
    from tmad.products import RedlineProduct

    if len(args.versions) < 2:
        raise UsageError("a redline needs at least two versions, e.g. 'tmad redline 5.1 5.2'")
    if len(set(args.versions)) != len(args.versions):
        raise UsageError("a version appears twice in the chain")
    suffix = render.get(args.format).suffix

    def rendered(editions: list[Edition]) -> bytes:
        marked = chain(editions)
        if args.changes == "substantive":
            marked = substantive_only(marked)
        return render.render(RedlineProduct(marked, args.context, args.comments), args.format)

    if are_files(args.versions):
        paths = [Path(name) for name in args.versions]
        files = compared(paths, args.date)
        for note in files.notes:
            print(f"note: {note}", file=sys.stderr)
        data = rendered(files.editions)
        name = f"{paths[-1].stem}_redline_against_{paths[0].stem}{suffix}"
        _write(Path.cwd(), data, args.output or name, Path(name))
        return EXIT_OK
    if args.date is not None:
        raise UsageError("--date is for files compared directly; a version has its own date")
    project = _project(args)
    editions = [project.edition(number) for number in args.versions]
    data = rendered(editions)
    _write(project.root, data, args.output, Path("build", redline_address(editions).path(suffix)))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from tmad import render
    from tmad.naming import version_address
    from tmad.products import VersionProduct

    project = _project(args)
    edition = project.edition(args.version)
    data = render.render(VersionProduct(edition), args.format)
    suffix = render.get(args.format).suffix
    _write(project.root, data, args.output, Path("build", version_address(edition).path(suffix)))
    return EXIT_OK


def _amendments(args: argparse.Namespace) -> int:
    from tmad import render
    from tmad.amend.text import proven_schedule
    from tmad.naming import amendments_address
    from tmad.products import AmendmentsProduct

    if args.old == args.new:
        raise UsageError("FROM and TO are the same version: there is nothing to amend")
    project = _project(args)
    old, new = project.edition(args.old), project.edition(args.new)
    data = render.render(AmendmentsProduct(proven_schedule(old, new)), args.format)
    suffix = render.get(args.format).suffix
    default = Path("build", amendments_address(old, new).path(suffix))
    _write(project.root, data, args.output, default)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from tmad.build.background import Background, Done
    from tmad.build.runner import build, parallel, print_progress
    from tmad.checks import CheckResult, report, run_checks
    from tmad.publication.parameters import parse_settings

    root = args.project if args.project is not None else find_root(Path.cwd())
    settings = parse_settings(args.set)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    # A parallel build checks the sources in another process while it loads the project and
    # what rendering needs; nothing is rendered before the checks have passed.
    checking: Background[CheckResult] | Done[CheckResult]
    if parallel(args.jobs):
        checking = Background(run_checks, root, settings=settings, final=args.final)
    else:
        checking = Done(run_checks(root, settings=settings, final=args.final))

    def gate() -> None:
        result = checking.result()
        refused = result.fatal or result.errors or (args.strict and result.warnings)
        if refused or (result.diagnostics and not args.quiet):
            print(report(result), end="", file=sys.stderr)
        if refused:
            what = "errors" if result.fatal or result.errors else "warnings (--strict)"
            print(f"tmad: build refused: fix the {what} above first", file=sys.stderr)
            raise _Refused(EXIT_USAGE if result.fatal else EXIT_PROBLEMS)

    try:
        try:
            project = load_project(root, settings)
        except TmadError:
            gate()  # the checks report every problem, this one included
            raise
        out_dir = args.output if args.output is not None else project.root / "build"
        progress = None if args.quiet else print_progress
        outcome = build(project, out_dir.resolve(), workers=args.jobs, progress=progress, gate=gate)
    except _Refused as refusal:
        return refusal.status
    if not args.quiet:
        print(
            f"built {outcome.rendered} product(s), {outcome.skipped} unchanged; "
            f"{outcome.outputs} files in {out_dir} ({outcome.seconds:.1f}s)",
            file=sys.stderr,
        )
    return EXIT_OK


class _Refused(Exception):
    """The checks refused the build (they have said why); ``status`` is the exit status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _published_folder(folder: Path, root: Path) -> Path | None:
    """The build folder ``folder`` lies in (the project's build/, or any folder holding a tmad
    manifest.json), or None."""
    if folder.is_relative_to(root / "build"):
        return root / "build"
    for candidate in (folder, *folder.parents):
        if (candidate / "manifest.json").is_file() and (candidate / "index.html").is_file():
            return candidate
    return None


def _responses_collate(args: argparse.Namespace) -> int:
    from tmad.responses import collate, publication_for, summary_lines, write_collation

    project = _project(args)
    out_dir = args.output if args.output is not None else project.root / "responses"
    if args.directory.is_dir() and out_dir.resolve().is_relative_to(args.directory.resolve()):
        raise UsageError("write the collation outside the folder of returned forms (-o OUT)")
    published = _published_folder(out_dir.resolve(), project.root)
    if published is not None:
        raise UsageError(
            f"{out_dir} is inside {published}, where builds are published from: the full "
            "collation holds confidential answers and personal data; write it elsewhere "
            "(-o OUT; the default is responses/)"
        )
    collation = collate(args.directory, publication_for(project, args.publication))
    paths = write_collation(collation, out_dir)
    for line in summary_lines(collation):
        print(line, file=sys.stderr)
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_PROBLEMS if collation.skipped else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from tmad.checks import report, run_checks
    from tmad.checks.codes import codes_named, listing
    from tmad.publication.parameters import parse_settings

    if args.list:
        print(listing(), end="")
        return EXIT_OK
    select = codes_named(args.select, "--select")
    ignore = codes_named(args.ignore, "--ignore")
    root = args.project if args.project is not None else find_root(Path.cwd())
    result = run_checks(
        root,
        select,
        ignore,
        settings=parse_settings(args.set),
        final=args.final,
        proofread=args.proofread or any(code.startswith("P") for code in select),
    )
    print(report(result, args.format), end="")
    if result.fatal:
        return EXIT_USAGE
    if result.errors or (args.strict and result.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK

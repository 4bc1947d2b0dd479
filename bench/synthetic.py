"""A synthetic tmad project: N clauses in S sections, M versions, a change and renumbering rate.

The project is written in exactly the source format of README.md ("Sources"):
``clauses/document.yaml``, the first version's full text as one ``NN-*.md`` file
per section, and every later version as ``version.yaml`` plus ``changes.md``.

Each clause is about :data:`WORDS_PER_CLAUSE` words (a clause-level paragraph,
lettered paragraphs (a)-(c) with roman sub-paragraphs (i) and (ii) under (b),
and a closing paragraph), so 2,000 clauses make about 300,000 words. About a
third of the clauses cite another clause by id (``Clause [[id]]``).

Each later version changes ``change_rate`` of the clauses by a few words (two
to four words of one paragraph replaced) and renumbers ``renumber_rate`` of
them by inserting or deleting a clause near the end of a section (the clauses
after it in that section are renumbered). Cross-references only point at the
front half of a section and insertions and deletions only happen in its back
third, so no citing clause changes its rendered text through renumbering and
the changed clauses are exactly the ones the generator changed.

Everything is drawn from a seeded :class:`random.Random`: the same arguments
give byte-identical sources.

Run ``python bench/synthetic.py DIR [--clauses N] [--versions M] [--check]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORDS_PER_CLAUSE = 150
"""The mean number of words per clause (headings not included)."""

MAX_RENUMBERED_PER_EDIT = 10
"""At most this many clauses after an inserted or deleted clause (it stands near the end)."""

_VOCABULARY = """
access account accordance activation adoption agreement allocation applicable
application approval arrangements assessment assurance authority available
billing business calendar capability certificate change charge circumstances
classification cohort commencement commissioning communications completion
compliance condition configuration connection consent consultation consumer
contract credit data date decision default defect delivery demand designation
determination device direction dispute document duration effect election
electricity eligibility energy entry equipment event evidence exception
extension facility failure firmware format framework function gas governance
guidance hub incident information infrastructure installation instruction
interface interruption inventory issue licence limitation maintenance manner
matter measure meter metering migration milestone modification network notice
notification obligation operation operator panel participant party payment
performance period plan planning policy premises prepayment procedure process
programme proposal provision publication purpose quality reasonable record
register regulation release reliance report request requirement resolution
response responsibility restriction review risk schedule scope security service
settlement site software specification stage standard statement status supplier
supply suspension system tariff termination test testing threshold timetable
transfer transition update upgrade validation variation version warranty
"""
VOCABULARY = _VOCABULARY.split()
"""Content words."""

_FUNCTION_WORDS = """
the the the the of of of and and to to in in a for by with that such any each
which shall may on or as be not all its from under where at this those other
"""
FUNCTION_WORDS = _FUNCTION_WORDS.split()
"""Little words, repeated by how often they are wanted."""

VERBS = [
    "shall ensure",
    "shall provide",
    "shall notify",
    "shall publish",
    "shall maintain",
    "shall apply",
    "shall confirm",
    "shall review",
    "may request",
    "may suspend",
    "may require",
]


@dataclass
class _Clause:
    id: str
    heading: str
    blocks: list[tuple[int, str, str]]
    """(indent level, label, text) per paragraph; text may hold ``[[id]]`` references."""
    citable: bool = False
    """Whether other clauses may cite it (it stands in the front half of its section)."""


@dataclass
class _Section:
    id: str
    heading: str
    clauses: list[_Clause] = field(default_factory=list)


@dataclass(frozen=True)
class VersionStats:
    """What the generator did to make one version."""

    number: str
    clauses: int
    words: int
    changed: int = 0
    inserted: int = 0
    deleted: int = 0
    renumbered: int = 0


@dataclass(frozen=True)
class Synthetic:
    """A generated project."""

    root: Path
    versions: tuple[VersionStats, ...]

    @property
    def numbers(self) -> list[str]:
        """The version numbers, oldest first."""
        return [v.number for v in self.versions]


class _Writer:
    def __init__(self, seed: int, words_per_clause: int = WORDS_PER_CLAUSE) -> None:
        self.rng = random.Random(seed)
        self.scale = words_per_clause / WORDS_PER_CLAUSE

    def words(self, count: int) -> list[str]:
        rng = self.rng
        return [
            rng.choice(FUNCTION_WORDS) if rng.random() < 0.45 else rng.choice(VOCABULARY)
            for _ in range(count)
        ]

    def fresh(self, before: str, after: str) -> str:
        """A content word unlike its neighbours (``tmad check`` warns of "the the")."""
        while True:
            word = self.rng.choice(VOCABULARY)
            if word not in (_bare(before), _bare(after)):
                return word

    def unrepeated(self, words: list[str]) -> list[str]:
        """The words with any word that repeats the one before it replaced."""
        for i in range(1, len(words)):
            if _bare(words[i]) == _bare(words[i - 1]):
                following = words[i + 1] if i + 1 < len(words) else ""
                words[i] = self.fresh(words[i - 1], following)
        return words

    def sentence(self, count: int, end: str, tail: tuple[str, ...] = ()) -> str:
        """A capitalised sentence of about ``count`` words with a verb phrase in it."""
        words = self.words(max(count - 2, 3))
        words[min(3, len(words)) : min(3, len(words))] = self.rng.choice(VERBS).split()
        text = " ".join(self.unrepeated([*words, *tail]))
        return text[0].upper() + text[1:] + end

    def item(self, count: int, end: str) -> str:
        return " ".join(self.unrepeated(self.words(max(count, 3)))) + end

    def heading(self) -> str:
        return " ".join(w.capitalize() for w in self.rng.sample(VOCABULARY, self.rng.randint(2, 5)))

    def size(self, mean: int) -> int:
        """A paragraph length: the mean for 150-word clauses, scaled, give or take 30%."""
        return max(3, round(mean * self.scale * self.rng.uniform(0.7, 1.3)))

    def clause(self, ident: str, cite: str | None) -> _Clause:
        s = self.size
        tail = () if cite is None else ("in", "accordance", "with", "Clause", f"[[{cite}]]")
        intro = self.sentence(s(29), ":", tail)
        blocks = [
            (0, "", intro),
            (0, "a", self.item(s(25), ";")),
            (0, "b", self.item(s(20), ":")),
            (1, "i", self.item(s(15), ";")),
            (1, "ii", self.item(s(15), "; and")),
            (0, "c", self.item(s(25), ".")),
            (0, "", self.sentence(s(20), ".")),
        ]
        return _Clause(ident, self.heading(), blocks)

    def change_words(self, clause: _Clause) -> _Clause:
        """The clause with two to four words of one paragraph replaced."""
        rng = self.rng
        index = rng.randrange(len(clause.blocks))
        level, label, text = clause.blocks[index]
        words = text.split(" ")
        plain = [i for i, w in enumerate(words) if w.isalpha() and w.islower()]
        for i in rng.sample(plain, min(len(plain), rng.randint(2, 4))):
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            choice = self.fresh(before, after)
            while choice == words[i]:
                choice = self.fresh(before, after)
            words[i] = choice
        blocks = list(clause.blocks)
        blocks[index] = (level, label, " ".join(words))
        return _Clause(clause.id, clause.heading, blocks, clause.citable)


def _bare(word: str) -> str:
    return word.strip(".,;:").casefold()


def _words(clause: _Clause) -> int:
    """Words of the rendered text: ``Clause [[id]]`` renders as two words ("Clause 4.33")."""
    return sum(len(text.split()) for _, _, text in clause.blocks)


def _clause_markdown(clause: _Clause, attrs: str = "") -> str:
    """A clause in source syntax: a blank line around every run of labelled paragraphs."""
    lines = [f"## {clause.heading} {{#{clause.id}{attrs}}}"]
    labelled = False
    for level, label, text in clause.blocks:
        if not label or not labelled:
            lines.append("")
        lines.append(" " * (4 * level) + (f"({label}) " if label else "") + text)
        labelled = bool(label)
    return "\n".join(lines) + "\n\n"


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(
    root: Path,
    *,
    clauses: int = 2000,
    sections: int | None = None,
    versions: int = 2,
    change_rate: float = 0.02,
    renumber_rate: float = 0.01,
    seed: int = 2020,
    words_per_clause: int = WORDS_PER_CLAUSE,
) -> Synthetic:
    """Write a synthetic project into ``root`` (replacing its ``clauses/``)."""
    if clauses < 10 or versions < 1:
        raise ValueError("need at least 10 clauses and one version")
    sections = sections or max(1, round(clauses / 100))
    writer = _Writer(seed, words_per_clause)
    rng = writer.rng
    source = root / "clauses"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)

    # The first version: full text, clauses spread evenly over the sections.
    text: list[_Section] = []
    for s in range(sections):
        count = clauses // sections + (1 if s < clauses % sections else 0)
        section = _Section(f"part-{s + 1:02d}", writer.heading())
        for c in range(count):
            section.clauses.append(_Clause(f"p{s + 1:02d}-c{c + 1:04d}", "", []))
        text.append(section)
    citable = [c for sec in text for c in sec.clauses[: max(1, len(sec.clauses) // 2)]]
    for c in citable:
        c.citable = True
    for section in text:
        for i, placeholder in enumerate(section.clauses):
            cite = None
            if rng.random() < 1 / 3:
                target = rng.choice(citable)
                cite = target.id if target.id != placeholder.id else None
            made = writer.clause(placeholder.id, cite)
            made.citable = placeholder.citable
            section.clauses[i] = made

    numbers = [f"1.{k}" for k in range(versions)]
    start = dt.date(2020, 1, 15)
    stats: list[VersionStats] = []
    _write_document(source, numbers)
    first = source / numbers[0]
    first.mkdir()
    _write_version(first, numbers[0], None, 0, versions, start)
    width = max(2, len(str(sections)))
    for s, section in enumerate(text, start=1):
        body = [f"# {section.heading} {{#{section.id}}}", ""]
        body += [_clause_markdown(c) for c in section.clauses]
        (first / f"{s:0{width}d}-{section.id}.md").write_text("\n".join(body), encoding="utf-8")
    stats.append(VersionStats(numbers[0], clauses, _total_words(text)))

    for k in range(1, versions):
        directory = source / numbers[k]
        directory.mkdir()
        _write_version(directory, numbers[k], numbers[k - 1], k, versions, start)
        changes, stat = _next_version(writer, text, k, numbers[k], change_rate, renumber_rate)
        (directory / "changes.md").write_text(changes, encoding="utf-8")
        stats.append(stat)
    return Synthetic(root, tuple(stats))


def _total_words(text: list[_Section]) -> int:
    return sum(_words(c) for sec in text for c in sec.clauses)


def _next_version(
    writer: _Writer,
    text: list[_Section],
    k: int,
    number: str,
    change_rate: float,
    renumber_rate: float,
) -> tuple[str, VersionStats]:
    """Change ``text`` in place into the next version; return its changes.md and stats."""
    rng = writer.rng
    live = sum(len(sec.clauses) for sec in text)
    out = [f"<!-- version {number}: synthetic changes for the tmad benchmarks -->", ""]
    touched: set[str] = set()
    inserted = deleted = renumbered = 0
    budget = round(live * renumber_rate)
    order = list(range(len(text)))
    rng.shuffle(order)
    for step, s in enumerate(order * 2):
        if budget <= 0:
            break
        section = text[s]
        room = min(MAX_RENUMBERED_PER_EDIT, len(section.clauses) // 3 - 1)
        if room < 1:
            continue
        after = min(budget, room)
        position = len(section.clauses) - after - 1
        anchor = section.clauses[position]
        if step % 2 == 0 or anchor.citable or anchor.id in touched:
            ident = f"v{k}-new-{inserted + 1}"
            new = writer.clause(ident, None)
            out.append(_clause_markdown(new, f" insert after={anchor.id}"))
            section.clauses.insert(position + 1, new)
            inserted += 1
            touched.add(ident)
            moved = section.clauses[position + 2 :]
        else:
            out.append(f"## {{#{anchor.id} delete}}\n")
            del section.clauses[position]
            deleted += 1
            moved = section.clauses[position:]
        touched.update(c.id for c in moved)
        renumbered += len(moved)
        budget -= len(moved)
    candidates = [
        (s, i)
        for s, sec in enumerate(text)
        for i, c in enumerate(sec.clauses)
        if c.id not in touched
    ]
    wanted = min(len(candidates), max(1, round(live * change_rate)) if change_rate else 0)
    chosen = sorted(rng.sample(candidates, wanted))
    for s, i in chosen:
        changed = writer.change_words(text[s].clauses[i])
        text[s].clauses[i] = changed
        out.append(_clause_markdown(changed))
    stats = VersionStats(
        number,
        sum(len(sec.clauses) for sec in text),
        _total_words(text),
        changed=len(chosen),
        inserted=inserted,
        deleted=deleted,
        renumbered=renumbered,
    )
    return "\n".join(out), stats


def _write_document(source: Path, numbers: list[str]) -> None:
    chains = ""
    if len(numbers) >= 3:
        chains = "redline_chains:\n  - [" + ", ".join(_yaml_text(n) for n in numbers) + "]\n"
    (source / "document.yaml").write_text(
        "# A synthetic document for the tmad benchmarks (bench/synthetic.py).\n"
        "id: synthetic\n"
        "title: Synthetic Benchmark Approach Document\n"
        "short_title: SYNTH\n"
        "code: Benchmark Code\n"
        "appendix: ZZ\n"
        "owner: Benchmark Company\n"
        "classification: Public\n"
        "language: en-GB\n"
        "notice: Generated text for benchmarks; it means nothing.\n" + chains,
        encoding="utf-8",
    )


def _write_version(
    directory: Path, number: str, base: str | None, k: int, count: int, start: dt.date
) -> None:
    status = "designated" if k == 0 else ("draft" if k == count - 1 else "concluded")
    lines = [f"version: {_yaml_text(number)}"]
    if base is not None:
        lines.append(f"base: {_yaml_text(base)}")
    lines += [
        f"status: {status}",
        f"date: {(start + dt.timedelta(days=30 * k)).isoformat()}",
        f"title: Synthetic change {k}" if k else "title: Synthetic first text",
        "author: DCC",
    ]
    (directory / "version.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def long_paragraph(words: int, change_rate: float, seed: int) -> tuple[str, str]:
    """One paragraph of ``words`` words in sentences, and a copy with ``change_rate`` of its
    words replaced: the worst case the word diff bounds (a whole schedule pasted as one)."""
    rng = random.Random(seed)
    old: list[str] = []
    while len(old) < words:
        sentence = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 30))]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        old.extend(sentence[: words - len(old)])
    new = [rng.choice(VOCABULARY) if rng.random() < change_rate else word for word in old]
    return " ".join(old), " ".join(new)


def tmad_command() -> list[str]:
    """How to run tmad: the console script beside this Python, else ``python -m tmad``."""
    script = Path(sys.executable).parent / "tmad"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tmad"]


def check(root: Path) -> None:
    """Run ``tmad check --project ROOT``; raise RuntimeError with its report if it fails."""
    result = subprocess.run(
        [*tmad_command(), "--project", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"tmad check failed on the synthetic project {root} (exit {result.returncode}):\n"
            + result.stdout
            + result.stderr
        )


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic project and optionally check it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="project directory to write (clauses/ inside)")
    parser.add_argument("--clauses", type=int, default=2000)
    parser.add_argument("--sections", type=int, default=None, help="default: clauses / 100")
    parser.add_argument("--versions", type=int, default=2)
    parser.add_argument("--change-rate", type=float, default=0.02)
    parser.add_argument("--renumber-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--words-per-clause", type=int, default=WORDS_PER_CLAUSE)
    parser.add_argument("--check", action="store_true", help="run 'tmad check' on the result")
    args = parser.parse_args(argv)
    made = generate(
        args.root,
        clauses=args.clauses,
        sections=args.sections,
        versions=args.versions,
        change_rate=args.change_rate,
        renumber_rate=args.renumber_rate,
        seed=args.seed,
        words_per_clause=args.words_per_clause,
    )
    for v in made.versions:
        print(
            f"{v.number}: {v.clauses} clauses, {v.words:,} words; changed {v.changed}, "
            f"inserted {v.inserted}, deleted {v.deleted}, renumbered {v.renumbered}"
        )
    if args.check:
        check(made.root)
        print("tmad check: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A numbering scheme inferred from what a first import saw (:class:`Seen`).

Used when a project declares no ``numbering`` and has no version yet: the scheme is
written into ``clauses/document.yaml`` as ordinary YAML the drafter can read and edit.

- **Heading levels**, one per heading depth. What is printed around every number of a
  depth ("PART 1", "§ 34-1501.", "1.") becomes the level's ``print``, and its word names
  the level (PART → part, CHAPTER → chapter, § → section); unnamed levels are named from
  the innermost out (clause, section, chapter, part). Numbers that run 1, 2, 3 under each
  parent (or through the document, or as "{parent}.1") are computed from order; any
  other number (34-1501, 4.5A, a gap) makes the level fixed, its numbers kept as written.
- **Label levels** in the order the labels nested. A level whose labels all run in
  sequence is computed; a gap or a first label other than (a)/(1) makes it fixed; an
  inserted label ((c-1), (9A)) gives the level that insertion style.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from itertools import groupby, pairwise

from tmad.errors import SourceError
from tmad.importing.builder import INSERTS, Event, Heading, Seen
from tmad.labels import follows, format_ordinal
from tmad.scheme import Scheme, parse_scheme
from tmad.yamlsource import parse_mapping

_PRINTED = re.compile(
    r"(?P<pre>[^\W\d_]+\s+|§\s*)?(?P<num>[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*?)(?P<post>[.:]?)"
)
_WORDS = {
    "part": "part",
    "chapter": "chapter",
    "subchapter": "subchapter",
    "title": "title",
    "book": "book",
    "article": "article",
    "division": "division",
    "subdivision": "subdivision",
    "subpart": "subpart",
    "section": "section",
    "§": "section",
    "regulation": "section",
    "rule": "rule",
}
_UNNAMED = ("clause", "section", "chapter", "part", "book", "title", "tome", "division",
            "subdivision", "subpart", "subchapter", "subtitle")  # fmt: skip
_LABEL_NAMES = {
    "section": ("subsection", "paragraph", "subparagraph", "clause", "subclause", "point"),
    "": ("paragraph", "subparagraph", "point", "subclause", "indent", "alinea"),
}
_STYLES = ("1", "I", "A", "a", "i")


def relevel(events: list[Event], scheme: Scheme | None) -> list[Event]:
    """The events with each heading's depth given by the word its number is printed with
    where there is one ("§ 34-1601." is a section under a chapter with or without a
    subchapter between), else by its depth in the file."""
    words = [_word(e.number) if isinstance(e, Heading) and e.number else "" for e in events]
    if scheme is not None:
        prefixes = {
            level.printed("")[0].strip().lower(): level.depth
            for level in scheme.headings
            if level.printed("")[0].strip()
        }
        depth_of = prefixes
    else:
        found: dict[str, list[int]] = {}
        for event, word in zip(events, words, strict=True):
            if isinstance(event, Heading) and event.number:
                found.setdefault(word or f"#{event.depth}", []).append(event.depth)
        ranked = sorted(found, key=lambda w: (min(found[w]), max(found[w])))
        depth_of = {word: rank for rank, word in enumerate(ranked, 1)}
    out: list[Event] = []
    for event, word in zip(events, words, strict=True):
        if isinstance(event, Heading) and event.number:
            key = word if scheme is not None else word or f"#{event.depth}"
            event = replace(event, depth=depth_of.get(key, event.depth))
        out.append(event)
    return out


def _word(number: str) -> str:
    match = _PRINTED.fullmatch(number)
    return (match.group("pre") or "").strip().lower() if match else ""


def merged(seens: list[Seen]) -> Seen:
    """What several files saw, as one (their scheme must hold them all): heading levels
    matched by name where the files name them, else by depth."""
    names: list[str] = []
    for seen in seens:
        names += [n for n in seen.names if n not in names]
    out = Seen(headings=max(len(names), *(s.headings for s in seens)), names=names)
    out.numbers = [[] for _ in range(out.headings)]
    for seen in seens:
        for depth, entries in enumerate(seen.numbers):
            where = names.index(seen.names[depth]) if depth < len(seen.names) else depth
            out.numbers[where] += entries
        out.styles += [s for s in seen.styles if s not in out.styles]
        out.nested += [n for n in seen.nested if n not in out.nested]
        for style, runs in seen.runs.items():
            out.runs.setdefault(style, []).extend(runs)
        for style, name in seen.label_names.items():
            out.label_names.setdefault(style, name)
    return out


def infer_scheme(seen: Seen, origin: str) -> tuple[str, Scheme]:
    """The ``numbering`` block (YAML text for ``document.yaml``) and the scheme it declares;
    SourceError naming ``origin`` (the file read) when the labels fit no one scheme."""
    try:
        headings = _heading_levels(seen)
        if not headings:
            raise SourceError("no numbered headings: nothing to infer a numbering scheme from")
        labels, skip = _label_levels(seen, {h["level"] for h in headings}, headings[-1]["level"])
    except SourceError as exc:
        raise SourceError(f"{origin}: {exc}") from None
    lines = ["numbering:"]
    if skip:
        lines.append("  skip: true          # a unit may open with a deeper level's labels")
    lines.append("  levels:")
    lines += [f"    - {_flow(level)}" for level in headings + labels]
    text = "\n".join(lines) + "\n"
    block = "\n".join(line[2:] for line in lines[1:]) + "\n"  # the mapping under numbering
    return text, parse_scheme(parse_mapping(block, "<inferred numbering>"))


def _flow(level: dict) -> str:
    items = ", ".join(f"{key}: {_scalar(value)}" for key, value in level.items())
    return "{" + items + "}"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    return text if re.fullmatch(r"[a-z][a-z-]*", text) else json.dumps(text, ensure_ascii=False)


def _heading_levels(seen: Seen) -> list[dict]:
    levels: list[dict] = []
    parents: dict[str, str] = {"": ""}
    names: list[str] = []
    for depth in range(seen.headings):
        entries = seen.numbers[depth] if depth < len(seen.numbers) else []
        split = [_PRINTED.fullmatch(raw) if raw else None for raw, _, _ in entries]
        affixes = {((m.group("pre") or ""), m.group("post")) if m else None for m in split}
        pre, post = "", ""
        numbers = [raw for raw, _, _ in entries]
        only = next(iter(affixes)) if len(affixes) == 1 else None
        if only is not None:
            pre, post = only
            numbers = [m.group("num") for m in split if m]
        word = pre.strip().lower()
        name = seen.names[depth] if depth < len(seen.names) else _WORDS.get(word, "")
        under = [parents.get(parent, parent) for _, parent, _ in entries]
        for (raw, _, _), number in zip(entries, numbers, strict=True):
            parents[raw] = number
        titled = all(has_text for _, _, has_text in entries)
        level: dict = {"level": name, "heading": "required" if titled else "optional"}
        template, count = _computed(numbers, under)
        if template:
            level["number"] = template
            if count == "document":
                level["count"] = "document"
        else:
            level["fixed"] = True
            if any(re.search(r"\d[A-Z]\Z", n) for n in numbers):
                level["insert"] = "A"
        if pre or post:
            level["print"] = f"{pre}{{number}}{post}"
        level["cite"] = ["section", "§"] if word == "§" else (pre.strip().capitalize() or "")
        levels.append(level)
        names.append(name)
    unnamed = [n for n in _UNNAMED if n not in names]
    undotted = levels and "{parent}" not in levels[-1].get("number", "")
    if undotted and not levels[-1]["level"] and "clause" in unnamed:
        unnamed.remove("clause")  # an undotted unit is a section, like a regulation
    if sum(1 for level in levels if not level["level"]) > len(unnamed):
        raise SourceError(
            f"{len(levels)} levels of headings: more than tmad names by itself; declare the "
            "numbering in clauses/document.yaml (README, 'Numbering schemes')"
        )
    for level in reversed(levels):
        if not level["level"]:
            level["level"] = unnamed.pop(0)
        if not level["cite"]:
            level["cite"] = level["level"].capitalize()
    return levels


def _computed(numbers: list[str], parents: list[str]) -> tuple[str, str]:
    """The number template that computes ``numbers`` from order, and what it counts in."""
    if not numbers or not all(numbers):
        return "", ""
    pairs = list(zip(numbers, parents, strict=True))
    groups = [list(group) for _, group in groupby(pairs, lambda pair: pair[1])]
    for style in _STYLES:
        if all(
            [n for n, _ in g] == [format_ordinal(style, k) for k in range(1, len(g) + 1)]
            for g in groups
        ):
            return f"{{{style}}}", "parent"
    dotted = all(n == f"{p}.{k}" for g in groups for k, (n, p) in enumerate(g, 1))
    if dotted and all(parents):
        return "{parent}.{1}", "parent"
    if numbers == [str(k) for k in range(1, len(numbers) + 1)]:
        return "{1}", "document"
    return "", ""


def _order(seen: Seen) -> list[str]:
    """The label styles outermost first: each after every style it was seen inside."""
    inside = {style: {o for o, i in seen.nested if i == style and o} for style in seen.styles}
    order: list[str] = []
    while len(order) < len(seen.styles):
        ready = [s for s in seen.styles if s not in order and inside[s] <= set(order)]
        if not ready:
            cycle = ", ".join(f"({o}) holds ({i})" for o, i in seen.nested if o)
            raise SourceError(
                f"the labels nest in more than one order ({cycle}): declare the numbering in "
                "clauses/document.yaml (README, 'Numbering schemes') and import again"
            )
        order.append(ready[0])
    return order


def _label_levels(seen: Seen, taken: set[str], unit: str) -> tuple[list[dict], bool]:
    """The label levels, and whether a level may be skipped (a unit opening with (1)
    where others open with (a))."""
    order = _order(seen)
    skip = any(
        order.index(inner) != (order.index(outer) + 1 if outer else 0)
        for outer, inner in seen.nested
    )
    taken = taken | set(seen.label_names.values())
    pool = [n for n in _LABEL_NAMES["section" if unit == "section" else ""] if n not in taken]
    levels = []
    for depth, style in enumerate(order):
        insert, fixed = "", False
        for run in seen.runs.get(style, []):
            if run[0] != format_ordinal(style, 1):
                fixed = True
            for before, after in pairwise(run):
                fit = [i for i in INSERTS if follows(style, i, before, after)]
                if not fit:
                    fixed = True
                elif "" not in fit and not insert:
                    insert = fit[0]
        name = seen.label_names.get(style) or (pool.pop(0) if pool else f"level{depth}")
        level: dict = {"level": name, "label": f"({style})"}
        if fixed:
            level["fixed"] = True
        if insert:
            level["insert"] = insert
        level["cite"] = name
        levels.append(level)
    return levels, skip

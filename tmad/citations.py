"""Finding citations in text, by the words the document's numbering scheme cites its levels by.

One grammar per scheme (as Indigo registers one reference finder per citation
style): "Clause 4.26(a)(i)", "Sections 4 and 5", "section 34-1501(a)(2)",
"§ 34-1501", "regulation 4(2)", "Part 2", and citations of labels within the
current provision, "paragraph (10)", "subsection (c-2)". A citation followed by
"of" and the name of another instrument ("section 5(c) of the War Powers
Resolution", "Condition 22 of the Electricity Supply Licence") is marked
**external**: it cites something else, and is never checked against this document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from tmad.anchors import anchor
from tmad.model import Block, Clause, Document, Edition, Section
from tmad.outline import parents
from tmad.scheme import Level, Scheme

_LABEL = r"\([A-Za-z0-9]{1,8}(?:-\d{1,3})?\)"
_LABELS = rf"(?:{_LABEL})*"
_FIXED = r"(?:[A-Z]{0,3}\d[0-9A-Za-z]*(?:[.\-][0-9A-Za-z]+)*|[A-Z]{1,4}(?![\w-]))"
_ORDINALS = {
    "1": r"\d+",
    "a": r"[a-z]{1,3}",
    "i": r"[ivxlc]+",
    "A": r"[A-Z]{1,3}",
    "I": r"[IVXLC]+",
}
_END = r"(?![0-9A-Za-z]|[.\-][0-9A-Za-z])"
_JOIN = r"(?:,\s+|\s+(?:and|or|to|through)\s+|,\s+(?:and|or)\s+)"


@dataclass(frozen=True, slots=True)
class Citation:
    """One provision cited in text."""

    start: int
    """Where the cited number (or label) starts in the text."""
    end: int
    """Where it ends."""
    level: Level
    """The level cited: a heading level ("Clause 4.26") or a label level ("paragraph (a)")."""
    number: str
    """The number cited ("4.26"); "" for a label cited within the current provision."""
    labels: tuple[str, ...]
    """Labels after the number, or the labels cited ("c", "2")."""
    external: bool
    """Whether the citation names another instrument ("of the Act")."""
    words: str
    """The citing word as written ("Clause", "§", "subsection")."""
    levels: tuple[Level, ...] = ()
    """Every heading level the word and number could cite (where a word cites several, as
    the Smart Energy Code's "Section" cites Section X, X5 and X5.1); the first is ``level``."""
    lead: int = -1
    """Where the citing word starts, for the first number of a list (a link's text starts
    there: "Clause 4.26"); -1 for later numbers of a list ("and 4.27")."""

    @property
    def path(self) -> str:
        """ "(a)(ii)"."""
        return "".join(f"({label})" for label in self.labels)

    @property
    def shown(self) -> str:
        """The citation as a reader writes it ("Clause 4.26(a)", "paragraph (10)")."""
        if self.number:
            return f"{self.words} {self.number}{self.path}"
        return f"{self.words} {self.path}"


def _number_pattern(scheme: Scheme, level: Level) -> str:
    if level.fixed or not level.number:
        return _FIXED
    parent_levels = [lv for lv in scheme.headings if lv.depth < level.depth]
    parent = _number_pattern(scheme, parent_levels[-1]) if parent_levels else r"\d+"

    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"(?:{parent})" if name == "parent" else _ORDINALS[name]

    return re.sub(r"\\\{([^{}]*)\\\}", token, re.escape(level.number))


def _words(level: Level) -> str:
    forms = []
    for word in level.cite:
        if word == "§":
            forms.append("§§?")
        else:
            forms.append(re.escape(word) + "s?")
    return "|".join(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Grammar:
    headings: tuple[tuple[Level, re.Pattern[str], re.Pattern[str]], ...]
    labels: tuple[tuple[Level, re.Pattern[str]], ...]
    internal: re.Pattern[str]
    words: tuple[str, ...] | None
    """Every citing word in lower case, one of which a text that cites must hold (see
    :func:`_may_cite`); None when a word is one that test cannot see."""


_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The characters other than A-Z and a-z that case-insensitive matching takes for a letter
a-z (İ, ı, ſ and the Kelvin sign), as that letter."""


def _plain_word(word: str) -> bool:
    """Whether a word's characters are ASCII or have no case at all (§), so that a text
    holds it, case aside, exactly when its lower-cased text does (:func:`_may_cite`)."""
    return all(c.isascii() or c.lower() == c == c.upper() == c.casefold() for c in word)


def _may_cite(text: str, words: tuple[str, ...] | None) -> bool:
    """Whether ``text`` holds one of the lower-case citing ``words``, case aside: a quick
    test that spares most paragraphs the citation patterns."""
    if words is None:
        return True
    folded = (text if text.isascii() else text.translate(_FOLD)).lower()
    return any(map(folded.__contains__, words))


@cache
def _grammar(scheme: Scheme, names: tuple[str, ...]) -> _Grammar:
    headings = []
    for level in scheme.headings:
        number = _number_pattern(scheme, level)
        words = _words(level)
        joint = r"\s*" if "§" in level.cite else r"\s+"
        one = rf"(?P<number>{number}){_END}(?P<labels>{_LABELS})"
        pattern = re.compile(
            rf"(?<![\w§])(?P<words>(?i:{words})){joint}{one}"
            rf"(?P<more>(?:{_JOIN}(?:{number}){_END}{_LABELS})*)"
        )
        item = re.compile(rf"(?P<number>{number}){_END}(?P<labels>{_LABELS})")
        headings.append((level, pattern, item))
    labels = []
    nouns: dict[str, Level] = {}
    for level in scheme.labels:
        for word in level.cite:
            nouns.setdefault(word.casefold(), level)
    for word, level in nouns.items():
        pattern = re.compile(
            rf"(?<![\w-])(?P<words>(?i:{re.escape(word)}s?))\s+(?P<labels>{_LABEL}{_LABELS})"
            rf"(?P<more>(?:{_JOIN}{_LABEL}{_LABELS})*)"
        )
        labels.append((level, pattern))
    own = "|".join(re.escape(name) for name in names if name)
    internal = re.compile(
        rf"\s+of\s+(?:(?:this|these)\b|the\s+(?:{own})\b)" if own else r"\s+of\s+(?:this|these)\b"
    )
    levels = (*scheme.headings, *scheme.labels)
    cited = [word for level in levels for word in level.cite]
    plain = all(level.cite for level in levels) and all(map(_plain_word, cited))
    lowered = tuple(word.lower() for word in cited) if plain else None
    return _Grammar(tuple(headings), tuple(labels), internal, lowered)


_OF = re.compile(r"\s+of\s+\S", re.IGNORECASE)


def find(text: str, document: Document) -> list[Citation]:
    """Every citation in a text, in order, by the document's numbering scheme."""
    names = (document.short_title, document.title, document.code)
    grammar = _grammar(document.scheme, names)
    if not _may_cite(text, grammar.words):
        return []
    spans: dict[int, Citation] = {}
    taken: list[tuple[int, int]] = []
    for level, pattern, item in grammar.headings:
        for match in pattern.finditer(text):
            if not _cased(text, match.start(), match.group("words"), level):
                continue
            external = _external(text, match.end(), grammar)
            words = match.group("words")
            start = match.start("number")
            for one in item.finditer(text, start, match.end()):
                labels = tuple(re.findall(r"\(([^()]*)\)", one.group("labels")))
                lead = match.start() if one.start() == start else -1
                number = one.group("number")
                old = spans.get(one.start())
                if old is None or one.start() + len(number) > old.start + len(old.number):
                    spans[one.start()] = Citation(
                        one.start(), one.end(), level, number, labels, external, words,
                        levels=(level,), lead=lead,
                    )  # fmt: skip
                elif old.number == number and level not in old.levels:
                    spans[one.start()] = replace(old, levels=(*old.levels, level))
            taken.append((match.start(), match.end()))
    found = list(spans.values())
    for level, pattern in grammar.labels:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if not _cased(text, match.start(), match.group("words"), level):
                continue
            tail = text[match.end() :]
            external = _external(text, match.end(), grammar)
            of_unit = _of_unit(tail, grammar)
            for group in re.finditer(
                rf"{_LABEL}{_LABELS}", text[match.start("labels") : match.end()]
            ):
                offset = match.start("labels")
                labels = tuple(re.findall(r"\(([^()]*)\)", group.group(0)))
                if of_unit is not None:
                    found.append(
                        Citation(offset + group.start(), offset + group.end(), of_unit[0],
                                 of_unit[1], labels, external, match.group("words"))
                    )  # fmt: skip
                    continue
                found.append(
                    Citation(offset + group.start(), offset + group.end(), level, "", labels,
                             external, match.group("words"))
                )  # fmt: skip
    found.sort(key=lambda c: (c.start, c.end))
    return found


_SENTENCE_START = (".", ";", ":", "—", "(", "“", '"', "‘")


def _cased(text: str, start: int, written: str, level: Level) -> bool:
    """Whether a citing word is written as this document cites: a word the scheme writes in
    lower case ("regulation") cites only in lower case, or capitalised at the start of a
    sentence, so "the Smart Meter Regulations 2026" is a title, not regulation 2026."""
    if not written[:1].isupper() or any(word[:1].isupper() for word in level.cite):
        return True
    before = text[:start].rstrip()
    return not before or before.endswith(_SENTENCE_START)


def _external(text: str, end: int, grammar: _Grammar) -> bool:
    tail = text[end:]
    of = _OF.match(tail)
    if of is None:
        return False
    if grammar.internal.match(tail):
        return False
    # "paragraph (2) of regulation 4": another provision of this document, not external
    rest = tail[of.end() - 1 :]
    for _, pattern, _ in grammar.headings:
        cited = pattern.match(rest)
        if cited is not None:
            return _external(rest, cited.end(), grammar)
    return True


def _of_unit(tail: str, grammar: _Grammar) -> tuple[Level, str] | None:
    """ "of regulation 4" after a label citation: the provision it is in."""
    match = _OF.match(tail)
    if match is None:
        return None
    rest = tail[match.end() - 1 :]
    for level, pattern, _ in grammar.headings:
        cited = pattern.match(rest)
        if cited is not None:
            return level, cited.group("number")
    return None


_AMENDS = re.compile(
    r"(?:^|\s)(?:The|the)\s+(?!(?:this|these)\b)([A-Z0-9].*?)\s+(?:is|are)\s+(?:further\s+)?"
    r"amended\b"
)


def amends_another(clause: Clause) -> bool:
    """Whether a clause amends another instrument ("The 2020 Regulations are amended as
    follows."): its citations ("In regulation 7, for paragraph (4) substitute—") are then
    of that instrument, not of this document."""
    return any(
        "amended" in block.text and _AMENDS.search(block.text)
        for block in clause.body
        if not block.quote
    )


def find_path(
    body: tuple[Block, ...], labels: tuple[str, ...], start: int | None = None
) -> int | None:
    """The paragraph a chain of labels names in a body ("(c)(ii)": (ii) within (c)), or None.

    The first label is looked for among the top-level labelled paragraphs (or, with
    ``start``, among the sub-paragraphs of that block); each further label among the
    sub-paragraphs of the one before.
    """
    family = parents(body)
    current = start
    for label in labels:
        found = None
        for index, block in enumerate(body):
            if block.quote or block.label != label:
                continue
            if _within(family, index, current, body):
                found = index
                break
        if found is None:
            return None
        current = found
    return current


def _within(family: tuple[int | None, ...], index: int, parent: int | None, body) -> bool:
    """Whether a labelled block is a child of ``parent`` (None: of the provision itself),
    looking through unlabelled text between them."""
    above = family[index]
    while above is not None and not body[above].label:
        above = family[above]
    return above == parent


def resolve(citation: Citation, edition: Edition, current: str | None = None) -> tuple[str, str]:
    """Where a citation points in an edition: (kind, id) with kind "clause" or "section",
    ("missing", what) when the number does not exist, ("no-paragraph", path) when the
    provision has no such paragraph, or ("", "") when it cannot be told (ambiguous, or a
    label citation with no current provision)."""
    scheme = edition.document.scheme
    index = clause_index(edition)
    if not citation.number:
        clause = index.by_id.get(current) if current is not None else None
        if clause is None:
            return "", ""
        return _label_in(scheme, clause.body, citation, clause.id)
    for level in citation.levels or (citation.level,):
        if level.name == scheme.unit.name:
            clause = index.by_number.get(citation.number)
            if clause is None:
                continue
            if citation.labels and find_path(clause.body, citation.labels) is None:
                return "no-paragraph", citation.path
            return "clause", clause.id
        same = index.sections.get((level.name, citation.number), [])
        if len(same) > 1:
            return "", ""
        if same:
            return "section", same[0].id
    return "missing", citation.number


@dataclass(frozen=True, slots=True)
class Link:
    """A citation a reader can follow to its place in the edition."""

    start: int
    """Where the link's text starts ("Clause 4.26": at the word)."""
    end: int
    """Where it ends."""
    anchor: str
    """The cited clause's or container's anchor (:func:`tmad.anchors.anchor`)."""


def links(text: str, edition: Edition) -> list[Link]:
    """The citations of this document in ``text`` that resolve to a clause or container of
    ``edition``, in order and not overlapping; citations of other instruments, of labels
    alone, and those that do not resolve are not links."""
    found: list[Link] = []
    last = 0
    for citation in find(text, edition.document):
        start = citation.lead if citation.lead >= 0 else citation.start
        if citation.external or not citation.number or start < last:
            continue
        kind, ident = resolve(citation, edition)
        if kind in ("clause", "section"):
            found.append(Link(start, citation.end, anchor(kind, ident)))
            last = citation.end
    return found


def linked_pieces(text: str, edition: Edition | None) -> list[tuple[str, str]]:
    """``text`` cut at its :func:`links`: (piece, anchor) in order, the anchor "" for plain
    text between links (empty plain pieces left out); the whole text as one plain piece
    when nothing is linked or ``edition`` is None."""
    found = links(text, edition) if edition is not None else []
    if not found:
        return [(text, "")]
    pieces: list[tuple[str, str]] = []
    last = 0
    for link in found:
        if link.start > last:
            pieces.append((text[last : link.start], ""))
        pieces.append((text[link.start : link.end], link.anchor))
        last = link.end
    if last < len(text):
        pieces.append((text[last:], ""))
    return pieces


@dataclass(frozen=True, slots=True)
class ClauseIndex:
    """An edition's clauses by id and by number, and its containers by level and number."""

    edition: Edition
    by_id: dict[str, Clause]
    by_number: dict[str, Clause]
    sections: dict[tuple[str, str], list[Section]]


_INDEXES: dict[int, ClauseIndex] = {}


def clause_index(edition: Edition) -> ClauseIndex:
    """Clauses by id and number and containers by level and number, made once per edition."""
    found = _INDEXES.get(id(edition))
    if found is not None and found.edition is edition:
        return found
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    clauses = edition.clauses()
    sections: dict[tuple[str, str], list[Section]] = {}
    for section in edition.sections:
        sections.setdefault((section.level, section.number), []).append(section)
    by_number: dict[str, Clause] = {}
    for clause in clauses:
        by_number.setdefault(clause.number, clause)
    made = ClauseIndex(edition, {c.id: c for c in clauses}, by_number, sections)
    _INDEXES[id(edition)] = made
    return made


def _label_in(
    scheme: Scheme, body: tuple[Block, ...], citation: Citation, ident: str
) -> tuple[str, str]:
    """A label citation within a provision: a paragraph with that label at a level the
    citing word names ("subsection (c)": a subsection labelled (c))."""
    word = citation.words.casefold()
    kinds = {
        level.name
        for level in scheme.labels
        if any(word in (cite.casefold(), cite.casefold() + "s") for cite in level.cite)
    }
    for index, block in enumerate(body):
        if block.quote or block.label != citation.labels[0]:
            continue
        if block.kind and kinds and block.kind not in kinds:
            continue
        if len(citation.labels) == 1 or find_path(body, citation.labels[1:], index) is not None:
            return "clause", ident
    return "no-paragraph", citation.path

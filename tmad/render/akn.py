"""Akoma Ntoso 3.0 (OASIS LegalDocML): a version's consolidated text as an ``act``, the form
in which the systems that publish legislation (LEOS, Lawmaker, Indigo) exchange it.

- FRBR metadata: work ``/akn/{country}/act/{year}/{document id}``, expression
  ``…/{language}@{version date}``, manifestation ``…/!main.xml``; the country from the
  document's language tag ("en-GB" → gb), the author from its owner.
- A ``lifecycle`` with one event per version of the lineage (generation, then amendments),
  each naming its expression in ``references``.
- Containers and clauses as the hierarchy elements their scheme levels name (``part``,
  ``chapter``, ``section``, ``clause``; a level AKN does not know is an ``hcontainer``),
  labelled paragraphs as ``paragraph``, ``subparagraph``, … (``level`` for unknown names),
  with ``num`` as printed and ``heading``. Text before a paragraph's children is its
  ``intro``, after them its ``wrapUp``; an unlabelled paragraph between labelled ones is an
  ``hcontainer name="text"``; quoted structure an ``hcontainer name="quotation"``; the rows
  of a table a ``table`` of ``tr``, with ``th`` cells for a header row and ``td`` for the
  others.
- ``eId`` by the AKN naming convention (``sec_4__cl_4-26__para_a``) and ``wId`` the stable
  tmad id of containers and clauses, the same in every version.
- Definitions as ``def`` with ``refersTo`` a ``TLCTerm``; citations of the document's own
  provisions ("Clause 4.28") as ``ref`` to the target's ``eId``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from tmad.akoma import HIERARCHY, NS
from tmad.amend.model import Schedule
from tmad.amend.schedule import schedule
from tmad.citations import find, resolve
from tmad.diff.compare import compare
from tmad.editions import edition as edition_of
from tmad.kinds import Kind
from tmad.model import Block, Clause, Document, Edition, Section, Version, note_pieces, shown_cell
from tmad.products import VersionProduct
from tmad.render import renders
from tmad.render.structure import affixes, nesting, note_numbers

ABBREVIATIONS = {
    "alinea": "al", "article": "art", "book": "book", "chapter": "chp", "clause": "cl",
    "division": "dvs", "indent": "ind", "level": "lvl", "list": "list", "paragraph": "para",
    "part": "part", "point": "point", "proviso": "prov", "rule": "rule", "section": "sec",
    "subchapter": "subchp", "subclause": "subcl", "subdivision": "subdvs",
    "subparagraph": "subpara", "subpart": "subpart", "subrule": "subrule",
    "subsection": "subsec", "sublist": "sublist", "subtitle": "subtitle", "title": "title",
    "tome": "tome", "transitional": "transitional", "hcontainer": "hcontainer",
}  # fmt: skip
"""Element → eId prefix, by the AKN naming convention (AKN-NC v1.0, section 7)."""

LANGUAGES = {"en": "eng", "cy": "cym", "ga": "gle", "gd": "gla", "fr": "fra", "de": "deu"}
"""ISO 639-1 → ISO 639-2/T, for ``FRBRlanguage`` and the expression URI."""


def _e(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    values = {k: v for k, v in (attrs or {}).items() if v}
    element = etree.Element(f"{{{NS}}}{tag}", values, nsmap={None: NS})
    if text is not None:
        element.text = text
    return element


def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:  # fmt: skip
    values = {k: v for k, v in (attrs or {}).items() if v}
    child = etree.SubElement(parent, f"{{{NS}}}{tag}", values)
    if text is not None:
        child.text = text
    return child


def _clean(number: str) -> str:
    """A number or label as an eId part: "4.26" → "4-26", "(c-1)" → "c-1"."""
    return re.sub(r"[^0-9A-Za-z]+", "-", number).strip("-") or "x"


def _element(level: str) -> str:
    return level if level in HIERARCHY else "hcontainer"


@dataclass
class _Writer:
    """Builds one edition's body, keeping eIds unique and the targets of citations."""

    edition: Edition
    ids: dict[str, str] = field(default_factory=dict)  # tmad id → eId
    used: set[str] = field(default_factory=set)
    terms: dict[str, str] = field(default_factory=dict)  # term → TLCTerm eId
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # each note's number
    notes: dict[str, dict[str, Block]] = field(default_factory=dict)  # clause id → its notes

    def eid(self, parent: str, element: str, number: str) -> str:
        prefix = f"{parent}__" if parent else ""
        base = f"{prefix}{ABBREVIATIONS.get(element, element)}_{_clean(number)}"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate)
        return candidate

    def plan_ids(self) -> None:
        """Every container's and clause's eId, before any text cites one."""
        scheme = self.edition.document.scheme
        depths = nesting([s.level for s in self.edition.sections], scheme)
        parents: list[tuple[int, str]] = []
        for section, depth in zip(self.edition.sections, depths, strict=True):
            while parents and parents[-1][0] >= depth:
                parents.pop()
            parent = parents[-1][1] if parents else ""
            here = parent
            if not section.is_root:
                here = self.eid(parent, _element(section.level), section.number)
                self.ids[section.id] = here
                parents.append((depth, here))
            for clause in section.clauses:
                self.ids[clause.id] = self.eid(here, _element(scheme.unit.name), clause.number)

    def body(self) -> etree._Element:
        scheme = self.edition.document.scheme
        body = _e("body")
        depths = nesting([s.level for s in self.edition.sections], scheme)
        open_: list[tuple[int, etree._Element]] = []
        for section, depth in zip(self.edition.sections, depths, strict=True):
            while open_ and open_[-1][0] >= depth:
                open_.pop()
            parent = open_[-1][1] if open_ else body
            if not section.is_root:
                parent = self.container(parent, section)
                open_.append((depth, parent))
            for clause in section.clauses:
                self.clause(parent, clause)
        _fill_empty(body)
        return body

    def container(self, parent: etree._Element, section: Section) -> etree._Element:
        scheme = self.edition.document.scheme
        before, after = affixes(scheme, section.level)
        tag = _element(section.level)
        attrs = {"eId": self.ids[section.id], "wId": section.id}
        if tag == "hcontainer":
            attrs["name"] = section.level
        element = _sub(parent, tag, attrs)
        _sub(element, "num", text=f"{before}{section.number}{after}".strip())
        if section.heading:
            _sub(element, "heading", text=section.heading)
        return element

    def clause(self, parent: etree._Element, clause: Clause) -> None:
        scheme = self.edition.document.scheme
        before, after = affixes(scheme, scheme.unit.name)
        tag = _element(scheme.unit.name)
        eid = self.ids[clause.id]
        attrs = {"eId": eid, "wId": clause.id}
        if tag == "hcontainer":
            attrs["name"] = scheme.unit.name
        element = _sub(parent, tag, attrs)
        _sub(element, "num", text=f"{before}{clause.number}{after}".strip())
        if clause.heading:
            heading = _sub(element, "heading")
            self.inline(heading, clause.heading, clause)
        body = [block for block in clause.body if not block.note]  # notes where referred to
        self.fill(element, eid, None, body, clause, 0)

    def fill(
        self,
        element: etree._Element,
        eid: str,
        own: Block | None,
        below: list[Block],
        clause: Clause,
        level: int,
    ) -> None:
        """An element's text (``own``, the paragraph it stands for) and the blocks below it:
        ``content`` when none of them is labelled, else ``intro``, children, ``wrapUp``.

        ``intro`` and ``wrapUp`` hold the element's own text: a clause's paragraphs at level
        0, or a labelled paragraph's text and the paragraphs continuing it; an unlabelled
        paragraph beside labelled ones at a deeper level is an ``hcontainer name="text"``.
        """
        children = _children(below)
        labelled = [
            i
            for i, (block, _) in enumerate(children)
            if block.label or block.quote or (level == 0 and block.level > 0)
        ]
        texts = [own] if own is not None and (own.text or own.term) else []
        if not labelled:
            content = _sub(element, "content")
            for block in [*texts, *below]:
                self.p(content, block, clause)
            if not len(content):
                _sub(content, "p")
            return
        first, last = labelled[0], labelled[-1]
        leading = [*texts, *(b for block, rest in children[:first] for b in (block, *rest))]
        if leading:
            intro = _sub(element, "intro")
            for block in leading:
                self.p(intro, block, clause)
        for block, rest in children[first : last + 1]:
            self.child(element, eid, block, rest, clause, level)
        trailing = [b for block, rest in children[last + 1 :] for b in (block, *rest)]
        if trailing:
            wrap = _sub(element, "wrapUp")
            for block in trailing:
                self.p(wrap, block, clause)

    def child(
        self,
        parent: etree._Element,
        eid: str,
        block: Block,
        below: list[Block],
        clause: Clause,
        level: int,
    ) -> None:
        if block.quote:
            element = _sub(parent, "hcontainer", {"name": "quotation"})
            content = _sub(element, "content")
            for quoted in (block, *below):
                self.p(content, quoted, clause, labelled=True)
            return
        if not block.label:
            last = parent[-1] if len(parent) else None
            content = None if last is None else last.find(f"{{{NS}}}content")
            if not (block.table and content is not None and last is not None
                    and last.get("name") == "text" and _ends_in_table(content)):  # fmt: skip
                content = _sub(_sub(parent, "hcontainer", {"name": "text"}), "content")
            for text in (block, *below):
                self.p(content, text, clause, labelled=True)
            return
        tag = _element(block.kind or "paragraph")
        attrs = {"eId": self.eid(eid, tag, block.label)}
        if tag == "hcontainer":
            attrs["name"] = block.kind or "paragraph"
        element = _sub(parent, tag, attrs)
        _sub(element, "num", text=f"({block.label})")
        self.fill(element, attrs["eId"], block, below, clause, block.level)

    def p(
        self, parent: etree._Element, block: Block, clause: Clause, labelled: bool = False
    ) -> None:
        if block.table:
            self.row(parent, block, clause, labelled)
            return
        paragraph = _sub(parent, "p")
        if labelled:
            # Quoted structure and text beside labelled paragraphs keep their place in
            # the tree in the class (AKN's own attribute for presentation hints).
            placed = f"level-{block.level} quote-{block.quote}"
            paragraph.set("class", placed + (" labelled" if block.label else ""))
            if block.label:
                paragraph.text = f"({block.label}) "
        if block.term:
            term = _sub(paragraph, "def", {"refersTo": "#" + self.term(block.term)}, block.term)
            term.tail = " "
            self.inline(paragraph, block.text, clause)
        else:
            self.inline(paragraph, block.text, clause)

    def row(self, parent: etree._Element, block: Block, clause: Clause, labelled: bool) -> None:
        """A table row, into the ``table`` its rows before it opened (consecutive rows are one
        table): ``th`` cells for a header row, ``td`` for the others, each holding a ``p``."""
        last = parent[-1] if len(parent) else None
        if last is None or etree.QName(last).localname != "table" or last.tail:
            last = _sub(parent, "table")
            if labelled:
                last.set("class", f"level-{block.level} quote-{block.quote}")
        row = _sub(last, "tr")
        for cell in block.cells():
            holder = _sub(row, "th" if block.table == "head" else "td")
            self.inline(_sub(holder, "p"), shown_cell(cell), clause)

    def term(self, term: str) -> str:
        if term not in self.terms:
            base = "term-" + (_clean(term.lower()) or "x")
            candidate, n = base, 1
            while candidate in self.terms.values():
                n += 1
                candidate = f"{base}-{n}"
            self.terms[term] = candidate
        return self.terms[term]

    def inline(self, parent: etree._Element, text: str, clause: Clause) -> None:
        """Text into ``parent`` (after what it holds), citations of this document as refs, a
        footnote reference ``[^1]`` as the note itself: an ``authorialNote`` (its ``marker``
        the number the note is printed with, its eId ending in the label)."""
        notes = self.notes_of(clause)
        for words, label in note_pieces(text) if notes else [(text, "")]:
            note = notes.get(label) if label else None
            if note is None:
                self.cited(parent, words, clause)
                continue
            number = self.numbers.get((clause.id, note.note), 0)
            eid = f"{self.ids[clause.id]}__note_{_clean(note.note)}"
            attrs = {"marker": str(number), "placement": "bottom", "eId": eid}
            self.cited(_sub(_sub(parent, "authorialNote", attrs), "p"), note.text, clause)

    def notes_of(self, clause: Clause) -> dict[str, Block]:
        """A clause's footnotes by label, gathered once per clause (not once per text)."""
        if clause.id not in self.notes:
            self.notes[clause.id] = {block.note: block for block in clause.body if block.note}
        return self.notes[clause.id]

    def cited(self, parent: etree._Element, text: str, clause: Clause) -> None:
        """Text into ``parent`` (after what it holds), citations of this document as refs."""
        pieces: list[tuple[str, str | None]] = []
        last = 0
        for citation in find(text, self.edition.document):
            start = citation.lead if citation.lead >= 0 else citation.start
            if citation.external or not citation.number or start < last:
                continue
            kind, ident = resolve(citation, self.edition, clause.id)
            if kind not in ("clause", "section") or ident not in self.ids:
                continue
            pieces.append((text[last:start], None))
            pieces.append((text[start : citation.end], "#" + self.ids[ident]))
            last = citation.end
        pieces.append((text[last:], None))
        for words, href in pieces:
            if href is None:
                _append_text(parent, words)
            else:
                _sub(parent, "ref", {"href": href}, words)


def _ends_in_table(content: etree._Element) -> bool:
    """Whether an element's last child is a table (the next row of it goes there too)."""
    return len(content) > 0 and etree.QName(content[-1]).localname == "table"


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _children(blocks: list[Block]) -> list[tuple[Block, list[Block]]]:
    """The first level of blocks present, each with the blocks below it.

    An unlabelled paragraph that introduces labelled ones ("The Supplier shall:" above
    (a) and (b)) is lead-in text, not their parent in AKN: its sub-paragraphs are
    brought up beside it, so that they become the element's hierarchy after its intro.
    """
    out: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if out and block.level > out[-1][0].level:
            out[-1][1].append(block)
        else:
            out.append((block, []))
    spread: list[tuple[Block, list[Block]]] = []
    for block, below in out:
        if not block.label and not block.quote and any(b.label or b.quote for b in below):
            spread.append((block, []))
            spread.extend(_children(below))
        else:
            spread.append((block, below))
    return spread


def _fill_empty(body: etree._Element) -> None:
    """A hierarchy element with nothing in it gets an empty ``content`` (the schema asks
    for one)."""
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in HIERARCHY or name == "hcontainer":
            kinds = {etree.QName(c).localname for c in element}
            if kinds <= {"num", "heading"}:
                _sub(_sub(element, "content"), "p")
    if not len(body):
        _sub(_sub(_sub(body, "hcontainer", {"name": "empty"}), "content"), "p")


def _uris(document: Document, year: int, name: str, day: str) -> dict[str, str]:
    """FRBR URIs of a work ``name`` of ``year`` by the document's owner, as of ``day``."""
    tag = document.language.split("-")
    country = tag[1].lower() if len(tag) > 1 else "gb"
    language = LANGUAGES.get(tag[0].lower(), "eng")
    work = f"/akn/{country}/act/{year}/{name}"
    expression = f"{work}/{language}@{day}"
    return {
        "work": work,
        "expression": expression,
        "manifestation": f"{expression}/!main.xml",
        "country": country,
        "language": language,
        "name": name,
    }


def frbr(edition: Edition) -> dict[str, str]:
    """The edition's FRBR URIs, country and language."""
    document = edition.document
    first = document.lineage(edition.version.number)[0]
    name = _clean(document.id.lower())
    return _uris(document, first.date.year, name, edition.version.date.isoformat())


def identification(meta: etree._Element, uris: dict[str, str], created: str, day: str,
                   title: str) -> None:  # fmt: skip
    """The FRBR ``identification`` of a work created ``created``, its expression of ``day``."""
    element = _sub(meta, "identification", {"source": "#tmad"})
    for level, this, uri, when in (
        ("FRBRWork", uris["work"] + "/!main", uris["work"], created),
        ("FRBRExpression", uris["expression"] + "/!main", uris["expression"], day),
        ("FRBRManifestation", uris["manifestation"], uris["expression"] + ".akn", day),
    ):
        frbr_element = _sub(element, level)
        _sub(frbr_element, "FRBRthis", {"value": this})
        _sub(frbr_element, "FRBRuri", {"value": uri})
        _sub(frbr_element, "FRBRdate", {"date": when, "name": "Generation"})
        author = "#owner" if level != "FRBRManifestation" else "#tmad"
        _sub(frbr_element, "FRBRauthor", {"href": author})
        if level == "FRBRWork":
            _sub(frbr_element, "FRBRcountry", {"value": uris["country"]})
            _sub(frbr_element, "FRBRname", {"value": title})
        if level == "FRBRExpression":
            _sub(frbr_element, "FRBRlanguage", {"language": uris["language"]})


def eids(edition: Edition) -> dict[str, str]:
    """Every container's and clause's eId in an edition, by tmad id."""
    writer = _Writer(edition, numbers=note_numbers(edition))
    writer.plan_ids()
    return writer.ids


def amending_frbr(document: Document, new: Version) -> dict[str, str]:
    """The FRBR URIs of the amending act (the schedule of amendments) that makes NEW."""
    name = f"{_clean(document.id.lower())}-amendment-{_clean(new.number)}"
    return _uris(document, new.date.year, name, new.date.isoformat())


def modifications(
    parent: etree._Element,
    schedule: Schedule,
    editions: tuple[Edition, Edition],
    tag: str,
    source: str,
    local: str = "",
) -> int:
    """One ``textualMod`` in ``parent/tag`` (``activeModifications``, or
    ``passiveModifications``) per provision each amendment touches, typed as it is
    touched; the number written. ``editions`` are the schedule's FROM and TO, as the caller
    has them. ``source`` formats the href of each of the amendment's ``mod`` (``mod_N_K``,
    its Kth instruction) from ``{mod}``; the destination is the provision's eId in the new
    version's expression (the old one's, for a repeal), or a bare ``#eId`` in the ``local``
    expression."""
    ids = {e.version.number: eids(e) for e in editions}
    uris = {e.version.number: frbr(e)["expression"] for e in editions}
    container = _sub(parent, tag)
    for amendment in schedule.amendments:
        side = schedule.old.number if amendment.effect == "repeal" else schedule.new.number
        for target in amendment.targets:
            eid = ids[side].get(target)
            if eid is None:
                continue
            mod = _sub(container, "textualMod", {
                "type": amendment.effect, "eId": f"{tag[:-13]}_{len(container) + 1}",
            })  # fmt: skip
            for index in range(1, len(amendment.instructions) + 1):
                name = f"mod_{amendment.number}_{index}"
                _sub(mod, "source", {"href": source.format(mod=name)})
            where = "" if uris[side] == local else f"{uris[side]}/!main"
            _sub(mod, "destination", {"href": f"{where}#{eid}"})
    if not len(container):
        parent.remove(container)
    return len(container)


def passive_modifications(
    analysis: etree._Element, references: etree._Element, edition: Edition
) -> None:
    """The version's ``passiveModifications``: what the schedule of amendments from its base
    (the same comparison as ``tmad amendments``) does to each provision, each pointing at
    its ``mod`` in the amending act (``tmad amendments BASE VERSION --format akn``)."""
    document, version = edition.document, edition.version
    assert version.base is not None
    base = edition_of(document, version.base)
    amending = amending_frbr(document, version)
    source = amending["expression"] + "/!main#{mod}"
    made = schedule(compare(base, edition))
    local = frbr(edition)["expression"]
    if modifications(analysis, made, (base, edition), "passiveModifications", source, local):
        _sub(references, "passiveRef", {
            "eId": "amending", "href": amending["expression"],
            "showAs": f"Schedule of amendments to version {version.base}",
        })  # fmt: skip


def akn(edition: Edition) -> bytes:
    """The edition as an Akoma Ntoso 3.0 document."""
    document, version = edition.document, edition.version
    uris = frbr(edition)
    writer = _Writer(edition, numbers=note_numbers(edition))
    writer.plan_ids()
    body = writer.body()
    root = _e("akomaNtoso")
    act = _sub(root, "act", {"name": _clean(document.id.lower())})
    meta = _sub(act, "meta")
    lineage = document.lineage(version.number)
    created, day = lineage[0].date.isoformat(), version.date.isoformat()
    identification(meta, uris, created, day, document.title)
    lifecycle = _sub(meta, "lifecycle", {"source": "#tmad"})
    analysis = _sub(meta, "analysis", {"source": "#tmad"})
    references = _sub(meta, "references", {"source": "#tmad"})
    if version.base:
        passive_modifications(analysis, references, edition)
    if not len(analysis):
        meta.remove(analysis)
    for index, step in enumerate(lineage, start=1):
        ref = f"v{_clean(step.number)}"
        _sub(lifecycle, "eventRef", {
            "eId": f"e{index}", "date": step.date.isoformat(), "source": f"#{ref}",
            "type": "generation" if index == 1 else "amendment",
        })  # fmt: skip
        step_uri = f"{uris['work']}/{uris['language']}@{step.date.isoformat()}"
        shown = f"{document.short_title} v{step.number}"
        kind = "original" if index == 1 else "passiveRef"
        _sub(references, kind, {"eId": ref, "href": step_uri, "showAs": shown})
    _sub(references, "TLCOrganization", {
        "eId": "owner", "href": f"/ontology/organization/{uris['country']}/"
        f"{_clean(document.owner.lower())}", "showAs": document.owner,
    })  # fmt: skip
    _sub(references, "TLCOrganization", {
        "eId": "tmad", "href": "/ontology/organization/tmad", "showAs": "tmad",
    })  # fmt: skip
    for term, eid in writer.terms.items():
        _sub(references, "TLCTerm", {
            "eId": eid, "href": f"/ontology/term/{eid.removeprefix('term-')}", "showAs": term,
        })  # fmt: skip
    preface = _sub(act, "preface")
    _sub(preface, "p", {"class": "title"}, f"{document.title}: version {version.number}")
    act.append(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@renders(Kind.VERSION, "akn")
def version_akn(product: VersionProduct) -> bytes:
    """A version as Akoma Ntoso 3.0."""
    return akn(product.edition)

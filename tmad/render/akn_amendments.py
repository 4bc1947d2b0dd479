"""A schedule of amendments as an Akoma Ntoso 3.0 amending act.

- FRBR work ``/akn/{country}/act/{year}/{document id}-amendment-{version}``, the year and
  date of the new version (:func:`tmad.render.akn.amending_frbr`).
- Each numbered amendment a ``paragraph`` (``num`` "1."); a lead sentence its ``intro``,
  and each of several instructions a ``subparagraph`` numbered (1), (2), ….
- Each instruction a ``mod``: the words it quotes (“…”) as ``quotedText``, the text it
  inserts or substitutes as ``quotedStructure`` (a heading or a paragraph a ``p``, its
  class naming the line's kind and level). The Kth instruction of amendment N is the
  ``mod`` ``mod_N_K``.
- ``activeModifications``: one ``textualMod`` per provision each amendment touches
  (substitution, insertion, repeal, renumbering), its source the amendment's ``mod`` and
  its destination the provision's eId in the version amended or made; the version's own
  Akoma Ntoso carries the same as ``passiveModifications``.
"""

from __future__ import annotations

import re

from lxml import etree

from tmad.amend.model import Amendment, Instruction, Line
from tmad.editions import edition as edition_of
from tmad.kinds import Kind
from tmad.labels import format_ordinal
from tmad.products import AmendmentsProduct
from tmad.render import renders
from tmad.render.akn import _e, _sub, amending_frbr, frbr, identification, modifications

_QUOTED = re.compile(r"“([^“”]*)”")


@renders(Kind.AMENDMENTS, "akn")
def amendments_akn(product: AmendmentsProduct) -> bytes:
    """The schedule as an amending act."""
    schedule = product.schedule
    document = schedule.document
    uris = amending_frbr(document, schedule.new)
    editions = (
        edition_of(document, schedule.old.number),
        edition_of(document, schedule.new.number),
    )
    amended = frbr(editions[0])
    root = _e("akomaNtoso")
    act = _sub(root, "act", {"name": uris["name"]})
    meta = _sub(act, "meta")
    day = schedule.new.date.isoformat()
    identification(meta, uris, day, day, schedule.title)
    analysis = _sub(meta, "analysis", {"source": "#tmad"})
    modifications(analysis, schedule, editions, "activeModifications", "#{mod}")
    if not len(analysis):
        meta.remove(analysis)
    references = _sub(meta, "references", {"source": "#tmad"})
    _sub(references, "activeRef", {
        "eId": "amended", "href": amended["expression"],
        "showAs": f"{document.short_title} v{schedule.old.number}",
    })  # fmt: skip
    _sub(references, "TLCOrganization", {
        "eId": "owner", "href": f"/ontology/organization/{uris['country']}/owner",
        "showAs": document.owner,
    })  # fmt: skip
    _sub(references, "TLCOrganization", {
        "eId": "tmad", "href": "/ontology/organization/tmad", "showAs": "tmad",
    })  # fmt: skip
    preface = _sub(act, "preface")
    _sub(preface, "p", {"class": "title"}, schedule.title)
    _sub(preface, "p", {"class": "summary"}, schedule.summary)
    body = _sub(act, "body")
    for amendment in schedule.amendments:
        _amendment(body, amendment)
    if not schedule.amendments:
        paragraph = _sub(body, "paragraph", {"eId": "para_1"})
        content = _sub(paragraph, "content")
        _sub(content, "p", text="The two versions have the same text.")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _amendment(body: etree._Element, amendment: Amendment) -> None:
    eid = f"para_{amendment.number}"
    paragraph = _sub(body, "paragraph", {"eId": eid})
    _sub(paragraph, "num", text=f"{amendment.number}.")
    if amendment.lead:
        intro = _sub(paragraph, "intro")
        _sub(intro, "p", text=amendment.lead)
        for index, instruction in enumerate(amendment.instructions, 1):
            sub = _sub(paragraph, "subparagraph", {"eId": f"{eid}__subpara_{index}"})
            _sub(sub, "num", text=f"({index})")
            _instruction(sub, instruction, f"mod_{amendment.number}_{index}")
        return
    for index, instruction in enumerate(amendment.instructions, 1):
        _instruction(paragraph, instruction, f"mod_{amendment.number}_{index}")


def _instruction(parent: etree._Element, instruction: Instruction, eid: str) -> None:
    content = _sub(parent, "content")
    p = _sub(content, "p")
    mod = _sub(p, "mod", {"eId": eid})
    _quoted(mod, instruction.text, f"{eid}__qtext")
    for index, item in enumerate(instruction.items, 1):
        _append(mod, f" ({format_ordinal('a', index)}) ")
        _quoted(mod, item, f"{eid}__qtext")
    if instruction.quotation:
        structure = _sub(mod, "quotedStructure", {
            "eId": f"{eid}__qstr_1", "startQuote": "“", "endQuote": "”",
        })  # fmt: skip
        for line in instruction.quotation:
            _sub(structure, "p", {"class": _class(line)}, _line(line))


def _quoted(mod: etree._Element, text: str, prefix: str) -> None:
    """Text with each “quoted” run of words as ``quotedText``."""
    last = 0
    count = sum(1 for child in mod if etree.QName(child).localname == "quotedText")
    for match in _QUOTED.finditer(text):
        _append(mod, text[last : match.start()])
        count += 1
        _sub(mod, "quotedText", {
            "eId": f"{prefix}_{count}", "startQuote": "“", "endQuote": "”",
        }, match.group(1))  # fmt: skip
        last = match.end()
    _append(mod, text[last:])


def _append(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _class(line: Line) -> str:
    if line.kind != "paragraph":
        return line.kind
    return f"paragraph level-{line.level}" + (f" quote-{line.quote}" if line.quote else "")


def _line(line: Line) -> str:
    if line.kind != "paragraph":
        return f"{line.number} {line.text}".strip()
    parts = [f"({line.label})" if line.label else "", line.term, line.text]
    return " ".join(part for part in parts if part)

"""Akoma Ntoso 3.0 vocabulary shared by the export (:mod:`tmad.render.akn`), the import
(:mod:`tmad.importing.akn`) and numbering schemes, whose level names are AKN's."""

from __future__ import annotations

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The Akoma Ntoso 3.0 namespace."""

HIERARCHY = frozenset({
    "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
    "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
    "subdivision", "sublist", "subparagraph", "subpart", "subrule", "subsection", "subtitle",
    "title", "tome", "transitional",
})  # fmt: skip
"""AKN's hierarchical elements (the ``ANhier`` group): the names a scheme's levels take, and
the elements a level of that name becomes."""

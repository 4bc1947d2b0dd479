"""WordprocessingML elements in one call each, placed where the schema says.

:func:`make` builds an element with its ``w:``-prefixed attributes, text and children;
:func:`put` inserts a child into a properties element (``w:pPr``, ``w:rPr``, ``w:tcPr``,
``w:tblPr``, ``w:trPr``, ``w:sdtPr``, ``w:settings``) at its place in that element's
sequence. The sequences are declared once, here, from the ECMA-376 schema (Part 1, §17),
so no caller orders siblings by hand. Content in reading order (a paragraph's runs, a
run's text) is appended. A leaf: imports nothing of tmad.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.xmlchemy import BaseOxmlElement

_SEQUENCES: dict[str, tuple[str, ...]] = {
    # CT_ParaRPr (a paragraph mark's, which opens with its revisions) and CT_RPr alike
    "w:rPr": (
        "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rStyle", "w:rFonts", "w:b", "w:bCs",
        "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline",
        "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
        "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
        "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
        "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath", "w:rPrChange",
    ),
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    ),
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
        "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
        "w:ins", "w:del", "w:trPrChange",
    ),
    # the properties of a content control: the common ones, then the one that says its type
    "w:sdtPr": (
        "w:rPr", "w:alias", "w:tag", "w:id", "w:lock", "w:placeholder", "w:temporary",
        "w:showingPlcHdr", "w:dataBinding", "w:label", "w:tabIndex", "w:docPartObj",
        "w:equation", "w:comboBox", "w:date", "w:docPartList", "w:dropDownList",
        "w:picture", "w:richText", "w:text", "w:citation", "w:group", "w:bibliography",
    ),
    "w:settings": (
        "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
        "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
        "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
        "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts",
        "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
        "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
        "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
        "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
        "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType", "w:mailMerge",
        "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
        "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme",
        "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
        "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
        "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
        "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
        "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
        "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
        "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
        "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
        "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl",
        "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
        "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
        "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
        "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
        "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
        "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
        "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
        "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
        "w:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
        "w:listSeparator",
    ),
}  # fmt: skip
_RANKS = {
    qn(parent): {qn(tag): rank for rank, tag in enumerate(sequence)}
    for parent, sequence in _SEQUENCES.items()
}
"""Each ordered parent's children by their place in its sequence, as Clark names."""


def make(
    tag: str,
    attributes: Mapping[str, str] | None = None,
    *children: BaseOxmlElement,
    text: str | None = None,
) -> BaseOxmlElement:
    """``make("w:vertAlign", {"w:val": "superscript"})``: an element with its attributes
    (qualified names: ``w:val``, ``xml:space``, ``r:id``), text and children, each child
    :func:`put` in its place."""
    clark, namespaces = _tag(tag)
    element = oxml_parser.makeelement(clark, nsmap=namespaces)
    if attributes:
        for name, value in attributes.items():
            element.set(_clark(name), value)
    if text is not None:
        element.text = text
    if children:
        ranks = _RANKS.get(element.tag)
        for child in children:
            if ranks is None:
                element.append(child)
            else:
                put(element, child)
    return element


@cache
def _tag(name: str) -> tuple[str, dict[str, str]]:
    """A prefixed tag (``w:p``) as lxml's Clark name and the namespace it declares, worked
    out once (python-docx's ``OxmlElement`` does this on every call)."""
    tag = NamespacePrefixedTag(name)
    return tag.clark_name, tag.nsmap


@cache
def _clark(name: str) -> str:
    """A qualified name (``w:val``) as lxml's ``{namespace}val``, worked out once."""
    return qn(name)


def valued(tag: str, value: str) -> BaseOxmlElement:
    """The common ``<w:tag w:val="value"/>``."""
    return make(tag, {"w:val": value})


def put(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Insert ``child`` into ``parent``: at its place in the schema's sequence when the
    parent is a properties element declared above (before the first sibling that the
    sequence puts after it), else at the end. Returns the child."""
    ranks = _RANKS.get(parent.tag)
    rank = ranks.get(child.tag) if ranks is not None else None
    if ranks is None or rank is None:
        parent.append(child)
        return child
    for sibling in parent:
        later = ranks.get(sibling.tag)
        if later is not None and later > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child

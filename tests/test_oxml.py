"""The DOCX element helpers: each child lands where the schema's sequence puts it, whatever
order the caller adds it in; content in reading order is appended."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tmad.render.docxkit import new_document
from tmad.render.oxml import make, put, valued
from tmad.render.wordml import TAB, add_run


def _tags(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def test_properties_take_the_schema_order_whatever_the_order_of_the_calls() -> None:
    props = make("w:rPr")
    for tag in ("w:vertAlign", "w:b", "w:lang", "w:rStyle", "w:highlight", "w:i"):
        put(props, make(tag))
    assert _tags(props) == ["rStyle", "b", "i", "highlight", "vertAlign", "lang"]
    mark = make("w:rPr", None, make("w:b"), make("w:del"), make("w:ins"))
    assert _tags(mark) == ["ins", "del", "b"]  # a paragraph mark's revisions come first


def test_paragraph_properties_keep_the_change_record_last() -> None:
    props = make("w:pPr", None, make("w:pPrChange"), make("w:rPr"), valued("w:pStyle", "X"))
    put(props, make("w:pBdr"))
    put(props, make("w:ind"))
    assert _tags(props) == ["pStyle", "pBdr", "ind", "rPr", "pPrChange"]


def test_settings_and_unknown_children() -> None:
    settings = make("w:settings", None, make("w:zoom"), make("w:defaultTabStop"))
    settings.append(make("w:compat"))
    put(settings, make("w:documentProtection"))
    put(settings, make("w:trackRevisions"))
    assert _tags(settings) == [
        "zoom", "trackRevisions", "documentProtection", "defaultTabStop", "compat",
    ]  # fmt: skip
    put(settings, make("w14:docId"))  # not in the sequence: at the end
    assert _tags(settings)[-1] == "docId"


def test_content_is_appended_in_reading_order_with_attributes_and_text() -> None:
    text = make("w:t", {"xml:space": "preserve"}, text=" two  spaces ")
    run = make("w:r", None, make("w:tab"), text)
    assert _tags(run) == ["tab", "t"]
    assert text.text == " two  spaces "
    assert text.get(qn("xml:space")) == "preserve"
    assert valued("w:lock", "sdtLocked").get(qn("w:val")) == "sdtLocked"


def _not_carried(text: str) -> bool:
    """Empty, or holding a character XML text cannot carry as it is."""
    return not text or any(
        c == "\r" or (ord(c) < 32 and c not in "\t\n") or c in "\ufffe\uffff" for c in text
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.tuples(st.text(max_size=12), st.booleans())), max_size=6),
    st.booleans(),
    st.sampled_from(["Normal", "TMAD Definition", "Heading 2"]),
)
def test_a_plain_paragraph_is_the_paragraph_built_an_element_at_a_time(
    runs: list, first_line_zero: bool, style: str
) -> None:
    """The redline's quick path for unchanged paragraphs (one string of XML, parsed once)
    makes exactly the XML that add_paragraph and add_run make an element at a time, for any
    text: markup characters, quotes, spaces, tabs, line feeds, characters beyond the Basic
    Multilingual Plane; an empty text or one XML cannot carry as it is (\\r, control
    characters) sends the paragraph to the slow path instead of changing it."""
    document = new_document("running", "Public")
    try:
        slow = document.add_paragraph(style=style)
        if first_line_zero:
            slow.paragraph_format.first_line_indent = Cm(0)
        for run in runs:
            if run is TAB:
                add_run(slow, "", tab=True)
            else:
                add_run(slow, run[0], bold=run[1])
        built = etree.tostring(slow._p)
    except ValueError:  # lxml refuses a control character
        built = None
    quick = document.add_plain_paragraph(style, runs, first_line_zero)
    if quick is None:
        assert any(run is not TAB and _not_carried(run[0]) for run in runs)
    else:
        assert etree.tostring(quick._p) == built

"""The DOCX element helpers: each child lands where the schema's sequence puts it, whatever
order the caller adds it in; content in reading order is appended."""

from __future__ import annotations

from docx.oxml.ns import qn

from tmad.render.oxml import make, put, valued


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

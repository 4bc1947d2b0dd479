"""Word-level diffs: whole tokens, exact reconstruction, no false changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tmad.diff.words import new_text, old_text, tokenize, word_diff

texts = st.text(alphabet=st.sampled_from("abc de 4.26 (i) ;,'-\n"), max_size=60)


def test_numbers_labels_and_hyphenated_words_are_one_token() -> None:
    assert tokenize("Clause 4.26(a), re-configure 1,000 at 16:00") == [
        "Clause", " ", "4.26", "(a)", ",", " ", "re-configure", " ", "1,000", " ",
        "at", " ", "16:00",
    ]  # fmt: skip
    assert tokenize("section 34-1503A(c-1)(9A) and Section X5.1 (Secure)") == [
        "section", " ", "34-1503A", "(c-1)", "(9A)", " ", "and", " ", "Section", " ", "X5.1",
        " ", "(", "Secure", ")",
    ]  # fmt: skip


def test_changes_are_whole_words() -> None:
    segments = word_diff("the Dormant Meter shall", "the Dormant Meters shall")
    changed = [s for s in segments if s.op != "equal"]
    assert [(s.op, s.text) for s in changed] == [("delete", "Meter"), ("insert", "Meters")]


def test_number_change_is_one_token() -> None:
    segments = word_diff("see Clause 4.26 above", "see Clause 4.27 above")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [
        ("delete", "4.26"),
        ("insert", "4.27"),
    ]


def test_long_texts_are_not_degraded_to_delete_all() -> None:
    """With the 1-second default timeout, a long diff may collapse; ours never does."""
    words = [f"word{i}" for i in range(20000)]
    old = " ".join(words)
    new = " ".join([*words[:10000], "inserted", *words[10000:]])
    segments = word_diff(old, new)
    assert [s.op for s in segments] == ["equal", "insert", "equal"]
    assert segments[1].text.strip() == "inserted"


@given(texts, texts)
def test_diff_reproduces_both_texts(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert old_text(segments) == old
    assert new_text(segments) == new


@given(texts)
def test_no_change_reported_for_equal_texts(text: str) -> None:
    assert all(s.op == "equal" for s in word_diff(text, text))


@given(texts, texts)
def test_segments_never_split_a_token(old: str, new: str) -> None:
    for segment in word_diff(old, new):
        source = old if segment.op == "delete" else new
        assert "".join(tokenize(segment.text)) == segment.text
        assert segment.text in source

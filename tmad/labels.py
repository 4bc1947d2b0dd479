"""Paragraph labels: (a) … (z), (aa) at level 1; (i), (ii) at level 2; (A) … at level 3."""

from __future__ import annotations

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_roman(value: int) -> str:
    """Lowercase roman numeral of a positive integer."""
    out = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int:
    """The value of a lowercase roman numeral (0 when it is not one)."""
    values = {letters: amount for amount, letters in _ROMAN if len(letters) == 1}
    total = 0
    for index, char in enumerate(text):
        if char not in values:
            return 0
        value = values[char]
        following = values.get(text[index + 1], 0) if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if to_roman(total) == text else 0


def _letters(index: int, capital: bool) -> str:
    """1 → a, 26 → z, 27 → aa, 28 → bb (doubled letters after z)."""
    letter = chr(ord("A" if capital else "a") + (index - 1) % 26)
    return letter * ((index - 1) // 26 + 1)


def label_at(level: int, index: int) -> str:
    """The label of the index-th (1-based) paragraph at a level."""
    if level == 2:
        return to_roman(index)
    return _letters(index, capital=level == 3)


def first_label(level: int) -> str:
    """The label a run of paragraphs starts with at a level."""
    return label_at(level, 1)


def index_of(level: int, label: str) -> int:
    """The 1-based position of a label at a level (0 when it is not a label of that level)."""
    if level == 2:
        return from_roman(label)
    if not label or len(set(label)) != 1:
        return 0
    base = "A" if level == 3 else "a"
    offset = ord(label[0]) - ord(base)
    if not 0 <= offset < 26:
        return 0
    return (len(label) - 1) * 26 + offset + 1


def next_label(level: int, label: str) -> str:
    """The label that should follow ``label`` at a level."""
    return label_at(level, index_of(level, label) + 1)

"""Labels and computed numbers in the styles a numbering scheme names.

A **style** is how ordinals are written:

=======  ================================  =============================
style    ordinals 1, 2, 3, …               used for
=======  ================================  =============================
``1``    1, 2, 3                           (1), section 4
``a``    a … z, aa, bb … zz, aaa           (a), the TMAD's paragraphs
``i``    i, ii, iii, iv                    (i)
``A``    A … Z, AA, BB                     (A)
``I``    I, II, III, IV                    (I), PART IV
``aa``   aa, bb … zz, aaa                  the US Code's items (aa)
``AA``   AA, BB … ZZ, AAA                  the US Code's subitems (AA)
=======  ================================  =============================

An **insertion style** says how a label or number is made between two existing ones
without renumbering: ``A`` (9 → 9A → 9B, 4.5 → 4.5A), ``a`` (a → aa → ab, as UK
statutes insert) or ``-1`` (c → c-1 → c-2, as US codes do).

A label's **key** is (ordinal, insertion): (3, 0) for (c), (3, 1) for (c-1). A label can
have several keys when it reads two ways: "aa" is the 27th letter, or the first
insertion after (a). Which one is meant is settled by the label before it, as a drafter
settles it (:func:`follows`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

STYLES = ("1", "a", "i", "A", "I", "aa", "AA")
"""Ordinal styles."""

INSERTIONS = ("A", "a", "-1")
"""Insertion styles."""

Key = tuple[int, int]
"""(ordinal, insertion): (3, 0) is the third label, (3, 1) the first inserted after it."""

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
_ROMAN_VALUES = {letters: amount for amount, letters in _ROMAN if len(letters) == 1}


def to_roman(value: int) -> str:
    """Lowercase roman numeral of a positive integer."""
    out = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int:
    """The value of a lowercase roman numeral (0 when it is not one)."""
    total = 0
    for index, char in enumerate(text):
        if char not in _ROMAN_VALUES:
            return 0
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES.get(text[index + 1], 0) if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if total and to_roman(total) == text else 0


def _letters(index: int, capital: bool, least: int) -> str:
    """The index-th run of one letter repeated, shortest ``least`` long."""
    letter = chr(ord("A" if capital else "a") + (index - 1) % 26)
    return letter * ((index - 1) // 26 + least)


def format_ordinal(style: str, index: int) -> str:
    """The index-th (1-based) label or number in a style."""
    if style == "1":
        return str(index)
    if style in ("i", "I"):
        roman = to_roman(index)
        return roman.upper() if style == "I" else roman
    if style in ("a", "A"):
        return _letters(index, style == "A", 1)
    if style in ("aa", "AA"):
        return _letters(index, style == "AA", 2)
    raise ValueError(f"unknown style {style!r}")


_LOWER_RUN = re.compile(r"([a-z])\1*")
_UPPER_RUN = re.compile(r"([A-Z])\1*")


def ordinal(style: str, text: str) -> int:
    """The 1-based position of a label in a style; 0 when it is not one of that style."""
    if not text:
        return 0
    if style == "1":
        return int(text) if text.isdigit() and not text.startswith("0") else 0
    if style == "i":
        return from_roman(text)
    if style == "I":
        return from_roman(text.lower()) if text.isupper() else 0
    least = 2 if style in ("aa", "AA") else 1
    run = _UPPER_RUN if style in ("A", "AA") else _LOWER_RUN
    if style in ("a", "A", "aa", "AA") and run.fullmatch(text) and len(text) >= least:
        return (len(text) - least) * 26 + ord(text[0].lower()) - ord("a") + 1
    return 0


def _suffix(insert: str, suffix: str) -> int:
    """The position of an insertion suffix ("A" → 1, "-2" → 2); 0 when it is not one."""
    if insert == "-1":
        match = re.fullmatch(r"-([1-9]\d{0,2})", suffix)
        return int(match.group(1)) if match else 0
    if insert == "A":
        return ordinal("A", suffix)
    if insert == "a":
        return ordinal("a", suffix)
    return 0


@cache
def keys(style: str, insert: str, text: str) -> frozenset[Key]:
    """Every way a label can be read in a style with an insertion style."""
    out: set[Key] = set()
    whole = ordinal(style, text)
    if whole:
        out.add((whole, 0))
    if insert:
        for cut in range(1, len(text)):
            base = ordinal(style, text[:cut])
            extra = _suffix(insert, text[cut:])
            if base and extra:
                out.add((base, extra))
    return frozenset(out)


def insertion(insert: str, base: str, index: int) -> str:
    """The index-th label inserted after ``base`` ("4.5" → "4.5A", "c" → "c-1")."""
    if insert == "-1":
        return f"{base}-{index}"
    return base + format_ordinal(insert, index)


def successor(previous: Key, key: Key, insert: str) -> bool:
    """Whether ``key`` comes straight after ``previous`` (next label, or next insertion)."""
    if key == (previous[0] + 1, 0):
        return True
    if not insert or key[0] != previous[0]:
        return False
    return key[1] == previous[1] + 1


@lru_cache(maxsize=1 << 16)  # asked for every label against every open list
def follows(style: str, insert: str, previous: str, label: str, fixed: bool = False) -> bool:
    """Whether ``label`` may stand after ``previous`` among siblings.

    Computed labels run in sequence, each the next, or the next insertion when the
    level has an insertion style ((c), (c-1), (c-2), (d)). Fixed labels (``fixed``)
    only have to increase: a gap is a label repealed and never reused.
    """
    before = keys(style, insert, previous)
    after = keys(style, insert, label)
    if fixed:
        return any(b < a for b in before for a in after)
    return any(successor(b, a, insert) for b in before for a in after)


@lru_cache(maxsize=1 << 16)
def starts(style: str, insert: str, label: str, fixed: bool = False) -> bool:
    """Whether a run of siblings may start with ``label`` ((a), or any label when fixed)."""
    found = keys(style, insert, label)
    return bool(found) if fixed else (1, 0) in found


def next_label(style: str, insert: str, label: str) -> str:
    """The plain label after ``label`` ((c) and (c-1) are both followed by (d))."""
    found = sorted(keys(style, insert, label)) or [(0, 0)]
    return format_ordinal(style, found[0][0] + 1)


def style_of(label: str) -> tuple[str, ...]:
    """Every style a label can be read in, in the order a drafter tries them."""
    return tuple(style for style in STYLES if ordinal(style, label))

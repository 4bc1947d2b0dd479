"""Parsing a publication's Markdown into the publication model.

markdown-it-py (CommonMark, raw HTML off, so ``<script>`` is text) with
mdit-py-plugins for front matter, footnotes and ``:::`` containers, plus one
inline rule of ours for ``{{name}}`` values. House conventions:

- ``#`` headings are numbered sections ("3. Next Steps"), ``##`` sub-headings
  are not; a heading may end with ``{#anchor}``.
- ``1.`` lists are numbered; ``1)`` lists are lettered "a)", "b)" as DCC writes them.
- ``::: question ID`` ... ``:::`` declares a question (``prefix=...`` overrides the
  publication's prefix); ``::: attachments`` / ``:::`` places the attachments table.
- ``{{name}}`` or ``{{name|style}}`` renders a parameter; ``{{question:ID}}`` and
  ``{{attachment:ID}}`` render "Firmware Q1", "Attachment 1".
- Images are refused: a publication never pulls a file or URL into its output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from tmad.errors import Location, SourceError
from tmad.labels import format_ordinal
from tmad.publication.model import (
    AttachmentsTable,
    Block,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Question,
    Styled,
    Text,
    Value,
)
from tmad.textfile import check_characters
from tmad.yamlsource import parse_mapping

_VALUE = re.compile(r"[a-z][a-z0-9_]*(?::[a-z0-9][a-z0-9-]*)?(?:\|[a-z]+)?\Z")
_ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*\Z")
_SAFE_LINK = re.compile(r"(https?://|mailto:|#)", re.IGNORECASE)
MAX_DEPTH = 8
"""Deepest nesting of lists accepted (real documents use three or four levels)."""


def _value_rule(state: StateInline, silent: bool) -> bool:
    """``{{name}}``: a parameter or reference, resolved later."""
    if not state.src.startswith("{{", state.pos):
        return False
    end = state.src.find("}}", state.pos + 2)
    if end < 0:
        return False
    content = state.src[state.pos + 2 : end].strip()
    if not _VALUE.match(content):
        return False
    if not silent:
        token = state.push("value", "", 0)
        token.content = content
    state.pos = end + 2
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(container_plugin, name="question")
    md.use(container_plugin, name="attachments")
    md.inline.ruler.before("emphasis", "value", _value_rule)
    return md


_MD = _parser()


@dataclass
class _State:
    """Mutable parse state for one file (never escapes this module)."""

    path: str
    prefix: str
    questions: list[Question] = field(default_factory=list)
    footnote_order: dict[int, int] = field(default_factory=dict)  # markdown-it id -> number
    section: int = 0
    line: int = 0  # the line of the block being read, for inline errors

    def where(self, token: Token | None) -> Location:
        if token is not None and token.map:
            self.line = token.map[0] + 1
            return Location(self.path, self.line)
        return Location(self.path, self.line)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed Markdown file."""

    front: dict
    """Front matter values (title)."""
    blocks: tuple[Block, ...]
    """Its content."""
    footnotes: tuple[Footnote, ...]
    """Its footnotes, numbered by first reference."""


_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.IGNORECASE)
_SCHEME = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*):")


def _refuse_images(text: str, path: str) -> None:
    """Images (Markdown or HTML) are refused by name: tmad never fetches a file or URL."""
    match = _IMAGE.search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        raise SourceError(
            "images are not allowed in publications (nothing is fetched from files or URLs): "
            + text[match.start() : match.start() + 60].split("\n")[0],
            Location(path, line, col),
        )


def _refuse_schemes(text: str, path: str) -> None:
    """Links must be http(s) or mailto: a file: or javascript: link is refused, not dropped."""
    for match in _SCHEME.finditer(text):
        if match.group(1).lower() not in ("http", "https", "mailto"):
            line = text.count("\n", 0, match.start()) + 1
            raise SourceError(
                f"link to a '{match.group(1)}:' address: links must be http(s)://, mailto: or "
                "#anchors",
                Location(path, line),
            )


def parse(text: str, path: str, question_prefix: str) -> Parsed:
    """Parse one Markdown source of a publication."""
    check_characters(text, path)
    _refuse_images(text, path)
    _refuse_schemes(text, path)
    state = _State(path, question_prefix)
    env: dict = {}
    tokens = _MD.parse(text, env)
    front: dict = {}
    if tokens and tokens[0].type == "front_matter":
        mapping = parse_mapping(tokens[0].content, path, first_line=2)
        mapping.refuse_unknown({"title"})
        front = {"title": mapping.string("title", "") or ""}
        tokens = tokens[1:]
    body, _ = _blocks(tokens, 0, state, depth=0, stop=None)
    _refuse_unreferenced(text, env, path)
    footnotes = _footnotes(tokens, state)
    return Parsed(front, tuple(body), footnotes)


def _refuse_unreferenced(text: str, env: dict, path: str) -> None:
    """A footnote defined but never referenced: markdown-it leaves it out of the output."""
    refs = env.get("footnotes", {}).get("refs", {})
    for label, ident in refs.items():
        if ident == -1:  # defined, never referenced
            name = label[1:]
            found = re.search(rf"(?m)^[ \t]*\[\^{re.escape(name)}\]:", text)
            line = text.count("\n", 0, found.start()) + 1 if found else 0
            raise SourceError(
                f"footnote [^{name}] is defined but never referenced (it would be left out): "
                f"reference it as [^{name}] in the text, or remove it",
                Location(path, line),
                code="S009",
            )


def _blocks(tokens: list[Token], i: int, state: _State, depth: int, stop: str | None):
    """Blocks from tokens[i:] up to a closing token of type ``stop``."""
    if depth > MAX_DEPTH:
        raise SourceError(
            f"nested more than {MAX_DEPTH} deep",
            state.where(tokens[i] if i < len(tokens) else None),
        )
    out: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == stop:
            return out, i + 1
        if kind == "footnote_block_open":
            return out, len(tokens)
        if kind == "paragraph_open":
            where = state.where(token)
            breaks = stop == "container_question_close"
            children = _inlines(tokens[i + 1].children or [], state, breaks)
            out.append(Paragraph(children, where))
            i += 3
        elif kind == "heading_open":
            out.append(_heading(token, tokens[i + 1], state))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            listed, i = _list(tokens, i, state, depth)
            out.append(listed)
        elif kind == "container_question_open":
            question, i = _question(tokens, i, state, depth)
            out.append(question)
        elif kind == "container_attachments_open":
            out.append(AttachmentsTable(state.where(token)))
            _, i = _blocks(tokens, i + 1, state, depth + 1, "container_attachments_close")
        elif kind == "hr":
            i += 1
        elif kind in ("code_block", "fence"):
            raise SourceError(
                "code blocks are not used in publications (an indented line starts one: "
                "remove the indent)",
                state.where(token),
            )
        elif kind == "blockquote_open":
            raise SourceError("block quotes are not used in publications", state.where(token))
        else:
            raise SourceError(f"unsupported Markdown ({kind})", state.where(token))
    return out, i


def _heading(token: Token, inline: Token, state: _State) -> Heading:
    level = int(token.tag[1])
    where = state.where(token)
    if level > 3:
        raise SourceError("use #, ## or ### headings", where)
    children = list(_inlines(inline.children or [], state))
    anchor = ""
    if children and isinstance(children[-1], Text):
        match = _ANCHOR.search(children[-1].text)
        if match:
            anchor = match.group(1)
            children[-1] = Text(children[-1].text[: match.start()])
    number = ""
    if level == 1:
        state.section += 1
        number = str(state.section)
    if not anchor:
        plain = "".join(c.text for c in children if isinstance(c, Text))
        line = token.map[0] if token.map else 0
        anchor = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or f"h{line}"
    return Heading(level, number, tuple(children), anchor, where)


def _list(tokens: list[Token], i: int, state: _State, depth: int) -> tuple[ListBlock, int]:
    opener = tokens[i]
    ordered = opener.type == "ordered_list_open"
    kind: Literal["bullet", "number", "letter"] = "bullet"
    start = 1
    if ordered:
        kind = "letter" if opener.markup == ")" else "number"
        start = int(opener.attrs.get("start", 1) or 1)
    close = "ordered_list_close" if ordered else "bullet_list_close"
    items: list[ListItem] = []
    i += 1
    while tokens[i].type != close:
        assert tokens[i].type == "list_item_open"
        blocks, i = _blocks(tokens, i + 1, state, depth + 1, "list_item_close")
        index = start + len(items)
        label = (
            ""
            if kind == "bullet"
            else (f"{format_ordinal('a', index)})" if kind == "letter" else f"{index}.")
        )
        items.append(ListItem(label, tuple(blocks)))
    return ListBlock(kind, tuple(items)), i + 1


def _question(tokens: list[Token], i: int, state: _State, depth: int) -> tuple[Question, int]:
    opener = tokens[i]
    words = opener.info.split()[1:]
    if not words or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", words[0]):
        raise SourceError("a question needs an id: '::: question some-id'", state.where(opener))
    ident = words[0]
    prefix = state.prefix
    for word in words[1:]:
        key, _, value = word.partition("=")
        if key != "prefix" or not value:
            raise SourceError(
                f"unknown question option '{word}' (use prefix=...)", state.where(opener)
            )
        prefix = value
    blocks, i = _blocks(tokens, i + 1, state, depth + 1, "container_question_close")
    paragraphs = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            raise SourceError("a question holds paragraphs only", state.where(opener))
        paragraphs.append(block)
    if not paragraphs:
        raise SourceError(f"question '{ident}' has no text", state.where(opener))
    if any(q.id == ident for q in state.questions):
        raise SourceError(
            f"question id '{ident}' is declared twice", state.where(opener), code="Q001"
        )
    question = Question(
        ident, prefix, len(state.questions) + 1, tuple(paragraphs), state.where(opener)
    )
    state.questions.append(question)
    return question, i


_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
"""A footnote reference left as text: markdown-it found no definition for it."""


def _inlines(children: list[Token], state: _State, breaks: bool = False) -> tuple[Inline, ...]:
    """Inline content; ``breaks``: each source line stands on its own line (questions)."""
    out: list[Inline] = []
    stack: list[tuple[Literal["em", "strong", "link"], list[Inline], str]] = []
    current = out
    for token in children:
        kind = token.type
        if kind == "text" or kind == "code_inline":
            undefined = _FOOTNOTE_REF.search(token.content)
            if undefined:
                raise SourceError(
                    f"footnote {undefined.group(0)} is not defined (it would be printed as "
                    f"written): add '{undefined.group(0)}: its text' below the paragraph, or "
                    "remove it",
                    Location(state.path, state.line),
                    code="S009",
                )
            _append_text(current, token.content)
        elif kind == "softbreak":
            if breaks:
                current.append(LineBreak())
            else:
                _append_text(current, " ")
        elif kind == "hardbreak":
            current.append(LineBreak())
        elif kind in ("em_open", "strong_open"):
            stack.append(("em" if kind == "em_open" else "strong", current, ""))
            current = []
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if not _SAFE_LINK.match(href):
                raise SourceError(
                    f"link to '{href}': links must be http(s)://, mailto: or #anchors",
                    Location(state.path, state.line),
                )
            stack.append(("link", current, href))
            current = []
        elif kind in ("em_close", "strong_close", "link_close"):
            style, parent, href = stack.pop()
            node = Link(href, tuple(current)) if style == "link" else Styled(style, tuple(current))
            parent.append(node)
            current = parent
        elif kind == "value":
            name, _, shown = token.content.partition("|")
            current.append(Value(name, shown, Location(state.path, state.line)))
        elif kind == "footnote_ref":
            ident = token.meta["id"]
            number = state.footnote_order.setdefault(ident, len(state.footnote_order) + 1)
            current.append(FootnoteRef(number, f"fn-{number}"))
        elif kind == "image":
            raise SourceError(
                "images are not allowed in publications (nothing is fetched from files or "
                f"URLs): {token.attrs.get('src', '')!r}",
                Location(state.path, state.line),
            )
        else:
            raise SourceError(
                f"unsupported inline Markdown ({kind})", Location(state.path, state.line)
            )
    return tuple(out)


def _append_text(current: list[Inline], text: str) -> None:
    if current and isinstance(current[-1], Text):
        current[-1] = Text(current[-1].text + text)
    else:
        current.append(Text(text))


def _footnotes(tokens: list[Token], state: _State) -> tuple[Footnote, ...]:
    notes: dict[int, tuple[Inline, ...]] = {}
    current: int | None = None
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            current = token.meta["id"]
        elif token.type == "paragraph_open" and current is not None:
            state.where(token)
            notes[current] = _inlines(tokens[index + 1].children or [], state)
        elif token.type == "footnote_close":
            current = None
    out = []
    for ident, number in sorted(state.footnote_order.items(), key=lambda item: item[1]):
        if ident not in notes:
            raise SourceError(f"footnote {number} has no text", Location(state.path))
        out.append(Footnote(number, f"fn-{number}", notes[ident]))
    return tuple(out)


def parse_inline(text: str, where: Location) -> tuple[Inline, ...]:
    """Inline Markdown written in metadata (an attachment's note or intro)."""
    check_characters(text, where.path, where.line or 1)
    _refuse_images(text, where.path)
    _refuse_schemes(text, where.path)
    state = _State(where.path, "", line=where.line)
    tokens = _MD.parseInline(text, {})
    children: list[Token] = []
    for token in tokens:
        children.extend(token.children or [])
    if any(t.type == "footnote_ref" for t in children):
        raise SourceError("footnotes cannot be used here", where)
    return _inlines(children, state)

"""The Jinja environment shared by renderers: templates from ``templates/``, strict and escaped.

HTML templates (``*.html``) autoescape, so clause text can never inject markup;
Markdown and text templates (``*.md``, ``*.txt``) do not. Undefined names fail
loudly (``StrictUndefined``) instead of rendering as empty text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from tmad.model import note_pieces

if TYPE_CHECKING:
    import jinja2


@cache
def folder() -> Traversable:
    """The templates: the installed ``tmad.templates`` package, or ``templates/`` of a checkout."""
    try:
        return resources.files("tmad.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


def note_marks(text: str) -> Markup:
    """Clause text escaped, each footnote reference ``[^1]`` shown as its label raised (how a
    redline shows a reference: the note itself is a marked paragraph of the clause)."""
    return Markup("").join(
        Markup('<sup class="note-ref">{}</sup>').format(label) if label else escape(words)
        for words, label in note_pieces(text)
    )


@cache
def environment() -> jinja2.Environment:
    """The shared environment (created once per process), with the ``note_marks`` filter.
    Jinja is imported here, on first use: a DOCX or JSON output never loads it."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder())),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "xml"), default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["note_marks"] = note_marks
    return env


def render(name: str, **context: object) -> str:
    """Render a template by file name."""
    return environment().get_template(name).render(**context)

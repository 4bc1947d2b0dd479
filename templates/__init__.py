"""Presentation for tmad's renderers: Jinja templates and stylesheets (no Python logic)."""

"""HTML in headless Chromium: the index and a redline render, with legend and marked changes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.e2e.conftest import run

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)  # fmt: skip


def _screenshot(page: Path, out: Path, profile: Path, height: int = 1600) -> Image.Image:
    run(
        "chromium", *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}",
        f"--window-size=1100,{height}", page.as_uri(), timeout=120,
    )  # fmt: skip
    return Image.open(out).convert("RGB")


def _colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def test_index_renders(build_dir: Path, tmp_path: Path) -> None:
    image = _screenshot(build_dir / "index.html", tmp_path / "index.png", tmp_path / "p1")
    colours = _colours(image)
    assert len(colours) > 50, "the index rendered blank"
    dom = run("chromium", *FLAGS, f"--user-data-dir={tmp_path / 'p2'}", "--dump-dom",
              (build_dir / "index.html").as_uri()).stdout  # fmt: skip
    assert "TMAD_v5.2_redline_against_v5.1.pdf" in dom


def test_chained_redline_shows_legend_and_marks(build_dir: Path, tmp_path: Path) -> None:
    page = build_dir / "redlines" / "TMAD_redline_v5.1_to_v5.2_to_v5.3.html"
    image = _screenshot(page, tmp_path / "redline.png", tmp_path / "p3")
    # the legend samples and the marked summary use each step's colour (from tmad.css)
    step1, step2 = (0x00, 0x56, 0xA0), (0xB3, 0x47, 0x00)
    colours = _colours(image)
    assert step1 in colours, "no step-1 marks rendered"
    assert step2 in colours, "no step-2 marks rendered"
    dom = run("chromium", *FLAGS, f"--user-data-dir={tmp_path / 'p4'}", "--dump-dom",
              page.as_uri()).stdout  # fmt: skip
    assert "How changes are marked" in dom
    assert dom.count("<ins") > 20
    assert dom.count("<del") > 10

"""The shared chart style: real figures, real rendering, a real notebook export."""

from __future__ import annotations

import base64
import importlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import matplotlib.figure
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image, ImageColor

from analysis.charts import style
from analysis.charts.style import (
    FONT_SIZES,
    NEUTRAL,
    OKABE_ITO,
    finish,
    new_figure,
    strip_axes,
)
from analysis.figures import SHADE_TOLERANCE, TOLERANCE, compact_png, show, to_png

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _finished_bar_chart(title: str = "Vietnam hosts most joint laboratories"):
    fig, ax = new_figure()
    ax.barh(["VNM", "THA", "SGP"], [5, 3, 1], color=OKABE_ITO["blue"])
    ax.set_xlabel("Joint laboratories")
    finish(
        fig,
        title=title,
        subtitle="Number of joint laboratories, 2024",
        source="Source: a test document (doc test_document)",
    )
    return fig, ax


def _texts(fig) -> dict[str, Text]:
    return {t.get_gid(): t for t in fig.texts if t.get_gid()}


def test_palette_is_okabe_ito_and_neutrals_are_greys():
    assert OKABE_ITO["blue"].upper() == "#0072B2"
    assert OKABE_ITO["vermillion"].upper() == "#D55E00"
    assert len(set(OKABE_ITO.values())) == 8
    assert all(HEX.match(c) for c in OKABE_ITO.values())
    for colour in (NEUTRAL["no_data"], NEUTRAL["other"]):
        r, g, b = matplotlib.colors.to_rgb(colour)
        assert r == g == b, f"{colour} is not a grey"


def test_importing_and_using_the_style_leaves_global_rcparams_alone():
    plt.close(plt.figure())  # let pyplot resolve its backend first: that is not our change
    before = dict(matplotlib.rcParams)
    importlib.reload(style)
    fig, _ = style.new_figure()
    plt.close(fig)
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert not changed


def test_new_figure_size_and_junk_free_axes():
    fig, ax = new_figure()
    try:
        assert tuple(fig.get_size_inches()) == (9.0, 5.5)
        assert 110 <= fig.dpi <= 130
        assert not ax.spines["top"].get_visible()
        assert not ax.spines["right"].get_visible()
        assert ax.spines["left"].get_visible()
        assert not any(line.get_visible() for line in ax.get_xgridlines())
    finally:
        plt.close(fig)


def test_new_figure_passes_subplot_arguments():
    fig, axes = new_figure(8, 4, ncols=2, sharey=True)
    try:
        assert axes.shape == (2,)
        assert all(not a.spines["top"].get_visible() for a in axes)
    finally:
        plt.close(fig)


def test_strip_axes_grid_and_spines():
    fig, ax = plt.subplots()
    try:
        strip_axes(ax, grid="x", spines=())
        assert not any(s.get_visible() for s in ax.spines.values())
        fig.canvas.draw()
        assert any(line.get_visible() for line in ax.get_xgridlines())
        assert not any(line.get_visible() for line in ax.get_ygridlines())
    finally:
        plt.close(fig)


def test_finish_places_title_subtitle_source_without_overlapping_the_axes():
    fig, ax = _finished_bar_chart()
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        texts = _texts(fig)
        assert texts["title"].get_text() == "Vietnam hosts most joint laboratories"
        assert texts["title"].get_fontweight() in ("bold", 700)
        assert texts["subtitle"].get_text() == "Number of joint laboratories, 2024"
        assert texts["source"].get_text() == "Source: a test document (doc test_document)"

        boxes = {gid: t.get_window_extent(renderer) for gid, t in texts.items()}
        axes_box = ax.get_tightbbox(renderer)  # includes tick labels and the x label
        figure_box = fig.bbox
        for gid, box in boxes.items():
            assert not box.overlaps(axes_box), f"{gid} overlaps the axes"
            assert figure_box.contains(box.x0, box.y0) and figure_box.contains(box.x1, box.y1)
        assert not boxes["title"].overlaps(boxes["subtitle"])
        # title above subtitle above the chart; source below it; all left-aligned together
        assert boxes["title"].y0 >= boxes["subtitle"].y1 - 1
        assert boxes["subtitle"].y0 >= axes_box.y1
        assert boxes["source"].y1 <= axes_box.y0
        assert abs(boxes["title"].x0 - boxes["source"].x0) < 3
        assert boxes["title"].x0 < 0.05 * fig.bbox.width
        # the chart still uses most of the figure
        assert axes_box.height > 0.6 * fig.bbox.height
    finally:
        plt.close(fig)


def test_finish_wraps_a_long_title_inside_the_figure():
    title = " ".join(["Cooperation with Vietnam grew faster than with any other partner"] * 2)
    fig, ax = _finished_bar_chart(title)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = _texts(fig)["title"].get_window_extent(renderer)
        assert "\n" in _texts(fig)["title"].get_text()
        assert box.x1 <= fig.bbox.x1
        assert not box.overlaps(ax.get_tightbbox(renderer))
    finally:
        plt.close(fig)


def test_wrap_breaks_lines_where_measuring_each_line_would():
    # Words are measured one by one and added up; the lines are still the greedy ones: each
    # fits, and with the next word it would not.
    fig, _ = new_figure()
    try:
        renderer = fig.canvas.get_renderer()
        artist = fig.text(0, 0, "", fontsize=FONT_SIZES["source"])
        text = "Sources: " + "; ".join(
            f"An institution's profile, {2000 + n} (doc profile_{n})" for n in range(8)
        )
        lines = style._wrap(artist, text, 500, renderer).split("\n")
        assert len(lines) > 2 and " ".join(lines).split() == text.split()
        for line, following in zip(lines, lines[1:], strict=False):
            artist.set_text(line)
            assert artist.get_window_extent(renderer).width <= 500
            artist.set_text(f"{line} {following.split()[0]}")
            assert artist.get_window_extent(renderer).width > 500
    finally:
        plt.close(fig)


def test_finish_places_the_axes_where_tight_layout_would(monkeypatch):
    fig, ax = _finished_bar_chart()
    fitted = ax.get_position().bounds
    plt.close(fig)
    monkeypatch.setattr(
        style,
        "_fit_subplots",
        lambda fig, renderer, band: fig.tight_layout(rect=band, pad=style._PAD_FONT_SIZES),
    )
    fig, ax = _finished_bar_chart()
    assert ax.get_position().bounds == pytest.approx(fitted)
    plt.close(fig)


def test_a_finished_figure_is_drawn_once_when_saved(monkeypatch):
    fig, _ = _finished_bar_chart()
    assert fig.get_layout_engine() is None  # nothing left to lay out again at savefig
    draws = []
    draw = matplotlib.figure.Figure.draw
    monkeypatch.setattr(
        matplotlib.figure.Figure, "draw", lambda self, renderer: draws.append(draw(self, renderer))
    )
    to_png(fig)
    assert len(draws) == 1


def test_finish_lays_out_a_grid_of_axes_too():
    fig, axes = new_figure(8, 4, ncols=2, sharey=True)
    try:
        for ax in axes:
            ax.barh(["VNM", "THA"], [5, 3])
        finish(fig, title="A finding", subtitle="Unit, 2024", source="Source: test")
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        texts = [t.get_window_extent(renderer) for t in fig.texts]
        boxes = [ax.get_tightbbox(renderer) for ax in axes]
        assert not any(t.overlaps(b) for t in texts for b in boxes)
        assert not boxes[0].overlaps(boxes[1])
    finally:
        plt.close(fig)


def test_every_text_is_at_least_10_points():
    fig, _ = _finished_bar_chart()
    try:
        fig.canvas.draw()
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        assert sizes and min(sizes) >= 10
        assert _texts(fig)["title"].get_fontsize() == FONT_SIZES["title"]
    finally:
        plt.close(fig)


def test_finish_rejects_missing_texts():
    fig, _ = new_figure()
    try:
        with pytest.raises(ValueError, match="source"):
            finish(fig, title="A finding", subtitle="Unit, 2024", source=" ")
    finally:
        plt.close(fig)


def test_to_png_renders_writes_atomically_and_closes(tmp_path: Path):
    fig, _ = _finished_bar_chart()
    number = fig.number
    target = tmp_path / "charts" / "labs.png"
    data = to_png(fig, target, dpi=120)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert target.read_bytes() == data
    assert not plt.fignum_exists(number)
    image = mpimg.imread(io.BytesIO(data))
    assert image.shape[:2] == (660, 1080)
    assert [p.name for p in target.parent.iterdir()] == ["labs.png"]  # no temporary left


def test_to_png_renders_at_the_dpi_asked_not_the_figures():
    fig, _ = _finished_bar_chart()
    assert Image.open(io.BytesIO(to_png(fig, dpi=240))).size == (2160, 1320)


def test_offset_text_draws_what_an_offset_annotation_draws():
    def drawn(label) -> np.ndarray:
        fig, ax = new_figure(4, 2)
        ax.set_xlim(0, 10)
        label(ax)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        return pixels

    kw = {"ha": "center", "va": "bottom", "fontsize": FONT_SIZES["tick"]}
    annotated = drawn(
        lambda ax: ax.annotate(
            "VAST\n(1983)", (9.8, 0.5), xytext=(0, 9), textcoords="offset points", **kw
        )
    )
    offset = drawn(lambda ax: style.offset_text(ax, (9.8, 0.5), "VAST\n(1983)", (0, 9), **kw))
    assert (offset == annotated).all()


def test_to_png_keeps_the_charts_colours_in_a_palette_png():
    fig, _ = _finished_bar_chart()
    fig.set_dpi(120)
    fig.canvas.draw()
    drawn = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    encoded = Image.open(io.BytesIO(to_png(fig)))
    assert encoded.mode == "P" and len(encoded.getcolors()) <= 256
    assert encoded.size == drawn.size
    assert _largest_shift(drawn, encoded.convert("RGB"), at_least=100) <= TOLERANCE
    palette = np.array([colour for _, colour in encoded.convert("RGB").getcolors()])
    for hex_colour in (OKABE_ITO["blue"], NEUTRAL["text"], NEUTRAL["text_muted"], "#ffffff"):
        nearest = np.abs(palette - ImageColor.getrgb(hex_colour)).max(axis=1).min()
        assert nearest <= 2, hex_colour  # the chart's own greys stay grey, not tinted


def _patches(colours: list[tuple[int, int, int]], side: int = 12) -> Image.Image:
    """A white picture with one ``side``-pixel square of each colour: a legend's markers."""
    picture = Image.new("RGB", (side * 2 * len(colours), side * 3), "white")
    for n, colour in enumerate(colours):
        picture.paste(colour, (side * 2 * n, side, side * (2 * n + 1), side * 2))
    return picture


def _largest_shift(before: Image.Image, after: Image.Image, at_least: int) -> int:
    """How far ``after`` moves any colour covering ``at_least`` pixels of ``before``."""
    old = np.asarray(before, dtype=int).reshape(-1, 3)
    shift = np.abs(old - np.asarray(after, dtype=int).reshape(-1, 3)).max(axis=1)
    _, colour, counts = np.unique(old, axis=0, return_inverse=True, return_counts=True)
    worst = np.zeros(len(counts), dtype=int)
    np.maximum.at(worst, colour.ravel(), shift)
    return int(worst[counts >= at_least].max())


def _random_patches_encoded(seed: int, count: int) -> tuple[Image.Image, Image.Image]:
    """``count`` patches of random colours, and what compact_png makes of them."""
    rng = np.random.default_rng(seed)
    colours = [tuple(int(v) for v in rgb) for rgb in rng.integers(0, 256, size=(count, 3))]
    picture = _patches(colours)
    return picture, Image.open(io.BytesIO(compact_png(picture)))


def test_compact_png_takes_more_colours_than_32_to_keep_40_markers_apart():
    picture, encoded = _random_patches_encoded(seed=0, count=40)
    assert encoded.mode == "P"
    assert 32 < len(encoded.getcolors()) <= 64
    assert _largest_shift(picture, encoded.convert("RGB"), at_least=100) <= TOLERANCE


def test_compact_png_stays_in_full_colour_when_no_palette_keeps_the_colours():
    picture, encoded = _random_patches_encoded(seed=1, count=400)
    assert encoded.mode == "RGB"
    assert encoded.tobytes() == picture.tobytes()


def test_compact_png_keeps_the_shades_between_colours_near_too():
    # Two fills and, between them, 60 shades of a few pixels each: the edges of thin lines.
    rng = np.random.default_rng(2)
    shades = [tuple(int(v) for v in rgb) for rgb in rng.integers(0, 256, size=(60, 3))]
    picture = _patches([(243, 227, 195), (0, 114, 178)], side=40)
    for n, shade in enumerate(shades):
        picture.putpixel((n % picture.width, picture.height - 1 - n // picture.width), shade)
    encoded = Image.open(io.BytesIO(compact_png(picture)))
    assert _largest_shift(picture, encoded.convert("RGB"), at_least=1) <= SHADE_TOLERANCE


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


@pytest.mark.slow
@pytest.mark.parametrize("template", ["lab", "classic"])
def test_show_puts_alt_text_into_nbconvert_html(template: str):
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    alt = 'Bar chart: Vietnam hosts 5 joint laboratories, "most" of all & <more> than Thailand'
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from analysis.charts.style import new_figure, finish\n"
            "from analysis.figures import show\n"
            "fig, ax = new_figure()\n"
            "ax.bar(['VNM', 'THA'], [5, 3])\n"
            "finish(fig, title='Vietnam leads', subtitle='Labs, 2024', source='Source: test')\n"
            f"show(fig, alt={alt!r})\n"
        )
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = notebook.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"], "figure shown more than once"
    assert outputs[0].metadata["image/png"]["alt"] == alt

    body, _ = HTMLExporter(template_name=template).from_notebook_node(notebook)
    parser = _Images()
    parser.feed(body)
    images = [i for i in parser.images if (i.get("src") or "").startswith("data:image/png")]
    assert len(images) == 1
    assert images[0].get("alt") == alt
    png = base64.b64decode(images[0]["src"].split(",", 1)[1])
    assert Image.open(io.BytesIO(png)).mode == "P"  # the palette PNG, ~4 times smaller


def test_show_refuses_empty_alt_text():
    fig, _ = new_figure()
    try:
        with pytest.raises(ValueError, match="alt"):
            show(fig, alt="  ")
    finally:
        plt.close(fig)

"""Draw a Chart as SVG with pygal, as PNG with Pillow, and write its numbers as CSV."""

import csv
import importlib
import io
import sys

from PIL import Image, ImageDraw, ImageFont

from ..exports.safety import neutralised
from .model import Chart


def _import_without_legacy_finders(name: str):
    """Import a module and drop the legacy import finders (no find_spec) it adds to sys.meta_path.

    pygal appends one for its map plugins (unused here): from then on every failed import in
    the process warns (ImportWarning, an error under -W error) before falling back to it.
    """
    before = list(sys.meta_path)
    module = importlib.import_module(name)
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if finder in before or hasattr(finder, "find_spec")]
    return module


pygal = _import_without_legacy_finders("pygal")
Style = importlib.import_module("pygal.style").Style

#: The app's own colours and type (static/app.css).
INK, MUTED, LINE, ACCENT = "#1d2330", "#5b6475", "#d8dde6", "#1f5fbf"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground=INK,
              foreground_strong=INK, foreground_subtle=LINE, colors=(ACCENT,), font_family=FONT,
              label_font_size=13, major_label_font_size=13, title_font_size=16,
              value_font_size=12, tooltip_font_size=13)
WIDTH, ROW_HEIGHT, MIN_HEIGHT = 720, 34, 160


def chart_svg(chart: Chart) -> bytes:
    """Return the chart as a standalone SVG document (no scripts loaded from elsewhere)."""
    kind = pygal.HorizontalBar if chart.horizontal else pygal.Bar
    bars = kind(
        style=STYLE, width=WIDTH, height=_height(chart) if chart.horizontal else 360,
        show_legend=False, js=[], print_values=True, value_formatter=chart.format,
        title=f"{chart.title} ({chart.unit})", no_data_text="No amounts to chart")
    # Largest at the top: pygal draws horizontal bars from the bottom up.
    points = list(reversed(chart.points)) if chart.horizontal else list(chart.points)
    if chart.decimals == 0:
        # Whole numbers only on the value axis (pygal would label 0.5 steps "0", "1", "1").
        largest = int(max((point.value for point in points), default=0))
        step = max(1, -(-largest // 6))
        bars.y_labels = list(range(0, largest + step + 1, step))
    bars.x_labels = [point.label for point in points]
    bars.add(chart.unit, [float(point.value) for point in points])
    return bars.render()


def chart_png(chart: Chart) -> bytes:
    """Return the chart as a PNG image: labelled horizontal bars, largest first."""
    height = _height(chart)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font, title_font = ImageFont.load_default(13), ImageFont.load_default(16)
    draw.text((16, 12), f"{chart.title} ({chart.unit})", fill=INK, font=title_font)
    label_width, top = 220, 48
    largest = max((point.value for point in chart.points), default=0) or 1
    room = WIDTH - label_width - 120
    for row, point in enumerate(chart.points):
        y = top + row * ROW_HEIGHT
        draw.text((16, y + 6), _shortened(point.label, 30), fill=INK, font=font)
        length = max(int(room * point.value / largest), 1) if point.value > 0 else 0
        draw.rectangle((label_width, y + 4, label_width + length, y + ROW_HEIGHT - 8), fill=ACCENT)
        draw.text((label_width + length + 6, y + 6), chart.format(point.value), fill=MUTED, font=font)
    if not chart.points:
        draw.text((16, top), "No amounts to chart", fill=MUTED, font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def chart_csv(chart: Chart) -> str:
    """Return the chart's numbers as CSV, formulas neutralised as in the other exports."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([chart.label_name, f"{chart.value_name} ({chart.unit})"])
    for point in chart.points:
        writer.writerow([neutralised(point.label), f"{point.value:.{chart.decimals}f}"])
    return out.getvalue()


def _height(chart: Chart) -> int:
    return max(MIN_HEIGHT, 90 + ROW_HEIGHT * len(chart.points))


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"

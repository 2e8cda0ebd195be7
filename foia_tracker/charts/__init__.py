"""Charts drawn on the server: SVG (pygal), PNG (Pillow) and the numbers as CSV.

A chart is data (`Chart`); each format is one function of it, so the page, the downloads and
the tests draw the same numbers.
"""

from .model import Chart, Point
from .render import chart_csv, chart_png, chart_svg

__all__ = ["Chart", "Point", "chart_csv", "chart_png", "chart_svg"]

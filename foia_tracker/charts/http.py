"""Serve a Chart as a file: SVG, PNG or CSV, shown inline or downloaded (?download=1)."""

from flask import abort, request

from .model import Chart
from .render import chart_csv, chart_png, chart_svg

#: Format in the URL -> (renderer, media type).
FORMATS = {"svg": (chart_svg, "image/svg+xml"), "png": (chart_png, "image/png"),
           "csv": (chart_csv, "text/csv; charset=utf-8")}


def chart_file(chart: Chart, fmt: str, name: str):
    """Return the response of the chart in format `fmt` (404 for another), named `name.fmt`."""
    if fmt not in FORMATS:
        abort(404)
    render, media_type = FORMATS[fmt]
    disposition = "attachment" if request.args.get("download") else "inline"
    return render(chart), 200, {"Content-Type": media_type,
                                "Content-Disposition": f'{disposition}; filename="{name}.{fmt}"'}

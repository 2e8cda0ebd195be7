"""HTML: a standalone, print-ready page (the letter with its notes, and the evidence list).

The page carries its own print CSS in a <style> block so it prints and archives as one file,
opened from disk with no server. That is why it is served as an attachment, never inline:
inline, the app's CSP (style-src 'self') would rightly block the <style> block. Its own
<meta> CSP allows only that inline style: no script and nothing fetched from anywhere.
"""

from typing import BinaryIO

from flask import current_app

from ..letters.footnotes import long_date
from ..letters.render import render_body_html
from .cells import cell_text
from .subject import ExportSubject, export_date

TEMPLATE = "exports/print.html"


def write_html(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the print-ready page, streaming the template so rows are never all in memory."""
    letter = subject.letter
    body = render_body_html(letter.body, letter.numbers) if letter is not None else None
    template = current_app.jinja_env.get_template(TEMPLATE)
    for chunk in template.generate(subject=subject, letter=letter, body=body,
                                   rows=subject.rows, long_date=long_date,
                                   cell_text=cell_text, today=export_date(subject)):
        out.write(chunk.encode())

"""Exports of a final letter come out byte for byte the same, whenever they are made.

Text formats already do, given the same rows and the frozen date. ZIP containers (the bundle,
Word, Excel) stamp each entry with the time of writing, and Office files record it again in
docProps/core.xml: those are rewritten with the moment the letter was frozen.
"""

import re
import shutil
import tempfile
import zipfile
from datetime import datetime
from typing import BinaryIO

from .registry import ExportFormat
from .subject import ExportSubject

#: Beyond this the unstamped container moves from memory to disk.
SPOOL_BYTES = 8 * 1024 * 1024
CORE_PROPERTIES = "docProps/core.xml"
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def write_export(subject: ExportSubject, export_format: ExportFormat, out: BinaryIO) -> None:
    """Write the export; a frozen subject's ZIP container gets the frozen timestamps."""
    if subject.frozen_at is None or not export_format.is_zip:
        export_format.write(subject, out)
        return
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as unstamped:
        export_format.write(subject, unstamped)
        unstamped.seek(0)
        restamp(unstamped, out, subject.frozen_at)


def restamp(source: BinaryIO, out: BinaryIO, instant: datetime) -> None:
    """Copy a ZIP file entry by entry, in order, each stamped with the instant."""
    stamp = instant.timetuple()[:6]
    iso = instant.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(out, "w", allowZip64=True) as copy:
        for entry in original.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=stamp)
            stamped.compress_type = entry.compress_type
            stamped.external_attr = entry.external_attr
            with original.open(entry) as reader, copy.open(stamped, "w", force_zip64=True) as writer:
                if entry.filename == CORE_PROPERTIES:
                    writer.write(_CORE_TIMES.sub(rb"\g<1>" + iso + rb"\g<2>", reader.read()))
                else:
                    shutil.copyfileobj(reader, writer)

"""Write an export to a file: a temporary one for a download, or a path the CLI was given."""

import os
import tempfile
from pathlib import Path

from ..storage import document_store
from .registry import ExportFormat
from .reproducible import write_export
from .subject import ExportSubject


class UnwritableOutput(Exception):
    """The export's file cannot be created where it was asked for."""


def export_to_temporary_file(subject: ExportSubject, export_format: ExportFormat) -> Path:
    """Write the export to a new temporary file and return its path; the caller deletes it."""
    # The store's staging folder: on the data disk, and swept by clean_staging() after a crash.
    folder = document_store().staging_dir
    folder.mkdir(parents=True, exist_ok=True)
    return _write_new_file(subject, export_format, folder)


def export_to_path(subject: ExportSubject, export_format: ExportFormat, path: Path) -> None:
    """Write the export to path, all or nothing: a failure leaves no partial file there."""
    written = _write_new_file(subject, export_format, path.resolve().parent)
    try:
        os.replace(written, path)
    except OSError as error:
        os.unlink(written)
        raise UnwritableOutput(f"Cannot write {path}: {error.strerror or error}.") from error


def _write_new_file(subject: ExportSubject, export_format: ExportFormat, folder: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix="export-",
                                    suffix="." + export_format.extension)
    except OSError as error:
        raise UnwritableOutput(
            f"Cannot write in {folder}: {error.strerror or error}.") from error
    try:
        with os.fdopen(fd, "wb") as out:
            write_export(subject, export_format, out)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)

"""The export formats by name: one writer each, shared by the web pages and the CLI."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from .bundle import write_bundle
from .csv_format import write_csv
from .docx_format import write_docx
from .html_format import write_html
from .json_format import write_json
from .markdown_format import write_markdown
from .subject import ExportSubject
from .xlsx_format import write_xlsx


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    write: Callable[[ExportSubject, BinaryIO], None]
    #: Without a charset: the response adds "; charset=utf-8" to text types itself.
    media_type: str
    extension: str
    #: A ZIP container (Office files, the bundle): its entries carry timestamps.
    is_zip: bool = False


FORMATS = {f.name: f for f in (
    ExportFormat("csv", "CSV", write_csv, "text/csv", "csv"),
    ExportFormat("xlsx", "Excel", write_xlsx,
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                 is_zip=True),
    ExportFormat("json", "JSON", write_json, "application/json", "json"),
    ExportFormat("md", "Markdown", write_markdown, "text/markdown", "md"),
    ExportFormat("docx", "Word", write_docx,
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "docx", is_zip=True),
    ExportFormat("html", "Print-ready HTML", write_html, "text/html", "html"),
    ExportFormat("zip", "Evidence bundle (ZIP)", write_bundle, "application/zip", "zip",
                 is_zip=True),
)}

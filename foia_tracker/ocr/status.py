"""The OCR states of a document and of a page (no imports: the document model uses them)."""

import enum


class OcrStatus(enum.Enum):
    pending = "Waiting for OCR"
    running = "Reading scanned pages (OCR)"
    #: Every page is read; the searchable copy is being made.
    copying = "Making the searchable copy"
    done = "OCR finished"
    #: Every page had usable text of its own, or the type has no pages to read.
    not_needed = "No OCR needed"
    failed = "OCR could not read this file"


class PageStatus:
    """What became of one page's OCR (plain strings: the column is a short text)."""

    pending = "pending"
    running = "running"
    done = "done"
    #: The page could not be read (too large, unreadable, OCR crashed on it repeatedly).
    failed = "failed"

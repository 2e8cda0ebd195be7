"""What a file is, judged from its bytes: never from the client's claim or the name's ending."""

import codecs
import re
import zipfile
from pathlib import Path

import filetype

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ZIP = "application/zip"
EML = "message/rfc822"
TEXT = "text/plain"
EMPTY = "application/x-empty"
DAMAGED_ZIP = "application/x-damaged-zip"
UNKNOWN = "application/octet-stream"
#: Old Office files and Outlook .msg e-mails share this container; filetype names only some.
OLE = "application/x-ole-storage"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: The types we store, with the words users know them by.
ACCEPTED = {
    PDF: "PDF",
    DOCX: "Word document",
    XLSX: "Excel workbook",
    ZIP: "ZIP archive",
    EML: "E-mail",
    TEXT: "Plain text",
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
    "image/gif": "GIF image",
    "image/tiff": "TIFF image",
    "image/webp": "WebP image",
    "image/bmp": "BMP image",
    "image/heic": "HEIC image",
}
#: Types the extraction job reads text from; the others start as "skipped".
TEXT_BEARING = frozenset({PDF, DOCX, EML, TEXT})

#: How refused types are described back to the user.
_DESCRIPTIONS = {
    "application/x-executable": "a Linux program (ELF)",
    "application/x-msdownload": "a Windows program (EXE or DLL)",
    "application/x-sh": "a shell script",
    "application/msword": "an old-style Word document (.doc); save it as .docx or PDF",
    "application/vnd.ms-excel": "an old-style Excel workbook (.xls); save it as .xlsx",
    PPTX: "a PowerPoint presentation; save it as PDF",
    "application/x-rar-compressed": "a RAR archive; only ZIP archives are unpacked",
    "application/x-7z-compressed": "a 7-Zip archive; only ZIP archives are unpacked",
    "application/gzip": "a gzip archive; only ZIP archives are unpacked",
    "application/vnd.oasis.opendocument": "an OpenDocument file; save it as PDF, .docx or .xlsx",
    "application/epub+zip": "an e-book (EPUB)",
    OLE: "an old-style Office file or Outlook message (.doc, .xls, .msg); save it as PDF, "
         ".docx, .xlsx or .eml",
    DAMAGED_ZIP: "a damaged ZIP archive that cannot be opened",
    EMPTY: "an empty file",
    UNKNOWN: "unrecognised binary data",
}

_HEAD_BYTES = 8192
_CHUNK_BYTES = 1024 * 1024
_ZIP_LIKE = frozenset({ZIP, DOCX, XLSX, PPTX, "application/epub+zip"})
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_CONTINUATION = re.compile(rb"^[ \t]")
_MESSAGE_FIELDS = frozenset({b"date", b"subject", b"to", b"message-id", b"received"})
# C0 controls other than tab, line feed, form feed and carriage return never occur in text.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect_media_type(path: Path) -> str:
    """Return the media type the file's bytes show (perhaps one we do not accept)."""
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head:
        return EMPTY
    kind = filetype.guess(head)
    if kind is not None:
        return _zip_kind(path) if kind.mime in _ZIP_LIKE else kind.mime
    if head.startswith(_OLE_MAGIC):
        return OLE
    if looks_like_email(head):
        return EML
    return TEXT if is_utf8_text(path) else UNKNOWN


def describe(media_type: str) -> str:
    """Return what a file of this type looks like, in words."""
    if media_type in ACCEPTED:
        return f"a {ACCEPTED[media_type]}"
    return _DESCRIPTIONS.get(media_type, f"a file of type {media_type}")


def looks_like_email(head: bytes) -> bool:
    """Return whether the bytes start with an RFC 5322 header block naming a sender."""
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # the separator line of an mbox file
    fields = set()
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            break
        if _HEADER_LINE.match(line):
            fields.add(line.split(b":", 1)[0].lower())
        elif not (_CONTINUATION.match(line) and fields):
            return False
    return b"from" in fields and bool(fields & _MESSAGE_FIELDS)


def is_utf8_text(path: Path) -> bool:
    """Return whether the whole file is UTF-8 text without binary control characters."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                if _BINARY_CONTROLS.search(decoder.decode(chunk)):
                    return False
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_kind(path: Path) -> str:
    # Office files are ZIP archives; what is inside tells them apart, not the first entry.
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return DAMAGED_ZIP
    if "[Content_Types].xml" in names:
        for part, media_type in (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX),
                                 ("ppt/presentation.xml", PPTX)):
            if part in names:
                return media_type
    if "mimetype" in names:
        return "application/vnd.oasis.opendocument" if "META-INF/manifest.xml" in names \
            else "application/epub+zip"
    return ZIP

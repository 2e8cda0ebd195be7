"""Turn a message and its attachments into checked files for the document services.

Unlike an upload, nothing an agency mails us is refused: a file of a type the app does not
read is stored as it is (its text is simply not extracted), an archive over the bounds is kept
whole without unpacking, and a file over the size limit stays inside the raw message.
"""

from flask import current_app

from ..documents.archive import ArchiveRefused, unpack
from ..documents.detect import EML, EMPTY, PDF, ZIP, detect_media_type
from ..documents.intake import Incoming, UploadLimits, pdf_page_count
from ..documents.names import clean_name
from ..storage import FileTooLarge, document_store
from .attachments import Attachment
from .parse import ParsedMail
from .received import RawMail, raw_copied


def stage_message(mail: ParsedMail, raw: RawMail) -> tuple[list[Incoming], list[str]]:
    """Return the raw message and its attachments as checked files, and what was left out why."""
    store = document_store()
    limits = UploadLimits.from_config(current_app.config)
    staged = store.stage()
    incoming: list[Incoming] = []
    try:
        raw_copied(raw, staged)
        incoming.append(Incoming(name=message_name(mail), staged=staged, media_type=EML))
        notes = []
        for attachment in mail.attachments:
            item, note = _stage_attachment(attachment, store, limits)
            if item is not None:
                incoming.append(item)
            if note:
                notes.append(note)
    except BaseException:
        discard(incoming)
        staged.discard()
        raise
    return incoming, notes


def message_name(mail: ParsedMail) -> str:
    """Return the file name the raw message is kept under, from its subject."""
    return clean_name(f"{mail.subject[:120] or 'message'}.eml".replace("/", "-"))


def discard(incoming: list[Incoming]) -> None:
    """Remove the staged files that were not kept."""
    for item in incoming:
        for staged in item.staged_files():
            staged.discard()


def _stage_attachment(attachment: Attachment, store, limits: UploadLimits):
    staged = store.stage(max_bytes=limits.max_file_bytes, label=attachment.name)
    try:
        attachment.write_to(staged.write)
        staged.close()
    except FileTooLarge:
        return None, f"{attachment.name} is over the size limit; it is kept in the raw message"
    except BaseException:
        staged.discard()
        raise
    media_type = detect_media_type(staged.path)
    if media_type == EMPTY:
        staged.discard()
        return None, ""
    item = Incoming(name=attachment.name, staged=staged, media_type=media_type,
                    page_count=pdf_page_count(staged.path) if media_type == PDF else None)
    note = ""
    if media_type == ZIP:
        note = _unpack_into(item, store, limits)
    return item, note


def _unpack_into(item: Incoming, store, limits: UploadLimits) -> str:
    try:
        members = unpack(item.staged.path, archive_name=item.name, limits=limits.archive,
                         stage=lambda: store.stage())
    except ArchiveRefused:
        return (f"{item.name} was kept whole, not unpacked (over the bounds on files and "
                "size, or damaged)")
    for member in members:
        media_type = detect_media_type(member.staged.path)
        item.members.append(Incoming(
            name=clean_name(member.path), staged=member.staged, media_type=media_type,
            archive_path=member.path,
            page_count=pdf_page_count(member.staged.path) if media_type == PDF else None))
    return ""


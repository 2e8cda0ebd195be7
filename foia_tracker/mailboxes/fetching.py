"""Which messages are new, and their raw bytes exactly as stored on the server, unread."""

import re
from collections.abc import Iterator

from imap_tools import AND, U, MailMessageFlags
from imap_tools.errors import MailboxFetchError, MailboxMoveError
from imap_tools.utils import check_command_status, encode_folder

from ..mail_intake.received import RawMail, raw_spooled

_UID = re.compile(rb"\bUID (\d+)")
#: The most of one message fetched by one command.
FETCH_SLICE_BYTES = 8 * 1024 * 1024


def folder_uidvalidity(box, folder: str) -> int:
    """Return the folder's UIDVALIDITY."""
    return int(box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"])


def uids_after(box, last_uid: int, *, limit: int) -> list[int]:
    """Return up to `limit` UIDs above `last_uid`, oldest first."""
    # "UID n:*" always matches the newest message, even when its UID is below n.
    found = (int(uid) for uid in box.uids(AND(uid=U(last_uid + 1, "*"))))
    return sorted(uid for uid in found if uid > last_uid)[:limit]


def raw_messages(box, uids: list[int]) -> Iterator[tuple[int, RawMail]]:
    """Yield (uid, message spooled to disk) one at a time, without setting \\Seen (BODY.PEEK).

    The caller discards each spooled message once it is filed.
    """
    # imap-tools' own fetch parses into email.message objects; filing and the SHA-256 of the
    # evidence need the bytes exactly as stored, which imaplib's answer to BODY.PEEK[] carries.
    # Each message is fetched in slices (IMAP partial FETCH, RFC 3501 6.4.5), each written to
    # disk before the next is asked for: memory holds one slice, however large the message.
    for uid in uids:
        first = _slice(box, uid, 0)
        if first is not None:  # None: expunged since the search
            yield uid, raw_spooled(_slices(box, uid, first))


def _slices(box, uid: int, first: bytes) -> Iterator[bytes]:
    data, offset = first, 0
    while True:
        yield data
        if len(data) < FETCH_SLICE_BYTES:
            return
        offset += len(data)
        data = _slice(box, uid, offset)
        if data is None:
            # Never file the first part of a message as if it were all of it.
            raise MailboxFetchError(
                ("NO", [f"message {uid} was expunged while it was being read".encode()]), "OK")


def _slice(box, uid: int, offset: int) -> bytes | None:
    """Return the message's bytes from `offset` (at most a slice), or None if it is gone."""
    result = box.client.uid("FETCH", str(uid), f"(UID BODY.PEEK[]<{offset}.{FETCH_SLICE_BYTES}>)")
    check_command_status(result, MailboxFetchError)
    for item in result[1]:
        head = item[0] if isinstance(item, tuple) else item
        if not isinstance(head, bytes) or not (match := _UID.search(head)) \
                or int(match.group(1)) != uid:
            continue
        if isinstance(item, tuple):
            return item[1]
        if b"BODY[]" in head:
            return b""  # past the end: the server answers an empty string, not a literal
    return None


class CannotMove(Exception):
    """The server offers no way to move one message without expunging others."""


def server_capabilities(box) -> set[str]:
    """Return what the server offers after login (imaplib keeps only the greeting's list)."""
    result = box.client.capability()
    check_command_status(result, MailboxFetchError)
    return {word.upper() for line in result[1] for word in line.decode("ascii", "replace").split()}


def move_message(box, uid: int, folder: str, capabilities: set[str]) -> None:
    """Move one message to the folder: MOVE, or COPY and UID EXPUNGE of that message only."""
    # imap-tools falls back to a plain EXPUNGE, which would also remove every other message
    # someone marked deleted in the folder: the mailbox must not change beyond our message.
    if "MOVE" in capabilities:
        result = box.client.uid("MOVE", str(uid), encode_folder(folder))
        check_command_status(result, MailboxMoveError)
    elif "UIDPLUS" in capabilities:
        box.copy(str(uid), folder)
        box.flag(str(uid), MailMessageFlags.DELETED, True)
        result = box.client.uid("EXPUNGE", str(uid))
        check_command_status(result, MailboxMoveError)
    else:
        raise CannotMove("The server cannot move a single message (it supports neither MOVE nor "
                         "UIDPLUS); clear the folder for filed messages.")

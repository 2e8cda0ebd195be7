"""Which messages are new, and their raw bytes exactly as stored on the server, unread."""

import re
from collections.abc import Iterator

from imap_tools import AND, U, MailMessageFlags
from imap_tools.errors import MailboxFetchError, MailboxMoveError
from imap_tools.utils import check_command_status, encode_folder

_UID = re.compile(rb"\bUID (\d+)")


def folder_uidvalidity(box, folder: str) -> int:
    """Return the folder's UIDVALIDITY."""
    return int(box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"])


def uids_after(box, last_uid: int, *, limit: int) -> list[int]:
    """Return up to `limit` UIDs above `last_uid`, oldest first."""
    # "UID n:*" always matches the newest message, even when its UID is below n.
    found = (int(uid) for uid in box.uids(AND(uid=U(last_uid + 1, "*"))))
    return sorted(uid for uid in found if uid > last_uid)[:limit]


def raw_messages(box, uids: list[int]) -> Iterator[tuple[int, bytes]]:
    """Yield (uid, raw bytes) one message at a time, without setting \\Seen (BODY.PEEK)."""
    # imap-tools' own fetch parses into email.message objects; filing and the SHA-256 of the
    # evidence need the bytes exactly as stored, which imaplib's answer to BODY.PEEK[] carries.
    # One message per command keeps memory to one message, however large its attachments.
    for uid in uids:
        result = box.client.uid("FETCH", str(uid), "(UID BODY.PEEK[])")
        check_command_status(result, MailboxFetchError)
        for item in result[1]:
            if isinstance(item, tuple) and (match := _UID.search(item[0])):
                if int(match.group(1)) == uid:
                    yield uid, item[1]


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

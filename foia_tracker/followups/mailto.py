"""A mailto: link that opens the follow-up letter in the user's own e-mail program."""

from urllib.parse import quote


def mailto_url(address: str, subject: str, body: str) -> str:
    """Return a mailto: URL with the subject and body percent-encoded (RFC 6068)."""
    # Everything but the address's own characters is encoded, so "&" or "?" in the letter
    # cannot start another header, and line breaks travel as %0D%0A as the RFC asks.
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")

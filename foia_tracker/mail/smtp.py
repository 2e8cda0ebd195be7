"""Send e-mails over one reused SMTP connection, and sort its errors into final or not."""

import smtplib
import ssl
from collections.abc import Mapping


class PermanentFailure(Exception):
    """The server refused the message for good (5xx); sending it again cannot succeed."""


class TemporaryFailure(Exception):
    """The message could not be sent now (connection, timeout, 4xx); try again later."""


class ConnectFailure(TemporaryFailure):
    """No connection to the server: nothing else in the batch can be sent now either."""


class SmtpSender:
    """One SMTP connection for a whole batch, opened lazily, reopened if the server drops it."""

    def __init__(self, config: Mapping):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "SmtpSender":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def connect(self) -> None:
        """Open the connection unless it is open; raise ConnectFailure when that fails."""
        if self.smtp is not None:
            return
        try:
            self.smtp = _guarded(lambda: _connect(self.config))
        except (PermanentFailure, TemporaryFailure) as failure:
            # Even a 5xx here (bad login, greeting refused) is about the server, not the
            # message: retrying with backoff lets an admin fix the settings meanwhile.
            raise ConnectFailure(str(failure)) from failure

    def send(self, data: bytes, *, envelope_from: str, to_address: str) -> None:
        """Send one message; raise PermanentFailure or TemporaryFailure when it was not accepted."""
        self.connect()
        try:
            _guarded(lambda: self.smtp.sendmail(envelope_from, [to_address], data))
        except TemporaryFailure as failure:
            # A dropped connection (idle limit, per-connection message cap) deserves one fresh
            # connection; any other broken state is not reused for the next message either.
            self.close()
            if not isinstance(failure.__cause__, _DROPPED):
                raise
            self.connect()
            _guarded(lambda: self.smtp.sendmail(envelope_from, [to_address], data))

    def close(self) -> None:
        """Say goodbye to the server if it still listens, and drop the connection."""
        if self.smtp is None:
            return
        smtp, self.smtp = self.smtp, None
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


#: How a connection the server closed since the last message shows itself.
_DROPPED = (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError,
            ConnectionAbortedError)


def _connect(config: Mapping) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT_SECONDS"])
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _guarded(action):
    """Run an SMTP action, translating its errors to Permanent- or TemporaryFailure."""
    try:
        return action()
    except smtplib.SMTPRecipientsRefused as error:
        raise _refused(error) from error
    except smtplib.SMTPResponseException as error:
        failure = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
        raise failure(_reply_text(error.smtp_code, error.smtp_error)) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(str(error) or type(error).__name__) from error


def _refused(error: smtplib.SMTPRecipientsRefused) -> Exception:
    replies = error.recipients.items()
    text = "; ".join(f"{address}: {_reply_text(code, reply)}" for address, (code, reply) in replies)
    # A 4xx refusal (greylisting, full mailbox) may pass later; only 5xx is final.
    is_final = all(code >= 500 for _, (code, _reply) in replies)
    return (PermanentFailure if is_final else TemporaryFailure)(text)


def _reply_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}"

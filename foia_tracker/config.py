"""Default configuration and how the instance and environment override it."""

import os
import secrets
from pathlib import Path

#: Defaults; instance/config.py and FOIA_* environment variables override them.
DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    #: None: true when BASE_URL is https (finish_config), unless set explicitly.
    "SESSION_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_SECURE": None,
    #: Strict-Transport-Security max-age; None: a year when BASE_URL is https, else none.
    "HSTS_SECONDS": None,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    "PER_PAGE": 50,
    #: Failed logins for one account from one address, then from one address for any
    #: accounts, before that address waits LOGIN_LOCKOUT_MINUTES (at most a day).
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_LOCKOUT_MINUTES": 15,
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted.
    "PROXY_COUNT": 0,
    "INVITATION_MAX_AGE_HOURS": 72,
    # Mail: alerts are queued whatever these say, and delivered only when MAIL_SERVER is set.
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": "foia-tracker@localhost",
    "MAIL_TIMEOUT_SECONDS": 30,
    "MAIL_MAX_ATTEMPTS": 6,
    #: Seconds before the first retry; each further retry waits twice as long.
    "MAIL_RETRY_BASE_SECONDS": 60,
    #: Where links in e-mails point, e.g. https://foia.example.org
    "BASE_URL": "http://127.0.0.1:5000",
    # Documents: stored by content hash under DOCUMENTS_PATH (default instance/documents), or
    # in object storage when DOCUMENTS_URL is s3://BUCKET/PREFIX (credentials: boto3's own).
    "DOCUMENTS_PATH": None,
    "DOCUMENTS_URL": None,
    #: For S3-compatible servers other than AWS (MinIO, Ceph...), e.g. https://minio.example.org
    "S3_ENDPOINT_URL": None,
    "S3_REGION": None,
    #: Local folder where uploads and exports are staged with an object store
    #: (default instance/staging); with a folder store, DOCUMENTS_PATH/tmp.
    "DOCUMENTS_STAGING_PATH": None,
    "UPLOAD_MAX_FILE_BYTES": 512 * 1024 * 1024,
    #: One upload (several files) may carry at most this much in all, archives unpacked.
    "UPLOAD_MAX_REQUEST_BYTES": 2 * 1024 * 1024 * 1024,
    "UPLOAD_MAX_FILES": 50,
    #: Bounds on a ZIP archive from an agency, checked while it is unpacked.
    "ARCHIVE_MAX_MEMBERS": 2000,
    #: A member over ARCHIVE_RATIO_MIN_BYTES unpacked may be at most this many times its
    #: compressed size (text compresses 5-20 times; a zip bomb, hundreds of times).
    "ARCHIVE_MAX_RATIO": 100,
    "ARCHIVE_RATIO_MIN_BYTES": 1024 * 1024,
    #: Bytes of documents one organisation may keep (None: no quota).
    "ORGANISATION_QUOTA_BYTES": None,
    #: Mail intake: a message larger than this is filed by its headers and kept whole, its
    #: attachments not unpacked, because the `email` parser holds about three times a message
    #: while reading it (50 MB: the 20-25 MB attachments mail services allow, base64-encoded,
    #: are still unpacked); each organisation's records address, by code, whose
    #: plus-address (records+OR-2026-0042@...) the request page gives agencies for replies.
    "MAIL_INTAKE_MAX_MESSAGE_BYTES": 50 * 1024 * 1024,
    "MAIL_INTAKE_ADDRESSES": {},
    #: Text extraction of one document stops after this much text (the page says it was cut).
    "EXTRACTION_MAX_TEXT_BYTES": 50 * 1024 * 1024,
    #: Seconds between the scheduler's looks for documents waiting for text extraction.
    "EXTRACTION_INTERVAL_SECONDS": 10,
    #: A document "running" this long without progress is taken over (its worker died).
    "EXTRACTION_STALE_SECONDS": 900,
    # Mailboxes read over IMAP: their passwords are encrypted with MAILBOX_KEY (a Fernet key, or
    # several separated by commas, the first encrypting); no key, no mailbox features.
    "MAILBOX_KEY": None,
    #: A CA bundle to trust besides the system's, for a mail server with a private CA.
    "MAILBOX_CA_FILE": None,
    "MAILBOX_POLL_INTERVAL_SECONDS": 120,
    #: Messages fetched per batch, and batches per mailbox per run; the next run resumes.
    "MAILBOX_BATCH_SIZE": 50,
    "MAILBOX_MAX_BATCHES": 20,
    "MAILBOX_TIMEOUT_SECONDS": 30,
    #: A check holding a mailbox this long without progress died; another may take it over.
    "MAILBOX_CLAIM_STALE_SECONDS": 900,
    #: OCR (needs Tesseract; see the README): parallel page readers in one worker process,
    #: a claim without progress taken over after this long, and bounds on one page.
    "OCR_WORKERS": 2,
    "OCR_INTERVAL_SECONDS": 10,
    "OCR_STALE_SECONDS": 900,
    "OCR_MAX_PAGE_MEGAPIXELS": 25,
    "OCR_PAGE_TIMEOUT_SECONDS": 180,
    #: Tesseract's orientation confidence needed to turn a page (OCRmyPDF's default, 14,
    #: leaves short upside-down pages unread).
    "OCR_ROTATE_THRESHOLD": 2.0,
    #: Turn pages upright (orientation detection) and straighten skewed ones: each costs a pass.
    "OCR_ROTATE_PAGES": True,
    "OCR_DESKEW": True,
}


def sqlite_uri(instance_path: str) -> str:
    """Return the URI of the embedded SQLite database in the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "foia_tracker.sqlite")


def normalise_database_uri(uri: str) -> str:
    """Select the psycopg 3 driver for plain PostgreSQL URLs (as Heroku-style tools write them)."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix):]
    return uri


def instance_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, generating it on first run."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def finish_config(config, instance_path: str) -> None:
    """Fill in the settings that depend on the instance folder."""
    if config.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    config.setdefault("SQLALCHEMY_DATABASE_URI", sqlite_uri(instance_path))
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_uri(config["SQLALCHEMY_DATABASE_URI"])
    if not config.get("DOCUMENTS_PATH"):
        config["DOCUMENTS_PATH"] = str(Path(instance_path) / "documents")
    if not config.get("DOCUMENTS_STAGING_PATH"):
        config["DOCUMENTS_STAGING_PATH"] = str(Path(instance_path) / "staging")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret_key(instance_path)
    _follow_base_url_scheme(config)


def _follow_base_url_scheme(config) -> None:
    # Served over https, a cookie sent over plain http could be read on the way.
    is_https = str(config.get("BASE_URL") or "").lower().startswith("https://")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config.get(key) is None:
            config[key] = is_https
    if config.get("HSTS_SECONDS") is None:
        config["HSTS_SECONDS"] = 365 * 24 * 3600 if is_https else 0

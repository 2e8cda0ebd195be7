"""A real Dovecot IMAP server on 127.0.0.1, over TLS with a certificate made for the test."""

import contextlib
import datetime
import getpass
import grp
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists()
                                      else None)
USER = "records@affiliate.example"
PASSWORD = "app-password-for-tests"


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    #: The self-signed certificate the server presents: the client must be told to trust it.
    ca_file: str
    #: Where Dovecot keeps the user's maildir, to check that nothing was changed behind IMAP.
    maildir: Path
    #: Plain IMAP that must be upgraded with STARTTLS before logging in.
    starttls_port: int


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Write a certificate for 127.0.0.1 and its key; return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _service_users() -> tuple[str, str, str]:
    """Return the internal user, its group and the login user the services run as."""
    if os.getuid() != 0:
        # Unprivileged: everything runs as the current user, without chroot (needs root).
        account = pwd.getpwuid(os.getuid()).pw_name
        return account, grp.getgrgid(os.getgid()).gr_name, account
    # As root, Dovecot refuses to run its network-facing login processes as root.
    internal = _first_user("dovecot", "nobody")
    return internal, grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name, \
        _first_user("dovenull", "nobody")


def _first_user(*names: str) -> str:
    for name in names:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name).pw_name
    raise RuntimeError(f"none of the users {names} exists to run Dovecot's services")


def _mail_ids() -> tuple[int, int]:
    """Return the uid and gid mail is stored as: the current user, or not root when root."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    # Dovecot never accesses mail as uid 0.
    entry = pwd.getpwnam(_first_user("dovecot", "nobody"))
    return entry.pw_uid, entry.pw_gid


def _config(folder: Path, served: Path, port: int, starttls_port: int, cert: Path,
            key: Path) -> str:
    internal_user, internal_group, login_user = _service_users()
    chroot = "" if os.getuid() != 0 else "login"
    mail_uid, mail_gid = _mail_ids()
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {served}/run
state_dir = {folder}/state
instance_name = foia-test-{port}
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
last_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={served}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot = {chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
"""


@contextlib.contextmanager
def dovecot_server(folder: Path):
    """Run Dovecot in the foreground on a free port of 127.0.0.1; yield its ImapServer."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "state").mkdir(exist_ok=True)
    cert, key = self_signed_certificate(folder)
    # Dovecot's sockets live in base_dir, and a Unix socket's path must fit in 107 bytes, which
    # pytest's tmp_path often exceeds; as root, the mail user must also reach the maildir,
    # which pytest's private (0700) folders forbid. So: a short open folder, removed afterwards.
    served = Path(tempfile.mkdtemp(prefix="dovecot-"))
    served.chmod(0o755)
    (served / "run").mkdir()
    (served / "home").mkdir()
    mail_uid, mail_gid = _mail_ids()
    os.chown(served / "home", mail_uid, mail_gid)
    port = free_port()
    config = folder / "dovecot.conf"
    starttls_port = free_port()
    config.write_text(_config(folder, served, port, starttls_port, cert, key))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, folder)
        yield ImapServer("127.0.0.1", port, USER, PASSWORD, str(cert),
                         served / "home" / USER / "Maildir", starttls_port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        shutil.rmtree(served, ignore_errors=True)


def _wait_for(port: int, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")
            log = (folder / "dovecot.log")
            raise RuntimeError(f"dovecot exited: {output}\n"
                               f"{log.read_text() if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("dovecot did not start listening within 15 seconds")

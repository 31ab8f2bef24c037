"""Build the digest e-mail (text + HTML alternatives) and send it over SMTP.

Only the configured sender, recipients and subject prefix (validated, single-line) and the
counts reach the headers; mention text stays in the body. Credentials come from the environment
variables the config names and never appear in an error message.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from mentionwatch import __version__
from mentionwatch.config import DigestConfig, SmtpConfig
from mentionwatch.text import one_line


class MailError(Exception):
    """The digest was not delivered; ``str()`` is one line naming the server and the reason, no secrets."""


class MailSetupError(Exception):
    """``digest --send`` cannot run as configured (no ``[digest]`` section, a credential missing)."""


@dataclass(frozen=True)
class Credentials:
    """SMTP login read from the environment; the password never shows in ``repr``."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Delivery:
    """What the server accepted: the Message-ID and any recipients it refused."""

    message_id: str
    recipients: tuple[str, ...]
    refused: tuple[str, ...] = ()


def check_setup(digest: DigestConfig, config_path: object = None) -> None:
    """Raise :class:`MailSetupError` unless ``[digest]`` names a sender and at least one recipient."""
    where = f" in {config_path}" if config_path else ""
    if not digest.sender or not digest.to:
        missing = " and ".join(k for k, v in (("from", digest.sender), ("to", digest.to)) if not v)
        raise MailSetupError(
            f"digest --send needs a [digest] section with {missing}{where} (see config.example.toml)"
        )


def credentials(smtp: SmtpConfig, env: Mapping[str, str]) -> Credentials | None:
    """The login named by ``username_env``/``password_env``; ``None`` if the config names none."""
    if not smtp.username_env and not smtp.password_env:
        return None
    if not smtp.username_env or not smtp.password_env:
        raise MailSetupError("[digest.smtp] needs both username_env and password_env, or neither")
    username = env.get(smtp.username_env)
    password = env.get(smtp.password_env)
    missing = [name for name, value in ((smtp.username_env, username), (smtp.password_env, password)) if not value]
    if missing:
        raise MailSetupError(f"SMTP credentials missing: environment variable {' and '.join(missing)} not set")
    assert username is not None and password is not None
    return Credentials(username, password)


def build_message(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str,
    now: datetime,
) -> EmailMessage:
    """A multipart/alternative message: the text part first, the HTML part preferred."""
    message = EmailMessage()
    message["From"] = Address(display_name="mentionwatch", addr_spec=sender)
    message["To"] = ", ".join(to)
    # the subject is the configured prefix plus counts; one_line guards against CR/LF all the same
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(now.astimezone())
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else None
    message["Message-ID"] = make_msgid("digest", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message["X-Mailer"] = f"mentionwatch {__version__}"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_message(
    message: EmailMessage,
    smtp: SmtpConfig,
    *,
    login: Credentials | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> Delivery:
    """Deliver ``message`` with ``smtp.security`` (``starttls``, ``tls`` or ``none``); raise :class:`MailError`.

    Returns only once the server has accepted the message for at least one recipient.
    """
    where = f"{smtp.host}:{smtp.port}"
    recipients = tuple(a.strip() for a in str(message["To"]).split(",") if a.strip())
    context = ssl_context or ssl.create_default_context()
    client: smtplib.SMTP | None = None
    try:
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        client.ehlo()
        if smtp.security == "starttls":
            if not client.has_extn("starttls"):
                raise MailError(f"{where}: the server does not offer STARTTLS (set security = \"tls\" or \"none\" in [digest.smtp])")
            client.starttls(context=context)
            client.ehlo()
        if login is not None:
            try:
                client.login(login.username, login.password)
            except smtplib.SMTPServerDisconnected as exc:
                raise MailError(f"{where}: authentication failed ({_disconnect_reason(exc, smtp)})") from None
        refused = client.send_message(message)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"{where}: authentication failed ({_reply(exc.smtp_code, exc.smtp_error)})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        codes = "; ".join(f"{one_line(addr)}: {_reply(code, msg)}" for addr, (code, msg) in exc.recipients.items())
        raise MailError(f"{where}: every recipient was refused ({codes})") from None
    except smtplib.SMTPSenderRefused as exc:
        raise MailError(f"{where}: sender {one_line(str(exc.sender))} refused ({_reply(exc.smtp_code, exc.smtp_error)})") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"{where}: the server refused the message ({_reply(exc.smtp_code, exc.smtp_error)})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"{where}: {one_line(str(exc))[:200]}") from None
    except smtplib.SMTPServerDisconnected as exc:
        raise MailError(f"{where}: {_disconnect_reason(exc, smtp)}") from None
    except ssl.SSLError as exc:
        raise MailError(f"{where}: TLS failed ({one_line(exc.reason or str(exc))[:200]})") from None
    except ConnectionRefusedError:
        raise MailError(f"{where}: connection refused") from None
    except TimeoutError:
        raise MailError(f"{where}: timed out after {smtp.timeout:g}s") from None
    except socket.gaierror as exc:
        raise MailError(f"{where}: cannot resolve the host ({one_line(str(exc.strerror or exc))})") from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise MailError(f"{where}: {one_line(str(reason))[:200]}") from None
    finally:
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
    return Delivery(
        message_id=str(message["Message-ID"]),
        recipients=recipients,
        refused=tuple(sorted(refused)),
    )


def _disconnect_reason(exc: smtplib.SMTPServerDisconnected, smtp: SmtpConfig) -> str:
    # smtplib reports a read timeout as "Connection unexpectedly closed: timed out"
    if "timed out" in str(exc):
        return f"timed out after {smtp.timeout:g}s"
    return "the server closed the connection"


def _reply(code: int, text: bytes | str) -> str:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {one_line(raw)[:200]}".strip()


def preview(message: EmailMessage, body: str) -> str:
    """What ``--dry-run`` shows: the headers that would be sent and one body part, decoded."""
    lines = [f"{name}: {value}" for name, value in message.items() if name.lower() not in ("content-type", "mime-version", "content-transfer-encoding")]
    parts = [part.get_content_type() for part in message.iter_parts()]
    lines.append(f"Parts: {', '.join(parts)}")
    return "\n".join(lines) + "\n\n" + body

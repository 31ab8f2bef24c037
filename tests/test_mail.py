"""Building and sending the digest e-mail, against real SMTP servers on loopback."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mentionwatch.config import DigestConfig, SmtpConfig
from mentionwatch.mail import (
    Credentials,
    MailError,
    MailSetupError,
    build_message,
    check_setup,
    credentials,
    preview,
    send_message,
)

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)
SECRET = "s3cret-Pa55word"


def message(subject: str = "mentionwatch digest: 1 respond now · 0 worth a look · 2 FYI") -> Any:
    return build_message(
        sender="watch@joes.example",
        to=["owner@joes.example", "sam@joes.example"],
        subject=subject,
        text="Mentions for Joe's Bakery\n\nRESPOND NOW (1)\n",
        html="<!DOCTYPE html><html><body><p style=\"color:#b42318\">Respond now</p></body></html>",
        now=NOW,
    )


def smtp(port: int, **changes: Any) -> SmtpConfig:
    values: dict[str, Any] = {"host": "127.0.0.1", "port": port, "security": "none", "timeout": 5.0}
    values.update(changes)
    return SmtpConfig(**values)


# ---------------------------------------------------------------- the message


def test_the_message_is_multipart_alternative_with_text_first_and_html_preferred() -> None:
    msg = message()
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert "RESPOND NOW" in parts[0].get_content()
    assert "<p style=" in parts[1].get_content()


def test_the_message_has_the_headers_a_mail_client_and_an_auto_responder_expect() -> None:
    msg = message()
    assert msg["From"] == "mentionwatch <watch@joes.example>"
    assert msg["To"] == "owner@joes.example, sam@joes.example"
    assert msg["Subject"] == "mentionwatch digest: 1 respond now · 0 worth a look · 2 FYI"
    assert msg["Date"]
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@joes.example>")
    assert msg["Auto-Submitted"] == "auto-generated"


def test_cr_lf_in_the_subject_cannot_inject_a_header() -> None:
    msg = message("digest\r\nBcc: victim@evil.example\r\n\r\nbody")
    raw = msg.as_string()
    header_block = raw.split("\n\n", 1)[0]
    assert "Bcc" not in msg
    assert not any(line.lower().startswith("bcc:") for line in header_block.splitlines())
    assert "\r" not in msg["Subject"] and "\n" not in msg["Subject"]


def test_preview_shows_headers_parts_and_the_body_but_no_encoded_payload() -> None:
    shown = preview(message(), "the text body")
    assert "Subject: mentionwatch digest" in shown
    assert "Parts: text/plain, text/html" in shown
    assert shown.endswith("the text body")


# ---------------------------------------------------------------- setup checks


def test_check_setup_names_what_the_digest_section_is_missing() -> None:
    with pytest.raises(MailSetupError, match=r"needs a \[digest\] section with from and to in /etc/mw.toml"):
        check_setup(DigestConfig(), "/etc/mw.toml")
    with pytest.raises(MailSetupError, match="with to"):
        check_setup(DigestConfig(sender="a@b.example"))
    check_setup(DigestConfig(sender="a@b.example", to=("c@d.example",)))


def test_credentials_come_from_the_environment_and_never_show_in_repr() -> None:
    config = smtp(25, username_env="SMTP_USER", password_env="SMTP_PASSWORD")
    login = credentials(config, {"SMTP_USER": "sam", "SMTP_PASSWORD": SECRET})
    assert login == Credentials("sam", SECRET)
    assert SECRET not in repr(login)
    assert credentials(smtp(25), {}) is None


def test_a_missing_credential_names_the_variable_not_a_value() -> None:
    config = smtp(25, username_env="SMTP_USER", password_env="SMTP_PASSWORD")
    with pytest.raises(MailSetupError, match="SMTP_PASSWORD not set"):
        credentials(config, {"SMTP_USER": "sam"})
    with pytest.raises(MailSetupError, match="both username_env and password_env"):
        credentials(smtp(25, username_env="SMTP_USER"), {"SMTP_USER": "sam"})


# ---------------------------------------------------------------- sending


def test_send_delivers_both_parts_to_every_recipient(smtp_server: Any) -> None:
    delivery = send_message(message(), smtp(smtp_server.port))
    [received] = smtp_server.messages
    envelope = smtp_server.handler.envelopes[0]
    assert envelope.mail_from == "watch@joes.example"
    assert sorted(envelope.rcpt_tos) == ["owner@joes.example", "sam@joes.example"]
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    assert received["Message-ID"] == delivery.message_id
    assert delivery.refused == ()


def test_starttls_with_a_login_from_the_environment(start_smtp: Any, tls_files: Any) -> None:
    server = start_smtp(starttls=tls_files.server_context(), users={"sam": SECRET})
    send_message(
        message(),
        smtp(server.port, security="starttls"),
        login=Credentials("sam", SECRET),
        ssl_context=tls_files.client_context(),
    )
    assert server.logins == [("sam", SECRET)]
    assert len(server.messages) == 1


def test_implicit_tls(start_smtp: Any, tls_files: Any) -> None:
    server = start_smtp(implicit_tls=tls_files.server_context())
    send_message(message(), smtp(server.port, security="tls"), ssl_context=tls_files.client_context())
    assert len(server.messages) == 1


def test_an_untrusted_certificate_fails_the_send(start_smtp: Any, tls_files: Any) -> None:
    server = start_smtp(implicit_tls=tls_files.server_context())
    with pytest.raises(MailError, match=r"127\.0\.0\.1:\d+: TLS failed"):
        send_message(message(), smtp(server.port, security="tls"))
    assert server.messages == []


def test_starttls_required_but_not_offered_is_a_clear_error(smtp_server: Any) -> None:
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send_message(message(), smtp(smtp_server.port, security="starttls"))
    assert smtp_server.messages == []


def test_a_refused_connection_names_host_and_port(closed_port: int) -> None:
    port = closed_port
    with pytest.raises(MailError) as info:
        send_message(message(), smtp(port))
    assert str(info.value) == f"127.0.0.1:{port}: connection refused"


def test_a_server_that_rejects_the_message_is_a_failure_with_its_reply(smtp_server: Any) -> None:
    smtp_server.handler.reject = "554 5.7.1 Message rejected as spam"
    with pytest.raises(MailError, match=r"refused the message \(554 5\.7\.1 Message rejected as spam\)"):
        send_message(message(), smtp(smtp_server.port))


def test_failed_authentication_never_shows_the_password(start_smtp: Any, tls_files: Any) -> None:
    server = start_smtp(starttls=tls_files.server_context(), users={"sam": "the-right-one"})
    with pytest.raises(MailError, match="authentication failed") as info:
        send_message(
            message(),
            smtp(server.port, security="starttls"),
            login=Credentials("sam", SECRET),
            ssl_context=tls_files.client_context(),
        )
    assert SECRET not in str(info.value)
    assert server.messages == []


def test_a_server_that_never_answers_times_out(silent_server: tuple[str, int]) -> None:
    _host, port = silent_server
    with pytest.raises(MailError, match=r"timed out after 0\.3s"):
        send_message(message(), smtp(port, timeout=0.3))

"""Real SMTP servers on loopback for the digest tests (aiosmtpd), with optional STARTTLS, TLS and login.

Loaded as a pytest plugin by ``tests/conftest.py``: fixtures ``start_smtp``, ``smtp_server``,
``tls_files``, ``closed_port`` and ``silent_server``.
"""

from __future__ import annotations

import asyncio
import email
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RecordingHandler:
    """An aiosmtpd handler that keeps every accepted message (or refuses them all)."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.reject: str | None = None
        self.delay = 0.0
        self.data_calls = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reject:
            return self.reject
        self.envelopes.append(envelope)
        return "250 2.0.0 Message accepted"


@dataclass
class SmtpServer:
    """A running loopback SMTP server and what it received."""

    host: str
    port: int
    handler: RecordingHandler
    logins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def messages(self) -> list[EmailMessage]:
        """Every accepted message, parsed."""
        return [
            email.message_from_bytes(e.original_content or e.content, policy=default_policy)  # type: ignore[misc]
            for e in self.handler.envelopes
        ]


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed certificate for 127.0.0.1 and localhost."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        """The server side."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.key))
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client that trusts this certificate (and checks the host name)."""
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """Generate a throwaway certificate with the openssl command (skip if there is none)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True,
        capture_output=True,
    )
    return TlsFiles(cert, key)


ServerFactory = Callable[..., SmtpServer]


@pytest.fixture
def start_smtp() -> Iterator[ServerFactory]:
    """Start loopback SMTP servers: ``start_smtp(tls=..., starttls=..., users={...})``; all stopped after the test."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    controllers: list[Any] = []

    def start(
        *,
        implicit_tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
        users: dict[str, str] | None = None,
    ) -> SmtpServer:
        handler = RecordingHandler()
        port = free_port()
        server = SmtpServer("127.0.0.1", port, handler)

        def authenticator(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
            if not isinstance(data, LoginPassword):
                return AuthResult(success=False, handled=False)
            login, password = data.login.decode(), data.password.decode()
            server.logins.append((login, password))
            # handled=False: let aiosmtpd send the 535 reply itself
            return AuthResult(success=(users or {}).get(login) == password, handled=False)

        kwargs: dict[str, Any] = {}
        if users is not None:
            kwargs["authenticator"] = authenticator
            kwargs["auth_required"] = True
            kwargs["auth_require_tls"] = starttls is not None or implicit_tls is not None
        if starttls is not None:
            kwargs["tls_context"] = starttls
            kwargs["require_starttls"] = True
        controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=implicit_tls, **kwargs)
        controller.start()
        controllers.append(controller)
        return server

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp: ServerFactory) -> SmtpServer:
    """A plain loopback SMTP server (no TLS, no login)."""
    return start_smtp()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    return free_port()


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """A TCP listener that accepts connections but never says a word (to exercise timeouts)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield "127.0.0.1", int(sock.getsockname()[1])
    finally:
        sock.close()

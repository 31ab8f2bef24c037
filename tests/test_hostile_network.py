"""Failing networks, end to end: real sockets on loopback, one fault per source, through ``scan``.

Each fault fails that source alone with one line on stderr; the healthy source's mentions are still
printed; the exit status is 3. Faults: timeout, connection refused, TLS failure, 429, 5xx, truncated
body, malformed JSON, malformed XML, wrong content type, endless redirects, oversized responses (with
and without Content-Length), and an error body full of escape sequences.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from mentionwatch import fetch
from mentionwatch.http import HttpClient, HttpSettings
from tests.conftest import jsonl, write_config
from tests.hostile import assert_terminal_safe
from tests.sources.source_fakes import LoopbackServer, fixture

#: Short timeouts, instant retries and a 256 KiB size cap, so every fault resolves in well under a second.
SETTINGS = HttpSettings(timeout=0.5, connect_timeout=0.5, max_bytes=256 * 1024, max_tries=2, backoff_base=0.001, backoff_cap=0.001, total_budget=10, max_redirects=5)
HN = "/api/v1/search_by_date"


class FaultServer:
    """A loopback HTTP server that answers every request with one kind of fault."""

    def __init__(self, fault: str):
        self.fault = fault
        self.hits = 0
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.hits += 1
                FAULTS[server.fault](self, server)

            do_POST = do_GET

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _reply(handler: BaseHTTPRequestHandler, code: int, body: bytes, ctype: str = "application/json", headers: dict[str, str] | None = None, length: int | None = None) -> None:
    handler.send_response(code)
    handler.send_header("Content-Type", ctype)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)


def _timeout(handler: BaseHTTPRequestHandler, server: FaultServer) -> None:
    server.release.wait(5)  # never answer while the client is waiting


def _truncated(handler: BaseHTTPRequestHandler, server: FaultServer) -> None:
    _reply(handler, 200, b'{"items": [{"id"', length=5000)
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def _unbounded(handler: BaseHTTPRequestHandler, server: FaultServer) -> None:
    # no Content-Length: the client only learns the size by reading, and must stop at its cap
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    handler.close_connection = True
    chunk = b" " * 65536
    try:
        for _ in range(64):  # 4 MiB
            handler.wfile.write(chunk)
    except OSError:
        pass


def _redirect(handler: BaseHTTPRequestHandler, server: FaultServer) -> None:
    _reply(handler, 302, b"", headers={"Location": handler.path}, length=0)


FAULTS: dict[str, Callable[[BaseHTTPRequestHandler, FaultServer], None]] = {
    "timeout": _timeout,
    "429": lambda h, s: _reply(h, 429, b'{"error": "slow down"}', headers={"Retry-After": "0"}),
    "5xx": lambda h, s: _reply(h, 503, b"upstream down", "text/plain", headers={"Retry-After": "0"}),
    "truncated body": _truncated,
    "malformed JSON": lambda h, s: _reply(h, 200, b'{"items": [{"id": 1,'),
    "malformed XML": lambda h, s: _reply(h, 200, fixture("malformed.xml"), "application/rss+xml"),
    "wrong content type": lambda h, s: _reply(h, 200, b"<html><body>Sign in</body></html>", "text/html"),
    "redirect loop": _redirect,
    "oversized (declared)": lambda h, s: _reply(h, 200, b"", length=50 * 1024 * 1024),
    "oversized (streamed)": _unbounded,
    "hostile error body": lambda h, s: _reply(h, 400, b'{"error": "\\u001b[2J\\u001b]0;pwned\\u0007bad\\nrequest\\u202e"}'),
}

#: What the one-line reason must say, by fault (any of the alternatives; sources word some faults their own way).
EXPECTED: dict[str, tuple[str, ...]] = {
    "timeout": ("timed out",),
    "connection refused": ("cannot connect to 127.0.0.1",),
    "TLS failure": ("TLS failure talking to 127.0.0.1",),
    "429": ("rate-limited (429)",),
    "5xx": ("server error (503)",),
    "truncated body": ("connection broken by 127.0.0.1",),
    "malformed JSON": ("malformed JSON", "expected a feed", "malformed feed"),
    "malformed XML": ("expected JSON but got application/rss+xml", "malformed feed"),
    "wrong content type": ("expected JSON but got text/html", "expected a feed but got text/html"),
    "redirect loop": ("too many redirects",),
    "oversized (declared)": ("too large",),
    "oversized (streamed)": ("too large",),
    "hostile error body": ("400",),
}

#: The source that suffers the fault, and how its config points it at the faulty server.
FAULTY: dict[str, Callable[[str], str]] = {
    "stackexchange": lambda url: f'[sources.stackexchange]\nbase_url = "{url}"\n',
    "github": lambda url: f'[sources.github]\nbase_url = "{url}"\n',
    "discourse": lambda url: f'[sources.discourse]\nurl = "{url}"\n',
    "mastodon": lambda url: f'[sources.mastodon]\ninstance = "{url}"\nhashtags = ["acmewidgets"]\n',
    "rss": lambda url: f'[sources.rss]\nfeeds = ["{url}/feed.xml"]\n',
}


@pytest.fixture(autouse=True)
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every client the scan builds uses the short test settings."""

    class Client(HttpClient):
        def __init__(self, settings: HttpSettings | None = None, transport: Any = None):
            super().__init__(SETTINGS, transport=transport)

    monkeypatch.setattr(fetch, "HttpClient", Client)


@pytest.fixture
def healthy() -> Iterator[LoopbackServer]:
    """Hacker News answering with one good mention."""
    body = fixture("hackernews_page1.json").replace(b'"nbPages": 2', b'"nbPages": 1')
    with LoopbackServer({HN: (200, body, {})}) as server:
        yield server


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scan_config(healthy_url: str, faulty: str, faulty_url: str) -> str:
    return (
        '[business]\nname = "Acme Widgets"\n\n[[keywords]]\nquery = \'"Acme Widgets"\'\n\n'
        f'[sources.hackernews]\nbase_url = "{healthy_url}"\n\n' + FAULTY[faulty](faulty_url)
    )


def check_partial(result: Any, faulty: str, fault: str) -> str:
    """Exit 3, the healthy mention printed, exactly one safe line naming the faulty source; returns it."""
    assert result.exit_code == 3, result.stderr
    assert [r["id"] for r in jsonl(result.stdout)] == ["hackernews:47250000"]
    lines = result.stderr.splitlines()
    for line in lines:
        assert_terminal_safe(line)
    mine = [line for line in lines if line.startswith(f"mentionwatch: {faulty}: ")]
    assert len(mine) == 1, result.stderr
    assert mine[0].endswith("; skipped")
    assert any(e in mine[0] for e in EXPECTED[fault]), mine[0]
    assert not any(line.startswith("mentionwatch: hackernews: ") for line in lines)
    return mine[0]


@pytest.mark.parametrize("faulty", sorted(FAULTY))
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_faulty_server_fails_its_source_alone(run_cli: Any, isolated_home: Path, healthy: LoopbackServer, fault: str, faulty: str) -> None:
    with FaultServer(fault) as server:
        write_config(isolated_home, scan_config(healthy.url, faulty, server.url))
        result = run_cli("scan", "--format", "jsonl", "--since", "2026-11-01")
    check_partial(result, faulty, fault)
    assert server.hits >= 1


@pytest.mark.parametrize("faulty", sorted(FAULTY))
def test_connection_refused_fails_its_source_alone(run_cli: Any, isolated_home: Path, healthy: LoopbackServer, faulty: str) -> None:
    write_config(isolated_home, scan_config(healthy.url, faulty, f"http://127.0.0.1:{closed_port()}"))
    check_partial(run_cli("scan", "--format", "jsonl", "--since", "2026-11-01"), faulty, "connection refused")


@pytest.mark.parametrize("faulty", sorted(FAULTY))
def test_tls_to_a_plain_http_port_fails_its_source_alone(run_cli: Any, isolated_home: Path, healthy: LoopbackServer, faulty: str) -> None:
    with FaultServer("429") as plain:
        write_config(isolated_home, scan_config(healthy.url, faulty, f"https://127.0.0.1:{plain.port}"))
        check_partial(run_cli("scan", "--format", "jsonl", "--since", "2026-11-01"), faulty, "TLS failure")


def test_every_fault_at_once_still_prints_the_healthy_source(run_cli: Any, isolated_home: Path, healthy: LoopbackServer) -> None:
    faults = {"stackexchange": "timeout", "github": "truncated body", "discourse": "redirect loop", "mastodon": "oversized (streamed)", "rss": "malformed XML"}
    servers = [FaultServer(fault) for fault in faults.values()]
    for server in servers:
        server.__enter__()
    try:
        text = scan_config(healthy.url, "stackexchange", servers[0].url)
        for (name, _), server in list(zip(faults.items(), servers, strict=True))[1:]:
            text += "\n" + FAULTY[name](server.url)
        write_config(isolated_home, text)
        result = run_cli("scan", "--format", "jsonl", "--since", "2026-11-01")
    finally:
        for server in servers:
            server.__exit__()
    assert result.exit_code == 3
    assert [r["id"] for r in jsonl(result.stdout)] == ["hackernews:47250000"]
    for name, fault in faults.items():
        (line,) = [line for line in result.stderr.splitlines() if line.startswith(f"mentionwatch: {name}: ")]
        assert any(e in line for e in EXPECTED[fault]), line

"""The shared HTTP client against a real HTTP server on loopback: retries, timeouts, size caps, redirects."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from mentionwatch import __version__
from mentionwatch.http import (
    HttpClient,
    HttpError,
    HttpResponse,
    HttpSettings,
    rate_limit_wait,
    retry_after,
    retry_delay,
)

FAST = HttpSettings(timeout=2.0, connect_timeout=2.0, backoff_base=0.001, backoff_cap=0.01, total_budget=20.0, max_tries=3)


@dataclass
class ServerState:
    """What the loopback server saw."""

    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    """Behaviour by path; see each branch."""

    state: ServerState

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.state.lock:
            self.state.hits[path] += 1
            hit = self.state.hits[path]
        if path == "/json":
            self.send(200, b'{"ok": true}')
        elif path == "/echo":
            self.send(200, json.dumps({k.lower(): v for k, v in self.headers.items()}).encode())
        elif path == "/flaky":  # 429 with Retry-After once, then fine
            if hit == 1:
                self.send(429, b'{"error": "slow down"}', {"Retry-After": "1"})
            else:
                self.send(200, b'{"ok": "after retry"}')
        elif path == "/flaky-now":
            if hit == 1:
                self.send(429, b"", {"Retry-After": "0"})
            else:
                self.send(200, b'{"ok": 1}')
        elif path == "/always500":
            self.send(500, b"<h1>oops</h1>", ctype="text/html")
        elif path == "/slow":
            time.sleep(1.0)
            with contextlib.suppress(OSError):
                self.send(200, b'{"late": true}')
        elif path == "/big":
            self.send(200, b"x" * 5000)
        elif path == "/big-unannounced":  # no Content-Length: the body runs until the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(20):
                    self.wfile.write(b"y" * 500)
            except OSError:
                pass
        elif path == "/loop":
            self.send(302, b"", {"Location": "/loop"})
        elif path == "/gzip":
            self.send(200, gzip.compress(b'{"zipped": "yes"}'), {"Content-Encoding": "gzip"})
        elif path == "/badgzip":
            self.send(200, b"this is not gzip at all", {"Content-Encoding": "gzip"})
        elif path == "/html":
            self.send(200, b"<html>captive portal</html>", ctype="text/html; charset=utf-8")
        elif path == "/badjson":
            self.send(200, b'{"a": [1, 2')
        elif path == "/403-limited":  # GitHub style: 403 with the rate limit used up, then fine
            if hit == 1:
                reset = str(int(time.time()) + 1)
                self.send(403, b'{"message": "API rate limit exceeded"}', {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
            else:
                self.send(200, b'{"ok": true}')
        elif path == "/403-blocked":
            self.send(403, b"<html>Access denied</html>", ctype="text/html")
        elif path == "/spent":  # a success that uses up the rate limit for an hour
            self.send(200, b'{"ok": true}', {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3600"})
        elif path == "/concurrent":
            with self.state.lock:
                self.state.active += 1
                self.state.max_active = max(self.state.max_active, self.state.active)
            time.sleep(0.05)
            with self.state.lock:
                self.state.active -= 1
            self.send(200, b'{"ok": true}')
        else:
            self.send(404, b'{"error": "no such path"}')


@pytest.fixture()
def server() -> Iterator[tuple[str, ServerState]]:
    state = ServerState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        httpd.shutdown()
        httpd.server_close()


def call(url: str, settings: HttpSettings = FAST, method: str = "GET", record: list[float] | None = None, **kwargs: Any) -> HttpResponse:
    async def go() -> HttpResponse:
        async with HttpClient(settings) as http:
            if record is not None:

                async def sleep(seconds: float) -> None:
                    record.append(seconds)

                http.sleep = sleep
            return await http.request(method, url, **kwargs)

    return asyncio.run(go())


def test_sends_a_descriptive_user_agent_with_version_and_accepts_gzip(server: tuple[str, ServerState]) -> None:
    base, _ = server
    headers = call(f"{base}/echo").json()
    assert headers["user-agent"].startswith(f"mentionwatch/{__version__} (+https://")
    assert "gzip" in headers["accept-encoding"]


def test_a_per_request_header_overrides_the_user_agent(server: tuple[str, ServerState]) -> None:
    base, _ = server
    assert call(f"{base}/echo", headers={"User-Agent": "cli:mentionwatch:1 (by /u/x)"}).json()["user-agent"] == "cli:mentionwatch:1 (by /u/x)"


def test_gzip_bodies_are_decoded(server: tuple[str, ServerState]) -> None:
    base, _ = server
    assert call(f"{base}/gzip").json() == {"zipped": "yes"}


def test_a_broken_gzip_body_is_one_line(server: tuple[str, ServerState]) -> None:
    base, _ = server
    with pytest.raises(HttpError, match="could not be decompressed"):
        call(f"{base}/badgzip")


def test_429_waits_as_long_as_retry_after_says_then_succeeds(server: tuple[str, ServerState]) -> None:
    base, state = server
    waits: list[float] = []
    assert call(f"{base}/flaky", record=waits).json() == {"ok": "after retry"}
    assert waits == [1.0]
    assert state.hits["/flaky"] == 2


def test_429_retry_for_real_without_a_recorder(server: tuple[str, ServerState]) -> None:
    base, state = server
    assert call(f"{base}/flaky-now").json() == {"ok": 1}
    assert state.hits["/flaky-now"] == 2


def test_a_500_that_never_recovers_gives_up_after_max_tries(server: tuple[str, ServerState]) -> None:
    base, state = server
    waits: list[float] = []
    with pytest.raises(HttpError) as caught:
        call(f"{base}/always500", record=waits)
    assert str(caught.value) == "server error (500) after 3 tries"
    assert state.hits["/always500"] == 3
    assert len(waits) == 2 and all(0 < w <= 0.01 for w in waits)


def test_backoff_grows_exponentially_with_jitter(server: tuple[str, ServerState]) -> None:
    base, _ = server
    waits: list[float] = []
    settings = HttpSettings(backoff_base=1.0, backoff_cap=30.0, max_tries=4, total_budget=100.0)
    with pytest.raises(HttpError):
        call(f"{base}/always500", settings=settings, record=waits)
    assert len(waits) == 3
    for attempt, wait in enumerate(waits, start=1):
        full = 2.0 ** (attempt - 1)
        assert full / 2 <= wait <= full


def test_a_timeout_is_retried_then_reported(server: tuple[str, ServerState]) -> None:
    base, _state = server
    settings = HttpSettings(timeout=0.2, connect_timeout=1.0, backoff_base=0.001, backoff_cap=0.01, max_tries=2)
    with pytest.raises(HttpError) as caught:
        call(f"{base}/slow", settings=settings)
    assert str(caught.value) == "timed out (0.2s) after 2 tries"


def test_an_announced_oversize_body_is_refused(server: tuple[str, ServerState]) -> None:
    base, _ = server
    with pytest.raises(HttpError, match=r"response from 127\.0\.0\.1:\d+ too large \(5000 bytes\)"):
        call(f"{base}/big", settings=HttpSettings(max_bytes=1000))


def test_an_unannounced_oversize_body_is_cut_off(server: tuple[str, ServerState]) -> None:
    base, _ = server
    with pytest.raises(HttpError, match=r"too large \(over 1000 bytes\)"):
        call(f"{base}/big-unannounced", settings=HttpSettings(max_bytes=1000))


def test_a_redirect_loop_stops(server: tuple[str, ServerState]) -> None:
    base, state = server
    with pytest.raises(HttpError, match=r"too many redirects \(more than 3\)"):
        call(f"{base}/loop", settings=HttpSettings(max_redirects=3))
    assert state.hits["/loop"] == 4


def test_wrong_content_type_and_malformed_json_are_one_line(server: tuple[str, ServerState]) -> None:
    base, _ = server
    with pytest.raises(HttpError, match=r"expected JSON but got text/html from 127\.0\.0\.1"):
        call(f"{base}/html").json()
    with pytest.raises(HttpError, match=r"malformed JSON from 127\.0\.0\.1:\d+ \(JSONDecodeError\)"):
        call(f"{base}/badjson").json()


def test_a_403_with_a_spent_rate_limit_waits_for_the_reset(server: tuple[str, ServerState]) -> None:
    base, state = server
    waits: list[float] = []
    assert call(f"{base}/403-limited", record=waits).json() == {"ok": True}
    assert state.hits["/403-limited"] == 2
    assert len(waits) == 1 and 0 <= waits[0] <= 2


def test_a_403_firewall_page_is_not_retried(server: tuple[str, ServerState]) -> None:
    base, state = server
    with pytest.raises(HttpError, match=r"blocked by 127\.0\.0\.1:\d+ \(403, HTML page"):
        call(f"{base}/403-blocked")
    assert state.hits["/403-blocked"] == 1


def test_404_says_check_base_url(server: tuple[str, ServerState]) -> None:
    base, _ = server
    with pytest.raises(HttpError, match=r"not found at 127\.0\.0\.1:\d+ \(404\): check base_url"):
        call(f"{base}/nowhere")


def test_ok_statuses_are_returned_instead_of_raised(server: tuple[str, ServerState]) -> None:
    base, _ = server
    assert call(f"{base}/nowhere", ok_statuses=(404,)).status == 404


def test_a_classifier_can_fail_at_once(server: tuple[str, ServerState]) -> None:
    base, state = server
    with pytest.raises(HttpError, match="quota gone"):
        call(f"{base}/always500", classify=lambda r: "quota gone" if r.status == 500 else None)
    assert state.hits["/always500"] == 1


def test_a_refused_connection_is_one_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(HttpError, match=rf"cannot connect to 127\.0\.0\.1:{port}"):
        call(f"http://127.0.0.1:{port}/json")


def test_retry_after_beyond_the_budget_fails_at_once(server: tuple[str, ServerState]) -> None:
    base, state = server
    waits: list[float] = []
    with pytest.raises(HttpError, match=r"rate-limited \(429\) after 1 try; asked to wait 1s, beyond the time budget"):
        call(f"{base}/flaky", settings=HttpSettings(total_budget=0.5), record=waits)
    assert waits == [] and state.hits["/flaky"] == 1


def test_a_spent_rate_limit_holds_the_host(server: tuple[str, ServerState]) -> None:
    base, state = server

    async def go() -> None:
        async with HttpClient(HttpSettings(total_budget=60)) as http:
            await http.get(f"{base}/spent")
            with pytest.raises(HttpError, match=r"asked us to wait 3600s, beyond the time budget of 60s"):
                await http.get(f"{base}/json")

    asyncio.run(go())
    assert state.hits["/json"] == 0


def test_hold_delays_the_next_request_to_that_host_only(server: tuple[str, ServerState]) -> None:
    base, _ = server
    waits: list[float] = []

    async def go() -> None:
        async with HttpClient(FAST) as http:

            async def sleep(seconds: float) -> None:
                waits.append(seconds)

            http.sleep = sleep
            http.hold(f"{base}/anything", 5)
            http.hold("https://elsewhere.example/", 9)
            await http.get(f"{base}/json")

    asyncio.run(go())
    assert len(waits) == 1 and 4 < waits[0] <= 5


def test_requests_to_one_host_are_limited_to_per_host(server: tuple[str, ServerState]) -> None:
    base, state = server

    async def go(limit: int | None) -> None:
        async with HttpClient(HttpSettings(per_host=3)) as http:
            if limit is not None:
                http.limit_host(base, limit)
            await asyncio.gather(*(http.get(f"{base}/concurrent") for _ in range(9)))

    asyncio.run(go(None))
    assert state.max_active == 3
    state.max_active = 0
    asyncio.run(go(1))
    assert state.max_active == 1


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after({"retry-after": "7"}) == 7.0
    future = datetime.now(timezone.utc) + timedelta(seconds=30)
    assert 25 <= (retry_after({"retry-after": format_datetime(future, usegmt=True)}) or 0) <= 31
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


def test_rate_limit_wait_reads_epoch_delta_and_iso_resets() -> None:
    now = 1_800_000_000.0
    assert rate_limit_wait({"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(now) + 40)}, now) == 40
    assert rate_limit_wait({"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "247"}, now) == 247
    iso = (datetime.now(timezone.utc) + timedelta(seconds=60)).isoformat()
    assert 55 <= (rate_limit_wait({"x-ratelimit-remaining": "0", "x-ratelimit-reset": iso}) or 0) <= 61
    assert rate_limit_wait({"ratelimit-remaining": "0", "ratelimit-reset": str(int(now) + 5)}, now) == 5
    assert rate_limit_wait({"x-ratelimit-remaining": "12", "x-ratelimit-reset": "247"}, now) is None
    assert rate_limit_wait({}, now) is None


def test_retry_delay_prefers_retry_after_then_reset_then_backoff() -> None:
    settings = HttpSettings(backoff_base=2.0, backoff_cap=5.0)
    assert retry_delay({"retry-after": "3", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "100"}, 1, settings) == 3
    assert retry_delay({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "100"}, 1, settings) == 100
    assert 2.5 <= retry_delay({}, 5, settings) <= 5.0  # capped

"""Secrets never appear in output, errors, --debug tracebacks or doctor: only "set" or "missing"."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from mentionwatch import fetch, redaction
from mentionwatch.config import Keyword, SourceConfig, parse_config
from mentionwatch.fetch import fetch_all
from mentionwatch.http import HttpClient, HttpSettings
from mentionwatch.query import parse_query
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.registry import SOURCES, SourceInfo
from tests.conftest import write_config

TOKEN = "tok_S3cr3t+/=&Value_0123456789"
ENV = {"MW_TEST_TOKEN": TOKEN}
FAST = HttpSettings(timeout=2, connect_timeout=2, max_tries=2, backoff_base=0.001, backoff_cap=0.001, total_budget=5)


def leaked(text: str) -> bool:
    """Whether any form of the token (raw, URL-encoded, form-encoded) appears in ``text``."""
    return any(form in text for form in (TOKEN, quote(TOKEN, safe=""), quote_plus(TOKEN), quote(TOKEN)))


@pytest.fixture(autouse=True)
def forget_secrets() -> Iterator[None]:
    redaction.forget_all()
    yield
    redaction.forget_all()


class LeakySource(Source):
    """A careless source: the key in the URL and a header, and API error bodies echoed in its errors."""

    name = "github"

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        token = self.secret("token_env")
        url = f"{self.base_url('https://api.example.test')}/search"
        response = await http.get(url, params={"q": request.keyword.query, "key": token}, headers={"Authorization": f"Bearer {token}"}, ok_statuses=(400,))
        if response.status == 400:
            raise SourceError(f"API said: {response.text}")
        data = response.json()
        if "explode" in data:
            raise KeyError(f"no 'items' in reply to {response.url}")
        return FetchResult(mentions=[])


def echo_request(request: httpx.Request) -> str:
    return json.dumps({"url": str(request.url), "headers": dict(request.headers)})


def raise_with_url(kind: type[Exception]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise kind(f"failed for {request.url} with {request.headers.get('authorization')}")  # type: ignore[call-arg]

    return handler


FAULTS: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "401 echoing the request": lambda r: httpx.Response(401, text=echo_request(r)),
    "400 error body the source repeats": lambda r: httpx.Response(400, text=echo_request(r)),
    "500 every time": lambda r: httpx.Response(500, text=echo_request(r)),
    "429 every time": lambda r: httpx.Response(429, text=echo_request(r), headers={"Retry-After": "0"}),
    "connect error quoting the URL": raise_with_url(httpx.ConnectError),
    "read error quoting the URL": raise_with_url(httpx.ReadError),
    "timeout quoting the URL": raise_with_url(httpx.ReadTimeout),
    "protocol error quoting the URL": raise_with_url(httpx.RemoteProtocolError),
    "bug in the source quoting the URL": lambda r: httpx.Response(200, json={"explode": True}),
    "not JSON": lambda r: httpx.Response(200, text=echo_request(r), headers={"content-type": "text/html"}),
    "malformed JSON": lambda r: httpx.Response(200, text="{" + echo_request(r), headers={"content-type": "application/json"}),
}


def run_leaky(handler: Callable[[httpx.Request], httpx.Response]) -> fetch.FetchOutcome:
    source = LeakySource(SourceConfig("github", options={"token_env": "MW_TEST_TOKEN"}), ENV)
    keyword = Keyword("bakery", parse_query("bakery"))
    return asyncio.run(fetch_all([source], [keyword], http_settings=FAST, transport=httpx.MockTransport(handler)))


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failing_source_never_reports_its_credential(fault: str) -> None:
    outcome = run_leaky(FAULTS[fault])
    (failure,) = outcome.failures
    assert failure.source == "github"
    assert failure.reason and "\n" not in failure.reason
    assert not leaked(str(failure)), str(failure)
    assert not leaked(json.dumps(outcome.health))


def test_the_credential_was_really_sent_so_the_test_means_something() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401)

    run_leaky(handler)
    assert seen and leaked(str(seen[0].url)) and seen[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_redact_scrubs_raw_and_url_encoded_forms() -> None:
    text = f"a {TOKEN} b {quote(TOKEN, safe='')} c {quote_plus(TOKEN)}"
    assert not leaked(redaction.redact(text, [TOKEN]))
    assert redaction.redact("short abc", ["abc"]) == "short abc"  # too short to be a credential
    redaction.remember(TOKEN)
    assert redaction.redact(f"x{TOKEN}y") == f"x{redaction.MASK}y"


def test_config_lists_every_secret_environment_variable() -> None:
    config = parse_config(
        '[sources.github]\ntoken_env = "GH"\n[sources.reddit]\nclient_id_env = "RID"\nclient_secret_env = "RSEC"\n'
        '[digest]\nsmtp = { username_env = "SU", password_env = "SP" }\n[replies]\napi_key_env = "LLM"\n'
    )
    assert set(config.secret_envs()) == {"GH", "RID", "RSEC", "SU", "SP", "LLM"}


# ------------------------------------------------------------------ through the CLI


@pytest.fixture
def leaky_registry(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[httpx.Request], httpx.Response]], None]:
    """Make ``github`` the leaky source and route its HTTP through a MockTransport."""
    monkeypatch.setitem(SOURCES, "github", SourceInfo("github", __name__, "LeakySource", True, None, "test double"))
    monkeypatch.setenv("MW_TEST_TOKEN", TOKEN)

    def use(handler: Callable[[httpx.Request], httpx.Response]) -> None:
        class Client(HttpClient):
            def __init__(self, settings: HttpSettings | None = None, transport: Any = None):
                super().__init__(FAST, transport=httpx.MockTransport(handler))

        monkeypatch.setattr(fetch, "HttpClient", Client)

    return use


LEAKY_CONFIG = '[[keywords]]\nquery = "bakery"\n[sources.github]\ntoken_env = "MW_TEST_TOKEN"\nbase_url = "https://api.example.test"\n'


@pytest.mark.parametrize("fault", ["401 echoing the request", "400 error body the source repeats", "connect error quoting the URL", "bug in the source quoting the URL"])
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown"])
def test_scan_output_and_errors_never_carry_the_credential(run_cli: Any, isolated_home: Path, leaky_registry: Any, fault: str, fmt: str) -> None:
    write_config(isolated_home, LEAKY_CONFIG)
    leaky_registry(FAULTS[fault])
    result = run_cli("--debug", "scan", "--format", fmt)
    assert result.exit_code == 3
    assert "github:" in result.stderr
    assert not leaked(result.stdout + result.stderr)


def test_doctor_says_only_set_or_missing(run_cli: Any, isolated_home: Path, leaky_registry: Any) -> None:
    write_config(isolated_home, LEAKY_CONFIG + '[sources.x]\nbearer_token_env = "MW_MISSING_TOKEN"\n')
    result = run_cli("doctor")
    assert "MW_TEST_TOKEN set" in result.stdout
    assert "MW_MISSING_TOKEN missing" in result.stdout
    assert not leaked(result.stdout + result.stderr)


def test_doctor_online_reports_a_failure_without_the_credential(run_cli: Any, isolated_home: Path, leaky_registry: Any) -> None:
    write_config(isolated_home, LEAKY_CONFIG)
    leaky_registry(FAULTS["400 error body the source repeats"])
    result = run_cli("--debug", "doctor", "--online")
    assert "online   failed: github" in result.stdout
    assert not leaked(result.stdout + result.stderr)


def test_sources_lists_credentials_as_set_or_missing(run_cli: Any, isolated_home: Path, leaky_registry: Any) -> None:
    write_config(isolated_home, LEAKY_CONFIG)
    result = run_cli("sources")
    assert "MW_TEST_TOKEN set" in result.stdout
    assert not leaked(result.stdout + result.stderr)


def test_debug_traceback_of_an_unexpected_error_is_scrubbed(run_cli: Any, isolated_home: Path, leaky_registry: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(isolated_home, LEAKY_CONFIG)

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"crashed while holding https://api.example.test/?key={quote_plus(TOKEN)} and {TOKEN}")

    monkeypatch.setattr("mentionwatch.pipeline.fetch_configured", explode)
    result = run_cli("--debug", "scan")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert redaction.MASK in result.stderr
    assert not leaked(result.stdout + result.stderr)
    plain = run_cli("scan")
    assert len(plain.stderr.splitlines()) == 1
    assert not leaked(plain.stderr)


# ------------------------------------------------------------------ every real source, through the CLI, against an echoing server

SECRETS = {
    "MW_GH_TOKEN": "ghp_Gh0stTokenValue123456",
    "MW_MASTO_TOKEN": "masto-S3cret-Token-987",
    "MW_SE_KEY": "se_Key((value))42",
    "MW_DISCOURSE_KEY": "disc0urse-api-key-555",
    "MW_BSKY_PASSWORD": "abcd-efgh-ijkl-mnop",
    "MW_REDDIT_ID": "reddit-client-id-777",
    "MW_REDDIT_SECRET": "reddit-client-s3cret-888",
    "MW_YT_KEY": "AIzaSyFakeYouTubeKey_999",
    "MW_X_TOKEN": "AAAAAAAAAAAAAAAAAAAAAFakeBearer%2Btoken",
}


def source_sections(url: str) -> str:
    return f"""
[sources.github]
base_url = "{url}"
token_env = "MW_GH_TOKEN"
[sources.mastodon]
instance = "{url}"
hashtags = ["acme"]
token_env = "MW_MASTO_TOKEN"
[sources.stackexchange]
base_url = "{url}"
key_env = "MW_SE_KEY"
[sources.discourse]
url = "{url}"
api_key_env = "MW_DISCOURSE_KEY"
api_username = "system"
[sources.bluesky]
base_url = "{url}"
handle = "acme.bsky.social"
app_password_env = "MW_BSKY_PASSWORD"
[sources.reddit]
base_url = "{url}"
auth_url = "{url}"
client_id_env = "MW_REDDIT_ID"
client_secret_env = "MW_REDDIT_SECRET"
[sources.youtube]
base_url = "{url}/youtube/v3"
api_key_env = "MW_YT_KEY"
[sources.x]
base_url = "{url}/2"
bearer_token_env = "MW_X_TOKEN"
"""


def every_form(secret: str) -> set[str]:
    import base64

    forms = {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}
    forms.add(base64.b64encode(f"{SECRETS['MW_REDDIT_ID']}:{SECRETS['MW_REDDIT_SECRET']}".encode()).decode())
    return forms


def any_secret_in(text: str) -> list[str]:
    return sorted({name for name, secret in SECRETS.items() for form in every_form(secret) if form in text})


class EchoServer:
    """A loopback server that answers everything with ``status`` and the whole request (line, headers, body) echoed back."""

    def __init__(self, status: int, ctype: str = "application/json"):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from threading import Thread

        outer = self
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                echo = f"{self.requestline}\n{self.headers}\n{body}"
                outer.requests.append(echo)
                payload = json.dumps({"error": echo, "message": echo, "error_message": echo, "errors": [{"message": echo}]}).encode()
                if ctype == "broken":
                    payload = b"{" + echo.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_GET

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> EchoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize(("status", "ctype"), [(400, "json"), (401, "json"), (403, "json"), (404, "json"), (422, "json"), (429, "json"), (500, "json"), (200, "broken")])
def test_no_source_ever_prints_or_stores_its_credentials(run_cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, status: int, ctype: str) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)

    class Client(HttpClient):
        def __init__(self, settings: HttpSettings | None = None, transport: Any = None):
            super().__init__(FAST, transport=transport)

    monkeypatch.setattr(fetch, "HttpClient", Client)
    with EchoServer(status, ctype) as server:
        write_config(isolated_home, '[[keywords]]\nquery = "acme"\n' + source_sections(server.url))
        result = run_cli("--debug", "scan", "--format", "jsonl")
        doctor = run_cli("--debug", "doctor", "--online")
        listing = run_cli("sources")
    sent = "\n".join(server.requests)
    assert len(any_secret_in(sent)) == len(SECRETS), "every credential really went to the server"
    assert result.exit_code == 3
    assert len([line for line in result.stderr.splitlines() if line.endswith("; skipped")]) == 8
    for output in (result.stdout, result.stderr, doctor.stdout, doctor.stderr, listing.stdout, listing.stderr):
        assert any_secret_in(output) == [], output
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert any_secret_in(path.read_bytes().decode("utf-8", "replace")) == [], path


class ChattyModel:
    """A hostile chat-completions server: its 'draft' repeats our API key, or its error does."""

    def __init__(self, status: int):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from threading import Thread

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = str(self.headers.get("Authorization", ""))
                draft = f"Hi Dani, so sorry about the order. Your key is {key} and {key.split()[-1]}. Mail hello@joes.example – Sam"
                payload = json.dumps({"choices": [{"message": {"content": draft}}], "error": key}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> ChattyModel:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("status", [200, 401, 500])
@pytest.mark.parametrize("command", [("scan", "--input", "-", "--format", "json"), ("score",)])
def test_a_model_server_cannot_make_us_print_the_api_key(run_cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, status: int, command: tuple[str, ...]) -> None:
    from mentionwatch.replies import llm

    llm.reset_drafters()
    monkeypatch.setenv("MW_LLM_KEY", TOKEN)
    with ChattyModel(status) as model:
        write_config(
            isolated_home,
            '[business]\nname = "Joe\'s"\nsignature = "Sam"\ncontact = "hello@joes.example"\n'
            f'[replies]\nprovider = "openai-compatible"\nbase_url = "{model.url}"\nmodel = "m"\napi_key_env = "MW_LLM_KEY"\ntimeout = 5\n',
        )
        line = '{"id": "1", "source": "x", "author": {"name": "Dani"}, "text": "Ordered a cake from Joe\'s, 45 minutes late and the wrong name on it."}\n'
        result = run_cli("--debug", *command, input=line)
    llm.reset_drafters()
    assert result.exit_code == 0, result.stderr
    assert "reply" in result.stdout
    assert not leaked(result.stdout + result.stderr)
    # --debug shows why the model's draft was not used, scrubbed
    expected = {200: "contains a credential", 401: "server refused the request (401)", 500: "server answered 500"}[status]
    debug = [line for line in result.stderr.splitlines() if line.startswith("mentionwatch: debug: mentionwatch.replies: ")]
    assert debug and expected in debug[0], result.stderr

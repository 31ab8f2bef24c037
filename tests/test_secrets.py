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

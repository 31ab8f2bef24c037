"""Every source against the awkward cases: retries, dead servers, timeouts, bad bodies; each fails alone."""

from __future__ import annotations

import pytest

from mentionwatch.fetch import FetchOutcome, fetch_all
from tests.sources.source_fakes import (
    CASES,
    FAST,
    SINCE,
    Case,
    Reply,
    Router,
    fixture,
    keyword,
    raw,
    run,
    status,
    timeout,
)

NAMES = sorted(CASES)


def scan(case: Case, *primary: Reply) -> tuple[FetchOutcome, Router]:
    """Fetch ``case``'s source (its main endpoint answering ``primary``) next to a healthy companion source."""
    companion = CASES["stackexchange" if case.name == "hackernews" else "hackernews"]
    router = case.router(*primary)
    router.add(companion.primary, companion.primary_ok)
    companion.others(router)
    outcome = run(
        fetch_all([case.source(), companion.source()], [keyword("Acme Widgets")], since=SINCE, http_settings=FAST, transport=router.transport())
    )
    return outcome, router


def failure_of(outcome: FetchOutcome, name: str) -> str:
    (failure,) = [f for f in outcome.failures if f.source == name]
    line = str(failure)
    assert "\n" not in line and line.startswith(f"{name}: ") and line.endswith("; skipped")
    return failure.reason


def companion_survived(outcome: FetchOutcome, name: str) -> bool:
    other = "stackexchange" if name == "hackernews" else "hackernews"
    return outcome.health[other] == "ok" and any(m.source == other for m in outcome.mentions)


@pytest.mark.parametrize("name", NAMES)
def test_source_returns_mentions_from_its_documented_shape(name: str) -> None:
    outcome, _ = scan(CASES[name])
    assert outcome.failures == []
    assert outcome.health[name] == "ok"
    assert any(m.source == name for m in outcome.mentions)


@pytest.mark.parametrize("name", NAMES)
def test_source_retries_a_429_with_retry_after_then_succeeds(name: str) -> None:
    case = CASES[name]
    outcome, router = scan(case, status(429, b'{"error": "slow down"}', headers={"Retry-After": "0"}), case.primary_ok)
    assert outcome.failures == []
    assert any(m.source == name for m in outcome.mentions)
    assert router.routes[0].hits >= 2


@pytest.mark.parametrize("name", NAMES)
def test_source_whose_server_keeps_failing_fails_alone_after_three_tries(name: str) -> None:
    case = CASES[name]
    outcome, router = scan(case, status(500, b"internal error", content_type="text/plain"))
    assert "server error (500) after 3 tries" in failure_of(outcome, name)
    assert outcome.health[name].startswith("failed: ")
    assert router.routes[0].hits % 3 == 0 and router.routes[0].hits >= 3
    assert companion_survived(outcome, name)


@pytest.mark.parametrize("name", NAMES)
def test_source_that_times_out_fails_alone(name: str) -> None:
    outcome, _ = scan(CASES[name], timeout())
    assert "timed out" in failure_of(outcome, name)
    assert companion_survived(outcome, name)


@pytest.mark.parametrize("name", NAMES)
def test_source_given_a_malformed_body_fails_alone(name: str) -> None:
    if name == "rss":
        reply = raw(fixture("malformed.xml"), "application/rss+xml")
        expected = "malformed feed from feeds.test"
    else:
        reply = raw(b'{"items": [{"id": 1,', "application/json")
        expected = "malformed JSON from"
    outcome, _ = scan(CASES[name], reply)
    assert expected in failure_of(outcome, name)
    assert companion_survived(outcome, name)


@pytest.mark.parametrize("name", NAMES)
def test_source_given_a_wrong_content_type_fails_alone(name: str) -> None:
    outcome, _ = scan(CASES[name], raw(b"<html><body><h1>Sign in to continue</h1></body></html>", "text/html; charset=utf-8"))
    reason = failure_of(outcome, name)
    assert ("expected a feed but got text/html" if name == "rss" else "expected JSON but got text/html") in reason
    assert companion_survived(outcome, name)


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"rss"}))
def test_source_given_json_of_the_wrong_shape_fails_alone(name: str) -> None:
    outcome, _ = scan(CASES[name], raw(b'{"surprise": true}', "application/json"))
    assert "unexpected response" in failure_of(outcome, name)
    assert companion_survived(outcome, name)


@pytest.mark.parametrize("name", NAMES)
def test_source_blocked_by_a_firewall_page_says_so(name: str) -> None:
    outcome, _ = scan(CASES[name], status(403, b"<html>Access denied</html>", content_type="text/html"))
    assert "403" in failure_of(outcome, name)


@pytest.mark.parametrize("name", [n for n in NAMES if CASES[n].env])
def test_source_never_puts_its_secret_in_a_failure(name: str) -> None:
    case = CASES[name]
    secret = next(iter(case.env.values()))

    def echo(request):  # a hostile server echoing the request back in an error
        body = f'{{"error": "bad {request.url} {request.headers.get("authorization", "")} {secret}"}}'.encode()
        return status(400, body)(request)

    outcome, _ = scan(case, echo)
    for failure in outcome.failures:
        assert secret not in str(failure)
    assert all(secret not in note for note in outcome.notes)

"""The model drafter against a real loopback server speaking the chat-completions API: accept or fall back."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mentionwatch.analysis import Analyser
from mentionwatch.config import Config, RepliesConfig
from mentionwatch.models import Author, Mention
from mentionwatch.replies import draft_reply, llm
from mentionwatch.replies.llm import ModelDrafter, chat_url, tidy
from mentionwatch.replies.templates import template_reply

from .conftest import BUSINESS, build_mention

GOOD = (
    "Hi @ann_b, I'm so sorry your cake order hasn't turned up. Could you email hello@joesbakery.example "
    "so I can chase it for you today?\n– Sam at Joe's Bakery"
)


@dataclass
class Behaviour:
    """What the fake server does next: a status, a body (dict is JSON-encoded), an optional delay."""

    status: int = 200
    body: Any = None
    delay: float = 0.0


@dataclass
class FakeServer:
    """A loopback chat-completions server; ``replies`` is what it answers, ``requests`` what it received."""

    url: str
    replies: list[Behaviour] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def answer(self, content: str) -> None:
        """Queue a well-formed completion with ``content``."""
        self.replies.append(Behaviour(body={"choices": [{"message": {"role": "assistant", "content": content}}]}))


@pytest.fixture
def server() -> Iterator[FakeServer]:
    state = FakeServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            state.paths.append(self.path)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            state.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            behaviour = state.replies.pop(0) if state.replies else Behaviour(status=500, body="no reply queued")
            if behaviour.delay:
                time.sleep(behaviour.delay)
            body = behaviour.body
            raw = json.dumps(body).encode() if isinstance(body, (dict, list)) else str(body or "").encode()
            try:
                self.send_response(behaviour.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        llm.reset_drafters()


def config(server: FakeServer, **changes: Any) -> RepliesConfig:
    values: dict[str, Any] = {"provider": "openai-compatible", "base_url": server.url, "model": "tiny", "timeout": 5.0}
    values.update(changes)
    return RepliesConfig(**values)


@pytest.fixture
def complaint() -> Mention:
    return build_mention("@joesbakery my cake order hasn't arrived, party in an hour!!", score=-0.7)


def fallback(m: Mention, intent: str = "complaint") -> str:
    return template_reply(m, intent, BUSINESS).text


# -- accepted ---------------------------------------------------------------------------------------------------


def test_a_good_model_draft_is_used_with_the_templates_as_alternatives(server: FakeServer, complaint: Mention) -> None:
    server.answer(GOOD)
    reply = draft_reply(complaint, "complaint", BUSINESS, config(server))
    assert reply.text == GOOD
    assert fallback(complaint) in reply.alternatives
    assert reply.limit == 280
    assert server.paths == ["/v1/chat/completions"]


def test_the_model_answer_is_tidied_and_signed(server: FakeServer, complaint: Mention) -> None:
    unsigned = GOOD.rsplit("\n", 1)[0]
    server.answer(f'<think>they are upset</think>\n```\nReply: "{unsigned}"\n```')
    reply = draft_reply(complaint, "complaint", BUSINESS, config(server))
    assert reply.text == GOOD


def test_the_prompt_carries_voice_rules_and_the_mention_without_private_data(server: FakeServer) -> None:
    m = build_mention("my order #48213 hasn't arrived, mail me at ann@example.com", score=-0.7)
    server.answer(GOOD)
    draft_reply(m, "complaint", BUSINESS, config(server, tone="formal", never_say=("no worries",)))
    body = server.requests[0]
    assert body["model"] == "tiny"
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "Joe's Bakery" in system and "formal" in system
    assert "refund" in system and "280 characters" in system
    assert '"no worries"' in system and "hello@joesbakery.example" in system
    assert "@ann_b" in system and "– Sam at Joe's Bakery" in system
    assert "hasn't arrived" in user and "complaint" in user
    assert "ann@example.com" not in json.dumps(body) and "48213" not in json.dumps(body)


def test_the_api_key_comes_from_the_named_variable_and_only_goes_in_the_header(server: FakeServer, complaint: Mention) -> None:
    server.answer(GOOD)
    drafter = ModelDrafter(config(server, api_key_env="MW_TEST_KEY"), env={"MW_TEST_KEY": "sk-secret-123"})
    drafter.draft(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS))
    drafter.close()
    assert server.headers[0]["authorization"] == "Bearer sk-secret-123"
    assert "sk-secret-123" not in json.dumps(server.requests[0])


def test_no_key_no_authorization_header(server: FakeServer, complaint: Mention) -> None:
    server.answer(GOOD)
    drafter = ModelDrafter(config(server, api_key_env="MW_TEST_KEY"), env={})
    drafter.draft(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS))
    drafter.close()
    assert "authorization" not in server.headers[0]


# -- rejected: the template draft is used -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("Hi @ann_b, " + "so sorry about your order, " * 12 + "email hello@joesbakery.example\n– Sam at Joe's Bakery", "length"),
        ("Hi @ann_b, we apologise for any inconvenience. Please email hello@joesbakery.example\n– Sam at Joe's Bakery", "filler"),
        ("Hi @ann_b, so sorry! We'll refund you in full today. Email hello@joesbakery.example\n– Sam at Joe's Bakery", "promise"),
        ("Hi @ann_b, sorry, but you should have ordered earlier. Email hello@joesbakery.example\n– Sam at Joe's Bakery", "blame"),
        ("Hi @ann_b, sorry about order 48213! Email hello@joesbakery.example\n– Sam at Joe's Bakery", "private"),
        ("Hello there, so sorry about the cake. Email hello@joesbakery.example\n– Sam at Joe's Bakery", "does not greet"),
        ("Hi @ann_b, the cake is on its way. Email hello@joesbakery.example\n– Sam at Joe's Bakery", "no apology"),
        ("Hi @ann_b, so sorry about the cake! We'll look into it.\n– Sam at Joe's Bakery", "no private contact"),
        ("Hi @ann_b, sorry! See https://evil.example/x or email hello@joesbakery.example\n– Sam at Joe's Bakery", "link"),
        ("", "too short"),
    ],
)
def test_a_draft_that_breaks_a_rule_falls_back_to_the_template(
    server: FakeServer, complaint: Mention, content: str, why: str
) -> None:
    server.answer(content)
    drafter = ModelDrafter(config(server))
    result = drafter.attempt(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS))
    drafter.close()
    assert not result.used_model
    assert result.reply.text == fallback(complaint)
    assert why in result.reason


def test_never_say_applies_to_model_drafts(server: FakeServer, complaint: Mention) -> None:
    server.answer(GOOD.replace("I'm so sorry", "No worries, I'm so sorry"))
    reply = draft_reply(complaint, "complaint", BUSINESS, config(server, never_say=("no worries",)))
    assert reply.text == template_reply(complaint, "complaint", BUSINESS, config(server, never_say=("no worries",))).text


def test_server_error_falls_back(server: FakeServer, complaint: Mention) -> None:
    server.replies.append(Behaviour(status=500, body={"error": "boom"}))
    assert draft_reply(complaint, "complaint", BUSINESS, config(server)).text == fallback(complaint)


def test_timeout_falls_back(server: FakeServer, complaint: Mention) -> None:
    server.replies.append(Behaviour(delay=1.0, body={"choices": [{"message": {"content": GOOD}}]}))
    drafter = ModelDrafter(config(server, timeout=0.2))
    result = drafter.attempt(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS))
    drafter.close()
    assert not result.used_model and result.reason == "timed out"
    assert result.reply.text == fallback(complaint)


@pytest.mark.parametrize(
    "body",
    ["this is not json", {"choices": []}, {"choices": [{"message": {"content": None}}]}, {"error": "no choices"}, [1, 2]],
)
def test_malformed_answer_falls_back(server: FakeServer, complaint: Mention, body: Any) -> None:
    server.replies.append(Behaviour(body=body))
    drafter = ModelDrafter(config(server))
    result = drafter.attempt(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS))
    drafter.close()
    assert not result.used_model and result.reason == "malformed answer"


def test_unreachable_server_falls_back(complaint: Mention) -> None:
    dead = RepliesConfig(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", model="tiny", timeout=2.0)
    assert ModelDrafter(dead).draft(complaint, "complaint", BUSINESS, template_reply(complaint, "complaint", BUSINESS)).text == fallback(complaint)


def test_repeated_failures_rest_the_model_so_a_scan_never_waits_on_it(server: FakeServer) -> None:
    now = [1000.0]
    drafter = ModelDrafter(config(server), clock=lambda: now[0], max_failures=2, cooldown=60)
    mentions = [build_mention(f"my order {n} hasn't arrived", id=f"x:{n}", score=-0.7) for n in "abcde"]
    server.replies += [Behaviour(status=503, body="busy"), Behaviour(status=502, body="bad gateway")]
    for m in mentions:
        drafter.draft(m, "complaint", BUSINESS, template_reply(m, "complaint", BUSINESS))
    assert len(server.requests) == 2  # the last three never reached the server
    now[0] += 61
    server.answer(GOOD)
    assert drafter.draft(mentions[0], "complaint", BUSINESS, template_reply(mentions[0], "complaint", BUSINESS)).text == GOOD
    drafter.close()


def test_the_analyser_uses_the_model_when_configured(server: FakeServer) -> None:
    server.answer(GOOD)
    cfg = Config(business=BUSINESS, replies=config(server))
    m = Mention(id="x:9", source="x", text="my cake order hasn't arrived and the party is in an hour", author=Author(handle="ann_b"))
    result = Analyser(cfg).analyse(m)
    assert result.reply is not None and result.reply.text == GOOD


def test_a_broken_model_setup_never_breaks_drafting(complaint: Mention) -> None:
    incomplete = RepliesConfig(provider="openai-compatible")  # no base_url or model (the config file refuses this)
    assert draft_reply(complaint, "complaint", BUSINESS, incomplete).text == fallback(complaint)


def test_templates_provider_never_builds_a_model_drafter(complaint: Mention, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[RepliesConfig] = []

    def record(replies: RepliesConfig) -> ModelDrafter:
        calls.append(replies)
        raise RuntimeError("no model here")

    monkeypatch.setattr(llm, "drafter_for", record)
    reply = draft_reply(complaint, "complaint", BUSINESS, RepliesConfig(provider="templates", base_url="http://127.0.0.1:9"))
    assert reply.text == fallback(complaint)
    assert calls == []
    model = RepliesConfig(provider="openai-compatible", base_url="http://127.0.0.1:9", model="m")
    assert draft_reply(complaint, "complaint", BUSINESS, model).text == fallback(complaint)
    assert calls == [model]


# -- helpers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions"),
        ("http://localhost:11434", "http://localhost:11434/v1/chat/completions"),
        ("https://api.openai.com/v1/", "https://api.openai.com/v1/chat/completions"),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/chat/completions"),
        ("http://localhost:8080/v1/chat/completions", "http://localhost:8080/v1/chat/completions"),
    ],
)
def test_chat_url_accepts_base_urls_with_or_without_v1(base: str, url: str) -> None:
    assert chat_url(base) == url


def test_tidy_strips_reasoning_fences_labels_quotes_and_controls() -> None:
    assert tidy('<think>hmm</think>\n```text\nDraft: "Hi there\x1b[31m!"\n```') == "Hi there!"
    assert tidy("Hi  there,\n\n\nthanks!") == "Hi there,\nthanks!"


def test_the_drafter_needs_a_base_url_and_a_model() -> None:
    with pytest.raises(ValueError, match="base_url and model"):
        ModelDrafter(RepliesConfig(provider="openai-compatible"))

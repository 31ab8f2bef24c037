"""The drafter skips the text's first object when a draft would not read it: the same issue, the same drafts."""

from __future__ import annotations

import pytest

from mentionwatch.config import RepliesConfig
from mentionwatch.replies import templates
from mentionwatch.replies.topics import PendingIssue, detect_issue, start_issue

from .conftest import BUSINESS, build_mention

_TEXTS = (
    "love the sourdough, best in town",
    "thinking of getting a cake from you for my wedding next month",
    "my account was locked and nobody answers",
    "does anyone know if the bakery does gluten free bread?",
    "Congrats to my sister on her new job, celebrating with a cake from the bakery",
    "my grandmother passed away last week, your cafe was her favourite place",
    "had lunch at the bakery with my laptop, the wifi is slow",
    "the croissants were stale and the coffee was cold, never again",
    "it's sorted now, thanks for the help with my order",
    "anyone tried the new menu at the bakery?",
    "can you do a birthday cake for 20 people?",
    "your app is rubbish",
    "went to the bakery today",
    "I'd like a quote for catering our office party",
)
_INTENTS = ("complaint", "question", "lead", "praise", "personal", "mention")


@pytest.mark.parametrize("text", _TEXTS)
def test_detect_issue_is_start_then_finish(text: str) -> None:
    started = start_issue(text, "A title")
    finished = started.finish() if isinstance(started, PendingIssue) else started
    assert finished == detect_issue(text, "A title")
    if isinstance(started, PendingIssue):
        provisional = started.provisional()
        # only what the first object adds may differ
        assert (provisional.topic, provisional.problem, provisional.symptom) == (
            finished.topic,
            finished.problem,
            finished.symptom,
        )
        assert provisional.about in (finished.about, None)


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("intent", _INTENTS)
def test_drafts_equal_those_from_the_finished_issue(intent: str, tone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = RepliesConfig(tone=tone)
    mentions = [
        build_mention(text, id=f"x:{n}", score=score)
        for n, text in enumerate(_TEXTS)
        for score in (-0.6, 0.0, 0.7)
    ]
    lazy = [templates.template_reply(m, intent, BUSINESS, cfg) for m in mentions]
    monkeypatch.setattr(templates, "_needs_no_object", lambda situation, provisional: False)
    plain = [templates.template_reply(m, intent, BUSINESS, cfg) for m in mentions]
    assert lazy == plain
    builder = templates._Builder(mentions[0], intent, BUSINESS, cfg)
    assert builder.situation == templates.situation_for(mentions[0], intent, detect_issue(mentions[0].text))

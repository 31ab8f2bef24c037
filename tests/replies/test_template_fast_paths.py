"""The drafter's shortcuts give the answers of the plain code: situation cues, and what a builder remembers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import Mention
from mentionwatch.replies import templates
from mentionwatch.replies._gate import Quick, fold, required
from mentionwatch.replies.topics import Issue, detect_issue, personal_news

from .conftest import BUSINESS, build_mention

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from mw_eval_data import read_vader, vader_file

CUES = [
    (templates._RESOLVED, templates._RESOLVED_KEYS, ()),
    (templates._ASKS_FOR_HELP, templates._ASKS_FOR_HELP_KEYS, ("?",)),  # "?" in the text: a match, tested first
]
ODD_TEXTS = [
    "", "it's ſorted now", "İt's fixed now", "\u212aind of working now", "all good now!", "NEVERMIND", "never mind.",
    "can u help", "Can You", "what should i do", "any suggestions?", "need some", "PLZ", "assistance", "plea se",
]


def _texts() -> list[str]:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    rows += read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"), limit=1500)
    return [text for _, text in rows] + ODD_TEXTS


@pytest.mark.parametrize(("quick", "keys", "sure"), CUES)
def test_every_string_a_cue_match_needs_holds_a_key(quick: Quick, keys: tuple[str, ...], sure: tuple[str, ...]) -> None:
    needs = required(quick.pattern)
    assert needs is not None
    for string in needs:
        assert string in sure or any(key in string for key in keys), string
    for string in sure:
        assert quick.pattern.fullmatch(string)  # a whole alternative: the string alone is a match


@pytest.mark.parametrize(("quick", "keys", "sure"), CUES)
def test_keyed_cue_search_equals_the_plain_search(quick: Quick, keys: tuple[str, ...], sure: tuple[str, ...]) -> None:
    for text in _texts():
        plain = quick.pattern.search(text) is not None
        assert (any(s in text for s in sure) or templates._found(quick, keys, text, fold(text))) == plain, text


def _plain_situation(mention: Mention, intent: str, issue: Issue) -> str:
    """situation_for as first written: every cue searched, in order."""
    score = mention.sentiment.score if mention.sentiment is not None else 0.0
    negative = score <= -0.3
    asks = bool(templates._ASKS_FOR_HELP.pattern.search(mention.full_text))
    if templates._RESOLVED.pattern.search(mention.full_text) and intent != "personal":
        return "resolved"
    if intent == "complaint":
        return "complaint"
    if intent == "personal":
        positive = None if mention.sentiment is None else mention.sentiment.label == "positive"
        kind, event = personal_news(mention.full_text, positive)
        if event is None and issue.symptom:
            return "problem"
        return f"personal_{kind}"
    if intent == "praise" and issue.problem and (
        issue.symptom or asks or score < 0.6 or not templates._STRONG_PRAISE.pattern.search(mention.full_text)
    ):
        return "problem"
    if intent in ("question", "lead", "mention") and (issue.problem or negative):
        return "problem"
    if intent in ("mention", "praise") and asks:
        return "question"
    if intent in ("question", "lead", "praise"):
        return intent
    return "mention"


def test_situation_equals_the_plain_rules_on_vader_texts() -> None:
    intents = ("complaint", "question", "lead", "praise", "personal", "mention")
    for n, text in enumerate(_texts()[:1500]):
        mention = build_mention(text, score=(-0.6, 0.0, 0.4, 0.8)[n % 4], title="Sorted now?" if n % 7 == 0 else None)
        issue = detect_issue(mention.text, mention.title)
        for intent in intents:
            want = _plain_situation(mention, intent, issue)
            assert templates.situation_for(mention, intent, issue) == want, (text, intent)
            assert templates.situation_for(mention, intent, issue, mention.full_text) == want, (text, intent)


def _plain_greeting(builder: templates._Builder, variant: int) -> str:
    """A draft's greeting as first written: picked, then filled in."""
    greetings = templates._GREETINGS if builder.name else templates._GREETINGS_NAMELESS
    greeting = builder._choose(0, builder.options(greetings[builder.tone]), variant)
    return greeting.format(name=builder.name) if builder.name else greeting


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize(
    "business",
    [BUSINESS, Business(name="Joe's", signature="", contact=""), Business(name=" ", signature=" ", contact="a@b.example")],
)
def test_builder_memos_give_the_same_greetings_parts_and_signature(tone: str, business: Business) -> None:
    texts = [
        "my order never arrived and support ignored me",
        "it's sorted now, thanks",
        "how do I change my booking?",
        "love the new sourdough!",
        "my mum passed away last week",
        "just got engaged!",
        "it's my birthday today",
        "thinking of you for our wedding cake",
        "cannot log in, my email is ann@x.io",
        "saw @joesbakery at the market",
    ]
    cfg = RepliesConfig(tone=tone, emoji=True)
    for n, text in enumerate(texts):
        for intent in ("complaint", "question", "lead", "praise", "personal", "mention"):
            mention = build_mention(text, id=f"x:{n}", score=(-0.6, 0.5)[n % 2], name=("Anna", None)[n % 2])
            # one builder asked in the opposite order: what either remembers must not depend on the order
            other = templates._Builder(mention, intent, business, cfg)
            backwards = {(v, g): other.parts(v, g) for g in (True, False) for v in reversed(range(6))}
            builder = templates._Builder(mention, intent, business, cfg)
            for generic in (False, True):
                for variant in range(6):
                    assert builder.greeting(variant) == _plain_greeting(other, variant)
                    assert builder.parts(variant, generic) == backwards[variant, generic]
            sign = business.signature.strip() or business.name.strip()
            assert builder.signature() == (f"\n– {sign}" if sign else "")

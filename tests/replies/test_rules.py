"""The rules every draft obeys: banned phrases, promises, blame, insults, private data, limits."""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import pytest

from mentionwatch.replies import rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from mw_eval_data import read_vader, vader_file


@pytest.mark.parametrize(
    "text",
    [
        "We apologise for any inconvenience caused.",
        "We apologize for the inconvenience.",
        "Sorry for any inconvenience!",
        "As a valued customer, you matter.",
        "Per our policy we cannot do that.",
        "As per the policy, refunds take 5 days.",
        "Your call is important to us.",
        "Your feedback is very important to us.",
        "We take this very seriously.",
        "Rest assured we are looking into it.",
        "Please be advised that the shop is closed.",
        "We value your feedback.",
        "Thank you for your patience and understanding.",
    ],
)
def test_corporate_filler_is_banned(text: str) -> None:
    assert [v.rule for v in rules.banned_phrases(text)] == ["filler"]


@pytest.mark.parametrize(
    "text",
    [
        "We'll refund you in full.",
        "I will refund the order today.",
        "We'd be happy to refund you.",
        "You'll get a full refund.",
        "Your refund has been processed.",
        "The next coffee is on us!",
        "Enjoy a free coffee next time.",
        "Here's a voucher for your trouble.",
        "We will compensate you for this.",
        "We can give you a discount code.",
    ],
)
def test_refund_and_compensation_promises_are_banned(text: str) -> None:
    assert "promise" in [v.rule for v in rules.banned_phrases(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry about the trouble with your refund.",
        "Thanks for asking about refunds; let me check and reply here.",
        "Could you email us so I can look into it?",
    ],
)
def test_talking_about_a_refund_is_not_a_promise(text: str) -> None:
    assert rules.banned_phrases(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "You should have read the label.",
        "That's your own fault.",
        "You didn't follow the instructions.",
        "As we already told you, it's closed.",
        "That's not true, we were open.",
        "You're wrong about the price.",
        "To be fair, it was busy.",
        "It's not our fault the bus was late.",
    ],
)
def test_blaming_or_arguing_is_banned(text: str) -> None:
    assert "blame" in [v.rule for v in rules.banned_phrases(text)]


def test_sales_pitch_is_banned() -> None:
    assert "sales" in [v.rule for v in rules.banned_phrases("Thanks! Use code SAVE10 for 20% off")]


def test_insults_and_profanity_are_banned_whoever_said_them() -> None:
    found = rules.banned_phrases("Sorry our stupid oven is so shit")
    assert [v.detail for v in found if v.rule == "insult"] == ["stupid", "shit"]


def test_never_say_phrases_are_banned_as_whole_words() -> None:
    assert [v.rule for v in rules.banned_phrases("No worries at all!", ["no worries"])] == ["never_say"]
    assert rules.banned_phrases("Nope, worriesome", ["no worries"]) == []


def test_private_data_finds_emails_phones_and_references() -> None:
    text = "Mail me at ann@example.com or call +44 7700 900123, order #48213, ref AB12C9D77X"
    found = rules.private_data(text)
    assert "ann@example.com" in found
    assert any("7700" in item for item in found)
    assert any("48213" in item for item in found)
    assert any("AB12C9D77X" in item for item in found)


def test_private_data_ignores_hashtags_versions_and_small_numbers() -> None:
    assert rules.private_data("The #ios11update on iOS 13.3.1 broke my 2 apps in 2019") == []


def test_redact_takes_private_data_and_links_out() -> None:
    text = "My email is ann@example.com and order number 123456, see https://example.com/x"
    redacted = rules.redact(text)
    assert "ann@example.com" not in redacted
    assert "123456" not in redacted
    assert "https://" not in redacted
    assert "My email is" in redacted


def test_violations_report_length_over_the_limit_and_the_soft_forum_limit() -> None:
    assert [v.rule for v in rules.violations("x" * 281, limit=280)] == ["length"]
    assert rules.violations("x" * 280, limit=280) == []
    assert [v.rule for v in rules.violations("x" * (rules.SOFT_LIMIT + 1), limit=None)] == ["length"]


def test_violations_allow_the_business_contact_but_not_the_customers_data() -> None:
    draft = "Hi @ann, please email hello@joesbakery.example about order 998877."
    found = rules.violations(
        draft,
        limit=280,
        allowed=["hello@joesbakery.example", "@ann"],
        source_text="my order 998877 never came",
    )
    assert {v.rule for v in found} == {"private"}
    assert all("joesbakery" not in v.detail for v in found)


def test_violations_allow_a_handle_that_looks_like_a_code() -> None:
    found = rules.violations("Hi @gamer12345, sorry!", limit=280, allowed=["@gamer12345"], source_text="gamer12345 here")
    assert found == []


def _plain_profanity(text: str) -> list[str]:
    """The definition: every word lower-cased and stripped of quotes, kept once if profane."""
    seen: list[str] = []
    for word in (w.lower().strip("'’") for w in rules._WORD.findall(text)):
        if word in rules.PROFANITY and word not in seen:
            seen.append(word)
    return seen


@pytest.mark.parametrize(
    "text",
    [
        "This is SHIT, total Bullshit and you're all IDIOTS'",
        "'Crap' service. Useless!! useless again, WTF",
        "Caf\u00e9 staff were rude \u2019idiots\u2019 and the food was Rubbish",
        "\u212aILL me now, what a joke",  # the Kelvin sign lower-cases to an ASCII "k"
        "\u0130diot? no, just a lovely day",
        "",
    ],
)
def test_profanity_equals_the_plain_definition(text: str) -> None:
    assert rules.profanity(text) == _plain_profanity(text)


def test_profanity_equals_the_plain_definition_on_vader_texts() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    for _, text in rows:
        assert rules.profanity(text) == _plain_profanity(text)


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "\n", "a. b", "a.  \n b", "a.\n\nb", "a\nb", "a \n b", "a.\u00a0b", "a;\tb: c? d! e",
        "no stop here", "end.", "end. ", ". . .", "x.\u2003\u2003y", "Hi Anna, thanks.\n– Team",
    ],
)
def test_chunk_splits_equal_the_plain_pattern(text: str) -> None:
    assert rules._CHUNK.split(text) == rules._PLAIN_CHUNK.split(text)
    assert (rules._CHUNK.search(text) is None) == (rules._PLAIN_CHUNK.search(text) is None)


def test_chunk_splits_equal_the_plain_pattern_on_every_short_text() -> None:
    for n in range(6):
        for chars in itertools.product("a.;: \n\t\u00a0", repeat=n):
            text = "".join(chars)
            assert rules._CHUNK.split(text) == rules._PLAIN_CHUNK.split(text), repr(text)


def test_chunk_splits_equal_the_plain_pattern_on_random_texts_with_unusual_whitespace() -> None:
    pieces = ["a", ".", "!", "?", ";", ":", " ", "\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000", ". ", "\n\n"]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert rules._CHUNK.split(text) == rules._PLAIN_CHUNK.split(text), repr(text)
        assert (rules._CHUNK.search(text) is None) == (rules._PLAIN_CHUNK.search(text) is None), repr(text)

"""breaks_rules checks a greeting apart from the first sentence: it must always agree with violations."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from mentionwatch.replies import rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from mw_eval_data import read_vader, vader_file

LEADS = (
    "Hi Anna,", "Hey there,", "Hello,", "Hi Actually,", "Hi actually,", "Hi @user42,", "Hi J. Smith,", "Hi refund,",
    "Hi order 123456,", "Hello idiot,", "Hi Rest,", "Hi we,", "Hi @www.shop,", "Hi Sue.,", "Hi Zoë,", "Hi ΑΣ,",
    "Hi to be,", "Hi 555 123,", "Hi ann@x.io,", "Hi\nAnna,", "Hi İ,", "Hi Anna, ",
)
BODIES = (
    "I'm so sorry about your order.",
    "we'll refund you today.",
    "we will refund you today.",
    "you should have read it. Thanks!",
    "fair, we are on it.",
    "that's not true at all.",
    "assured, we are on it.",
    " leading space here.",
    "\nnewline first.",
    "",
    "call 555 123 4567 please.",
    "order #AB12345 is late; sorry.",
    "email ann@x.io for help.",
    "4567 is the rest of it.",
    "you shoud know. Actually, we fixed it.",
    "Actually, we fixed it.",
    "we, actually, you know.",
    "to be fair.",
    "is important to us.",
    "sorry for any inconvenience.",
    "ΑΣ sorry, no.",
    "what a joke; thanks.",
)
NEVER_SAY = ((), ("anna, i'm",), ("sorry",), ("hi anna",), ("actually, we",), ("refund, we'll",))
ALLOWED = ((), ("ann@x.io", "Anna"), ("123456",))
SOURCES = ("", "my order 123456 and ann@x.io", "call me on 555 123 4567")


def _agree(draft: str, lead: str, never_say: tuple[str, ...] = (), allowed: tuple[str, ...] = (), source: str = "") -> None:
    for limit in (None, 40):
        want = bool(rules.violations(draft, limit=limit, never_say=never_say, allowed=allowed, source_text=source))
        got = rules.breaks_rules(draft, limit=limit, never_say=never_say, allowed=allowed, source_text=source, lead=lead)
        assert got == want, (lead, draft, never_say, allowed, source, limit)


@pytest.mark.parametrize("lead", LEADS)
def test_breaks_rules_equals_violations_for_tricky_greetings(lead: str) -> None:
    for body in BODIES:
        draft = f"{lead} {body}\n– Maya"
        for never_say in NEVER_SAY:
            for allowed in ALLOWED:
                for source in SOURCES:
                    _agree(draft, lead, never_say, allowed, source)
        _agree(draft, "Hi Other,")  # a lead the draft does not start with: the plain check
        _agree(draft, "")


def test_breaks_rules_equals_violations_on_vader_texts() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    rows += read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"), limit=1500)
    for n, (_, text) in enumerate(rows):
        lead = LEADS[n % len(LEADS)]
        _agree(f"{lead} {text}", lead, NEVER_SAY[n % len(NEVER_SAY)], ALLOWED[n % len(ALLOWED)])
        words = text.split()
        if len(words) > 2:  # the text's own first words as the name: whatever they are, the same answer
            name = " ".join(words[:2]).rstrip(",") + ","
            _agree(f"Hi {name} {' '.join(words[2:])}", f"Hi {name}")


@pytest.mark.parametrize(
    ("pattern", "char", "expected"),
    [
        (r"\bfoo\s+bar\b", None, False),
        (r"\bfoo\s+bar\b", ",", False),
        (r"(?:\w+\s+){0,3}?refund", ",", False),
        (r"actually,\s+we", ",", True),
        (r"foo\W", ",", True),
        (r"foo\S+", ",", True),
        (r"[+-.]", ",", True),
        (r"[^a]", ",", True),
        (r"foo.", ",", True),
        (r"[a-z0-9]+", ",", False),
        (r"\d{5,}", ",", False),
        (r"^foo", None, True),
        (r"foo$", None, True),
        (r"(?<!\w)foo", None, True),
        (r"foo(?=\d)", None, True),
        (r"(a)\1", None, True),
        (r"\Bfoo\b", None, False),
    ],
)
def test_looks_beyond_is_derived_from_the_pattern(pattern: str, char: str | None, expected: bool) -> None:
    assert rules.looks_beyond(re.compile(pattern, re.I), char) is expected


def test_only_the_comma_rule_is_searched_in_the_whole_joined_chunk() -> None:
    assert rules._SEPARABLE
    whole = [pattern.pattern for pattern, _, is_whole, _ in rules._AT_JOIN if is_whole]
    assert whole == [r"(?:\bactually,\s+(?:we|you|that|it)\b)"]
    # every other alternative is tried at the join, unless its matches cannot start with the join's space
    tried = "|".join(pattern.pattern for pattern, _, _, _ in rules._AT_JOIN)
    for alternative in rules._RULE_PATTERNS:
        compiled = re.compile(alternative, re.I)
        if f"(?:{alternative})" not in tried:
            assert not rules.looks_beyond(compiled, ",") and not rules.may_start_with_space(compiled), alternative
    # the whole-chunk search is skipped when "actually," is not in the joined chunk
    assert [needs for _, _, is_whole, needs in rules._AT_JOIN if is_whole] == [frozenset({"actually,"})]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\s+refund", True),
        (r"\bfoo", False),
        (r"(?:a|\s)x", True),
        (r"x*", True),
        (r"(?:as\s+)?per", False),
        (r"(?:as\s+)?\sper", True),
        (r"(?:as\s+)?", True),
        (r"(?:\w+\s+){0,3}?x", False),
        (r"(?: x)?y", True),
        (r"[^a]", True),
        (r"[a-z ]", True),
        (r"[a-z]", False),
        (r"\W", True),
        (r"\S", False),
        (r"\d+", False),
        (r".", True),
        (r"(?=x)x", True),
        (r"^x", True),
        (r"\b(?:we|i)\s", False),
        (r"", True),
    ],
)
def test_may_start_with_space_is_derived_from_the_pattern(pattern: str, expected: bool) -> None:
    assert rules.may_start_with_space(re.compile(pattern, re.I)) is expected
    if not expected:  # then no match starts with a space
        for text in (" x", " per", "  as per", " we ", " 1", " foo"):
            assert re.compile(pattern, re.I).match(text) is None


def test_a_match_from_the_space_at_the_join_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    # no rule starts with a space today; a pattern that did would match neither piece but the joined chunk
    pattern = re.compile(r"\s+refund", re.I)
    monkeypatch.setattr(rules, "_AT_JOIN", ((pattern, rules.lowercase_twin(pattern), False, None),))
    assert not rules.looks_beyond(pattern, ",")
    assert rules._crosses_join("Hi Anna,", "refund now.", (), ())
    assert not rules._crosses_join("Hi Anna,", "no money now.", (), ())


def test_one_draft_check_for_many_drafts_equals_violations() -> None:
    # a DraftCheck remembers greetings, tails (the chunks after the first) and which private items are
    # allowed: asked again and again, for other drafts sharing tails, it must still agree with violations
    tails = ("", " Thanks.", " Please email ann@x.io.", " Order 123456 is late.", " We'll refund you.", "\n– Maya")
    for never_say in NEVER_SAY:
        for allowed in ALLOWED:
            for source in SOURCES:
                for limit in (None, 60):
                    check = rules.DraftCheck(limit=limit, never_say=never_say, allowed=allowed, source_text=source)
                    for _ in range(2):  # the second round is answered from memory
                        for lead in LEADS[:8]:
                            for body in BODIES[:8]:
                                for tail in tails:
                                    draft = f"{lead} {body}{tail}"
                                    want = rules.violations(
                                        draft, limit=limit, never_say=never_say, allowed=allowed, source_text=source
                                    )
                                    assert check.breaks(draft, lead) == bool(want), (lead, draft, never_say, allowed)


def test_a_text_splits_into_its_first_chunk_and_the_chunks_after_its_first_break() -> None:
    # DraftCheck.breaks reads the first chunk before the first break, and remembers the tail after it
    pieces = ["a", ".", "!", ";", " ", "\n", "\t", "\u00a0", "\u2028", ". ", "\n\n", "Hi,"]
    rnd = random.Random(3)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        split = rules._CHUNK.search(text)
        if split is None:
            assert rules._CHUNK.split(text) == [text]
        else:
            expected = [text[: split.start()], *rules._CHUNK.split(text[split.end() :])]
            assert rules._CHUNK.split(text) == expected, repr(text)

"""Cues: what they catch, and the indexed matcher giving the same answers as plain ``re.search``."""

from __future__ import annotations

import dataclasses
import re

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis import intent
from mentionwatch.analysis._wordindex import (
    _WORD_RUN,
    WordIndex,
    digit_first,
    distribute,
    gate,
    leading_words,
    literal_first,
    literal_prefix,
    required_literals,
    split_alternatives,
)
from mentionwatch.analysis.cues import _PATTERNS, Cues, add_patterns, find_cues, matching, patterns
from mentionwatch.analysis.sentiment import normalise


def slow(text: str) -> set[str]:
    return {name for name, pattern in patterns().items() if pattern.search(text)}


def test_the_pass_runs_the_cues_and_intents_patterns() -> None:
    assert set(patterns()) == set(_PATTERNS) | set(intent._PATTERNS) | {"personal"}  # complaint adds PERSONAL
    with pytest.raises(ValueError):
        add_patterns({"waiting": re.compile("x")})


PHRASES = [
    "still waiting for my refund",
    "my order hasn't arrived and no reply to 3 emails",
    "thanks for nothing",
    "thank you so much for your help",
    "great job losing my bag",
    "no problems at all",
    "the app keeps crashing",
    "never again #neveragain",
    "#fail #customerservicefail",
    "how do i cancel my subscription?",
    "i accidentally ordered the wrong size",
    "why is my package late again",
    "2late for this",
    "piano reply",
    "it all worked out in the end, thank you",
    "",
]


@pytest.mark.parametrize("text", PHRASES)
def test_indexed_matching_equals_plain_search_on_phrases(text: str) -> None:
    assert matching(text) == slow(text)


def test_indexed_matching_equals_plain_search_on_mit_texts() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    rows += read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"))
    mismatches = [t for _, t in rows if matching(normalise(t).lower()) != slow(normalise(t).lower())]
    assert mismatches == []


def test_split_alternatives_respects_groups_and_classes() -> None:
    assert split_alternatives(r"a|b(c|d)|[|]e") == ["a", "b(c|d)", "[|]e"]


def test_distribute_splits_a_leading_group() -> None:
    parts = distribute(r"\b(?:foo|bar)baz")
    assert parts == [r"\b(?:foo)baz", r"\b(?:bar)baz"]
    for text in ["foobaz", "barbaz", "xbarbaz", "foo baz"]:
        assert any(re.search(p, text) for p in parts) == bool(re.search(r"\b(?:foo|bar)baz", text))


def test_leading_words_are_conservative() -> None:
    assert leading_words(r"\brefund(?:ed|s)?") == {"refund"}
    assert leading_words(r"\bcancell?ed") == {"cancel"}
    assert leading_words(r"\b(?:no|never) reply") == {"no", "never"}
    assert leading_words(r"\b(?:a)?b") is None
    assert leading_words(r"\b\d+ days") is None


def test_literal_prefix_reads_through_plain_groups() -> None:
    assert literal_prefix(r"\b(?:a) new job\b") == "a new job"
    assert literal_prefix(r"\b(?:(?:my) surgery)\b") == "my surgery"
    assert literal_prefix(r"\b(?:an?)\s*x") == "a"
    assert literal_prefix(r"\bi (?:still )?await\b") == "i "
    assert literal_prefix(r"\b(?:no|never) reply") == ""
    assert literal_prefix(r"\bab+c") == "ab"
    assert literal_prefix(r"\bab{2}c") == "a"


def test_word_index_matches_short_words_and_longer_literals() -> None:
    index = WordIndex({"job": r"\b(?:a) new job\b", "no": r"\bno (?:reply|answer)", "can": r"\bcan'?t log"})
    assert index.matches("about a new job") == {"job"}
    assert index.matches("and anew job, no replyx") == {"no"}
    assert index.matches("i can't log in; cant login") == {"can"}
    assert index.matches("a newer job, nope reply, cannot log") == set()


def test_word_index_reads_the_character_after_a_word_as_plain_search_does() -> None:
    patterns = {"im": r"\bi'?m (?:sad|fine)", "i": r"\bi\b", "no": r"\bno (?:reply|answer)|\bno\.", "x": r"\bx\d"}
    index = WordIndex(patterns)
    for text in ["i'm sad", "im fine", "i", "i'", "no", "no.", "no reply", "no  reply", "x1", "x", "i'm", "no-reply", "zi'm sad"]:
        assert index.matches(text) == {n for n, p in patterns.items() if re.search(p, text)}, text


def test_required_literals_are_in_every_match() -> None:
    assert required_literals(r"(?<!\w)#\w*(?:fail|sucks)\b") == {"#"}
    assert required_literals(r"\b/s$") == {"/s"}
    assert required_literals(r"(?:^|[.!?] )(?:and )?(?:still )?nothing[.!?]*$") == {"nothing"}
    assert required_literals(r"^(?:how|what)\b[^.!]*\?") == {"?"}
    assert required_literals(r">{2,}\s*(?:all|any)") == {">"}
    assert required_literals(r"(?:^|x)(?:how|where) (?:do|can) (?:i|we)\b") == {"how", "where"}
    assert required_literals(r"ab?c") == {"a"}
    assert required_literals(r"\d+\s*") is None
    assert required_literals(r"(?i)abc") is None
    assert required_literals(r"a{x}") is None
    assert required_literals(r"\x41bc") is None
    assert required_literals(r"(a)\1") is None


@pytest.mark.parametrize("pattern", [r"(?:ab|cd)+e?f*", r"x(?:y(?:z|w)v)?u", r"[ab]+c\.d{0,2}e", r"(?<=q)r(?!s)t"])
def test_required_literals_agree_with_search(pattern: str) -> None:
    needed = required_literals(pattern)
    assert needed
    for text in ["abef", "cdcdf", "xyzvu", "xu", "ac.e", "bbbc.dde", "qrt", "rt", "e", ""]:
        if re.search(pattern, text):
            assert any(literal in text for literal in needed), text


def test_word_index_reports_each_name_once() -> None:
    index = WordIndex({"x": r"\bstill waiting|\bno reply", "y": r"#\w+|\bthanks"})
    assert index.matches("still waiting, no reply #sad") == {"x", "y"}
    assert index.matches("nothing here") == set()


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Still waiting on my order", "waiting"),
        ("Three weeks and no reply", "waiting"),
        ("they sent the wrong size", "failure"),
        ("can't log in to my account", "trouble"),
        ("never flying with them again", "never_again"),
        ("thanks for nothing", "sarcasm"),
        ("no complaints at all", "negated_problem"),
        ("thank you for sorting my refund", "resolved"),
        ("how do I change my order", "how_to"),
        ("I accidentally deleted it", "self_inflicted"),
        ("cheers, much appreciated", "gratitude"),
        ("why is this always broken", "complaint_talk"),
        ("please send me the link", "request"),
    ],
)
def test_cues_fire_on_their_phrases(text: str, cue: str) -> None:
    assert getattr(find_cues(text), cue) is True


def test_sarcasm_is_not_gratitude_with_so_much() -> None:
    assert find_cues("thank you so much for your effort").sarcasm is False
    assert find_cues("so much for fast delivery").sarcasm is True


def test_positive_words_beside_a_problem_read_as_irony() -> None:
    cues = find_cues("Hung up on after an hour on hold. Great service!")
    assert cues.waiting and cues.ironic


def test_shouting_needs_several_capitalised_words() -> None:
    assert find_cues("THIS IS UNACCEPTABLE").shouting is True
    assert find_cues("I love NYC").shouting is False


def _plain_shouting(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']*", text) if len(w) > 1]
    caps = sum(1 for w in words if w.isupper())
    return len(words) >= 3 and caps >= 3 and caps / len(words) >= 0.6


@pytest.mark.parametrize(
    "text",
    ["THIS IS UNACCEPTABLE", "I'M SO MAD", "A' B' C'", "AB CD ef", "AB CD EF gh ij", "Ab Cd Ef", "USA TV UK and", "", "X Y Z"],
)
def test_shouting_equals_its_definition(text: str) -> None:
    from mentionwatch.analysis.cues import shouting

    assert shouting(text) == _plain_shouting(text)


@pytest.mark.parametrize(
    "alternative",
    [r"\b(?:\d+(?:\.\d+)?)\s*hours?\b", r"\b\d+ days", r"\b\d\d?/10", r"\b\d+?x", r"\b\d{2} min", r"\b\d* x"],
)
def test_digit_first_finds_the_same_texts(alternative: str) -> None:
    texts = ["2 hours", "x2 hours", "_2 hours", "a 2.5 hours", "12 days", "a12 days", "9/10", "é9/10", "7x", "10 min", " x", "٣ days", "ab 3 days"]
    fast = re.compile(digit_first(alternative))
    plain = re.compile(alternative)
    assert [fast.search(t) is not None for t in texts] == [plain.search(t) is not None for t in texts]


def test_digit_first_rewrites_only_what_it_can() -> None:
    assert digit_first(r"\b(?:\d+(?:\.\d+)?)\s*h") == r"\d(?<!\w\d)(?:\d*(?:\.\d+)?)\s*h"
    assert digit_first(r"\b\d{2} min") == r"\b\d{2} min"
    assert digit_first(r"\b(?:\d|x) y") == r"\b(?:\d|x) y"


@pytest.mark.parametrize("alternative", [r"(?<!\w)#\w*fail", r"(?<!\w)#(?:not|sarcasm)\b", r"(?<!\w)>x", r"(?<!\w)😍"])
def test_literal_first_finds_the_same_texts(alternative: str) -> None:
    texts = ["#fail", "a#fail", "_#fail", "é#epicfail", "so #not", "x #sarcasm!", "#notx", ">x", "a>x", " >x", "😍", "a😍", "##fail", "٣#not"]
    fast = re.compile(literal_first(alternative))
    plain = re.compile(alternative)
    assert fast.pattern != plain.pattern
    assert [fast.search(t) is not None for t in texts] == [plain.search(t) is not None for t in texts]


def test_literal_first_rewrites_only_what_it_can() -> None:
    assert literal_first(r"(?<!\w)#x") == r"\#(?<!\w\#)x"
    for kept in (r"(?<!\w)#+x", r"(?<!\w)ab", r"\bx", r"(?<!\w)\#x", r"(?<!\w)[#]x", r"(?<!\w)_x", r"(?<!\w)"):
        assert literal_first(kept) == kept


def test_a_gate_matches_where_any_of_its_candidates_does() -> None:
    index = WordIndex({name: pattern.pattern for name, pattern in patterns().items()})
    texts = [normalise(text).lower() for _, text in read_vader(vader_file("tweets_GroundTruth.txt"))[:800]]
    texts += [text.lower() for text in PHRASES]
    tried = 0
    for text in texts:
        for m in _WORD_RUN.finditer(text):
            entries = index._lookup(m.group())[2]
            joined = gate(entries) if entries else None
            if joined is None:
                continue
            tried += 1
            any_match = any(compiled.match(text, m.start()) for _, _, _, compiled in entries)
            assert (joined.match(text, m.start()) is not None) == any_match, (text, m.group())
    assert tried > 1000


def test_a_gate_is_not_made_where_group_numbers_matter() -> None:
    entries = tuple(("x", "", "", re.compile(p)) for p in (r"\b(a)\1", r"\bab"))
    assert gate(entries) is None
    assert gate(entries[1:]) is not None


@pytest.mark.parametrize("text", [*PHRASES, "THIS IS SO UNACCEPTABLE", "why is my order late? @shop"])
def test_find_cues_builds_the_same_object_as_the_constructor(text: str) -> None:
    fast = find_cues(text)
    plain = Cues(**{f.name: getattr(fast, f.name) for f in dataclasses.fields(Cues)})
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))
    assert type(fast) is Cues and fast.problem == plain.problem
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.waiting = True  # type: ignore[misc]


def test_word_index_tries_anchored_and_shared_literal_searches_together_with_the_same_answers() -> None:
    patterns = {
        "a": r"^(?:how|what)\b[^.!]*\?",
        "b": r"^news\b|(?<!\w)#x",
        "c": r"^\d+ things\b|(?<!\w)#y\b",
        "d": r"(?:^|[.!?] )why\b",
    }
    index = WordIndex(patterns)
    assert index._anchored is not None
    for text in ["how now?", "news: #x", "12 things #y", "so. why", "a news item?", "#x #y", "what #y", "", "why"]:
        assert index.matches(text) == {n for n, p in patterns.items() if re.search(p, text)}, text


def test_rest_after_literal_and_what_cannot_follow_it() -> None:
    from mentionwatch.analysis._wordindex import cannot_follow, rest_after_literal

    assert rest_after_literal(r"\b(?:i)\b") == ("i", r"\b")
    assert rest_after_literal(r"\b(?:i'?m) sad") == ("i", "'?m sad")
    assert rest_after_literal(r"\bab+c") is None
    assert cannot_follow(r"\b", "s") and not cannot_follow(r"\b", " ")
    assert cannot_follow("'?m sad", "s") and not cannot_follow("'?m sad", "m") and not cannot_follow("'?m sad", "'")
    assert not cannot_follow("", "s")  # the match may end with the literal
    assert not cannot_follow(r"(?=s)x|y", "s")  # a look-around: not known, so kept
    assert cannot_follow(r"\s*(?:mins?|days?)", "x") and not cannot_follow(r"\s*(?:mins?|days?)", "d")
    assert not cannot_follow(r"[^a-c]", "x") and cannot_follow(r"[^a-c]", "b") and cannot_follow(r"\d", "x")


def test_word_index_skips_alternatives_the_next_letter_rules_out_with_the_same_answers() -> None:
    patterns = {"i": r"\b(?:i)\b", "im": r"\bi'?m (?:sad|fine)", "any": r"\bany ?one\b", "a": r"\ban?\s*days?", "my": r"\bmy"}
    index = WordIndex(patterns)
    texts = ["is it", "i am", "im sad", "i'm fine", "anyway", "any one", "anyone", "a days", "an day", "and days", "myself", "i", "is"]
    for text in texts:
        assert index.matches(text) == {n for n, p in patterns.items() if re.search(p, text)}, text


def test_word_index_takes_whole_word_alternatives_as_found_with_the_same_answers() -> None:
    patterns = {"my": r"\b(?:my)\b", "dis": r"\bdisappoint", "mine": r"\bmy (?:own )?fault\b|\bmine\b"}
    index = WordIndex(patterns)
    texts = ["my", "my fault", "myself", "myé", "my_x", "my1", "disappointed", "dis", "it's mine.", "mines", "x my own fault"]
    for text in texts:
        assert index.matches(text) == {n for n, p in patterns.items() if re.search(p, text)}, text
    assert index._lookup("my ")[0] == ("my",)


def test_shouting_quick_rejection_agrees_with_the_plain_count() -> None:
    import random

    from mentionwatch.analysis.cues import _CAPS_START, WORD, shouting

    def plain(text: str) -> bool:
        words = [w for w in WORD.findall(text) if len(w) > 1]
        caps = sum(1 for w in words if w.isupper())
        return len(_CAPS_START.findall(text)) >= 3 and len(words) >= 3 and caps >= 3 and caps / len(words) >= 0.6

    rng = random.Random(3)
    alphabet = "AB C'Iab é\ud800xYZ !É"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20_000)]
    texts += ["THIS IS UNACCEPTABLE", "I'M I'D I'LL", "AB CD EF", "ÉÉ ÉÉ ÉÉ", "WHY is THIS so BAD"]
    assert [shouting(t) for t in texts] == [plain(t) for t in texts]


@pytest.mark.parametrize("text", ["so good 😍", "😋", "ok 🤌 #fail", "plain text", "é 10/10"])
def test_indexed_matching_equals_plain_search_with_non_ascii_literals(text: str) -> None:
    assert matching(text) == slow(text)

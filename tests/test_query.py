"""The keyword query language: parsing, matching, spans, and property-based checks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentionwatch.query import And, Not, Or, QueryError, Term, parse_query


def find(query: str, text: str) -> list[tuple[int, int]] | None:
    return parse_query(query).find(text)


def test_all_words_must_appear_in_any_order() -> None:
    assert find("sourdough portland", "Best PORTLAND sourdough!") is not None
    assert find("sourdough portland", "best sourdough in Seattle") is None


def test_words_match_whole_words_only() -> None:
    assert find("bake", "we bake daily") is not None
    assert find("bake", "the bakery") is None


def test_phrase_must_appear_in_order() -> None:
    assert find('"Joe\'s Bakery"', "I love Joe's Bakery.") == [(7, 19)]
    assert find('"Joe\'s Bakery"', "Bakery of Joe's") is None


def test_phrase_tolerates_extra_whitespace() -> None:
    assert find('"joes bakery"', "joes\n  bakery") is not None


def test_or_matches_either_side() -> None:
    q = "croissant OR baguette"
    assert find(q, "a baguette please") is not None
    assert find(q, "a croissant please") is not None
    assert find(q, "a muffin please") is None


def test_exclusion_drops_matches() -> None:
    q = "sourdough portland -recipe"
    assert find(q, "sourdough in portland") is not None
    assert find(q, "sourdough portland recipe") is None
    assert find('bakery -"food truck"', "bakery and food truck") is None
    assert find('bakery -"food truck"', "bakery, food and a truck") is not None


def test_parentheses_group() -> None:
    q = "(cake OR pie) portland"
    assert find(q, "pie in portland") is not None
    assert find(q, "pie in seattle") is None


def test_case_and_unicode_folding() -> None:
    assert find("café", "Best CAFÉ ever") is not None
    assert find("café", "two cafés") is None
    assert find("Café", "le café") is not None


def test_typographic_apostrophes_and_quotes_fold() -> None:
    assert find('"Joe\'s Bakery"', "Joe’s Bakery rocks") is not None
    assert find("“Joe’s Bakery”", "joe's bakery rocks") is not None


def test_handles_and_hashtags_need_their_sigil() -> None:
    assert find("#joesbakery", "love #JoesBakery") is not None
    assert find("#joesbakery", "love joesbakery") is None
    assert find("@joesbakery", "hi @joesbakery!") is not None
    assert find("@joesbakery", "mail joe@joesbakery.example") is None


def test_spans_point_at_the_original_text() -> None:
    text = "Ich liebe die STRASSE café"
    spans = find("café", text)
    assert spans is not None
    start, end = spans[0]
    assert text[start:end] == "café"


def test_overlapping_spans_merge() -> None:
    assert find("#tag OR tag", "a #tag") == [(2, 6)]


def test_api_queries_expand_or_and_drop_negations() -> None:
    q = parse_query('"Joe\'s Bakery" OR (sourdough portland -recipe)')
    assert q.api_queries() == ['"Joe\'s Bakery"', "sourdough portland"]


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"unclosed', "unclosed quote"),
        ("(a OR b", "unclosed '('"),
        ("a)", "unexpected ')'"),
        ("OR a", "expected a word"),
        ("a OR", "needs a term"),
        ("-foo", "at least one word"),
        ("a - b", "no letters"),
        ('""', "empty phrase"),
        ("()", "expected a word"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, needle: str) -> None:
    with pytest.raises(QueryError, match=re.escape(needle)):
        parse_query(query)


# ---------------------------------------------------------------- properties

_words = st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8).filter(lambda w: w != "OR")


def _render(node: object) -> str:
    if isinstance(node, Term):
        return f'"{node.text}"' if node.phrase else node.text
    if isinstance(node, Not):
        return "-" + _render(node.child)
    if isinstance(node, And):
        return " ".join(_render(c) for c in node.children)
    assert isinstance(node, Or)
    return "(" + " OR ".join(_render(c) for c in node.children) + ")"


_terms = st.one_of(
    _words.map(Term),
    st.lists(_words, min_size=2, max_size=3).map(lambda ws: Term(" ".join(ws), phrase=True)),
)
_trees = st.recursive(
    _terms,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda c: And(tuple(c))),
        st.lists(inner, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parser_never_crashes_on_arbitrary_input(source: str) -> None:
    try:
        q = parse_query(source)
    except QueryError:
        return
    q.find(source)


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_rendered_queries_parse_and_match_their_own_words(tree: object) -> None:
    source = _render(tree)
    query = parse_query(source)
    # a text made of every positive term matches (no negations in these trees)
    words = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Term):
            words.append(node.text)
        elif isinstance(node, (And, Or)):
            stack.extend(node.children)
    assert query.find(" . ".join(words)) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["bakery", '"joe\'s bakery"', "#tag OR @handle", "a -b", "(x OR y) z"]))
def test_matcher_spans_are_inside_the_text(text: str, source: str) -> None:
    spans = parse_query(source).find(text)
    for start, end in spans or []:
        assert 0 <= start < end <= len(text)

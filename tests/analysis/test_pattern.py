"""The fast pattern polarity must equal TextBlob's own, text for text."""

from __future__ import annotations

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis._pattern import _RE_EMOTICONS, _SPLIT_EMOTICON, lexicon, polarity, tokens

textblob = pytest.importorskip("textblob")

PHRASES = [
    "",
    "good",
    "not good",
    "not really good",
    "very very good!",
    "terribly bad",
    "It's not bad at all!!",
    "I'm sooo happy :-)",
    "MAX D ok X D",
    "sad :( :'( <3",
    "(!) yeah right",
    "no.\n\nGood. \"Great\" day... e.g. Mr. Smith's U.S. trip",
    "“Quoted” ‘single’ isn't won't can't we'll they're I've I'd",
    "the food was cold and the staff were rude",
    "split emoticons : - ) and : ' ( and o . O and > : D . x D",
    "(!) and ( ! ) then good ( ! )",
]


@pytest.mark.parametrize("text", PHRASES)
def test_polarity_equals_textblob_on_tricky_phrases(text: str) -> None:
    assert polarity(text) == pytest.approx(textblob.TextBlob(text).sentiment.polarity, abs=1e-12)


def test_polarity_equals_textblob_on_vader_tweets() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"), limit=800)
    mismatches = [t for _, t in rows if abs(polarity(t) - textblob.TextBlob(t).sentiment.polarity) > 1e-12]
    assert mismatches == []


def test_tokens_split_punctuation_and_apostrophes_as_pattern_does() -> None:
    # pattern splits "n't" and then the apostrophe itself; kept for identical polarity
    assert tokens("Isn't it great?") == ["is", "n", "'", "t", "it", "great", "?"]


def test_lexicon_maps_adjectives_to_adverbs() -> None:
    assert lexicon()["terribly"][3] is True
    assert lexicon()["terribly"][0] == lexicon()["terrible"][0]


@pytest.mark.parametrize(
    "text",
    [
        *PHRASES,
        "ΟΔΟΣ ΣΑΣ ΚΑΛΗ. Σ σ ΑΣ'Σ",
        "plain words only with no stops",
        "ok END-OF-SENTENCE yes. go . so (!) x D",
        "to see, go out: o s x p",
        "a :) b :-( c (smile) d",
        "Thanks. Please help. So slow. Done. P.S. ok",
        "it broke : ( again. x D",
        "so . D and : - ) and 8 o and < 3 end",
        "why. o p . P",
        "late (again) and (! ) then ( !) ok",
        "(see below) fine",
    ],
)
def test_tokens_equal_patterns_lower_cased_tokens(text: str) -> None:
    from textblob._text import find_tokens

    assert tokens(text) == [w.lower() for w in " ".join(find_tokens(text)).split()]


def test_tokens_equal_patterns_tokens_on_vader_tweets() -> None:
    from textblob._text import find_tokens

    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    assert [t for _, t in rows if tokens(t) != [w.lower() for w in " ".join(find_tokens(t)).split()]] == []


@pytest.mark.parametrize("text", ["x D", "x D.", ": - ) ok", ":-) :) ok", "a . P b", ". P", "< 3", "xD fine", "8 -D"])
def test_an_emoticon_re_join_changes_only_texts_with_a_spaced_emoticon(text: str) -> None:
    rejoined = _RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), text)
    if _SPLIT_EMOTICON.search(text) is None:
        assert rejoined == text


def test_an_emoticon_re_join_changes_only_texts_with_a_spaced_emoticon_fuzzed() -> None:
    import random

    rng = random.Random(7)
    alphabet = ":;=8xX-^oOpPDdbc3<>()[]{}. a"
    changed = 0
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9)))
        rejoined = _RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), text)
        if rejoined != text:
            changed += 1
            assert _SPLIT_EMOTICON.search(text) is not None, text
    assert changed > 10


def test_split_emoticon_trie_finds_what_the_plain_alternation_finds() -> None:
    import random
    import re

    from mentionwatch.analysis._pattern import _EMOTICONS, _spaced

    variants = [v for _, forms in _EMOTICONS for form in forms for v in _spaced(form)]
    plain = re.compile("(?:" + "|".join(re.escape(v) for v in variants) + r")(?:$|\s)")
    rng = random.Random(11)
    alphabet = ":;=8xX-^oOpPDdbc3<>()[]{}. a\\/°*_'S"
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        a, b = plain.search(text), _SPLIT_EMOTICON.search(text)
        assert (a and a.start()) == (b and b.start()), text  # tokens() asks only whether there is one

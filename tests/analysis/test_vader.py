"""The fast VADER must equal vaderSentiment's ``polarity_scores``, float for float."""

from __future__ import annotations

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis._vader import BOOSTER_NGRAMS, BOOSTERS, NEGATE, SPECIAL_CASES, Vader

vs = pytest.importorskip("vaderSentiment.vaderSentiment")

PHRASES = [
    "",
    "   ",
    "good",
    "not good",
    "Not bad at all",
    "isn't it great? I never said it wasn't",
    "no good",
    "no problem at all",
    "no, not good or bad",
    "nothing or nor happy",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good but bad but good",
    "but",
    "good good good but bad bad bad",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VERY GOOD",
    "this is VERY good and REALLY nice",
    "The book was only kind of good.",
    "kind of",
    "it was kind",
    "sort of nice, just enough fun, kinda sorta good",
    "At least it isn't a horrible book.",
    "least good",
    "very least good",
    "at least good",
    "the least amazing day",
    "never so good, never this bad, never really so happy",
    "without doubt the best; without a doubt good",
    "that movie was the shit",
    "the bomb really is the bomb",
    "this is a kiss of death for them",
    "a cake to die for",
    "yeah right great",
    "bad ass car, so bad ass",
    "the bus stop was nice",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "great😁😁 ok 💘x",
    "wow!!!!!! so good?? really???? ok?",
    "...good..., 'bad' :-( :'( <3",
    "happy happy happy happy happy happy happy happy happy happy happy happy happy!!!!",
    "horrible terrible awful bad worst hate!!!",
    "I didn't hate it, I couldn't love it, I won't like it",
    "never never never good",
    "ALL CAPS ONLY TEXT IS HERE GREAT",
    "Mixed CASE Good BAD",
    # idioms and booster n-grams up to three words before a scored word, and right after it
    "honestly the movie was the shit and so good",
    "we had a really sad kiss of death there",
    "oh yeah right, that is so good to die for",
    "it is just enough good and kind of great, sort of awful",
    "good bus stop nice, bad ass",
    "ΟΔΟΣ ΣΑΣ καλή ΑΣ'Σ good",
]


def _exact(scores: dict[str, float]) -> list[tuple[str, str]]:
    return [(k, repr(v)) for k, v in scores.items()]


def test_constants_equal_vaders() -> None:
    boosters = dict(BOOSTERS) | {" ".join(k): v for k, v in BOOSTER_NGRAMS.items()}
    assert boosters == vs.BOOSTER_DICT
    assert set(vs.NEGATE) == NEGATE
    special = {" ".join(k): v for k, v in SPECIAL_CASES.items()}
    assert special == {k: v for k, v in vs.SPECIAL_CASES.items() if " " in k}


@pytest.fixture(scope="module")
def pair() -> tuple[Vader, object]:
    theirs = vs.SentimentIntensityAnalyzer()
    ours = Vader()
    assert ours.lexicon == theirs.lexicon and ours.emojis == theirs.emojis
    return ours, theirs


@pytest.mark.parametrize("text", PHRASES)
def test_polarity_scores_equal_vaders_on_tricky_phrases(text: str, pair: tuple[Vader, object]) -> None:
    ours, theirs = pair
    assert _exact(ours.polarity_scores(text)) == _exact(theirs.polarity_scores(text))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["tweets_GroundTruth.txt", "amazonReviewSnippets_GroundTruth.txt"])
def test_polarity_scores_equal_vaders_on_vader_texts(name: str, pair: tuple[Vader, object]) -> None:
    ours, theirs = pair
    rows = read_vader(vader_file(name))
    texts = [t for _, t in rows] + [t.upper() for _, t in rows[:500]] + [t.replace(",", " but") for _, t in rows[:500]]
    mismatches = [t for t in texts if _exact(ours.polarity_scores(t)) != _exact(theirs.polarity_scores(t))]  # type: ignore[attr-defined]
    assert mismatches == []


def test_added_words_are_scored(pair: tuple[Vader, object]) -> None:
    ours = Vader(lexicon={**pair[0].lexicon, "refundless": -2.0})
    assert ours.polarity_scores("refundless again")["compound"] < 0


def test_emoji_replacement_equals_the_character_by_character_loop() -> None:
    import random

    from mentionwatch.analysis._vader import Vader

    vader = Vader()
    emojis = vader.emojis

    def loop(text: str) -> str:
        out: list[str] = []
        prev_space = True
        for ch in text:
            description = emojis.get(ch)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    rng = random.Random(8)
    alphabet = ["😀", "😡", "👍🏽", "❤", "\ufe0f", "é", "’", " ", "a", "!", "\u200d", "🇺🇸"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert vader._replace_emojis(text) == loop(text), text

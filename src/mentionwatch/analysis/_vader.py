"""VADER's ``polarity_scores``, computed the same way but several times faster.

A re-implementation of ``SentimentIntensityAnalyzer.polarity_scores`` from vaderSentiment 3.3.2
(MIT licence, (c) 2014 C.J. Hutto; please cite Hutto, C.J. & Gilbert, E.E. (2014). VADER: A
Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text. ICWSM-14). It reads the
same lexicon files from the installed ``vaderSentiment`` package and applies the same rules in the
same arithmetic order, so every float is identical (``tests/analysis/test_vader.py`` checks that
on the MIT VADER texts). What changes is only redundant work: each word is lower-cased once, the
lexicon is looked up once per word, and the negation, idiom and "but" checks read that once-made
list instead of rebuilding it per word. Importing this module does not import vaderSentiment.
"""

from __future__ import annotations

import importlib.util
import math
import re
import string
from collections.abc import Mapping
from itertools import compress
from pathlib import Path

B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

NEGATE = frozenset(
    ["aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
     "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
     "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
     "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
     "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
     "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
     "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
     "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"]
)  # fmt: skip

_INCR_WORDS = (
    "absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous "
    "enormously entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin "
    "frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella "
    "highly hugely incredible incredibly intensely major majorly more most particularly purely quite really "
    "remarkably so substantially thoroughly total totally tremendous tremendously uber unbelievably unusually "
    "utter utterly very"
)
_DECR_WORDS = (
    "almost barely hardly less little marginal marginally occasional occasionally partly scarce scarcely "
    "slight slightly somewhat sorta sortof sort-of kinda kindof kind-of"
)
#: Booster and dampener words (single words: a token never holds a space).
BOOSTERS: dict[str, float] = {
    **{w: B_INCR for w in _INCR_WORDS.split()},
    **{w: B_DECR for w in _DECR_WORDS.split()},
}
#: VADER's two- and three-word boosters ("kind of"), as word tuples.
BOOSTER_NGRAMS: dict[tuple[str, ...], float] = {("just", "enough"): B_DECR, ("kind", "of"): B_DECR, ("sort", "of"): B_DECR}
#: VADER's special-case idioms as word tuples ("badass" is left out: a joined n-gram never equals it).
SPECIAL_CASES: dict[tuple[str, ...], float] = {
    ("the", "shit"): 3,
    ("the", "bomb"): 3,
    ("bad", "ass"): 1.5,
    ("bus", "stop"): 0.0,
    ("yeah", "right"): -2,
    ("kiss", "of", "death"): -1.5,
    ("to", "die", "for"): 3,
    ("beating", "heart"): 3.5,
}
#: The words an idiom or a booster n-gram starts with: where none is near a word, neither can apply.
_NGRAM_STARTS = frozenset(seq[0] for seq in (*SPECIAL_CASES, *BOOSTER_NGRAMS))
_SO_THIS = ("so", "this")
_PUNCTUATION = string.punctuation
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _package_file(name: str) -> str:
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vaderSentiment is not installed")
    return (Path(next(iter(spec.submodule_search_locations))) / name).read_text(encoding="utf-8")


def vader_lexicon() -> dict[str, float]:
    """VADER's word -> valence, read as vaderSentiment reads ``vader_lexicon.txt``."""
    lex: dict[str, float] = {}
    for line in _package_file("vader_lexicon.txt").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lex[word] = float(measure)
    return lex


def vader_emojis() -> dict[str, str]:
    """VADER's emoji -> description, read as vaderSentiment reads ``emoji_utf8_lexicon.txt``."""
    emojis: dict[str, str] = {}
    for line in _package_file("emoji_utf8_lexicon.txt").rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    return emojis


def _normalize(score: float, alpha: float = 15) -> float:
    norm_score = score / math.sqrt((score * score) + alpha)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


class Vader:
    """VADER's scorer over a given lexicon (VADER's own plus any additions)."""

    def __init__(self, lexicon: Mapping[str, float] | None = None, emojis: Mapping[str, str] | None = None):
        self.lexicon: dict[str, float] = dict(vader_lexicon() if lexicon is None else lexicon)
        self.emojis: dict[str, str] = dict(vader_emojis() if emojis is None else emojis)

    def _replace_emojis(self, text: str) -> str:
        """vaderSentiment's emoji step: each character that is an emoji becomes its description.

        A space goes before a description unless the text starts there or the character before is
        a space; only non-ASCII characters can be emoji, so only those are looked at (found by ``re``).
        """
        emojis = self.emojis
        out: list[str] = []
        last = 0
        for m in _NON_ASCII.finditer(text):
            description = emojis.get(m[0])
            if description is not None:
                i = m.start()
                out.append(text[last:i])
                if i and text[i - 1] != " ":
                    out.append(" ")
                out.append(description)
                last = i + 1
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``neg``, ``neu``, ``pos`` and ``compound`` exactly as vaderSentiment computes them."""
        if not text.isascii():
            text = self._replace_emojis(text)
        text = text.strip()
        # _strip_punc_if_word: a token keeps its punctuation when stripping leaves two characters or fewer
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        lows = " ".join(words).lower().split()  # each word lower-cased: words hold no whitespace
        n = len(words)
        allcaps = sum(map(str.isupper, words))
        is_cap_diff = 0 < n - allcaps < n
        lex = self.lexicon
        # a word outside the lexicon scores 0: visit only the words in it, picked out at C speed
        sentiments: list[float] = [0] * len(lows)
        for i in compress(range(len(lows)), map(lex.__contains__, lows)):
            low = lows[i]
            if low in BOOSTERS or (low == "kind" and i < n - 1 and lows[i + 1] == "of"):
                continue
            sentiments[i] = self._valence(lex[low], words, lows, i, is_cap_diff)
        if "but" in lows:
            _but_check(lows.index("but"), sentiments)
        return _score_valence(sentiments, text)

    def _valence(self, valence: float, words: list[str], lows: list[str], i: int, is_cap_diff: bool) -> float:
        lex = self.lexicon
        low = lows[i]
        n = len(lows)
        base = valence
        if low == "no" and i != n - 1 and lows[i + 1] in lex:
            valence = 0.0
        if (
            (i > 0 and lows[i - 1] == "no")
            or (i > 1 and lows[i - 2] == "no")
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
        ):
            valence = base * N_SCALAR
        if is_cap_diff and words[i].isupper():
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(0, 3):
            j = i - (start_i + 1)
            if j < 0:
                break
            prev = lows[j]
            if prev in lex:
                continue
            # scalar_inc_dec
            s = 0.0
            boost = BOOSTERS.get(prev)
            if boost is not None:
                s = boost
                if valence < 0:
                    s *= -1
                if is_cap_diff and words[j].isupper():
                    if valence > 0:
                        s += C_INCR
                    else:
                        s -= C_INCR
            # vaderSentiment's _negation_check, inlined (a call per earlier word costs more than its tests)
            if start_i == 0:
                valence = valence + s
                if prev in NEGATE or "n't" in prev:
                    valence = valence * N_SCALAR
            elif start_i == 1:
                if s != 0:
                    s = s * 0.95
                valence = valence + s
                if prev == "never" and lows[i - 1] in _SO_THIS:
                    valence = valence * 1.25
                elif prev == "without" and lows[i - 1] == "doubt":
                    pass
                elif prev in NEGATE or "n't" in prev:
                    valence = valence * N_SCALAR
            else:
                if s != 0:
                    s = s * 0.9
                valence = valence + s
                if (prev == "never" and lows[i - 2] in _SO_THIS) or lows[i - 1] in _SO_THIS:
                    valence = valence * 1.25
                elif prev == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                    pass
                elif prev in NEGATE or "n't" in prev:
                    valence = valence * N_SCALAR
                valence = _special_idioms_check(valence, lows, i)
        # _least_check
        if i > 0 and lows[i - 1] == "least" and "least" not in lex:
            if i > 1:
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    valence = valence * N_SCALAR
            else:
                valence = valence * N_SCALAR
        return valence


def _special_idioms_check(valence: float, lows: list[str], i: int) -> float:
    three, two, one, zero = lows[i - 3], lows[i - 2], lows[i - 1], lows[i]
    starts = _NGRAM_STARTS
    if three not in starts and two not in starts and one not in starts and zero not in starts:
        return valence  # every n-gram below starts at one of these four words
    for seq in ((one, zero), (two, one, zero), (two, one), (three, two, one), (three, two)):
        special = SPECIAL_CASES.get(seq)
        if special is not None:
            valence = special
            break
    n = len(lows)
    if n - 1 > i:
        special = SPECIAL_CASES.get((zero, lows[i + 1]))
        if special is not None:
            valence = special
    if n - 1 > i + 1:
        special = SPECIAL_CASES.get((zero, lows[i + 1], lows[i + 2]))
        if special is not None:
            valence = special
    for n_gram in ((three, two, one), (three, two), (two, one)):
        boost = BOOSTER_NGRAMS.get(n_gram)
        if boost is not None:
            valence = valence + boost
    return valence


def _but_check(bi: int, sentiments: list[float]) -> None:
    # vaderSentiment's loop, bug for bug: it rescales the first item *equal* to each one in turn.
    # A zero only ever rescales a zero (the first one) to zero, and a non-zero item stays non-zero,
    # so visiting just the non-zero items, picked out once at C speed, leaves the same list.
    for k in list(compress(range(len(sentiments)), sentiments)):
        sentiment = sentiments[k]
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments[si] = sentiment * 0.5
        elif si > bi:
            sentiments[si] = sentiment * 1.5


def _score_valence(sentiments: list[float], text: str) -> dict[str, float]:
    if sentiments:
        sum_s = float(sum(sentiments))
        ep_count = min(text.count("!"), 4)
        ep_amplifier = ep_count * 0.292
        qm_count = text.count("?")
        qm_amplifier: float = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_amplifier + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = _normalize(sum_s)
        pos_sum = 0.0
        neg_sum = 0.0
        scored = list(filter(None, sentiments))  # the zeros only count as neutral
        neu_count = len(sentiments) - len(scored)
        for sentiment_score in scored:
            if sentiment_score > 0:
                pos_sum += float(sentiment_score) + 1
            else:
                neg_sum += float(sentiment_score) - 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        pos = math.fabs(pos_sum / total)
        neg = math.fabs(neg_sum / total)
        neu = math.fabs(neu_count / total)
    else:
        compound = 0.0
        pos = 0.0
        neg = 0.0
        neu = 0.0
    return {"neg": round(neg, 3), "neu": round(neu, 3), "pos": round(pos, 3), "compound": round(compound, 4)}

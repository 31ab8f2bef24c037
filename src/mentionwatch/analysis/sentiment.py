"""Sentiment: TextBlob and VADER blended, plus rules for what both miss in customer mentions."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from mentionwatch.analysis._pattern import polarity as _polarity
from mentionwatch.analysis._vader import Vader
from mentionwatch.analysis.complaint import is_complaint
from mentionwatch.analysis.cues import Cues, find_cues
from mentionwatch.models import Sentiment, new_frozen

# --- normalisation -----------------------------------------------------------------------------

_HANDLE = re.compile(r"(?<![\w@.])@\w+(?:[.@]\w+)*")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
_ELONGATED = re.compile(r"\b\w*(\w)\1{2,}\w*\b")
_REPEATS = re.compile(r"(\w)\1+")
_LONG_REPEATS = re.compile(r"(\w)\1{2,}")
#: Any character three times in a row: a quick test that must pass before ``_LONG_REPEATS`` can match.
_TRIPLE = re.compile(r"(.)\1\1")
_SPACES = re.compile(r"[ \t]{2,}")

#: Emoji and emoticons VADER scores as neutral (or the wrong way), mapped to a word it knows.
_SYMBOLS: dict[str, str] = {
    "😡": " angry ",
    "🤬": " furious ",
    "😤": " annoyed ",
    "🙄": " annoyed ",
    "😒": " annoyed ",
    "👎": " bad ",
    "🤦": " ugh ",
    "🤮": " disgusting ",
    "💔": " heartbroken ",
    "😑": " annoyed ",
    "😾": " angry ",
    "👍": " good ",
    "🙏": " thanks ",
    "❤️": " love ",
    "💯": " great ",
    "👏": " great ",
    "🙌": " great ",
    "🔥": " awesome ",
    "💕": " love ",
    "💖": " love ",
    "💙": " love ",
    "💚": " love ",
    "💜": " love ",
    "🧡": " love ",
    "😘": " love ",
    "🤩": " wonderful ",
    "🥳": " happy ",
    "❌": " bad ",
    "✅": " good ",
}
_EMOTICONS: dict[str, str] = {
    "D:": " horrified ",
    "=(": " sad ",
    "=((": " sad ",
    "=(((": " sad ",
    ":((": " sad ",
    ":(((": " sad ",
    ">:(": " angry ",
    ":-((": " sad ",
}
#: Every emoticon above holds one of these: without them ``_EMOTICON_RE`` cannot match (a quick test first).
_EMOTICON_PIECES = ("D:", "=(", ":((", ">:(", ":-((")
_SYMBOL_RE = re.compile("|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)))
_EMOTICON_RE = re.compile(
    r"(?:(?<=\s)|^)(?:" + "|".join(re.escape(s) for s in sorted(_EMOTICONS, key=len, reverse=True)) + r")(?=\s|$)"
)


def customer_lexicon() -> dict[str, float]:
    """mentionwatch's own additions to VADER's lexicon (``data/customer_lexicon.tsv``)."""
    from importlib.resources import files

    entries: dict[str, float] = {}
    text = files("mentionwatch").joinpath("data").joinpath("customer_lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, valence = line.split("\t")[:2]
            entries[word.strip()] = float(valence)
    return entries


@lru_cache(maxsize=1)
def _vader() -> Vader:
    analyzer = Vader()
    for word, valence in customer_lexicon().items():
        analyzer.lexicon.setdefault(word, valence)
    return analyzer


def _name_symbols(text: str) -> str:
    """``_SYMBOL_RE.sub`` naming each symbol, by one ``str.replace`` per symbol the text holds.

    The same text: no two symbols overlap (only "❤️" is longer than a character, and neither of its
    characters is a symbol), and the names are ASCII, so no replacement makes or breaks another
    symbol and the order does not matter. ``re`` scans non-ASCII text for the symbols several times
    slower than ``in`` finds each of them.
    """
    for symbol, name in _SYMBOL_ITEMS:
        if symbol in text:
            text = text.replace(symbol, name)
    return text


_SYMBOL_ITEMS = tuple(_SYMBOLS.items())


def _squeeze(match: re.Match[str]) -> str:
    """``yaaay`` -> ``yay``, ``loooove`` -> ``love`` when the short form is a known word."""
    word = match.group(0)
    lexicon = _vader().lexicon
    lower = word.lower()
    once = _REPEATS.sub(r"\1", lower)
    twice = _LONG_REPEATS.sub(r"\1\1", lower)
    for candidate in (twice, once):
        if candidate in lexicon:
            return candidate.upper() if word.isupper() else candidate
    return word


@lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """Text as the scorers should see it: entities decoded, handles and links dropped, emoji named."""
    if "&" in text:
        text = html.unescape(text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "://" in text or "www." in text or "pic.twitter" in text:
        text = _URL.sub(" ", text)
    if not text.isascii():
        text = _name_symbols(text)
    if any(piece in text for piece in _EMOTICON_PIECES):
        text = _EMOTICON_RE.sub(lambda m: _EMOTICONS[m.group(0)], text)
    if _TRIPLE.search(text) and _LONG_REPEATS.search(text):
        text = _ELONGATED.sub(_squeeze, text)
    if "  " in text or "\t" in text:  # what _SPACES needs
        text = _SPACES.sub(" ", text)
    return text.strip()


# --- the two general scorers --------------------------------------------------------------------


def vader_scores(text: str) -> dict[str, float]:
    """VADER's ``neg``/``neu``/``pos``/``compound`` for ``text``."""
    return _vader().polarity_scores(text)


def textblob_polarity(text: str) -> float:
    """TextBlob's pattern polarity in [-1, 1] (the same number, computed without importing TextBlob)."""
    return _polarity(text)


# --- the blend ----------------------------------------------------------------------------------

# A linear model over VADER (compound, pos, neg) and TextBlob polarity, fitted on the VADER tweets
# (MIT; Hutto & Gilbert 2014) against the mean human rating on -4..+4 (least squares, then a
# coordinate search on Pearson r with the cues in place), and divided by 3 so that a strongly felt
# text lands near -1 or +1. The customer cue weights (waiting, failure, ...) are set by hand: general
# tweets rarely carry them, so fitting them there would teach nothing about customer mentions.
_W_COMPOUND = 1.888
_W_POLARITY = 0.576
_W_POS = 0.43
_W_NEG = -0.97
_W_EXCLAIM = 0.385
_W_EXCITED = 0.169
_SCALE = 3.0

_W_GRATITUDE = 0.24
_SHOUT = 1.15
_REQUEST_DAMPING = 0.6
_REQUEST_DAMPING_BUSINESS = 0.3
_W_WAITING = -1.2
_W_FAILURE = -1.1
_W_TROUBLE = -0.9
_W_TALK = -0.9
_GATE = 0.5
_W_NEVER_AGAIN = -1.8
_W_SARCASM = -1.0
_W_NEGATED_PROBLEM = 1.2
_KEEP = 0.25
_KEEP_GENERAL = 0.7
_KEEP_SARCASM = 0.0
_KEEP_IRONIC = 0.1
#: The score of a calm complaint: just past the negative bar.
_COMPLAINT_SCORE = -0.06

#: A score at or below minus this is negative: VADER's documented bar, and the one at which
#: priority starts to count negativity, so a label never disagrees with the priority's reasons.
NEGATIVE_BAND = 0.05
#: A score at or above this is positive. Politeness ("thanks", "please help") lifts the scorers'
#: numbers without meaning praise, so the bar is higher: 0.38 is the value that best matches the
#: raters of the MIT VADER tweets and review snippets (mean rating beyond +/-1 on -4..+4).
POSITIVE_BAND = 0.38


@dataclass(frozen=True)
class Signals:
    """Everything the blend looked at, for explanations and tests."""

    compound: float
    polarity: float
    exclaims: bool
    pos: float
    neg: float
    cues: Cues
    text: str = ""
    handle: bool = False


def signals(text: str) -> Signals:
    """Compute the scorers' outputs and the cues for ``text``."""
    clean = normalise(text)
    v = vader_scores(clean)
    return new_frozen(
        Signals,
        {
            "compound": v["compound"],  # floats already (round() of floats)
            "polarity": textblob_polarity(clean),
            "exclaims": "!" in clean,
            "pos": v["pos"],
            "neg": v["neg"],
            "cues": find_cues(clean),
            "text": clean,
            "handle": "@" in text,
        },
    )


def blend(s: Signals) -> float:
    """The score in [-1, 1] from the signals."""
    base = _W_COMPOUND * s.compound + _W_POLARITY * s.polarity + _W_POS * s.pos + _W_NEG * s.neg
    if s.exclaims:
        # people who exclaim feel more strongly than VADER's small "!" boost says
        base += _W_EXCLAIM * s.compound
        if s.compound >= 0 and not s.cues.problem:
            base += _W_EXCITED
    c = s.cues
    if c.request and base > 0:
        # "please help", "can you…?": politeness in a request is not praise
        base *= _REQUEST_DAMPING_BUSINESS if c.business else _REQUEST_DAMPING
    if c.gratitude and not c.request:
        base += _W_GRATITUDE
    if c.shouting:
        base *= _SHOUT
    pull = 0.0
    if c.waiting:
        pull += _W_WAITING
    if c.failure:
        pull += _W_FAILURE
    elif c.trouble and s.compound < _GATE:
        pull += _W_TROUBLE
    if c.complaint_talk and not (c.waiting or c.failure or c.trouble) and s.compound < _GATE:
        pull += _W_TALK
    if c.never_again:
        pull += _W_NEVER_AGAIN
    if c.sarcasm:
        pull += _W_SARCASM
    if c.negated_problem and not c.sarcasm:
        base = max(base, _W_NEGATED_PROBLEM)
        pull = 0.0
    elif c.resolved and not (c.sarcasm or c.never_again) and base > 0:
        pull = 0.0
    if pull < 0 and base > pull:
        # the problem caps the score: positive words beside it are politeness or sarcasm
        if c.sarcasm:
            keep = _KEEP_SARCASM
        elif c.ironic and (c.business or c.never_again):
            keep = _KEEP_IRONIC
        else:
            keep = _KEEP if c.business or c.never_again else _KEEP_GENERAL
        base = pull + keep * (base - pull)
    score = max(-1.0, min(1.0, base / _SCALE))
    if (
        -NEGATIVE_BAND < score < POSITIVE_BAND
        and (c.business or c.addressed or s.handle)
        and is_complaint(s.text, score, label_for(score), c)
    ):
        # a complaint to or about someone is negative however calmly it is put
        score = _COMPLAINT_SCORE
    return score


def label_for(score: float) -> str:
    """``negative``, ``neutral`` or ``positive`` for a score."""
    if score <= -NEGATIVE_BAND:
        return "negative"
    if score >= POSITIVE_BAND:
        return "positive"
    return "neutral"


def confidence_for(s: Signals, score: float) -> float:
    """How sure the label is: high when the signals agree and the score is far from neutral."""
    votes = [_sign(s.compound, 0.05), _sign(s.polarity, 0.0)]
    if s.cues.problem:
        votes.append(-1)
    if s.cues.negated_problem:
        votes.append(1)
    label = 1 if score >= POSITIVE_BAND else -1 if score <= -NEGATIVE_BAND else 0
    agree = votes.count(label) / len(votes)  # the same int over int as counting in a loop
    # how far the score sits inside its label's range
    if label < 0:
        margin = (-score - NEGATIVE_BAND) / 0.4
    elif label > 0:
        margin = (score - POSITIVE_BAND) / 0.4
    else:
        margin = min(score + NEGATIVE_BAND, POSITIVE_BAND - score) / 0.2
    margin = min(1.0, margin)
    conf = 0.25 + 0.45 * agree + 0.3 * margin
    if s.cues.sarcasm:
        conf -= 0.1
    return round(max(0.05, min(0.99, conf)), 3)


def _sign(x: float, band: float) -> int:
    return 1 if x > band else -1 if x < -band else 0


def score_sentiment(text: str) -> Sentiment:
    """Score ``text`` into a :class:`Sentiment` with score in [-1, 1], label and confidence."""
    s = signals(text)
    score = blend(s)
    # the same object as Sentiment(score=..., label=..., confidence=...), without the frozen __init__
    return new_frozen(Sentiment, {"score": round(score, 4), "label": label_for(score), "confidence": confidence_for(s, score)})


__all__ = ["NEGATIVE_BAND", "POSITIVE_BAND", "Signals", "blend", "label_for", "normalise", "score_sentiment", "signals"]

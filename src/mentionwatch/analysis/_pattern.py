"""TextBlob's pattern polarity, computed the same way but several times faster.

``TextBlob(text).sentiment.polarity`` runs pattern's tokenizer and a lazily loaded lexicon through
layers of generators. This module reads the same lexicon file from the installed ``textblob``
package (``textblob/en/en-sentiment.xml``, PDDL, by Tom De Smedt and Walter Daelemans), applies
the same tokenisation, negation, intensifier, exclamation and emoticon rules, and returns the same
polarity; ``tests/analysis/test_pattern.py`` checks that on the MIT VADER texts. Importing this
module does not import TextBlob or NLTK: the file is found with ``importlib.util.find_spec``.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

_PUNCTUATION = ".,;:!?()[]{}`''\"@#$^&*+-|=~_"
_LEADING = tuple(_PUNCTUATION.replace(".", ""))
_TRAILING = (*_LEADING, ".")
_ABBREVIATIONS = frozenset(
    ["a.", "adj.", "adv.", "al.", "a.m.", "c.", "cf.", "comp.", "conf.", "def.", "ed.", "e.g.", "esp.", "etc.", "ex.", "f.", "fig.", "gen.", "id.", "i.e.", "int.", "l.", "m.", "Med.", "Mil.", "Mr.", "n.", "n.q.", "orig.", "pl.", "pred.", "pres.", "p.m.", "ref.", "v.", "vs.", "w/"]
)
_ABBR1 = re.compile(r"^[A-Za-z]\.$")
_ABBR2 = re.compile(r"^([A-Za-z]\.)+$")
_ABBR3 = re.compile("^[A-Z][" + "|".join("bcdfghjklmnpqrstvwxz") + "]+.$")
_CONTRACTIONS = (("'d", " 'd"), ("'m", " 'm"), ("'s", " 's"), ("'ll", " 'll"), ("'re", " 're"), ("'ve", " 've"), ("n't", " n't"))
_CONTRACTION_KEYS = frozenset(k for k, _ in _CONTRACTIONS)
_EOS = "END-OF-SENTENCE"
_LINEBREAK = re.compile(r"\n{2,}")
_SENTENCE_END = frozenset(("...", ".", "!", "?", _EOS))
_SENTENCE_TAIL = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS))

# pattern's emoticons, in its order: (polarity, forms)
_EMOTICONS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (1.00, ("<3", "♥")),
    (1.00, (">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D")),
    (0.75, (">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)")),
    (0.50, (">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)")),
    (0.25, (">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)")),
    (0.05, (">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°")),
    (-0.25, (">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>")),
    (-0.75, (">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/")),
    (-1.00, (":'(", ":'''(", ";'(")),
)
_EMOTICON_POLARITY: dict[str, float] = {}
for _p, _forms in _EMOTICONS:
    for _form in _forms:
        _EMOTICON_POLARITY.setdefault(_form.lower(), _p)
# pattern's "re-join emoticons split by the tokenizer" step; it only changes text that has a space
# inside an emoticon, so it runs only when a sentence has one of their non-letter characters.
_RE_EMOTICONS = re.compile(
    "(" + "|".join(r" ?".join(re.escape(c) for c in form) for _, forms in _EMOTICONS for form in forms) + r")($|\s)"
)
# The re-join can only change a sentence where a space sits between two characters of one form
# ("x D", ": -)"): elsewhere every match is replaced by itself. This finds the places where a
# character that starts such a pair is followed by a space and a character that ends one.
_PAIRS = [(form[k], form[k + 1]) for _, forms in _EMOTICONS for form in forms for k in range(len(form) - 1)]
_MAYBE_SPLIT_EMOTICON = re.compile(
    "[" + "".join(sorted({re.escape(a) for a, _ in _PAIRS})) + "] [" + "".join(sorted({re.escape(b) for _, b in _PAIRS})) + "]"
)
_RE_SARCASM = re.compile(r"\( ?\! ?\)")


def _spaced(form: str) -> list[str]:
    """The ways to write ``form`` with a space after at least one of its characters but the last."""
    out: list[str] = []
    for gaps in itertools.product(("", " "), repeat=len(form) - 1):
        if " " in gaps:
            out.append("".join(c + gap for c, gap in zip(form, (*gaps, ""), strict=True)))
    return out


def _trie(strings: list[str]) -> str:
    """A regex matching exactly ``strings``, as a trie: ``re`` tries each character once, not each string.

    A plain alternation of a few hundred strings is tried string by string at every position
    that starts one; the trie's alternatives branch on distinct characters, so at most one fits.
    """
    if "" in strings and len(strings) == 1:
        return ""
    by_first: dict[str, list[str]] = {}
    for s in strings:
        if s:
            by_first.setdefault(s[0], []).append(s[1:])
    branches = [re.escape(ch) + _trie(rest) for ch, rest in by_first.items()]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in strings else body


#: A match of ``_RE_EMOTICONS`` with a space inside: the only kind whose re-join changes a sentence.
#: The spaced forms as a trie: the same matches as their plain alternation, several times faster.
_SPLIT_EMOTICON = re.compile(
    "(?:" + _trie(list(dict.fromkeys(v for _, forms in _EMOTICONS for form in forms for v in _spaced(form)))) + r")(?:$|\s)"
)
_NEGATIONS = frozenset(("no", "not", "n't", "never"))


def _lexicon_path() -> Path:
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "en" / "en-sentiment.xml"


def _avg(values: list[float]) -> float:
    return sum(values) / float(len(values) or 1)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[float, float, float, bool]]:
    """word -> (polarity, subjectivity, intensity, is an adverb), as pattern reads its XML file."""
    words: dict[str, dict[str | None, list[tuple[float, float, float]]]] = {}
    for w in ElementTree.parse(_lexicon_path()).getroot().findall("word"):
        form = w.attrib.get("form")
        if form:
            psi = (
                float(w.attrib.get("polarity", 0.0)),
                float(w.attrib.get("subjectivity", 0.0)),
                float(w.attrib.get("intensity", 1.0)),
            )
            words.setdefault(form, {}).setdefault(w.attrib.get("pos"), []).append(psi)
    senses: dict[str, dict[str | None, tuple[float, float, float]]] = {}
    for form, by_pos in words.items():
        averaged = {pos: _triple([_avg(list(col)) for col in zip(*psis, strict=True)]) for pos, psis in by_pos.items()}
        averaged[None] = _triple([_avg(list(col)) for col in zip(*averaged.values(), strict=True)])
        senses[form] = averaged
    # textblob.en maps each adjective to its adverb ("terrible" -> "terribly")
    for form, sense in list(senses.items()):
        if "JJ" in sense:
            stem = form[:-1] + "i" if form.endswith("y") else form
            if stem.endswith("le"):
                stem = stem[:-2]
            entry = senses.setdefault(stem + "ly", {})
            entry["RB"] = entry[None] = sense["JJ"]
    return {form: (*sense[None], "RB" in sense) for form, sense in senses.items()}


def _triple(values: list[float]) -> tuple[float, float, float]:
    return (values[0], values[1], values[2])


#: Tokens with punctuation, split: a memo of ``_split_token``.
_PIECES: dict[str, tuple[str, ...]] = {}


def _split_token(token: str) -> tuple[str, ...]:
    """pattern's split of one whitespace-separated token into leading punctuation, word and trailing punctuation."""
    out: list[str] = []
    t = token
    tail: list[str] = []
    while t.startswith(_LEADING) and t not in _CONTRACTION_KEYS:
        out.append(t[0])
        t = t[1:]
    while t.endswith(_TRAILING) and t not in _CONTRACTION_KEYS:
        if t.endswith(_LEADING):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if t in _ABBREVIATIONS or _ABBR1.match(t) or _ABBR2.match(t) or _ABBR3.match(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        out.append(t)
    out.extend(reversed(tail))
    if len(_PIECES) > 50_000:
        _PIECES.clear()
    pieces = _PIECES[token] = tuple(out)
    return pieces


def tokens(text: str) -> list[str]:
    """pattern's ``find_tokens``, joined and split into lower-case words."""
    if "'" in text:  # every contraction has one
        for old, new in _CONTRACTIONS:
            if old in text:
                text = text.replace(old, new)
        text = text.replace("'", " ' ")
    if not text.isascii():
        text = text.replace("“", " “ ").replace("”", " ” ").replace("‘", " ‘ ").replace("’", " ’ ")
    if '"' in text:
        text = text.replace('"', ' " ')
    if "\n" in text:
        text = text.replace("\r\n", "\n")
        if "\n\n" in text:
            text = _LINEBREAK.sub(f" {_EOS} ", text)
    out: list[str] = []
    # str.split() splits on the same whitespace as ``\s+`` and drops the empty strings
    for t in text.split():
        if t.isalnum():  # no punctuation to split off
            out.append(t)
            continue
        pieces = _PIECES.get(t)
        out.extend(_split_token(t) if pieces is None else pieces)
    joined = " ".join(out)
    if (
        _EOS not in joined
        and ("(" not in joined or _RE_SARCASM.search(joined) is None)
        # (the trie is faster alone than behind the _MAYBE_SPLIT_EMOTICON test, which it implies)
        and _SPLIT_EMOTICON.search(joined) is None
    ):
        # every sentence is a run of these tokens (ending where the text has a space or ends), so none
        # holds an emoticon to re-join or a "(!)"
        return joined.lower().split()
    sentences: list[list[str]] = [[]]
    n = len(out)
    i = j = 0
    # pattern's scan token by token, visiting only the sentence ends: a sentence takes the closing
    # punctuation after its end, and the token after that is never itself taken as an end
    for end in [k for k, t in enumerate(out) if t in _SENTENCE_END]:
        if end < j:
            continue
        j = end
        while j < n and out[j] in _SENTENCE_TAIL:
            if out[j] in ("'", '"') and sentences[-1].count(out[j]) % 2 == 0:
                break
            j += 1
        sentences[-1].extend(t for t in out[i:j] if t != _EOS)
        sentences.append([])
        i = j
        j += 1
    sentences[-1].extend(out[i:])
    words: list[str] = []
    for sentence in sentences:
        if not sentence:
            continue
        s = " ".join(sentence)
        changed = False
        if "(" in s:
            s, count = _RE_SARCASM.subn("(!)", s)
            changed = count > 0
        if _MAYBE_SPLIT_EMOTICON.search(s) is not None:
            s = _RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s)
            changed = True
        # tokens hold no whitespace, so an unchanged sentence splits back into its own tokens
        words.extend(s.split() if changed else sentence)
    # tokens hold no whitespace and lower-casing makes none, so this lower-cases each token
    return " ".join(words).lower().split()


def polarity(text: str) -> float:
    """The polarity ``TextBlob(text).sentiment.polarity`` gives, in [-1, 1]."""
    lex = lexicon()
    scores: list[list[float]] = []  # [polarity, intensity, negated]
    m = False  # preceded by a modifier (a known adverb)
    m_word = ""
    n = False  # preceded by a negation
    for w in tokens(text):
        entry = lex.get(w)
        if entry is not None:
            p, _, intensity, adverb = entry
            if not m:
                scores.append([p, intensity, 1.0])
            else:
                last = scores[-1]
                last[0] = max(-1.0, min(p * last[1], 1.0))
                last[1] = intensity
            if n:
                scores[-1][1] = 1.0 / scores[-1][1]
                scores[-1][2] = -1.0
            m = adverb
            m_word = w
            n = w in _NEGATIONS
        elif not (n or m) and w.isalpha() and w not in _NEGATIONS:
            continue  # an unknown plain word after neither a negation nor a modifier changes nothing
        else:
            if w in _NEGATIONS:
                n = True
            elif n and len(w.strip("'")) > 1:
                n = False
            if n and m and m_word.endswith("ly"):
                scores[-1][2] = -1.0
                n = False
            elif m and len(w) > 2:
                m = False
            if w == "!" and scores:
                scores[-1][0] = max(-1.0, min(scores[-1][0] * 1.25, 1.0))
            if w == "(!)":
                scores.append([0.0, 1.0, 1.0])
            if w.isalpha() is False and len(w) <= 5 and w not in _PUNCTUATION:
                emo = _EMOTICON_POLARITY.get(w)
                if emo is not None:
                    scores.append([emo, 1.0, 1.0])
    if not scores:
        return 0.0
    return sum(p * -0.5 if neg < 0 else p for p, _, neg in scores) / len(scores)

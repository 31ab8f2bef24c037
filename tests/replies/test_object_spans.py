"""``_object_spans`` passes over tokens that cannot start a phrase: the same spans as visiting every token."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from mentionwatch.replies import topics

_TEXTS = [
    "my psn account got locked and the Apple TV app won't load",
    "Ordered a cake for Saturday, still waiting for my delivery",
    "I can't log into my account since the update",
    "Juniper & Rye brunch was great, a confirmation email never came",
    "to order the new main menu, customer service said my old first laptop",
    "Marks and Spencer gift card; this whole thing is my own fault",
    "those   these the any ur your our my",
    "Google Mail and my Xbox Series X controller keep disconnecting",
    "",
]


def _synthetic() -> list[str]:
    bench = Path(__file__).resolve().parents[2] / "benchmarks"
    if not (bench / "synth.py").exists():
        return []
    sys.path.insert(0, str(bench))
    try:
        import synth  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(bench))
    return [topics.clean_for_matching(r["text"]) for r in synth.mentions(1500)]


@pytest.mark.parametrize("texts", [_TEXTS, _synthetic()], ids=["hand-written", "synthetic"])
def test_same_spans_as_visiting_every_token(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [topics._object_spans(topics._words(text)) for text in texts]
    # every token a start: the loop then visits each one, as the plain version did
    every = frozenset(tok.low for text in texts for tok in topics._tokens(text))
    monkeypatch.setattr(topics, "_SPAN_STARTS", every)
    plain = [topics._object_spans(topics._words(text)) for text in texts]
    assert fast == plain
    assert any(fast)


# ``_object_spans`` as it was when it read a ``_Token`` per token: the lists of ``_words`` give the same spans.
def _old_adjacent(a: topics._Token, b: topics._Token, text: str) -> bool:
    return text[a.end : b.start] in (" ", "-")


def _old_ends_a_name(tokens: Sequence[topics._Token], k: int, text: str) -> bool:
    """Whether ``tokens[k]`` ends a name joined by "and" or "&" ("Marks & Spencer", "Juniper and Rye")."""
    before = tokens[k - 1]
    if re.fullmatch(r"\s*&\s*", text[before.end : tokens[k].start]) and before.text[:1].isupper():
        return True
    return before.low == "and" and k >= 2 and tokens[k - 2].text[:1].isupper()


def _old_object_spans(text: str, tokens: Sequence[topics._Token]) -> list[topics._Span]:
    """Noun phrases that can be said back: "my psn account" -> "your PSN account", "Apple TV" -> "the Apple TV"."""
    spans: list[topics._Span] = []
    used: set[int] = set()
    # only a determiner or a known object noun starts a phrase: every other token is passed over
    for i in [n for n, t in enumerate(tokens) if t.low in topics._SPAN_STARTS]:
        if i in used:
            continue
        tok = tokens[i]
        if tok.low in topics._SPAN_OPENERS:
            words: list[topics._Token] = []
            j = i + 1
            while j < len(tokens) and len(words) < 4 and _old_adjacent(tokens[j - 1], tokens[j], text):
                nxt = tokens[j]
                if nxt.low in topics._MODIFIERS or (topics._safe_word(nxt.text) and nxt.low not in topics._NOT_HEAD) or (nxt.low in topics._OBJECT_NOUNS and nxt.low not in topics.PROFANITY):
                    words.append(nxt)
                    j += 1
                    if nxt.low in topics._OBJECT_NOUNS and not (j < len(tokens) and tokens[j].low in topics._OBJECT_NOUNS):
                        break
                else:
                    break
            while words and (words[-1].low in topics._MODIFIERS or words[-1].low in topics._NOT_HEAD):
                words.pop()
            if not words:
                continue
            head_known = words[-1].low in topics._OBJECT_NOUNS
            owned = tok.low in ("my", "our")
            if not head_known:
                # an unknown word after "my" may be a noun ("my chats", "my Xbox") or a verb: keep it short and plain
                core = [w for w in words if w.low not in topics._MODIFIERS]
                cut = next((n for n, w in enumerate(core) if w.low.endswith(("ed", "ing", "ly"))), len(core))
                words = core[: min(cut, 2)]
                if not owned or not words:
                    continue
            else:
                unknown = [w for w in words[:-1] if w.low not in topics._OBJECT_NOUNS and w.low not in topics._MODIFIERS]
                if len(unknown) > 1 and not all(w.text[:1].isupper() for w in unknown):
                    words = words[-1:]
            phrase = " ".join([topics._SPAN_DETERMINERS[tok.low], *(topics._display(w.text) for w in words)])
            spans.append(topics._Span(phrase, tok.start, words[-1].end))
            used.update(range(i, j))
        elif tok.low in topics._OBJECT_NOUNS and tok.low not in topics.PROFANITY:
            prev = tokens[i - 1] if i > 0 else None
            if prev is not None and prev.low in ("to", "will", "can", "cant", "can't", "i", "we", "you", "they", "customer") and _old_adjacent(prev, tok, text):
                continue  # "to watch", "I order": a verb, not a thing; "customer service": support itself
            words = [tok]
            k = i - 1
            while k >= 0 and len(words) < 3 and _old_adjacent(tokens[k], tokens[k + 1], text):
                mod = tokens[k]
                if mod.text[:1].isupper() and topics._safe_word(mod.text) and mod.low not in topics._OBJECT_NOUNS and k > 0:
                    if _old_ends_a_name(tokens, k, text):
                        break  # "Juniper & Rye brunch": half a name is worse than none
                    words.insert(0, mod)
                    k -= 1
                elif (
                    len(words) == 1 and k > 0 and tokens[k - 1].low in ("a", "an") and _old_adjacent(tokens[k - 1], mod, text)
                    and topics._safe_word(mod.text) and (mod.low in topics._OBJECT_NOUNS or mod.low.endswith(("tion", "ment", "sion")))
                ):
                    words.insert(0, mod)  # "a confirmation email" -> "your confirmation email"
                    break
                else:
                    break
            j = i + 1
            while j < len(tokens) and len(words) < 4 and tokens[j].low in topics._OBJECT_NOUNS and _old_adjacent(tokens[j - 1], tokens[j], text):
                words.append(tokens[j])
                j += 1
            det = "your" if words[-1].low in topics._PRIVATE_OBJECTS else "the"
            phrase = " ".join([det, *(topics._display(w.text) for w in words)])
            spans.append(topics._Span(phrase, words[0].start, words[-1].end))
            used.update(range(i, j))
    return spans


def _hand_and_more() -> list[str]:
    extra = ["well-known's brand-new laptop", "my ’new’ phone", "Marks & Spencer order", "a-b-c - d", "ÿes my é-phone", "Tom and Jerry bag"]
    return _TEXTS + extra + [text.upper() for text in _TEXTS]


@pytest.mark.parametrize("texts", [_hand_and_more(), _synthetic()], ids=["hand-written", "synthetic"])
def test_words_give_the_spans_tokens_gave(texts: list[str]) -> None:
    for text in texts:
        words = topics._words(text)
        tokens = topics._tokens(text)
        assert words.text == [t.text for t in tokens] and words.low == [t.low for t in tokens], text
        assert words.bounds[0::2][: len(tokens)] == [t.start for t in tokens], text
        assert words.bounds[1::2] == [t.end for t in tokens], text
        assert topics._object_spans(words) == _old_object_spans(text, tokens), text

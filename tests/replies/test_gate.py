"""The literal prefilter: a skipped search is always one that would have found nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from mentionwatch.replies import _gate, rules, templates, topics
from mentionwatch.replies._gate import Gated, fold, lowercase_twin, required, requirements

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from mw_eval_data import read_vader, vader_file


def _gates() -> list[Gated]:
    """Every gated pattern the reply drafter uses."""
    found: list[Gated] = list(topics._SYMPTOM_GATES)
    for module in (rules, topics, templates):
        for value in vars(module).values():
            if isinstance(value, Gated):
                found.append(value)
            elif isinstance(value, tuple):
                found.extend(item[0] for item in value if isinstance(item, tuple) and item and isinstance(item[0], Gated))
    return found


GATES = _gates()

PHRASES = [
    "",
    "my account was hacked and I can't log in",
    "I CAN NOT LOG IN TO MY ACCOUNT!!!",
    "the app keeps crashing since the update, pls fix",
    "where is my order? it hasn't arrived and nobody answers",
    "ſpam everywhere, my accounŧ is ſuspended",  # long s matches "s" when case is ignored
    "İ can't sign İn",  # dotted capital I matches "i"
    "my \u212aindle won't charge",  # the Kelvin sign matches "k"
    "We apologise for any inconvenience caused, valued customer",
    "You should have read the manual, user error",
    "We'll refund you and send a voucher, free coffee on us",
    "20% off, buy now, limited-time offer, sign up for our newsletter",
    "email me at jo@example.com or call +44 7700 900123, order #AB12345",
    "@bakery @other the sourdough was amazing!!! #love https://t.co/xyz",
    "Hi Jane, I'm so sorry about your order not arriving. Could you email hello@example.com?",
    "dont havent cant wont didnt",
    "what's going on with my card? Is there a way to get a refund?",
    "lost my job today, rough week; but got engaged!",
]


def _texts() -> list[str]:
    return PHRASES + [p.upper() for p in PHRASES] + [rules._norm(p) for p in PHRASES]


def _same(gate: Gated, text: str) -> None:
    want = gate.pattern.search(text)
    got = gate.search(text)
    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (gate.pattern.pattern[:60], text)


@pytest.mark.parametrize("text", _texts())
def test_gated_search_equals_plain_search_on_phrases(text: str) -> None:
    for gate in GATES:
        _same(gate, text)


def test_gated_search_equals_plain_search_on_vader_texts() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    rows += read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"), limit=1500)
    skipped = 0
    for _, text in rows:
        for variant in (text, topics.clean_for_matching(text)):
            for gate in GATES:
                if not gate.possible(variant):
                    skipped += 1
                    assert gate.pattern.search(variant) is None, (gate.pattern.pattern[:60], variant)
                else:
                    _same(gate, variant)  # found by the lower-case twin on ASCII text: the very same match
    assert skipped  # the filter does skip work


def test_folding_covers_every_character_a_required_letter_matches() -> None:
    chars = {ch for gate in GATES for needs in requirements(gate.pattern) or () for strings in needs for s in strings for ch in s}
    everything = "".join(map(chr, range(0x110000)))
    for ch in sorted(chars):
        for other in set(re.findall(re.escape(ch), everything, re.I)):
            assert fold(other) == ch, (ch, other)


@pytest.mark.parametrize("text", _texts())
def test_lowercase_twins_of_the_rules_match_where_the_rules_do(text: str) -> None:
    for _, pattern, twin in rules._RULES:
        assert twin is not None
        if text.isascii():
            want, got = pattern.search(text), twin.search(text.lower())
            assert (got and got.span()) == (want and want.span())


def test_lowercase_twin_refuses_patterns_with_capitals() -> None:
    assert lowercase_twin(re.compile(r"\bI\b", re.I)) is None
    assert lowercase_twin(re.compile(r"[A-Z]x", re.I)) is None
    assert lowercase_twin(re.compile(r"a(?-i:b)", re.I)) is None
    assert lowercase_twin(re.compile(r"ab")) is None  # not case-insensitive: nothing to gain
    assert lowercase_twin(re.compile(r"\bab\s+c\S", re.I)) is not None


def test_required_strings() -> None:
    assert required(re.compile(r"\bcrash(?:es|ed|ing)?\b")) == {"crash"}
    assert required(re.compile(r"\b(?:rest\s+assured|do\s+the\s+needful)", re.I)) == {"assured", "needful"}
    assert required(re.compile(r"not (?:working|loading)")) == {"not working", "not loading"}
    assert required(re.compile(r"(?:a|b)?\w+")) is None
    assert required(re.compile(r"\d{5,}")) is None


def _private_data_plain(text: str) -> tuple[str, ...]:
    """Private data found the way it was before any shortcut: every pattern, every time."""
    text = rules._URL.sub(" ", rules._norm(text))
    found: list[str] = []
    for pattern in (rules._EMAIL, rules._PHONE, rules._REFERENCE):
        for match in pattern.finditer(text):
            value = match.group(0).strip()
            if value and not any(value in f for f in found):
                found.append(value)
        text = pattern.sub(" ", text)
    return tuple(found)


def _clean_plain(text: str) -> str:
    """clean_for_matching as it was before its substitutions were skipped."""
    text = text.replace("’", "'").replace("‘", "'").replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<")
    text = re.sub(r"(?i)\b(?:https?://|www\.)\S+|\bhttps?:\s*//\S+", " ", text)
    text = re.sub(r"(?:^|(?<=\n))(?:\s*[.]?@[\w.]+(?:@[\w.-]+)?[,:]?)+", " ", text)
    text = re.sub(r"(?<![\w@])@([\w.]+)@[\w.-]+", r"\1", text)
    text = re.sub(r"(?<![\w@])@(\w+)", lambda m: "" if any(c.isdigit() for c in m.group(1)) else m.group(1), text)
    text = re.sub(r"#(\w+)", r"\1", text)
    text = re.sub(r"(?i)\bcan not\b", "cannot", text)
    text = topics._NO_APOSTROPHE.sub(lambda m: topics._CONTRACTIONS[m.group(0).lower()], text)
    return re.sub(r"[ \t]+", " ", text).strip()


SHORTCUT_TEXTS = [
    *PHRASES,
    "Hi @user42, thanks for the mention!",
    "my order 12 and card 3 are fine, id 7",
    "order no. A12B3 please, ref: 99-x1",
    "call me on 0770 090 0123 or +1 (555) 010-9999",
    "see HTTPS://example.com/order/123 and www.Example.org",
    "write to jo.bloggs+x@mail.example.co.uk, not @jo",
    "@@weird @a@b.c #tag#tag dont can not CAN NOT wont",
    "n#t and do#nt and ca#nt",
    "4111 1111 1111 1111 is my card, account ab12cd34ef",
    "two  spaces\tand\t tabs  ", "&amp;gt; &lt;3 &amp;amp; R&D", "##tag #a#b #_x #é # #", "a@b@c @x@y.z hi @a@b.c @b1@c",
    "dont’ ‘cant’ isnt", "xdont dontx", "havnt.", "it aint", "WERENT", "want to print", "cantnt", "shouldnt've", "can not cant can notnt can't", "https://x.y/ä dont", "@me dont @you wont",
]


def test_private_data_shortcuts_find_the_same() -> None:
    texts = SHORTCUT_TEXTS + [t.upper() for t in SHORTCUT_TEXTS]
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    texts += [text for _, text in rows]
    for text in texts:
        assert rules._private_data.__wrapped__(text) == _private_data_plain(text), text


def test_clean_for_matching_shortcuts_give_the_same_text() -> None:
    texts = SHORTCUT_TEXTS + [t.upper() for t in SHORTCUT_TEXTS]
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    texts += [text for _, text in rows]
    for text in texts:
        assert topics.clean_for_matching.__wrapped__(text) == _clean_plain(text), text


def _plain_passing(index: _gate.Index, text: str) -> frozenset[Gated]:
    """The gates an index passes, found the plain way: every entry of every run in the text, checked in full."""
    folded = fold(text)
    runs = {tuple(folded[i : i + 4]) for i in range(len(folded) - 3)}
    passing = {
        gate
        for key in index.keys & runs
        for gate, _guard, strings, rest in index.runs[key]
        if any(s in folded for s in strings) and all(any(s in folded for s in need) for need in rest)
    }
    passing |= {
        gate
        for string, gate, rest in index.short
        if string in folded and all(any(s in folded for s in need) for need in rest)
    }
    return frozenset(passing)


def test_index_passing_equals_the_plain_lookup() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"), limit=1500)
    texts = [*_texts(), *(text for _, text in rows)]
    for text in texts:
        for variant in (text, topics.clean_for_matching(text)):
            assert _gate.DEFAULT._passing(variant) == _plain_passing(_gate.DEFAULT, variant), variant


def test_run_codes_find_the_runs_of_characters() -> None:
    texts = [*_texts(), "crash\ud800ed now", "ſpam İnstagram K crash", "cräsh crash ünable to log in", "é" * 7 + "sign", "abc", ""]
    texts += ["log", "a log", "flu", "xflu", "flué", "2fa!", "ill\n", "lo", "fk", "fk fck sux"]
    by_code, codes, _tiny = _gate.DEFAULT.lookup or _gate.DEFAULT._by_code()
    keys = {_gate._code("".join(key).encode("ascii")): key for key in _gate.DEFAULT.keys}
    shorts = {string for string, _, _ in _gate.DEFAULT.short if len(string) == 3}
    for text in texts:
        folded = fold(text)
        runs = {tuple(folded[i : i + 4]) for i in range(len(folded) - 3)}
        found = codes.intersection(_gate._codes(folded))
        assert {keys[code] for code in found if code in keys} == _gate.DEFAULT.keys & runs, text
        # a short string is found by some code exactly when it is in the text
        entries = {entry for code in found for entry in by_code[code]}
        found_short = {strings[0] for _, guard, strings, _ in entries if strings[0] in shorts}
        assert found_short == {string for string in shorts if string in folded}, text


def test_contraction_check_agrees_with_the_pattern() -> None:
    words = [*topics._CONTRACTIONS, "want", "nt", "ant", "haventt", "xdidnt"]
    texts = [*words, *(f"{w}." for w in words), *(f"a {w} b" for w in words), *(f"{w}x" for w in words), "dont-stop", "9dont"]
    for text in texts:
        lowered = text.lower()
        assert bool(topics._NO_APOSTROPHE_LOWER.search(lowered)) == bool(topics._NO_APOSTROPHE.search(text)), text


def test_minimal_drops_exactly_the_strings_that_contain_another() -> None:
    import random

    from mentionwatch.replies._gate import _minimal

    rng = random.Random(7)
    for _ in range(3000):
        strings = frozenset("".join(rng.choice("ab ") for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 8)))
        plain = frozenset(s for s in strings if not any(t != s and t in s for t in strings))
        assert _minimal(strings) == plain, strings

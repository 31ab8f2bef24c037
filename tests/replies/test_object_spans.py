"""``_object_spans`` passes over tokens that cannot start a phrase: the same spans as visiting every token."""

from __future__ import annotations

import sys
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
    fast = [topics._object_spans(text, topics._tokens(text)) for text in texts]
    # every token a start: the loop then visits each one, as the plain version did
    every = frozenset(tok.low for text in texts for tok in topics._tokens(text))
    monkeypatch.setattr(topics, "_SPAN_STARTS", every)
    plain = [topics._object_spans(text, topics._tokens(text)) for text in texts]
    assert fast == plain
    assert any(fast)

"""``_Builder.options`` remembers each phrase list's usable phrasings: the same as ``_options`` every time."""

from __future__ import annotations

import pytest

from mentionwatch.config import RepliesConfig
from mentionwatch.replies import templates

from .conftest import BUSINESS, build_mention


def _phrase_lists() -> list[tuple[str, ...]]:
    """The module's phrase lists: tuples of strings, alone or in a dict (by situation, tone...)."""
    found: list[tuple[str, ...]] = []
    for value in vars(templates).values():
        for item in value.values() if isinstance(value, dict) else [value]:
            if isinstance(item, tuple) and item and all(isinstance(v, str) for v in item):
                found.append(item)
    return found


_LISTS = _phrase_lists()


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("never_say", [(), ("sorry",), ("thanks", "DM")])
def test_options_equal_the_plain_filter(tone: str, never_say: tuple[str, ...]) -> None:
    cfg = RepliesConfig(tone=tone, never_say=never_say)
    builder = templates._Builder(build_mention("my order never arrived"), "complaint", BUSINESS, cfg)
    assert len(_LISTS) > 10
    for _ in range(2):  # the second round is answered from memory
        for phrasings in _LISTS:
            assert builder.options(phrasings) == templates._options(phrasings, builder.tone, never_say)
    # a new list, even one equal to a remembered one, is filtered on its own
    fresh = tuple(p + "!" for p in _LISTS[0])
    assert builder.options(fresh) == templates._options(fresh, builder.tone, never_say)

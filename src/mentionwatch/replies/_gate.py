"""Literal prefilters for regular expressions: skip a search when no match is possible.

Most reply patterns need some literal word to match at all ("crash", "refund", "unable to").
:func:`required` reads a compiled pattern's syntax tree and finds a set of lower-case strings
one of which every match must contain; :class:`Gated` runs the real search only when one of
them is in the text (after :func:`fold`). A skipped search is one that would have found
nothing, so the answers are exactly those of the plain pattern (``tests/replies/test_gate.py``
checks that on varied texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: How many exact strings a node may stand for before we stop listing them.
_LIMIT = 64
#: Past this many required strings, looking for each costs about as much as the search itself.
_MANY = 16
# Letters by how often they occur in English text, and the commonest trigrams: rare ones say more.
_COMMON = " etaoinsrhldcumfpgwybvkxjqz"
_COMMON_TRIGRAM_LIST = (
    "the ing and her ere ent tha nth was eth for dth hat she ion int his sth ers ver n't you our all ill "
    "hav ave ter est not oul uld com con pro ati tio ons"
)
_COMMON_TRIGRAMS = frozenset(_COMMON_TRIGRAM_LIST.split())

# The only characters outside ASCII that an ASCII letter matches under re.IGNORECASE, and the
# letter each one matches ("İ".lower() is two characters, so it is mapped before lower-casing).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_Strings = frozenset[str]


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """``text`` lower-cased so that every character a pattern letter matches (ignoring case) becomes that letter."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


@lru_cache(maxsize=256)
def trigrams(text: str) -> frozenset[tuple[str, str, str]]:
    """Every run of three characters in ``fold(text)``."""
    folded = fold(text)
    return frozenset(zip(folded, folded[1:], folded[2:], strict=False))


def _rarest_trigram(string: str) -> tuple[str, str, str]:
    """The trigram of ``string`` least likely to turn up in other text (a string's presence implies all of them)."""
    grams = [(string[i], string[i + 1], string[i + 2]) for i in range(len(string) - 2)]
    return max(grams, key=lambda g: ("".join(g) not in _COMMON_TRIGRAMS, sum(_COMMON.find(ch) % len(_COMMON) for ch in g)))


def _minimal(strings: _Strings) -> _Strings:
    """The same requirement without strings that contain another one ("crash" covers "crashes")."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _best(candidates: list[_Strings]) -> _Strings | None:
    """The most selective of several valid requirement sets: no string too short, then fewest strings."""
    if not candidates:
        return None
    return max((_minimal(c) for c in candidates), key=lambda c: (min(min(len(s) for s in c), 5), -len(c)))


def _sequence(items: Any) -> tuple[_Strings | None, _Strings | None]:
    """(exact strings, required strings) for a sequence of nodes; either may be None (unknown)."""
    candidates: list[_Strings] = []
    run: _Strings = frozenset({""})
    all_exact = True
    for item in items:
        exact, need = _node(*item)
        if exact is not None and len(run) * len(exact) <= _LIMIT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        all_exact = False
        if "" not in run:
            candidates.append(run)
        if need is not None:
            candidates.append(need)
        run = exact if exact is not None and len(exact) <= _LIMIT else frozenset({""})
    if "" not in run:
        candidates.append(run)
    return (run if all_exact else None), _best(candidates)


def _node(op: Any, arg: Any) -> tuple[_Strings | None, _Strings | None]:
    """(exact strings, required strings) for one node of a parsed pattern."""
    if op is _c.LITERAL:
        char = chr(arg)
        return (frozenset({char.lower()}), frozenset({char.lower()})) if char.isascii() else (None, None)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""}), None  # zero width: matches no characters
    if op is _c.IN:
        chars = set()
        for kind, value in arg:
            if kind is not _c.LITERAL or not chr(value).isascii():
                return None, None
            chars.add(chr(value).lower())
        return frozenset(chars), frozenset(chars)
    if op is _c.SUBPATTERN:
        return _sequence(arg[-1])
    if op is _c.BRANCH:
        results = [_sequence(alternative) for alternative in arg[1]]
        exacts = [e for e, _ in results]
        exact: _Strings | None = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*(e for e in exacts if e is not None))
            exact = union if len(union) <= _LIMIT else None
        needs = [n for _, n in results]
        need = frozenset().union(*(n for n in needs if n is not None)) if all(n is not None for n in needs) else None
        return exact, need
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = arg
        exact, need = _sequence(body)
        if low == 0:
            optional = exact | {""} if exact is not None and high == 1 else None
            return optional, None
        if low == high == 1:
            return exact, need
        return None, need
    return None, None  # any character, a class, a back-reference...: nothing known


def required(pattern: re.Pattern[str]) -> _Strings | None:
    """Lower-case strings one of which every match of ``pattern`` contains (in folded text), or None."""
    if not isinstance(pattern.pattern, str):
        return None
    _, need = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    return need


class Gated:
    """A compiled pattern whose searches are skipped when its required strings are absent from the text."""

    __slots__ = ("keys", "need", "pattern", "short")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        need = required(pattern) or None  # (an empty requirement is never found: treat it as none)
        #: one trigram of each required string (None: nothing is required, always search)
        self.keys = frozenset(_rarest_trigram(s) for s in need if len(s) >= 3) if need is not None else None
        #: required strings too short for a trigram, looked for as they are
        self.short = tuple(sorted(s for s in need if len(s) < 3)) if need is not None else ()
        #: the other required strings, looked for once a trigram is there (unless so many that searching is as quick)
        self.need = tuple(sorted(s for s in need if len(s) >= 3)) if need is not None else ()
        if len(self.need) > _MANY:
            self.need = ()

    def possible(self, text: str) -> bool:
        """Whether ``pattern`` could match somewhere in ``text`` (False means it certainly does not)."""
        if self.keys is None:
            return True
        if self.short:
            folded = fold(text)
            if any(s in folded for s in self.short):
                return True
        if self.keys.isdisjoint(trigrams(text)):
            return False
        if not self.need:
            return True
        folded = fold(text)
        return any(s in folded for s in self.need)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when it cannot match."""
        return self.pattern.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, skipped when it cannot match."""
        return self.pattern.finditer(text) if self.possible(text) else iter(())

    def sub(self, repl: Any, text: str) -> str:
        """``pattern.sub(repl, text)``, skipped when it cannot match."""
        return self.pattern.sub(repl, text) if self.possible(text) else text

"""Facts read from regular expressions' source and parse trees, shared by the fast paths that prefilter them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from re import _constants as _c  # type: ignore[attr-defined]
from typing import Any


def _outside_classes(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, character, group depth after it)`` for each character of ``pattern`` from ``start`` not escaped or in a class."""
    depth = 0
    in_class = False
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        else:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            yield i, ch, depth
        i += 1


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (``a|b(c|d)`` -> ``["a", "b(c|d)"]``)."""
    parts: list[str] = []
    start = 0
    for i, ch, depth in _outside_classes(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def group_end(pattern: str, i: int) -> int:
    """The index of the ``)`` that closes the group opening at ``i``."""
    for j, ch, depth in _outside_classes(pattern, i):
        if ch == ")" and depth == 0:
            return j
    raise ValueError(f"unbalanced group in {pattern!r}")


def is_word(ch: str) -> bool:
    """``re``'s ``\\w`` for one character of a str pattern (alphanumeric, or "_")."""
    return ch.isalnum() or ch == "_"


_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    _c.CATEGORY_WORD: is_word,
    _c.CATEGORY_NOT_WORD: lambda ch: not is_word(ch),
    _c.CATEGORY_DIGIT: str.isdecimal,
    _c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdecimal(),
    _c.CATEGORY_SPACE: str.isspace,
    _c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
}


def class_may_hold(items: list[tuple[Any, Any]], ch: str) -> bool:
    """Whether a parsed character class may hold ``ch`` (True when unsure)."""
    negate = False
    found = False
    code = ord(ch)
    for op, arg in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            found = found or arg == code
        elif op is _c.RANGE:
            found = found or arg[0] <= code <= arg[1]
        elif op is _c.CATEGORY and arg in _CATEGORIES:
            found = found or _CATEGORIES[arg](ch)
        else:
            return True  # not known: it may
    return found != negate

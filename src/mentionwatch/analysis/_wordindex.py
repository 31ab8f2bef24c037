"""Run many word-led regular expressions over a text in one pass, with the same answers as ``search``.

Python's ``re`` cannot skip ahead to candidate positions for a pattern that starts with ``\\b``
and a long alternation, so it tries every alternative at every character: the cue patterns cost
more than VADER and TextBlob together. Most alternatives start with ``\\b`` and a literal word
("still waiting", "never again"), so this module indexes them by their first two letters and
tries an alternative only where a word starting with those letters begins, with ``pattern.match``
at that position. Alternatives that do not start that way are searched as usual. The answer is
the same as ``re.search(pattern, text) is not None`` (``tests/analysis/test_cues.py`` checks
that on the MIT VADER texts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LITERAL = _LETTERS | {"'", " "}
_WORD_START = re.compile(r"(?<!\w)[a-z]")


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (``a|b(c|d)`` -> ``["a", "b(c|d)"]``)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = i = 0
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
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str, i: int) -> int:
    depth = 0
    in_class = False
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
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def leading_words(alternative: str) -> set[str] | None:
    """Literal prefixes one of which every match of ``alternative`` starts with, or None if unknown."""
    i = 0
    while alternative.startswith("\\b", i):
        i += 2
    if alternative.startswith("(?:", i):
        end = _group_end(alternative, i)
        if end + 1 < len(alternative) and alternative[end + 1] in "?*{":
            return None
        found: set[str] = set()
        for inner in split_alternatives(alternative[i + 3 : end]):
            words = leading_words(inner)
            if words is None:
                return None
            found |= words
        return found
    j = i
    while j < len(alternative) and alternative[j] in _LITERAL:
        j += 1
    literal = alternative[i:j]
    if j < len(alternative) and alternative[j] in "?*{":
        literal = literal[:-1]
    if not literal or literal[0] not in _LETTERS:
        return None
    return {literal}


def distribute(alternative: str) -> list[str]:
    """Split ``\\b(?:a|b)c`` into ``\\b(?:a)c`` and ``\\b(?:b)c``, recursively: the same matches, finer parts."""
    i = 0
    while alternative.startswith("\\b", i):
        i += 2
    if i == 0 or not alternative.startswith("(?:", i):
        return [alternative]
    end = _group_end(alternative, i)
    if end + 1 < len(alternative) and alternative[end + 1] in "?*{+":
        return [alternative]
    head, rest = alternative[:i], alternative[end + 1 :]
    out: list[str] = []
    for inner in split_alternatives(alternative[i + 3 : end]):
        for part in distribute(head + inner) if inner.startswith("(?:") else [head + inner]:
            out.append(f"{head}(?:{part[len(head):]}){rest}" if rest else part)
    return out


class WordIndex:
    """Several named patterns (each matched against lower-cased text) run together."""

    def __init__(self, patterns: Mapping[str, str]):
        # alternatives by the first one, two or three letters of their leading literal
        self._tables: tuple[dict[str, list[tuple[str, str, re.Pattern[str]]]], ...] = ({}, {}, {})
        residual: dict[str, list[str]] = {}
        for name, pattern in patterns.items():
            for alternative in (d for a in split_alternatives(pattern) for d in distribute(a)):
                words = leading_words(alternative) if alternative.startswith("\\b") else None
                if words is None:
                    residual.setdefault(name, []).append(alternative)
                    continue
                compiled = re.compile(alternative)
                for word in words:
                    size = min(3, len(word))
                    self._tables[size - 1].setdefault(word[:size], []).append((name, word, compiled))
        self._residual = {name: re.compile("|".join(alts)) for name, alts in residual.items()}
        self.names = tuple(patterns)

    def matches(self, text: str) -> set[str]:
        """The names of the patterns that match somewhere in ``text`` (already lower-cased)."""
        found = {name for name, residual in self._residual.items() if residual.search(text) is not None}
        one, two, three = self._tables
        for m in _WORD_START.finditer(text):
            p = m.start()
            for candidates in (three.get(text[p : p + 3]), two.get(text[p : p + 2]), one.get(text[p])):
                if candidates:
                    for name, word, compiled in candidates:
                        if name not in found and text.startswith(word, p) and compiled.match(text, p) is not None:
                            found.add(name)
        return found

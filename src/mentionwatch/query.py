"""The keyword query language and matcher.

Grammar (``OR`` binds looser than juxtaposition; juxtaposed terms must all appear)::

    query   := or
    or      := and ("OR" and)*
    and     := unary+
    unary   := "-" atom | atom
    atom    := WORD | "\"" PHRASE "\"" | "(" or ")"

Matching is whole-word, case-insensitive and Unicode-aware (``café`` matches ``Café`` but not
``cafés``); typographic quotes and apostrophes fold to their ASCII forms; ``@handle`` and ``#tag``
must appear with their sigil.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\uff03": "#", "\uff20": "@"})
_QUOTES = {'"', "\u201c", "\u201d", "\u201e"}


class QueryError(ValueError):
    """A keyword query is malformed; the message says what and where."""


def fold(text: str) -> str:
    """Fold case and typographic variants, keeping every character at its index."""
    out = []
    for ch in text.translate(_FOLD):
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase."""

    text: str
    phrase: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled whole-word pattern for this term."""
        return _compile(self.text)


@dataclass(frozen=True)
class Not:
    """A term or group that must not appear."""

    child: Node


@dataclass(frozen=True)
class And:
    """All children must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one child must match."""

    children: tuple[Node, ...]


Node = Union[Term, Not, And, Or]


@lru_cache(maxsize=4096)
def _compile(text: str) -> re.Pattern[str]:
    words = fold(text).split()
    body = r"[\s\-_/.,:;]+".join(re.escape(w) for w in words)
    return re.compile(r"(?<![\w])" + body + r"(?![\w])")


@dataclass(frozen=True)
class Query:
    """A parsed keyword query; :meth:`find` returns the matched spans or ``None``."""

    source: str
    root: Node

    def find(self, text: str, folded: str | None = None) -> list[tuple[int, int]] | None:
        """Return the spans (``[start, end)``) of positive terms if the query matches ``text``, else ``None``."""
        haystack = folded if folded is not None else fold(text)
        spans: list[tuple[int, int]] = []
        if not _eval(self.root, haystack, spans):
            return None
        return merge_spans(spans)

    def matches(self, text: str) -> bool:
        """Whether the query matches ``text``."""
        return self.find(text) is not None

    def api_queries(self, limit: int = 8) -> list[str]:
        """Plain search strings to send to an API: the positive terms of each OR branch, phrases quoted."""
        branches = _dnf(self.root)
        result: list[str] = []
        for branch in branches:
            parts = [f'"{t.text}"' if t.phrase else t.text for t in branch]
            text = " ".join(parts)
            if text and text not in result:
                result.append(text)
            if len(result) >= limit:
                break
        return result

    def __str__(self) -> str:
        return self.source


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap (``#tag`` and ``tag`` become one span)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _eval(node: Node, haystack: str, spans: list[tuple[int, int]]) -> bool:
    if isinstance(node, Term):
        found = [m.span() for m in node.pattern.finditer(haystack)]
        spans.extend(found)
        return bool(found)
    if isinstance(node, Not):
        return not _eval(node.child, haystack, [])
    if isinstance(node, And):
        local: list[tuple[int, int]] = []
        for child in node.children:
            if not _eval(child, haystack, local):
                return False
        spans.extend(local)
        return True
    matched = False
    for child in node.children:
        if _eval(child, haystack, spans):
            matched = True
    return matched


def _dnf(node: Node) -> list[list[Term]]:
    """Disjunctive normal form of the positive terms (negations dropped)."""
    if isinstance(node, Term):
        return [[node]]
    if isinstance(node, Not):
        return [[]]
    if isinstance(node, Or):
        out: list[list[Term]] = []
        for child in node.children:
            out.extend(_dnf(child))
        return out[:64]
    result: list[list[Term]] = [[]]
    for child in node.children:
        result = [a + b for a in result for b in _dnf(child)][:64]
    return result


# ---------------------------------------------------------------- parsing

_Token = tuple[str, str, int]  # kind, value, position


def _tokenise(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, ch, i))
            i += 1
        elif ch == "-" and i + 1 < n and not source[i + 1].isspace():
            tokens.append(("-", "-", i))
            i += 1
        elif ch in _QUOTES:
            end = i + 1
            while end < n and source[end] not in _QUOTES:
                end += 1
            if end >= n:
                raise QueryError(f"unclosed quote at position {i + 1}")
            phrase = " ".join(source[i + 1 : end].split())
            if not phrase:
                raise QueryError(f"empty phrase at position {i + 1}")
            tokens.append(("phrase", phrase, i))
            i = end + 1
        else:
            end = i
            while end < n and not source[end].isspace() and source[end] not in "()" and source[end] not in _QUOTES:
                end += 1
            word = source[i:end]
            tokens.append(("or" if word == "OR" else "word", word, i))
            i = end
    return tokens


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = _tokenise(source)
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError("empty query")
        node = self.parse_or()
        token = self.peek()
        if token is not None:
            raise QueryError(f"unexpected {token[1]!r} at position {token[2] + 1}")
        if not _has_positive(node):
            raise QueryError("a query needs at least one word or phrase that must appear")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while (token := self.peek()) is not None and token[0] == "or":
            self.pos += 1
            if self.peek() is None or self.peek()[0] in ("or", ")"):  # type: ignore[index]
                raise QueryError(f"'OR' at position {token[2] + 1} needs a term after it")
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None and token[0] not in ("or", ")"):
            children.append(self.parse_unary())
        if not children:
            token = self.peek()
            where = f"at position {token[2] + 1}" if token else "at the end"
            what = f"{token[1]!r}" if token else "nothing"
            raise QueryError(f"expected a word, phrase or '(' {where}, found {what}")
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token[0] == "-":
            self.pos += 1
            if self.peek() is None or self.peek()[0] in ("or", ")", "-"):  # type: ignore[index]
                raise QueryError(f"'-' at position {token[2] + 1} must be followed by a word, phrase or group")
            return Not(self.parse_atom())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.peek()
        assert token is not None
        kind, value, position = token
        self.pos += 1
        if kind == "(":
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing[0] != ")":
                raise QueryError(f"unclosed '(' at position {position + 1}")
            self.pos += 1
            return node
        if kind == "phrase":
            return Term(value, phrase=True)
        if kind == "word":
            if not any(ch.isalnum() for ch in value):
                raise QueryError(f"{value!r} at position {position + 1} has no letters or digits")
            return Term(value)
        raise QueryError(f"unexpected {value!r} at position {position + 1}")


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(c) for c in node.children)
    return all(_has_positive(c) for c in node.children)


def parse_query(source: str) -> Query:
    """Parse a keyword query, raising :class:`QueryError` with the position of what is wrong."""
    if not isinstance(source, str):
        raise QueryError("a query must be a string")
    return Query(source=source, root=_Parser(source).parse())

"""Run many word-led regular expressions over a text in one pass, with the same answers as ``search``.

Python's ``re`` cannot skip ahead to candidate positions for a pattern that starts with ``\\b``
and a long alternation, so it tries every alternative at every character: the cue patterns cost
more than VADER and TextBlob together. Most alternatives start with ``\\b`` and a literal word
("still waiting", "never again"), so this module indexes them by their first letters and tries
an alternative only where a word that can begin its literal starts, with ``pattern.match`` at
that position (the candidates for each word are worked out once and remembered), and only when
the text holds any further literal every match needs (and not where the word goes on with a letter
that cannot follow the literal: ``\\bi\\b`` is not tried at "is"). Alternatives that do not start that way
are searched as usual, but only when the text holds a literal every match needs ("#", "?").
The answer is the same as ``re.search(pattern, text) is not None`` (``tests/analysis/test_cues.py``
checks that on the MIT VADER texts).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from mentionwatch._regex import class_may_hold, group_end, is_word, split_alternatives

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LITERAL = _LETTERS | {"'", " "}
#: A run of letters where a word starts, and the character after it if any: the same start positions
#: as ``(?<!\w)[a-z]``, since no word starts inside such a run or at the character after it.
_WORD_RUN = re.compile(r"(?<!\w)[a-z]+[^a-z]?")


def leading_words(alternative: str) -> set[str] | None:
    """Literal prefixes one of which every match of ``alternative`` starts with, or None if unknown."""
    i = 0
    while alternative.startswith("\\b", i):
        i += 2
    if alternative.startswith("(?:", i):
        end = group_end(alternative, i)
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


def _leading_literal(alternative: str, *, through_boundaries: bool) -> tuple[str, str, bool]:
    """The literal ``alternative`` starts with (read through plain groups), the source after it, and whether a ``+`` follows it.

    With ``through_boundaries`` a ``\\b`` inside the literal is passed over (it is zero-width); otherwise it ends the literal.
    """
    out: list[str] = []
    s, i = alternative, 0
    while i < len(s):
        if s.startswith("\\b", i):
            if out and not through_boundaries:
                break  # a boundary inside the literal: left to the rest
            i += 2  # zero-width: the literals on either side are still adjacent
            continue
        if s.startswith("(?:", i):
            end = group_end(s, i)
            inner = s[i + 3 : end]
            if (end + 1 < len(s) and s[end + 1] in "?*+{") or len(split_alternatives(inner)) != 1:
                break
            s = s[:i] + inner + s[end + 1 :]
            continue
        ch = s[i]
        if ch not in _LITERAL:
            break
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if nxt in ("?", "*", "{"):
            break
        if nxt == "+":
            return "".join(out), s[i:], True
        out.append(ch)
        i += 1
    return "".join(out), s[i:], False


def literal_prefix(alternative: str) -> str:
    """A literal every match of ``alternative`` starts with, read through plain groups (``\\b(?:a) new job`` -> ``a new job``)."""
    literal, rest, repeats = _leading_literal(alternative, through_boundaries=True)
    return literal + rest[:1] if repeats else literal  # "a+": one "a" at least


def rest_after_literal(alternative: str) -> tuple[str, str] | None:
    """The literal ``alternative`` starts with up to any ``\\b``, and the source of what follows it, or None when that is not plain.

    ``\\b(?:i'?m) sad`` -> ``("i", "'?m sad")``. The rest is read through the same plain groups.
    """
    literal, rest, repeats = _leading_literal(alternative, through_boundaries=False)
    return None if repeats else (literal, rest)


def _may_start(items: Any, ch: str) -> tuple[bool, bool]:
    """(may consume ``ch`` first, may match nothing) for a parsed sequence after a word character (True when unsure)."""
    consume = False
    for op, arg in items:
        if op is _c.LITERAL:
            return consume or arg == ord(ch), False
        if op is _c.NOT_LITERAL:
            return consume or arg != ord(ch), False
        if op is _c.ANY:
            return consume or ch != "\n", False
        if op is _c.IN:
            return consume or class_may_hold(arg, ch), False
        if op is _c.AT and arg is _c.AT_BOUNDARY:
            # after a word character (the literal's last letter), a boundary needs a non-word one next
            if is_word(ch):
                return consume, False
            continue
        if op is _c.AT and arg is _c.AT_NON_BOUNDARY:
            if not is_word(ch):
                return consume, False
            continue
        if op is _c.SUBPATTERN and not arg[1] and not arg[2]:
            c, empty = _may_start(arg[3], ch)
        elif op is _c.BRANCH:
            results = [_may_start(alternative, ch) for alternative in arg[1]]
            c, empty = any(r[0] for r in results), any(r[1] for r in results)
        elif op in _REPEATS:
            if arg[1] == 0:
                continue
            c, empty = _may_start(arg[2], ch)
            empty = empty or arg[0] == 0
        else:
            return True, True  # an anchor, a look-around, a back-reference...: not known
        consume = consume or c
        if not empty:
            return consume, False
    return consume, True


def cannot_follow(rest: str, ch: str) -> bool:
    """Whether no match of ``rest`` (after a word character) can start with ``ch``; False when unsure."""
    try:
        parsed = _parser.parse(rest)
    except re.error:
        return False
    return _cannot_follow(parsed, ch)


def _cannot_follow(parsed: Any, ch: str) -> bool:
    consume, empty = _may_start(parsed, ch)
    return not consume and not empty


def distribute(alternative: str) -> list[str]:
    """Split ``\\b(?:a|b)c`` into ``\\b(?:a)c`` and ``\\b(?:b)c``, recursively: the same matches, finer parts."""
    i = 0
    while alternative.startswith("\\b", i):
        i += 2
    if i == 0 or not alternative.startswith("(?:", i):
        return [alternative]
    end = group_end(alternative, i)
    if end + 1 < len(alternative) and alternative[end + 1] in "?*{+":
        return [alternative]
    head, rest = alternative[:i], alternative[end + 1 :]
    out: list[str] = []
    for inner in split_alternatives(alternative[i + 3 : end]):
        for part in distribute(head + inner) if inner.startswith("(?:") else [head + inner]:
            out.append(f"{head}(?:{part[len(head):]}){rest}" if rest else part)
    return out


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]")
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
_CODE_ESCAPES = frozenset("xuUN0123456789")
_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
            continue
        if pattern[j] == "]":
            return j
        j += 1
    raise ValueError(f"unbalanced class in {pattern!r}")


def _quantifier(pattern: str, i: int) -> tuple[int, int] | None:
    """``(minimum repeats, index after)`` for a quantifier at ``i``, or None if there is none."""
    if i >= len(pattern):
        return None
    ch = pattern[i]
    if ch in "?*+":
        least, i = (1 if ch == "+" else 0), i + 1
    elif ch == "{":
        m = _QUANTIFIER.match(pattern, i)
        if m is None:
            raise ValueError("a literal '{'")
        least, i = int(m.group(1) or 0), m.end()
    else:
        return None
    if i < len(pattern) and pattern[i] in "?+":
        i += 1  # lazy or possessive
    return least, i


def _rarity(literal: str) -> int:
    # punctuation ("#", "?", "/s") and emoji are rare in text; so are longer words
    letters = literal.replace(" ", "")
    return 3 if letters and not letters.isalnum() else min(3, len(letters))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(_rarity(s) for s in c), -len(c)))


def _requirements(sequence: str) -> list[frozenset[str]]:
    """Sets of literals one of which every match of ``sequence`` (no top-level ``|``) contains."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    i = 0
    while i < len(sequence):
        ch = sequence[i]
        if ch == "(":
            end = group_end(sequence, i)
            flush()
            q = _quantifier(sequence, end + 1)
            after = end + 1 if q is None else q[1]
            if (q is None or q[0] >= 1) and (sequence.startswith("(?:", i) or not sequence.startswith("(?", i)):
                inner = sequence[i + 3 : end] if sequence.startswith("(?:", i) else sequence[i + 1 : end]
                alternatives = split_alternatives(inner)
                if len(alternatives) == 1:
                    found.extend(_requirements(inner))
                else:
                    options = [_best(_requirements(a)) for a in alternatives]
                    if all(o is not None for o in options):
                        found.append(frozenset().union(*(o for o in options if o is not None)))
            i = after
            continue
        if ch == "\\" and sequence[i + 1 : i + 2] in _CODE_ESCAPES:
            raise ValueError("a character given by its code")  # \x41, \u00e9, \N{...}, octal, backreference
        if ch == "[" or ch == "." or (ch == "\\" and sequence[i + 1 : i + 2].isalnum()):
            flush()
            i = _class_end(sequence, i) + 1 if ch == "[" else i + (2 if ch == "\\" else 1)
            q = _quantifier(sequence, i)
            i = i if q is None else q[1]
            continue
        if ch in "^$":
            flush()
            i += 1
            continue
        if ch in "|)?*+{":
            raise ValueError(f"unexpected {ch!r} in {sequence!r}")
        literal, i = (sequence[i + 1], i + 2) if ch == "\\" else (ch, i + 1)
        q = _quantifier(sequence, i)
        if q is None:
            run.append(literal)
            continue
        if q[0] >= 1:
            run.append(literal)
        flush()
        i = q[1]
    flush()
    return found


def required_literals(alternative: str) -> frozenset[str] | None:
    """Literals one of which is in every text that ``alternative`` matches, or None if unknown."""
    if _INLINE_FLAGS.search(alternative):
        return None  # inline flags change what a literal matches
    try:
        return _best(_requirements(alternative))
    except ValueError:
        return None


#: An indexed alternative: pattern name, leading literal, a literal its matches also hold, the alternative.
_Entry = tuple[str, str, str, re.Pattern[str]]
#: What may match where a word starts: names that surely do, a gate (see :func:`gate`) and the entries to try.
_Candidates = tuple[tuple[str, ...], "re.Pattern[str] | None", tuple[_Entry, ...]]
#: No candidates at all.
_NOTHING: _Candidates = ((), None, ())


class WordIndex:
    """Several named patterns (each matched against lower-cased text) run together."""

    def __init__(self, patterns: Mapping[str, str]):
        # alternatives by the first one, two or three letters of their leading literal
        self._tables: tuple[dict[str, list[_Entry]], ...] = ({}, {}, {})
        # what follows an all-letters leading literal, parsed: where the word goes on with a letter that
        # cannot come next ("is" for ``\\bi\\b``, "anyway" for ``\\bany ?one``), the alternative is not tried
        self._rests: dict[tuple[str, re.Pattern[str]], Any] = {}
        self._follows: dict[tuple[int, str], bool] = {}
        # alternatives that surely match where their word starts: True if it must end there (``\\b``)
        self._whole: dict[tuple[str, re.Pattern[str]], bool] = {}
        residual: dict[str, list[str]] = {}
        for name, pattern in patterns.items():
            for alternative in (d for a in split_alternatives(pattern) for d in distribute(a)):
                words = leading_words(alternative) if alternative.startswith("\\b") else None
                if words is None:
                    residual.setdefault(name, []).append(alternative)
                    continue
                compiled = re.compile(alternative)
                longer = literal_prefix(alternative) if len(words) == 1 else ""
                split = rest_after_literal(alternative) if len(words) == 1 else None
                for word in words:
                    if len(longer) > len(word) and longer.startswith(word):
                        word = longer
                    if split is not None and split[0] == word and word.isalpha():
                        with contextlib.suppress(re.error):  # a rest that does not parse alone is not used
                            self._rests[(word, compiled)] = _parser.parse(split[1])
                        if split[1] in ("", "\\b"):
                            # the whole alternative is the word (``\\bmy\\b``) or its start (``\\bdisappoint``)
                            self._whole[(word, compiled)] = split[1] == "\\b"
                    size = min(3, len(word))
                    entry = (name, word, _guard(alternative, word), compiled)
                    self._tables[size - 1].setdefault(word[:size], []).append(entry)
        # the others are searched as usual, but only when the text holds a literal each match needs;
        # the searches that share those literals ("#") share one test for them
        by_literals: dict[tuple[str, ...], list[tuple[str, re.Pattern[str]]]] = {}
        anchored: list[tuple[str, list[str]]] = []
        for name, alternatives in residual.items():
            guarded: dict[tuple[str, ...], list[str]] = {}
            for alternative in alternatives:
                # an anchored search tries one position: faster than testing for literals first
                needed = None if alternative.startswith("^") else required_literals(alternative)
                guarded.setdefault(tuple(sorted(needed)) if needed else (), []).append(alternative)
            for needed_any, alts in guarded.items():
                if not needed_any and all(a.startswith("^") for a in alts):
                    anchored.append((name, alts))
                    continue
                by_literals.setdefault(needed_any, []).append((name, re.compile("|".join(literal_first(digit_first(a)) for a in alts))))
        groups = [(needed_any, tuple(members)) for needed_any, members in by_literals.items()]
        # those that need non-ASCII literals (emoji) are skipped together in an ASCII text
        self._residual: list[tuple[tuple[str, ...], tuple[tuple[str, re.Pattern[str]], ...]]] = [
            g for g in groups if not g[0] or any(literal.isascii() for literal in g[0])
        ]
        self._residual_non_ascii = [g for g in groups if g[0] and not any(literal.isascii() for literal in g[0])]
        # searches anchored at the start (``^how…``, ``^news``) are first tried together, as one ``match``:
        # an alternation matches where one of its alternatives does, and ``^`` (no MULTILINE) is position 0
        self._anchored: re.Pattern[str] | None = None
        self._anchored_members: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile("|".join(alts))) for name, alts in anchored)
        sources = [a[1:] for _, alts in anchored for a in alts]
        if sources and not any(_BACKREFERENCE.search(a) or _INLINE_FLAGS.search(a) for a in sources):
            self._anchored = re.compile("(?:" + "|".join(f"(?:{a})" for a in sources) + ")")
        # table keys whose leading letters are followed by another character ("no " of "no reply")
        self._short: dict[str, list[_Entry]] = {}
        for table in self._tables[1:]:
            for key, entries in table.items():
                head = _letters(key)
                if len(head) < len(key):
                    self._short.setdefault(head, []).extend(entries)
        self._candidates: dict[str, _Candidates] = {}
        self.names = tuple(patterns)

    def _lookup(self, run: str) -> _Candidates:
        """A gate (see :func:`gate`) and the ``(name, literal to check or "", guard, alternative)`` that may match where ``run`` starts.

        ``run`` is a word and the character after it.
        """
        word = _letters(run)
        after = run[len(word) :]
        one, two, three = self._tables
        found: list[_Entry] = []
        sure: list[str] = []
        short = self._short.get(word, []) if len(word) < 3 else []
        for name, literal, guard, compiled in (*three.get(word[:3], ()), *two.get(word[:2], ()), *one.get(word[:1], ()), *short):
            head = _letters(literal)
            if head == literal:
                if word.startswith(literal) and not self._stops(literal, compiled, run):
                    whole = self._whole.get((literal, compiled))
                    # a whole-word alternative matches here unless a word character follows (_stops saw to that)
                    if whole is not None and not guard:
                        sure.append(name)
                    else:
                        found.append((name, "", guard, compiled))  # the text surely starts with it here
            elif head == word and literal[len(word)] == after:
                # the rest of the literal, if more than the character after the word, is checked in the text
                found.append((name, literal if len(literal) > len(run) else "", guard, compiled))
        if len(self._candidates) > 100_000:
            self._candidates.clear()
        names = tuple(dict.fromkeys(sure))
        entries = tuple(e for e in found if e[0] not in names)  # their names are found anyway
        if not names and not entries:
            looked_up = _NOTHING
        else:
            looked_up = (names, gate(entries) if len(entries) >= GATE_SIZE else None, entries)
        self._candidates[run] = looked_up
        return looked_up

    def _stops(self, literal: str, compiled: re.Pattern[str], run: str) -> bool:
        """Whether ``compiled`` surely fails where ``run`` starts, for the character after its ``literal``."""
        if len(run) <= len(literal):
            return False  # the text may end right after the literal
        parsed = self._rests.get((literal, compiled))
        if parsed is None:
            return False
        ch = run[len(literal)]
        key = (id(parsed), ch)
        stops = self._follows.get(key)
        if stops is None:
            stops = self._follows[key] = _cannot_follow(parsed, ch)
        return stops

    def matches(self, text: str) -> set[str]:
        """The names of the patterns that match somewhere in ``text`` (already lower-cased)."""
        found: set[str] = set()
        for needed_any, members in self._residual if text.isascii() else self._residual + self._residual_non_ascii:
            if len(needed_any) == 1:
                if needed_any[0] not in text:
                    continue
            elif needed_any:
                for literal in needed_any:
                    if literal in text:
                        break
                else:
                    continue
            for name, residual in members:
                if name not in found and residual.search(text) is not None:
                    found.add(name)
        joined = self._anchored
        if joined is None or joined.match(text) is not None:
            for name, residual in self._anchored_members:
                if name not in found and residual.search(text) is not None:
                    found.add(name)
        candidates = self._candidates
        for m in _WORD_RUN.finditer(text):
            run = m[0]
            try:
                looked_up = candidates[run]  # (subscripts, not method calls: this runs for every word)
            except KeyError:
                looked_up = self._lookup(run)
            if looked_up is _NOTHING:
                continue
            names, gate_re, entries = looked_up
            if names:
                found.update(names)
            if entries:
                p = m.start()
                if gate_re is not None and gate_re.match(text, p) is None:
                    continue  # none of the candidates matches here
                for name, literal, guard, compiled in entries:
                    if (
                        name not in found
                        and (not literal or text.startswith(literal, p))
                        and guard in text
                        and compiled.match(text, p) is not None
                    ):
                        found.add(name)
        return found


#: Candidates from this many up for one word are first tried together, through :func:`gate`.
GATE_SIZE = 4
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_gates: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def gate(entries: tuple[_Entry, ...]) -> re.Pattern[str] | None:
    """One pattern that matches at a position if any of the entries' alternatives does, or None if they cannot be joined.

    Tried once where a common word starts, it spares the separate tries wherever none can match:
    an alternation matches at a position exactly when one of its alternatives does.
    """
    sources = tuple(dict.fromkeys(compiled.pattern for _, _, _, compiled in entries))
    if sources not in _gates:
        joined: re.Pattern[str] | None = None
        if not any(_BACKREFERENCE.search(s) for s in sources):  # group numbers would shift
            try:
                joined = re.compile("|".join(f"(?:{s})" for s in sources))
            except re.error:  # inline flags, for one, only work at the start
                joined = None
        _gates[sources] = joined
    return _gates[sources]


def digit_first(alternative: str) -> str:
    """``\\b\\d…`` as ``\\d(?<!\\w\\d)…``: the same matches, but a search can skip straight to the digits."""
    # before a digit (a word character) \b means "no word character before", which the lookbehind checks
    if alternative.startswith("\\b\\d"):
        body = _after_digit(alternative[4:])
        return alternative if body is None else "\\d(?<!\\w\\d)" + body
    if alternative.startswith("\\b(?:\\d"):
        end = group_end(alternative, 2)
        inner, rest = alternative[5:end], alternative[end + 1 :]
        body = _after_digit(inner[2:])
        if body is not None and len(split_alternatives(inner)) == 1 and rest[:1] not in ("?", "*", "+", "{"):
            return "\\d(?<!\\w\\d)(?:" + body + ")" + rest
    return alternative


_NOT_AFTER_WORD = "(?<!\\w)"


def literal_first(alternative: str) -> str:
    """``(?<!\\w)#…`` as ``#(?<!\\w#)…``: the same matches, but a search can skip straight to the ``#``.

    Both look at the same character before the ``#``; a pattern that starts with a literal lets
    ``re`` scan for it quickly instead of trying the lookbehind at every position.
    """
    if not alternative.startswith(_NOT_AFTER_WORD):
        return alternative
    rest = alternative[len(_NOT_AFTER_WORD) :]
    first = rest[:1]
    if first == "" or first.isalnum() or first in "\\[](){}|.^$?*+_" or rest[1:2] in ("?", "*", "+", "{"):
        return alternative
    return f"{re.escape(first)}(?<!\\w{re.escape(first)}){rest[1:]}"


def _after_digit(body: str) -> str | None:
    """What follows a leading ``\\d`` once that digit is taken on its own, or None if not simple."""
    if body.startswith("+"):
        return "\\d*" + body[1:]
    return None if body[:1] in ("*", "?", "{") else body


def _guard(alternative: str, leading: str) -> str:
    """A literal every match of ``alternative`` holds beyond its leading one, or "" (cheap to test first)."""
    if _INLINE_FLAGS.search(alternative):
        return ""
    try:
        needs = _requirements(alternative)
    except ValueError:
        return ""
    extra = [next(iter(n)) for n in needs if len(n) == 1 and next(iter(n)) not in leading]
    return max(extra, key=lambda literal: (_rarity(literal), len(literal)), default="")


def _letters(s: str) -> str:
    """The leading run of letters a-z in ``s``."""
    for i, ch in enumerate(s):
        if ch not in _LETTERS:
            return s[:i]
    return s

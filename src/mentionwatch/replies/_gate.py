"""Literal prefilters for regular expressions: skip a search when no match is possible.

Most reply patterns need some literal word to match at all ("crash", "refund", "unable to").
:func:`requirements` reads a compiled pattern's syntax tree and finds, for each of its
alternatives, sets of lower-case strings such that every match contains one string of each set.
:class:`Gated` patterns are looked up together in an :class:`Index`: per text, one pass over its
runs of four characters finds the alternatives that could match, and only their patterns are
searched. A skipped search is one that would have found nothing, so the answers are exactly
those of the plain patterns.

:class:`Quick` adds a second, independent speed-up: a case-insensitive pattern without capitals
is searched case-sensitively in the lower-cased text when the text is ASCII (same matches, and
Python's ``re`` is several times faster without IGNORECASE). ``tests/replies/test_gate.py``
checks both on varied texts.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: How many exact strings a node may stand for before we stop listing them.
_LIMIT = 64
#: Requirements with more strings than this are not checked (looking for each costs about what the search does).
_MANY = 12
#: How many alternatives a pattern is split into at most.
_ALTERNATIVES = 64
_Strings = frozenset[str]
_Gram = tuple[str, ...]

# Letters by how often they occur in English text, and the commonest trigrams: rare runs say more.
_COMMON = " etaoinsrhldcumfpgwybvkxjqz"
_COMMON_TRIGRAM_LIST = (
    "the ing and her ere ent tha nth was eth for dth hat she ion int his sth ers ver n't you our all ill "
    "hav ave ter est not oul uld com con pro ati tio ons"
)
_COMMON_TRIGRAMS = frozenset(_COMMON_TRIGRAM_LIST.split())
# The commonest English words (general frequency lists, commonest first): a run inside one of them
# is in most texts, so filing a string under it would have the index look at that string almost always.
_COMMON_WORD_LIST = (
    "the be to of and a in that have i it for not on with he as you do at this but his by from they we "
    "say her she or an will my one all would there their what so up out if about who get which go me when "
    "make can like time no just him know take people into year your good some could them see other than then "
    "now look only come its over think also back after use two how our work first well way even new want "
    "because any these give day most us is was are been has had were did does said got going don't i'm "
    "it's can't didn't doesn't isn't won't that's there's thing things something nothing anything everything "
    "really very much many more still never always again here where why right off down long little great "
    "should need feel made every through before same another around while last next since being each "
    "let put keep help start show try call ask find tell place home school world life hand part week month "
    "today tonight thanks thank please love sorry yes yeah okay sure maybe better best bad happy old big "
    "high small large own under between both few those such without already until though once ever "
    "actually pretty else away together later ago far enough quite almost often sometimes mean means "
    "money phone house family friend friends night morning water food read open change turn move play "
    "run live believe bring happen write sit stand lose pay meet include continue set learn lead "
    "understand watch follow stop create speak spend grow offer remember consider appear buy wait serve "
    "die send expect build stay fall cut reach kill remain suggest raise pass sell require report decide "
    "pull person year's government company number group problem fact point case area question business "
    "service system program hour game story name side kind head end member power line city community "
    "information law car minute idea body level office door health art war history party result morning"
)
_COMMON_WORDS = tuple(dict.fromkeys(_COMMON_WORD_LIST.split()))


def _word_runs() -> dict[str, float]:
    """Per run of four characters, how common the words holding it are (spaces at a word's ends stand for its edges)."""
    weights: dict[str, float] = {}
    for rank, word in enumerate(_COMMON_WORDS):
        padded = f" {word} "
        for run in {padded[i : i + 4] for i in range(len(padded) - 3)}:
            weights[run] = weights.get(run, 0.0) + 1 / (rank + 20)  # a commoner word weighs more
    return weights


_WORD_RUNS = _word_runs()

# The only characters outside ASCII that an ASCII letter matches under re.IGNORECASE, and the
# letter each one matches ("İ".lower() is two characters, so it is mapped before lower-casing).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """``text`` lower-cased so that every character a pattern letter matches (ignoring case) becomes that letter."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _rarest_run(string: str) -> _Gram:
    """The four-character run of ``string`` least likely to be in other text (the string's presence implies all of them)."""
    grams = [(string[i], string[i + 1], string[i + 2], string[i + 3]) for i in range(len(string) - 3)]
    return max(grams, key=_rank)


def _minimal(strings: _Strings) -> _Strings:
    """The same requirement without strings that contain another one ("crash" covers "crashes")."""
    # shortest first: a string that contains another contains a kept one, and only kept ones need looking at
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(t in s for t in kept):
            kept.append(s)
    return frozenset(kept)


def _best(candidates: list[_Strings]) -> _Strings | None:
    """The most selective of several valid requirement sets: no string too short, then fewest strings."""
    if not candidates:
        return None
    return max((_minimal(c) for c in candidates), key=lambda c: (min(min(len(s) for s in c), 5), -len(c)))


def _sequence(items: Any) -> tuple[_Strings | None, _Strings | None]:
    """(exact strings, required strings) for a sequence of nodes; either may be None (unknown)."""
    exact, candidates = _sequence_candidates(items)
    return exact, _best(candidates)


def _sequence_candidates(items: Any) -> tuple[_Strings | None, list[_Strings]]:
    """(exact strings or None, every requirement set found): a match meets all of the requirements at once."""
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
    return (run if all_exact else None), candidates


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


def _branch_of(op: Any, arg: Any) -> Any:
    """The alternatives of a node that is an alternation (or a group holding only one), else None."""
    if op is _c.BRANCH:
        return arg[1]
    if op is _c.SUBPATTERN and len(arg[-1]) == 1 and arg[-1][0][0] is _c.BRANCH:
        return arg[-1][0][1][1]
    return None


def _expand(items: list[Any]) -> list[list[Any]]:
    """The pattern as a list of alternatives without alternation at the top (``a(b|c)`` -> ``ab``, ``ac``), within a limit."""
    for index, (op, arg) in enumerate(items):
        branch = _branch_of(op, arg)
        if branch is None:
            continue
        out: list[list[Any]] = []
        for alternative in branch:
            out.extend(_expand([*items[:index], *alternative, *items[index + 1 :]]))
            if len(out) > _ALTERNATIVES:
                return [items]
        return out
    return [items]


def requirements(pattern: re.Pattern[str]) -> list[list[_Strings]] | None:
    """Per alternative of ``pattern``, the requirement sets a match of it meets (all of them); None if one has none."""
    if not isinstance(pattern.pattern, str):
        return None
    out = []
    for alternative in _expand(list(_parser.parse(pattern.pattern, pattern.flags))):
        _, candidates = _sequence_candidates(alternative)
        if not candidates:
            return None
        out.append(sorted({_minimal(c) for c in candidates}, key=_selectivity, reverse=True))
    return out


def _selectivity(strings: _Strings) -> tuple[int, int]:
    return min(min(len(s) for s in strings), 5), -len(strings)


def _holds(alternative: tuple[tuple[str, ...], ...], folded: str) -> bool:
    return all(any(s in folded for s in strings) for strings in alternative)


def _run_score(string: str) -> tuple[bool, float, int, int]:
    return _rank(_rarest_run(string))


@lru_cache(maxsize=16384)  # only while gates are built (at import): the same runs recur across patterns
def _rank(gram: _Gram) -> tuple[bool, float, int, int]:
    """How rare a character run is likely to be in text: no spaces or apostrophes, few common trigrams, rare letters."""
    text = "".join(gram)
    return (
        not any(ch in " '-" for ch in gram),
        -_WORD_RUNS.get(text, 0.0),
        -sum(text[i : i + 3] in _COMMON_TRIGRAMS for i in range(len(text) - 2)),
        sum(_COMMON.find(ch) % len(_COMMON) for ch in gram),
    )


_Alternative = tuple[tuple[str, ...], ...]


def _primary_score(strings: _Strings) -> tuple[bool, tuple[bool, float, int, int], int]:
    """How well a requirement picks out texts: no short strings, rare runs of characters, few strings."""
    long = [s for s in strings if len(s) >= 4]
    return len(long) == len(strings), min((_run_score(s) for s in long), default=(False, -9.0, -9, 0)), -len(strings)


def _guard(strings: set[str], run: str) -> str:
    """The longest string (of three characters or more) that each of ``strings`` contains and ``run`` does not, else "".

    ``strings`` all contain ``run``, and the index looks at them only in texts that have ``run``: a text
    without the guard has none of them, and one look for it replaces a look for each ("does not let me
    sign in", "won't let me signin"... all have " let").
    """
    if len(strings) < 2:
        return ""  # the guard would be the string itself
    shortest = min(sorted(strings), key=len)
    for size in range(len(shortest), 2, -1):
        for start in range(len(shortest) - size + 1):
            part = shortest[start : start + size]
            if part not in run and all(part in string for string in strings):
                return part
    return ""


#: an array type code of four-byte items (the size of a run of four ASCII characters as bytes)
_FOUR_BYTES = next(code for code in "ILH" if array(code).itemsize == 4)


#: a byte after the text: never in UTF-8, so no key's run has it; a short string ending the text is followed by it
_END = b"\xff"

_Entry = tuple["Gated", str, tuple[str, ...], _Alternative]


def _code(run: bytes) -> int:
    """Four bytes (a run of four ASCII characters, or three and any byte) as the number a four-byte array item makes."""
    return int.from_bytes(run, sys.byteorder)


def _codes(folded: str) -> array[int]:
    """The number (``_code``) of every run of four bytes of ``folded`` in UTF-8 and ``_END``, made in C.

    In UTF-8 an ASCII byte only ever stands for that character, so four bytes make an index key's
    code exactly where the text has that run of characters: the runs found are those of the text.
    """
    data = folded.encode("utf-8", "surrogatepass") + _END
    size = len(data)
    codes = array(_FOUR_BYTES, data[: size & ~3])  # runs starting at 0, 4, 8...
    for offset in (1, 2, 3):
        codes.frombytes(data[offset : offset + ((size - offset) & ~3)])
    return codes


class Index:
    """Gated patterns looked up together: which of them could match a text, found in one pass."""

    def __init__(self) -> None:
        #: per four-character run: (gate, a guard, primary strings with that rarest run, the rest of their
        #: alternative's requirements); the guard is in each of the strings, so a text without it has none of them
        self.runs: dict[_Gram, list[_Entry]] = {}
        self.keys: set[_Gram] = set()
        #: short primary strings, looked for as they are
        self.short: list[tuple[str, Gated, _Alternative]] = []
        #: what ``_passing`` looks up, made from ``runs`` and ``short`` when first needed (see ``_by_code``)
        self.lookup: tuple[dict[int, list[_Entry]], set[int], list[tuple[str, Gated, _Alternative]]] | None = None
        self.passing = lru_cache(maxsize=256)(self._passing)

    def changed(self) -> None:
        """Forget what was worked out from the gates: one was added."""
        self.lookup = None
        self.passing.cache_clear()  # answers computed before this gate existed would leave it out

    def _by_code(self) -> tuple[dict[int, list[_Entry]], set[int], list[tuple[str, Gated, _Alternative]]]:
        """The entries by the code of their run, the codes, and the strings of one or two characters.

        A string of three characters is in the text exactly when a run of four bytes starts with it
        (the fourth is any byte, or ``_END``): it is looked up under each of those 256 codes, in the
        same pass as the runs of four characters, instead of being looked for on its own.
        """
        by_code: dict[int, list[_Entry]] = {}
        for key, entries in self.runs.items():
            by_code.setdefault(_code("".join(key).encode("ascii")), []).extend(entries)
        tiny = []
        for string, gate, rest in self.short:
            if len(string) != 3:
                tiny.append((string, gate, rest))
                continue
            entry: _Entry = (gate, "", (string,), rest)
            head = string.encode("ascii")
            for byte in range(256):
                by_code.setdefault(_code(head + bytes((byte,))), []).append(entry)
        self.lookup = (by_code, set(by_code), tiny)
        return self.lookup

    def _passing(self, text: str) -> frozenset[Gated]:
        """The gates (of those with requirements) some alternative of which could match ``text``."""
        by_code, codes, tiny = self.lookup or self._by_code()
        folded = fold(text)
        passing: set[Gated] = set()
        # the index's runs in the text: each of the text's runs of four bytes is looked up as a number
        for code in codes.intersection(_codes(folded)):
            for gate, guard, strings, rest in by_code[code]:
                # one look for the guard instead of one per string ("" for a single string: always in the text)
                if gate in passing or guard not in folded:
                    continue
                for string in strings:  # any(string in folded ...) without a generator: most have one string
                    if string in folded:
                        if not rest or _holds(rest, folded):
                            passing.add(gate)
                        break
        for string, gate, rest in tiny:
            if gate not in passing and string in folded and _holds(rest, folded):
                passing.add(gate)
        return frozenset(passing)


#: the index gated patterns join unless told otherwise
DEFAULT = Index()


def possible_in(text: str, index: Index = DEFAULT) -> frozenset[Gated]:
    """The gates of ``index`` with requirements that could match in ``text`` (one look for many patterns)."""
    return index.passing(text)


class Quick:
    """A case-insensitive pattern searched through its lower-case twin when the text is ASCII (the same matches)."""

    __slots__ = ("pattern", "twin")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        #: the same pattern for lower-cased ASCII text, matched case-sensitively (faster), if there is one
        self.twin = lowercase_twin(pattern)

    def find(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        if self.twin is not None and text.isascii():
            # the twin finds where the first match starts; matching there gives the very same match
            found = self.twin.search(text.lower())
            return None if found is None else self.pattern.match(text, found.start())
        return self.pattern.search(text)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        return self.find(text)


class Gated(Quick):
    """A compiled pattern whose searches are skipped when no alternative of it could match the text.

    Each alternative of the pattern (``a(b|c)`` has ``ab`` and ``ac``) is indexed by a rare run of
    four characters of each string of one of its requirements (short strings are looked for as they
    are); it is checked in full only when such a run is in the text, and the pattern is searched only
    when an alternative passes.
    """

    __slots__ = ("always", "index")

    def __init__(self, pattern: re.Pattern[str], index: Index = DEFAULT):
        super().__init__(pattern)
        self.index = index
        alternatives = requirements(pattern)
        #: nothing is required of some alternative: always search
        self.always = alternatives is None
        if alternatives is None:
            return
        # per four-character run: the primary strings having it as their rarest run, by the rest of what
        # their alternative requires; short primary strings (three characters or fewer) are looked for as they are
        by_run: dict[_Gram, dict[_Alternative, set[str]]] = {}
        short: dict[str, set[_Alternative]] = {}
        for needs in alternatives:
            # a long list of strings costs more to look for than it saves: leaving a requirement out is always safe
            needs = [strings for strings in needs if len(strings) <= _MANY] or needs[:1]
            ordered = sorted(needs, key=len)
            # a match of the alternative contains a string of its primary requirement: the alternative is
            # looked at under that string's run, or when that short string is in the text
            primary = max(ordered, key=_primary_score)
            rest = tuple(tuple(sorted(strings)) for k, strings in enumerate(ordered) if k != ordered.index(primary))
            for string in primary:
                if len(string) >= 4:
                    by_run.setdefault(_rarest_run(string), {}).setdefault(rest, set()).add(string)
                else:
                    short.setdefault(string, set()).add(rest)
        for key, by_rest in by_run.items():
            for rest, strings in by_rest.items():
                # a string containing another adds nothing to "one of them is in the text" ("sign" covers "let me sign in")
                strings = set(_minimal(frozenset(strings)))
                guard = _guard(strings, "".join(key))
                self.index.runs.setdefault(key, []).append((self, guard, tuple(sorted(strings)), rest))
            self.index.keys.add(key)
        for string, rests in short.items():
            self.index.short.extend((string, self, rest) for rest in sorted(rests))
        self.index.changed()

    def possible(self, text: str) -> bool:
        """Whether ``pattern`` could match somewhere in ``text`` (False means it certainly does not)."""
        return self.always or self in self.index.passing(text)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when it cannot match."""
        return self.find(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, skipped when it cannot match."""
        return self.pattern.finditer(text) if self.possible(text) else iter(())


def _has_upper(items: Any) -> bool:
    """Whether a parsed pattern has an upper-case letter, or turns case-insensitivity off somewhere."""
    for op, arg in items:
        if op is _c.LITERAL or op is _c.NOT_LITERAL:
            if chr(arg) != chr(arg).lower():
                return True
        elif op is _c.IN:
            for kind, value in arg:
                if kind is _c.LITERAL and chr(value) != chr(value).lower():
                    return True
                if kind is _c.RANGE and any(chr(v) != chr(v).lower() for v in range(value[0], value[1] + 1)):
                    return True
        elif op is _c.SUBPATTERN:
            if arg[2] & re.IGNORECASE or _has_upper(arg[-1]):
                return True
        elif op is _c.BRANCH:
            if any(_has_upper(alternative) for alternative in arg[1]):
                return True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if _has_upper(arg[2]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _has_upper(arg[1]):
                return True
        elif op not in (_c.AT, _c.ANY, _c.CATEGORY):
            return True  # anything else (a back-reference...): not known to be safe
    return False


def lowercase_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (case-insensitive, no upper-case letters) compiled case-sensitively, else None.

    On ASCII text, case-insensitive matching of such a pattern is plain matching on the lower-cased
    text: every literal and class is lower-case, and ``\\w``, ``\\s``, ``\\d`` and ``\\b`` do not
    depend on case. The twin matches the lower-cased text at the same places, and it is faster
    (Python's ``re`` compares cased characters slowly when ignoring case).
    """
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.LOCALE or not isinstance(pattern.pattern, str):
        return None
    if _has_upper(_parser.parse(pattern.pattern, pattern.flags)):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

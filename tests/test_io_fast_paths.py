"""The JSON-lines I/O fast paths give exactly what the slow paths they skip would give."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentionwatch.models import Author, Engagement, Mention, MentionError, Priority, Reply, Sentiment, parse_time
from mentionwatch.render import jsonout
from mentionwatch.render.jsonout import escape_unsafe, json_text, scored_line
from mentionwatch.sources.jsonl import loads_line
from mentionwatch.text import has_surrogate_escape
from tests.hostile import TEXT_EXAMPLES, hostile_text

_any_char = st.characters(codec=None, exclude_categories=())
_escapes = st.sampled_from(["\\u", "\\ud800", "\\uDBFF", "\\udc00", "\\u00e9", "\\\\u", "\\uD7FF", "\\ue000", "\\x"])
_json_ish_text = st.lists(st.one_of(hostile_text(3), _escapes), max_size=6).map("".join)

_json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text(4),
)
_json_values = st.recursive(
    _json_leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text(2), inner, max_size=4)),
    max_leaves=20,
)


def _slow_escape(text: str) -> str:
    return jsonout._TERMINAL_UNSAFE.sub(jsonout._escape, text)


def _slow_has_surrogate_escape(raw: str) -> bool:
    return bool(re.search(r"\\u[dD][89a-fA-F]", raw) or re.search("[\ud800-\udfff]", raw))


def test_every_unsafe_character_is_non_printable() -> None:
    """The ``isprintable`` fast path is exact: no character the escaper changes is printable."""
    unsafe = jsonout._TERMINAL_UNSAFE
    printable_unsafe = [hex(code) for code in range(0x110000) if chr(code).isprintable() and unsafe.match(chr(code))]
    assert printable_unsafe == []
    assert [c for c in map(chr, range(0x80)) if unsafe.match(c)] == ["\x7f"]


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(st.one_of(hostile_text(), st.text(alphabet=_any_char), st.text()))
def test_escape_fast_equals_slow(text: str) -> None:
    """``escape_unsafe`` equals the regex substitution on any text."""
    assert escape_unsafe(text) == _slow_escape(text)


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(_json_values)
def test_json_text_equals_original(obj: Any) -> None:
    """``json_text`` (direct C encoder, fast escaping) equals the original ``encode`` + regex, both layouts."""
    assert jsonout._compact(obj) == jsonout._COMPACT(obj)
    assert json_text(obj) == _slow_escape(jsonout._COMPACT(obj))
    assert json_text(obj, compact=False) == _slow_escape(jsonout._SPACED(obj))
    assert json_text(obj, indent=2) == _slow_escape(json.dumps(obj, ensure_ascii=False, indent=2))


def test_compact_errors_match_the_encoder() -> None:
    """Unserialisable and circular objects fail with the encoder's own errors."""
    for bad in ({"a": object()}, {"a": {1, 2}}, [b"x"]):
        with pytest.raises(TypeError) as slow:
            jsonout._COMPACT(bad)
        with pytest.raises(TypeError) as fast:
            json_text(bad)
        assert str(fast.value) == str(slow.value)
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference detected"):
        json_text(loop)
    assert json_text({"a": [1]}) == '{"a":[1]}'  # the memo of the failed call does not linger
    assert json_text([math.nan, math.inf, -math.inf, 10**40, "\x7f"]) == '[NaN,Infinity,-Infinity,10000000000000000000000000000000000000000,"\\u007f"]'


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(_json_ish_text)
def test_surrogate_check_fast_equals_slow(text: str) -> None:
    """``has_surrogate_escape`` with its cheap pre-tests agrees with the two regex searches."""
    assert has_surrogate_escape(text) == _slow_has_surrogate_escape(text)
    line = json.dumps({"text": text}, ensure_ascii=False)
    assert has_surrogate_escape(line) == _slow_has_surrogate_escape(line)


def _slow_parse_time(value: datetime) -> datetime:
    dt = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0)


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)),
    st.sampled_from([None, timezone.utc, timezone(timedelta(0)), timezone(timedelta(hours=5, minutes=30))]),
)
def test_parse_time_fast_equals_slow(moment: datetime, tz: timezone | None) -> None:
    """The already-UTC shortcut of ``parse_time`` gives the same instant, tzinfo and text as the conversion."""
    value = moment.replace(tzinfo=tz)
    for given_value in (value, value.isoformat(), value.isoformat().replace("+00:00", "Z")):
        fast = parse_time(given_value)
        slow = _slow_parse_time(value)
        assert fast == slow and fast is not None
        assert fast.tzinfo is timezone.utc and fast.microsecond == 0 and type(fast) is datetime


_mention_dicts = st.fixed_dictionaries(
    {"text": hostile_text(3)},
    optional={
        "id": st.one_of(st.text(max_size=5), st.integers(), st.none()),
        "source": st.one_of(st.none(), st.sampled_from(["x", "reddit", ""])),
        "url": st.one_of(st.none(), st.text(max_size=5)),
        "title": st.one_of(st.none(), st.text(max_size=5)),
        "author": st.one_of(
            st.none(),
            st.text(max_size=5),
            st.fixed_dictionaries(
                {},
                optional={
                    "handle": st.one_of(st.none(), st.text(max_size=5)),
                    "name": st.one_of(st.none(), st.text(max_size=5)),
                    "reach": st.one_of(st.none(), st.integers(-5, 10**12), st.floats(-5, 1e9)),
                },
            ),
        ),
        "engagement": st.one_of(
            st.none(),
            st.just({}),
            st.dictionaries(st.sampled_from(["likes", "replies", "shares", "other"]), st.one_of(st.integers(-3, 99), st.floats(-3, 99))),
        ),
        "keywords": st.lists(st.text(max_size=4), max_size=3),
        "status": st.sampled_from(["new", "done"]),
        "created_at": st.one_of(st.none(), st.integers(0, 2 * 10**9), st.just("2026-11-20T10:00:00Z"), st.just("2026-11-20T10:00:00.5+02:00")),
    },
)


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(_mention_dicts)
def test_from_dict_equals_the_dataclass_constructor(data: dict[str, Any]) -> None:
    """``from_dict``'s direct construction gives the object the dataclass ``__init__`` would."""
    try:
        mention = Mention.from_dict(data)
    except MentionError:
        return
    rebuilt = Mention(**{f.name: getattr(mention, f.name) for f in dataclasses.fields(Mention)})
    assert mention == rebuilt
    assert list(vars(mention).items()) == list(vars(rebuilt).items())
    for part, cls in ((mention.author, Author), (mention.engagement, Engagement)):
        again = cls(**{f.name: getattr(part, f.name) for f in dataclasses.fields(cls)})  # type: ignore[operator]
        assert part == again and list(vars(part).items()) == list(vars(again).items())
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.text = "changed"  # type: ignore[misc]
    assert mention.evolve(intent="lead").intent == "lead"


def _outcome(load: Any, line: str) -> tuple[str, Any]:
    try:
        return "ok", load(line)
    except json.JSONDecodeError as exc:
        return "error", (exc.msg, exc.pos, exc.lineno, exc.colno)
    except RecursionError:
        return "recursion", None


_line_parts = st.one_of(
    st.sampled_from(['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\r', '\t', '\ufeff', '\\', 'null', 'NaN', '1e400', '-', '"a"', '{"text": "x"}', '\x0b', '\u2028']),
    st.text(alphabet=_any_char, max_size=4),
)


@settings(max_examples=TEXT_EXAMPLES * 2, deadline=None)
@given(st.one_of(
    st.lists(_line_parts, max_size=12).map("".join),
    _json_values.map(lambda v: json.dumps({"v": v}) + "\n"),
    st.tuples(_json_values, st.sampled_from(["", "\n", " \n", "\r\n", "x", "\n\n", "}"])).map(lambda p: json.dumps({"v": p[0]}, ensure_ascii=False) + p[1]),
))
def test_loads_line_equals_json_loads(line: str) -> None:
    """``loads_line`` gives json.loads' value, or its error with the same message and position."""
    fast, slow = _outcome(loads_line, line), _outcome(json.loads, line)
    assert fast[0] == slow[0]
    if fast[0] == "ok":
        assert json.dumps(fast[1]) == json.dumps(slow[1])  # NaN != NaN, so compare the texts
    else:
        assert fast == slow


def test_loads_line_deep_nesting() -> None:
    """A line nested too deeply raises RecursionError, as with json.loads."""
    line = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    with pytest.raises(RecursionError):
        json.loads(line)
    with pytest.raises(RecursionError):
        loads_line(line)


# ---- from_dict against a copy of the implementation before the fast paths (validation order and messages)


def _orig_opt_str(data: Any, key: str, label: str | None = None) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raise MentionError(f"'{label or key}' must be a string")


def _orig_opt_int(data: Any, key: str, label: str | None = None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MentionError(f"'{label or key}' must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise MentionError(f"'{label or key}' must be a finite number")
    return int(value)


def _orig_non_negative(value: int | None) -> int | None:
    return None if value is None or value < 0 else value


def _orig_parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), timezone.utc).replace(microsecond=0)
        except (OverflowError, OSError, ValueError) as exc:
            raise MentionError(f"timestamp out of range: {value!r}") from exc
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError as exc:
            raise MentionError(f"not an ISO 8601 time: {value!r}") from exc
    else:
        raise MentionError(f"not a time: {value!r}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0)


def _orig_from_dict(data: Any, default_source: str = "jsonl") -> Mention:
    from collections.abc import Mapping

    from mentionwatch.models import STATUSES, stable_id

    if not isinstance(data, Mapping):
        raise MentionError("expected a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise MentionError("missing or non-string 'text'" if text is None else "'text' must be a string")
    source = _orig_opt_str(data, "source") or default_source
    raw_id = data.get("id")
    if raw_id is None or raw_id == "":
        mention_id = stable_id(source, text)
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        mention_id = str(raw_id)
    else:
        raise MentionError("'id' must be a string or an integer")
    author_raw = data.get("author")
    if isinstance(author_raw, str):
        author = Author(handle=author_raw)
    elif isinstance(author_raw, Mapping):
        author = Author(
            handle=_orig_opt_str(author_raw, "handle", "author.handle"),
            name=_orig_opt_str(author_raw, "name", "author.name"),
            url=_orig_opt_str(author_raw, "url", "author.url"),
            reach=_orig_non_negative(_orig_opt_int(author_raw, "reach", "author.reach")),
            reach_kind=_orig_opt_str(author_raw, "reach_kind", "author.reach_kind"),
        )
    elif author_raw is None:
        author = Author()
    else:
        raise MentionError("'author' must be an object or a string")
    eng_raw = data.get("engagement") or {}
    if not isinstance(eng_raw, Mapping):
        raise MentionError("'engagement' must be an object")
    engagement = Engagement(
        likes=max(0, _orig_opt_int(eng_raw, "likes", "engagement.likes") or 0),
        replies=max(0, _orig_opt_int(eng_raw, "replies", "engagement.replies") or 0),
        shares=max(0, _orig_opt_int(eng_raw, "shares", "engagement.shares") or 0),
    )
    keywords_raw = data.get("keywords") or []
    if not isinstance(keywords_raw, list) or not all(isinstance(k, str) for k in keywords_raw):
        raise MentionError("'keywords' must be a list of strings")
    status = _orig_opt_str(data, "status") or "new"
    if status not in STATUSES:
        raise MentionError(f"'status' must be one of {', '.join(STATUSES)}")
    try:
        created_at = _orig_parse_time(data.get("created_at"))
        fetched_at = _orig_parse_time(data.get("fetched_at"))
    except MentionError as exc:
        raise MentionError(f"'created_at'/'fetched_at': {exc}") from exc
    return Mention(
        id=mention_id,
        source=source,
        text=text,
        url=_orig_opt_str(data, "url"),
        author=author,
        title=_orig_opt_str(data, "title"),
        created_at=created_at,
        fetched_at=fetched_at,
        keywords=tuple(keywords_raw),
        engagement=engagement,
        status=status,
    )


_anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.sampled_from(["", "new", "done", "2026-11-20T10:00:00Z", "2026-11-20 10:00:00.7-03:00", "yesterday", " 2026-11-20z "]),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=2),
    st.dictionaries(st.sampled_from(["handle", "name", "url", "reach", "reach_kind", "likes", "replies", "shares"]), st.one_of(st.none(), st.booleans(), st.integers(-3, 10**15), st.floats(allow_nan=True), st.text(max_size=3)), max_size=5),
)
_messy_dicts = st.dictionaries(
    st.sampled_from(["text", "id", "source", "url", "title", "author", "engagement", "keywords", "status", "created_at", "fetched_at", "other"]),
    _anything,
    max_size=9,
)


def _built(make: Any, data: Any) -> tuple[str, Any]:
    try:
        mention = make(data)
    except MentionError as exc:
        return "error", str(exc)
    return "ok", (mention, list(vars(mention).items()), list(vars(mention.author).items()), list(vars(mention.engagement).items()))


@settings(max_examples=TEXT_EXAMPLES * 2, deadline=None)
@given(st.one_of(_messy_dicts, _messy_dicts.map(lambda d: {"text": "t", **d}), _mention_dicts, _anything))
def test_from_dict_equals_the_original(data: Any) -> None:
    """Same mention (field for field, in order) or the same error message as before the fast paths."""
    assert _built(Mention.from_dict, data) == _built(_orig_from_dict, data)


# -- the score command's output line: derived members written directly ------------------------------

_float_or_odd = st.one_of(st.floats(-1, 1), st.floats(allow_nan=True, allow_infinity=True), st.integers(-2, 2), st.booleans())
_texts = st.one_of(hostile_text(3), st.sampled_from(["complaint", "negative", "worth_a_look", "Hi Sam,\n– Maya at Joe's", 'say "hi"', "a\\b", "\x7f"]))
_derived = st.fixed_dictionaries(
    {
        "sentiment": st.one_of(st.none(), st.builds(Sentiment, _float_or_odd, _texts, _float_or_odd)),
        "intent": st.one_of(st.none(), _texts, st.integers()),
        "priority": st.one_of(
            st.none(),
            st.builds(Priority, st.one_of(st.integers(-5, 100), st.booleans(), st.floats(0, 1)), _texts, st.one_of(st.tuples(_texts, _texts), st.lists(_texts, max_size=2).map(tuple), st.lists(_texts, max_size=2))),
        ),
        "reply": st.one_of(
            st.none(),
            st.builds(Reply, _texts, st.one_of(st.lists(_texts, max_size=3).map(tuple), st.lists(_texts, max_size=2)), st.one_of(st.none(), st.integers(0, 10**4), st.floats(0, 9), st.booleans())),
        ),
    }
)
_raw_objects = st.one_of(
    st.dictionaries(hostile_text(2), _json_values, max_size=4).map(lambda d: {"text": "t", **d}),
    st.dictionaries(st.sampled_from(["text", "id", "sentiment", "intent", "priority", "reply", "other"]), _json_values, max_size=4),
)


def _slow_scored_line(raw: dict[str, Any], mention: Mention) -> str:
    raw = dict(raw)
    raw.update(mention.derived_dict())
    return json_text(raw) + "\n"


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(_raw_objects, _derived)
@example({"text": "t"}, {"sentiment": Sentiment(float("nan"), "neutral", 0.5), "intent": None, "priority": None, "reply": None})
@example({"text": "t"}, {"sentiment": Sentiment(0.5, "neutral", float("-inf")), "intent": None, "priority": None, "reply": None})
@example({"text": "t"}, {"sentiment": None, "intent": None, "priority": Priority(True, "fyi", ()), "reply": Reply("x", [], 1.5)})
@example({"text": "t"}, {"sentiment": None, "intent": "x", "priority": None, "reply": Reply("a\n– b", ("é\x85",), True)})
def test_scored_line_equals_update_and_encode(raw: dict[str, Any], derived: dict[str, Any]) -> None:
    """``scored_line`` is ``json_text`` of the input object updated with ``derived_dict()``, whatever the values."""
    mention = Mention(id="1", source="x", text="t", **derived)
    try:
        expected = _slow_scored_line(raw, mention)
    except (TypeError, ValueError) as exc:  # NaN keys and the like: the same error either way
        with pytest.raises(type(exc)):
            scored_line(dict(raw), mention)
        return
    assert scored_line(dict(raw), mention) == expected


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(st.one_of(hostile_text(), st.text(alphabet=_any_char), _texts))
def test_safe_string_equals_encode_and_escape(text: str) -> None:
    """``_safe_string`` (ASCII encoder, quoting printable text) equals the encoder plus ``escape_unsafe``."""
    assert jsonout._safe_string(text) == _slow_escape(jsonout._C_ENCODE_STRING(text) if jsonout._C_ENCODE_STRING else json.dumps(text, ensure_ascii=False))


def test_safe_string_on_every_ascii_and_latin_1_character() -> None:
    """Each character of the first 256 alone, and next to a non-ASCII one, as the encoder writes it."""
    for code in range(256):
        for text in (chr(code), f"é{chr(code)}\n", f"x{chr(code)}y"):
            assert jsonout._safe_string(text) == _slow_escape(json.dumps(text, ensure_ascii=False)), repr(text)


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(st.lists(_texts, max_size=4))
@example(["a", 'b"', "c"])
@example(['"', ""])
@example(["x\n– y", "", "\\"])
def test_safe_strings_equals_the_encoder(items: list[str]) -> None:
    """``_safe_strings`` (all items checked in one joined string) equals the encoder plus ``escape_unsafe``."""
    assert jsonout._safe_strings(tuple(items)) == _slow_escape(jsonout._COMPACT(items))
    assert jsonout._safe_strings(items) is None

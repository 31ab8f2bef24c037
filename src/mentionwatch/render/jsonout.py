"""JSON and JSON-lines output: the schema-version-1 mention object, whole."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from math import isfinite
from typing import IO, Any

from mentionwatch.models import Mention

# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal may act on or that cannot be
# encoded: DEL and C1 controls (0x9b is CSI on some terminals), line/paragraph separators, bidi
# marks, embeddings, overrides and isolates, invisible format characters and lone surrogates.
_TERMINAL_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        # a surrogate cannot be encoded, and two escaped side by side would be read back as one
        # astral character: it becomes U+FFFD, as at every input
        return "\\ufffd"
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


#: made once: ``json.dumps`` with options builds a new encoder on every call
_COMPACT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_COMPACT = _COMPACT_ENCODER.encode
_SPACED = json.JSONEncoder(ensure_ascii=False).encode
_C_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE_STRING = getattr(json.encoder, "c_encode_basestring", None)


def _compact(obj: Any) -> str:
    """``_COMPACT(obj)``, calling the C encoder that ``JSONEncoder.encode`` would build, directly."""
    if _C_MAKE_ENCODER is None or _C_ENCODE_STRING is None:  # no C accelerator: the plain encoder
        return _COMPACT(obj)
    # the same call JSONEncoder.iterencode(_one_shot=True) makes for these options (a fresh
    # circular-reference memo each time), minus its Python-level dispatch
    encode = _C_MAKE_ENCODER({}, _COMPACT_ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, True)
    return "".join(encode(obj, 0))


def _compact_tree(obj: Any) -> str:
    """``_compact(obj)`` for an object known to be a tree (as ``json.loads`` makes), without the cycle check.

    Only circular objects (which a JSON parser cannot make) behave differently: they hit the
    recursion limit instead of raising "Circular reference detected".
    """
    if _TREE_ENCODE is None:
        return _COMPACT(obj)
    return "".join(_TREE_ENCODE(obj, 0))


#: the C encoder ``_compact`` builds, without a circular-reference memo: with none it keeps no
#: state between calls, so one serves every call (building it took ~0.2 us a line)
_TREE_ENCODE = (
    None
    if _C_MAKE_ENCODER is None or _C_ENCODE_STRING is None
    else _C_MAKE_ENCODER(None, _COMPACT_ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, True)
)


_ENCODE_STRING = _C_ENCODE_STRING or json.encoder.py_encode_basestring
_ENCODE_ASCII = getattr(json.encoder, "c_encode_basestring_ascii", None) or json.encoder.py_encode_basestring_ascii


def _safe_string(text: str) -> str:
    """``escape_unsafe`` of ``text`` as a JSON string (as the ``ensure_ascii=False`` encoder writes it)."""
    if text.isascii():
        if "\x7f" not in text:
            # ASCII without DEL: nothing is unsafe, and both encoders escape the same characters
            # (quote, backslash, controls below U+0020) the same way; the ASCII one is twice as fast
            return _ENCODE_ASCII(text)
    elif '"' not in text and "\\" not in text:
        # the encoder escapes only quote, backslash and controls; with neither of the first two and
        # no control but newlines (written "\n"), what is left is printable, and no printable
        # character is unsafe: the JSON string is the text between quotes (a reply's sign-off
        # line makes this the usual case; the C encoder is slow on non-ASCII text)
        body = text.replace("\n", "\\n") if "\n" in text else text
        if body.isprintable():
            return f'"{body}"'
    return escape_unsafe(_ENCODE_STRING(text))


def _safe_strings(items: Any) -> str | None:
    """A tuple of ``str`` as a compact JSON array (escaped as by ``escape_unsafe``), or None for anything else."""
    if type(items) is not tuple:
        return None
    plain = True
    for item in items:
        if type(item) is not str:
            return None
        if '"' in item or "\\" in item:
            plain = False
    if not items:
        return "[]"
    if plain:
        # the usual case in one go, as _safe_string does it for one string: with no quote or
        # backslash in any item, and no control but newlines (written "\n"), the items joined
        # with '","' are the array's inside when that is printable
        body = '","'.join(items)
        if "\n" in body:
            body = body.replace("\n", "\\n")
        if body.isprintable():
            return f'["{body}"]'
    return f"[{','.join(map(_safe_string, items))}]"


def _derived_members(mention: Mention) -> str | None:
    """The members ``mention.derived_dict()`` adds, as ``json_text`` writes them; None if a value is unusual.

    Written directly for the values the scorer makes (exact ``float``, ``int``, ``str`` and tuples
    of ``str``), which ``_compact`` writes as ``repr`` (finite floats and ints) and as
    ``_ENCODE_STRING`` does (strings); the rest is ASCII punctuation, so escaping each string
    (``_safe_string``) escapes the whole. For anything else the caller falls back to the encoder.
    """
    sentiment, intent, priority, reply = mention.sentiment, mention.intent, mention.priority, mention.reply
    if sentiment is None:
        sentiment_json = "null"
    else:
        score, label, confidence = round(sentiment.score, 3), sentiment.label, round(sentiment.confidence, 2)
        if type(score) is not float or type(confidence) is not float or type(label) is not str or not (isfinite(score) and isfinite(confidence)):
            return None
        sentiment_json = f'{{"score":{score!r},"label":{_safe_string(label)},"confidence":{confidence!r}}}'
    if intent is None:
        intent_json = "null"
    elif type(intent) is str:
        intent_json = _safe_string(intent)
    else:
        return None
    if priority is None:
        priority_json = "null"
    else:
        p_score, level, reasons = priority.score, priority.level, _safe_strings(priority.reasons)
        if type(p_score) is not int or type(level) is not str or reasons is None:
            return None
        priority_json = f'{{"score":{p_score!r},"level":{_safe_string(level)},"reasons":{reasons}}}'
    if reply is None:
        reply_json = "null"
    else:
        text, alternatives, limit = reply.text, _safe_strings(reply.alternatives), reply.limit
        if type(text) is not str or alternatives is None or not (limit is None or type(limit) is int):
            return None
        reply_json = f'{{"text":{_safe_string(text)},"alternatives":{alternatives},"limit":{"null" if limit is None else repr(limit)}}}'
    return f'"sentiment":{sentiment_json},"intent":{intent_json},"priority":{priority_json},"reply":{reply_json}'


_DERIVED_KEYS = frozenset(("sentiment", "intent", "priority", "reply"))


def scored_line(raw: dict[str, Any], mention: Mention) -> str:
    """``json_text(raw)`` after ``raw.update(mention.derived_dict())``, plus a newline: the ``score`` command's output line.

    ``raw`` must be a tree as ``json.loads`` makes it (no cycles). It is left alone when it has
    none of the derived keys (they would be appended after its own keys, in ``derived_dict``
    order): then the line is its encoding with the derived members written in before the
    closing brace. Otherwise it is updated in place and encoded whole.
    """
    members = _derived_members(mention) if raw and _DERIVED_KEYS.isdisjoint(raw) else None
    if members is None:
        raw.update(mention.derived_dict())
        return escape_unsafe(_compact_tree(raw)) + "\n"
    # escaping is character by character, so the two parts can be escaped apart
    head = escape_unsafe(_compact_tree(raw))
    return f"{head[:-1]},{members}}}\n"


def json_text(obj: Any, *, compact: bool = True, indent: int | None = None) -> str:
    """``obj`` as JSON with non-ASCII kept but every terminal-active character escaped (lossless but for surrogates, which become U+FFFD)."""
    if indent is not None:
        text = json.dumps(obj, ensure_ascii=False, indent=indent)
    else:
        text = _compact(obj) if compact else _SPACED(obj)
    return escape_unsafe(text)


def escape_unsafe(text: str) -> str:
    """``text`` (JSON) with every terminal-active character escaped as ``\\uXXXX``."""
    # fast paths, both exact: every unsafe character is non-printable (Cc, Cf, Cs, Cn, Zl or Zp;
    # tests/render/test_jsonout_fast.py checks all of Unicode), and the only unsafe ASCII one is
    # DEL, so printable text, or ASCII text without DEL, has nothing to escape
    if text.isascii():
        if "\x7f" not in text:
            return text
    elif text.isprintable():
        return text
    return _TERMINAL_UNSAFE.sub(_escape, text)


def dumps(mention: Mention) -> str:
    """One mention as a compact JSON line (non-ASCII kept, control characters escaped)."""
    return json_text(mention.to_dict())


def render_json(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write a JSON array of mention objects."""
    stream.write("[")
    first = True
    for mention in mentions:
        stream.write("\n  " if first else ",\n  ")
        stream.write(json_text(mention.to_dict(), compact=False))
        first = False
    stream.write("\n]\n" if not first else "]\n")


def render_jsonl(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write one mention object per line."""
    write = stream.write
    for mention in mentions:
        write(dumps(mention) + "\n")

"""JSON and JSON-lines output: the schema-version-1 mention object, whole."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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

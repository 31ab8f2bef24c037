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
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


#: made once: ``json.dumps`` with options builds a new encoder on every call
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SPACED = json.JSONEncoder(ensure_ascii=False).encode


def json_text(obj: Any, *, compact: bool = True, indent: int | None = None) -> str:
    """``obj`` as JSON with non-ASCII kept but every terminal-active character escaped (lossless)."""
    if indent is not None:
        text = json.dumps(obj, ensure_ascii=False, indent=indent)
    else:
        text = _COMPACT(obj) if compact else _SPACED(obj)
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

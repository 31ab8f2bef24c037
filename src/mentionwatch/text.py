"""Text normalisation shared by every source and renderer: HTML to plain text, control characters out."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

# C0/C1 controls (except tab and newline), DEL, lone surrogates, bidi marks/embeddings/overrides/
# isolates, and other invisible format characters that can reorder, hide or smuggle text on a
# terminal. Zero-width (non-)joiners stay: Persian, Indic scripts and emoji sequences need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "header", "footer"}
_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript"}


_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def strip_controls(text: str) -> str:
    """Remove ANSI escape sequences, control characters and bidi overrides; tabs become spaces.

    Every kind of line break (CR, CRLF, VT, FF, NEL, U+2028, U+2029) becomes ``\\n``, so the only
    control character that can survive is the newline.
    """
    if not text:
        return text
    text = _ANSI.sub("", text)
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _UNSAFE.sub("", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def has_surrogate_escape(raw: str | bytes) -> bool:
    """Whether JSON text may decode to lone surrogates (a ``\\ud800``-style escape)."""
    if isinstance(raw, bytes):
        return bool(re.search(rb"\\u[dD][89a-fA-F]", raw))
    # cheap tests first: an escape needs a backslash-u, a raw surrogate makes the text non-ASCII
    if "\\u" in raw and _SURROGATE_ESCAPE.search(raw):
        return True
    return not raw.isascii() and _SURROGATE.search(raw) is not None


def valid_unicode(value: Any) -> Any:
    """``value`` (decoded JSON) with lone surrogates replaced by U+FFFD: they can be neither printed nor stored."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {valid_unicode(k): valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [valid_unicode(v) for v in value]
    return value


def one_line(text: str | None) -> str:
    """Collapse ``text`` to one safe line (for table cells, headers and log lines)."""
    if not text:
        return ""
    return " ".join(strip_controls(text).split())


def clean_text(text: str | None) -> str:
    """Normalise plain text from a source: NFC, no control characters, tidy whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", strip_controls(text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str:
    """Turn HTML (or text with entities) into clean plain text."""
    if not markup:
        return ""
    if "<" not in markup:
        return clean_text(html.unescape(markup))
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return clean_text("".join(parser.parts))


def truncate(text: str, width: int) -> str:
    """Shorten ``text`` to ``width`` characters at a word boundary, with an ellipsis."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is a plain http(s) URL without control characters, else ``None``."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"(?i)https?://[^\s/?#]+", url):
        return None
    if _UNSAFE.search(url) or any(ch.isspace() for ch in url) or any(c in url for c in "<>\"'`"):
        return None
    return url

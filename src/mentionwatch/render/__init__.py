"""Renderers: one per output format, each a view of the mention object."""

from __future__ import annotations

import enum
import importlib
from collections.abc import Sequence
from typing import IO, Protocol


class OutputFormat(str, enum.Enum):
    """The formats ``scan`` and ``inbox`` can print."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return self.value


#: Each format's renderer, as ``module:function``; imported only when used.
RENDERERS: dict[OutputFormat, str] = {
    OutputFormat.TABLE: "mentionwatch.render.table:render_table",
    OutputFormat.JSON: "mentionwatch.render.jsonout:render_json",
    OutputFormat.JSONL: "mentionwatch.render.jsonout:render_jsonl",
    OutputFormat.CSV: "mentionwatch.render.csvout:render_csv",
    OutputFormat.MARKDOWN: "mentionwatch.render.markdown:render_markdown",
}


class Renderer(Protocol):
    """Write ``mentions`` to ``stream`` in one format."""

    def __call__(self, mentions: Sequence[object], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None: ...


def get_renderer(fmt: OutputFormat) -> Renderer:
    """Return the renderer for ``fmt``, importing it lazily."""
    module_name, func = RENDERERS[fmt].split(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), func)
    return renderer

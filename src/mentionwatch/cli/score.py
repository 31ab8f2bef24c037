"""``mentionwatch score``: a streaming pipeline scorer over JSON lines, or one TEXT argument."""

from __future__ import annotations

import sys
from typing import Any

import click

from mentionwatch.cli.common import CliError, config_option, get_app, warn
from mentionwatch.exitcodes import ExitStatus


@click.command()
@click.argument("text", required=False)
@click.option("--input", "input_path", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True, help="JSON lines to score (- for stdin).")
@config_option
@click.pass_context
def score(ctx: click.Context, text: str | None, input_path: str, config_override: str | None, db_override: str | None) -> int:
    """Add sentiment, intent, priority and reply to JSON lines, streaming, in input order.

    Each input line is a mention object (only "text" is required: {"id": "1", "text": "..."});
    each output line is the same object with "sentiment", "intent", "priority" and "reply"
    added. Bad lines are reported on stderr by line number and skipped (exit status 3).
    With a TEXT argument, scores just that text.
    """
    from mentionwatch.analysis import Analyser
    from mentionwatch.config import Config
    from mentionwatch.models import Mention, stable_id
    from mentionwatch.sources.jsonl import BadLine, read_records

    app = get_app(ctx)
    config = app.load_config(config_override, required=False) or Config()
    analyser = Analyser(config)
    out = sys.stdout
    from mentionwatch.render.jsonout import scored_line

    if text is not None:
        if not text.strip():
            raise CliError("TEXT is empty")
        raw: dict[str, Any] = {"id": stable_id("jsonl", text), "text": text}
        mention = Mention.from_dict(raw)
        out.write(scored_line(raw, analyser.analyse(mention)))
        return int(ExitStatus.OK)

    analyse, write = analyser.analyse, out.write
    bad = 0
    label = "stdin" if input_path == "-" else input_path
    try:
        with click.open_file(input_path, "r", encoding="utf-8", errors="replace") as handle:
            for item in read_records(handle):
                if isinstance(item, BadLine):
                    bad += 1
                    warn(f"{label}: {item}")
                    continue
                scored = analyse(item.mention)
                raw = item.raw
                if raw.get("id") in (None, ""):
                    raw["id"] = scored.id
                write(scored_line(raw, scored))
    except OSError as exc:
        raise CliError(f"--input {input_path}: {exc.strerror or exc}") from None
    out.flush()
    return int(ExitStatus.PARTIAL if bad else ExitStatus.OK)

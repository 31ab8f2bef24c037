"""``mentionwatch score``: a streaming pipeline scorer over JSON lines, or one TEXT argument."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from mentionwatch.cli.common import CliError, config_option, get_app, warn
from mentionwatch.exitcodes import ExitStatus

if TYPE_CHECKING:
    from mentionwatch.models import Mention
    from mentionwatch.sources.jsonl import BadLine, InputRecord

#: at most this many input lines are scored together
BATCH_LINES = 64
#: a batch ends once its lines hold this many characters (bounds the memory a batch of long lines takes)
BATCH_CHARS = 1 << 16


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

    label = "stdin" if input_path == "-" else input_path
    scorer = _BatchScorer(analyser.analyse, out.write, label)
    try:
        with click.open_file(input_path, "r", encoding="utf-8", errors="replace") as handle:
            # a batch holds only lines that were ready, so every line's output is written before we
            # wait for more input (and reaches a terminal then, stdout being line-buffered there)
            for batch in _batches(handle):
                scorer.score(batch)
    except BrokenPipeError:
        raise  # stdout's reader went away (`| head`): not a problem with the input; run() stops quietly
    except OSError as exc:
        raise CliError(f"--input {input_path}: {exc.strerror or exc}") from None
    out.flush()
    return int(ExitStatus.PARTIAL if scorer.bad else ExitStatus.OK)


def _never_waits(handle: IO[str]) -> bool:
    """Whether reading ``handle`` can never wait for input: a regular file, or a stream with no file descriptor (in memory)."""
    try:
        fd = handle.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation: StringIO, CliRunner's BytesIO
        return True
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        return False


def _always() -> bool:
    return True


def _input_ready(handle: IO[str]) -> Callable[[], bool]:
    """A check whether the file descriptor behind ``handle`` has input (or EOF) ready; always False if that cannot be told."""
    try:
        import select

        poller = select.poll()
        poller.register(handle.fileno(), select.POLLIN)
    except (AttributeError, ImportError, OSError, ValueError):  # no poll() (Windows), or no descriptor
        return lambda: False
    poll, readable = poller.poll, select.POLLIN
    # input is ready only when POLLIN is set: some systems answer POLLNVAL for terminals, which must
    # end the batch (a wrong "no" costs only a smaller batch; a wrong "yes" would hold output back)
    return lambda: any(events & readable for _, events in poll(0))


def _batches(handle: IO[str]) -> Iterator[list[str]]:
    """The input lines, in lists of those that could be read without waiting (at least one line, at most BATCH_LINES).

    A caller that writes a list's output before asking for the next one keeps ``score`` streaming:
    no output is held back while reading waits for more input (a pipe, a terminal).
    """
    ready = _always if _never_waits(handle) else _input_ready(handle)
    readline = handle.readline
    while line := readline():
        batch, size = [line], len(line)
        try:
            # a line buffered in the text wrapper but not seen by poll() only ends the batch early
            while len(batch) < BATCH_LINES and size < BATCH_CHARS and ready():
                line = readline()
                if not line:
                    break
                batch.append(line)
                size += len(line)
        except Exception:
            yield batch  # the lines read before a failing read are scored first, as line by line
            raise
        yield batch


class _BatchScorer:
    """Scores lists of input lines: all parsed, then all analysed, then all written (each phase's code and data stay hot).

    Output, warnings and errors come out as from scoring line by line: lines and warnings in input
    order, and when a step raises, everything before it in the batch is finished first (each phase
    runs only over what the one before it completed), so the same lines are out and the same error
    is raised as when each line was parsed, analysed and written before the next was read.
    """

    def __init__(self, analyse: Callable[[Mention], Mention], write: Callable[[str], Any], label: str):
        self.analyse, self.write, self.label = analyse, write, label
        self.line = 1  # the number of the next input line
        self.bad = 0

    def score(self, lines: list[str]) -> None:
        """Parse, analyse and write one batch of lines."""
        from mentionwatch.sources.jsonl import read_records

        items: list[InputRecord | BadLine] = []
        try:
            for item in read_records(lines, first_line=self.line):
                items.append(item)
        finally:
            self.line += len(lines)
            self._analyse(items)

    def _analyse(self, items: list[InputRecord | BadLine]) -> None:
        from mentionwatch.sources.jsonl import BadLine

        analyse = self.analyse
        scored: list[Mention | None] = []
        try:
            for item in items:
                scored.append(None if isinstance(item, BadLine) else analyse(item.mention))
        finally:
            self._write(items, scored)

    def _write(self, items: list[InputRecord | BadLine], scored: list[Mention | None]) -> None:
        from mentionwatch.render.jsonout import scored_line
        from mentionwatch.sources.jsonl import BadLine

        # one write per line, as when scoring line by line: the stream's buffering then flushes at
        # the same points, so stdout and stderr interleave as before when they share a file
        write = self.write
        for item, mention in zip(items, scored, strict=False):  # scored stops where analysis did
            if isinstance(item, BadLine) or mention is None:  # the one is None just when the other is a BadLine
                self.bad += 1
                warn(f"{self.label}: {item}")
                continue
            raw = item.raw
            if raw.get("id") in (None, ""):
                raw["id"] = mention.id
            write(scored_line(raw, mention))

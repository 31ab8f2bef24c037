"""The ``mentionwatch`` command line: a thin Click layer; commands load lazily for a fast start."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import sys
from typing import Any

import click

from mentionwatch import __version__

#: command name -> "module:function"; modules are imported only when their command runs.
COMMANDS: dict[str, str] = {
    "scan": "mentionwatch.cli.scan:scan",
    "inbox": "mentionwatch.cli.triage:inbox",
    "show": "mentionwatch.cli.triage:show",
    "done": "mentionwatch.cli.triage:done",
    "ignore": "mentionwatch.cli.triage:ignore",
    "snooze": "mentionwatch.cli.triage:snooze",
    "reopen": "mentionwatch.cli.triage:reopen",
    "mute": "mentionwatch.cli.triage:mute",
    "unmute": "mentionwatch.cli.triage:unmute",
    "digest": "mentionwatch.cli.digest:digest",
    "stats": "mentionwatch.cli.stats:stats",
    "score": "mentionwatch.cli.score:score",
    "init": "mentionwatch.cli.init:init",
    "sources": "mentionwatch.cli.sources:sources",
    "doctor": "mentionwatch.cli.doctor:doctor",
}

#: one-line help for each command, so ``--help`` does not import the commands.
SHORT_HELP: dict[str, str] = {
    "scan": "Fetch, rank and draft replies for new mentions.",
    "inbox": "Stored mentions by triage state, most urgent first.",
    "show": "One mention in full, with reasons and every reply draft.",
    "done": "Mark mentions handled; they never come back as new.",
    "ignore": "Ignore mentions; they never come back as new.",
    "snooze": "Hide mentions until later (--for 2d).",
    "reopen": "Open done, ignored or snoozed mentions again.",
    "mute": "Hide an author's mentions on a source.",
    "unmute": "Show a muted author's mentions again.",
    "digest": "Everything new since the last digest; --send mails it.",
    "stats": "Mentions per day by sentiment and intent.",
    "score": "Score JSON lines (or one TEXT) for pipelines.",
    "init": "Write a starter config to the config home.",
    "sources": "List every source, its setup and last run's health.",
    "doctor": "Check the config, the store and the credentials.",
}


class OutputClosed(Exception):
    """Standard output's reader went away (``mentionwatch score | head``): a normal end, not an error."""


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Click would turn it into exit status 1; run() ends quietly with 0 instead
            raise OutputClosed from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


EPILOG = """\b
Quick start:
  mentionwatch scan --demo        see it work on bundled sample mentions
  mentionwatch init               write a config for your business
  mentionwatch scan               fetch, rank and draft replies
  mentionwatch inbox              triage what the scans stored
  mentionwatch digest --send      mail what is new (e.g. from cron)

\b
Exit codes: 0 ok, 1 unexpected error or store busy (another run held it
too long), 2 usage, config or store error, 3 partial (some sources or input
lines failed), 4 digest delivery failed, 130 interrupted.
"""


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="mentionwatch")
@click.option("--config", "config_path", type=click.Path(), envvar="MENTIONWATCH_CONFIG", help="Config file (default: config.toml in the config home; env MENTIONWATCH_CONFIG).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="SQLite store (default: mentionwatch.db in the data home).")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs on stderr.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None, debug: bool) -> None:
    """Find the public mentions of your business that need an answer today, and draft the reply."""
    from mentionwatch.cli.common import AppContext

    ctx.obj = AppContext(config_path=config_path, db_path=db_path, debug=debug)
    debug_logging(debug)


class _SafeDebugHandler(logging.Handler):
    """mentionwatch's own debug log on stderr: credentials scrubbed, control characters out."""

    def emit(self, record: logging.LogRecord) -> None:
        from mentionwatch.redaction import redact
        from mentionwatch.text import strip_controls

        try:
            click.echo(strip_controls(redact(self.format(record))), err=True)
        except Exception:  # logging must never break a command
            self.handleError(record)


def debug_logging(enabled: bool) -> None:
    """Send the ``mentionwatch`` loggers to stderr (scrubbed) with ``--debug``; never third-party loggers.

    httpx logs full request URLs, query strings (and so API keys) included: it stays silent.
    """
    logger = logging.getLogger("mentionwatch")
    for handler in [h for h in logger.handlers if isinstance(h, _SafeDebugHandler)]:
        logger.removeHandler(handler)
    if enabled:
        handler = _SafeDebugHandler()
        handler.setFormatter(logging.Formatter("mentionwatch: debug: %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    else:
        logger.setLevel(logging.NOTSET)


def redeliver_interrupts(unraisable: Any) -> None:
    """``sys.unraisablehook``: a Ctrl-C that lands in a finaliser (where Python ignores it) is delivered again."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        if not sys.is_finalizing():  # while exiting, the interrupt has nothing left to stop
            signal.raise_signal(signal.SIGINT)
        return
    sys.__unraisablehook__(unraisable)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with a documented status."""
    sys.unraisablehook = redeliver_interrupts
    for stream in (sys.stdout, sys.stderr):
        # a character the stream cannot encode (a non-UTF-8 console or file) becomes '?', never a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    sys.exit(run(argv))


def run(argv: list[str] | None = None, **extra: Any) -> int:
    """Run the CLI and return the exit status instead of exiting."""
    from mentionwatch.exitcodes import ExitStatus

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        result = cli.main(args=argv, prog_name="mentionwatch", standalone_mode=False, **extra)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("mentionwatch: interrupted", err=True)
        return int(ExitStatus.INTERRUPTED)
    except (BrokenPipeError, OutputClosed):
        # the reader went away (e.g. `| head`): stop quietly, and let nothing more be written to the closed pipe
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return int(ExitStatus.OK)
    except Exception as exc:
        from mentionwatch.cli.common import safe_line
        from mentionwatch.config import ConfigError

        if isinstance(exc, ConfigError):
            click.echo(safe_line(f"mentionwatch: config error: {exc}"), err=True)
            return int(ExitStatus.USAGE)
        if debug:
            import traceback

            from mentionwatch.redaction import redact
            from mentionwatch.text import strip_controls

            click.echo(strip_controls(redact(traceback.format_exc())).rstrip("\n"), err=True)
        from mentionwatch.text import one_line

        reason = one_line(str(exc))[:300]
        click.echo(safe_line(f"mentionwatch: unexpected error: {type(exc).__name__}: {reason} (run with --debug for details)"), err=True)
        return int(ExitStatus.ERROR)
    return int(result) if isinstance(result, int) else int(ExitStatus.OK)

"""Shared CLI plumbing: the app context, the terminal environment, output options and config loading."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from mentionwatch.config import Config, ConfigError, default_db_path, load_config, resolve_config_path
from mentionwatch.exitcodes import ExitStatus

if TYPE_CHECKING:
    from mentionwatch.store import Store

F = TypeVar("F", bound=Callable[..., Any])

#: The store ``--demo`` uses, in the data home, so the demo never touches the real store.
DEMO_DB_FILENAME = "demo.db"


class CliError(click.ClickException):
    """A one-line error with a documented exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.USAGE):
        super().__init__(message)
        self.status = status

    @property  # type: ignore[override]
    def exit_code(self) -> int:  # type: ignore[override]
        """The documented exit status."""
        return int(self.status)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mentionwatch: {self.format_message()}", err=True)


@dataclass(frozen=True)
class Terminal:
    """What we know about where output goes; tests build their own."""

    stdout_tty: bool
    stderr_tty: bool
    no_color: bool
    width: int | None = None

    @classmethod
    def detect(cls) -> Terminal:
        """Inspect the real process streams and environment."""
        def isatty(stream: Any) -> bool:
            try:
                return bool(stream.isatty())
            except (AttributeError, ValueError):
                return False

        no_color = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        return cls(stdout_tty=isatty(sys.stdout), stderr_tty=isatty(sys.stderr), no_color=no_color)

    @property
    def color(self) -> bool:
        """Colour on stdout only when it is a terminal and NO_COLOR is unset."""
        return self.stdout_tty and not self.no_color

    @property
    def progress(self) -> bool:
        """Progress and spinners on stderr only when it is a terminal."""
        return self.stderr_tty and not self.no_color


@dataclass
class AppContext:
    """Global options and lazily loaded state for one invocation."""

    config_path: str | None = None
    db_path: str | None = None
    debug: bool = False
    terminal: Terminal = field(default_factory=Terminal.detect)

    def resolved_db_path(self, override: str | None = None) -> Path:
        """The store path: ``--db`` else the data home's default."""
        chosen = override or self.db_path
        return Path(chosen) if chosen else default_db_path()

    def store_path(self, override: str | None = None, *, demo: bool = False) -> Path | str:
        """The store to use: ``--db`` if given, else the demo store for ``--demo``, else the default one."""
        if override or self.db_path:
            return self.resolved_db_path(override)
        if demo:
            return demo_db_path()
        return default_db_path()

    def load_config(self, override: str | None = None, *, required: bool = True) -> Config | None:
        """Load the config; a missing default config returns ``None`` unless ``required``."""
        path, explicit = resolve_config_path(override or self.config_path)
        if not explicit and not path.exists():
            if required:
                raise CliError(
                    f"no config found at {path}. Run 'mentionwatch init' to create one, "
                    "or try 'mentionwatch scan --demo' to see it work on sample mentions."
                )
            return None
        try:
            return load_config(path)
        except ConfigError as exc:
            raise CliError(f"config error: {exc}") from None


def demo_db_path() -> Path | str:
    """``demo.db`` in the data home; an in-memory store if the data home cannot be created."""
    from mentionwatch.config import data_home

    home = data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ":memory:"
    return home / DEMO_DB_FILENAME


@contextmanager
def store_session(app: AppContext, override: str | None = None, *, demo: bool = False, create: bool = True) -> Iterator[Store]:
    """Open the store for one command; store problems become one-line errors.

    Exit 2 when the store cannot be used (not a mentionwatch store, corrupt, unwritable, too new,
    or missing with ``create=False``); exit 1 when another run holds it longer than we wait.
    """
    from mentionwatch.store import AmbiguousMention, Store, StoreBusy, StoreError, UnknownMention

    path = app.store_path(override, demo=demo)
    try:
        with Store.open(path, create=create) as store:
            yield store
    except (UnknownMention, AmbiguousMention) as exc:
        raise CliError(str(exc), ExitStatus.USAGE) from None
    except StoreBusy as exc:
        raise CliError(f"store: {exc}", ExitStatus.ERROR) from None
    except StoreError as exc:
        raise CliError(f"store: {exc}", ExitStatus.USAGE) from None


def get_app(ctx: click.Context) -> AppContext:
    """The :class:`AppContext` of this invocation (created if a command runs standalone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj


def warn(message: str) -> None:
    """One line on stderr."""
    from mentionwatch.text import one_line

    click.echo(f"mentionwatch: {one_line(message)}", err=True)


def config_option(func: F) -> F:
    """``--config`` and ``--db`` on a subcommand too (either place works)."""
    func = click.option("--db", "db_override", type=click.Path(dir_okay=False), default=None, help="SQLite store to use.")(func)
    func = click.option("--config", "config_override", type=click.Path(dir_okay=False), default=None, help="Config file to use.")(func)
    return func


def output_options(*, default: str = "table") -> Callable[[F], F]:
    """``--format``, ``--json`` and ``--explain``, shared by every command that lists mentions."""
    from mentionwatch.render import OutputFormat

    def decorator(func: F) -> F:
        func = click.option("--explain", is_flag=True, help="Say why each mention got its priority.")(func)
        func = click.option("--json", "as_json", is_flag=True, help="Shortcut for --format json.")(func)
        func = click.option(
            "--format",
            "fmt",
            type=click.Choice([f.value for f in OutputFormat]),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)
        return func

    return decorator


def chosen_format(fmt: str, as_json: bool) -> Any:
    """Resolve ``--format``/``--json`` into an :class:`OutputFormat`."""
    from mentionwatch.render import OutputFormat

    return OutputFormat.JSON if as_json else OutputFormat(fmt)


def render_mentions(mentions: Any, fmt: Any, app: AppContext, *, explain: bool = False) -> None:
    """Write mentions to stdout in ``fmt``."""
    from mentionwatch.render import OutputFormat, get_renderer

    renderer = get_renderer(fmt)
    stream = sys.stdout
    color = app.terminal.color if fmt == OutputFormat.TABLE else False
    renderer(mentions, stream, explain=explain, width=app.terminal.width, color=color)
    stream.flush()

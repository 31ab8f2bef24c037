"""``mentionwatch scan``: fetch, match, score, rank, draft, store, print."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

import click

from mentionwatch.cli.common import (
    AppContext,
    CliError,
    chosen_format,
    config_option,
    get_app,
    output_options,
    render_mentions,
    store_session,
    warn,
)
from mentionwatch.exitcodes import ExitStatus

if TYPE_CHECKING:
    from mentionwatch.config import Config, Keyword
    from mentionwatch.models import Mention
    from mentionwatch.pipeline import ScanOptions, ScanResult
    from mentionwatch.store import Store


@click.command()
@click.option("--demo", is_flag=True, help="Run on the bundled sample mentions: no config, no network.")
@click.option("--input", "input_path", type=click.Path(dir_okay=False, allow_dash=True), help="Read mentions as JSON lines from FILE (- for stdin) instead of fetching.")
@output_options()
@click.option("--since", help="Only mentions newer than this: 24h, 7d, 2w or 2026-11-01 (default: since the last scan, else 7 days).")
@click.option("--new", "new_only", is_flag=True, help="Only mentions never reported before.")
@click.option("--source", "source_names", multiple=True, help="Only this source (repeatable).")
@click.option("--keyword", "keyword_queries", multiple=True, help="Only this keyword query (repeatable; may be a new query).")
@click.option("--min-priority", help="Hide mentions below this: respond_now, worth_a_look, fyi or 0-100.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N mentions.")
@click.option("--wait", type=click.FloatRange(min=0), default=30, show_default=True, help="If another scan is fetching, wait this many seconds for it, then give up (exit 1).")
@click.option("-q", "--quiet", is_flag=True, help="Store what is found but print nothing except problems (for cron); the mentions stay new.")
@config_option
@click.pass_context
def scan(
    ctx: click.Context,
    demo: bool,
    input_path: str | None,
    fmt: str,
    as_json: bool,
    explain: bool,
    since: str | None,
    new_only: bool,
    source_names: tuple[str, ...],
    keyword_queries: tuple[str, ...],
    min_priority: str | None,
    limit: int | None,
    wait: float,
    quiet: bool,
    config_override: str | None,
    db_override: str | None,
) -> int:
    """Fetch mentions of your keywords, rank them most urgent first and draft replies.

    With --demo, runs on bundled sample mentions of a fictional bakery. With --input, reads
    mention objects as JSON lines (only "text" is required) instead of fetching.

    Every mention is remembered in the store: done, ignored, snoozed and muted ones are not
    shown again, and --new shows only those never reported before. --demo keeps its own
    store (demo.db in the data home), so it never touches your real one.
    """
    from mentionwatch.config import Config
    from mentionwatch.models import utcnow
    from mentionwatch.pipeline import ScanError, ScanOptions, parse_min_priority, parse_since
    from mentionwatch.query import QueryError

    app = get_app(ctx)
    if demo and input_path:
        raise CliError("--demo and --input cannot be used together")
    now = utcnow()
    if demo:
        from mentionwatch.sources.demo import demo_config

        config = demo_config()
    else:
        config = app.load_config(config_override, required=input_path is None) or Config()

    try:
        keywords = tuple(_keyword(q, config.keywords) for q in keyword_queries)
        options = ScanOptions(
            since=parse_since(since, now) if since else None,
            sources=source_names,
            keywords=keywords,
            min_priority=parse_min_priority(min_priority) if min_priority else 0,
            limit=limit,
            new_only=new_only,
        )
    except (ScanError, QueryError) as exc:
        raise CliError(str(exc)) from None

    fmt_enum = chosen_format(fmt, as_json)
    if not demo and not input_path:
        if not config.enabled_sources:
            raise CliError(f"no sources configured in {config.path}: add a [sources.NAME] section (see 'mentionwatch sources')")
        if not config.keywords and not keywords:
            raise CliError(f"no keywords configured in {config.path}: add a [[keywords]] section with a query")
        unknown = [s for s in source_names if s not in config.sources]
        if unknown:
            raise CliError(f"--source {unknown[0]!r} is not configured (configured: {', '.join(config.sources) or 'none'})")

    with store_session(app, db_override, demo=demo) as store:
        if demo:
            result = _scan_demo(config, options, now, store)
        elif input_path:
            result = _scan_input(config, options, input_path, now, store)
        else:
            # one fetching scan at a time: a slow cron run is waited for, never overlapped
            with store.run_lock("scan", wait=wait):
                result = _scan_sources(app, config, options, now, store)

        for bad in result.bad_lines:
            warn(f"{input_path if input_path and input_path != '-' else 'stdin'}: {bad}")
        for failure in result.failures:
            warn(str(failure))
        levels: dict[str, int] = {}
        if not quiet:
            shown: list[str] = []
            # one pass over the ranked mentions (which may be spooled to disk): render, note ids and levels
            render_mentions(_noting(result.mentions, shown, levels), fmt_enum, app, explain=explain)
            # only what was actually shown stops being new
            store.mark_reported(shown, now)
    if not quiet:
        _summary(result, levels)
    if result.partial or result.bad_lines:
        return int(ExitStatus.PARTIAL)
    return int(ExitStatus.OK)


def _keyword(query: str, configured: tuple[Keyword, ...]) -> Keyword:
    from mentionwatch.config import Keyword
    from mentionwatch.query import parse_query

    for keyword in configured:
        if keyword.query == query:
            return keyword
    return Keyword(query=query, parsed=parse_query(query))


def _scan_demo(config: Config, options: ScanOptions, now: datetime, store: Store) -> ScanResult:
    from mentionwatch.pipeline import scan_mentions
    from mentionwatch.sources.demo import demo_mentions

    return scan_mentions(demo_mentions(now), config, options, now=now, store=store)


def _scan_input(config: Config, options: ScanOptions, input_path: str, now: datetime, store: Store) -> ScanResult:
    from mentionwatch.pipeline import scan_mentions
    from mentionwatch.sources.jsonl import BadLine, read_mentions

    bad_lines: list[BadLine] = []

    def mentions() -> Iterator[Mention]:
        with click.open_file(input_path, "r", encoding="utf-8", errors="replace") as handle:
            for item in read_mentions(handle):
                if isinstance(item, BadLine):
                    bad_lines.append(item)
                else:
                    yield item

    try:
        return scan_mentions(mentions(), config, options, keep_unmatched=True, bad_lines=bad_lines, now=now, store=store)
    except BrokenPipeError:
        raise  # stdout's reader went away: not a problem with the input
    except OSError as exc:
        raise CliError(f"--input {input_path}: {exc.strerror or exc}") from None


def _scan_sources(app: AppContext, config: Config, options: ScanOptions, now: datetime, store: Store) -> ScanResult:
    from mentionwatch.pipeline import fetch_configured, scan_sources
    from mentionwatch.sources.state import load_state, record_run, state_path

    progress = _progress_printer() if app.terminal.progress else None
    state_file = state_path(store.path if store.path is not None else app.resolved_db_path())
    cursors = load_state(state_file).cursors
    outcome, skipped = fetch_configured(config, options, cursors=cursors, progress=progress, now=now)
    if progress is not None:
        click.echo("\r\033[K", err=True, nl=False)
    for note in outcome.notes:
        warn(f"note: {note}")
    result = scan_sources(config, options, fetched=outcome, extra_failures=skipped, now=now, store=store)
    # the cursors move on only once the mentions are safely in the store
    try:
        record_run(state_file, outcome.health, outcome.cursors, now)
    except OSError as exc:
        warn(f"could not record this run in {state_file}: {exc.strerror or exc}")
    return result


def _progress_printer() -> Callable[[int, int, str], None]:
    from mentionwatch.text import one_line

    def show(done: int, total: int, label: str) -> None:
        click.echo(f"\r\033[Kfetching {done}/{total} · {one_line(label)[:50]}", err=True, nl=False)

    return show


def _noting(mentions: Iterable[Mention], ids: list[str], levels: dict[str, int]) -> Iterator[Mention]:
    """Pass ``mentions`` through, noting each one's id and counting its priority level."""
    for m in mentions:
        ids.append(m.id)
        if m.priority:
            levels[m.priority.level] = levels.get(m.priority.level, 0) + 1
        yield m


def _summary(result: ScanResult, levels: dict[str, int]) -> None:
    counts = {"respond_now": 0, "worth_a_look": 0, "fyi": 0, **levels}
    total = len(result.mentions)
    parts = [f"{total} mention{'s' if total != 1 else ''}", f"{counts['respond_now']} respond now", f"{counts['worth_a_look']} worth a look", f"{counts['fyi']} fyi"]
    extra = []
    if result.stats.own_skipped:
        extra.append(f"{result.stats.own_skipped} own posts skipped")
    if result.stats.duplicates:
        extra.append(f"{result.stats.duplicates} duplicates merged")
    if result.stats.triaged:
        extra.append(f"{result.stats.triaged} done, ignored or snoozed hidden")
    if result.stats.muted:
        extra.append(f"{result.stats.muted} from muted authors hidden")
    if result.stats.seen_before:
        extra.append(f"{result.stats.seen_before} reported before")
    if result.failures:
        extra.append(f"{len(result.failures)} source{'s' if len(result.failures) != 1 else ''} failed or skipped")
    line = " · ".join(parts) + (f" ({', '.join(extra)})" if extra else "")
    click.echo(line, err=True)

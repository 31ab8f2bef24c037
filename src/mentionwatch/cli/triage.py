"""Triage stored mentions: ``inbox``, ``show``, ``done``, ``ignore``, ``reopen``, ``snooze``, ``mute``, ``unmute``.

A mention marked done or ignored, or by a muted author, never comes back as new; a snoozed one
comes back (as new, and in the next digest) when its time is up. IDs may be given as a unique
prefix, e.g. ``hackernews:4123``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

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
)
from mentionwatch.exitcodes import ExitStatus
from mentionwatch.text import one_line, truncate

if TYPE_CHECKING:
    from mentionwatch.store import Store, StoredMention

F = TypeVar("F", bound=Callable[..., Any])

STATUS_CHOICES = ("open", "new", "seen", "done", "ignored", "snoozed", "all")
LEVEL_CHOICES = ("respond_now", "worth_a_look", "fyi")


def demo_option(func: F) -> F:
    """``--demo``: use the demo store (``demo.db`` in the data home) instead of the real one."""
    return click.option("--demo", is_flag=True, help="Use the demo store filled by 'mentionwatch scan --demo'.")(func)


def _statuses(chosen: Sequence[str]) -> tuple[str, ...]:
    picked: list[str] = []
    for status in chosen or ("open",):
        if status == "open":
            picked += ["new", "seen"]
        elif status == "all":
            picked += ["new", "seen", "done", "ignored", "snoozed"]
        else:
            picked.append(status)
    return tuple(dict.fromkeys(picked))


def _label(item: StoredMention) -> str:
    m = item.mention
    who = one_line(m.author.handle or m.author.name or "unknown")
    return f"{one_line(m.id)} ({who} · {truncate(one_line(m.text), 50)})"


# ---------------------------------------------------------------- inbox and show


@click.command()
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_CHOICES), help="Only these states (repeatable; default: open = new and seen).")
@click.option("--level", "levels", multiple=True, type=click.Choice(LEVEL_CHOICES), help="Only this priority level (repeatable).")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--muted", "include_muted", is_flag=True, help="Include mentions by muted authors.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show at most N mentions.")
@output_options()
@demo_option
@config_option
@click.pass_context
def inbox(
    ctx: click.Context,
    statuses: tuple[str, ...],
    levels: tuple[str, ...],
    sources: tuple[str, ...],
    include_muted: bool,
    limit: int,
    fmt: str,
    as_json: bool,
    explain: bool,
    demo: bool,
    config_override: str | None,
    db_override: str | None,
) -> int:
    """Stored mentions by triage state: Respond now first, newest first within each level."""
    from mentionwatch.models import utcnow

    app = get_app(ctx)
    now = utcnow()
    with store_session(app, db_override, demo=demo) as store:
        items = store.inbox(statuses=_statuses(statuses), levels=levels, sources=sources, include_muted=include_muted, limit=limit, now=now)
        # counting 'seen' would read the whole history on a big store; new and snoozed stay small
        counts = {status: store.count(status) for status in ("new", "snoozed")}
    render_mentions([i.mention for i in items], chosen_format(fmt, as_json), app, explain=explain)
    more = " (more with --limit)" if len(items) == limit else ""
    click.echo(f"{len(items)} shown{more} · {counts['new']} new · {counts['snoozed']} snoozed", err=True)
    return int(ExitStatus.OK)


@click.command()
@click.argument("mention_id")
@click.option("--json", "as_json", is_flag=True, help="The mention object plus what the store knows, as JSON.")
@demo_option
@config_option
@click.pass_context
def show(ctx: click.Context, mention_id: str, as_json: bool, demo: bool, config_override: str | None, db_override: str | None) -> int:
    """One mention in full: every fact, why it got its priority, and every reply variant."""
    from mentionwatch.models import utcnow
    from mentionwatch.render.detail import detail_dict, render_detail

    app = get_app(ctx)
    now = utcnow()
    with store_session(app, db_override, demo=demo) as store:
        resolved = store.resolve(mention_id)
        item = store.get(resolved)
        if item is None:
            raise CliError(f"no stored mention has the id {mention_id!r}")
        if as_json:
            sys.stdout.write(json.dumps(detail_dict(item), ensure_ascii=False, indent=2) + "\n")
        else:
            render_detail(item, sys.stdout, now=now)
        sys.stdout.flush()
        store.mark_reported([item.mention.id], now)
    return int(ExitStatus.OK)


# ---------------------------------------------------------------- state changes


def _resolve_all(store: Store, references: Sequence[str]) -> list[StoredMention]:
    """Resolve every reference before changing anything, so one typo changes nothing."""
    items: list[StoredMention] = []
    for reference in references:
        item = store.get(store.resolve(reference))
        if item is None:
            raise CliError(f"no stored mention has the id {reference!r}")
        items.append(item)
    return items


def _set_status(app: AppContext, references: Sequence[str], status: str, verb: str, demo: bool, db_override: str | None) -> int:
    from mentionwatch.models import utcnow

    with store_session(app, db_override, demo=demo) as store:
        items = _resolve_all(store, references)
        store.set_status([i.mention.id for i in items], status, utcnow())
    for item in items:
        click.echo(f"{verb}: {_label(item)}")
    return int(ExitStatus.OK)


def _status_command(name: str, status: str, verb: str, doc: str) -> click.Command:
    @click.command(name=name, help=doc)
    @click.argument("mention_ids", nargs=-1, required=True)
    @demo_option
    @config_option
    @click.pass_context
    def command(ctx: click.Context, mention_ids: tuple[str, ...], demo: bool, config_override: str | None, db_override: str | None) -> int:
        return _set_status(get_app(ctx), mention_ids, status, verb, demo, db_override)

    return command


done = _status_command("done", "done", "done", "Mark mentions as handled: they never come back as new and stay out of digests.")
ignore = _status_command("ignore", "ignored", "ignored", "Ignore mentions: they never come back as new and stay out of digests.")
reopen = _status_command("reopen", "seen", "reopened", "Undo done, ignore or snooze: the mentions are open again.")


@click.command()
@click.argument("mention_ids", nargs=-1, required=True)
@click.option("--for", "duration", required=True, help="How long: 30m, 4h, 2d or 1w.")
@demo_option
@config_option
@click.pass_context
def snooze(ctx: click.Context, mention_ids: tuple[str, ...], duration: str, demo: bool, config_override: str | None, db_override: str | None) -> int:
    """Hide mentions for a while; they come back as new (and in the next digest) when the time is up."""
    from mentionwatch.models import utcnow
    from mentionwatch.pipeline import ScanError, parse_duration

    try:
        delta = parse_duration(duration)
    except ScanError as exc:
        raise CliError(f"--for: {exc}") from None
    app = get_app(ctx)
    now = utcnow()
    until = now + delta
    with store_session(app, db_override, demo=demo) as store:
        items = _resolve_all(store, mention_ids)
        store.snooze([i.mention.id for i in items], until, now)
    when = until.astimezone().strftime("%a %d %b %H:%M")
    for item in items:
        click.echo(f"snoozed until {when}: {_label(item)}")
    return int(ExitStatus.OK)


def _mute_sources(store: Store, author: str, source: str | None) -> list[str]:
    from mentionwatch.store import ALL_SOURCES

    if source in ("all", ALL_SOURCES):
        return [ALL_SOURCES]
    if source:
        return [source]
    known = store.author_sources(author)
    if not known:
        raise CliError(f"no stored mention is by {author!r}; name the source with --source NAME (or --source all)")
    return known


@click.command()
@click.argument("author", required=False)
@click.option("--source", help="The source the author posts on (e.g. x, reddit), or 'all'. Default: every source the store has seen them on.")
@click.option("--list", "list_mutes", is_flag=True, help="List muted authors instead.")
@demo_option
@config_option
@click.pass_context
def mute(
    ctx: click.Context, author: str | None, source: str | None, list_mutes: bool, demo: bool, config_override: str | None, db_override: str | None
) -> int:
    """Hide an author's mentions, stored and future, on one source (@handle or name)."""
    from mentionwatch.models import utcnow
    from mentionwatch.store import ALL_SOURCES, author_key

    app = get_app(ctx)
    with store_session(app, db_override, demo=demo) as store:
        if list_mutes:
            for item in store.mutes():
                where = "every source" if item.source == ALL_SOURCES else one_line(item.source)
                click.echo(f"{one_line(item.author)}  on {where}  since {item.created_at:%Y-%m-%d}")
            return int(ExitStatus.OK)
        if not author or not author_key(author, author):
            raise CliError("name the author to mute, e.g. 'mentionwatch mute @spammer --source x'")
        now = utcnow()
        for name in _mute_sources(store, author, source):
            hidden = store.mute(author, name, now)
            where = "every source" if name == ALL_SOURCES else one_line(name)
            click.echo(f"muted {one_line(author_key(author, author))} on {where} ({hidden} stored mention{'s' if hidden != 1 else ''} hidden)")
    return int(ExitStatus.OK)


@click.command()
@click.argument("author")
@click.option("--source", help="Only on this source (or 'all'). Default: every mute of this author.")
@demo_option
@config_option
@click.pass_context
def unmute(ctx: click.Context, author: str, source: str | None, demo: bool, config_override: str | None, db_override: str | None) -> int:
    """Show an author's mentions again."""
    from mentionwatch.store import ALL_SOURCES, author_key

    app = get_app(ctx)
    with store_session(app, db_override, demo=demo) as store:
        key = author_key(author, author)
        mutes = [m for m in store.mutes() if m.author == key]
        if not mutes:
            raise CliError(f"{one_line(author)!r} is not muted (see 'mentionwatch mute --list')")
        target = ALL_SOURCES if source in (None, "all") else source
        shown = store.unmute(author, target)
    click.echo(f"unmuted {one_line(key)} ({shown} stored mention{'s' if shown != 1 else ''} shown again)")
    return int(ExitStatus.OK)

"""``mentionwatch digest``: everything new since the last digest, printed or mailed."""

from __future__ import annotations

import os
import sys

import click

from mentionwatch.cli.common import CliError, config_option, get_app, store_session
from mentionwatch.digest import DEFAULT_PER_GROUP
from mentionwatch.exitcodes import ExitStatus


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default=None, help="How to print the digest (default: text).  [with --send: the body --dry-run shows]")
@click.option("--send", is_flag=True, help="Mail it (text + HTML) as configured in [digest] instead of printing it.")
@click.option("--dry-run", is_flag=True, help="Show what would be printed or sent; mark nothing as digested, send nothing.")
@click.option("--max-per-group", type=click.IntRange(min=1), default=DEFAULT_PER_GROUP, show_default=True, help="Show at most N mentions per group; the rest are counted (and keeps the mail under Gmail's clipping size).")
@click.option("--wait", type=click.FloatRange(min=0), default=60, show_default=True, help="If another digest is running, wait this many seconds for it, then give up (exit 1).")
@click.option("--demo", is_flag=True, help="Digest the demo store (fill it with 'mentionwatch scan --demo'); cannot --send.")
@config_option
@click.pass_context
def digest(
    ctx: click.Context,
    fmt: str | None,
    send: bool,
    dry_run: bool,
    max_per_group: int,
    wait: float,
    demo: bool,
    config_override: str | None,
    db_override: str | None,
) -> int:
    """Every mention not yet in a digest, grouped Respond now / Worth a look / FYI.

    Prints the digest, or with --send mails it as a multipart (text + HTML) message. Mentions
    count as digested only once it was printed, or once the mail server accepted it: a failed
    send exits 4 and the next run sends them again. Nothing new: nothing is printed or sent and
    the exit status is 0, so cron mails nothing.
    """
    from mentionwatch.config import Config
    from mentionwatch.digest import collect_digest
    from mentionwatch.mail import (
        MailError,
        MailSetupError,
        build_message,
        check_setup,
        credentials,
        preview,
        send_message,
    )
    from mentionwatch.models import utcnow
    from mentionwatch.render.digest import render_digest, render_html, render_text

    app = get_app(ctx)
    if demo and send:
        raise CliError("--demo digests can be printed, not sent; fill your own store with 'mentionwatch scan' first")
    if demo:
        from mentionwatch.sources.demo import demo_config

        config = demo_config()
    else:
        config = app.load_config(config_override, required=send) or Config()

    login = None
    if send:
        try:
            check_setup(config.digest, config.path)
            login = credentials(config.digest.smtp, os.environ)
        except MailSetupError as exc:
            raise CliError(str(exc)) from None

    now = utcnow()
    chatty = app.terminal.stderr_tty
    with store_session(app, db_override, demo=demo) as store, store.run_lock("digest", wait=wait):
        # under the lock, so a second run started meanwhile finds these already digested
        found = collect_digest(store, business=config.business.name, now=now, per_group=max_per_group)
        if found.empty:
            if chatty:
                click.echo("mentionwatch: nothing new since the last digest", err=True)
            return int(ExitStatus.OK)

        if not send:
            sys.stdout.write(render_digest(found, fmt or "text"))
            sys.stdout.flush()
            if not dry_run:
                store.mark_digested(found.mention_ids, via="print", now=now)
            return int(ExitStatus.OK)

        sender = config.digest.sender
        assert sender is not None
        message = build_message(
            sender=sender,
            to=config.digest.to,
            subject=found.subject(config.digest.subject),
            text=render_text(found),
            html=render_html(found),
            now=now,
        )
        if dry_run:
            sys.stdout.write(preview(message, render_digest(found, fmt or "text")))
            sys.stdout.flush()
            return int(ExitStatus.OK)
        try:
            delivery = send_message(message, config.digest.smtp, login=login)
        except MailError as exc:
            raise CliError(
                f"digest not sent: {exc}; nothing was marked as digested, the next run will try again",
                ExitStatus.DELIVERY_FAILED,
            ) from None
        store.mark_digested(found.mention_ids, via="mail", now=now, recipients=delivery.recipients, message_id=delivery.message_id)
    if delivery.refused:
        click.echo(f"mentionwatch: digest sent, but the server refused: {', '.join(delivery.refused)}", err=True)
    elif chatty:
        click.echo(f"mentionwatch: digest of {found.total} mention{'s' if found.total != 1 else ''} sent to {', '.join(delivery.recipients)}", err=True)
    return int(ExitStatus.OK)

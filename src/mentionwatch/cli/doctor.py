"""``mentionwatch doctor``: check the config, the store and the credentials."""

from __future__ import annotations

import click

from mentionwatch.cli.common import config_option, get_app
from mentionwatch.exitcodes import ExitStatus


@click.command()
@click.option("--online", is_flag=True, help="Also probe each configured source over the network.")
@config_option
@click.pass_context
def doctor(ctx: click.Context, online: bool, config_override: str | None, db_override: str | None) -> int:
    """Validate the config (file, line and key in every error) and the credentials.

    Secrets are never printed: only whether each one is set or missing.
    """
    from mentionwatch.cli.sources import source_rows

    app = get_app(ctx)
    config = app.load_config(config_override, required=True)
    assert config is not None
    problems = 0
    click.echo(f"config   ok: {config.path} ({len(config.keywords)} keywords, {len(config.enabled_sources)} sources on)")
    if not config.keywords:
        click.echo("keywords missing: add a [[keywords]] section with a query")
        problems += 1
    for row in source_rows(config):
        if row["state"] == "not configured":
            continue
        status = "missing" if "missing" in row["credentials"] else "ok"
        if status == "missing":
            problems += 1
        click.echo(f"source   {status}: {row['name']} ({row['state']}; credentials: {row['credentials']})")
    problems += _check_store(app.store_path(db_override))
    if online:
        problems += _probe(config)
    return int(ExitStatus.OK if problems == 0 else ExitStatus.PARTIAL)


def _check_store(path: object) -> int:
    """One line about the store; never creates it. Returns 1 if it is unusable."""
    from mentionwatch.store import Store, StoreError, StoreMissing

    try:
        with Store.open(str(path), create=False) as store:
            counts = store.counts()
            click.echo(f"store    ok: {path} ({counts['total']} mentions, {counts['new'] + counts['seen']} open, schema {store.schema_version()})")
    except StoreMissing:
        click.echo(f"store    ok: {path} does not exist yet (the first scan creates it)")
    except StoreError as exc:
        click.echo(f"store    error: {exc}")
        return 1
    return 0


def _probe(config: object) -> int:
    from mentionwatch.config import Config
    from mentionwatch.pipeline import ScanOptions, fetch_configured

    assert isinstance(config, Config)
    if not config.keywords:
        return 0
    options = ScanOptions(keywords=config.keywords[:1])
    outcome, _ = fetch_configured(config, options)
    failures = 0
    for name, health in sorted(outcome.health.items()):
        ok = health == "ok"
        failures += 0 if ok else 1
        click.echo(f"online   {'ok' if ok else 'failed'}: {name}{'' if ok else ' (' + health + ')'}")
    return failures

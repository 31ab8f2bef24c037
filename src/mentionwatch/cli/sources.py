"""``mentionwatch sources``: every source, configured or not, credentials, last run's health."""

from __future__ import annotations

import os

import click

from mentionwatch.cli.common import config_option, get_app
from mentionwatch.exitcodes import ExitStatus


def source_rows(config: object | None, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    """One row per known source: name, state, credentials and description."""
    from mentionwatch.config import Config
    from mentionwatch.sources.registry import SOURCES

    env = dict(os.environ) if env is None else env
    cfg = config if isinstance(config, Config) else Config()
    rows = []
    for name, info in SOURCES.items():
        section = cfg.sources.get(name)
        if section is None:
            state = "not configured"
        else:
            state = "on" if section.enabled else "off"
        creds: list[str] = []
        if section is not None:
            for key, value in section.options.items():
                if key.endswith("_env"):
                    creds.append(f"{value} {'set' if env.get(str(value)) else 'missing'}")
        if not creds:
            creds.append("none needed" if info.keyless else f"needs {', '.join(info.credential_envs)}")
        rows.append({"name": name, "state": state, "credentials": "; ".join(creds), "about": info.description})
    return rows


@click.command()
@config_option
@click.pass_context
def sources(ctx: click.Context, config_override: str | None, db_override: str | None) -> int:
    """List every source: configured or not, credentials found or missing."""
    app = get_app(ctx)
    config = app.load_config(config_override, required=False)
    rows = source_rows(config)
    width = max(len(r["name"]) for r in rows)
    state_w = max(len(r["state"]) for r in rows)
    for r in rows:
        click.echo(f"{r['name']:<{width}}  {r['state']:<{state_w}}  {r['credentials']}  · {r['about']}")
    return int(ExitStatus.OK)

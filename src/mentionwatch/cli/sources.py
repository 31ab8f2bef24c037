"""``mentionwatch sources``: every source, configured or not, credentials, last run's health."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import click

from mentionwatch.cli.common import config_option, get_app
from mentionwatch.exitcodes import ExitStatus

if TYPE_CHECKING:
    from mentionwatch.sources.state import SourceRun


def source_rows(
    config: object | None,
    env: dict[str, str] | None = None,
    runs: Mapping[str, SourceRun] | None = None,
    now: datetime | None = None,
) -> list[dict[str, str]]:
    """One row per known source: name, state, credentials, last run's health and description."""
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
        run = (runs or {}).get(name)
        last = _last_run(run, now) if run is not None else ("not run yet" if section is not None else "")
        rows.append({"name": name, "state": state, "credentials": "; ".join(creds), "last_run": last, "about": info.description})
    return rows


def _last_run(run: SourceRun, now: datetime | None) -> str:
    """``ok 2h ago``, ``failed 3d ago: rate-limited (429) after 3 tries``."""
    from mentionwatch.models import utcnow
    from mentionwatch.text import one_line

    status, _, reason = run.health.partition(": ")
    ago = ""
    if run.at is not None:
        seconds = max(0, int(((now or utcnow()) - run.at).total_seconds()))
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds >= size:
                ago = f" {seconds // size}{unit} ago"
                break
        else:
            ago = " just now"
    return one_line(f"{status}{ago}" + (f": {reason}" if reason else ""))


@click.command()
@config_option
@click.pass_context
def sources(ctx: click.Context, config_override: str | None, db_override: str | None) -> int:
    """List every source: configured or not, credentials found or missing, last run's health."""
    from mentionwatch.sources.state import load_state, state_path

    app = get_app(ctx)
    config = app.load_config(config_override, required=False)
    runs = load_state(state_path(app.resolved_db_path(db_override))).runs
    rows = source_rows(config, runs=runs)
    width = max(len(r["name"]) for r in rows)
    state_w = max(len(r["state"]) for r in rows)
    for r in rows:
        last = f"  · last run: {r['last_run']}" if r["last_run"] else ""
        click.echo(f"{r['name']:<{width}}  {r['state']:<{state_w}}  {r['credentials']}{last}  · {r['about']}")
    return int(ExitStatus.OK)

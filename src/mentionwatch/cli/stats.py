"""``mentionwatch stats``: mentions per day by sentiment and intent, as a terminal chart."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from mentionwatch.cli.common import config_option, get_app, store_session
from mentionwatch.cli.triage import demo_option
from mentionwatch.exitcodes import ExitStatus


@click.command()
@click.option("--days", type=click.IntRange(min=1, max=3660), default=30, show_default=True, help="How many days, today included.")
@click.option("--json", "as_json", is_flag=True, help="Per-day counts as JSON.")
@demo_option
@config_option
@click.pass_context
def stats(ctx: click.Context, days: int, as_json: bool, demo: bool, config_override: str | None, db_override: str | None) -> int:
    """Stored mentions per day by sentiment and intent (local days; muted authors left out)."""
    from mentionwatch.render.stats import render_stats
    from mentionwatch.stats import mention_stats

    app = get_app(ctx)
    with store_session(app, db_override, demo=demo) as store:
        result = mention_stats(store, days=days)
    if as_json:
        data: dict[str, Any] = {
            "days": [
                {"date": d.day.isoformat(), "total": d.total, "sentiment": dict(d.sentiment), "intent": dict(d.intent)} for d in result.days
            ],
            "sentiment": result.sentiment_totals(),
            "intent": result.intent_totals(),
            "total": result.total,
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return int(ExitStatus.OK)
    render_stats(result, sys.stdout, width=app.terminal.width or 80, color=app.terminal.color)
    return int(ExitStatus.OK)

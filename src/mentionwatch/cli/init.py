"""``mentionwatch init``: write a starter config, asking for what it needs."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from mentionwatch.cli.common import CliError, get_app
from mentionwatch.exitcodes import ExitStatus
from mentionwatch.text import one_line


def _toml_str(value: str) -> str:
    # answers are typed or pasted: controls, bidi tricks and broken Unicode are dropped, never written
    return json.dumps(one_line(value), ensure_ascii=False)


def starter_config(name: str, keywords: list[str], signature: str, contact: str, handles: list[str]) -> str:
    """The text of a starter config for these answers."""
    commented = [
        (f"signature = {_toml_str(signature)}", "replies are signed by a person"),
        (f"contact = {_toml_str(contact)}", "where to move a conversation out of public"),
        (f"own_handles = [{', '.join(_toml_str(h) for h in handles)}]", "never report our own posts"),
    ]
    width = max(40, *(len(setting) + 2 for setting, _ in commented))
    lines = [
        "# mentionwatch config: see config.example.toml in the project for every key.",
        "",
        "[business]",
        f"name = {_toml_str(name)}",
        *(f"{setting:<{width}}# {comment}" for setting, comment in commented),
        "",
    ]
    for keyword in keywords:
        lines += ["[[keywords]]", f"query = {_toml_str(keyword)}", ""]
    lines += [
        "# Keyless sources. A section present means the source is on; see 'mentionwatch sources'.",
        "[sources.hackernews]",
        "",
        "# [sources.rss]",
        '# feeds = ["https://www.google.com/alerts/feeds/…"]   # e.g. a Google Alerts RSS feed',
        "",
        "# [sources.mastodon]",
        '# instance = "https://mastodon.social"',
        '# hashtags = ["yourtown"]',
        "",
        "# [digest]",
        '# from = "mentionwatch@example.org"',
        '# to = ["you@example.org"]',
        '# smtp = { host = "smtp.example.org", port = 587, security = "starttls", username_env = "SMTP_USER", password_env = "SMTP_PASSWORD" }',
        "",
    ]
    return "\n".join(lines)


def _default_query(name: str) -> str:
    compact = "".join(ch for ch in name.lower() if ch.isalnum())
    parts = [_toml_free_phrase(name)]
    if compact and compact != name.lower():
        parts.append(compact)
    return " OR ".join(parts)


def _toml_free_phrase(name: str) -> str:
    cleaned = name.replace('"', "").strip()
    return f'"{cleaned}"' if " " in cleaned else cleaned


@click.command()
@click.option("--name", help="Business name.")
@click.option("--keyword", "keywords", multiple=True, help="A keyword query (repeatable). Default: the business name.")
@click.option("--signature", help='Who signs replies, e.g. "Sam at Joe\'s Bakery".')
@click.option("--contact", help="Where to take conversations private (e-mail or URL).")
@click.option("--handle", "handles", multiple=True, help="The business's own handle (repeatable); its posts are never reported.")
@click.option("--force", is_flag=True, help="Overwrite an existing config.")
@click.option("--config", "config_override", type=click.Path(dir_okay=False), help="Where to write (default: the config home).")
@click.pass_context
def init(ctx: click.Context, name: str | None, keywords: tuple[str, ...], signature: str | None, contact: str | None, handles: tuple[str, ...], force: bool, config_override: str | None) -> int:
    """Write a starter config, asking for the business name, keywords and sign-off.

    Every answer can be given as a flag for non-interactive use.
    """
    from mentionwatch.config import ConfigError, parse_config, resolve_config_path
    from mentionwatch.query import QueryError, parse_query

    app = get_app(ctx)
    path, _ = resolve_config_path(config_override or app.config_path)
    if path.exists() and not force:
        raise CliError(f"{path} already exists; use --force to overwrite it")
    interactive = sys.stdin.isatty()
    if not name:
        if not interactive:
            raise CliError("--name is required when not running interactively")
        name = click.prompt("Business name", type=str).strip()
    if not name:
        raise CliError("the business name cannot be empty")
    keyword_list = list(keywords)
    if not keyword_list:
        default = _default_query(name)
        if interactive:
            answer = click.prompt("Keywords to watch (comma-separated queries)", default=default)
            keyword_list = [k.strip() for k in answer.split(",") if k.strip()]
        else:
            keyword_list = [default]
    for query in keyword_list:
        try:
            parse_query(query)
        except QueryError as exc:
            raise CliError(f"keyword {query!r}: {exc}") from None
    if signature is None:
        signature = click.prompt("Sign replies as", default=f"The team at {name}") if interactive else f"The team at {name}"
    if contact is None:
        contact = click.prompt("Contact for private follow-ups (e-mail or URL)", default="") if interactive else ""
    text = starter_config(name, keyword_list, signature, contact, list(handles))
    try:
        parse_config(text, path)
    except ConfigError as exc:
        raise CliError(f"the answers do not make a valid config: {exc}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {path}. Next: 'mentionwatch scan' (or 'mentionwatch doctor' to check it).", err=True)
    _ = Path
    return int(ExitStatus.OK)

"""The ``demo`` source: bundled mentions of a fictional bakery, aged relative to now, no network."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib import resources

from mentionwatch.config import Config, parse_config
from mentionwatch.models import Mention, utcnow

DEMO_PACKAGE = "mentionwatch.data"


def demo_config() -> Config:
    """The demo business's config, bundled with the package."""
    text = resources.files(DEMO_PACKAGE).joinpath("demo.toml").read_text(encoding="utf-8")
    return parse_config(text)


def demo_mentions(now: datetime | None = None) -> list[Mention]:
    """The bundled demo mentions, with ``created_at`` set from each one's ``age_minutes``."""
    now = now or utcnow()
    text = resources.files(DEMO_PACKAGE).joinpath("demo.jsonl").read_text(encoding="utf-8")
    mentions = []
    for line in text.splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        age = int(raw.pop("age_minutes", 60))
        mention = Mention.from_dict(raw, default_source="demo")
        mentions.append(mention.evolve(created_at=now - timedelta(minutes=age), fetched_at=now))
    return mentions

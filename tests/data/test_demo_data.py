"""The bundled demo data: the config parses and every mention is valid, on-topic and platform-sized."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from mentionwatch.config import Config, parse_config
from mentionwatch.models import Mention
from mentionwatch.query import parse_query
from mentionwatch.sources.registry import SOURCES

PLATFORM_LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500}


def _config() -> Config:
    return parse_config(files("mentionwatch.data").joinpath("demo.toml").read_text(encoding="utf-8"))


def _records() -> list[dict[str, Any]]:
    text = files("mentionwatch.data").joinpath("demo.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _mentions() -> list[Mention]:
    return [Mention.from_dict({k: v for k, v in r.items() if k != "age_minutes"}) for r in _records()]


def _is_own(mention: Mention, config: Config) -> bool:
    own = {h.lstrip("@").lower() for h in config.business.own_handles}
    return (mention.author.handle or "").lstrip("@").lower() in own


def _matches_any(text: str, config: Config) -> bool:
    return any(k.parsed.matches(text) for k in config.keywords)


def test_demo_config_parses_with_business_and_two_keyword_queries() -> None:
    config = _config()
    assert config.business.name == "Juniper & Rye"
    assert config.business.signature == "Maya at Juniper & Rye"
    assert config.business.contact == "hello@juniperandrye.example"
    assert set(config.business.own_handles) == {"@juniperandrye", "juniperandrye"}
    assert [k.query for k in config.keywords] == [
        '"Juniper & Rye" OR "Juniper and Rye" OR juniperandrye OR #juniperandrye',
        "sourdough portland -recipe",
    ]
    assert config.sources == {}


def test_every_demo_line_is_a_json_object_that_parses_as_a_mention() -> None:
    text = files("mentionwatch.data").joinpath("demo.jsonl").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert all(line.strip() for line in lines), "blank line in demo.jsonl"
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number} is not an object"
        mention = Mention.from_dict({k: v for k, v in record.items() if k != "age_minutes"})
        assert mention.id == record["id"]


def test_demo_has_at_least_44_mentions_from_at_least_6_sources_with_unique_ids() -> None:
    records = _records()
    assert len(records) >= 44
    assert len({r["source"] for r in records}) >= 6
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("record", _records(), ids=lambda r: str(r["id"]))
def test_demo_record_has_the_documented_shape(record: dict[str, Any]) -> None:
    assert record["source"] in SOURCES
    assert record["id"].startswith(f"demo:{record['source']}:")
    assert record["url"].startswith("https://")
    author = record["author"]
    assert set(author) == {"handle", "name", "url", "reach", "reach_kind"}
    assert author["handle"]
    assert author["url"].startswith("https://")
    assert isinstance(author["reach"], int) and author["reach"] > 0
    if record["source"] in ("reddit", "hackernews"):
        assert author["reach_kind"] == "karma"
    else:
        assert author["reach_kind"] in ("followers", "subscribers")
    assert isinstance(record["age_minutes"], int) and 5 <= record["age_minutes"] <= 6 * 24 * 60
    assert set(record["engagement"]) == {"likes", "replies", "shares"}
    assert 40 <= len(record["text"]) <= 400


@pytest.mark.parametrize("record", _records(), ids=lambda r: str(r["id"]))
def test_demo_text_fits_its_platform_limit(record: dict[str, Any]) -> None:
    limit = PLATFORM_LIMITS.get(record["source"])
    if limit is not None:
        assert len(record["text"]) <= limit


def test_every_demo_mention_not_our_own_matches_a_keyword_or_is_dropped_only_by_the_exclusion() -> None:
    config = _config()
    without_exclusion = parse_query("sourdough portland")
    excluded = 0
    for mention in _mentions():
        if _is_own(mention, config):
            continue
        if not _matches_any(mention.text, config):
            assert without_exclusion.matches(mention.text), f"{mention.id} matches no keyword query"
            excluded += 1
    assert excluded >= 1


def test_demo_includes_own_posts_that_match_keywords_so_the_own_handle_filter_shows() -> None:
    config = _config()
    own = [m for m in _mentions() if _is_own(m, config)]
    assert len(own) >= 2
    assert all(_matches_any(m.text, config) for m in own)


def test_demo_ages_and_reach_vary() -> None:
    records = _records()
    ages = [r["age_minutes"] for r in records]
    reaches = [r["author"]["reach"] for r in records]
    assert min(ages) <= 15 and max(ages) >= 5 * 24 * 60
    assert len(set(ages)) == len(ages)
    assert min(reaches) <= 20 and max(reaches) >= 100_000

"""Config loading: the example loads; every error names file, line and key."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mentionwatch.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_loads_with_every_section() -> None:
    config = load_config(ROOT / "config.example.toml")
    assert config.business.name == "Joe's Bakery"
    assert [k.query for k in config.keywords][1] == "sourdough portland -recipe"
    assert config.keywords[0].parsed.matches("Went to Joe’s Bakery today")
    assert config.digest.smtp.security == "starttls"
    assert config.replies.never_say == ("no worries",)
    from mentionwatch.sources.registry import SOURCES

    assert set(config.sources) == set(SOURCES), "the example documents every source"


def error_for(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("/etc/mw.toml"))
    return info.value


def test_bad_toml_names_file_and_line() -> None:
    err = error_for('[business]\nname = "x"\nsignature = \n')
    assert err.line == 3
    assert str(err).startswith("/etc/mw.toml:3: invalid TOML")


def test_unknown_key_suggests_the_close_one_with_its_line() -> None:
    err = error_for('[business]\nname = "x"\nsignatur = "Sam"\n')
    assert err.key == "business.signatur"
    assert err.line == 3
    assert "did you mean 'signature'" in str(err)


def test_unknown_top_level_section_is_an_error() -> None:
    err = error_for("[replys]\ntone = 'warm'\n")
    assert "did you mean 'replies'" in str(err)


def test_unknown_source_suggests_a_known_one() -> None:
    err = error_for("[sources.mastadon]\n")
    assert err.key == "sources.mastadon"
    assert err.line == 1
    assert "did you mean 'mastodon'" in str(err)


def test_unknown_source_key_is_named() -> None:
    err = error_for('[sources.hackernews]\n\n[sources.mastodon]\ninstance = "https://m.example"\nhashtag = ["x"]\n')
    assert err.key == "sources.mastodon.hashtag"
    assert err.line == 5
    assert "did you mean 'hashtags'" in str(err)


def test_wrong_type_says_what_was_expected() -> None:
    err = error_for("[business]\nown_handles = \"@me\"\n")
    assert err.key == "business.own_handles"
    assert err.line == 2
    assert "expected an array of strings, got a string" in str(err)


def test_bad_query_points_at_the_keyword() -> None:
    err = error_for('[[keywords]]\nquery = "ok"\n\n[[keywords]]\nquery = "(broken"\n')
    assert err.key == "keywords[2].query"
    assert err.line == 5
    assert "unclosed '('" in str(err)


def test_missing_query_is_named() -> None:
    err = error_for("[[keywords]]\nqeury = 'x'\n")
    assert "did you mean 'query'" in str(err)


def test_secret_keys_must_name_environment_variables() -> None:
    err = error_for('[sources.x]\nbearer_token_env = "AAAA token with spaces"\n')
    assert err.key == "sources.x.bearer_token_env"
    assert "environment variable" in str(err)
    assert "token with spaces" not in str(err)


def test_smtp_security_is_checked_inline() -> None:
    err = error_for('[digest]\nsmtp = { host = "h", security = "ssl" }\n')
    assert err.key == "digest.smtp.security"
    assert err.line == 2


def test_bad_base_url_is_rejected() -> None:
    err = error_for('[sources.hackernews]\nbase_url = "ftp://x"\n')
    assert err.key == "sources.hackernews.base_url"


def test_mail_subject_cannot_carry_newlines() -> None:
    err = error_for('[digest]\nsubject = "hi\\r\\nBcc: evil@example.org"\n')
    assert err.key == "digest.subject"


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"{tmp_path / 'nope.toml'}: file not found")):
        load_config(tmp_path / "nope.toml")


def test_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'[business]\nname = "caf\xe9"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == 2


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read any file")
def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[business]\n")
    path.chmod(0)
    with pytest.raises(ConfigError, match="permission denied"):
        load_config(path)


def test_empty_file_is_a_valid_empty_config() -> None:
    config = parse_config("")
    assert config.keywords == ()
    assert config.sources == {}

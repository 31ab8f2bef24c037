"""Load and validate the TOML config into frozen dataclasses; every error names file, line and key."""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentionwatch.query import Query, QueryError, parse_query
from mentionwatch.sources.registry import SOURCE_OPTIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,no-redef]

CONFIG_FILENAME = "config.toml"
DB_FILENAME = "mentionwatch.db"


class ConfigError(Exception):
    """The config is missing, unreadable or invalid; the message names file, line and key."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None, key: str | None = None):
        self.path = path
        self.line = line
        self.key = key
        self.reason = message
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
            where += ": "
        keypart = f"{key}: " if key else ""
        super().__init__(f"{where}{keypart}{message}")


@dataclass(frozen=True)
class Business:
    """Who we are: the name, the person who signs replies, where to take conversations private."""

    name: str = "our business"
    signature: str = ""
    contact: str = ""
    own_handles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Keyword:
    """A configured keyword query, parsed."""

    query: str
    parsed: Query


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.NAME]`` section: whether it is on and its validated options."""

    name: str
    enabled: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SmtpConfig:
    """How to reach the mail server for ``digest --send``."""

    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    username_env: str | None = None
    password_env: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True)
class DigestConfig:
    """Where the daily digest goes."""

    sender: str | None = None
    to: tuple[str, ...] = ()
    subject: str = "mentionwatch digest"
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


@dataclass(frozen=True)
class RepliesConfig:
    """The voice of reply drafts, and the optional language-model drafter."""

    tone: str = "warm"
    emoji: bool = False
    never_say: tuple[str, ...] = ()
    provider: str = "templates"
    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None
    timeout: float = 20.0


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the priority score; each is a multiplier on its part (1.0 = default)."""

    intent: float = 1.0
    sentiment: float = 1.0
    reach: float = 1.0
    engagement: float = 1.0
    waiting: float = 1.0


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path | None = None
    business: Business = field(default_factory=Business)
    keywords: tuple[Keyword, ...] = ()
    sources: Mapping[str, SourceConfig] = field(default_factory=dict)
    priority: PriorityWeights = field(default_factory=PriorityWeights)
    digest: DigestConfig = field(default_factory=DigestConfig)
    replies: RepliesConfig = field(default_factory=RepliesConfig)

    @property
    def enabled_sources(self) -> list[SourceConfig]:
        """Configured sources that are switched on."""
        return [s for s in self.sources.values() if s.enabled]


# ---------------------------------------------------------------- locations


def config_home() -> Path:
    """The config home: ``$MENTIONWATCH_HOME`` else the platform's user config dir."""
    home = os.environ.get("MENTIONWATCH_HOME")
    if home:
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_config_dir("mentionwatch", appauthor=False))


def data_home() -> Path:
    """The data home (the store lives here): ``$MENTIONWATCH_HOME`` else the platform's user data dir."""
    home = os.environ.get("MENTIONWATCH_HOME")
    if home:
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_data_dir("mentionwatch", appauthor=False))


def default_db_path() -> Path:
    """Where the SQLite store lives unless ``--db`` says otherwise."""
    return data_home() / DB_FILENAME


def resolve_config_path(explicit: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """Return the config path to use and whether the user named it explicitly."""
    if explicit:
        return Path(explicit), True
    env = os.environ.get("MENTIONWATCH_CONFIG")
    if env:
        return Path(env), True
    return config_home() / CONFIG_FILENAME, False


# ---------------------------------------------------------------- loading


def load_config(path: Path) -> Config:
    """Read, parse and validate the config file at ``path``."""
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file not found", path=path) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, not a config file", path=path) from None
    except PermissionError:
        raise ConfigError("permission denied", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise ConfigError("not valid UTF-8", path=path, line=line) from None
    return parse_config(text, path)


def parse_config(text: str, path: Path | None = None) -> Config:
    """Parse and validate config text; ``path`` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise ConfigError(f"invalid TOML: {reason}", path=path, line=line) from None
    return _Validator(text, path).validate(data)


_TOP_KEYS = ("business", "keywords", "sources", "priority", "digest", "replies")
_BUSINESS_KEYS = ("name", "signature", "contact", "own_handles")
_DIGEST_KEYS = ("from", "to", "subject", "smtp")
_SMTP_KEYS = ("host", "port", "security", "username_env", "password_env", "timeout")
_REPLIES_KEYS = ("tone", "emoji", "never_say", "provider", "base_url", "model", "api_key_env", "timeout")
_PRIORITY_KEYS = ("intent", "sentiment", "reach", "engagement", "waiting")


class _Validator:
    def __init__(self, text: str, path: Path | None):
        self.lines = text.splitlines()
        self.path = path

    # -- locating keys in the source text, so errors can name a line
    def line_of(self, table: tuple[str, ...], key: str | None = None, index: int | None = None) -> int | None:
        """Best-effort line number of ``key`` inside ``[table]`` (or the table header itself)."""
        header_line: int | None = None
        dotted = ".".join(table)
        count = -1
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if not table:
                header_line = 0
                break
            if index is not None and re.fullmatch(r"\[\[\s*" + re.escape(dotted) + r"\s*\]\]", line):
                count += 1
                if count == index:
                    header_line = number
                    break
            elif index is None and re.fullmatch(r"\[\s*" + re.escape(dotted) + r"\s*\]", line):
                header_line = number
                break
        if key is None:
            if header_line:
                return header_line
            # an inline or dotted definition, e.g. smtp = {...} or sources.x = ...
            return self._find_assignment(0, table[-1]) if table else None
        start = header_line if header_line is not None else 0
        found = self._find_assignment(start, key)
        if found is None and table:
            # inline tables: smtp = { host = ... }
            found = self._find_assignment(0, table[-1])
        return found if found is not None else (header_line or None)

    def _find_assignment(self, start: int, key: str) -> int | None:
        pattern = re.compile(r"^\s*(?:[\w.\"'-]+\.)?[\"']?" + re.escape(key) + r"[\"']?\s*=")
        inline = re.compile(r"[{,]\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if number > start and line.strip().startswith("[") and start > 0:
                break
            if pattern.search(line) or inline.search(line):
                return number + 1
        return None

    def error(self, message: str, key: str, table: tuple[str, ...], name: str | None = None, index: int | None = None) -> ConfigError:
        line = self.line_of(table, name, index)
        return ConfigError(message, path=self.path, line=line, key=key)

    def check_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], table: tuple[str, ...], prefix: str, index: int | None = None) -> None:
        for key in data:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
                raise self.error(f"unknown key{suggestion}", f"{prefix}{key}", table, key, index)

    def get(self, data: Mapping[str, Any], key: str, kind: str, table: tuple[str, ...], prefix: str, default: Any = None, index: int | None = None) -> Any:
        if key not in data:
            return default
        value = data[key]
        ok: Callable[[Any], bool] = _TYPE_CHECKS[kind]
        if not ok(value):
            raise self.error(f"expected {_TYPE_NAMES[kind]}, got {_describe(value)}", f"{prefix}{key}", table, key, index)
        if kind == "str_list":
            return tuple(value)
        if kind == "float":
            return float(value)
        return value

    def table(self, data: Mapping[str, Any], key: str, table: tuple[str, ...]) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.error(f"expected a table, got {_describe(value)}", ".".join((*table, key)) if table else key, table, key)
        return value

    # -- the sections
    def validate(self, data: Mapping[str, Any]) -> Config:
        self.check_keys(data, _TOP_KEYS, (), "")
        business = self.business(self.table(data, "business", ()))
        keywords = self.keywords(data.get("keywords", []))
        sources = self.sources(self.table(data, "sources", ()))
        priority = self.priority(self.table(data, "priority", ()))
        digest = self.digest(self.table(data, "digest", ()))
        replies = self.replies(self.table(data, "replies", ()))
        return Config(
            path=self.path,
            business=business,
            keywords=keywords,
            sources=sources,
            priority=priority,
            digest=digest,
            replies=replies,
        )

    def business(self, data: Mapping[str, Any]) -> Business:
        t = ("business",)
        self.check_keys(data, _BUSINESS_KEYS, t, "business.")
        name = self.get(data, "name", "str", t, "business.", "our business")
        handles = self.get(data, "own_handles", "str_list", t, "business.", ())
        return Business(
            name=name.strip() or "our business",
            signature=self.get(data, "signature", "str", t, "business.", "").strip(),
            contact=self.get(data, "contact", "str", t, "business.", "").strip(),
            own_handles=tuple(h.strip() for h in handles if h.strip()),
        )

    def keywords(self, value: Any) -> tuple[Keyword, ...]:
        if not isinstance(value, list):
            raise self.error(f"expected an array of tables ([[keywords]]), got {_describe(value)}", "keywords", (), "keywords")
        result = []
        for index, item in enumerate(value):
            t = ("keywords",)
            label = f"keywords[{index + 1}]."
            if not isinstance(item, Mapping):
                raise self.error(f"expected a table, got {_describe(item)}", f"keywords[{index + 1}]", t, None, index)
            self.check_keys(item, ("query",), t, label, index)
            query = self.get(item, "query", "str", t, label, None, index)
            if query is None:
                raise self.error("missing required key 'query'", f"{label}query", t, None, index)
            try:
                parsed = parse_query(query)
            except QueryError as exc:
                raise self.error(f"bad query {query!r}: {exc}", f"{label}query", t, "query", index) from None
            result.append(Keyword(query=query, parsed=parsed))
        return tuple(result)

    def sources(self, data: Mapping[str, Any]) -> dict[str, SourceConfig]:
        result: dict[str, SourceConfig] = {}
        for name, section in data.items():
            t = ("sources", name)
            if name not in SOURCE_OPTIONS:
                names = tuple(SOURCE_OPTIONS)
                hint = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; known sources: {', '.join(names)}"
                raise self.error(f"unknown source{suggestion}", f"sources.{name}", t)
            if not isinstance(section, Mapping):
                raise self.error(f"expected a table, got {_describe(section)}", f"sources.{name}", t)
            spec = {"enabled": "bool", "base_url": "url", **SOURCE_OPTIONS[name]}
            self.check_keys(section, tuple(spec), t, f"sources.{name}.")
            options: dict[str, Any] = {}
            for key, kind in spec.items():
                if key in section:
                    options[key] = self.get(section, key, kind, t, f"sources.{name}.")
            enabled = bool(options.pop("enabled", True))
            result[name] = SourceConfig(name=name, enabled=enabled, options=options)
        return result

    def priority(self, data: Mapping[str, Any]) -> PriorityWeights:
        t = ("priority",)
        self.check_keys(data, _PRIORITY_KEYS, t, "priority.")
        values = {}
        for key in _PRIORITY_KEYS:
            value = self.get(data, key, "float", t, "priority.", 1.0)
            if not 0 <= value <= 10:
                raise self.error("must be between 0 and 10", f"priority.{key}", t, key)
            values[key] = value
        return PriorityWeights(**values)

    def digest(self, data: Mapping[str, Any]) -> DigestConfig:
        t = ("digest",)
        self.check_keys(data, _DIGEST_KEYS, t, "digest.")
        sender = self.get(data, "from", "str", t, "digest.")
        to = self.get(data, "to", "str_list", t, "digest.", ())
        for address in (sender, *to):
            if address is not None and not _looks_like_address(address):
                raise self.error(f"not an e-mail address: {address!r}", "digest.from" if address == sender else "digest.to", t, "from" if address == sender else "to")
        smtp_raw = data.get("smtp", {})
        st = ("digest", "smtp")
        if not isinstance(smtp_raw, Mapping):
            raise self.error(f"expected a table, got {_describe(smtp_raw)}", "digest.smtp", t, "smtp")
        self.check_keys(smtp_raw, _SMTP_KEYS, st, "digest.smtp.")
        security = self.get(smtp_raw, "security", "str", st, "digest.smtp.", "starttls")
        if security not in ("starttls", "tls", "none"):
            raise self.error("must be 'starttls', 'tls' or 'none'", "digest.smtp.security", st, "security")
        port_default = 465 if security == "tls" else (25 if security == "none" else 587)
        port = self.get(smtp_raw, "port", "int", st, "digest.smtp.", port_default)
        if not 0 < port < 65536:
            raise self.error("must be a port number (1-65535)", "digest.smtp.port", st, "port")
        smtp = SmtpConfig(
            host=self.get(smtp_raw, "host", "str", st, "digest.smtp.", "localhost"),
            port=port,
            security=security,
            username_env=self.get(smtp_raw, "username_env", "env", st, "digest.smtp."),
            password_env=self.get(smtp_raw, "password_env", "env", st, "digest.smtp."),
            timeout=self.get(smtp_raw, "timeout", "float", st, "digest.smtp.", 30.0),
        )
        return DigestConfig(
            sender=sender,
            to=to,
            subject=self.get(data, "subject", "header", t, "digest.", "mentionwatch digest"),
            smtp=smtp,
        )

    def replies(self, data: Mapping[str, Any]) -> RepliesConfig:
        t = ("replies",)
        self.check_keys(data, _REPLIES_KEYS, t, "replies.")
        tone = self.get(data, "tone", "str", t, "replies.", "warm")
        if tone not in ("warm", "formal"):
            raise self.error("must be 'warm' or 'formal'", "replies.tone", t, "tone")
        provider = self.get(data, "provider", "str", t, "replies.", "templates")
        if provider not in ("templates", "openai-compatible"):
            raise self.error("must be 'templates' or 'openai-compatible'", "replies.provider", t, "provider")
        base_url = self.get(data, "base_url", "url", t, "replies.")
        model = self.get(data, "model", "str", t, "replies.")
        if provider == "openai-compatible" and (not base_url or not model):
            raise self.error("provider 'openai-compatible' needs 'base_url' and 'model'", "replies.provider", t, "provider")
        return RepliesConfig(
            tone=tone,
            emoji=self.get(data, "emoji", "bool", t, "replies.", False),
            never_say=self.get(data, "never_say", "str_list", t, "replies.", ()),
            provider=provider,
            base_url=base_url,
            model=model,
            api_key_env=self.get(data, "api_key_env", "env", t, "replies."),
            timeout=self.get(data, "timeout", "float", t, "replies.", 20.0),
        )


def _looks_like_address(value: str) -> bool:
    return bool(re.fullmatch(r"[^@\s<>\"'\r\n,;]+@[^@\s<>\"'\r\n,;]+", value))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "header": lambda v: isinstance(v, str) and "\r" not in v and "\n" not in v,
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "str_list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "env": lambda v: isinstance(v, str) and bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v)),
    "url": lambda v: isinstance(v, str) and bool(re.match(r"https?://[^\s/]+", v)),
    "url_list": lambda v: isinstance(v, list) and all(isinstance(x, str) and re.match(r"https?://[^\s/]+", x) for x in v),
}

_TYPE_NAMES = {
    "str": "a string",
    "header": "a single-line string",
    "bool": "true or false",
    "int": "an integer",
    "float": "a number",
    "str_list": "an array of strings",
    "env": "the name of an environment variable (letters, digits, _)",
    "url": "an http(s):// URL",
    "url_list": "an array of http(s):// URLs",
}

"""``mentionwatch digest`` end to end, against real SMTP servers on loopback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mentionwatch.cli import run
from mentionwatch.store import Store

SRC = Path(__file__).resolve().parents[2] / "src"
SECRET = "hunter2-but-longer"

MENTIONS = [
    {"id": "x:1", "source": "x", "text": "Joe's Bakery lost my birthday cake order and nobody answers the phone. Never again!", "author": {"handle": "dani", "reach": 2100}, "url": "https://x.com/dani/status/1"},
    {"id": "reddit:1", "source": "reddit", "text": "Does Joe's Bakery open on Sundays? Want to bring my parents", "author": {"handle": "curious_pdx"}, "url": "https://reddit.com/r/pdx/1"},
    {"id": "mastodon:1", "source": "mastodon", "text": "The cardamom bun at Joe's Bakery is the best thing I ate this year", "author": {"handle": "hannah@pdx.social"}, "url": "https://pdx.social/@hannah/1"},
]


def write_config(folder: Path, port: int, *, security: str = "none", login: bool = False, timeout: float = 5.0) -> Path:
    creds = ', username_env = "MW_SMTP_USER", password_env = "MW_SMTP_PASSWORD"' if login else ""
    path = folder / "config.toml"
    path.write_text(
        f"""
[business]
name = "Joe's Bakery"
signature = "Sam at Joe's Bakery"
contact = "hello@joes.example"

[[keywords]]
query = "\\"Joe's Bakery\\""

[digest]
from = "watch@joes.example"
to = ["owner@joes.example", "sam@joes.example"]
subject = "Joe's mentions"
smtp = {{ host = "127.0.0.1", port = {port}, security = "{security}", timeout = {timeout}{creds} }}
""",
        encoding="utf-8",
    )
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "mentionwatch.db"


def fill(capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path, db: Path, mentions: list[dict[str, Any]] = MENTIONS) -> None:
    source = tmp_path / "mentions.jsonl"
    source.write_text("".join(json.dumps(m) + "\n" for m in mentions), encoding="utf-8")
    code, _, err = cli(capsys, "--config", str(config), "--db", str(db), "scan", "--input", str(source), "--format", "jsonl")
    assert code == 0, err


def pending(db: Path) -> set[str]:
    with Store.open(db) as store:
        return {i.mention.id for i in store.pending_digest()}


def send(capsys: pytest.CaptureFixture[str], config: Path, db: Path, *extra: str) -> tuple[int, str, str]:
    return cli(capsys, "--config", str(config), "--db", str(db), "digest", "--send", *extra)


# ---------------------------------------------------------------- delivery


def test_the_digest_arrives_with_both_parts_and_correct_headers(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    code, out, err = send(capsys, config, db)
    assert (code, out, err) == (0, "", "")
    [msg] = smtp_server.messages
    assert msg["From"] == "mentionwatch <watch@joes.example>"
    assert msg["To"] == "owner@joes.example, sam@joes.example"
    subject = re.fullmatch(r"Joe's mentions: (\d+) respond now · (\d+) worth a look · (\d+) FYI", msg["Subject"])
    assert subject is not None and sum(int(n) for n in subject.groups()) == 3
    assert msg["Date"] and msg["Message-ID"] and msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    text, html = (part.get_content() for part in msg.iter_parts())
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    for mention in MENTIONS:
        assert f"ID: {mention['id']}" in text
        assert mention["url"] in html
    assert "Draft reply:" in text and "DRAFT REPLY" in html
    assert "Last 30 days: 3 mentions" in text and 'role="img"' in html
    assert sorted(smtp_server.handler.envelopes[0].rcpt_tos) == ["owner@joes.example", "sam@joes.example"]
    assert pending(db) == set()


def test_a_second_digest_right_after_sends_and_prints_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    assert send(capsys, config, db)[0] == 0
    assert send(capsys, config, db) == (0, "", "")
    assert len(smtp_server.messages) == 1


def test_only_mentions_new_since_the_last_digest_are_sent(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db, MENTIONS[:2])
    send(capsys, config, db)
    fill(capsys, tmp_path, config, db, MENTIONS)  # two seen before, one new
    assert send(capsys, config, db)[0] == 0
    second = smtp_server.messages[1].get_body(preferencelist=("plain",)).get_content()
    assert "ID: mastodon:1" in second and "ID: x:1" not in second


def test_starttls_with_a_login_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, start_smtp: Any, tls_files: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_smtp(starttls=tls_files.server_context(), users={"sam": SECRET})
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files.cert))
    monkeypatch.setenv("MW_SMTP_USER", "sam")
    monkeypatch.setenv("MW_SMTP_PASSWORD", SECRET)
    config = write_config(tmp_path, server.port, security="starttls", login=True)
    fill(capsys, tmp_path, config, db)
    code, out, err = send(capsys, config, db)
    assert (code, out, err) == (0, "", "")
    assert server.logins == [("sam", SECRET)]
    assert len(server.messages) == 1


# ---------------------------------------------------------------- failures


def _assert_failed_cleanly(code: int, out: str, err: str, port: int, reason: str) -> None:
    assert code == 4
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"127.0.0.1:{port}" in err and reason in err
    assert "nothing was marked as digested" in err


def test_a_refused_connection_exits_4_and_the_next_run_sends_everything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, closed_port: int, start_smtp: Any
) -> None:
    config = write_config(tmp_path, closed_port)
    fill(capsys, tmp_path, config, db)
    _assert_failed_cleanly(*send(capsys, config, db), closed_port, "connection refused")
    assert pending(db) == {m["id"] for m in MENTIONS}
    server = start_smtp()
    config = write_config(tmp_path, server.port)
    assert send(capsys, config, db)[0] == 0
    body = server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert all(f"ID: {m['id']}" in body for m in MENTIONS)


def test_a_server_that_rejects_the_message_exits_4_and_marks_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    smtp_server.handler.reject = "550 5.7.1 Relaying denied"
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    _assert_failed_cleanly(*send(capsys, config, db), smtp_server.port, "550 5.7.1 Relaying denied")
    assert pending(db) == {m["id"] for m in MENTIONS}


def test_an_unresponsive_server_times_out_with_exit_4(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, silent_server: tuple[str, int]) -> None:
    _host, port = silent_server
    config = write_config(tmp_path, port, timeout=0.3)
    fill(capsys, tmp_path, config, db)
    _assert_failed_cleanly(*send(capsys, config, db), port, "timed out")
    assert len(pending(db)) == 3


def test_failed_authentication_exits_4_without_showing_the_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, start_smtp: Any, tls_files: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_smtp(starttls=tls_files.server_context(), users={"sam": "something-else"})
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files.cert))
    monkeypatch.setenv("MW_SMTP_USER", "sam")
    monkeypatch.setenv("MW_SMTP_PASSWORD", SECRET)
    config = write_config(tmp_path, server.port, security="starttls", login=True)
    fill(capsys, tmp_path, config, db)
    code, out, err = send(capsys, config, db)
    _assert_failed_cleanly(code, out, err, server.port, "authentication failed")
    assert SECRET not in err


def test_send_without_a_digest_section_exits_2_even_when_nothing_is_new(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    config = tmp_path / "plain.toml"
    config.write_text('[business]\nname = "Joe\'s Bakery"\n', encoding="utf-8")
    code, out, err = send(capsys, config, db)
    assert code == 2 and out == ""
    assert "needs a [digest] section with from and to" in err and str(config) in err


def test_a_missing_password_variable_exits_2_without_connecting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MW_SMTP_USER", "sam")
    monkeypatch.delenv("MW_SMTP_PASSWORD", raising=False)
    config = write_config(tmp_path, smtp_server.port, login=True)
    fill(capsys, tmp_path, config, db)
    code, _, err = send(capsys, config, db)
    assert code == 2 and "MW_SMTP_PASSWORD not set" in err
    assert smtp_server.handler.data_calls == 0
    assert len(pending(db)) == 3


# ---------------------------------------------------------------- print, dry run, demo


def test_dry_run_shows_the_message_and_sends_and_marks_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    code, out, _ = send(capsys, config, db, "--dry-run")
    assert code == 0
    assert "Subject: Joe's mentions: " in out and "To: owner@joes.example, sam@joes.example" in out
    assert "Parts: text/plain, text/html" in out and "ID: x:1" in out
    assert smtp_server.handler.data_calls == 0
    assert len(pending(db)) == 3


def test_printing_the_digest_marks_it_and_the_next_print_is_empty(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    config = write_config(tmp_path, 2525)
    fill(capsys, tmp_path, config, db)
    code, out, _ = cli(capsys, "--config", str(config), "--db", str(db), "digest", "--format", "markdown", "--dry-run")
    assert code == 0 and out.startswith("# Mentions for Joe's Bakery")
    assert len(pending(db)) == 3
    code, out, _ = cli(capsys, "--config", str(config), "--db", str(db), "digest", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert pending(db) == set()
    assert cli(capsys, "--config", str(config), "--db", str(db), "digest") == (0, "", "")


def test_demo_digest_prints_from_the_demo_store_but_cannot_send(capsys: pytest.CaptureFixture[str], isolated_home: Path) -> None:
    assert cli(capsys, "scan", "--demo", "--format", "jsonl")[0] == 0
    code, out, _ = cli(capsys, "digest", "--demo", "--dry-run")
    assert code == 0 and "Mentions for Juniper & Rye" in out
    code, _, err = cli(capsys, "digest", "--demo", "--send")
    assert code == 2 and "can be printed, not sent" in err
    assert not (isolated_home / "mentionwatch.db").exists()


# ---------------------------------------------------------------- overlap safety


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _digest_process(config: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mentionwatch", "--config", str(config), "--db", str(db), "digest", "--send", *extra],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until(condition: Any, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def test_two_concurrent_digest_runs_send_once(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    smtp_server.handler.delay = 1.0  # a slow server keeps the first run busy while the second starts
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    first = _digest_process(config, db)
    _wait_until(lambda: smtp_server.handler.data_calls >= 1)
    second = _digest_process(config, db, "--wait", "60")
    results = [p.communicate(timeout=90) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], results
    assert all(out == "" for out, _ in results)
    assert len(smtp_server.messages) == 1
    with Store.open(db) as store:
        assert [d[3] for d in store.digests()] == [3]


def test_many_concurrent_digest_runs_send_once(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    runs = [_digest_process(config, db, "--wait", "60") for _ in range(4)]
    outputs = [p.communicate(timeout=90) for p in runs]
    assert [p.returncode for p in runs] == [0, 0, 0, 0], outputs
    assert len(smtp_server.messages) == 1


def test_a_run_that_cannot_get_the_lock_in_time_exits_1_and_sends_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, smtp_server: Any) -> None:
    config = write_config(tmp_path, smtp_server.port)
    fill(capsys, tmp_path, config, db)
    with Store.open(db) as store, store.run_lock("digest"):
        code, out, err = send(capsys, config, db, "--wait", "0.2")
    assert code == 1 and out == ""
    assert "another 'mentionwatch digest' is running" in err and "gave up after waiting 0.2s" in err
    assert smtp_server.handler.data_calls == 0
    assert len(pending(db)) == 3

"""Issue 11 on the command line: stored text never reaches the terminal raw (4), a view survives junk
stored before the checks (3), secrets stay out of output and DEBUG logs (5), ids past 64 bits (8), and a
read-only command starts no broker (9). Real subprocesses of `newsalert`, a real SQLite home."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alerts.store import Store

WEBHOOK = "https://hooks.slack.com/services/T000/B000/WEBHOOKSECRETPATH"


def cli(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    full_env.update(NEWSALERT_HOME=str(home), **(env or {}))
    return subprocess.run([sys.executable, "-m", "newsalert.cli", *args], env=full_env, capture_output=True,
                          text=True, timeout=timeout, cwd=home, errors="backslashreplace")


def home_store(home: Path) -> Store:
    return Store(f"sqlite:///{home / 'newsalert.db'}")


def test_escape_sequences_in_stored_text_are_shown_escaped(tmp_path: Path):
    store = home_store(tmp_path)
    store.add_subscription(subscriber="eve\x1b]0;pwned\x07", channel="tariffs", notifier="console",
                           destination="console", countries=["\x1b[2J\x1b[31mChina"], people=["[bold]x[/bold]"])
    store.create_token("mallory\x1b[8m", label="\x9b31m label")
    store.close()
    listing = cli(tmp_path, "subscriptions")
    assert listing.returncode == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout
    assert "\\x1b[2J" in listing.stdout and "[bold]x[/bold]" in listing.stdout  # shown, not interpreted
    tokens = cli(tmp_path, "token", "list")
    assert tokens.returncode == 0, tokens.stderr
    assert "\x1b" not in tokens.stdout and "\x9b" not in tokens.stdout and "\\x1b[8m" in tokens.stdout


def test_lone_surrogate_stored_before_the_checks_does_not_crash_the_listing(tmp_path: Path):
    store = home_store(tmp_path)
    row = store.add_subscription(subscriber="old", channel="tariffs", notifier="console", destination="console",
                                 people=["\ud800"])
    store.close()
    listing = cli(tmp_path, "subscriptions")
    assert listing.returncode == 0 and "Traceback" not in listing.stderr, listing.stderr
    assert f"{row.id}" in listing.stdout and "\\ud800" in listing.stdout


@pytest.mark.parametrize("args", [["subscribe", "tariffs", "--console", "--person", "Xi\x1b[31m"],
                                  ["subscribe", "tariffs", "--console", "--subscriber", "a\u202eb"]])
def test_cli_refuses_control_characters_in_what_it_stores(tmp_path: Path, args: list[str]):
    result = cli(tmp_path, *args)
    assert result.returncode == 2 and "control character" in result.stderr and "Traceback" not in result.stderr


def test_subscribe_does_not_echo_the_webhook_url(tmp_path: Path):
    result = cli(tmp_path, "subscribe", "tariffs", "--slack-webhook", WEBHOOK)
    assert result.returncode == 0, result.stderr
    assert "WEBHOOKSECRETPATH" not in result.stdout + result.stderr and "hooks.slack.com" in result.stdout


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "https://evil.example.com/services/T/B/x"])
def test_cli_refuses_webhooks_outside_the_allowed_hosts(tmp_path: Path, url: str):
    result = cli(tmp_path, "subscribe", "tariffs", "--slack-webhook", url)
    assert result.returncode == 2 and "webhook" in result.stderr.lower() and "Traceback" not in result.stderr


def test_debug_logs_carry_no_secrets(tmp_path: Path):
    script = textwrap.dedent(f"""
        import logging, structlog
        from newsalert.log import configure
        configure("DEBUG", secrets=["smtp-password-123", None])
        record = '{{"destination": "{WEBHOOK}", "subscription_id": 1}}'
        logging.getLogger("kafka.producer.kafka").debug("Sending (key=%r value=%r)", b"1", record)
        logging.getLogger("kafka.producer.record_accumulator").info("appending %s", record)
        logging.getLogger("alerts.router").debug("db at %s", "postgresql+psycopg://newsalert:hunter2pw@db/newsalert")
        logging.getLogger("alerts").warning("login failed with smtp-password-123")
        structlog.get_logger("alerts").info("routed", destination="{WEBHOOK}", token="nat_abcdefghijklmnop",
                                            auth="Bearer xoxb-1234-5678-abcdef")
        print("done")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0 and "done" in result.stdout, result.stderr
    log = result.stderr
    for secret in ("WEBHOOKSECRETPATH", "hunter2pw", "smtp-password-123", "abcdefghijklmnop", "1234-5678-abcdef"):
        assert secret not in log, (secret, log)
    assert "hooks.slack.com/…" in log and "routed" in log and "login failed" in log


@pytest.mark.parametrize("args", [["unsubscribe", "9" * 30], ["unsubscribe", str(2**63)], ["token", "revoke", "9" * 400],
                                  ["approve", str(2**63)]])
def test_huge_ids_are_one_clear_line(tmp_path: Path, args: list[str]):
    result = cli(tmp_path, *args)
    assert result.returncode == 2 and "no " in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_events_starts_no_broker(tmp_path: Path):
    from newsalert import localkafka
    from newsalert.settings import Settings

    settings = Settings(home=tmp_path, _env_file=None)
    try:
        result = cli(tmp_path, "events", timeout=45)
        assert result.returncode == 1 and "no Kafka is running" in result.stderr, result.stderr
        assert not localkafka.status(settings).get("running")
    finally:
        localkafka.stop(settings)  # old code started one: never leave it behind

"""CLI argument errors: one clear line that says what is wrong and how to fix it, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def cli(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    full_env.update(NEWSALERT_HOME=str(home), **(env or {}))
    return subprocess.run([sys.executable, "-m", "newsalert.cli", *args], env=full_env, capture_output=True,
                          text=True, timeout=60, cwd=home)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["subscribe", "tarifs", "--console"], "unknown channel 'tarifs'; valid channels: tariffs, leader-meetings"),
        (["subscribe", "tariffs", "--email", "not-an-address"], "is not an email address"),
        (["subscribe", "tariffs"], "give exactly one destination"),
        (["subscribe", "tariffs", "--console", "--email", "a@b.co"], "give exactly one destination"),
        (["subscribe", "tariffs", "--slack-webhook", "hooks"], "is not a webhook URL"),
        (["subscribe", "tariffs", "--slack-channel", "bad channel!"], "not a Slack destination: 'bad channel!'. Use a channel id"),
        (["subscribe", "tariffs", "--console", "--min-confidence", "2"], "--min-confidence must be between 0 and 1"),
        (["unsubscribe", "42"], "no subscription 42"),
        (["redeliver", "nope"], "no delivery 'nope'"),
        (["eval", "/nonexistent"], "is not a folder with *.json articles"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path: Path, args: list[str], expected: str):
    result = cli(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert expected in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_is_named(tmp_path: Path):
    result = cli(tmp_path, "subscriptions", env={"NEWSALERT_TOPIC_PARTITIONS": "zero"})
    assert result.returncode == 2 and "topic_partitions" in result.stderr and "Traceback" not in result.stderr


def test_subscribe_list_unsubscribe(tmp_path: Path):
    assert "subscription 1: tariffs -> email a@b.co" in cli(tmp_path, "subscribe", "tariffs", "--email", "a@b.co",
                                                            "--country", "China").stdout
    hook = "https://hooks.slack.com/services/T000/B000/SECRETSECRET"
    assert cli(tmp_path, "subscribe", "trade-talks", "--slack-webhook", hook).returncode == 0
    listing = cli(tmp_path, "subscriptions").stdout
    assert "a@b.co" in listing and "country=China" in listing
    assert "SECRETSECRET" not in listing  # webhook URLs are secrets
    assert "removed" in cli(tmp_path, "unsubscribe", "1").stdout
    assert "a@b.co" not in cli(tmp_path, "subscriptions").stdout


def test_configured_channels_are_listed_and_subscribable(tmp_path: Path):
    (tmp_path / "channels.toml").write_text('[channels.us-china]\ncountries_all = ["US", "China"]\n')
    assert "us-china" in cli(tmp_path, "channels").stdout
    assert cli(tmp_path, "subscribe", "us-china", "--console").returncode == 0
    (tmp_path / "channels.toml").write_text('[channels.broken]\ncountry = "US"\n')
    result = cli(tmp_path, "channels")
    assert result.returncode == 2 and "channels.broken" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_kafka_is_one_line(tmp_path: Path):
    article = tmp_path / "a.json"
    article.write_text('{"title": "t", "text": "body"}')
    result = cli(tmp_path, "produce", str(article), env={"NEWSALERT_KAFKA_BOOTSTRAP": "127.0.0.1:1"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error: cannot reach Kafka at 127.0.0.1:1")
    assert len(result.stderr.strip().splitlines()) <= 2  # one message (soft-wrapped at most), no client log spam


def test_an_invalid_record_is_not_called_a_bad_setting(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    # a record the pipeline built that fails validation is a bug to report, not an environment variable to fix
    import newsalert.cli as cli_module
    from newsalert.models import TariffAction

    def broken_app() -> None:
        TariffAction(imposer="US", status=None)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_module, "app", broken_app)
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    stderr = " ".join(capsys.readouterr().err.split())
    assert exited.value.code == 1
    assert "invalid TariffAction record: status" in stderr and "a bug: please report it" in stderr, stderr
    assert "NEWSALERT_ variables" not in stderr and "bad setting" not in stderr and "Traceback" not in stderr

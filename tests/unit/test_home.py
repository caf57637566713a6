"""One home per installation, found the same way from any folder (issue 12, point 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsalert.settings import Settings, find_home

ROOT = Path(__file__).resolve().parents[2]


def test_home_from_inside_a_checkout_is_its_var(tmp_path: Path):
    assert find_home(ROOT / "alerts" / "templates") == (ROOT / "var", f"project {ROOT}")
    assert find_home(ROOT)[0] == ROOT / "var"


def test_home_found_by_an_existing_var_upward(tmp_path: Path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "newsalert.db").write_bytes(b"")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_home(deep)[0] == tmp_path / "var"


def test_home_elsewhere_is_the_user_data_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path, origin = find_home(tmp_path)
    assert path == tmp_path / "data" / "newsalert" and origin == "user data folder"


def test_explicit_home_wins(tmp_path: Path):
    s = Settings(home=tmp_path / "h", _env_file=None)
    assert s.home_dir == tmp_path / "h" and s.home_origin == "NEWSALERT_HOME"


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "newsalert.cli", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=60)


def test_state_commands_print_the_home_and_agree_across_folders(tmp_path: Path):
    data = {"XDG_DATA_HOME": str(tmp_path / "data")}
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    made = run_cli(one, "subscribe", "tariffs", "--console", env=data)
    assert made.returncode == 0, made.stderr
    assert f"home {tmp_path / 'data' / 'newsalert'} (user data folder)" in made.stdout
    listing = run_cli(two, "subscriptions", env=data)  # another folder: the same home, the same row
    assert listing.returncode == 0 and "tariffs" in listing.stdout, listing.stderr
    assert f"home {tmp_path / 'data' / 'newsalert'}" in listing.stderr


def test_produce_with_no_broker_says_so_and_starts_none(tmp_path: Path):
    from newsalert import localkafka

    article = tmp_path / "a.json"
    article.write_text('{"title": "t", "text": "body"}')
    result = run_cli(tmp_path, "produce", str(article), env={"NEWSALERT_HOME": str(tmp_path)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no Kafka is running" in result.stderr and "newsalert run" in result.stderr, result.stderr
    assert not localkafka.status(Settings(home=tmp_path, _env_file=None)).get("running")

"""The README's command blocks run as written (issue 12): every ```sh block but the first (`make run` /
`make test`, which `test_run_command.py` and CI itself run) is executed with bash -e from the checkout,
through `bin/newsalert`, on a fresh home, with loopback SMTP and Slack stand-ins and the REST API
served by `bin/newsalert api`. A block that fails, or a command the README shows that does not exist,
fails this test with the block's output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.slack_server import SlackServer
from tests.support.smtp_server import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
RUN_HERE = BLOCKS[1:]  # BLOCKS[0] is `make run` / `make test`


def test_the_readme_has_the_blocks_this_test_runs():
    assert "make run" in BLOCKS[0] and "make test" in BLOCKS[0]
    assert len(RUN_HERE) >= 3, "expected the quick start, subscribing and REST API blocks"
    for block in RUN_HERE:
        for line in block.splitlines():
            assert not re.match(r"^\s*newsalert ", line), f"bare `newsalert` is not on a fresh clone's PATH: {line}"


@pytest.fixture()
def services(tmp_path: Path):
    with SmtpServer() as smtp, SlackServer() as slack:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
        env.update(NEWSALERT_HOME=str(tmp_path / "home"), NEWSALERT_API_PORT=str(port),
                   NEWSALERT_SMTP_HOST=smtp.host, NEWSALERT_SMTP_PORT=str(smtp.port),
                   NEWSALERT_SLACK_BOT_TOKEN=slack.token or "", NEWSALERT_SLACK_BASE_URL=slack.base_url,
                   NEWSALERT_LOG_LEVEL="WARNING")
        api = subprocess.Popen([str(ROOT / "bin" / "newsalert"), "api"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=open(tmp_path / "api.log", "wb"))
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=2)
                    break
                except OSError:
                    if api.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError("the API did not start: " + (tmp_path / "api.log").read_text())
                    time.sleep(0.3)
            yield env, smtp, port
        finally:
            api.terminate()
            api.wait(timeout=15)


def run_block(block: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_every_readme_command_block_runs_as_written(services):
    env, smtp, port = services
    outputs = []
    for block in RUN_HERE:
        result = run_block(block, env)
        assert result.returncode == 0, f"README block failed ({result.returncode}):\n{block}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, result.stderr
        outputs.append(result.stdout)
    joined = "\n".join(outputs)
    # what the blocks did is there: the subscriptions made on the command line, the API's answers
    listing = run_block(f"{ROOT}/bin/newsalert subscriptions", env).stdout
    for channel in ("tariffs", "leader-meetings", "trade-talks", "export-controls"):
        assert channel in listing, listing
    assert '"tariffs"' in joined or "tariffs" in joined
    # the REST block's subscription was made and then deleted; its verification code went out by SMTP
    assert any("ana@example.com" in r.rcpt_tos for r in smtp.received), [r.rcpt_tos for r in smtp.received]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=5) as answer:
        assert "/subscriptions" in json.load(answer)["paths"]

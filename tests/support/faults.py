"""Helpers for fault tests: distinct articles, acknowledged sends, process checks, `run` as a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsalert.kafka import make_producer
from newsalert.models import Article
from producers.publish import send_article
from tests.support.pipeline import wait_for

if TYPE_CHECKING:
    from tests.support.pipeline import Pipeline

# 20 countries the gazetteer knows, none in the EU's customs union (a tariff on a member's goods is the EU's):
# 380 ordered pairs, each a distinct tariff event
COUNTRIES = ["Canada", "Mexico", "Japan", "Brazil", "India", "Angola", "Armenia", "Oman", "Ethiopia", "Nepal",
             "Norway", "Ghana", "Turkey", "Israel", "Egypt", "Vietnam", "Australia", "Argentina", "Chile", "Peru"]
PUBLISHED = datetime(2025, 10, 26, tzinfo=timezone.utc)


def distinct_articles(n: int, tag: str) -> list[Article]:
    """`n` articles, each reporting a different tariff (imposer, target) pair: one new event each."""
    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b]
    assert n <= len(pairs), f"at most {len(pairs)} distinct articles"
    return [
        Article(id=f"{tag}-{i:03d}", title=f"{a} tariff on {b}", published=PUBLISHED, source="Fault Wire",
                text=f"{a} announced a 25% tariff on imports from {b}, effective November 1.")
        for i, (a, b) in enumerate(pairs[:n])
    ]


class Sender:
    """Sends articles and keeps their futures; `acknowledged()` is what the broker confirmed."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        # retries for as long as an outage of the test lasts (the default delivery timeout is 120 s)
        self.producer = make_producer(bootstrap, request_timeout_ms=10_000)
        self.topic = topic
        self.futures: list[tuple[str, Any]] = []

    def send(self, articles: list[Article], per_second: float = 20.0) -> None:
        for article in articles:
            self.futures.append((article.id, send_article(self.producer, article, self.topic)))
            time.sleep(1.0 / per_second)

    def acknowledged(self, timeout_s: float = 90.0) -> set[str]:
        deadline = time.monotonic() + timeout_s
        acked: set[str] = set()
        for article_id, future in self.futures:
            try:
                future.get(timeout=max(1.0, deadline - time.monotonic()))
                acked.add(article_id)
            except Exception:  # not acknowledged: the producer gave up, the article may be lost
                pass
        return acked

    def close(self) -> None:
        self.producer.close(timeout=10)


def alerted_articles(outbox: list[dict[str, Any]]) -> dict[str, int]:
    """Article id -> number of 'new' alerts that name it as the event's first source."""
    counts: dict[str, int] = {}
    for line in outbox:
        if line["change"]["kind"] != "new":
            continue
        article_id = line["event"]["sources"][0]["article_id"]
        counts[article_id] = counts.get(article_id, 0) + 1
    return counts


def send_and_wait_for_every_alert(p: "Pipeline", sender: Sender, rest: list[Article], expected: set[str], *,
                                  since: float, timeout: float, interval: float) -> tuple[set[str], float]:
    """The last wave after a dependency's outage: send `rest`, check that every one of `expected` was
    acknowledged, and wait until each has an alert while no stage exits (the stages wait for their
    dependency, they do not die). Returns the acknowledged ids and the seconds from `since` to the last alert."""
    sender.send(rest)
    acknowledged = sender.acknowledged(60)
    assert acknowledged == expected

    def all_alerted() -> bool:
        p.assert_alive()
        return set(alerted_articles(p.outbox())) >= acknowledged

    wait_for(all_alerted, timeout=timeout, interval=interval, what="an alert for every article")
    return acknowledged, time.monotonic() - since


def pid_alive(pid: int | None) -> bool:
    """The process exists and is not a zombie."""
    if not pid:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


class RunProcess:
    """`newsalert run` as a subprocess in its own session, its console output in a file."""

    def __init__(self, env: dict[str, str], home: Path, *args: str) -> None:
        self.home = home
        self.out_path = home / f"run-{int(time.time() * 1000)}.out"
        self._out = self.out_path.open("wb")
        self.process = subprocess.Popen([sys.executable, "-m", "newsalert.cli", "run", *args], env=env, cwd=home,
                                        stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return self.out_path.read_text(errors="replace")

    def stages(self) -> dict[str, int]:
        """Current pid of each stage, from `$NEWSALERT_HOME/run.json`."""
        try:
            data = json.loads((self.home / "run.json").read_text())
        except (OSError, ValueError):
            return {}
        return {name: pid for name, pid in data["stages"].items() if pid}

    def stop(self, sig: int = signal.SIGINT, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._out.close()
        return self.process.returncode

    def kill_leftovers(self) -> None:
        """Test cleanup only: SIGKILL the stages this run recorded, if any survived (a failed test)."""
        for pid in self.stages().values():
            try:  # only what is still one of ours (pids get reused)
                ours = b"newsalert" in Path(f"/proc/{pid}/cmdline").read_bytes() or b"kafka.Kafka" in Path(
                    f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                ours = False
            if ours and pid_alive(pid) and pid != os.getpid():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

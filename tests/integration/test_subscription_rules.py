"""One validation path for the CLI, the REST API and the slash command (issue 12, points 3 and 4):
country and people filters through the detectors' gazetteer with "did you mean", the notifier explicit
unless the destination can only mean one, digest only where the notifier supports it, Slack ids told
apart from names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from alerts.channels import passes
from newsalert.models import TariffAction
from tests.integration.test_api import ADMIN, api, bearer, settings, store, subscribe  # noqa: F401 (fixtures)


def test_api_normalises_countries_and_people(api: httpx.Client):
    r = subscribe(api, ADMIN, subscriber="ana", destination="console", countries=["United States", "U.S.", "china"],
                  people=["xi jinping"])
    assert r.status_code == 201, r.text
    assert r.json()["countries"] == ["US", "China"] and r.json()["people"] == ["Xi Jinping"]


def test_api_refuses_a_misspelt_country_with_the_closest_name(api: httpx.Client):
    r = subscribe(api, ADMIN, subscriber="ana", destination="console", countries=["Chnia"])
    assert r.status_code == 422 and "did you mean 'China'" in r.text, r.text
    r = subscribe(api, ADMIN, subscriber="ana", destination="console", people=["Trmup"])
    assert r.status_code == 422 and "did you mean 'Trump'" in r.text, r.text


def test_api_does_not_guess_a_notifier_for_a_bare_word(api: httpx.Client):
    r = subscribe(api, ADMIN, subscriber="ana", destination="not-an-email")
    assert r.status_code == 422 and "notifier" in r.text, r.text
    assert subscribe(api, ADMIN, subscriber="ana", destination="#trade-desk").status_code == 201


def test_api_refuses_digest_where_the_notifier_cannot_digest(api: httpx.Client):
    r = subscribe(api, ADMIN, subscriber="ana", destination="#trade-desk", mode="digest")
    assert r.status_code == 422 and "digest works with email only" in r.text, r.text
    assert subscribe(api, ADMIN, subscriber="ana", destination="ana@example.com", mode="digest").status_code == 201


def test_api_tells_a_short_slack_id_from_a_name(api: httpx.Client):
    r = subscribe(api, ADMIN, subscriber="ana", destination="C1", notifier="slack")
    assert r.status_code == 422 and "looks like a Slack channel id" in r.text and "#c1" in r.text, r.text


def test_an_old_row_spelt_out_still_matches_the_short_name():
    event = TariffAction(imposer="US", target="China", rate="10%", status="threatened", confidence=0.9)
    from alerts.channels import ChannelFilter

    assert passes(ChannelFilter(countries_any=["United States"]), event)
    assert not passes(ChannelFilter(countries_any=["Japan"]), event)


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    env["NEWSALERT_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "newsalert.cli", *args], env=env, capture_output=True, text=True,
                          timeout=60, cwd=home)


def test_cli_same_rules_and_lists_the_country_names(tmp_path: Path):
    made = cli(tmp_path, "subscribe", "tariffs", "--console", "--country", "USA", "--person", "trump")
    assert made.returncode == 0 and "filters as events name them: US, Trump" in made.stdout, made.stderr
    typo = cli(tmp_path, "subscribe", "tariffs", "--console", "--country", "Chnia")
    assert typo.returncode == 2 and "did you mean 'China'" in typo.stderr and "Traceback" not in typo.stderr
    short = cli(tmp_path, "subscribe", "tariffs", "--slack-channel", "C1")
    assert short.returncode == 2 and "looks like a Slack channel id" in short.stderr, short.stderr
    mail = cli(tmp_path, "subscribe", "tariffs", "--email", "ana@example.com")
    assert mail.returncode == 0 and "no SMTP server is configured" in mail.stderr, mail.stderr
    names = cli(tmp_path, "channels", "--countries")
    assert names.returncode == 0 and "United States" in names.stdout and "China" in names.stdout


def test_the_detectors_read_the_same_gazetteer():
    from newsalert import places
    from processors.detectors import gazetteer

    assert gazetteer.ALIAS_TO_COUNTRY["U.S."] == places.canonical_country("U.S.") == "US"
    assert set(gazetteer.COUNTRY_NAMES) == set(places.country_names())

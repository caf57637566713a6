"""The REST API over real HTTP (uvicorn on a loopback port, httpx), on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alerts.api import create_app, create_token
from alerts.store import Store, hash_token
from newsalert.settings import Settings

from tests.support.live_server import LiveServer  # noqa: E402
ADMIN = "admin-secret-token-0123456789"
WEBHOOK = "https://hooks.slack.com/services/T000/B000/very-secret-path"


# -- fixtures: a database per test (SQLite file or a PostgreSQL schema of its own), a live server -----------






@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    channels = tmp_path / "channels.toml"
    channels.write_text('[channels.us-china]\ndescription = "US and China both"\ncountries_all = ["US", "China"]\n')
    return Settings(home=tmp_path / "home", database_url=db_url, api_admin_token=ADMIN, channels_file=channels,
                    _env_file=None)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(settings.db_url)
    yield s
    s.close()


@pytest.fixture
def api(settings: Settings, store: Store) -> Iterator[httpx.Client]:
    with LiveServer(create_app(settings, store)) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(api: httpx.Client) -> dict[str, str]:
    out = {"admin": ADMIN}
    for name in ("ana", "bo"):
        r = api.post("/tokens", json={"subscriber": name, "label": "test"}, headers=bearer(ADMIN))
        assert r.status_code == 201, r.text
        out[name] = r.json()["token"]
    return out


def subscribe(api: httpx.Client, token: str, **body: object) -> httpx.Response:
    body.setdefault("channel", "tariffs")
    body.setdefault("destination", "ana@example.org")
    return api.post("/subscriptions", json=body, headers=bearer(token))


# -- documentation --------------------------------------------------------------------------------------


def test_openapi_and_docs_are_served(api: httpx.Client):
    docs = api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = api.get("/openapi.json").json()
    for path in ("/subscriptions", "/subscriptions/{subscription_id}", "/channels", "/tokens", "/slack/commands"):
        assert path in spec["paths"], path
    assert set(spec["paths"]["/subscriptions/{subscription_id}"]) >= {"get", "patch", "delete"}
    assert any(s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())
    assert api.get("/healthz").json() == {"status": "ok"}


# -- authentication ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer not-a-token"},
    {"Authorization": "Basic YW5hOnB3"},
    {"Authorization": f"Bearer {ADMIN}x"},
    {"Authorization": "nat_garbage"},
])
def test_missing_or_bad_tokens_are_401_with_a_challenge(api: httpx.Client, headers: dict[str, str]):
    for method, path in (("GET", "/subscriptions"), ("POST", "/subscriptions"), ("GET", "/subscriptions/1"),
                         ("DELETE", "/subscriptions/1"), ("PATCH", "/subscriptions/1"), ("GET", "/channels"),
                         ("POST", "/tokens"), ("GET", "/me")):
        r = api.request(method, path, headers=headers, json={} if method in ("POST", "PATCH") else None)
        assert r.status_code == 401, (method, path, r.status_code, r.text)
        assert r.headers["WWW-Authenticate"].startswith("Bearer"), r.headers
        assert "token" in r.json()["message"]


def test_revoked_token_is_401(api: httpx.Client, tokens: dict[str, str]):
    assert api.get("/me", headers=bearer(tokens["ana"])).json() == {"subscriber": "ana", "admin": False}
    listed = api.get("/tokens", headers=bearer(ADMIN), params={"subscriber": "ana"}).json()
    assert [t["subscriber"] for t in listed] == ["ana"] and "token" not in listed[0]
    assert api.delete(f"/tokens/{listed[0]['id']}", headers=bearer(ADMIN)).status_code == 204
    r = api.get("/me", headers=bearer(tokens["ana"]))
    assert r.status_code == 401 and 'error="invalid_token"' in r.headers["WWW-Authenticate"]


def test_tokens_are_stored_only_as_hashes(api: httpx.Client, tokens: dict[str, str], store: Store):
    rows = store.tokens()
    assert {r.subscriber for r in rows} == {"ana", "bo"}
    assert {r.token_hash for r in rows} == {hash_token(tokens["ana"]), hash_token(tokens["bo"])}
    with store.engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM api_tokens")) for v in row)
    assert tokens["ana"] not in dump and tokens["bo"] not in dump


def test_only_the_admin_manages_tokens(api: httpx.Client, tokens: dict[str, str]):
    for method, path, body in (("POST", "/tokens", {"subscriber": "ana"}), ("GET", "/tokens", None),
                               ("DELETE", "/tokens/1", None)):
        r = api.request(method, path, json=body, headers=bearer(tokens["ana"]))
        assert r.status_code == 403, (method, path, r.text)
    r = api.post("/tokens", json={"subscriber": ""}, headers=bearer(ADMIN))
    assert r.status_code == 422 and "subscriber" in r.json()["message"]


def test_token_made_by_the_cli_helper_works(api: httpx.Client, settings: Settings):
    token = create_token(settings, "cli-user", label="from the CLI")
    assert token.startswith("nat_")
    assert api.get("/me", headers=bearer(token)).json() == {"subscriber": "cli-user", "admin": False}


# -- isolation between subscribers ----------------------------------------------------------------------------


def test_subscriber_cannot_read_change_or_delete_anothers_subscription(api: httpx.Client, tokens: dict[str, str]):
    ana = subscribe(api, tokens["ana"], countries=["China"])
    assert ana.status_code == 201, ana.text
    ana_id = ana.json()["id"]
    assert ana.json()["subscriber"] == "ana" and ana.headers["Location"] == f"/subscriptions/{ana_id}"
    bo_token = bearer(tokens["bo"])

    missing = api.get("/subscriptions/999999", headers=bo_token)
    for r in (api.get(f"/subscriptions/{ana_id}", headers=bo_token),
              api.patch(f"/subscriptions/{ana_id}", json={"mode": "digest"}, headers=bo_token),
              api.delete(f"/subscriptions/{ana_id}", headers=bo_token)):
        assert r.status_code == 404, r.text  # as if it did not exist: no 403 that would confirm it does
        assert r.json()["detail"] == f"no subscription {ana_id}"
    assert missing.status_code == 404

    assert api.get("/subscriptions", headers=bo_token).json() == []
    assert api.get("/subscriptions", headers=bo_token, params={"subscriber": "ana"}).json() == []
    r = subscribe(api, tokens["bo"], subscriber="ana")
    assert r.status_code == 422 and "own" in r.json()["message"]

    # still there and unchanged for ana
    mine = api.get(f"/subscriptions/{ana_id}", headers=bearer(tokens["ana"]))
    assert mine.status_code == 200 and mine.json()["mode"] == "immediate"
    assert api.delete(f"/subscriptions/{ana_id}", headers=bearer(tokens["ana"])).status_code == 204
    assert api.get(f"/subscriptions/{ana_id}", headers=bearer(tokens["ana"])).status_code == 404


def test_admin_sees_and_manages_all(api: httpx.Client, tokens: dict[str, str]):
    a = subscribe(api, tokens["ana"]).json()
    b = subscribe(api, tokens["bo"], channel="trade-talks", destination="console").json()
    c = subscribe(api, ADMIN, subscriber="cy", channel="us-china", destination="#trade-desk").json()
    assert c["notifier"] == "slack" and c["destination"] == "#trade-desk" and c["subscriber"] == "cy"
    everything = api.get("/subscriptions", headers=bearer(ADMIN)).json()
    assert [s["id"] for s in everything] == [a["id"], b["id"], c["id"]]
    assert [s["id"] for s in api.get("/subscriptions", headers=bearer(ADMIN), params={"subscriber": "bo"}).json()] \
        == [b["id"]]
    assert [s["id"] for s in api.get("/subscriptions", headers=bearer(tokens["ana"])).json()] == [a["id"]]
    assert api.get(f"/subscriptions/{b['id']}", headers=bearer(ADMIN)).json()["subscriber"] == "bo"
    assert api.patch(f"/subscriptions/{b['id']}", json={"reminders": True}, headers=bearer(ADMIN)).json()["reminders"]
    assert api.delete(f"/subscriptions/{b['id']}", headers=bearer(ADMIN)).status_code == 204
    assert api.get(f"/subscriptions/{b['id']}", headers=bearer(tokens["bo"])).status_code == 404
    assert api.get("/me", headers=bearer(ADMIN)).json() == {"subscriber": None, "admin": True}
    r = subscribe(api, ADMIN)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "subscriber"]


# -- create, read, patch ------------------------------------------------------------------------------------------


def test_create_read_and_patch(api: httpx.Client, tokens: dict[str, str], store: Store):
    h = bearer(tokens["ana"])
    created = subscribe(api, tokens["ana"], channel="leader-meetings", destination=" Ana@Example.ORG ",
                        people=["Xi Jinping"], statuses=["confirmed", "held"], min_confidence=0.6,
                        mode="digest", reminders=True)
    assert created.status_code == 201, created.text
    sub = created.json()
    assert sub["notifier"] == "email" and sub["destination"] == "Ana@example.org"
    assert (sub["people"], sub["statuses"], sub["min_confidence"], sub["mode"], sub["reminders"]) == \
        (["Xi Jinping"], ["confirmed", "held"], 0.6, "digest", True)
    assert sub["created_at"].endswith("Z") or sub["created_at"].endswith("+00:00")

    r = api.patch(f"/subscriptions/{sub['id']}", headers=h, json={
        "countries": ["China", "US"], "statuses": ["expected"], "mode": "immediate", "reminders": False,
        "muted_until": "2030-01-02T03:04:05+01:00"})
    assert r.status_code == 200, r.text
    patched = r.json()
    assert patched["countries"] == ["China", "US"] and patched["statuses"] == ["expected"]
    assert patched["mode"] == "immediate" and patched["reminders"] is False
    assert patched["people"] == ["Xi Jinping"] and patched["min_confidence"] == 0.6  # untouched
    row = store.get_subscription(sub["id"])
    assert row.countries == ["China", "US"] and row.muted_until is not None
    assert row.muted_until.replace(tzinfo=None).isoformat() in ("2030-01-02T02:04:05", "2030-01-02T03:04:05")

    r = api.patch(f"/subscriptions/{sub['id']}", headers=h, json={"muted_until": None})
    assert r.status_code == 200 and r.json()["muted_until"] is None
    assert store.get_subscription(sub["id"]).muted_until is None

    for body, field in (({"mode": "weekly"}, "mode"), ({"destination": "x@y.org"}, "destination"),
                        ({"min_confidence": 2}, "min_confidence"), ({"countries": None}, "countries"),
                        ({"statuses": ["lifted"]}, "statuses")):
        r = api.patch(f"/subscriptions/{sub['id']}", headers=h, json=body)
        assert r.status_code == 422, (body, r.text)
        assert field in r.json()["message"], r.json()


def test_identical_subscription_is_a_conflict(api: httpx.Client, tokens: dict[str, str]):
    first = subscribe(api, tokens["ana"], countries=["China"])
    again = subscribe(api, tokens["ana"], countries=["China"])
    assert again.status_code == 409 and again.json()["id"] == first.json()["id"]
    assert subscribe(api, tokens["ana"], countries=["EU"]).status_code == 201


def test_webhook_urls_are_masked_in_lists(api: httpx.Client, tokens: dict[str, str]):
    created = subscribe(api, tokens["ana"], destination=WEBHOOK)
    assert created.status_code == 201, created.text
    assert created.json()["notifier"] == "slack" and created.json()["destination"] == WEBHOOK  # its owner sees it
    for token in (tokens["ana"], ADMIN):
        listed = api.get("/subscriptions", headers=bearer(token))
        assert "very-secret-path" not in listed.text
        assert listed.json()[0]["destination"] == "https://hooks.slack.com/…"


# -- validation messages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body, field, words", [
    ({"channel": "tarifs"}, "channel", ["unknown channel 'tarifs'", "tariffs", "leader-meetings", "us-china"]),
    ({"destination": "not-an-address@"}, "destination", ["not an email address"]),
    ({"notifier": "email", "destination": "#general"}, "destination", ["not an email address"]),
    ({"notifier": "slack", "destination": "not a channel!"}, "destination", ["not a Slack destination"]),
    ({"destination": "https://example.com/services/T/B/x"}, "destination", ["not a Slack incoming-webhook URL"]),
    ({"notifier": "pigeon"}, "notifier", ["unknown notifier 'pigeon'", "console", "email", "slack"]),
    ({"min_confidence": 1.5}, "min_confidence", ["less than or equal to 1"]),
    ({"mode": "hourly"}, "mode", ["'immediate' or 'digest'"]),
    ({"statuses": ["confirmed"]}, "statuses", ["'confirmed' is not a status of channel 'tariffs'", "announced"]),
    ({"countries": ["China", " "]}, "countries", ["empty values"]),
    ({"muted_until": "next tuesday"}, "muted_until", ["datetime"]),
    ({"colour": "red"}, "colour", ["unknown field"]),
])
def test_validation_errors_say_what_is_wrong(api: httpx.Client, tokens: dict[str, str], body: dict, field: str,
                                             words: list[str]):
    r = subscribe(api, tokens["ana"], **body)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert any(d["loc"][-1] == field for d in problem["detail"]), problem
    for word in words:
        assert word in problem["message"], (word, problem["message"])


def test_missing_fields_and_broken_json_are_422(api: httpx.Client, tokens: dict[str, str]):
    r = api.post("/subscriptions", json={"destination": "a@b.org"}, headers=bearer(tokens["ana"]))
    assert r.status_code == 422 and r.json()["message"] == "channel: Field required"
    r = api.post("/subscriptions", content=b"{not json", headers={**bearer(tokens["ana"]),
                                                                   "Content-Type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["message"]
    r = api.get("/subscriptions/abc", headers=bearer(tokens["ana"]))
    assert r.status_code == 422 and "subscription_id" in r.json()["message"]


def test_webhook_url_is_not_echoed_in_errors(api: httpx.Client, tokens: dict[str, str]):
    r = subscribe(api, tokens["ana"], destination="https://evil.example.com/services/T/B/secret-bits", mode="x")
    assert r.status_code == 422 and "secret-bits" not in r.text


# -- channels ---------------------------------------------------------------------------------------------------------


def test_channels_lists_builtins_and_configured(api: httpx.Client, tokens: dict[str, str]):
    r = api.get("/channels", headers=bearer(tokens["bo"]))
    assert r.status_code == 200
    channels = {c["name"]: c for c in r.json()}
    assert {"tariffs", "leader-meetings", "export-controls", "trade-talks", "trade-truces", "us-china"} <= set(channels)
    assert channels["tariffs"]["builtin"] and channels["tariffs"]["filter"]["types"] == ["tariff_action"]
    assert "in_effect" in channels["tariffs"]["statuses"]
    assert channels["us-china"]["builtin"] is False and channels["us-china"]["filter"]["countries_all"] == ["US", "China"]
    assert channels["us-china"]["description"] == "US and China both"

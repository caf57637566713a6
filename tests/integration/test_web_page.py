"""The subscriber's web page (issue 10) in a real browser: Debian's chromium driven by Playwright, against
`create_app` served by uvicorn on a loopback port, SQLite store. Every page visited is screenshotted under
the test's tmp_path. Without chromium or Playwright the browser tests skip and say why."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from alerts.api import create_app
from alerts.store import Store
from newsalert.models import Delivery, EventChange, FieldChange, SourceRef, short_ref, stable_hash
from newsalert.settings import Settings
from tests.support.live_server import LiveServer
from tests.support.smtp_server import smtp_server  # noqa: F401  (fixture)
from tests.support.samples import PUBLISHED, make_update, tariff_event

ADMIN = "admin-secret-token-0123456789"
CHROMIUM = os.environ.get("NEWSALERT_TEST_CHROMIUM", "/usr/bin/chromium")
HOSTILE = '<script>alert("x")</script><b>bold</b>'
EVENT_KEY = stable_hash("tariff_action:us:china:goods", length=20)  # a key as the processors store it: a hash


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)"
    return None


needs_browser = pytest.mark.skipif(_browser_missing() is not None, reason=str(_browser_missing()))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    channels = tmp_path / "channels.toml"
    channels.write_text('[channels.us-china]\ndescription = "US and China both"\ncountries_all = ["US", "China"]\n')
    return Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'web.db'}", api_admin_token=ADMIN,
                    channels_file=channels, web_secret="test-web-secret", _env_file=None)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(settings.db_url)
    yield s
    s.close()


@pytest.fixture
def server(settings: Settings, store: Store) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings, store)) as live:
        yield live


def seed(store: Store) -> dict[str, Any]:
    """Two subscribers with one subscription each; A's has an alert with a two-entry timeline."""
    token_a, _ = store.create_token("ana")
    token_b, _ = store.create_token("bo")
    row_a = store.add_subscription(subscriber="ana", channel="tariffs", notifier="console", destination="console",
                                   countries=["China"], people=[HOSTILE], statuses=[], min_confidence=0.0)
    row_b = store.add_subscription(subscriber="bo", channel="tariffs", notifier="email",
                                   destination="bo@example.com", countries=["EU"], people=[], statuses=[],
                                   min_confidence=0.5)
    source = SourceRef(article_id="a2", url="https://news.example.com/tariff-in-effect", title="Tariff now in force",
                       published=PUBLISHED, source="Example Wire")
    event = tariff_event(event_key=EVENT_KEY, status="in_effect", sources=[*tariff_event().sources, source])
    first = make_update(tariff_event(event_key=EVENT_KEY))
    second = make_update(event, EventChange(kind="changed", fields={"status": FieldChange(
        old="threatened", new="in_effect", sentence=f"The 100% tariff took effect on Saturday. {HOSTILE}",
        source=source)}), revision=2)
    for update in (first, second):
        delivery = Delivery(delivery_id=Delivery.make_id(update.update_id, row_a.id), subscription_id=row_a.id,
                            subscriber="ana", channel="tariffs", notifier="console", destination="console",
                            update=update)
        store.begin_delivery(delivery.delivery_id, subscription_id=row_a.id, update_id=update.update_id,
                             event_key=update.event.event_key, notifier="console", destination="console",
                             payload=delivery.model_dump(mode="json"))
        store.mark_sent(delivery.delivery_id, None)
    return {"a": token_a, "b": token_b, "row_a": row_a, "row_b": row_b, "event_key": first.event.event_key}


# -- without a browser: the HTTP rules the page relies on ------------------------------------------------


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def _signed_in(server: LiveServer, token: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.url, timeout=10)
    page = client.get("/")
    assert page.status_code == 200 and 'name="token"' in page.text
    r = client.post("/signin", data={"token": token, "csrf": _csrf(page.text)})
    assert r.status_code == 303, r.text
    home = client.get("/")
    assert home.status_code == 200 and "Add a subscription" in home.text
    return client, _csrf(home.text)


def test_session_cookie_is_signed_httponly_samesite_and_forms_need_csrf(server: LiveServer, store: Store):
    data = seed(store)
    client = httpx.Client(base_url=server.url, timeout=10)
    first = client.get("/")
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    # sign-in without the form's CSRF token is refused
    assert client.post("/signin", data={"token": data["a"]}).status_code == 403
    assert client.post("/signin", data={"token": "nat_wrong", "csrf": _csrf(first.text)}).status_code == 401
    client, csrf = _signed_in(server, data["a"])
    # every state change without (or with a wrong) CSRF token: 403, nothing changed
    row = data["row_a"]
    for path, form in ((f"/page/subscriptions/{row.id}/delete", {}), (f"/page/subscriptions/{row.id}/mute", {"period": "1d"}),
                       ("/page/subscriptions", {"channel": "tariffs", "destination": "console"}),
                       (f"/page/subscriptions/{row.id}/edit", {"countries": "US"})):
        for bad in ({}, {"csrf": csrf[:-2] + "xx"}):
            r = client.post(path, data={**form, **bad})
            assert r.status_code == 403 and "CSRF" in r.text, (path, r.status_code)
    assert store.get_subscription(row.id).countries == ["China"] and store.get_subscription(row.id).muted_until is None
    # a tampered cookie is no session
    client.cookies.set("newsalert_session", client.cookies["newsalert_session"][:-3] + "abc")
    assert 'name="token"' in client.get("/").text


def test_stored_html_is_escaped_and_revoked_token_ends_the_session(server: LiveServer, store: Store):
    data = seed(store)
    client, _ = _signed_in(server, data["a"])
    home = client.get("/").text
    assert HOSTILE not in home and "&lt;script&gt;alert(" in home
    timeline = client.get(f"/page/events/{data['event_key']}").text
    assert HOSTILE not in timeline and "took effect on Saturday" in timeline
    assert 'href="https://news.example.com/tariff-in-effect"' in timeline and "Example Wire" in timeline
    assert "threatened → in_effect" in timeline
    tokens = [t for t in store.tokens("ana")]
    store.revoke_token(tokens[0].id)
    assert 'name="token"' in client.get("/").text


def _visible_text(html: str) -> str:
    """What a reader sees: the text between tags (no attributes, URLs, scripts or styles)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.hidden += tag in ("script", "style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("script", "style", "title")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def test_event_page_shows_the_short_ref_not_the_hash(server: LiveServer, store: Store):
    data = seed(store)
    client, _ = _signed_in(server, data["a"])
    home = client.get("/").text
    assert f'href="/page/events/{EVENT_KEY}"' in home and EVENT_KEY not in _visible_text(home)
    page = client.get(f"/page/events/{data['event_key']}")
    assert page.status_code == 200
    shown = _visible_text(page.text)
    assert f"ref {short_ref(EVENT_KEY)}" in shown and len(short_ref(EVENT_KEY)) == 8
    assert EVENT_KEY not in shown and "key " not in shown  # the whole hash only in the tooltip
    assert f'title="event key {EVENT_KEY}"' in page.text


def test_one_click_unsubscribe_link(server: LiveServer, store: Store, settings: Settings):
    from alerts.web import unsubscribe_url

    data = seed(store)
    row = data["row_b"]
    url = unsubscribe_url(settings, row.id)
    path = url[len(settings.page_url):]
    client = httpx.Client(base_url=server.url, timeout=10)
    page = client.get(path)  # a GET (mail scanners follow links) only asks
    assert page.status_code == 200 and "Unsubscribe" in page.text and store.get_subscription(row.id) is not None
    bad = client.post(path[:-4] + "AAAA", data={"List-Unsubscribe": "One-Click"})
    assert bad.status_code == 400 and store.get_subscription(row.id) is not None
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # RFC 8058: no cookie, no CSRF token
    assert done.status_code == 200 and store.get_subscription(row.id) is None
    assert "already removed" in client.post(path, data={"List-Unsubscribe": "One-Click"}).text


# -- in chromium -------------------------------------------------------------------------------------


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


class Shots:
    def __init__(self, page: Any, folder: Path) -> None:
        self.page, self.folder, self.n = page, folder, 0
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        return path


def _sign_in(page: Any, base: str, token: str) -> None:
    page.goto(base + "/")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("text=Add a subscription")


@needs_browser
def test_subscriber_adds_sees_mutes_and_deletes_in_chromium(server: LiveServer, store: Store, browser: Any,
                                                             tmp_path: Path):
    data = seed(store)
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    shot = Shots(page, tmp_path / "screens")
    page.goto(server.url + "/")
    shot("signin")
    _sign_in(page, server.url, data["a"])
    shot("home")
    assert page.locator("#subscriptions tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling on a phone
    # every control has an accessible name
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, button')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.outerHTML)""")
    assert unnamed == []
    # a bad email address: the service layer's message, the form keeps what was typed
    page.get_by_label("us-china").check()
    page.get_by_label("Send by").select_option("email")
    page.get_by_label("Destination (email address").fill("not-an-email")
    page.get_by_role("button", name="Add subscription").click()
    error = page.locator("#error")
    assert error.is_visible() and error.inner_text().startswith("destination:")
    assert page.get_by_label("Destination (email address").input_value() == "not-an-email"
    shot("bad-address")
    # a good one
    page.get_by_label("Send by").select_option("console")
    page.get_by_label("Destination (email address").fill("console")
    page.get_by_label("Countries").fill("US, China")
    page.get_by_label("Minimum confidence").fill("0.7")
    page.get_by_role("button", name="Add subscription").click()
    assert "added" in page.locator("#note").inner_text()
    rows = store.subscriptions("ana")
    assert len(rows) == 2
    new = rows[-1]
    assert (new.channel, new.countries, new.min_confidence) == ("us-china", ["US", "China"], 0.7)
    row = page.locator(f"#sub-{new.id}")
    assert "us-china" in row.inner_text() and "confidence ≥ 0.7" in row.inner_text()
    shot("added")
    # mute for a day
    page.get_by_label(f"Mute subscription {new.id} for").select_option("1d")
    row.get_by_role("button", name="Mute").click()
    assert "muted for 1 day" in page.locator("#note").inner_text()
    assert store.get_subscription(new.id).muted_until is not None
    assert "UTC" in page.locator(f"#sub-{new.id}").inner_text()
    shot("muted")
    # edit, with a bad value first
    page.get_by_role("link", name=f"Edit subscription {new.id}").click()
    page.get_by_label("Minimum confidence").fill("2")
    page.get_by_role("button", name="Save").click()
    assert "min_confidence: must be between 0 and 1" in page.locator("#error").inner_text()
    shot("edit-error")
    page.get_by_label("Minimum confidence").fill("0.8")
    page.get_by_role("button", name="Save").click()
    assert store.get_subscription(new.id).min_confidence == 0.8
    # the timeline of the alerted event
    page.locator("#recent a").first.click()
    page.wait_for_selector("#timeline")
    assert page.locator("#timeline > li").count() == 2
    assert "took effect on Saturday" in page.locator("#timeline").inner_text()
    assert f"ref {short_ref(EVENT_KEY)}" in page.locator("main").inner_text()
    assert EVENT_KEY not in page.locator("body").inner_text()  # the hash is no visible text
    assert page.get_by_role("link", name="Tariff now in force").get_attribute("href") == \
        "https://news.example.com/tariff-in-effect"
    shot("timeline")
    page.go_back()
    # delete
    page.get_by_role("button", name=f"Delete subscription {new.id}").click()
    assert "deleted" in page.locator("#note").inner_text()
    assert store.get_subscription(new.id) is None and page.locator(f"#sub-{new.id}").count() == 0
    shot("deleted")
    assert len(list((tmp_path / "screens").glob("*.png"))) == 8


@needs_browser
def test_a_cannot_reach_bs_rows_by_url_or_tampered_form_in_chromium(server: LiveServer, store: Store, browser: Any,
                                                                    tmp_path: Path):
    data = seed(store)
    row_b = data["row_b"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    shot = Shots(page, tmp_path / "screens")
    _sign_in(page, server.url, data["a"])
    assert "bo@example.com" not in page.content() and page.locator(f"#sub-{row_b.id}").count() == 0
    shot("home-a")
    # by URL
    response = page.goto(f"{server.url}/page/subscriptions/{row_b.id}/edit")
    assert response.status == 404 and "You have no subscription" in page.content()
    shot("b-edit-by-url")
    assert page.goto(f"{server.url}/page/events/{data['event_key']}").status == 200  # A's own event
    # by tampering with A's own forms: point them at B's row, keep A's valid CSRF token
    own = data["row_a"].id
    for action, submit in ((f"/page/subscriptions/{own}/delete", f"Delete subscription {own}"),
                           (f"/page/subscriptions/{own}/mute", "Mute")):
        page.goto(server.url + "/")
        form = page.locator(f'form[action="{action}"]')
        form.evaluate(f"(f, id) => f.action = f.action.replace('/{own}/', '/' + id + '/')", row_b.id)
        page.locator(f"#sub-{own}").get_by_role("button", name=submit).click()
        assert "You have no subscription" in page.content()
        shot("tampered-" + action.rsplit("/", 1)[1])
    page.goto(f"{server.url}/page/subscriptions/{own}/edit")
    page.locator("#edit-form").evaluate(f"(f, id) => f.action = f.action.replace('/{own}/', '/' + id + '/')", row_b.id)
    page.get_by_label("Countries").fill("US")
    page.get_by_role("button", name="Save").click()
    assert "You have no subscription" in page.content()
    after = store.get_subscription(row_b.id)
    assert after is not None and after.countries == ["EU"] and after.muted_until is None
    # B signed in sees B's row and not A's timeline
    other = browser.new_page()
    _sign_in(other, server.url, data["b"])
    assert other.locator(f"#sub-{row_b.id}").count() == 1 and other.locator(f"#sub-{own}").count() == 0
    assert other.goto(f"{server.url}/page/events/{data['event_key']}").status == 404


def test_the_link_in_a_sent_email_unsubscribes_in_one_click(server: LiveServer, store: Store, settings: Settings,
                                                           smtp_server: Any):
    """An alert email through the real notifier to the loopback SMTP server; its List-Unsubscribe link,
    POSTed as a mail client does (RFC 8058), removes exactly that subscription."""
    from alerts.notifiers.email import EmailNotifier
    from tests.support.samples import make_delivery

    data = seed(store)
    row = data["row_b"]
    mail_settings = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                                "public_url": "https://alerts.example.org"})
    EmailNotifier(mail_settings).send(make_delivery(notifier="email", destination=row.destination,
                                                    subscription_id=row.id, subscriber="bo"))
    [msg] = smtp_server.messages
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = msg["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://alerts.example.org/unsubscribe?t=")
    with httpx.Client(base_url=server.url, timeout=10) as client:  # the page behind that address
        answer = client.post(link[len("https://alerts.example.org"):], content=b"List-Unsubscribe=One-Click",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200 and "removed" in answer.text
    assert store.get_subscription(row.id) is None
    assert store.get_subscription(data["row_a"].id) is not None  # only that one

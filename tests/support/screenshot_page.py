"""Take the README's screenshot of the web page (docs/web-page.png) from a seeded home, in Debian's chromium
through Playwright: `python -m tests.support.screenshot_page [OUT.png]`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alerts.api import create_app
from alerts.store import Store
from newsalert.models import Delivery, EventChange, FieldChange, SourceRef
from newsalert.settings import Settings
from tests.support.live_server import LiveServer
from tests.support.samples import PUBLISHED, make_update, meeting_event, tariff_event


def seed(store: Store) -> str:
    token, _ = store.create_token("trade-desk")
    tariffs = store.add_subscription(subscriber="trade-desk", channel="tariffs", notifier="email",
                                     destination="desk@example.com", countries=["China"], min_confidence=0.7)
    meetings = store.add_subscription(subscriber="trade-desk", channel="leader-meetings", notifier="slack",
                           destination="#trade-desk", people=["Xi Jinping"], reminders=True)
    store.add_subscription(subscriber="trade-desk", channel="export-controls", notifier="email",
                           destination="desk@example.com", mode="digest")
    source = SourceRef(article_id="a2", url="https://news.example.com/tariff-in-force", title="US tariff on Chinese goods takes effect",
                       published=PUBLISHED, source="Example Wire")
    updates = [
        make_update(tariff_event()),
        make_update(tariff_event(status="in_effect", sources=[*tariff_event().sources, source]),
                    EventChange(kind="changed", fields={"status": FieldChange(
                        old="threatened", new="in_effect", sentence="The 100% tariff on Chinese goods took effect on Saturday.",
                        source=source)}), revision=2),
        make_update(meeting_event()),
    ]
    for update in updates:
        sub = meetings if update.event.type == "leader_meeting" else tariffs
        delivery = Delivery(delivery_id=Delivery.make_id(update.update_id, sub.id), subscription_id=sub.id,
                            subscriber="trade-desk", channel=sub.channel, notifier=sub.notifier,
                            destination=sub.destination, update=update)
        store.begin_delivery(delivery.delivery_id, subscription_id=sub.id, update_id=update.update_id,
                             event_key=update.event.event_key, notifier=sub.notifier, destination=sub.destination,
                             payload=delivery.model_dump(mode="json"))
    return token


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), web_secret="screenshot", _env_file=None)
        store = Store(settings.db_url)
        token = seed(store)
        with LiveServer(create_app(settings, store)) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(server.url + "/")
            page.get_by_label("API token").fill(token)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_selector("#subscriptions")
            page.screenshot(path=str(out), full_page=True)
            browser.close()
        store.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/web-page.png"))

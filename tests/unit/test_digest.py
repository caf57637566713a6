"""Digest rendering and the digest step's bookkeeping (alerts/digest.py, alerts/render.py)."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

from alerts import digest
from alerts.render import email_digest_parts
from alerts.store import Store
from tests.support.samples import make_delivery, make_update, meeting_event, tariff_event


def test_digest_groups_updates_by_channel_and_escapes():
    hostile = tariff_event(goods="<script>alert(1)</script> steel")
    deliveries = [
        make_delivery(make_update(hostile), channel="tariffs"),
        make_delivery(make_update(tariff_event(rate="25%")), channel="tariffs"),
        make_delivery(make_update(meeting_event()), channel="leader-meetings"),
    ]
    subject, text, html = email_digest_parts(deliveries, "2025-10-26 00:00 UTC")
    assert subject.startswith("[newsalert] Digest: 3 updates") and "\n" not in subject
    assert "== tariffs (2) ==" in text and "== leader-meetings (1) ==" in text
    assert "<h3>tariffs (2)</h3>" in html and "<script>" not in html and "&lt;script&gt;" in html


class RecordingDigestNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[list[str], str]] = []

    def send_digest(self, deliveries, digest_id, since):
        self.sent.append(([d.delivery_id for d in deliveries], digest_id))


def test_due_digests_wait_for_the_period(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    delivery = make_delivery(make_update(tariff_event()), notifier="email", destination="a@b.co")
    store.begin_delivery(delivery.delivery_id, subscription_id=delivery.subscription_id, update_id="u", event_key="k",
                         notifier="email", destination="a@b.co", payload=delivery.model_dump(mode="json"))
    digest.queue(store, delivery.delivery_id)
    notifier = RecordingDigestNotifier()
    now = datetime.now(timezone.utc)
    assert digest.send_due_digests(store, notifier, "email", timedelta(hours=1), now) == []
    results = digest.send_due_digests(store, notifier, "email", timedelta(hours=1), now + timedelta(hours=2))
    assert [r.count for r in results] == [1] and notifier.sent[0][0] == [delivery.delivery_id]
    row = store.get_delivery(delivery.delivery_id)
    assert row.status == "sent" and row.external_id.startswith("digest-")
    assert digest.send_due_digests(store, notifier, "email", timedelta(hours=1), now + timedelta(hours=5)) == []
    store.close()

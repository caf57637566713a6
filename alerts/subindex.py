"""An in-memory index of the subscriptions, so the router does not test every subscription per update (pure).

Subscriptions are grouped by channel; a channel's filter is evaluated once per update, and only the groups
of the channels that let the event through are looked at. Inside a group a subscription is keyed by the
first of its own filters it has: its countries (gazetteer keys, as matching folds them), else its people
(each name as written, folded: matching takes a whole name or any word of one), else its statuses.
Subscriptions with none of these are scanned. The index only narrows: `candidates` returns a superset of
the matching subscriptions, in their original order, and `alerts.router.route` still applies every check
to them (muted until, minimum confidence, reminders, muted events), so its result is the brute-force one.
Subscriptions not active (destination not verified) are left out when the index is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from alerts.channels import Channel, _fold_countries, event_countries, passes
from newsalert.models import EventBase


@dataclass
class _Group:
    by_country: dict[str, list[int]] = field(default_factory=dict)
    by_person: dict[str, list[int]] = field(default_factory=dict)
    by_status: dict[str, list[int]] = field(default_factory=dict)
    scan: list[int] = field(default_factory=list)


class SubscriptionIndex:
    def __init__(self, subscriptions: Sequence[Any]) -> None:
        self.rows = list(subscriptions)
        self._groups: dict[str, _Group] = {}
        for pos, sub in enumerate(self.rows):
            if getattr(sub, "verification", "active") != "active":  # route() never delivers to it
                continue
            group = self._groups.setdefault(sub.channel, _Group())
            if sub.countries:
                for key in _fold_countries(list(sub.countries)):
                    group.by_country.setdefault(key, []).append(pos)
            elif sub.people:
                for name in {p.casefold() for p in sub.people}:
                    group.by_person.setdefault(name, []).append(pos)
            elif sub.statuses:
                for status in set(sub.statuses):
                    group.by_status.setdefault(status, []).append(pos)
            else:
                group.scan.append(pos)

    def candidates(self, event: EventBase, channels: dict[str, Channel]) -> list[Any]:
        """The subscriptions that may match `event` (every one that does), in their original order."""
        found: set[int] = set()
        countries: set[str] | None = None
        people: set[str] | None = None
        for name, group in self._groups.items():
            channel = channels.get(name)
            if channel is None or not passes(channel.filter, event):
                continue
            found.update(group.scan)
            if group.by_country:
                if countries is None:
                    countries = event_countries(event)
                for key in countries:
                    found.update(group.by_country.get(key, ()))
            if group.by_person:
                if people is None:
                    names = {p.casefold() for p in event.people()}
                    people = names | {word for n in names for word in n.split()}
                for key in people:
                    found.update(group.by_person.get(key, ()))
            if group.by_status:
                found.update(group.by_status.get(event.status_value() or "", ()))
        return [self.rows[pos] for pos in sorted(found)]

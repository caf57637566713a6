"""newsalert/log.py's shortcuts (issue 9) give what the long way gives."""

from __future__ import annotations

import time
from datetime import datetime

from newsalert import log


def test_redact_skips_the_patterns_only_when_none_can_match():
    samples = [
        "routed", "article_id=rate-00012 known=False", "https://hooks.slack.com/services/T000/B000/XXXX",
        "see http://user:pw@example.com/x", "token xoxb-123-abc", "nat_abcdefghijkl", "Authorization: BEARER abc.def",
        "bEaReR\tsecret", "plain text with a colon: // and slashes", "xox", "nat_", "://",
    ]
    for text in samples:
        assert log.redact(text) == log._redact_patterns(text), text


def test_timestamp_is_the_local_clock_time():
    before = datetime.now().strftime("%H:%M:%S")
    stamped = log._timestamp(None, "info", {})["timestamp"]
    after = datetime.now().strftime("%H:%M:%S")
    assert stamped in (before, after)
    assert log._timestamp(None, "info", {})["timestamp"] in (stamped, time.strftime("%H:%M:%S"))

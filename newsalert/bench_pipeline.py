"""`newsalert bench pipeline`: the whole pipeline's latency, throughput and fan-out, next to baselines.

One run, on a scratch home (its own broker, unless NEWSALERT_KAFKA_BOOTSTRAP names a cluster, in which
case the bench works under a topic prefix of its own there), measures in this order:

1. **raw**: kafka-python produce -> consume of small records at `rate`/s for `seconds` on the same
   broker (the baseline of the latency figures);
2. **rate**: synthetic tariff articles (each a distinct new event) at `rate`/s for `seconds` through
   the real stages (`newsalert processor`, `newsalert alerts` as child processes), article -> alert
   latency timed from the send to the alert's line in the console outbox;
3. **burst**: `burst` articles sent at once; sustained articles/s from the first send to the last
   alert, next to `detect_events` alone on the same articles in this process;
4. **stages**: the mean of every `newsalert_*_seconds` Prometheus histogram the stages expose;
5. **fan-out**: one event to `subscriptions` Slack subscriptions on distinct channels, against a
   loopback Slack Web API stand-in answering after `slack_latency_ms`: time of the last post; then a
   second event with one channel answering 429 Retry-After first: time of the first post on the other
   channels (is anyone delayed behind it?), and the smallest gap between two posts to one channel;
6. **restart** (with `--events N`): a processor on topics of its own, restarted with no tracked event
   (the baseline) and then with N tracked events: seconds from its start to its first tracked candidate,
   and its resident memory then, once with each table store (rocksdb: the table on disk, read back
   from its folder; memory://: rebuilt from the whole changelog), side by side.

Every figure is printed with the baseline measured in the same run; nothing here asserts a speed.
Stage code runs in the child processes; this module imports the detectors only for the
detectors-alone figure (inside the function, as the CLI does).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs

from newsalert.models import Article

# Countries whose first gazetteer name is the plain name: every ordered pair is a distinct tariff event. None is
# a member of the EU's customs union: a tariff on a member's goods is the EU's (one event for all of them).
BENCH_COUNTRIES = [
    "Canada", "Mexico", "Japan", "Brazil", "India", "Angola", "Armenia", "Oman", "Ethiopia", "Nepal",
    "Norway", "Ghana", "Turkey", "Israel", "Egypt", "Vietnam", "Australia", "Argentina", "Chile", "Peru",
    "Paraguay", "Mongolia", "Switzerland", "Uganda", "Zambia", "Tanzania", "Azerbaijan", "Belarus", "Botswana",
    "Cameroon", "Ukraine", "Indonesia", "Thailand", "Malaysia", "Singapore", "Philippines", "Pakistan",
    "Nigeria", "Kenya", "Colombia", "Venezuela", "Morocco", "Iran", "Iraq", "Bangladesh", "China", "Taiwan",
    "Russia", "Zimbabwe", "Bolivia", "Ecuador", "Uruguay", "Cuba", "Nicaragua", "Libya", "Iceland", "Senegal",
    "Tunisia", "Algeria", "Kuwait", "Qatar", "Syria", "Lebanon", "Cambodia", "Myanmar", "Uzbekistan",
    "Honduras", "Guatemala", "Panama", "Serbia", "Albania", "Kazakhstan",
]
GOODS = ["steel", "aluminum", "cars", "wine", "beef", "soybeans", "lumber", "solar panels", "textiles",
         "pork", "rice", "cheese", "semiconductors", "copper", "furniture", "shoes", "whisky", "dairy"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SLACK_TOKEN = "xoxb-bench-token"


# --------------------------------------------------------------------------- pure helpers


def synthetic_articles(n: int, tag: str, offset: int = 0) -> list[Article]:
    """`n` tariff articles, article i reporting the (offset+i)-th (imposer, target) pair: one new event each.

    Rates, goods, effective dates and publication times vary too, so no two articles share a text.
    Raises ValueError past the number of distinct pairs."""
    pairs = [(a, b) for a in BENCH_COUNTRIES for b in BENCH_COUNTRIES if a != b]
    if offset + n > len(pairs):
        raise ValueError(f"at most {len(pairs)} distinct synthetic articles (asked for {offset + n})")
    base = datetime(2025, 10, 1, tzinfo=timezone.utc)
    out = []
    for i in range(n):
        k = offset + i
        imposer, target = pairs[k]
        rate = 5 + (k * 7) % 46
        goods = GOODS[k % len(GOODS)]
        published = base + timedelta(minutes=k)
        effective = published + timedelta(days=7 + k % 50)
        when = f"{MONTHS[effective.month - 1]} {effective.day}"
        out.append(Article(
            id=f"{tag}-{k:05d}", title=f"{imposer} sets {rate}% tariff on {goods} from {target}",
            published=published, source="Bench Wire",
            text=(f"{imposer} announced a {rate}% tariff on {goods} imports from {target}, effective {when}. "
                  f"Officials in {imposer} said the duty answers a surge of {goods} shipments."),
        ))
    return out


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank, 0 < p <= 100) of `values`; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def latency_summary(latencies_s: list[float], expected: int) -> dict[str, Any]:
    """p50/p99/max in milliseconds of the latencies seen, and how many of `expected` never arrived."""
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {"count": len(latencies_s), "missing": max(0, expected - len(latencies_s)),
            "p50_ms": ms(percentile(latencies_s, 50)), "p99_ms": ms(percentile(latencies_s, 99)),
            "max_ms": ms(max(latencies_s) if latencies_s else None)}


def histogram_means(metrics_text: str) -> dict[str, dict[str, float]]:
    """`newsalert_*_seconds` histograms of a Prometheus text page -> {name{labels}: {count, mean_ms}}."""
    from prometheus_client.parser import text_string_to_metric_families

    out: dict[str, dict[str, float]] = {}
    for family in text_string_to_metric_families(metrics_text):
        if family.type != "histogram" or not family.name.startswith("newsalert_"):
            continue
        sums: dict[str, float] = {}
        counts: dict[str, float] = {}
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "le")
            name = f"{family.name}{{{labels}}}" if labels else family.name
            if sample.name.endswith("_sum"):
                sums[name] = sample.value
            elif sample.name.endswith("_count"):
                counts[name] = sample.value
        for name, count in counts.items():
            if count:
                out[name] = {"count": int(count), "mean_ms": round(sums.get(name, 0.0) / count * 1000, 2)}
    return out


# --------------------------------------------------------------------------- loopback Slack Web API


class SlackStandIn:
    """A loopback HTTP server answering `chat.postMessage` after `latency_s`, recording every post.

    `rate_limit(channel, retry_after)` makes that channel's next post answer 429 Retry-After once.
    Started by the bench before the alert workers; its address goes to NEWSALERT_SLACK_BASE_URL."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        self.posts: list[tuple[float, str, bool]] = []  # (monotonic time answered, channel, ok)
        self.arrivals: list[tuple[float, str, bool]] = []  # (monotonic time the request arrived, channel, ok)
        self._limited: dict[str, float] = {}
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    payload = json.loads(raw or b"{}")
                else:
                    payload = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
                channel = str(payload.get("channel") or "")
                arrived = time.monotonic()
                time.sleep(owner.latency_s)
                with owner._lock:
                    retry_after = owner._limited.pop(channel, None)
                    owner.posts.append((time.monotonic(), channel, retry_after is None))
                    owner.arrivals.append((arrived, channel, retry_after is None))
                if retry_after is not None:
                    self._answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(int(retry_after))})
                else:
                    self._answer(200, {"ok": True, "channel": channel, "ts": f"{time.time():.6f}"})

            def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 1024  # a concurrent fan-out must not meet refused connections

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-stand-in", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def start(self) -> "SlackStandIn":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rate_limit(self, channel: str, retry_after: float) -> None:
        with self._lock:
            self._limited[channel] = retry_after

    def ok_posts_since(self, since: float) -> list[tuple[float, str]]:
        with self._lock:
            return [(t, ch) for t, ch, ok in self.posts if ok and t >= since]

    def min_gap_per_channel(self) -> float | None:
        """Smallest time between the arrivals of two messages (ok posts) to one channel (what Slack's
        one-message-per-second limit counts), None if no channel got two."""
        last: dict[str, float] = {}
        gap: float | None = None
        with self._lock:
            for t, channel, ok in sorted(self.arrivals):
                if not ok:
                    continue
                if channel in last:
                    gap = t - last[channel] if gap is None else min(gap, t - last[channel])
                last[channel] = t
        return gap


# --------------------------------------------------------------------------- watching alerts


class OutboxWatcher:
    """Tails the console outbox; remembers when the first 'new' alert naming each article appeared."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, float] = {}
        self.seen_wall: dict[str, float] = {}  # time.time(), to set next to Kafka record timestamps
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-watch", daemon=True)

    def start(self) -> "OutboxWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        position = 0
        pending = b""
        while not self._stop.is_set():
            try:
                with open(self.path, "rb") as handle:
                    handle.seek(position)
                    chunk = handle.read()
            except FileNotFoundError:
                chunk = b""
            if not chunk:
                time.sleep(0.002)
                continue
            now, wall = time.monotonic(), time.time()
            position += len(chunk)
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                try:
                    record = json.loads(line)
                    sources = record["event"].get("sources") or []
                    article_id = sources[0]["article_id"] if sources else None
                except (ValueError, KeyError, TypeError, IndexError):
                    continue
                if article_id and article_id not in self.seen:
                    self.seen_wall[article_id] = wall
                    self.seen[article_id] = now

    def wait(self, ids: list[str], timeout_s: float, tick: Callable[[int], None] | None = None) -> None:
        """Until every id was alerted or `timeout_s` passed; `tick(count seen)` after each check."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            done = sum(1 for i in ids if i in self.seen)
            if tick:
                tick(done)
            if done >= len(ids):
                return
            time.sleep(0.05)


# --------------------------------------------------------------------------- the run


@dataclass
class BenchOptions:
    rate: float = 100.0
    seconds: float = 10.0
    burst: int = 3000
    subscriptions: int = 1000
    slack_latency_ms: float = 100.0
    retry_after_s: float = 30.0
    partitions: int | None = None
    events: list[int] = field(default_factory=list)  # tracked-event counts of the restart phase (empty: skip it)


@dataclass
class BenchResult:
    options: dict[str, Any]
    machine: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)
    pipeline: dict[str, Any] = field(default_factory=dict)
    burst: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, Any] = field(default_factory=dict)
    fanout: dict[str, Any] = field(default_factory=dict)
    restart: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _paced(count: int, rate: float) -> Iterator[int]:
    """Yield 0..count-1, the i-th at start + i/rate (sleeping in between)."""
    start = time.monotonic()
    for i in range(count):
        wait = start + i / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        yield i


def raw_baseline(bootstrap: str, topic: str, rate: float, seconds: float,
                 tick: Callable[[int], None] | None = None) -> dict[str, Any]:
    """kafka-python produce -> consume latency of small records at `rate`/s: the pipeline's baseline.

    The producer has the pipeline's settings (acks=all, idempotent, linger 5 ms)."""
    from kafka import KafkaConsumer

    from newsalert.kafka import make_producer

    count = max(1, int(rate * seconds))
    received: dict[int, float] = {}
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"bench-raw-{uuid.uuid4().hex[:6]}",
                             auto_offset_reset="earliest", enable_auto_commit=False)
    while not consumer.assignment():  # joined before the first send: no rebalance inside the measure
        consumer.poll(timeout_ms=200)
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            for records in consumer.poll(timeout_ms=100).values():
                now = time.monotonic()
                for record in records:
                    received.setdefault(int(record.value), now)

    thread = threading.Thread(target=consume, name="bench-raw-consumer", daemon=True)
    thread.start()
    producer = make_producer(bootstrap)
    sent: dict[int, float] = {}
    try:
        # warm-up, not measured: the producer's id and metadata, the broker's first appends
        warm = max(10, int(rate))
        for i in _paced(warm, rate):
            producer.send(topic, key=b"w", value=str(-1 - i).encode())
        producer.flush(timeout=30)
        deadline = time.monotonic() + 30
        while len(received) < warm and time.monotonic() < deadline:
            time.sleep(0.01)
        received.clear()
        for i in _paced(count, rate):
            sent[i] = time.monotonic()
            producer.send(topic, key=str(i).encode(), value=str(i).encode())
            if tick:
                tick(i + 1)
        producer.flush(timeout=30)
        deadline = time.monotonic() + 30
        while len(received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
        producer.close(timeout=5)
        consumer.close()
    return latency_summary([received[i] - sent[i] for i in sent if i in received], count)


def _stage_env(home: Path, bootstrap: str, prefix: str, slack_url: str, metrics_port: int) -> dict[str, str]:
    """The stages' environment: the caller's, minus its NEWSALERT_* state, pointed at the scratch home."""
    # the operator's tuning of the stages is measured as set (not their state: home, database, topics)
    keep = {"NEWSALERT_KAFKA_VERSION", "NEWSALERT_KAFKA_CACHE", "NEWSALERT_LOG_LEVEL", "NEWSALERT_TOPIC_PARTITIONS",
            "NEWSALERT_DELIVERY_CONCURRENCY", "NEWSALERT_DETECT_PROCESSES"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_") or k in keep}
    env.update(
        NEWSALERT_HOME=str(home), NEWSALERT_KAFKA_BOOTSTRAP=bootstrap, NEWSALERT_TOPIC_PREFIX=prefix,
        NEWSALERT_DATABASE_URL=f"sqlite:///{home / 'newsalert.db'}", NEWSALERT_OUTBOX=str(home / "outbox.jsonl"),
        NEWSALERT_SLACK_BOT_TOKEN=SLACK_TOKEN, NEWSALERT_SLACK_BASE_URL=slack_url,
        NEWSALERT_METRICS_PORT=str(metrics_port), PYTHONUNBUFFERED="1",
    )
    return env


def _send_articles(producer: Any, topic: str, articles: list[Article], sent: dict[str, float],
                   rate: float | None, tick: Callable[[int], None] | None = None) -> None:
    """Send each article (paced at `rate`/s, or all at once), remembering when it left."""
    from newsalert.kafka import send_json

    order = _paced(len(articles), rate) if rate else iter(range(len(articles)))
    for i in order:
        article = articles[i]
        sent[article.id] = time.monotonic()
        send_json(producer, topic, article.id, article)
        if tick and (rate or i % 50 == 0):
            tick(i + 1)
    producer.flush(timeout=60)


def _scrape(port: int) -> str:
    from urllib.request import urlopen

    try:
        with urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _record_times(bootstrap: str, topic: str, article_of: Callable[[dict[str, Any]], str | None]) -> dict[str, float]:
    """Article id -> timestamp (s) of the first record of `topic` about it (the producer's CreateTime)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                             consumer_timeout_ms=3000)
    out: dict[str, float] = {}
    try:
        tps = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        if not any(ends.values()):
            return out
        for message in consumer:
            try:
                article_id = article_of(json.loads(message.value))
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                article_id = None
            if article_id and article_id not in out:
                out[article_id] = message.timestamp / 1000
            if all(consumer.position(tp) >= ends[tp] for tp in tps):
                break
    finally:
        consumer.close()
    return out


def hop_times(bootstrap: str, names: Any, ids: list[str], alerted_wall: dict[str, float]) -> dict[str, Any]:
    """p50/p99 of each hop of the articles `ids`, from the record timestamps on each topic: the time
    from one topic to the next is that stage's consume + work + produce (queueing included)."""
    def first_source(update: dict[str, Any]) -> str | None:
        return update["event"]["sources"][0]["article_id"]

    stamps = {
        "articles": _record_times(bootstrap, names.articles, lambda v: v.get("id")),
        "candidates": _record_times(bootstrap, names.event_candidates, lambda v: (v.get("source") or {}).get("article_id")),
        "events": _record_times(bootstrap, names.events, first_source),
        "deliveries": _record_times(bootstrap, names.deliveries("console"), lambda v: first_source(v["update"])),
        "alert": alerted_wall,
    }
    steps = [("detect", "articles", "candidates"), ("track", "candidates", "events"),
             ("route", "events", "deliveries"), ("deliver", "deliveries", "alert")]
    out: dict[str, Any] = {}
    for name, start, end in steps:
        gaps = [stamps[end][i] - stamps[start][i] for i in ids if i in stamps[start] and i in stamps[end]]
        out[name] = latency_summary(gaps, len(ids))
    return out


def cpu_seconds(pid: int | None, with_children: bool = False) -> float | None:
    """CPU time (user + system) a process used so far, with its live children's (the detector pool) when
    asked; None when it cannot be read (not Linux, gone). Read before and after a phase."""
    if pid is None:
        return None
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def one(stat_path: Path) -> tuple[int, float]:
        fields = stat_path.read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / tick  # ppid, utime + stime

    try:
        total = one(Path(f"/proc/{pid}/stat"))[1]
    except (OSError, ValueError, IndexError):
        return None
    if with_children:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and entry.name != str(pid):
                try:
                    ppid, used = one(entry / "stat")
                except (OSError, ValueError, IndexError):
                    continue
                if ppid == pid:
                    total += used
    return total


def detectors_alone(articles: list[Article]) -> float:
    """`detect_events` articles/s on these articles in this process (one core): the burst's reference."""
    from processors.detectors import detect_events

    for article in articles[:20]:  # warm up: imports, compiled patterns
        detect_events(article)
    started = time.perf_counter()
    for article in articles:
        detect_events(article)
    return len(articles) / (time.perf_counter() - started)


def run_bench(options: BenchOptions, *, progress: Any = None) -> BenchResult:
    """Run every phase (see the module doc) on a scratch home; stops what it started, also on errors.

    `progress`: a rich Progress (or None). Raises RuntimeError with a one-line reason when a stage or the
    broker does not come up."""
    from newsalert import localkafka
    from newsalert.kafka import make_producer
    from newsalert.settings import Settings
    from newsalert.supervise import StageProcess

    def phase(name: str, total: float) -> Callable[[int], None]:
        if progress is None:
            return lambda done: None
        task = progress.add_task(name, total=total)
        return lambda done: progress.update(task, completed=done)

    needed = int(options.rate * options.seconds) + options.burst + 3
    pairs = len(BENCH_COUNTRIES) * (len(BENCH_COUNTRIES) - 1)
    if needed > pairs:
        raise ValueError(f"rate x seconds + burst is {needed} articles; the generator has {pairs} distinct events")
    external = os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP") or None
    home = Path(tempfile.mkdtemp(prefix="newsalert-bench-"))
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    base = Settings(home=home, kafka_bootstrap=external, topic_prefix=prefix,
                    **({"topic_partitions": options.partitions} if options.partitions else {}))
    load = os.getloadavg()
    result = BenchResult(options=asdict(options),
                         machine={"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load],
                                  "broker": external or "local (started by the bench)", "home": str(home)})
    slack = SlackStandIn(options.slack_latency_ms / 1000).start()
    stages: list[StageProcess] = []
    started_broker = False
    watcher: OutboxWatcher | None = None
    try:
        tick = phase("broker", 1)
        if external:
            bootstrap = external
        else:
            bootstrap = localkafka.start(base, wait_s=120)
            started_broker = True
        localkafka.create_topics(bootstrap, base.topic_partitions, [*base.topics.all(), prefix + "bench.raw"])
        tick(1)

        # 1. raw kafka-python, before the stages load the machine
        result.raw = raw_baseline(bootstrap, prefix + "bench.raw", options.rate, options.seconds,
                                  phase("raw kafka-python", max(1, int(options.rate * options.seconds))))

        # the stages, on the scratch home; one console subscription times every alert
        from alerts.store import Store

        store = Store(base.db_url)
        store.add_subscription(subscriber="bench", channel="tariffs", notifier="console", destination="stdout")
        metrics_port = _free_port()
        env = _stage_env(home, bootstrap, prefix, slack.base_url, metrics_port)
        logs = home / "logs"
        stages = [StageProcess("processor", ["processor"], env, logs / "processor.log"),
                  StageProcess("alerts", ["alerts"], dict(env, NEWSALERT_METRICS_PORT=str(metrics_port + 1)),
                               logs / "alerts.log", quiet=True)]
        for stage in stages:
            stage.start()
        watcher = OutboxWatcher(base.outbox_path).start()
        producer = make_producer(bootstrap)
        articles_topic = base.topics.articles
        sent: dict[str, float] = {}

        tick = phase("stages ready", 1)
        warm = synthetic_articles(1, "warm", offset=needed - 1)
        _send_articles(producer, articles_topic, warm, sent, None)
        watcher.wait([warm[0].id], 180)
        for stage in stages:
            if not stage.alive():
                raise RuntimeError(f"the {stage.name} stage exited ({stage.exit_reason()}); see {logs}")
        if warm[0].id not in watcher.seen:
            raise RuntimeError(f"no alert within 180 s of the first article; see {logs}")
        tick(1)

        # 2. pipeline latency at the rate
        count = max(1, int(options.rate * options.seconds))
        paced = synthetic_articles(count, "rate", offset=0)
        tick = phase(f"pipeline at {options.rate:g}/s", count)
        _send_articles(producer, articles_topic, paced, sent, options.rate, tick)
        ids = [a.id for a in paced]
        watcher.wait(ids, max(60.0, count / 5), tick)
        result.pipeline = latency_summary([watcher.seen[i] - sent[i] for i in ids if i in watcher.seen], count)
        result.pipeline["hops"] = hop_times(bootstrap, base.topics, ids, watcher.seen_wall)

        # 3. burst, next to the detectors alone on the same articles
        burst = synthetic_articles(options.burst, "burst", offset=count)
        result.burst["detectors_alone_per_s"] = round(detectors_alone(burst), 1)
        tick = phase(f"burst of {options.burst}", options.burst)
        # CPU each process spends on the burst: where the machine's two cores go, per article
        pids = {"processor": (stages[0].pid(), True), "alerts": (stages[1].pid(), False),
                "broker": (None if external else localkafka._running_pid(base), False), "bench": (os.getpid(), False)}
        cpu_before = {name: cpu_seconds(pid, children) for name, (pid, children) in pids.items()}
        _send_articles(producer, articles_topic, burst, sent, None)
        first = min(sent[a.id] for a in burst)
        ids = [a.id for a in burst]
        watcher.wait(ids, max(120.0, options.burst / 5), tick)
        seen = [watcher.seen[i] for i in ids if i in watcher.seen]
        cpu_after = {name: cpu_seconds(pid, children) for name, (pid, children) in pids.items()}
        result.burst["cpu_ms_per_article"] = {
            name: round((cpu_after[name] - before) * 1000 / max(1, len(seen)), 2)
            for name, before in cpu_before.items() if before is not None and cpu_after.get(name) is not None}
        elapsed = (max(seen) - first) if seen else None
        result.burst.update(
            articles=options.burst, alerted=len(seen),
            seconds=round(elapsed, 2) if elapsed else None,
            pipeline_per_s=round(len(seen) / elapsed, 1) if elapsed else None,
        )
        if result.burst.get("pipeline_per_s"):
            result.burst["share_of_detectors"] = round(result.burst["pipeline_per_s"] / result.burst["detectors_alone_per_s"], 3)
        # when the alerts came (from the first send): a slow start and a long tail read differently
        result.burst["alerted_at_s"] = {f"p{p}": round(t - first, 2) for p in (10, 50, 90, 100)
                                        if (t := percentile(seen, p)) is not None}
        # per hop: where the burst queued (each hop's time includes its wait behind the burst)
        result.burst["hops"] = hop_times(bootstrap, base.topics, ids, watcher.seen_wall)

        # 4. per-stage time, from the stages' Prometheus histograms
        result.stages = {**histogram_means(_scrape(metrics_port)), **histogram_means(_scrape(metrics_port + 1))}

        # 5. fan-out to K Slack channels, then the same with one channel rate-limited
        if options.subscriptions > 0:
            channels = [f"CBENCH{i:05d}" for i in range(options.subscriptions)]
            with store.session() as session, session.begin():
                from alerts.store import SubscriptionRow

                session.add_all([SubscriptionRow(subscriber=f"bench{i}@example.com", channel="tariffs",
                                                 notifier="slack", destination=ch) for i, ch in enumerate(channels)])
            time.sleep(3.0)  # the router re-reads subscriptions every 2 s
            fan_articles = synthetic_articles(2, "fanout", offset=count + options.burst)
            result.fanout = {"subscriptions": options.subscriptions, "slack_latency_ms": options.slack_latency_ms}
            cap = max(60.0, options.subscriptions * (options.slack_latency_ms / 1000 + 0.05) * 1.5 + 30)

            tick = phase(f"fan-out to {options.subscriptions}", options.subscriptions)
            start = time.monotonic()
            _send_articles(producer, articles_topic, fan_articles[:1], sent, None)
            posts = _wait_posts(slack, start, set(channels), cap, tick)
            result.fanout["last_post_s"] = round(max(posts.values()) - start, 2) if posts else None
            result.fanout["first_post_s"] = round(min(posts.values()) - start, 2) if posts else None
            result.fanout["posted"] = len(posts)
            result.fanout["posts_per_s"] = (round(len(posts) / (max(posts.values()) - min(posts.values())), 1)
                                            if len(posts) > 1 else None)

            limited = channels[0]
            slack.rate_limit(limited, options.retry_after_s)
            tick = phase(f"fan-out, {limited} answers 429", options.subscriptions)
            start = time.monotonic()
            _send_articles(producer, articles_topic, fan_articles[1:], sent, None)
            posts = _wait_posts(slack, start, set(channels), cap + options.retry_after_s, tick)
            others = {ch: t for ch, t in posts.items() if ch != limited}
            result.fanout["limited"] = {
                "retry_after_s": options.retry_after_s,
                "first_other_post_s": round(min(others.values()) - start, 2) if others else None,
                "last_other_post_s": round(max(others.values()) - start, 2) if others else None,
                "limited_channel_post_s": round(posts[limited] - start, 2) if limited in posts else None,
                "posted": len(posts),
            }
            gap = slack.min_gap_per_channel()
            result.fanout["min_gap_one_channel_s"] = round(gap, 3) if gap is not None else None
        producer.close(timeout=5)
        for stage in stages:
            if not stage.alive():
                result.notes.append(f"the {stage.name} stage exited during the run ({stage.exit_reason()})")
        store.close()

        # 6. processor restart-to-ready and memory with N tracked events, on a state of its own
        if options.events:
            for stage in stages:  # the stages of the phases above are done: the restarts have the machine
                stage.stop(timeout=20)
            result.restart = restart_phase(bootstrap, home / "restart", prefix + "restart.", slack.base_url,
                                           options.events, phase("tracked events", max(options.events)))
    finally:
        if watcher is not None:
            watcher.stop()
        for stage in stages:
            stage.signal_stop()
        for stage in stages:
            stage.stop(timeout=20)
        slack.stop()
        if started_broker:
            localkafka.stop(base)
        result.machine["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if os.environ.get("NEWSALERT_BENCH_KEEP_HOME") != "1":
            shutil.rmtree(home, ignore_errors=True)
    return result


# --------------------------------------------------------------------------- restart with tracked events


def synthetic_candidates(start: int, stop: int, tag: str) -> list[tuple[bytes, bytes]]:
    """(key, value) records of the processors' candidates topic: candidate i (start <= i < stop) is a new
    tariff event of its own (imposer "Benchland i"), as the `detect` agent would have sent it."""
    from processors.detect_pool import detect_candidates
    from processors.state import base_key

    template = detect_candidates(synthetic_articles(1, tag)[0])[0]
    assert template.event is not None and template.source is not None
    out = []
    for i in range(start, stop):
        event = template.event.model_copy(update={"imposer": f"Benchland {i}"})
        source = template.source.model_copy(update={"article_id": f"{tag}-{i:07d}"})
        candidate = template.model_copy(update={"event": event, "source": source})
        out.append((base_key(event).encode("utf-8"), candidate.model_dump_json().encode("utf-8")))
    return out


def resident_mb(pid: int | None) -> float | None:
    """Resident memory (VmRSS) of a process in MiB, None when it cannot be read (not Linux, gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _topic_records(bootstrap: str, topic: str) -> int:
    """Records in a topic (sum of its partitions' end offsets; the bench's topics are never compacted)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    try:
        tps = [TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or set())]
        return sum(consumer.end_offsets(tps).values()) if tps else 0
    finally:
        consumer.close()


RESTART_STORES = ("rocksdb", "memory")


def restart_phase(bootstrap: str, home: Path, prefix: str, slack_url: str, counts: list[int],
                  tick: Callable[[int], None]) -> dict[str, Any]:
    """`newsalert processor` started on a state of its own (topics under `prefix`): time from the process's
    start to its first tracked candidate (the table recovered, the agents running) and its resident memory
    then, first with no tracked event (the baseline), then with each of `counts` tracked events (filled
    through the candidates topic), each time once per table store (`RESTART_STORES`) on the same topics:
    the rocksdb processor reads its folder and the changelog written since; the memory:// one the whole
    changelog."""
    from newsalert import localkafka
    from newsalert.kafka import make_producer
    from newsalert.settings import Settings
    from newsalert.supervise import StageProcess

    settings = Settings(home=home, kafka_bootstrap=bootstrap, topic_prefix=prefix)
    names = settings.topics
    localkafka.create_topics(bootstrap, settings.topic_partitions, list(names.all()))
    env = _stage_env(home, bootstrap, prefix, slack_url, _free_port())
    processors = {store: StageProcess("processor", ["processor"], {**env, "NEWSALERT_TABLE_STORE": store},
                                      home / "logs" / f"processor-restart-{store}.log") for store in RESTART_STORES}
    processor = processors[RESTART_STORES[0]]  # fills the table
    producer = make_producer(bootstrap)
    rows: list[dict[str, Any]] = []
    filled = 0
    try:
        for count in [0, *sorted(set(counts))]:
            if count > filled:  # the processor running: fold the new events in, wait until each one was emitted
                for start in range(filled, count, 5000):
                    for key, value in synthetic_candidates(start, min(count, start + 5000), "restart"):
                        producer.send(names.event_candidates, key=key, value=value)
                    producer.flush(timeout=120)
                deadline = time.monotonic() + 120 + count / 20
                while time.monotonic() < deadline:
                    emitted = _topic_records(bootstrap, names.events)
                    tick(emitted)
                    if emitted >= count + len(rows):  # every event's first update, and the probes before
                        break
                    if not processor.alive():
                        raise RuntimeError(f"the processor exited while tracking ({processor.exit_reason()})")
                    time.sleep(1.0)
                else:
                    raise RuntimeError(f"the processor did not track {count} events in time; see {home / 'logs'}")
                filled = count
            for store, measured in processors.items():
                processor.stop(timeout=30)
                # the probe waits in the topic: it is tracked as soon as the processor is ready
                before = _topic_records(bootstrap, names.events)
                key, value = synthetic_candidates(10**6 + len(rows), 10**6 + len(rows) + 1, "probe")[0]
                producer.send(names.event_candidates, key=key, value=value)
                producer.flush(timeout=30)
                processor = measured
                started = time.monotonic()
                processor.start()
                deadline = started + 300
                while _topic_records(bootstrap, names.events) <= before:
                    if time.monotonic() > deadline or not processor.alive():
                        raise RuntimeError(f"the {store} processor was not ready within 300 s with {count} events; "
                                           f"see {home / 'logs'}")
                    time.sleep(0.1)
                ready = time.monotonic() - started
                time.sleep(1.0)  # settled: the probe's changelog write and the first commit
                rows.append({"events": count, "store": store, "ready_s": round(ready, 2),
                             "rss_mb": resident_mb(processor.pid())})
            processor.stop(timeout=30)
            processor = processors[RESTART_STORES[0]]
            if count < max(counts, default=0):
                processor.start()  # fills the next count
    finally:
        for each in processors.values():
            each.stop(timeout=30)
        producer.close(timeout=5)
    return {"runs": rows}


def _wait_posts(slack: SlackStandIn, since: float, channels: set[str], timeout_s: float,
                tick: Callable[[int], None]) -> dict[str, float]:
    """First ok post per channel after `since`, until every channel has one or `timeout_s` passed."""
    deadline = since + timeout_s
    first: dict[str, float] = {}
    while True:
        for t, channel in slack.ok_posts_since(since):
            if channel in channels and channel not in first:
                first[channel] = t
        tick(len(first))
        if len(first) >= len(channels) or time.monotonic() >= deadline:
            return first
        time.sleep(0.05)


# --------------------------------------------------------------------------- output


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}"
    return f"{value:,}{unit}" if isinstance(value, int) else f"{value}{unit}"


def format_report(result: BenchResult) -> str:
    """The human-readable report of one run: every figure next to its same-run baseline."""
    o = result.options
    raw, pipe, burst, fan = result.raw, result.pipeline, result.burst, result.fanout
    lines = [
        f"machine: {result.machine['cpus']} CPUs, load {result.machine['load_before']} before, "
        f"{result.machine.get('load_after')} after; broker {result.machine['broker']}",
        f"at {o['rate']:g} articles/s for {o['seconds']:g} s:",
        f"  raw kafka-python produce->consume  p50 {_fmt(raw.get('p50_ms'), ' ms')}  p99 {_fmt(raw.get('p99_ms'), ' ms')}"
        f"  ({raw.get('count')} records, {raw.get('missing')} missing)   <- baseline",
        f"  pipeline article->alert            p50 {_fmt(pipe.get('p50_ms'), ' ms')}  p99 {_fmt(pipe.get('p99_ms'), ' ms')}"
        f"  max {_fmt(pipe.get('max_ms'), ' ms')}  ({pipe.get('count')} alerts, {pipe.get('missing')} missing)",
    ]
    if raw.get("p99_ms") and pipe.get("p99_ms"):
        lines.append(f"  pipeline p99 / raw p99: {pipe['p99_ms'] / raw['p99_ms']:.1f}x")
    for hop, figures in (pipe.get("hops") or {}).items():
        lines.append(f"    hop {hop:<8} (topic to topic, record timestamps)  p50 {_fmt(figures.get('p50_ms'), ' ms')}"
                     f"  p99 {_fmt(figures.get('p99_ms'), ' ms')}")
    lines += [
        f"burst of {burst.get('articles')} articles:",
        f"  detectors alone (this process)     {_fmt(burst.get('detectors_alone_per_s'), ' articles/s')}   <- baseline",
        f"  whole pipeline, sustained          {_fmt(burst.get('pipeline_per_s'), ' articles/s')}"
        f"  ({burst.get('alerted')} alerted in {_fmt(burst.get('seconds'), ' s')}"
        + (f"; {burst['share_of_detectors'] * 100:.1f}% of the detectors" if burst.get("share_of_detectors") else "")
        + ")",
    ]
    if burst.get("cpu_ms_per_article"):
        cpu = dict(burst["cpu_ms_per_article"])
        cpus = result.machine.get("cpus") or 1
        stage_ms = sum(v for k, v in cpu.items() if k != "bench")
        lines.append("  CPU ms per article (processor incl. its detector processes): "
                     + "  ".join(f"{k} {v:g}" for k, v in cpu.items())
                     + f"; the pipeline's {stage_ms:.2f} ms on {cpus} CPUs: at most "
                     f"{cpus * 1000 / max(0.01, stage_ms):,.0f} articles/s")
    if burst.get("alerted_at_s"):
        lines.append("  alerted at (s from the first send): " + "  ".join(f"{k} {v:g}" for k, v in burst["alerted_at_s"].items()))
    for hop, figures in (burst.get("hops") or {}).items():
        lines.append(f"    hop {hop:<8} (topic to topic, record timestamps)  p50 {_fmt(figures.get('p50_ms'), ' ms')}"
                     f"  p99 {_fmt(figures.get('p99_ms'), ' ms')}")
    lines.append("per-stage time (Prometheus histograms of the stages, whole run):")
    if result.stages:
        for name, figures in sorted(result.stages.items()):
            lines.append(f"  {name:<60} mean {figures['mean_ms']:>9.2f} ms  over {figures['count']:,}")
    else:
        lines.append("  (no histograms exposed)")
    if fan:
        lim = fan.get("limited", {})
        lines += [
            f"fan-out of one event to {fan['subscriptions']} Slack channels (stand-in answers in {fan['slack_latency_ms']:g} ms):",
            f"  last post at {_fmt(fan.get('last_post_s'), ' s')} (first {_fmt(fan.get('first_post_s'), ' s')}; "
            f"{fan.get('posted')} posted; {_fmt(fan.get('posts_per_s'), ' posts/s')})",
            f"  one channel answering 429 Retry-After {lim.get('retry_after_s', 0):g} first: first post on the others at "
            f"{_fmt(lim.get('first_other_post_s'), ' s')}, last at {_fmt(lim.get('last_other_post_s'), ' s')}; "
            f"the limited channel at {_fmt(lim.get('limited_channel_post_s'), ' s')}",
            f"  smallest gap between two posts to one channel: {_fmt(fan.get('min_gap_one_channel_s'), ' s')}",
        ]
    runs = (result.restart or {}).get("runs") or []
    if runs:
        lines.append("processor restart with tracked events (start to first candidate tracked; resident memory then),"
                     " per table store:")
        by_count: dict[int, list[dict[str, Any]]] = {}
        for row in runs:
            by_count.setdefault(row["events"], []).append(row)
        for count, rows in by_count.items():
            label = "no tracked events" if not count else f"{count:,} tracked events"
            cells = [f"{row.get('store', 'memory'):<8} ready in {_fmt(row.get('ready_s'), ' s'):>7}  "
                     f"RSS {_fmt(row.get('rss_mb'), ' MiB'):>10}" for row in rows]
            lines.append(f"  {label:<24} " + "   |   ".join(cells) + ("   <- baseline" if not count else ""))
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)


def result_json(result: BenchResult) -> str:
    return json.dumps(asdict(result), indent=2)

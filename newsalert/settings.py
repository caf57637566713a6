"""Settings from `NEWSALERT_*` environment variables (and a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing import Annotated


TABLE_STORES = ("rocksdb", "memory")


def parse_table_store(value: str) -> str:
    """`NEWSALERT_TABLE_STORE` checked: 'rocksdb' or 'memory' (a faust URL 'rocksdb://' is accepted too);
    anything else is an error naming the accepted values."""
    kind = value.strip().lower().removesuffix("://")
    if kind not in TABLE_STORES:
        raise ValueError(f"NEWSALERT_TABLE_STORE={value!r} is not one of {', '.join(TABLE_STORES)} "
                         "(rocksdb: on disk in the home; memory: rebuilt from the changelog at each start)")
    return kind


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSALERT_", env_file=".env", extra="ignore")

    home: Path | None = Field(None, description="folder for all local state (broker data, stores, db, outbox); unset: found by `find_home`")
    kafka_bootstrap: str | None = Field(None, description="bootstrap servers of an existing cluster; unset: start the local broker")
    kafka_version: str = Field("4.4.0", description="Apache Kafka version of the local broker")
    kafka_cache: Path = Field(Path.home() / ".cache" / "newsalert" / "kafka", description="shared cache of Kafka jars")
    topic_prefix: str = Field("", pattern=r"^[A-Za-z0-9._-]*$", description="prefix of every topic and consumer group (tenants, tests)")
    topic_partitions: int = Field(3, ge=1, le=256, description="partitions of the topics created by newsalert")
    database_url: str | None = Field(None, description="SQLAlchemy URL of the subscription store; default SQLite in home")
    outbox: Path | None = Field(None, description="console notifier's outbox file; default $HOME/outbox.jsonl")
    slack_bot_token: SecretStr | None = None
    slack_base_url: str = "https://slack.com/api/"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    email_from: str = "newsalert@localhost"
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list, description="comma-separated RSS/Atom URLs to poll")
    feed_interval: float = Field(300.0, gt=0, description="seconds between polls of a feed")
    feed_page_interval: float = Field(1.0, ge=0, le=3600, description="the feed poller's minimum seconds between two requests to one host for linked pages (robots.txt, pages, redirects)")
    ingest_port: int | None = Field(None, description="port of the HTTP ingest endpoint (POST /articles); unset: off")
    reminder_lead_hours: float = Field(24.0, gt=0, description="how long before a deadline or meeting date reminders go out")
    reminder_check_interval: float = Field(60.0, gt=0, description="seconds between the processors' checks for due reminders")
    alert_budget_minutes: float = Field(60.0, ge=0, description="at most one update per event (so per event and subscription) per this many minutes of publication time; later changes are folded into the next update (0: no budget)")
    event_retention_days: float = Field(180.0, ge=0, description="a tracked event not reported for this many days of publication time (counted from the newest article of its key) is dropped from the processors' table when its key is next written; a later report of it starts a new event (0: keep every event)")
    table_store: str = Field("rocksdb", description="where each processor keeps the tracked-events table: rocksdb (on disk, <home>/faust/instance-N; a restart reads only the changelog written since) or memory (rebuilt from the whole changelog at every start)")
    detect_processes: int | None = Field(None, ge=0, le=64, description="processes that run the detectors beside each processor's event loop (articles are still finished in order per partition); 0: detect in the event loop; unset: one per CPU beyond the first, at least one")
    digest_period: float = Field(86400.0, gt=0, description="seconds between two digests of a digest-mode subscription")
    delivery_concurrency: int = Field(128, ge=1, le=512, description="sends a delivery worker has in flight at once, each to a different destination (one destination's deliveries go one after another, in order); 128: a 1,000-channel Slack fan-out at 100 ms a post takes ~4 s on 2 cores (32: ~7 s); lower it for a mail relay that limits concurrent connections")
    max_attempts: int = Field(5, ge=1, description="quick delivery attempts (over seconds) before a retriable failure parks the destination")
    retry_horizon_hours: float = Field(6.0, ge=0, description="parked deliveries are retried (30 s doubling to 30 min) until this long after their first try, then failed to deliveries.dlq (0: fail after the quick attempts)")
    channels_file: Path | None = Field(None, description="TOML file of extra channels; default $HOME/channels.toml")
    metrics_port: int | None = Field(None, ge=1, le=65535, description="serve Prometheus /metrics on this loopback port (run: this port and the next ones)")
    log_level: str = "INFO"
    api_host: str = Field("127.0.0.1", description="address the REST API (`newsalert api`) listens on")
    api_port: int = Field(8080, ge=0, le=65535, description="port of the REST API")
    api_admin_token: SecretStr | None = Field(None, description="bearer token of the API's admin (sees every subscription, creates tokens); unset: no admin")
    slack_signing_secret: SecretStr | None = Field(None, description="Slack app signing secret; verifies POST /slack/commands (unset: the slash command answers 503)")
    web_secret: SecretStr | None = Field(None, description="signs the web page's session cookies and the one-click unsubscribe links in emails; unset: a random one kept in the home (file web-secret), so set it when the API and the alert workers do not share a home")
    public_url: str | None = Field(None, description="the address people reach the web page at (https://... in production), used in the List-Unsubscribe link of emails; unset: http://API_HOST:API_PORT")
    max_body_bytes: int = Field(1024 * 1024, ge=1024, le=64 * 1024 * 1024, description="largest request body the REST API and the slash command read; more answers 413 before authentication or parsing")
    webhook_hosts: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["hooks.slack.com", "hooks.slack-gov.com"], description="comma-separated hosts a Slack incoming-webhook URL may point at (https only)")
    webhook_allow_insecure: bool = Field(False, description="also accept http:// and loopback webhook URLs (tests and local Slack stand-ins only; never in production)")
    ingest_token: SecretStr | None = Field(None, description="bearer token the ingest endpoint requires (`Authorization: Bearer ...`)")
    ingest_hmac_secret: SecretStr | None = Field(None, description="secret of HMAC-SHA256 signed ingest requests (`X-Newsalert-Signature: sha256=<hex of the body>`)")
    ingest_allow_anonymous: bool = Field(False, description="let the ingest endpoint accept unauthenticated requests (only on a loopback address; tests and local demos)")
    ingest_max_articles: int = Field(500, ge=1, le=100_000, description="most articles one ingest request may carry; more answers 413")
    ingest_timeout: float = Field(10.0, gt=0, le=600, description="seconds the ingest endpoint waits for a client's next bytes before it closes the connection")

    @field_validator("table_store", mode="before")
    @classmethod
    def _table_store(cls, value: object) -> object:
        return parse_table_store(value) if isinstance(value, str) else value

    @field_validator("feeds", "webhook_hosts", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def home_dir(self) -> Path:
        path = self.home.expanduser().resolve() if self.home else find_home()[0]
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def home_origin(self) -> str:
        """Why this home: the variable, the project checkout it belongs to, or the user's data folder."""
        return "NEWSALERT_HOME" if self.home else find_home()[1]

    @property
    def alert_budget(self) -> "timedelta | None":
        from datetime import timedelta

        return timedelta(minutes=self.alert_budget_minutes) if self.alert_budget_minutes else None

    @property
    def event_retention(self) -> "timedelta | None":
        from datetime import timedelta

        return timedelta(days=self.event_retention_days) if self.event_retention_days else None

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home_dir / 'newsalert.db'}"

    @property
    def topics(self) -> "Topics":
        from newsalert.topics import Topics

        return Topics(self.topic_prefix)

    @property
    def channels_path(self) -> Path:
        return (self.channels_file or self.home_dir / "channels.toml").expanduser()

    @property
    def page_url(self) -> str:
        """The web page's base address, without a trailing slash."""
        return (self.public_url or f"http://{self.api_host}:{self.api_port}").rstrip("/")

    def web_signing_key(self) -> str:
        """The web page's signing key: NEWSALERT_WEB_SECRET, else a random one created once in the home."""
        if self.web_secret is not None and self.web_secret.get_secret_value():
            return self.web_secret.get_secret_value()
        import os
        import secrets

        path = self.home_dir / "web-secret"
        if not path.exists():  # written whole beside it, then linked in: a reader never sees half a file
            tmp = path.with_name(f".web-secret.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(32))
            try:
                os.link(tmp, path)
            except FileExistsError:  # another process made it first: theirs is used
                pass
            finally:
                tmp.unlink()
        value = path.read_text(encoding="utf-8").strip()
        return value

    @property
    def outbox_path(self) -> Path:
        return (self.outbox or self.home_dir / "outbox.jsonl").expanduser()


def is_project_root(folder: Path) -> bool:
    """A newsalert checkout: its pyproject.toml names the project."""
    try:
        text = (folder / "pyproject.toml").read_text(errors="replace")
    except OSError:
        return False
    return 'name = "newsalert"' in text


def find_home(cwd: Path | None = None) -> tuple[Path, str]:
    """The home when NEWSALERT_HOME is unset, the same from any folder.

    The nearest folder upward from `cwd` that is a newsalert checkout, or that already holds a
    newsalert home in `var/`, gives `<that folder>/var`; else the user's data folder
    (`~/.local/share/newsalert` on Linux). Returns the path and where it came from."""
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project_root(folder) or (folder / "var" / "newsalert.db").is_file():
            return folder / "var", f"project {folder}"
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsalert", appauthor=False)), "user data folder"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

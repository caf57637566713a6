"""Commands that bring articles in: `produce`, `poll`, `ingest`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newsalert.cli._common import app, bootstrap_for, err, fail, home_note, out, running_bootstrap, settings, warn_if_no_processor


# -- producers ------------------------------------------------------------------------------


@app.command()
def produce(
    paths: Annotated[list[str], typer.Argument(help="article files (JSON, JSON Lines, text, HTML), or - for stdin")],
) -> None:
    """Send articles to the running pipeline of this home (never starts a broker).

    \b
    Article formats (each input file, or stdin with -):
      JSON object, array of objects, or JSON Lines, one article each:
        {"id": "reuters-123", "url": "https://...", "title": "headline",
         "published": "2025-07-01T09:30:00Z", "source": "Reuters",
         "text": "the article body"}
        Only text is required. id: derived from url/title/text when
        missing. published: when missing, the file's modification time
        (stdin: the time of sending), with a warning line; give it:
        events move by publication time.
      Plain text: the first line is the title, the rest the body (no
        date: dated as above, with a warning line).
      HTML: title, main text and date extracted with trafilatura.
    Bad inputs get one line each and the rest still go; the exit code
    is 1 when any input was skipped.
    """
    from newsalert.ingest import parse_path, parse_stream
    from newsalert.kafka import make_producer
    from producers.publish import publish

    s = settings()

    def items():  # type: ignore[no-untyped-def]
        for raw in paths:  # each input bounded (size, regular files only, nesting): a bad one never stops the rest
            for item in parse_stream(sys.stdin.buffer, name="stdin") if raw == "-" else parse_path(Path(raw)):
                if item.note:  # sent, but the operator should know (e.g. dated by the time of sending)
                    say_note(item.origin, item.note)
                yield item

    bootstrap = running_bootstrap(s, "the articles")
    producer = make_producer(bootstrap)
    try:
        report = publish(producer, items(), topic=s.topics.articles, on_error=lambda line: err.print(f"[red]skipped[/] {line}", highlight=False))
    finally:
        producer.close()
    out.print(f"sent {len(report.sent)} article(s) to {bootstrap}; {len(report.errors)} input(s) skipped; "
              f"{home_note(s)}", highlight=False, markup=False)
    if report.sent:
        warn_if_no_processor(s, bootstrap)
    if report.errors:
        raise typer.Exit(1)  # some inputs were not sent: scripts must see it


def say_note(origin: str, note: str) -> None:
    """One warning line on stderr for an input that was taken as it is but is worth a look."""
    err.print(f"[yellow]warning[/] {escape(origin)}: {escape(note)}", highlight=False)


@app.command()
def poll(
    urls: Annotated[Optional[list[str]], typer.Argument(help="RSS/Atom feed URLs (default: NEWSALERT_FEEDS)")] = None,
    once: Annotated[bool, typer.Option(help="poll each feed once and exit")] = False,
) -> None:
    """Poll RSS/Atom feeds and send their new entries (each entry once, also across restarts)."""
    from newsalert.kafka import make_producer
    from newsalert.lifecycle import StopFlag
    from producers.feeds import FeedState, new_page_client, page_fetcher, poll_and_send, run_poller
    from producers.publish import send_article

    s = settings()
    feeds = urls or s.feeds
    if not feeds:
        fail("no feeds: pass feed URLs or set NEWSALERT_FEEDS=url1,url2")
    bootstrap = running_bootstrap(s, "the feed entries") if once else bootstrap_for(s)
    producer = make_producer(bootstrap)
    state = FeedState(s.home_dir / "feeds.sqlite")
    pages = new_page_client()  # each new entry's linked page is the article (the summary when it cannot be had)
    fetch_page = page_fetcher(pages, min_interval_s=s.feed_page_interval)  # one robots.txt cache and host pause for the run

    def send(article):  # type: ignore[no-untyped-def]
        send_article(producer, article, s.topics.articles).get(timeout=30)  # type: ignore[attr-defined]

    failed = 0
    try:
        if once:
            for url in feeds:
                result = poll_and_send(url, state, send, fetch_page)
                for problem in result.errors:
                    err.print(f"[red]problem[/] {problem}", highlight=False)
                unreadable = (result.status or 0) >= 400 or (result.status is None and bool(result.errors)
                                                               and not result.new_articles)
                failed += unreadable
                out.print(f"{url}: HTTP {result.status or 'no answer'}, {len(result.new_articles)} new", highlight=False,
                          markup=False)
        else:
            run_poller(feeds, state, send, interval_s=s.feed_interval, should_stop=StopFlag().install(),
                       fetch_page=fetch_page)
    finally:
        pages.close()
        producer.close()
        state.close()
    if failed:
        fail(f"{failed} of {len(feeds)} feed(s) could not be read (see the lines above)", code=1)


@app.command()
def ingest(port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8088,
           host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1") -> None:
    """Serve `POST /articles` and send what arrives to Kafka (authenticated: NEWSALERT_INGEST_TOKEN or _HMAC_SECRET)."""
    from newsalert.kafka import make_producer
    from newsalert.lifecycle import StopFlag
    from producers.http_ingest import kafka_batch_sender, make_server, serve_in_thread

    s = settings()
    secret = lambda v: v.get_secret_value() if v is not None else None  # noqa: E731
    if not s.ingest_token and not s.ingest_hmac_secret and not (s.ingest_allow_anonymous and host in ("127.0.0.1", "localhost", "::1")):
        fail("the ingest endpoint needs authentication: set NEWSALERT_INGEST_TOKEN (clients send `Authorization: "
             "Bearer <token>`) or NEWSALERT_INGEST_HMAC_SECRET (clients sign bodies); "
             "NEWSALERT_INGEST_ALLOW_ANONYMOUS=true works on a loopback address only")
    producer = make_producer(bootstrap_for(s))
    server = make_server(host, port, kafka_batch_sender(producer, s.topics.articles), token=secret(s.ingest_token),
                         hmac_secret=secret(s.ingest_hmac_secret), allow_anonymous=s.ingest_allow_anonymous,
                         max_articles=s.ingest_max_articles, timeout_s=s.ingest_timeout)
    serve_in_thread(server)
    out.print(f"POST articles to http://{host}:{server.server_address[1]}/articles")
    stop = StopFlag().install()
    while not stop.wait(0.5):
        pass
    server.shutdown()
    producer.close()

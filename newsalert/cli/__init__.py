"""The `newsalert` command line: one entry point for every stage and tool.

One module per command group; importing them registers their commands on `app`, in the order
`newsalert --help` lists them. Stage code is imported inside each command, so the CLI starts fast
and a stage never needs another stage's modules.
"""

from __future__ import annotations

import os
import sys

import typer

from newsalert import __version__
from newsalert.cli._common import (UserError, add_safe_row, app, bench_app, bootstrap_for, check_id, err, fail,
                                   home_note, kafka_app, mask, out, read_only_bootstrap, running_bootstrap,
                                   say_home, settings, stage_bootstrap, token_app)
from newsalert.cli import broker, sources, stages, tracking, subscribing, ledger, api_tokens, detection, bench  # noqa: E402,F401 - registers the commands, in this order

__all__ = ["app", "main", "UserError", "add_safe_row", "bench_app", "bootstrap_for", "check_id", "err", "fail",
           "home_note", "kafka_app", "mask", "out", "read_only_bootstrap", "running_bootstrap", "say_home",
           "settings", "stage_bootstrap", "token_app"]


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    """Entry point: every expected failure is one clear line on stderr, never a traceback."""
    from pydantic import ValidationError

    try:
        app()
    except typer.Exit:
        raise
    except ValidationError as exc:
        from rich.markup import escape

        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        if exc.title == "Settings":
            err.print(f"[bold red]error:[/] bad setting: {escape(problems)} (check the NEWSALERT_ variables)",
                      highlight=False)
            sys.exit(2)
        # not a setting: a record the pipeline built or read is invalid, a bug to report, not the user's to fix
        err.print(f"[bold red]error:[/] invalid {escape(exc.title)} record: {escape(problems)} (a bug: please report it "
                  "with the command you ran; NEWSALERT_DEBUG=1 shows where)", highlight=False)
        if os.environ.get("NEWSALERT_DEBUG"):
            raise
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        from kafka.errors import KafkaError
        from rich.markup import escape

        text = str(exc)
        if isinstance(exc, KafkaError) and ("bootstrap" in text.lower() or "broker" in text.lower()):
            where = os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP") or "the local broker"
            message = (f"cannot reach Kafka at {where} ({type(exc).__name__}). Is the broker running? "
                       "Unset NEWSALERT_KAFKA_BOOTSTRAP to use the local one (`newsalert kafka start`).")
        else:
            message = text if text.startswith(type(exc).__name__) else f"{type(exc).__name__}: {text}"
        err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
        if os.environ.get("NEWSALERT_DEBUG"):
            raise
        sys.exit(1)

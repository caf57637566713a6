"""The REST API server and its tokens: `api`, `token create|list|revoke`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from newsalert.cli._common import add_safe_row, app, check_id, fail, out, settings, token_app


# -- REST API ---------------------------------------------------------------------------------


@app.command()
def api(host: Annotated[Optional[str], typer.Option(help="address (default NEWSALERT_API_HOST)")] = None,
        port: Annotated[Optional[int], typer.Option(help="port (default NEWSALERT_API_PORT)")] = None) -> None:
    """Serve the REST API for subscriptions and channels (OpenAPI at /docs) and the Slack slash command."""
    from alerts.api import serve

    serve(settings(), host=host, port=port)


@token_app.command("create")
def token_create(subscriber: Annotated[str, typer.Argument(help="who the token acts for, e.g. ana@example.com")],
                 label: Annotated[str, typer.Option(help="a note to recognise the token by")] = "") -> None:
    """Create an API token; it is printed once and only its hash is kept."""
    from alerts.api import create_token

    try:
        token = create_token(settings(announce=True), subscriber, label=label)
    except ValueError as exc:
        fail(str(exc))
    out.print(token, highlight=False)


@token_app.command("list")
def token_list(subscriber: Annotated[Optional[str], typer.Option(help="only this subscriber's tokens")] = None) -> None:
    """List API tokens (never the tokens themselves)."""
    from alerts.api import list_tokens

    table = Table("id", "subscriber", "label", "created")
    for row in list_tokens(settings(announce=True), subscriber=subscriber):
        add_safe_row(table, row["id"], row["subscriber"], row.get("label") or "", row["created_at"])
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="id from `newsalert token list`")]) -> None:
    """Revoke an API token."""
    from alerts.api import revoke_token

    check_id(token_id, "token", "newsalert token list")
    if not revoke_token(settings(announce=True), token_id):
        fail(f"no token {token_id}; `newsalert token list` lists them")
    out.print(f"token {token_id} revoked")

"""The REST API: subscriptions and channels, with per-subscriber bearer tokens (OpenAPI at /docs)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from alerts.api import schemas
from alerts.api.service import (
    Conflict,
    FieldError,
    Principal,
    change_subscription,
    create_subscription,
    mask_destination,
    valid_statuses,
)
from alerts.api.limits import BodyLimitMiddleware
from alerts.channels import Channel, ChannelConfigError, load_channels
from alerts.store import MAX_ID, Store, SubscriptionRow
from newsalert.textsafe import json_safe

WWW_AUTHENTICATE = 'Bearer realm="newsalert"'
_bearer = HTTPBearer(auto_error=False, description="an API token from `newsalert token create SUBSCRIBER`, "
                     "or the admin token (NEWSALERT_API_ADMIN_TOKEN)")


# -- dependencies -------------------------------------------------------------------------------


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Any:
    return request.app.state.settings


def get_channels(request: Request) -> dict[str, Channel]:
    try:
        return load_channels(request.app.state.settings.channels_path)
    except ChannelConfigError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=f"channel configuration is broken: {exc}")


def _unauthorized(detail: str, error: str | None = None) -> HTTPException:
    challenge = WWW_AUTHENTICATE + (f', error="{error}"' if error else "")
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": challenge})


def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise _unauthorized("missing bearer token: send `Authorization: Bearer <token>`")
    token = credentials.credentials.strip()
    admin = request.app.state.settings.api_admin_token
    admin_value = admin.get_secret_value() if admin is not None else ""
    if admin_value and hmac.compare_digest(token.encode("utf-8"), admin_value.encode("utf-8")):
        return Principal(subscriber=None, admin=True)
    subscriber = request.app.state.store.token_subscriber(token)
    if subscriber is None:
        raise _unauthorized("invalid or revoked API token", error="invalid_token")
    return Principal(subscriber=subscriber)


def admin_only(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if not who.admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="this needs the admin token")
    return who


Who = Annotated[Principal, Depends(principal)]
Admin = Annotated[Principal, Depends(admin_only)]
StoreDep = Annotated[Store, Depends(get_store)]
ChannelsDep = Annotated[dict[str, Channel], Depends(get_channels)]
# ids are 64-bit in the database: a larger one is a 422 that says so, never an overflow
SubscriptionId = Annotated[int, Path(ge=1, le=MAX_ID, description="id of the subscription")]
TokenId = Annotated[int, Path(ge=1, le=MAX_ID, description="id of the token")]


def _own_subscription(store: Store, who: Principal, subscription_id: int) -> SubscriptionRow:
    row = store.get_subscription(subscription_id)
    if row is None or not who.owns(row):  # another's subscription is as absent as a missing one
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id}")
    return row


def _out(row: SubscriptionRow, *, masked: bool = False, note: str | None = None) -> schemas.Subscription:
    """The answer for one row; text stored before the input checks existed is made JSON-safe, never a 500."""
    out = schemas.Subscription.model_validate(row)
    out = schemas.Subscription.model_validate(json_safe(out.model_dump()))
    if masked:
        out.destination = mask_destination(out.destination)
    out.note = note
    return out


def _field_error(field: str, message: str) -> JSONResponse:
    detail = [{"loc": ["body", field], "msg": message, "type": "value_error"}]
    return JSONResponse({"detail": detail, "message": f"{field}: {message}"}, status_code=422)


# -- routes ---------------------------------------------------------------------------------------

router = APIRouter()
not_found = {404: {"model": schemas.Problem, "description": "no such subscription, or not yours"}}
auth_errors: dict[int | str, dict[str, Any]] = {401: {"model": schemas.Problem, "description": "missing or bad token"}}


@router.get("/healthz", tags=["meta"], summary="Liveness")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/me", tags=["meta"], response_model=schemas.Me, responses=auth_errors, summary="Who the token belongs to")
def me(who: Who) -> schemas.Me:
    return schemas.Me(subscriber=who.subscriber, admin=who.admin)


@router.get("/channels", tags=["channels"], response_model=list[schemas.ChannelOut], responses=auth_errors,
            summary="The channels one can subscribe to")
def list_channels(who: Who, channels: ChannelsDep) -> list[schemas.ChannelOut]:
    return [
        schemas.ChannelOut(name=c.name, description=c.description, builtin=c.builtin,
                           filter=c.filter.model_dump(), summary=c.filter.describe(), statuses=valid_statuses(c))
        for c in channels.values()
    ]


@router.get("/subscriptions", tags=["subscriptions"], response_model=list[schemas.Subscription],
            responses=auth_errors, summary="List subscriptions (yours; the admin sees all)")
def list_subscriptions(
    who: Who, store: StoreDep,
    subscriber: Annotated[str | None, Query(description="admin: only this subscriber's")] = None,
    channel: Annotated[str | None, Query(description="only this channel's")] = None,
) -> list[schemas.Subscription]:
    if not who.admin:
        if subscriber is not None and subscriber != who.subscriber:
            return []
        subscriber = who.subscriber
    rows = store.subscriptions(subscriber)
    return [_out(row, masked=True) for row in rows if channel is None or row.channel == channel]


@router.post("/subscriptions", tags=["subscriptions"], status_code=201, response_model=schemas.Subscription,
             responses={**auth_errors, 409: {"model": schemas.Problem, "description": "an identical subscription exists"}},
             summary="Subscribe a destination to a channel")
def create(body: schemas.SubscriptionCreate, who: Who, store: StoreDep, channels: ChannelsDep,
           request: Request, response: Response) -> Any:
    if who.admin:
        if not body.subscriber:
            return _field_error("subscriber", "the admin token must say whose subscription this is")
        subscriber = body.subscriber
    else:
        if body.subscriber not in (None, who.subscriber):
            return _field_error("subscriber", f"a subscriber token creates only its own subscriptions "
                                              f"({who.subscriber!r}); omit the field")
        assert who.subscriber is not None
        subscriber = who.subscriber
    try:
        row = create_subscription(
            store, request.app.state.settings, channels, subscriber=subscriber, channel=body.channel,
            notifier=body.notifier, destination=body.destination, countries=body.countries, people=body.people,
            statuses=body.statuses, min_confidence=body.min_confidence, mode=body.mode, reminders=body.reminders,
            muted_until=body.muted_until, trusted=who.admin,
        )
    except FieldError as exc:
        return _field_error(exc.field, exc.message)
    except Conflict as exc:
        return JSONResponse({"detail": f"an identical subscription exists: {exc.existing.id}",
                             "message": f"an identical subscription exists: {exc.existing.id}",
                             "id": exc.existing.id}, status_code=409)
    response.headers["Location"] = f"/subscriptions/{row.id}"
    note = None
    if row.verification == "pending":
        from alerts.api import verification

        note = verification.start(store, request.app.state.settings, row).replace("{id}", str(row.id))
        row = store.get_subscription(row.id) or row
    return _out(row, note=note)


@router.get("/subscriptions/{subscription_id}", tags=["subscriptions"], response_model=schemas.Subscription,
            responses={**auth_errors, **not_found}, summary="One subscription")
def get_one(subscription_id: SubscriptionId, who: Who, store: StoreDep) -> schemas.Subscription:
    return _out(_own_subscription(store, who, subscription_id))


@router.patch("/subscriptions/{subscription_id}", tags=["subscriptions"], response_model=schemas.Subscription,
              responses={**auth_errors, **not_found},
              summary="Change filters, mode, reminders or mute (muted_until: null unmutes)")
def patch(subscription_id: SubscriptionId, body: schemas.SubscriptionPatch, who: Who, store: StoreDep,
          channels: ChannelsDep) -> Any:
    row = _own_subscription(store, who, subscription_id)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name, value in changes.items():
        if value is None and name != "muted_until":
            return _field_error(name, "may not be null")
    try:
        updated = change_subscription(store, channels, row, changes)
    except FieldError as exc:
        return _field_error(exc.field, exc.message)
    except LookupError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id}") from None
    return _out(updated)


@router.delete("/subscriptions/{subscription_id}", tags=["subscriptions"], status_code=204,
               responses={**auth_errors, **not_found}, summary="Unsubscribe")
def delete(subscription_id: SubscriptionId, who: Who, store: StoreDep) -> Response:
    _own_subscription(store, who, subscription_id)
    if not store.remove_subscription(subscription_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id}")
    return Response(status_code=204)


@router.post("/subscriptions/{subscription_id}/verify", tags=["subscriptions"], response_model=schemas.Subscription,
             responses={**auth_errors, **not_found, 422: {"model": schemas.Problem, "description": "wrong code"},
                        429: {"model": schemas.Problem, "description": "too many wrong codes: ask the admin"}},
             summary="Confirm the code sent to the destination: the subscription becomes active")
def verify(subscription_id: SubscriptionId, body: schemas.VerifyCode, who: Who, store: StoreDep) -> Any:
    _own_subscription(store, who, subscription_id)
    outcome = store.confirm_subscription(subscription_id, body.code)
    if outcome == "missing":
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id}")
    if outcome == "wrong":
        return _field_error("code", "wrong code: use the code from the message sent to the destination")
    if outcome == "locked":
        detail = "too many wrong codes: delete the subscription and create it again, or ask the admin to approve it"
        return JSONResponse({"detail": detail, "message": detail}, status_code=429)
    row = store.get_subscription(subscription_id)
    assert row is not None
    return _out(row)


@router.post("/subscriptions/{subscription_id}/approve", tags=["subscriptions"], response_model=schemas.Subscription,
             responses={**auth_errors, **not_found, 403: {"model": schemas.Problem, "description": "not the admin token"}},
             summary="Admin: vouch for a pending subscription's destination (it becomes active)")
def approve(subscription_id: SubscriptionId, who: Admin, store: StoreDep) -> Any:
    row = store.approve_subscription(subscription_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no subscription {subscription_id}")
    return _out(row)


@router.post("/tokens", tags=["tokens"], status_code=201, response_model=schemas.NewToken,
             responses={**auth_errors, 403: {"model": schemas.Problem, "description": "not the admin token"}},
             summary="Admin: create an API token for a subscriber (shown once)")
def create_token_route(body: schemas.TokenCreate, who: Admin, store: StoreDep) -> schemas.NewToken:
    token, row = store.create_token(body.subscriber.strip(), body.label)
    return schemas.NewToken(id=row.id, subscriber=row.subscriber, label=row.label, created_at=row.created_at, token=token)


@router.get("/tokens", tags=["tokens"], response_model=list[schemas.Token],
            responses={**auth_errors, 403: {"model": schemas.Problem, "description": "not the admin token"}},
            summary="Admin: list API tokens (never the tokens themselves)")
def list_tokens(who: Admin, store: StoreDep, subscriber: str | None = None) -> list[schemas.Token]:
    return [schemas.Token.model_validate(json_safe(schemas.Token.model_validate(row).model_dump()))
            for row in store.tokens(subscriber)]


@router.delete("/tokens/{token_id}", tags=["tokens"], status_code=204,
               responses={**auth_errors, 403: {"model": schemas.Problem, "description": "not the admin token"}},
               summary="Admin: revoke an API token")
def revoke_token(token_id: TokenId, who: Admin, store: StoreDep) -> Response:
    if not store.revoke_token(token_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no token {token_id}")
    return Response(status_code=204)


# -- the application ----------------------------------------------------------------------------------


def _readable(errors: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    detail, parts = [], []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        msg = str(error.get("msg", "invalid"))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if error.get("type") == "extra_forbidden":
            msg = "unknown field"
        elif error.get("type") == "json_invalid":
            msg = "the body is not valid JSON: " + str((error.get("ctx") or {}).get("error", "")).strip()
        detail.append({"loc": loc, "msg": msg, "type": error.get("type")})  # no "input": it may hold a webhook URL
        where = ".".join(p for p in loc if p != "body") or "body"
        parts.append(f"{where}: {msg}")
    return detail, "; ".join(parts)


def create_app(settings: Any, store: Store | None = None) -> FastAPI:
    """The FastAPI application; `store` defaults to one on settings.db_url (closed at shutdown)."""
    from contextlib import asynccontextmanager

    from alerts.api.slack_command import router as slack_router

    own_store = store is None
    the_store = store if store is not None else Store(settings.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        if own_store:
            the_store.close()

    app = FastAPI(
        title="newsalert",
        summary="Subscriptions to news-event alerts (Slack, email) and their channels",
        description="Authenticate with `Authorization: Bearer <token>`: a subscriber's token (from the admin, "
                    "`POST /tokens` or `newsalert token create SUBSCRIBER`) sees and changes only that "
                    "subscriber's subscriptions; the admin token (`NEWSALERT_API_ADMIN_TOKEN`) sees all. "
                    "Slack's slash command posts to `/slack/commands`.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served below from local assets: the page works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = the_store

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, message = _readable(list(exc.errors()))
        return JSONResponse({"detail": detail, "message": message}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "message": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    app.include_router(router)
    app.include_router(slack_router)
    from alerts.api.slack_interactivity import router as slack_actions_router

    app.include_router(slack_actions_router)
    from alerts import web

    web.install(app)  # the subscriber's web page at /
    _local_docs(app)
    # outermost: the body limit applies before authentication, routing and parsing, on every route
    app.add_middleware(BodyLimitMiddleware, limit=int(getattr(settings, "max_body_bytes", 1024 * 1024)))
    return app


def _local_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts and styles served by this app, not a CDN."""
    from pathlib import Path as FilePath

    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    assets = FilePath(fastapi_offline.__file__).resolve().parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsalert API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="newsalert API",
                              redoc_js_url="/docs-assets/redoc.standalone.js",
                              redoc_favicon_url="/docs-assets/favicon.png", with_google_fonts=False)

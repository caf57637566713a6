"""The subscriber's web page at `/` (issue 10): sign in with an API token, see and change one's
subscriptions, recent alerts and each event's timeline. Server-rendered Jinja2, plain HTML forms, one
stylesheet served by the app (no JavaScript, no CDN).

Security: the session is a signed (itsdangerous), HttpOnly, SameSite=Strict cookie holding who signed in
(the token's hash is re-checked on every request, so a revoked token ends the session) and a random CSRF
token that every state-changing form must echo. Rows are looked up through the same ownership rule as the
REST API (another subscriber's row is as absent as a missing one). Jinja2 autoescaping is on for every
template, so stored text is shown, never interpreted. Every change goes through alerts.api.service: the
same checks and the same messages as the API and the CLI.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from alerts.api.service import (
    MODES,
    Conflict,
    FieldError,
    Principal,
    change_subscription,
    create_subscription,
    mask_destination,
    valid_statuses,
)
from alerts.channels import ChannelConfigError, load_channels
from alerts.store import MAX_ID, ApiTokenRow, DeliveryRow, Store, SubscriptionRow, hash_token
from newsalert.models import Delivery, short_ref

HERE = Path(__file__).resolve().parent
COOKIE = "newsalert_session"
SESSION_MAX_AGE = 12 * 3600
UNSUBSCRIBE_SALT = "newsalert-unsubscribe"
MUTE_PERIODS = {"1h": ("1 hour", timedelta(hours=1)), "8h": ("8 hours", timedelta(hours=8)),
                "1d": ("1 day", timedelta(days=1)), "7d": ("1 week", timedelta(days=7)),
                "30d": ("30 days", timedelta(days=30))}

templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))


def _when(value: Any) -> str:
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


templates.filters["when"] = _when
templates.filters["masked"] = mask_destination
templates.filters["short_ref"] = short_ref  # the short reference alerts and `newsalert events` show, not the hash


def _safe_link(url: Any) -> str | None:
    """Only http(s) links become href (a stored "javascript:" URL stays text)."""
    text = str(url or "")
    return text if text.lower().startswith(("https://", "http://")) else None


templates.filters["safe_link"] = _safe_link


# -- signing ----------------------------------------------------------------------------------------


def _serializer(settings: Any, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.web_signing_key(), salt=salt)


def unsubscribe_token(settings: Any, subscription_id: int) -> str:
    """The signed token of a one-click unsubscribe link (ids are never reused, so it cannot hit another's)."""
    return _serializer(settings, UNSUBSCRIBE_SALT).dumps({"s": int(subscription_id)})


def unsubscribe_url(settings: Any, subscription_id: int) -> str:
    return f"{settings.page_url}/unsubscribe?t={unsubscribe_token(settings, subscription_id)}"


def read_unsubscribe_token(settings: Any, token: str) -> int | None:
    try:
        data = _serializer(settings, UNSUBSCRIBE_SALT).loads(token[:500])
    except BadSignature:
        return None
    value = data.get("s") if isinstance(data, dict) else None
    return value if isinstance(value, int) and 1 <= value <= MAX_ID else None


class Session:
    """What the cookie holds: the CSRF token and, once signed in, who."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        self.csrf: str = str(data.get("csrf") or secrets.token_urlsafe(24))
        self.subscriber: str | None = data.get("sub")
        self.admin: bool = bool(data.get("admin"))
        self.token_hash: str | None = data.get("th")
        self.fresh = not data

    def dump(self) -> dict[str, Any]:
        return {"csrf": self.csrf, "sub": self.subscriber, "admin": self.admin, "th": self.token_hash}


def _load_session(request: Request) -> Session:
    raw = request.cookies.get(COOKIE, "")
    if raw:
        try:
            data = _serializer(request.app.state.settings, "newsalert-session").loads(raw, max_age=SESSION_MAX_AGE)
            if isinstance(data, dict):
                return Session(data)
        except BadSignature:
            pass
    return Session()


def _save_session(request: Request, response: Response, session: Session) -> Response:
    value = _serializer(request.app.state.settings, "newsalert-session").dumps(session.dump())
    secure = str(request.app.state.settings.page_url).startswith("https://")
    response.set_cookie(COOKIE, value, max_age=SESSION_MAX_AGE, httponly=True, samesite="strict", secure=secure,
                        path="/")
    return response


def _who(request: Request, session: Session) -> Principal | None:
    """The signed-in principal, re-checked against the token store (a revoked token ends the session)."""
    if not session.token_hash:
        return None
    settings = request.app.state.settings
    if session.admin:
        admin = settings.api_admin_token.get_secret_value() if settings.api_admin_token else ""
        if admin and hmac.compare_digest(hash_token(admin), session.token_hash):
            return Principal(subscriber=None, admin=True)
        return None
    store: Store = request.app.state.store
    with store.session() as db:
        row = db.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == session.token_hash)).first()
    if row is None or row.subscriber != session.subscriber:
        return None
    return Principal(subscriber=row.subscriber)


# -- data -------------------------------------------------------------------------------------------


def _rows(store: Store, who: Principal) -> list[SubscriptionRow]:
    return store.subscriptions(None if who.admin else who.subscriber)


def _own(store: Store, who: Principal, subscription_id: str) -> SubscriptionRow | None:
    if not subscription_id.isascii() or not subscription_id.isdigit() or len(subscription_id) > 19:
        return None
    row = store.get_subscription(int(subscription_id))
    return row if row is not None and who.owns(row) else None


def _deliveries(store: Store, ids: list[int], event_key: str | None = None, limit: int = 50) -> list[Delivery]:
    if not ids:
        return []
    with store.session() as db:
        query = select(DeliveryRow).where(DeliveryRow.subscription_id.in_(ids))
        if event_key is not None:
            query = query.where(DeliveryRow.event_key == event_key)
        rows = list(db.scalars(query.order_by(DeliveryRow.created_at.desc()).limit(limit)))
    out = []
    for row in rows:
        try:
            out.append(Delivery.model_validate(row.payload))
        except ValueError:  # a record of an older shape: not shown rather than a broken page
            continue
    return out


def _timeline(deliveries: list[Delivery]) -> list[dict[str, Any]]:
    """One entry per update of the event (several subscriptions may have got the same one)."""
    seen: dict[str, dict[str, Any]] = {}
    for delivery in deliveries:
        update = delivery.update
        if update.update_id in seen:
            continue
        sources = {s.article_id: s for s in update.event.sources}
        changes = []
        for name, change in update.change.fields.items():
            source = change.source or sources.get(update.article_id)
            changes.append({"field": name, "old": change.old, "new": change.new, "sentence": change.sentence,
                            "source": source})
        if not changes:
            source = sources.get(update.article_id)
            sentence = update.event.evidence[0] if update.event.evidence else None
            changes.append({"field": None, "old": None, "new": None, "sentence": sentence, "source": source})
        seen[update.update_id] = {"update": update, "describe": update.change.describe(), "changes": changes}
    return sorted(seen.values(), key=lambda e: (e["update"].revision, e["update"].emitted_at))


def _channels(request: Request) -> tuple[dict[str, Any], str | None]:
    try:
        return load_channels(request.app.state.settings.channels_path), None
    except ChannelConfigError as exc:
        return {}, f"the channel configuration is broken, tell the operator: {exc}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _confidence(value: str) -> float:
    text = (value or "").strip() or "0"
    try:
        number = float(text)
    except ValueError:
        raise FieldError("min_confidence", f"must be a number between 0 and 1, got {text[:20]!r}") from None
    if number != number:  # NaN
        raise FieldError("min_confidence", "must be a number between 0 and 1")
    return number


# -- pages ------------------------------------------------------------------------------------------

router = APIRouter(include_in_schema=False)


def _page(request: Request, session: Session, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(csrf=session.csrf, **context)
    response = HTMLResponse(html, status_code=status_code, headers={
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'",
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})
    return _save_session(request, response, session)  # type: ignore[return-value]


def _home(request: Request, session: Session, who: Principal, status_code: int = 200, *,
          error: str | None = None, note: str | None = None, form: dict[str, Any] | None = None) -> HTMLResponse:
    store: Store = request.app.state.store
    rows = _rows(store, who)
    channels, channel_error = _channels(request)
    recent = _deliveries(store, [r.id for r in rows], limit=30)
    return _page(request, session, "home.html", status_code, who=who, rows=rows, channels=channels,
                 statuses={name: valid_statuses(c) for name, c in channels.items()}, recent=recent,
                 error=error or channel_error, note=note, form=form or {}, modes=MODES, mute_periods=MUTE_PERIODS,
                 now=datetime.now(timezone.utc))


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def _csrf_ok(session: Session, form: dict[str, str]) -> bool:
    sent = form.get("csrf", "")
    return bool(sent) and not session.fresh and hmac.compare_digest(sent.encode(), session.csrf.encode())


def _refused(request: Request, session: Session) -> HTMLResponse:
    return _page(request, session, "message.html", 403, title="Form expired",
                 message="This form is out of date or did not come from this page (CSRF check failed). "
                         "Reload the page and try again.")


def _redirect(request: Request, session: Session, to: str = "/") -> Response:
    return _save_session(request, RedirectResponse(to, status_code=303), session)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    session = _load_session(request)
    who = _who(request, session)
    if who is None:
        return _page(request, session, "signin.html")
    note = request.query_params.get("done")
    return _home(request, session, who, note=note[:200] if note else None)


@router.post("/signin")
async def signin(request: Request) -> Response:
    session = _load_session(request)
    form = await _form(request)
    if not _csrf_ok(session, form):
        return _refused(request, session)
    token = form.get("token", "").strip()
    settings = request.app.state.settings
    admin = settings.api_admin_token.get_secret_value() if settings.api_admin_token else ""
    fresh = Session()  # a new CSRF token after sign-in
    if token and admin and hmac.compare_digest(token.encode("utf-8", "replace"), admin.encode("utf-8")):
        fresh.admin, fresh.token_hash = True, hash_token(admin)
    else:
        subscriber = request.app.state.store.token_subscriber(token) if token and len(token) < 200 else None
        if subscriber is None:
            return _page(request, session, "signin.html", 401,
                         error="That token is not valid (or was revoked). Ask the admin for a token: "
                               "newsalert token create SUBSCRIBER.")
        fresh.subscriber, fresh.token_hash = subscriber, hash_token(token)
    fresh.fresh = False
    return _redirect(request, fresh)


@router.post("/signout")
async def signout(request: Request) -> Response:
    session = _load_session(request)
    form = await _form(request)
    if not _csrf_ok(session, form):
        return _refused(request, session)
    return _redirect(request, Session())


def _signed_in(request: Request) -> tuple[Session, Principal | None]:
    session = _load_session(request)
    return session, _who(request, session)


def _not_yours(request: Request, session: Session, subscription_id: str) -> HTMLResponse:
    return _page(request, session, "message.html", 404, title="No such subscription",
                 message=f"You have no subscription {subscription_id[:20]}.")


async def _checked_post(request: Request) -> tuple[Session, Principal, dict[str, str]] | Response:
    """Called first by every state-changing form route: the session, the signed-in principal and the form,
    or the answer that refuses the post (not signed in: back to sign-in; a bad CSRF token: 403)."""
    session, who = _signed_in(request)
    form = await _form(request)
    if who is None:
        return _redirect(request, session)
    if not _csrf_ok(session, form):
        return _refused(request, session)
    return session, who, form


async def _owned_post(request: Request, subscription_id: str
                      ) -> tuple[Session, Principal, dict[str, str], SubscriptionRow] | Response:
    """`_checked_post` for a route acting on one subscription: also the row, when it is the principal's
    (else 404, the same answer as for a row that does not exist)."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, who, form = checked
    row = _own(request.app.state.store, who, subscription_id)
    if row is None:
        return _not_yours(request, session, subscription_id)
    return session, who, form, row


@router.post("/page/subscriptions")
async def add(request: Request) -> Response:
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, who, form = checked
    store: Store = request.app.state.store
    settings = request.app.state.settings
    channels, _ = _channels(request)
    subscriber = form.get("subscriber", "").strip() if who.admin else (who.subscriber or "")
    try:
        if who.admin and not subscriber:
            raise FieldError("subscriber", "the admin must say whose subscription this is")
        row = await run_in_threadpool(
            create_subscription, store, settings, channels, subscriber=subscriber, channel=form.get("channel", ""),
            notifier=form.get("notifier") or None, destination=form.get("destination", "").strip(),
            countries=_split(form.get("countries", "")), people=_split(form.get("people", "")),
            statuses=_split(form.get("statuses", "")), min_confidence=_confidence(form.get("min_confidence", "")),
            mode=form.get("mode", "immediate"), reminders=form.get("reminders") == "on", trusted=who.admin)
    except FieldError as exc:
        return _home(request, session, who, 422, error=f"{exc.field}: {exc.message}", form=form)
    except Conflict as exc:
        return _home(request, session, who, 409, error=f"an identical subscription exists: {exc.existing.id}",
                     form=form)
    done = f"Subscription {row.id} added."
    if row.verification == "pending":
        from alerts.api import verification

        note = await run_in_threadpool(verification.start, store, settings, row)
        done += " " + note.replace("POST /subscriptions/{id}/verify", "the Verify form in its row")
    return _redirect(request, session, "/?done=" + _quote(done))


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text[:300])


@router.get("/page/subscriptions/{subscription_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, subscription_id: str) -> Response:
    session, who = _signed_in(request)
    if who is None:
        return _redirect(request, session)
    row = _own(request.app.state.store, who, subscription_id)
    if row is None:
        return _not_yours(request, session, subscription_id)
    channels, _ = _channels(request)
    return _page(request, session, "edit.html", row=row, modes=MODES, who=who,
                 statuses=valid_statuses(channels[row.channel]) if row.channel in channels else [])


@router.post("/page/subscriptions/{subscription_id}/edit")
async def edit(request: Request, subscription_id: str) -> Response:
    checked = await _owned_post(request, subscription_id)
    if isinstance(checked, Response):
        return checked
    session, who, form, row = checked
    store: Store = request.app.state.store
    channels, _ = _channels(request)
    try:
        changes = {"countries": _split(form.get("countries", "")), "people": _split(form.get("people", "")),
                   "statuses": _split(form.get("statuses", "")),
                   "min_confidence": _confidence(form.get("min_confidence", "")),
                   "mode": form.get("mode", row.mode), "reminders": form.get("reminders") == "on"}
        await run_in_threadpool(change_subscription, store, channels, row, changes)
    except FieldError as exc:
        return _page(request, session, "edit.html", 422, row=row, modes=MODES, who=who, form=form,
                     error=f"{exc.field}: {exc.message}",
                     statuses=valid_statuses(channels[row.channel]) if row.channel in channels else [])
    except LookupError:
        return _not_yours(request, session, subscription_id)
    return _redirect(request, session, "/?done=" + _quote(f"Subscription {row.id} changed."))


@router.post("/page/subscriptions/{subscription_id}/mute")
async def mute(request: Request, subscription_id: str) -> Response:
    checked = await _owned_post(request, subscription_id)
    if isinstance(checked, Response):
        return checked
    session, who, form, row = checked
    store: Store = request.app.state.store
    period = form.get("period", "")
    channels, _ = _channels(request)
    if period == "unmute":
        until, done = None, f"Subscription {row.id} unmuted."
    elif period in MUTE_PERIODS:
        label, delta = MUTE_PERIODS[period]
        until, done = datetime.now(timezone.utc) + delta, f"Subscription {row.id} muted for {label}."
    else:
        return _home(request, session, who, 422, error="muted_until: choose how long to mute: "
                     + ", ".join(label for label, _ in MUTE_PERIODS.values()) + ", or unmute")
    await run_in_threadpool(change_subscription, store, channels, row, {"muted_until": until})
    return _redirect(request, session, "/?done=" + _quote(done))


@router.post("/page/subscriptions/{subscription_id}/delete")
async def delete(request: Request, subscription_id: str) -> Response:
    checked = await _owned_post(request, subscription_id)
    if isinstance(checked, Response):
        return checked
    session, who, form, row = checked
    store: Store = request.app.state.store
    if not store.remove_subscription(row.id):
        return _not_yours(request, session, subscription_id)
    return _redirect(request, session, "/?done=" + _quote(f"Subscription {row.id} deleted."))


@router.post("/page/subscriptions/{subscription_id}/verify")
async def verify(request: Request, subscription_id: str) -> Response:
    checked = await _owned_post(request, subscription_id)
    if isinstance(checked, Response):
        return checked
    session, who, form, row = checked
    store: Store = request.app.state.store
    outcome = store.confirm_subscription(row.id, form.get("code", "")[:100])
    if outcome == "active":
        return _redirect(request, session, "/?done=" + _quote(f"Subscription {row.id} confirmed: alerts go out now."))
    message = ("code: wrong code: use the code from the message sent to the destination" if outcome == "wrong" else
               "code: too many wrong codes: delete the subscription and create it again, or ask the admin to approve it")
    return _home(request, session, who, 422, error=message)


@router.get("/page/events/{event_key}", response_class=HTMLResponse)
def event_page(request: Request, event_key: str) -> Response:
    session, who = _signed_in(request)
    if who is None:
        return _redirect(request, session)
    store: Store = request.app.state.store
    ids = [row.id for row in _rows(store, who)]
    entries = _timeline(_deliveries(store, ids, event_key=event_key[:64], limit=500))
    if not entries:
        return _page(request, session, "message.html", 404, title="No such event",
                     message="None of your subscriptions was alerted about this event.")
    return _page(request, session, "event.html", who=who, entries=entries, event=entries[-1]["update"].event)


@router.get("/unsubscribe", response_class=HTMLResponse)
def unsubscribe_page(request: Request, t: str = "") -> Response:
    """The link of an email's List-Unsubscribe: a page with one button (a GET never changes anything:
    mail scanners follow links)."""
    session = _load_session(request)
    sub_id = read_unsubscribe_token(request.app.state.settings, t)
    row = request.app.state.store.get_subscription(sub_id) if sub_id else None
    if sub_id is None:
        return _page(request, session, "message.html", 400, title="Unsubscribe",
                     message="This unsubscribe link is not valid (it was cut short or changed).")
    return _page(request, session, "unsubscribe.html", row=row, token=t, sub_id=sub_id)


@router.post("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(request: Request, t: str = "") -> Response:
    """RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` to the link; the signed
    token in the link is the authority (no cookie, no CSRF token: it is not a session request)."""
    session = _load_session(request)
    form = await _form(request)
    token = t or form.get("t", "")
    sub_id = read_unsubscribe_token(request.app.state.settings, token)
    if sub_id is None:
        return _page(request, session, "message.html", 400, title="Unsubscribe",
                     message="This unsubscribe link is not valid (it was cut short or changed).")
    removed = request.app.state.store.remove_subscription(sub_id)
    return _page(request, session, "message.html", 200, title="Unsubscribed",
                 message=f"Subscription {sub_id} is removed: no more alerts from it." if removed
                 else f"Subscription {sub_id} was already removed.")


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

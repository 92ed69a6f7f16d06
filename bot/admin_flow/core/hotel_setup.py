"""/addhotel, the guided dialog, and the answer checks the hotel card's edits reuse.

Each answer is checked by a pure parser that raises a Refusal (`InvalidInput`; for the API URL
`GatewayUrlRefused`, the GREEN_API_HOSTS check the command line shares) naming the text that
says what is wrong, so any transport can re-ask the same question at once. The dialog itself is a
small step machine: the transport keeps the step's name and the draft between answers (the
Telegram side in its FSM), and `answer()` returns the reply, the next step and the new draft.
The draft holds the gateway token encrypted (`ctx.cipher`), since the FSM storage may be Redis;
it is decrypted only to check the credentials and to create the hotel.

Choices made for a real operator:
- the credentials are checked live (getStateInstance) right after the API URL: a 401/403 means
  the instance id or the token is wrong, so the dialog asks for both again; "notAuthorized" is
  normal for a fresh instance, so it is shown with the advice (scan the QR code) and the dialog
  goes on; an unreachable gateway may be a typo in the URL or an outage, so the operator may
  send another URL, try again, or continue without the check (the card shows the state later).
- with PUBLIC_URL the hotel receives by webhook and the bot offers to set the instance's
  webhook itself; without it the hotel polls, as `python main.py hotel add` does.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from bot import limits
from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.admin_flow.core.status import whatsapp_line
from bot.gateway_hosts import HostEntry, check_gateway_url
from bot.guest_flow.greenapi import GreenAPIError, Unauthorized
from bot.i18n import Refusal
from bot.store.hotels import (
    Instance,
    InvalidHotel,
    check_languages,
    check_timezone,
    create_hotel,
    parse_hours,
)
from bot.store.models import Hotel, ReceiveMode, Role, Staff

AREA = "addhotel"
HOTEL_AREA = "h"  # the hotel card's buttons (core/hotels.py)
SKIP = "-"
ALL_DAY = "24h"
WEBHOOK_PATH = "/webhooks/whatsapp"
# E.164 allows up to 15 digits; shorter than 8 is no full international number.
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 15
STEPS = (
    "name",
    "instance",
    "token",
    "api_url",
    "timezone",
    "languages",
    "hours",
    "phones",
    "webhook",
)
_YES = frozenset({"yes", "y", "да", "д"})
_NO = frozenset({"no", "n", "нет", "н"})
_ALL_DAY = frozenset({ALL_DAY, "24/7", "24", SKIP})
# Draft keys asked for again when the gateway refuses them ("token": a plain token kept by an
# older version; never written now).
_CREDENTIALS = frozenset({"instance_id", "token", "token_encrypted", "api_url"})


class InvalidInput(Refusal):
    """An answer in an admin dialog we refuse; `key` is the text under admin.hotels.invalid."""

    prefix = "admin.hotels.invalid."


@dataclass
class Step:
    """What a dialog step answers, and which step reads the next answer.

    `state` None ends the dialog; `fresh` asks the transport for a new message rather than
    replacing the one whose button was pressed.
    """

    reply: Reply
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    fresh: bool = False


# --- pure answer checks ----------------------------------------------------------------------


def parse_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("name")
    if len(name) > limits.HOTEL_NAME:
        raise InvalidInput("too_long", limit=limits.HOTEL_NAME)
    return name


def parse_instance_id(text: str) -> int:
    number = parse_id(text)
    if number is None:
        raise InvalidInput("instance")
    return number


def parse_token(text: str) -> str:
    token = text.strip()
    if not token or any(ch.isspace() for ch in token):
        raise InvalidInput("token")
    if len(token) > limits.GATEWAY_TOKEN:
        raise InvalidInput("too_long", limit=limits.GATEWAY_TOKEN)
    return token


def parse_api_url(text: str, default: str, hosts: Sequence[HostEntry]) -> str:
    """The gateway URL as stored; GatewayUrlRefused (a Refusal) for one outside GREEN_API_HOSTS,
    the default included, since the token travels in every call's path."""
    value = text.strip()
    return check_gateway_url(default if value in ("", SKIP) else value, hosts)


def parse_timezone(text: str) -> str:
    try:
        return check_timezone(text.strip())
    except InvalidHotel:
        raise InvalidInput("timezone") from None


def parse_languages(text: str) -> str:
    """ISO 639-1 codes, each once ("en,en" is just "en"); refused with `check_languages`'s
    own words, naming the code at fault."""
    return check_languages(text)


def parse_hours_text(text: str) -> str | None:
    """ "08:00-22:00" or None for around the clock ("24h")."""
    value = text.strip().lower().replace(" ", "").replace("–", "-")
    if value in _ALL_DAY:
        return None
    try:
        opens, closes = parse_hours(value)
    except InvalidHotel:
        raise InvalidInput("hours") from None
    if opens == closes:
        raise InvalidInput("hours_same")
    return f"{opens}-{closes}"


def parse_phone(text: str) -> str:
    """An international number as WhatsApp writes it in a chat id: country code and digits."""
    value = text.strip()
    if not value or any(ch not in string.digits and ch not in "+-() ." for ch in value):
        raise InvalidInput("phone", phone=value)
    digits = "".join(ch for ch in value if ch in string.digits)
    if value.startswith("00"):
        digits = digits[2:]
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or digits.startswith("0"):
        raise InvalidInput("phone", phone=value)
    return digits


def parse_phones(text: str) -> list[str]:
    if text.strip() == SKIP:
        return []
    items = [x for x in text.replace(";", ",").replace("\n", ",").split(",") if x.strip()]
    if not items:
        raise InvalidInput("phones")
    return list(dict.fromkeys(parse_phone(item) for item in items))


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise InvalidInput("yes_no")


def check_placeholders(text: str, allowed: set[str]) -> None:
    """A template may use only the {placeholders} its built-in text uses."""
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise InvalidInput("braces") from None
    unknown = used - allowed
    if unknown or "" in used:
        shown = ", ".join("{" + n + "}" for n in sorted(allowed)) or "—"
        raise InvalidInput("placeholders", allowed=shown)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def webhook_url(public_url: str | None) -> str:
    return (public_url or "<PUBLIC_URL>").rstrip("/") + WEBHOOK_PATH


def webhook_settings(public_url: str, webhook_token: str) -> dict[str, str]:
    """setSettings body: Green API sends webhookUrlToken verbatim as the Authorization header."""
    return {
        "webhookUrl": webhook_url(public_url),
        "webhookUrlToken": f"Bearer {webhook_token}",
        "incomingWebhook": "yes",
        "outgoingWebhook": "yes",
        "stateWebhook": "yes",
    }


def _token(ctx: AdminContext, draft: dict[str, Any]) -> str | None:
    """The draft's gateway token, decrypted only to be used: the transport keeps the draft
    between answers (aiogram's FSM storage, Redis when configured), so it holds the token
    encrypted. None when there is none to decrypt (a draft from an older version, or SECRET_KEY
    changed meanwhile): the dialog then asks for the instance id and token again."""
    stored = draft.get("token_encrypted")
    if not isinstance(stored, str):
        return None
    try:
        return ctx.cipher.decrypt(stored)
    except ValueError:
        return None


async def probe(ctx: AdminContext, instance: Instance) -> str:
    """The live state, uncached, in AdminContext.wa_state's vocabulary."""
    try:
        return await ctx.greenapi.get_state(instance) or "starting"
    except Unauthorized as exc:
        return f"error:{exc.status}"
    except GreenAPIError as exc:
        return f"error:{exc.status or 'unreachable'}"


# --- the dialog ------------------------------------------------------------------------------


def _say(ctx: AdminContext, actor: Actor, label: str, step: str, value: str) -> Button:
    """A button that answers `step`'s question with `value`, as if it had been typed."""
    return Button.of(ctx.t(actor, f"admin.hotels.add.btn_{label}"), AREA, "say", step, value)


def question(ctx: AdminContext, actor: Actor, step: str) -> Reply:
    t = ctx.t
    settings = ctx.settings
    if step == "api_url":
        text = t(actor, "admin.hotels.add.ask_api_url", default=settings.green_api_url)
        return Reply(text, [[_say(ctx, actor, "default_url", "api_url", SKIP)]])
    if step == "languages":
        langs = ", ".join(sorted(ctx.i18n.guest_languages))
        return Reply(t(actor, "admin.hotels.add.ask_languages", languages=langs))
    if step == "hours":
        return Reply(
            t(actor, "admin.hotels.add.ask_hours"), [[_say(ctx, actor, "all_day", step, ALL_DAY)]]
        )
    if step == "phones":
        return Reply(
            t(actor, "admin.hotels.add.ask_phones"), [[_say(ctx, actor, "no_phones", step, SKIP)]]
        )
    if step == "webhook":
        text = t(actor, "admin.hotels.add.ask_webhook", url=webhook_url(settings.public_url))
        return Reply(
            text, [[_say(ctx, actor, "yes", step, "yes"), _say(ctx, actor, "no", step, "no")]]
        )
    return Reply(t(actor, f"admin.hotels.add.ask_{step}"))


def _again(ctx: AdminContext, actor: Actor, step: str, data: dict[str, Any], why: str) -> Step:
    asked = question(ctx, actor, step)
    text = f"{why}\n\n{asked.text}" if why else asked.text
    return Step(Reply(text, asked.buttons), step, data)


def _apply(ctx: AdminContext, step: str, text: str, draft: dict[str, Any]) -> None:
    """Check one answer and put it into the draft (a Refusal when it is refused)."""
    if step == "name":
        draft["name"] = parse_name(text)
    elif step == "instance":
        draft["instance_id"] = parse_instance_id(text)
    elif step == "token":
        draft["token_encrypted"] = ctx.cipher.encrypt(parse_token(text))
    elif step == "api_url":
        draft["api_url"] = parse_api_url(
            text, ctx.settings.green_api_url, ctx.settings.gateway_hosts
        )
    elif step == "timezone":
        draft["timezone"] = parse_timezone(text)
    elif step == "languages":
        draft["languages"] = parse_languages(text)
    elif step == "hours":
        draft["hours"] = parse_hours_text(text)
    elif step == "phones":
        draft["phones"] = parse_phones(text)
    elif step == "webhook":
        draft["point_webhook"] = parse_yes_no(text)
    else:
        raise ValueError(f"no step {step!r}")


def _without_credentials(draft: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in draft.items() if k not in _CREDENTIALS}


def _token_lost(ctx: AdminContext, actor: Actor, draft: dict[str, Any]) -> Step:
    why = ctx.t(actor, "admin.hotels.add.token_lost")
    return _again(ctx, actor, "instance", _without_credentials(draft), why)


async def start(ctx: AdminContext, actor: Actor) -> Step:
    await require(actor, Permission.HOTEL_ADD)
    intro = ctx.t(actor, "admin.hotels.add.intro")
    return Step(Reply(f"{intro}\n\n{question(ctx, actor, 'name').text}"), "name", {})


async def answer(
    ctx: AdminContext, actor: Actor, step: str, text: str, data: dict[str, Any]
) -> Step:
    await require(actor, Permission.HOTEL_ADD)
    draft = dict(data)
    try:
        _apply(ctx, step, text, draft)
        if step == "instance" and await Hotel.exists(instance_id=draft["instance_id"]):
            raise InvalidInput("instance_taken", instance=draft["instance_id"])
    except Refusal as exc:
        return _again(ctx, actor, step, data, ctx.refusal(actor, exc))
    if step == "api_url":
        return await _check(ctx, actor, draft)
    if step == "phones" and ctx.settings.public_url:
        return Step(question(ctx, actor, "webhook"), "webhook", draft)
    if step in ("phones", "webhook"):
        return await _save(ctx, actor, draft)
    following = STEPS[STEPS.index(step) + 1]
    return Step(question(ctx, actor, following), following, draft)


async def retry_check(ctx: AdminContext, actor: Actor, data: dict[str, Any]) -> Step:
    await require(actor, Permission.HOTEL_ADD)
    if "api_url" not in data:
        return _again(ctx, actor, "api_url", data, "")
    return await _check(ctx, actor, dict(data))


async def skip_check(ctx: AdminContext, actor: Actor, data: dict[str, Any]) -> Step:
    """Continue without a live check: the gateway was unreachable and the operator knows why."""
    await require(actor, Permission.HOTEL_ADD)
    if "api_url" not in data:
        return _again(ctx, actor, "api_url", data, "")
    note = ctx.t(actor, "admin.hotels.add.unchecked")
    return Step(Reply(f"{note}\n\n{question(ctx, actor, 'timezone').text}"), "timezone", data)


async def _check(ctx: AdminContext, actor: Actor, draft: dict[str, Any]) -> Step:
    token = _token(ctx, draft)
    if token is None:
        return _token_lost(ctx, actor, draft)
    instance = Instance(draft["instance_id"], token, draft["api_url"])
    state = await probe(ctx, instance)
    if state in ("error:401", "error:403"):
        # Either may be wrong and Green API does not say which: ask for both again.
        why = ctx.t(
            actor, "admin.hotels.add.refused", instance=instance.id, status=state.partition(":")[2]
        )
        return _again(ctx, actor, "instance", _without_credentials(draft), why)
    if state.startswith("error:"):
        text = ctx.t(
            actor,
            "admin.hotels.add.unreachable",
            url=instance.api_url,
            detail=state.partition(":")[2],
        )
        buttons = [
            [
                Button.of(ctx.t(actor, "admin.hotels.add.btn_retry"), AREA, "retry"),
                Button.of(ctx.t(actor, "admin.hotels.add.btn_skip_check"), AREA, "skip"),
            ],
            [_say(ctx, actor, "default_url", "api_url", SKIP)],
        ]
        return Step(Reply(text, buttons), "api_url", draft)
    return Step(
        Reply(f"{whatsapp_line(ctx, actor, state)}\n\n{question(ctx, actor, 'timezone').text}"),
        "timezone",
        draft,
    )


async def _save(ctx: AdminContext, actor: Actor, draft: dict[str, Any]) -> Step:
    token = _token(ctx, draft)
    if token is None:
        return _token_lost(ctx, actor, draft)
    public_url = ctx.settings.public_url
    mode = ReceiveMode.WEBHOOK if public_url else ReceiveMode.POLLING
    phones: list[str] = draft.get("phones", [])
    webhook_token = secrets.token_urlsafe(24)
    try:
        async with in_transaction():
            hotel, _ = await create_hotel(
                ctx.cipher,
                name=draft["name"],
                instance_id=draft["instance_id"],
                token=token,
                api_url=draft["api_url"],
                webhook_token=webhook_token,
                receive_mode=mode,
                timezone=draft["timezone"],
                languages=draft["languages"],
                hours=draft.get("hours"),
            )
            for phone in phones:
                await Staff.create(hotel=hotel, phone=phone, role=Role.SUPPORT)
    except InvalidHotel as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.add.failed", error=ctx.refusal(actor, exc))))
    instance = Instance(hotel.instance_id, token, hotel.api_url)
    # A webhook may have arrived for this instance before it existed: drop the cached "unknown".
    ctx.flow.directory.forget(hotel.instance_id)
    ctx.forget_state(hotel.instance_id)
    await audit(
        actor,
        "hotel_add",
        hotel.id,
        after={
            "name": hotel.name,
            "instance_id": hotel.instance_id,
            "api_url": hotel.api_url,
            "receive_mode": mode.value,
            "timezone": hotel.timezone,
            "languages": hotel.languages,
            "hours": draft.get("hours") or ALL_DAY,
            "phones": phones,
        },
    )
    lines = [
        ctx.t(
            actor,
            "admin.hotels.add.saved",
            id=hotel.id,
            name=hotel.name,
            instance=hotel.instance_id,
            mode=mode.value,
            phones=len(phones),
        )
    ]
    url = webhook_url(public_url)
    if public_url and draft.get("point_webhook"):
        try:
            await ctx.greenapi.set_settings(instance, webhook_settings(public_url, webhook_token))
            lines.append(ctx.t(actor, "admin.hotels.add.hook_set", url=url))
        except GreenAPIError as exc:
            lines.append(ctx.t(actor, "admin.hotels.add.hook_failed", detail=exc.status or "-"))
            lines.append(
                ctx.t(actor, "admin.hotels.add.hook_manual", url=url, token=webhook_token)
            )
    elif public_url:
        lines.append(ctx.t(actor, "admin.hotels.add.hook_manual", url=url, token=webhook_token))
    else:
        lines.append(ctx.t(actor, "admin.hotels.add.polling", url=url, token=webhook_token))
    lines.append(str(whatsapp_line(ctx, actor, await ctx.wa_state(instance))))
    card = Button.of(ctx.t(actor, "admin.hotels.add.btn_card"), HOTEL_AREA, "card", hotel.id)
    return Step(Reply("\n\n".join(lines), [[card]]))

"""The fake Telegram Bot API driven by the real aiogram Bot, Dispatcher and webhook handler.

These pin the fake to what aiogram actually sends and parses (multipart fields, pydantic result
models, error classes), so admin-bot tests built on the fake exercise the real protocol.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pytest_aiohttp import AiohttpServer

from tests.fakes.telegram import FakeTelegram

CHAT = 4242
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Rooms", callback_data="menu:rooms")]]
)


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    """A real aiogram Bot whose every request goes to the fake."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.url))
    return Bot(token or fake.token, session=session)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(fake)
    try:
        yield bot
    finally:
        await bot.session.close()  # a no-op when start_polling already closed it


def dump(obj: TelegramObject | None) -> dict[str, Any] | None:
    """Fields only: aiogram objects from a response also carry the bot, which breaks `==`."""
    return None if obj is None else obj.model_dump(exclude_none=True)


def build_router(downloads: list[bytes]) -> Router:
    """The admin-bot shape in miniature: a command, a button and a file upload."""
    router = Router()

    @router.message(CommandStart())
    async def on_start(message: Message) -> None:
        await message.answer("Welcome", reply_markup=KEYBOARD)

    @router.callback_query(F.data == "menu:rooms")
    async def on_rooms(callback: CallbackQuery) -> None:
        await callback.answer("Loading")
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("Rooms: 3")

    @router.message(F.document)
    async def on_document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document)
        assert data is not None
        downloads.append(data.read())
        await message.answer(f"Got {message.document.file_name}: {len(downloads[-1])} bytes")

    return router


async def test_get_me(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (bot.id, True, "hotel_boost_test_bot")
    assert [call.method for call in fake.calls] == ["getMe"]


async def test_send_message_records_inline_keyboard(fake: FakeTelegram, bot: Bot) -> None:
    first = await bot.send_message(CHAT, "Hello", reply_markup=KEYBOARD)
    second = await bot.send_message(CHAT, "Again")

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.id == CHAT and first.chat.type == "private"
    assert first.from_user is not None and first.from_user.id == bot.id
    assert dump(first.reply_markup) == dump(KEYBOARD) and second.reply_markup is None
    call = fake.sent_messages(CHAT)[0]
    assert call.params["chat_id"] == CHAT and call.text == "Hello"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Rooms", "callback_data": "menu:rooms"}]]
    }
    assert fake.sent_messages(CHAT + 1) == []


async def test_edit_message_text_and_reply_markup(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "Choose", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text("Done", chat_id=CHAT, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "Done" and edited.edit_date is not None
    assert edited.reply_markup is None  # Telegram drops a keyboard the edit does not repeat
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Done", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("Nope", chat_id=CHAT, message_id=99)

    marked = await bot.edit_message_reply_markup(
        chat_id=CHAT, message_id=sent.message_id, reply_markup=KEYBOARD
    )
    assert isinstance(marked, Message) and dump(marked.reply_markup) == dump(KEYBOARD)
    assert [c.method for c in fake.sent_messages(CHAT)] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]


async def test_send_photo_upload_is_recorded_and_downloadable(
    fake: FakeTelegram, bot: Bot
) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

    sent = await bot.send_photo(
        CHAT, BufferedInputFile(data, filename="room.png"), caption="Room 12"
    )

    assert sent.photo is not None and sent.photo[-1].file_size == len(data)
    assert sent.caption == "Room 12"
    [call] = await fake.wait_for("sendPhoto")
    assert call.files["photo"] == ("room.png", data)
    assert call.params["caption"] == "Room 12"
    downloaded = await bot.download(sent.photo[-1].file_id)
    assert downloaded is not None and downloaded.read() == data


async def test_set_my_commands_per_scope_and_language(fake: FakeTelegram, bot: Bot) -> None:
    scope = BotCommandScopeChat(chat_id=CHAT)
    commands = [BotCommand(command="start", description="Начать")]

    assert await bot.set_my_commands(commands, scope=scope, language_code="ru")

    assert fake.commands == {("chat", CHAT, "ru"): [{"command": "start", "description": "Начать"}]}
    [call] = fake.calls
    assert call.params["scope"] == {"type": "chat", "chat_id": CHAT}
    assert call.params["language_code"] == "ru"
    stored = await bot.get_my_commands(scope=scope, language_code="ru")
    assert [dump(c) for c in stored] == [dump(c) for c in commands]
    assert await bot.get_my_commands() == []  # no fallback between scopes, as on Telegram
    assert await bot.delete_my_commands(scope=scope, language_code="ru")
    assert fake.commands == {}


async def test_answer_callback_query_from_polled_click(fake: FakeTelegram, bot: Bot) -> None:
    alice = fake.user(1001, "Alice")
    await bot.send_message(alice.id, "Menu", reply_markup=KEYBOARD)
    [sent] = await fake.wait_for("sendMessage", chat_id=alice.id)
    with pytest.raises(ValueError, match="no button"):
        alice.click(sent, "menu:missing")
    update_id = alice.click(sent, "menu:rooms")

    [update] = await bot.get_updates(timeout=1)

    assert update.update_id == update_id
    query = update.callback_query
    assert query is not None and query.data == "menu:rooms" and query.from_user.id == alice.id
    assert isinstance(query.message, Message) and query.message.text == "Menu"
    assert await bot.answer_callback_query(query.id, text="OK")
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("12345")
    assert await bot.get_updates(offset=update_id + 1) == []  # confirmed, so dropped
    assert fake.pending_updates == []


async def test_get_updates_long_poll_wakes_on_new_update(fake: FakeTelegram, bot: Bot) -> None:
    fake.poll_cap = 0.2
    started = time.monotonic()
    assert await bot.get_updates(timeout=30) == []
    assert 0.15 <= time.monotonic() - started < 1.0  # capped, not 30 s

    fake.poll_cap = 5.0
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for_poll()
    started = time.monotonic()
    update_id = fake.user(7, "Bob").send_text("/start now")
    [update] = await poll
    assert time.monotonic() - started < 1.0
    assert update.update_id == update_id and update.message is not None
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    stranger = make_bot(fake, token="999:wrong-token")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    finally:
        await stranger.session.close()
    assert fake.calls[-1].status == 401


async def test_fail_next_injects_telegram_errors(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next(method="sendmessage", error_code=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(CHAT, "Hi")
    assert caught.value.retry_after == 3

    fake.fail_next()
    with pytest.raises(TelegramServerError):
        await bot.get_me()

    await bot.send_message(CHAT, "Hi")
    assert [(c.method, c.status) for c in fake.calls] == [
        ("sendMessage", 429),
        ("getMe", 500),
        ("sendMessage", 200),
    ]
    fake.reset()
    assert fake.calls == []


async def test_text_formatting_is_checked_like_telegram(bot: Bot) -> None:
    html = await bot.send_message(CHAT, "<b>Room</b> 5 &lt;ok&gt;", parse_mode="HTML")
    assert html.text == "Room 5 <ok>"
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(CHAT, "Guest <Bob>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="'.' is reserved"):
        await bot.send_message(CHAT, "Total: 5.00", parse_mode="MarkdownV2")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(CHAT, "x" * 4097)


async def test_raw_protocol_details(fake: FakeTelegram) -> None:
    """What aiogram never does but other clients do: JSON bodies, odd case, unknown methods."""
    async with aiohttp.ClientSession() as http:
        base = f"{fake.url}/bot{fake.token}"
        async with http.post(f"{base}/SENDMESSAGE", json={"chat_id": 5, "text": "hi"}) as r:
            assert r.status == 200
            body = await r.json()
        async with http.post(f"{base}/noSuchMethod") as r:
            assert r.status == 404
            assert await r.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
    assert body["ok"] is True and body["result"]["text"] == "hi"
    assert [c.method for c in fake.calls] == ["sendMessage", "noSuchMethod"]


async def test_wait_for_explains_a_timeout(fake: FakeTelegram) -> None:
    with pytest.raises(AssertionError, match="no calls reached the fake"):
        await fake.wait_for("sendMessage", timeout=0.05)


async def test_dispatcher_polling_end_to_end(fake: FakeTelegram, bot: Bot) -> None:
    downloads: list[bytes] = []
    dp = Dispatcher()
    dp.include_router(build_router(downloads))
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        alice = fake.user(1001, "Alice", username="alice")
        alice.send_text("/start")
        [welcome] = await fake.wait_for("sendMessage", chat_id=alice.id)
        assert welcome.text == "Welcome"

        alice.click(welcome, "menu:rooms")
        [answer] = await fake.wait_for("answerCallbackQuery")
        [edit] = await fake.wait_for("editMessageText", chat_id=alice.id)
        assert answer.params["text"] == "Loading"
        assert (
            edit.text == "Rooms: 3" and edit.params["message_id"] == welcome.result["message_id"]
        )

        content = b"%PDF-1.4 invoice"
        alice.send_document("invoice.pdf", content, caption="for room 12")
        replies = await fake.wait_for("sendMessage", count=2, chat_id=alice.id)
        assert replies[-1].text == f"Got invoice.pdf: {len(content)} bytes"
        assert downloads == [content]
    finally:
        await dp.stop_polling()
        await polling
    # the dispatcher asked only for the update types it handles
    polls = [c for c in fake.calls if c.method == "getUpdates"]
    assert polls[0].params["allowed_updates"] == ["callback_query", "message"]


async def test_webhook_mode_checks_the_secret(
    fake: FakeTelegram, bot: Bot, aiohttp_server: AiohttpServer
) -> None:
    replies: list[str] = []
    router = Router()

    @router.message(CommandStart())
    async def on_start(message: Message) -> None:
        replies.append("start")
        await message.answer("Welcome via webhook")

    dp = Dispatcher()
    dp.include_router(router)
    secret = "hotel-secret_123"
    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token=secret).register(
        app, path="/telegram/webhook"
    )
    server = await aiohttp_server(app)
    url = str(server.make_url("/telegram/webhook"))

    assert await bot.set_webhook(url, secret_token=secret)
    info = await bot.get_webhook_info()
    assert (info.url, fake.webhook_secret) == (url, secret)
    with pytest.raises(TelegramConflictError):
        await bot.get_updates()

    alice = fake.user(1001, "Alice")
    assert (
        await fake.post_update(url, fake.text_update(alice, "/start"), fake.webhook_secret) == 200
    )
    [reply] = await fake.wait_for("sendMessage", chat_id=alice.id)
    assert reply.text == "Welcome via webhook"

    assert await fake.post_update(url, fake.text_update(alice, "/start"), "wrong") == 401
    assert await fake.post_update(url, fake.text_update(alice, "/start")) == 401
    assert replies == ["start"]
    assert await bot.delete_webhook()
    assert fake.webhook_url == ""


async def test_second_poller_and_blocked_user_get_telegram_errors(
    fake: FakeTelegram, bot: Bot
) -> None:
    """Two bot instances polling, or a guest who blocked the bot, are real production failures."""
    fake.poll_cap = 5.0
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for_poll()
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await older

    fake.blocked.add(CHAT)
    with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
        await bot.send_message(CHAT, "Your room is ready")


async def test_groups_forums_and_topics_behave_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    plain = fake.add_group(-5005, "Desk")
    forum = fake.add_group(-1005006, "Desk forum", forum=True)
    assert plain["type"] == "group" and "is_forum" not in plain
    assert forum["type"] == "supergroup" and forum["is_forum"] is True
    with pytest.raises(TelegramBadRequest, match="not a forum"):
        await bot.create_forum_topic(-5005, "Anna")
    topic = await bot.create_forum_topic(-1005006, "Anna +7900•••••67")
    assert fake.topics[-1005006] == {topic.message_thread_id: "Anna +7900•••••67"}
    sent = await bot.send_message(-1005006, "card", message_thread_id=topic.message_thread_id)
    assert sent.chat.is_forum and sent.is_topic_message
    assert sent.message_thread_id == topic.message_thread_id
    # Outside a forum the thread is ignored; a deleted topic refuses sends.
    assert (await bot.send_message(-5005, "hi", message_thread_id=99)).message_thread_id is None
    fake.delete_topic(-1005006, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(-1005006, "card", message_thread_id=topic.message_thread_id)
    # A member writes in a topic; the bot removed from the group gets 403 there.
    member = fake.user(77, "Pedro")
    update = fake.group_text_update(member, -1005006, "/bindgroup", thread_id=5)
    message = update["message"]
    assert message["chat"]["is_forum"] and message["message_thread_id"] == 5
    assert message["entities"][0]["type"] == "bot_command"
    fake.kicked.add(-5005)
    with pytest.raises(TelegramForbiddenError, match="kicked"):
        await bot.send_message(-5005, "hi")

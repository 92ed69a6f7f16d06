"""The hotel card's knowledge: the entries the guest flow answers from — browse them, edit an
answer, delete one, add one question by question, or import a file in the command line's
format (bot.guest_flow.knowledge)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot import iso639
from bot.admin_flow.core import knowledge_try
from bot.admin_flow.core.access import Permission, audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import (
    PAGE,
    Stale,
    back,
    button,
    button_lang,
    fit,
    forget,
    hotel_for,
    language,
    paged_grid,
    prompt,
    reask,
    with_note,
)
from bot.admin_flow.core.hotel_setup import HOTEL_AREA, SKIP, InvalidInput, Step
from bot.admin_flow.core.replies import Button, Reply
from bot.guest_flow import knowledge_check
from bot.guest_flow.knowledge import (
    InvalidKnowledge,
    check_size,
    check_text,
    import_entries,
    import_warnings,
    parse_document,
    parse_entries,
)
from bot.guest_flow.matching import KnowledgeItem
from bot.limits import TRY_QUESTION
from bot.store.models import Hotel, KnowledgeEntry

IMPORT_SUFFIXES = (".yaml", ".yml", ".json")
Loader = Callable[[], Awaitable[bytes]]


async def knowledge_menu(ctx: AdminContext, actor: Actor, hotel_id: int, page: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    query = KnowledgeEntry.filter(hotel_id=hotel.id)
    total = await query.count()
    page = max(0, min(page, (total - 1) // PAGE)) if total else 0
    entries = await query.order_by("topic").offset(page * PAGE).limit(PAGE)
    text = ctx.t(actor, "admin.hotels.kb.title", name=hotel.name, count=total)
    if not total:
        text += "\n" + ctx.t(actor, "admin.hotels.kb.empty")
    topics = [Button.of(e.topic[:40], HOTEL_AREA, "ke", hotel.id, e.id) for e in entries]
    rows = paged_grid(
        topics,
        page,
        total,
        button(ctx, actor, "prev", "kb", hotel.id, page - 1),
        button(ctx, actor, "next", "kb", hotel.id, page + 1),
    )
    rows.append(
        [
            button(ctx, actor, "kb_add", "ka", hotel.id),
            button(ctx, actor, "kb_import", "ki", hotel.id),
        ]
    )
    rows.append([button(ctx, actor, "kb_try", "kt", hotel.id)])
    rows.append(back(ctx, actor, "card", hotel.id))
    return Step(Reply(text, rows))


async def _entry(hotel: Hotel, entry_id: int) -> KnowledgeEntry:
    entry = await KnowledgeEntry.get_or_none(id=entry_id, hotel_id=hotel.id)
    if entry is None:
        raise Stale(entry_id)
    return entry


async def entry_view(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    parts = [ctx.t(actor, "admin.hotels.kb.entry", topic=entry.topic)]
    for lang, questions in entry.questions.items():
        parts.append(f"[{lang}] ? " + " | ".join(questions))
    parts += [f"[{lang}] → {text}" for lang, text in entry.answer.items()]
    langs = list(dict.fromkeys([*hotel.language_list, *entry.answer]))
    buttons = [
        button_lang(ctx, actor, "kb_answer", lang, "kw", hotel.id, entry.id, lang)
        for lang in langs
        if iso639.is_code(lang)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(
        [
            button(ctx, actor, "delete", "kd", hotel.id, entry.id),
            *back(ctx, actor, "kb", hotel.id, 0),
        ]
    )
    return Step(Reply(fit("\n".join(parts)), rows))


async def entry_delete_ask(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    rows = [
        [
            button(ctx, actor, "delete_yes", "kx", hotel.id, entry.id),
            button(ctx, actor, "keep", "ke", hotel.id, entry.id),
        ]
    ]
    return Step(Reply(ctx.t(actor, "admin.hotels.kb.delete_ask", topic=entry.topic), rows))


async def entry_delete(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    before = {"topic": entry.topic, "questions": entry.questions, "answer": entry.answer}
    await entry.delete()
    forget(ctx, hotel)
    await audit(actor, "knowledge_delete", hotel.id, before=before)
    menu = await knowledge_menu(ctx, actor, hotel.id, 0)
    note = ctx.t(actor, "admin.hotels.kb.deleted", topic=entry.topic)
    return Step(with_note(note, menu.reply))


async def answer_prompt(
    ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int, lang: str
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    lang = language(ctx, lang)
    text = ctx.t(
        actor,
        "admin.hotels.kb.ask_answer_edit",
        topic=entry.topic,
        language=lang,
        current=entry.answer.get(lang, "—"),
    )
    data = {"op": "kb_answer", "hotel_id": hotel.id, "entry_id": entry.id, "language": lang}
    return prompt(ctx, actor, fit(text), data)


def _answer_text(text: str) -> str:
    value = check_text("answer", text)
    if not value:
        raise InvalidInput("empty")
    return value


async def answer_set(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    entry = await _entry(hotel, int(data["entry_id"]))
    lang = language(ctx, str(data["language"]))
    try:
        value = _answer_text(text)
    except (InvalidInput, InvalidKnowledge) as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    old = entry.answer.get(lang)
    entry.answer = {**entry.answer, lang: value}
    await entry.save()
    forget(ctx, hotel)
    await audit(
        actor,
        "knowledge_edit",
        hotel.id,
        before={"topic": entry.topic, "language": lang, "answer": old},
        after={"topic": entry.topic, "language": lang, "answer": value},
    )
    view = await entry_view(ctx, actor, hotel.id, entry.id)
    return Step(with_note(ctx.t(actor, "admin.hotels.edit.saved"), view.reply), fresh=True)


async def add_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    data = {"op": "kb_add", "hotel_id": hotel.id, "stage": "topic", "i": 0}
    return prompt(ctx, actor, ctx.t(actor, "admin.hotels.kb.ask_topic"), data)


def _add_question(ctx: AdminContext, actor: Actor, hotel: Hotel, data: dict[str, Any]) -> str:
    lang = hotel.language_list[int(data["i"])]
    key = "ask_questions" if data["stage"] == "questions" else "ask_answer"
    return ctx.t(actor, f"admin.hotels.kb.{key}", language=lang, topic=data["topic"])


async def add_input(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    """topic → questions per hotel language → answer per hotel language; "-" skips one."""
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    langs = hotel.language_list
    new = dict(data)
    stage, index = str(data["stage"]), int(data["i"])
    try:
        if stage == "topic":
            topic = check_text("topic", " ".join(text.split()))
            if not topic:
                raise InvalidInput("empty")
            if await KnowledgeEntry.exists(hotel_id=hotel.id, topic=topic):
                raise InvalidInput("topic_taken", topic=topic)
            new.update(topic=topic, stage="questions", i=0, questions={}, answer={})
        elif index >= len(langs):
            raise Stale(index)  # the hotel's languages changed under the dialog
        else:
            collected = dict(new["questions" if stage == "questions" else "answer"])
            last = index == len(langs) - 1
            if text.strip() == SKIP:
                if last and not collected:
                    raise InvalidInput("need_one")
            elif stage == "questions":
                lines = [check_text("question", x) for x in text.splitlines() if x.strip()]
                if not lines:
                    raise InvalidInput("empty")
                collected[langs[index]] = lines
            else:
                collected[langs[index]] = _answer_text(text)
            new["questions" if stage == "questions" else "answer"] = collected
            new["i"] = index + 1
            if last and stage == "questions":
                new.update(stage="answers", i=0)
            elif last:
                return await _add_save(ctx, actor, hotel, new)
    except (InvalidInput, InvalidKnowledge) as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    return Step(Reply(_add_question(ctx, actor, hotel, new)), "text", new)


async def _add_save(ctx: AdminContext, actor: Actor, hotel: Hotel, data: dict[str, Any]) -> Step:
    entry = {"topic": data["topic"], "questions": data["questions"], "answer": data["answer"]}
    try:
        items = parse_entries({"entries": [entry]})
    except InvalidKnowledge as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.kb.add_bad", error=ctx.refusal(actor, exc))))
    await import_entries(hotel.id, items)
    forget(ctx, hotel)
    await audit(actor, "knowledge_add", hotel.id, after=entry)
    stored = await KnowledgeEntry.get(hotel_id=hotel.id, topic=items[0].topic)
    view = await entry_view(ctx, actor, hotel.id, stored.id)
    return Step(with_note(ctx.t(actor, "admin.hotels.kb.added"), view.reply), fresh=True)


async def import_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(actor, "admin.hotels.kb.ask_file", name=hotel.name)
    return prompt(ctx, actor, text, {"op": "kb_file", "hotel_id": hotel.id}, state="file")


def check_upload(name: str, size: int) -> None:
    """Before downloading: the right kind of file, and not too big to hold in memory."""
    if not name.lower().endswith(IMPORT_SUFFIXES):
        raise InvalidKnowledge("knowledge_file_kind", name=name)
    check_size(name, size)


def read_knowledge(name: str, content: bytes) -> list[KnowledgeItem]:
    """The command line's import format (bot.guest_flow.knowledge), from an uploaded file."""
    check_upload(name, len(content))
    return parse_document(name, content)


async def import_file(
    ctx: AdminContext, actor: Actor, data: dict[str, Any], name: str, size: int, load: Loader
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    try:
        check_upload(name, size)
        items = read_knowledge(name, await load())
    except InvalidKnowledge as exc:
        # Nothing was written; the prompt stays open for a corrected file.
        text = ctx.t(actor, "admin.hotels.kb.import_bad", error=ctx.refusal(actor, exc))
        return Step(Reply(fit(text)), "file", data)
    imported, replaced = await import_entries(hotel.id, items)
    forget(ctx, hotel)
    topics = [item.topic for item in items]
    index = await ctx.flow.brain.knowledge.index(hotel.id)  # built now for the next guest too
    warnings = await import_warnings(hotel.id, topics, index)
    await audit(
        actor,
        "knowledge_import",
        hotel.id,
        before={"replaced": replaced},
        after={"file": name, "imported": imported, "topics": topics[:50]},
    )
    menu = await knowledge_menu(ctx, actor, hotel.id, 0)
    note = ctx.t(actor, "admin.hotels.kb.imported", count=imported, replaced=replaced)

    def say(key: str, **values: object) -> str:
        return ctx.t(actor, key, **values)

    if warnings:
        note += "\n\n" + knowledge_check.render(warnings, say)
    return Step(with_note(note, menu.reply), fresh=True)


async def try_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    return prompt(
        ctx, actor, ctx.t(actor, "admin.hotels.try.ask"), {"op": "kb_try", "hotel_id": hotel.id}
    )


async def try_input(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    """A question typed to try: what the bot would do with it, and why (`knowledge_try`); the
    prompt stays open for the next one."""
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    question = text.strip()
    if not question:
        return reask(ctx, actor, data, ctx.t(actor, "admin.hotels.invalid.empty"))
    if len(question) > TRY_QUESTION:
        why = ctx.t(actor, "admin.hotels.try.too_long", limit=TRY_QUESTION)
        return reask(ctx, actor, data, why)
    access = ctx.flow.directory.access(hotel)
    result = await knowledge_try.trial(ctx.flow.brain, access, question)

    def say(key: str, **values: object) -> str:
        return ctx.t(actor, key, **values)

    shown = fit(knowledge_try.render(result, say) + "\n\n" + say("admin.hotels.try.again"))
    return Step(Reply(shown, [back(ctx, actor, "kb", hotel.id, 0)]), "text", data)

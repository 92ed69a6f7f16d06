"""Realistic guest traffic: Green API webhook bodies with varied English and Russian texts.

The bodies are built exactly like tests/conftest.py's `text_body` (the documented
incomingMessageReceived/textMessage fixture with instance, chat and idMessage replaced), so the
server parses, matches and answers them the way it would real WhatsApp messages.

The texts are chosen so that *every* message gets at least one reply: questions from the demo
knowledge (paraphrased, so matching does real work), service requests (towels, cleaning,
repairs, taxi...) and small talk. Words that make the bot fall silent for a guest on purpose
(opt-out "stop", asking for a person, anger, which hands the chat to staff) are left out,
because the benchmark checks that every message it posted was answered.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "greenapi" / "incomingMessageReceived.textMessage.json"

EN_QUESTIONS = (
    "Hi, what time is check-in?",
    "When can we check in tomorrow?",
    "Is early check in possible? We land at 9am",
    "What time do we have to check out?",
    "How much is a late check-out?",
    "What time is breakfast served?",
    "Is breakfast included in our rate?",
    "What's the wifi password please?",
    "Do you have parking for a car?",
    "How much does parking cost per day?",
    "How do I get from the airport to the hotel?",
    "Is there a swimming pool or a gym?",
    "Do you have a spa with a sauna?",
    "Until when is the bar open tonight?",
    "Is room service available at night?",
    "Can I bring my dog?",
    "Can we leave our luggage after check-out?",
    "Do you have a laundry service?",
    "Can I pay by credit card?",
    "What's the hotel address?",
    "Where can I smoke?",
    "Is the reception open at night?",
    "What is your cancellation policy?",
)
RU_QUESTIONS = (
    "Здравствуйте, во сколько заселение?",
    "Когда можно заселиться завтра?",
    "Во сколько нужно выехать из номера?",
    "Сколько стоит поздний выезд?",
    "Во сколько завтрак?",
    "Завтрак входит в стоимость?",
    "Какой пароль от вайфая?",
    "Есть ли у вас парковка?",
    "Сколько стоит парковка в сутки?",
    "Как добраться из аэропорта до отеля?",
    "Есть ли бассейн или тренажёрный зал?",
    "У вас есть сауна?",
    "До скольки работает бар?",
    "Можно заказать еду в номер вечером?",
    "Можно приехать с собакой?",
    "Можно оставить чемоданы после выезда?",
    "Есть ли прачечная?",
    "Можно оплатить картой?",
    "Какой адрес отеля?",
    "Где можно покурить?",
    "Ресепшен работает ночью?",
    "Какие условия отмены бронирования?",
)
EN_REQUESTS = (
    "Could you bring two more towels to room 312 please?",
    "We need fresh towels please",
    "Can I get an extra pillow?",
    "Please clean my room today",
    "The air conditioning is not working in 207",
    "Can you call me a taxi for 7 am?",
    "Could you wake me up at 6:30 tomorrow?",
    "Can we have an extra blanket please?",
    "The shower is leaking in our bathroom",
)
RU_REQUESTS = (
    "Принесите, пожалуйста, ещё полотенца в номер 405",
    "Можно дополнительную подушку?",
    "Уберите, пожалуйста, номер",
    "Не работает кондиционер в номере",
    "Вызовите такси на 8 утра, пожалуйста",
    "Разбудите меня в 7 утра, пожалуйста",
    "Нужно ещё одно одеяло",
)
EN_SMALL_TALK = (
    "Hello!",
    "Good morning",
    "Thanks a lot!",
    "Great, thank you",
    "Hi there",
    "Have a nice day",
)
RU_SMALL_TALK = (
    "Привет!",
    "Добрый день",
    "Спасибо большое!",
    "Отлично, спасибо",
    "Хорошего дня",
)
NAMES = (
    "Anna",
    "John Smith",
    "Мария",
    "Алексей",
    "Sophie",
    "Carlos",
    "Ольга Петрова",
    "Tom",
    "Li Wei",
    "Дмитрий",
)


@dataclass(frozen=True)
class Hotel:
    """One provisioned hotel as the benchmark knows it (gateway side and webhook side)."""

    number: int
    instance_id: int
    token: str
    webhook_token: str
    wid: str


@dataclass(frozen=True)
class Post:
    """One prepared webhook request: the body is serialised before the clock starts."""

    hotel: Hotel
    chat_id: str
    body: bytes


def make_hotels(count: int) -> list[Hotel]:
    """Instance ids and tokens in the shape Green API gives them (10-digit id, 50-char token)."""
    hotels = []
    for n in range(1, count + 1):
        seed = uuid.uuid5(uuid.NAMESPACE_URL, f"hotel-boost-bench-{n}").hex
        hotels.append(
            Hotel(
                number=n,
                instance_id=1101000000 + n,
                token=(seed + seed)[:50],
                webhook_token=f"bench-webhook-{n:02d}-{seed[:16]}",
                wid=f"7999000{n:04d}@c.us",
            )
        )
    return hotels


def text_body(template: dict[str, Any], hotel: Hotel, chat_id: str, name: str, text: str) -> bytes:
    """The documented textMessage notification with this hotel, guest and a fresh idMessage."""
    body = json.loads(json.dumps(template))
    body["instanceData"]["idInstance"] = hotel.instance_id
    body["instanceData"]["wid"] = hotel.wid
    body["timestamp"] = int(time.time())
    body["idMessage"] = "3EB0" + uuid.uuid4().hex[:18].upper()
    body["senderData"].update(
        chatId=chat_id,
        chatName=name,
        sender=chat_id,
        senderName=name,
        senderContactName="",
    )
    body["messageData"] = {"typeMessage": "textMessage", "textMessageData": {"textMessage": text}}
    return json.dumps(body, ensure_ascii=False).encode()


def guests_for(messages: int, max_per_guest: int) -> int:
    """Enough guests that nobody sends more than `max_per_guest` messages (and at least 1000)."""
    return max(1000, -(-messages // max_per_guest))


def build_posts(
    hotels: list[Hotel],
    messages: int,
    *,
    guests: int,
    chat_base: int,
    seed: int,
) -> list[Post]:
    """`messages` posts from `guests` guests, round-robin, guests spread over the hotels.

    Round-robin keeps one guest's messages as far apart in time as possible, so the per-guest
    flood guard (8 messages per 30 s) never fires; each guest writes in one language.
    """
    rng = random.Random(seed)
    template: dict[str, Any] = json.loads(FIXTURE.read_text())
    people = []
    for g in range(guests):
        russian = rng.random() < 0.4
        people.append(
            (
                hotels[g % len(hotels)],
                f"{chat_base + g}@c.us",
                rng.choice(NAMES),
                (RU_QUESTIONS, RU_REQUESTS, RU_SMALL_TALK)
                if russian
                else (EN_QUESTIONS, EN_REQUESTS, EN_SMALL_TALK),
            )
        )
    posts = []
    for i in range(messages):
        hotel, chat_id, name, (questions, requests, small_talk) = people[i % guests]
        roll = rng.random()
        pool = questions if roll < 0.65 else requests if roll < 0.85 else small_talk
        text = rng.choice(pool)
        posts.append(Post(hotel, chat_id, text_body(template, hotel, chat_id, name, text)))
    return posts

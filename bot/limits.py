"""Every size and count the bot enforces, in one place.

Input from anyone (a guest, a manager, a knowledge file, the model, the gateway) is bounded by
one of these, so no single message, template or file can make the process use unbounded memory
or send unbounded text. Each limit is named for what it bounds and tested at the limit and one
past it (`tests/test_limits.py`); SECURITY.md lists them.
"""

from __future__ import annotations

from typing import Final

# --- what leaves the bot -------------------------------------------------------------------
# Green API refuses a text over 20,000 characters (400, not retried): every outgoing WhatsApp
# text, whatever wrote it (template, knowledge, AI, staff), is cut to this (`whatsapp_text`)
# as it is written into the outbox.
WHATSAPP_TEXT: Final = 20_000
# Telegram refuses a message text over 4,096 characters.
TELEGRAM_TEXT: Final = 4_096
# A hotel card screen's text, before a note or prompt hint is added around it.
TELEGRAM_SCREEN: Final = TELEGRAM_TEXT - 96

# --- reading the gateway's journals (reconciling sends whose outcome is unknown) ----------------
# Green API answers lastOutgoingMessages and getChatHistory about once a second per instance.
GREEN_API_JOURNAL_CALLS_PER_SECOND: Final = 1
# lastOutgoingMessages reaches this many minutes back at most (its default, 24 hours); an
# attempt older than that is looked for in its chat's history instead.
GREEN_API_JOURNAL_MINUTES: Final = 1_440
CHAT_HISTORY_COUNT: Final = 200  # messages asked of getChatHistory for one chat
RECONCILE_ROWS: Final = 1_000  # replies of unknown outcome read in one reconciliation pass

# --- what comes in from the gateway ------------------------------------------------------------
WEBHOOK_BODY_BYTES: Final = 1024 * 1024  # a notification's JSON body
WEBHOOK_JSON_DEPTH: Final = 32  # nesting of that body; real notifications use 5
INSTANCE_ID_MAX: Final = 2**63 - 1  # idInstance must fit a BIGINT
GATEWAY_ID: Final = 100  # a chatId, idMessage or caller: longer is malformed (column width)
GATEWAY_WORD: Final = 32  # typeMessage, status, stateInstance: Green API's own words are short
GATEWAY_WID: Final = 64  # the instance's own WhatsApp id, as stored on the hotel
GATEWAY_ERROR: Final = 500  # a failure's description, as kept on the message
GUEST_NAME: Final = 200  # a guest's WhatsApp name is kept to this

# --- what managers write -------------------------------------------------------------------
HOTEL_NAME: Final = 200
HOTEL_URL: Final = 300
HOTEL_LANGUAGES: Final = 30  # languages a hotel declares (the column holds 100 characters)
GATEWAY_TOKEN: Final = 200
TEMPLATE_TEXT: Final = 1_000
KNOWLEDGE_TOPIC: Final = 100
KNOWLEDGE_ANSWER: Final = 3_000  # per language
KNOWLEDGE_QUESTION: Final = 500  # per phrasing
KNOWLEDGE_QUESTIONS: Final = 50  # phrasings per entry and language
KNOWLEDGE_FILE_BYTES: Final = 1024 * 1024  # the file as uploaded
KNOWLEDGE_EXPANDED_CHARS: Final = 1024 * 1024  # the file once parsed (YAML anchors expand)
KNOWLEDGE_ENTRIES: Final = 2_000  # entries in one file
KNOWLEDGE_CHECK_SECONDS: Final = 5.0  # an import's "too alike" check, at most (in a thread)

# --- numbers typed by people or carried in button data ---------------------------------------
ID_DIGITS: Final = 18  # digits at most in an id (hotel, guest, request) typed or in a button
# Hotels, knowledge entries, translations and staff have INTEGER keys: a larger id names no row
# (and PostgreSQL refuses the query), so it is answered as naming nothing.
INTEGER_ID_MAX: Final = 2**31 - 1

# --- lists shown to staff --------------------------------------------------------------------
AUDIT_PAGE: Final = 20
CARD_PAGE: Final = 10  # hotels in /hotels, knowledge entries in a hotel card
INVITES_SHOWN: Final = 20  # open invites listed by /invites (each with its cancel button)
INBOX_PAGE: Final = 20
UNANSWERED_PAGE: Final = 5  # question groups per /unanswered page (each has its Save button)
UNANSWERED_DAYS: Final = 7  # how far back /unanswered looks
# Unanswered guest messages /unanswered reads at most (the newest): a week of a busy hotel.
UNANSWERED_SCAN: Final = 5_000

# --- report images (bot/reports) ---------------------------------------------------------------
TELEGRAM_CAPTION: Final = 1_024  # Telegram refuses a photo or document caption over this
# A guest's file shown to staff: Telegram bots upload at most 50 MB; a larger one is named in
# text instead, and never read past this into memory.
GUEST_MEDIA_BYTES: Final = 50 * 1024 * 1024
# Threads rendering report images at once (matplotlib, off the event loop): each holds the GIL
# while it draws, so more would slow webhooks without finishing reports sooner on 2 cores.
REPORT_RENDER_THREADS: Final = 1
# Reports whose queries run at once: SQLite has one connection, and a webhook's insert waits
# behind every query queued before it (bench/reports.py measured the acks).
REPORT_QUERIES_AT_ONCE: Final = 1
# Tries of one daily report Telegram did not deliver (5xx, 429, network), on later scheduler
# ticks of the same local day: outlasts a short outage without writing to anyone all day.
REPORT_SEND_ATTEMPTS: Final = 3
REPORT_BAR_ROWS: Final = 6  # request kinds / languages drawn as bars; the rest join "other"
REPORT_SLICES: Final = 5  # hotels named in the overview's doughnut; the rest join "other"
REPORT_TABLE_ROWS: Final = 10  # hotels in the overview's table (the busiest); the CSV has all
REPORT_TITLE_CHARS: Final = 60  # a hotel name in an image's title (two lines at most)
REPORT_LABEL_CHARS: Final = 20  # a hotel name in a table row or legend, or a bar's label

# --- backups ---------------------------------------------------------------------------------
# Telegram's Bot API takes uploads up to 50 MB: a larger backup stays on the server, and the bot
# says where it is instead of sending it.
TELEGRAM_UPLOAD_BYTES: Final = 50 * 1000 * 1000
# Plaintext per encrypted chunk of a backup file: memory stays bounded however large the
# database, and a truncated file is caught at a chunk boundary.
BACKUP_CHUNK_BYTES: Final = 1024 * 1024
# A backup's manifest (JSON: schema, counts per table): larger is not one of ours.
BACKUP_MANIFEST_BYTES: Final = 64 * 1024
# One exported row (a JSON line); the largest real row is a 20,000-character message.
EXPORT_LINE_BYTES: Final = 4 * 1024 * 1024
# Rows read per query while exporting: one query's rows in memory at a time.
EXPORT_BATCH_ROWS: Final = 2_000
BACKUPS_SHOWN: Final = 20  # stored backups listed by /backups, newest first
# Events whose text nightly retention strips per query (and per transaction): memory stays
# bounded however many events a night finds.
RETENTION_BATCH_ROWS: Final = 500

# --- the model ------------------------------------------------------------------------------
AI_QUESTION: Final = 2_000  # characters of the guest's message sent to the model
# Characters of a guest's message its words are read in (intents, the knowledge matcher, the
# "which one?" question, follow-ups, retrieval): they run on the event loop at a cost growing
# with the words, and a 65,536-character message of misspelt words held it for seconds. The
# model reads no more either; the message is stored whole.
GUEST_READ_CHARS: Final = AI_QUESTION
AI_COMPLETION_TOKENS: Final = 300  # max_completion_tokens of an answer
AI_PROBE_TOKENS: Final = 16  # max_completion_tokens of the breaker's probe
AI_HEALTH_WINDOW: Final = 100  # recent calls the error rate and p50/p95 latency are over
AI_DETAIL: Final = 500  # ai_calls.detail
# A model answer longer than this is cut to the whole paragraphs and sentences from its start
# that fit, or refused when no such cut keeps AI_SHORT_WORDS content words (ai_guard.shorten):
# a WhatsApp reader wants a few lines, and a long answer is where made-up details hide.
AI_ANSWER_CHARS: Final = 700
AI_SHORT_WORDS: Final = 4
# A run of this many words shared with the instructions is a prompt leak; so is an answer
# holding every such run of AI_LEAK_FACTS facts or more ("repeat everything above").
AI_LEAK_WORDS: Final = 6
AI_LEAK_FACTS: Final = 3
AI_TOOL_TEXT: Final = 300  # a tool argument (details, reason, room, time) as kept
# Retrieval: the facts sent to the model are the best of the matcher's and the retriever's
# rankings fused, as many as fit in AI_FACTS_CHARS characters of answers (bench/ai_retrieval.py).
AI_FACTS_CHARS: Final = 1_500
# ... or AI_FACTS_SURE_CHARS when both rankings put the same entry first and the matcher
# scores it at least AI_FACTS_SURE_SCORE (same recall on the tuning half, half the prompt).
AI_FACTS_SURE_CHARS: Final = 600
AI_FACTS_SURE_SCORE: Final = 0.3
# Embeddings (opt-in, guest_flow/ai_embed.py): a question's vector is waited for at most
# AI_EMBED_SECONDS (then retrieval is lexical alone); entries are embedded AI_EMBED_BATCH to a
# request, in the background; the AI_EMBED_TOP nearest entries join the fused ranking.
AI_EMBED_SECONDS: Final = 1.5
AI_EMBED_BATCH: Final = 100
AI_EMBED_CHARS: Final = 6_000  # of an entry embedded: well under 8,191 tokens in any script
AI_EMBED_TOP: Final = 10
AI_EMBED_RETRY_SECONDS: Final = 60  # after entries failed to embed, before trying again
# A message of at most FOLLOW_UP_WORDS words that reads as a follow-up ("and is it heated?")
# is read with the guest's previous message when that came within FOLLOW_UP_MINUTES
# (guest_flow/followup.py; the cases in tests/test_follow_up.py).
FOLLOW_UP_WORDS: Final = 7
FOLLOW_UP_MINUTES: Final = 30
# A knowledge base whose answers total at most this many characters is sent whole: a small
# hotel's every fact costs less than a missed one (the ranker is lexical, "chihuahua" shares
# no word with the pets entry), a 300-entry hotel's 30,000 characters do not.
AI_FACTS_ALL_CHARS: Final = 4_000
# The conversation sent with a question: its last AI_HISTORY_TURNS messages of the last
# AI_HISTORY_HOURS, each cut to AI_HISTORY_CHARS.
AI_HISTORY_TURNS: Final = 6
AI_HISTORY_HOURS: Final = 12
AI_HISTORY_CHARS: Final = 500
TRIVIAL_WORDS: Final = 6  # words at most in a message answered as "ok"/"thanks"/"hi"
RETENTION_DAYS_MAX: Final = 3_650  # guests' texts kept at most ten years when a limit is set
AI_DAILY_TOKENS_MAX: Final = 2**31 - 1  # a hotel's daily AI budget must fit hotels.ai_daily_tokens
# Translations of hotel texts (guest_flow/translate.py): a call may take this many AI deadlines
# (in the background: the guest waits one deadline at most, a late translation is still kept),
# answers in at most AI_TRANSLATION_TOKENS, and a text whose translation the guard refused is
# not asked for again for AI_TRANSLATION_RETRY_SECONDS.
AI_TRANSLATION_DEADLINES: Final = 3
AI_TRANSLATION_TOKENS: Final = 2_000
AI_TRANSLATION_RETRY_SECONDS: Final = 600.0


# --- asking which of two close topics a guest means (guest_flow/clarify.py) ------------------
# The question holds for the guest's very next message, at most this long after it was asked: a
# reply an hour later is about something else.
CLARIFY_SECONDS: Final = 300
# A reply of more words than this is a new message, not a choice ("1", "the breakfast one" and
# "room service please" fit; the guest's next full question does not).
CLARIFY_REPLY_WORDS: Final = 5
# A guest's second request of the same kind, while the first is not done and is at most this
# old, joins the first (guest_flow/service_requests.py) instead of making a second ticket.
REQUEST_MERGE_MINUTES: Final = 30
# Knowledge `try` (the command line and the hotel card): a question is at most this long.
TRY_QUESTION: Final = 1_000
# A file (photo, document, voice, audio, video) a staff member sends a guest: Telegram lets a
# bot download up to 20 MB, and the file waits in DATA_DIR until the outbox sent it (Green API
# takes up to 100 MB).
STAFF_FILE_BYTES: Final = 20 * 1024 * 1024
# How long a staff reply's delivery mark follows the gateway (delivered and read can come
# hours later); an older mark keeps what it last said.
MARK_WATCH_HOURS: Final = 48
# A staff file whose reply failed is kept this long for the mark's Retry, then swept nightly.
STAFF_FILE_KEEP_DAYS: Final = 7
# A staff chat message older than this no longer stands for its guest: its link (about one row
# per card, forwarded message and reply) is pruned nightly, but an open request's never is.
# A reply to it then hears that it no longer leads to its guest; a forum topic still routes.
STAFF_LINK_KEEP_DAYS: Final = 90


def whatsapp_text(text: str) -> str:
    """A text as the gateway will take it: every writer of an outgoing WhatsApp row calls this.

    Counted in UTF-16 units (a JavaScript or Java string's length), the stricter reading of
    "characters", so a text of emoji is cut as surely as one of letters; cut between
    characters (half a surrogate pair is dropped), with an ellipsis saying so.
    """
    if len(text) <= WHATSAPP_TEXT // 2:  # the hot path: no character is over two units
        return text
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * WHATSAPP_TEXT:
        return text
    return units[: 2 * (WHATSAPP_TEXT - 1)].decode("utf-16-le", "ignore") + "…"

"""Fake OpenAI API: `POST /v1/chat/completions` on loopback for the real `openai` SDK.

The SDK (v3, HTTPX2 transport) cannot be intercepted by RESPX, and mocking our own functions
would skip the SDK's request building and error mapping, so the fake speaks HTTP like the
SDK's own test server does. Point `AsyncOpenAI(base_url=fake.url, api_key=fake.api_key)` at it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Final

from aiohttp import web

from tests.fakes.server import LoopbackServer

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_REPLY",
    "SHAPES",
    "Delay",
    "FakeOpenAI",
    "Reply",
    "ToolCall",
    "bag_of_words",
    "error_body",
]

DEFAULT_API_KEY: Final = "sk-test-fake-openai-key"
DEFAULT_REPLY: Final = "Hello! How can I help you?"

Reply = str | dict[str, Any] | Callable[[dict[str, Any]], str | dict[str, Any]]
"""A fixed answer, or a function of the request JSON (to answer by prompt). A dict is a
structured output: sent as its JSON text in `content`, as the API does for `response_format`
with a JSON schema."""

ToolCall = tuple[str, str | dict[str, Any]]
"""A tool call to answer with: the function's name and its arguments (a dict is sent as its
JSON text; a str is sent as is, to send arguments that are not JSON)."""

Delay = float | Callable[[dict[str, Any]], float]
"""Seconds before answering: fixed, or a function of the request JSON (to hang for one hotel)."""

SHAPES: Final = frozenset(
    {"malformed", "not_json", "no_choices", "empty_choices", "refusal", "length",
     "content_filter"}
)  # fmt: skip
"""What `shape_next` can make a 200 look like: a body that is not JSON (`malformed`, with a
JSON content type; `not_json`, as HTML), JSON without `choices`, `choices: []`, a refusal, an
answer cut off (`finish_reason: length`) or filtered (`content_filter`)."""

_ERRORS: Final[Mapping[int, tuple[str, str, str | None]]] = {
    # status: (message, type, code), as the API words them
    400: ("Invalid request.", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    404: ("Invalid URL.", "invalid_request_error", None),
    429: ("Rate limit reached for requests. Please try again in 1s.", "requests",
          "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!",
          "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}  # fmt: skip


def error_body(
    status: int, message: str | None = None, *, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    """OpenAI's error JSON: `{"error": {"message", "type", "param", "code"}}`."""
    default_message, kind, default_code = _ERRORS.get(
        status,
        (_phrase(status), "invalid_request_error" if status < 500 else "server_error", None),
    )
    return {
        "error": {
            "message": message or default_message,
            "type": kind,
            "param": param,
            "code": code or default_code,
        }
    }


@dataclass(slots=True)
class _Failure:
    remaining: int
    status: int
    body: Mapping[str, Any] | str | None


class FakeOpenAI(LoopbackServer):
    """OpenAI on 127.0.0.1: `async with FakeOpenAI() as fake:`; `fake.url` ends in "/v1"."""

    url_suffix = "/v1"

    def __init__(self, *, api_key: str = DEFAULT_API_KEY, reply: Reply = DEFAULT_REPLY) -> None:
        super().__init__()
        self.api_key = api_key
        self.reply: Reply = reply
        self.requests: list[dict[str, Any]] = []
        """Parsed JSON of every authenticated chat.completions request, failed ones included."""
        self.bodies: list[bytes] = []
        """The exact bytes of each of those requests, as the SDK sent them."""
        self.delay: Delay = 0.0
        """Seconds each request waits before it is answered (to trigger client timeouts); a
        request is recorded before it waits, so a hanging one is in `requests` already."""
        self.answered = 0
        """Requests answered so far (a hanging one counts once it is answered)."""
        self.in_flight = 0
        self.max_in_flight = 0
        """Most chat requests ever waiting for their answer at once."""
        self.embed: Callable[[str], list[float]] = bag_of_words
        """The vector the embeddings endpoint gives a text (a test may teach it meanings)."""
        self.embedding_requests: list[dict[str, Any]] = []
        """Parsed JSON of every authenticated embeddings request."""
        self.embed_delay = 0.0
        """Seconds each embeddings request waits before it is answered."""
        self._failures: list[_Failure] = []
        self._shapes: list[list[Any]] = []
        self._tool_calls: list[list[ToolCall]] = []

    # --- lifecycle (LoopbackServer) ---------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_route("*", "/{path:.*}", self._not_found)

    # --- control ---------------------------------------------------------------------------

    def fail_next(
        self, count: int = 1, status: int = 500, body: Mapping[str, Any] | str | None = None
    ) -> None:
        """The next `count` completions get `status` with OpenAI's error JSON (or `body`)."""
        self._failures.append(_Failure(count, status, body))

    def shape_next(self, count: int = 1, shape: str = "malformed") -> None:
        """The next `count` completions answer 200 in one of the broken `SHAPES`."""
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}")
        self._shapes.append([count, shape])

    def call_tools_next(self, *calls: ToolCall) -> None:
        """The next completion calls these tools (content null, finish_reason "tool_calls"),
        as a model does when the request offered `tools`."""
        self._tool_calls.append(list(calls))

    @property
    def prompts(self) -> list[str]:
        """The last user message of each request, for quick assertions."""
        return [_last_user_text(request) for request in self.requests]

    # --- HTTP ------------------------------------------------------------------------------

    async def _chat_completions(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, _auth_message(request.headers.get("Authorization")))
        raw = await request.read()
        try:
            data = json.loads(raw)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.")
        if not isinstance(data, dict):
            return _error(400, "Invalid type for request body: expected an object.")
        self.requests.append(data)
        self.bodies.append(raw)
        delay = self.delay(data) if callable(self.delay) else self.delay
        if delay > 0:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), delay)
            finally:
                self.in_flight -= 1
            if self._closing.is_set():
                return _error(503, error_body(503)["error"]["message"])
        self.answered += 1
        failure = self._take_failure()
        if failure is not None:
            if isinstance(failure.body, str):
                return _error(failure.status, failure.body)
            body = failure.body if failure.body is not None else error_body(failure.status)
            return web.json_response(body, status=failure.status, headers=_headers())
        if not data.get("model"):
            return _error(400, "you must provide a model parameter")
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages:
            return _error(
                400,
                "Missing required parameter: 'messages'.",
                param="messages",
                code="missing_required_parameter",
            )
        if data.get("stream"):
            return _error(400, "FakeOpenAI does not stream; call without stream=True.")
        answer = self.reply(data) if callable(self.reply) else self.reply
        content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        calls = self._tool_calls.pop(0) if self._tool_calls else None
        if calls is not None and not data.get("tools"):
            return _error(400, "tool calls need 'tools' in the request.", param="tools")
        prompt_tokens = sum(_tokens(_text_of(m)) for m in messages if isinstance(m, dict))
        completion_tokens = _tokens(content)
        shape = self._take_shape()
        if shape == "malformed":
            return web.Response(text='{"id": "chatcmpl-x", "choi', content_type="application/json")
        if shape == "not_json":
            return web.Response(text="<html>Bad gateway</html>", content_type="text/html")
        completion: dict[str, Any] = {
            "id": f"chatcmpl-{secrets.token_hex(12)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": data["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": None,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }
        choice = completion["choices"][0]
        if calls is not None:
            choice["finish_reason"] = "tool_calls"
            choice["message"]["content"] = None
            choice["message"]["tool_calls"] = [
                {
                    "id": f"call_{secrets.token_hex(8)}",
                    "type": "function",
                    "function": {
                        "name": name,
                        "arguments": args if isinstance(args, str) else json.dumps(args),
                    },
                }
                for name, args in calls
            ]
        if shape == "no_choices":
            del completion["choices"]
        elif shape == "empty_choices":
            completion["choices"] = []
        elif shape == "refusal":
            choice["message"].update(content=None, refusal="I'm sorry, I can't help with that.")
        elif shape in ("length", "content_filter"):
            choice["finish_reason"] = shape
            if shape == "content_filter":
                choice["message"]["content"] = None
        return web.json_response(completion, headers=_headers())

    async def _embeddings(self, request: web.Request) -> web.Response:
        """POST /v1/embeddings: one vector per input (a string or a list of strings), as
        floats; base64 is refused (the product asks for floats)."""
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, _auth_message(request.headers.get("Authorization")))
        data = await request.json()
        self.embedding_requests.append(data)
        if data.get("encoding_format", "float") != "float":
            return _error(400, "FakeOpenAI answers embeddings as floats only.")
        texts = data.get("input")
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            return _error(400, "'input' must be a non-empty string or array of strings.")
        if self.embed_delay:
            await asyncio.sleep(self.embed_delay)
        tokens = sum(_tokens(text) for text in texts)
        body = {
            "object": "list",
            "data": [
                {"object": "embedding", "index": i, "embedding": self.embed(text)}
                for i, text in enumerate(texts)
            ],
            "model": data.get("model"),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
        return web.json_response(body, headers=_headers())

    async def _models(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, _auth_message(request.headers.get("Authorization")))
        model = {
            "id": "gpt-4o-mini",
            "object": "model",
            "created": 1721172741,
            "owned_by": "system",
        }
        return web.json_response({"object": "list", "data": [model]}, headers=_headers())

    async def _not_found(self, request: web.Request) -> web.Response:
        return _error(404, f"Invalid URL ({request.method} {request.path})")

    def _take_shape(self) -> str | None:
        if not self._shapes:
            return None
        spec = self._shapes[0]
        spec[0] -= 1
        if spec[0] <= 0:
            self._shapes.pop(0)
        return str(spec[1])

    def _take_failure(self) -> _Failure | None:
        if not self._failures:
            return None
        failure = self._failures[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            self._failures.pop(0)
        return failure


def _error(
    status: int, message: str, *, param: str | None = None, code: str | None = None
) -> web.Response:
    body = error_body(status, message, param=param, code=code)
    return web.Response(
        status=status, text=json.dumps(body), content_type="application/json", headers=_headers()
    )


def _headers() -> dict[str, str]:
    return {"x-request-id": f"req_{secrets.token_hex(16)}", "openai-processing-ms": "1"}


def _auth_message(header: str | None) -> str:
    if not header:
        return (
            "You didn't provide an API key. You need to provide your API key in an"
            " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        )
    key = header.removeprefix("Bearer ").strip()
    return f"Incorrect API key provided: {key[:3]}***{key[-4:]}."


def bag_of_words(text: str, dimensions: int = 64) -> list[float]:
    """A stand-in embedding: each word's count on a dimension chosen by a stable hash."""
    vector = [0.0] * dimensions
    for word in text.lower().split():
        vector[int.from_bytes(word.encode()[:8].ljust(8, b"_"), "big") % dimensions] += 1.0
    return vector


def _text_of(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: [{"type": "text", "text": ...}, ...]
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _last_user_text(request: Mapping[str, Any]) -> str:
    messages = request.get("messages")
    if not isinstance(messages, list):
        return ""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return _text_of(message)
    return ""


def _tokens(text: str) -> int:
    """Rough token count (about four characters a token), enough for usage bookkeeping."""
    return max(1, len(text) // 4) if text else 0


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"

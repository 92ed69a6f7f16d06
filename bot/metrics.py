"""Prometheus metrics, one registry per app so tests can build many apps in one process."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.webhooks = Counter(
            "hotelboost_webhooks_total",
            "WhatsApp notifications received, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.messages_in = Counter(
            "hotelboost_messages_in_total", "Guest messages stored", registry=self.registry
        )
        self.messages_out = Counter(
            "hotelboost_messages_out_total",
            "Outbound messages by delivery result",
            ["result"],
            registry=self.registry,
        )
        self.processing = Histogram(
            "hotelboost_processing_seconds",
            "Time to decide and queue the answer to one guest message",
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "hotelboost_outbox_pending", "Replies waiting to be sent", registry=self.registry
        )
        self.inbox_depth = Gauge(
            "hotelboost_inbox_pending",
            "Guest messages stored but not yet processed",
            registry=self.registry,
        )
        self.task_restarts = Counter(
            "hotelboost_task_restarts_total",
            "Background tasks restarted after an error, by task",
            ["task"],
            registry=self.registry,
        )
        self.tasks_failing = Gauge(
            "hotelboost_tasks_failing",
            "Background tasks failing at every restart",
            registry=self.registry,
        )
        self.set_aside = Counter(
            "hotelboost_set_aside_total",
            "Gateway notifications that could not be processed, kept for a person to read",
            ["source"],
            registry=self.registry,
        )
        self.ai_calls = Counter(
            "hotelboost_ai_calls_total",
            "Model calls by outcome (answered, unknown, dropped, timeout, error, refused, ...)",
            ["outcome"],
            registry=self.registry,
        )
        self.ai_latency = Histogram(
            "hotelboost_ai_latency_seconds",
            "Time of one guest's model call, retries included",
            buckets=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
            registry=self.registry,
        )
        self.ai_tokens = Counter(
            "hotelboost_ai_tokens_total",
            "Model tokens used, by kind (prompt, completion)",
            ["kind"],
            registry=self.registry,
        )
        self.ai_breaker = Gauge(
            "hotelboost_ai_breaker_state",
            "The model's circuit breaker: 0 closed, 1 half-open (probing), 2 open",
            registry=self.registry,
        )
        self.ai_error_rate = Gauge(
            "hotelboost_ai_error_rate",
            "Share of the recent model calls that failed (timeout, error)",
            registry=self.registry,
        )
        self.ai_latency_p = Gauge(
            "hotelboost_ai_recent_latency_seconds",
            "Latency of the recent model calls, by quantile",
            ["quantile"],
            registry=self.registry,
        )

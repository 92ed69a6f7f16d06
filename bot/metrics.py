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

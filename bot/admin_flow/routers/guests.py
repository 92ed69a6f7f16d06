"""Admin area: guests."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="guests")

"""The Telegram admin bot (aiogram 3)."""

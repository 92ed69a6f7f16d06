"""hotel-boost: WhatsApp guest conversations and a Telegram admin bot for hotels."""

__version__ = "0.1.0"

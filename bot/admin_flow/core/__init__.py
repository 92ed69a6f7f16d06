"""The admin commands core: every command's logic and permission check, with no aiogram types.

Telegram routers and the staff-WhatsApp channel are thin adapters over these functions, so a
command answers the same from both.
"""

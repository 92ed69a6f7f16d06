"""Persistence: Tortoise models, connection setup, migrations."""

"""The demo hotel created on first run."""

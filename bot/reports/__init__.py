"""Chart-image reports."""

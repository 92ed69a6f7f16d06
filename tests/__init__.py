"""Tests: fakes of the outside world in tests/fakes, documented bodies in tests/fixtures."""

"""Fakes of the outside world (Green API, OpenAI), served over real HTTP on loopback."""

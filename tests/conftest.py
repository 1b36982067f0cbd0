"""Shared fixtures of the core tests; the helpers behind them live in ``core_testkit``."""

from core_testkit import client, fake_time, server

__all__ = ["client", "fake_time", "server"]

"""Shared fixtures of the core tests; the helpers behind them live in ``core_testkit`` and ``pg_server``."""

from core_testkit import client, fake_time, server
from pg_server import pg_dsn, postgres_server

__all__ = ["client", "fake_time", "pg_dsn", "postgres_server", "server"]

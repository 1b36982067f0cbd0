"""Benchmarks of twelvelabs_async against raw aiohttp and the official ``twelvelabs`` SDK.

Run them all with ``python -m benchmarks`` (or ``python benchmarks/run.py``); see ``benchmarks/README.md``.
"""

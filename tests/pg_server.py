"""A throwaway PostgreSQL server for the tests: initdb in a temp directory, listening on 127.0.0.1 only.

The server binaries are looked for in PATH, then where Debian's ``postgresql`` package puts them. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user (created by Debian's package; created
here when missing) in a directory that user owns. Without binaries the tests that need the server are skipped, except
under CI (``CI=true``), where that is a failure: CI installs the server (``.ci/run``) and must not pass green without
having run them.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "postgres"


def find_bin_dir() -> Path | None:
    candidates = []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> dict[str, object]:
    """subprocess arguments that drop root to an unprivileged user (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], check=True)
        entry = pwd.getpwnam(USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


class Server:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="twelvelabs-pg-"))
        self.port = _free_port()
        self.dsn = f"postgresql://postgres@127.0.0.1:{self.port}"
        self._as = _run_as()
        if self._as:
            os.chown(self.root, int(self._as["user"]), int(self._as["group"]))  # type: ignore[call-overload]
        self._data = self.root / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            **self._as,  # type: ignore[arg-type]
        )

    def start(self) -> None:
        done = self._run("initdb", "-D", str(self._data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        done = self._run("pg_ctl", "-D", str(self._data), "-o", options, "-l", str(self.root / "log"), "-w",
                         "-t", "60", "start")
        if done.returncode != 0:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = "no PostgreSQL server binaries (initdb, pg_ctl) in PATH or /usr/lib/postgresql/*/bin"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must install them (.ci/run does)", pytrace=False)
        pytest.skip(reason)
    try:
        import asyncpg  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("asyncpg is not installed: CI installs the dev extra, which has it", pytrace=False)
        pytest.skip("asyncpg is not installed (pip install -e '.[dev]')")
    server = Server(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    with running_server() as server:
        yield server


@pytest.fixture
async def pg_dsn(postgres_server: Server) -> str:
    """A fresh, empty database on the session's server (tests never see each other's rows or schema)."""
    import uuid

    import asyncpg

    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(postgres_server.dsn + "/postgres")
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return f"{postgres_server.dsn}/{name}"

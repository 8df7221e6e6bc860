"""A real PostgreSQL server for the tests, started from Debian's ``postgresql`` binaries.

``scripts/install-test-deps.sh`` installs the package; the tests start their own
throw-away cluster (``initdb`` + ``pg_ctl``) in a temporary folder, listening only on a
Unix socket there, so nothing is configured by hand and nothing is left running.  As
root (CI), the cluster runs as the ``postgres`` user the package creates, because
PostgreSQL refuses to run as root.

A missing server is a failure, not a skip: the test command installs it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

__all__ = ["PostgresServer", "find_bindir"]


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest Debian version first)."""
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(cand, "initdb").exists() and Path(cand, "pg_ctl").exists():
            return Path(cand)
    which = shutil.which("initdb")
    return Path(which).parent if which else None


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder; ``url(db)`` gives a SQLAlchemy URL.

    Use as a context manager; :meth:`create_database` makes a fresh database per test.
    """

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (initdb, pg_ctl): run "
                               "scripts/install-test-deps.sh, which installs Debian's postgresql")
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="lw-pg-"))
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.sock.mkdir()
        self.port = 5432  # socket-only: the port just names the socket file
        self._user: str | None = None
        if os.geteuid() == 0:
            self._user = "postgres"
            shutil.chown(self.root, self._user)
            shutil.chown(self.sock, self._user)
            self.root.chmod(0o755)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._user is not None:
            cmd = ["runuser", "-u", self._user, "--", *cmd]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if res.returncode != 0:
            said = res.stderr.strip() or res.stdout.strip()
            raise RuntimeError(f"{args[0]} failed ({res.returncode}): {said}")
        return res

    def start(self) -> PostgresServer:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C")
        opts = (f"-k {self.sock} -p {self.port} -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w",
                  "-t", "60", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, db: str = "postgres") -> str:
        """SQLAlchemy URL of database ``db`` (psycopg 3 driver, over the Unix socket)."""
        return f"postgresql+psycopg://postgres@/{db}?host={self.sock}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database; returns its URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        import psycopg

        with psycopg.connect(host=str(self.sock), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

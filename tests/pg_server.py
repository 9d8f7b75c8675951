"""A throwaway PostgreSQL server for the test run (Debian's postgresql package).

``DUBAN_TEST_POSTGRES`` names a server to use instead (a URL to a database
the tests may empty). Otherwise, when ``initdb`` is found, a cluster is made
in a temporary folder, listening on a Unix socket only, and removed at the
end. PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user. ``DUBAN_REQUIRE_POSTGRES=1`` (set by .ci/run) turns
"no server" from a skip into a failure.

The superuser ``postgres`` signs in without a password (the tests' administrator);
every other role with SCRAM-SHA-256, as on a county's server, so that a Duban
account's role is refused a wrong password (models/registry/server_security.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "DUBAN_TEST_POSTGRES"
ENV_REQUIRE = "DUBAN_REQUIRE_POSTGRES"
DATABASE = "duban_test"
# Unix socket only: the administrator by trust, the accounts' roles by password.
HBA = "local all postgres trust\nlocal all all scram-sha-256\n"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in versions:
        if (folder / name).exists():
            return str(folder / name)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class ThrowawayServer:
    """initdb + pg_ctl start in a temporary folder; stop() removes it all."""

    def __init__(self) -> None:
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise FileNotFoundError("initdb/pg_ctl not found (apt-get install postgresql)")
        self.pg_ctl = pg_ctl
        self.folder = Path(tempfile.mkdtemp(prefix="duban-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder / "socket"
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        self._run([initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "--encoding=UTF8", "--locale=C", "--no-sync"])
        (self.data / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        self.options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c full_page_writes=off " \
                       f"-c synchronous_commit=off -c max_connections=60"
        self.start()
        self.url = f"postgresql://postgres@/{DATABASE}?host={self.socket}"
        self._run([_binary("createdb") or "createdb", "-h", str(self.socket), "-U", "postgres", DATABASE])

    def start(self) -> None:
        """Start the server (again, after :meth:`halt`)."""
        self._run([self.pg_ctl, "-D", str(self.data), "-l", str(self.folder / "log"), "-o", self.options,
                   "-w", "-t", "60", "start"])

    def halt(self, mode: str = "fast") -> None:
        """Stop the server and keep its data: ``fast`` ends every session as an administrator
        does (SQLSTATE 57P01 to a connection in a statement), ``immediate`` as a crash."""
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])

    def running(self) -> bool:
        return subprocess.run(_as_server_user([self.pg_ctl, "-D", str(self.data), "status"]),
                              capture_output=True, cwd=self.folder).returncode == 0

    def _run(self, command: list[str]) -> None:
        subprocess.run(_as_server_user(command), check=True, capture_output=True, cwd=self.folder)

    def stop(self) -> None:
        try:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def reset(url: str) -> None:
    """Empty the test database: drop and recreate its public schema, and drop the
    accounts' roles (a cluster's roles outlive a schema; the next test's accounts
    would meet the last one's). The group and owner roles stay: a registry's
    setup makes them when missing and adopts them when present."""
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
            cursor.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'duban.%'")
            for (role,) in cursor.fetchall():
                cursor.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')   # its grants go first
    finally:
        connection.close()

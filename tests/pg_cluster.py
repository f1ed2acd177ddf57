"""A throwaway PostgreSQL cluster for the test suite, on a loopback port.

``PALABRE_TEST_DB=postgres`` runs the suite on it: the cluster is created in a temporary
directory with ``initdb``, run as the ``postgres`` system user when the suite runs as root
(PostgreSQL refuses to run as root), and removed at the end. Durability is switched off
for the suite (the data is thrown away anyway) and kept for the benchmarks (``durable``).
``PALABRE_TEST_POSTGRES_URL`` uses an existing server instead (its user must be allowed
to create databases).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("PALABRE_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVICE_USER = "postgres"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_service_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVICE_USER, "--", *command]
    return command


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        """URL of the cluster's maintenance database, for the SQLAlchemy psycopg driver."""
        return f"postgresql+psycopg://palabre@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(
            _as_service_user(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"]
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start(*, durable: bool = False) -> Cluster:
    """Create and start a cluster; raise with PostgreSQL's own log if it does not start.

    ``durable``: commits wait for the disk, as on a production server (the benchmarks);
    otherwise durability is off, for the test suite's speed."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(
            f"PostgreSQL 15 is not installed ({PG_BIN}): `make test` installs postgresql-15"
        )
    folder = Path(tempfile.mkdtemp(prefix="palabre-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=SERVICE_USER)
    data = folder / "data"
    subprocess.run(
        _as_service_user(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "palabre",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = subprocess.run(
        _as_service_user(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    return Cluster(folder, port)

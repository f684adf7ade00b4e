"""All state of the portal: one SQLite database (WAL) in the data folder, and the
uploaded files as they came, stored under names the server makes.

Versioned migrations; every write is one transaction. An upload is on disk
(fsync'd, renamed into place) and recorded before it is checked, so a crash
loses nothing acknowledged: ``unchecked()`` lists what to check again at start.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE rounds (
        year INTEGER PRIMARY KEY,
        format TEXT NOT NULL,
        created REAL NOT NULL,
        roster_name TEXT NOT NULL,
        has_prior INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE offices (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL REFERENCES rounds(year),
        name TEXT NOT NULL,
        code TEXT,
        roster_row INTEGER NOT NULL,
        link_hash TEXT UNIQUE,
        template TEXT NOT NULL,
        confirmed_version INTEGER
    );
    CREATE INDEX offices_year ON offices(year);
    CREATE TABLE uploads (
        id INTEGER PRIMARY KEY,
        office INTEGER NOT NULL REFERENCES offices(id),
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,              -- 'return' or 'published' (a check before publishing)
        name TEXT NOT NULL,              -- the name the office's file had (shown, never a path)
        stored TEXT NOT NULL,            -- the server's own file name
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        received REAL NOT NULL,
        ip TEXT NOT NULL,
        report TEXT,                     -- files[0] of --format json, NULL until checked
        view TEXT,                       -- what the pages show of each finding
        vals TEXT,                       -- the values by cell id (roll-up, changes)
        errors INTEGER, warnings INTEGER, status TEXT,
        UNIQUE (office, kind, version)
    );
    CREATE TABLE decisions (
        office INTEGER NOT NULL REFERENCES offices(id),
        rule TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
        status TEXT NOT NULL,            -- pending / explained / to_fix
        note TEXT NOT NULL DEFAULT '',
        explanation TEXT NOT NULL DEFAULT '',  -- what the office wrote
        updated REAL NOT NULL,
        PRIMARY KEY (office, rule, sheet, cell)
    );
    CREATE TABLE tokens (hash TEXT PRIMARY KEY, created REAL NOT NULL, note TEXT NOT NULL);
    CREATE TABLE sessions (
        hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, time REAL NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        office INTEGER, detail TEXT NOT NULL, ip TEXT NOT NULL
    );
    """,
}


def digest(text: str) -> str:
    """How secrets (links, tokens, session ids) are kept: their SHA-256, never themselves."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Office:
    """One office of a round's roster."""

    id: int
    year: int
    name: str
    code: str | None
    roster_row: int
    template: str
    confirmed_version: int | None


@dataclass(frozen=True)
class Upload:
    """One upload of an office: a version of its return (or a published report checked)."""

    id: int
    office: int
    version: int
    kind: str
    name: str
    stored: str
    sha256: str
    size: int
    received: float
    report: dict[str, Any] | None
    view: list[dict[str, Any]]
    values: dict[str, float]
    errors: int
    warnings: int
    status: str | None


class Store:
    """The database and the file area of one data folder."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "uploads").mkdir(exist_ok=True)
        (self.folder / "rounds").mkdir(exist_ok=True)
        self.path = self.folder / "xxgk.sqlite3"
        self._local = threading.local()
        self._migrate()

    # -- connections -------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return list(self._connection().execute(sql, args))

    def _migrate(self) -> None:
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM schema").fetchone()
            current = row[0] if row else 0
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            if row is None:
                conn.execute("INSERT INTO schema VALUES (?)", (SCHEMA_VERSION,))
            else:
                conn.execute("UPDATE schema SET version = ?", (SCHEMA_VERSION,))

    # -- settings, tokens, sessions ------------------------------------------------

    def setting(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM settings WHERE key = ?", key)
        return str(rows[0]["value"]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def add_token(self, secret: str, note: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest(secret), time.time(), note))

    def token_known(self, secret: str) -> bool:
        return bool(self.query("SELECT 1 FROM tokens WHERE hash = ?", digest(secret)))

    def add_session(self, secret: str, csrf: str, seconds: float) -> None:
        now = time.time()
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE expires < ?", (now,))
            conn.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?)",
                (digest(secret), csrf, now, now + seconds),
            )

    def session_csrf(self, secret: str) -> str | None:
        rows = self.query(
            "SELECT csrf FROM sessions WHERE hash = ? AND expires > ?", digest(secret), time.time()
        )
        return str(rows[0]["csrf"]) if rows else None

    def end_session(self, secret: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE hash = ?", (digest(secret),))

    def audit(
        self, actor: str, action: str, detail: str, ip: str, office: int | None = None
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO audit (time, actor, action, office, detail, ip) VALUES (?,?,?,?,?,?)",
                (time.time(), actor, action, office, detail, ip),
            )

    # -- rounds and offices ---------------------------------------------------------

    def rounds(self) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM rounds ORDER BY year DESC")

    def round(self, year: int) -> sqlite3.Row | None:
        rows = self.query("SELECT * FROM rounds WHERE year = ?", year)
        return rows[0] if rows else None

    def round_folder(self, year: int) -> Path:
        return self.folder / "rounds" / str(int(year))

    def add_round(
        self, year: int, fmt: str, roster_name: str, has_prior: bool, offices: list[dict[str, Any]]
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, ?, ?)",
                (year, fmt, time.time(), roster_name, int(has_prior)),
            )
            for o in offices:
                conn.execute(
                    "INSERT INTO offices (year, name, code, roster_row, link_hash, template) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (year, o["name"], o["code"], o["row"], o["link_hash"], o["template"]),
                )

    def offices(self, year: int) -> list[Office]:
        rows = self.query("SELECT * FROM offices WHERE year = ? ORDER BY roster_row", year)
        return [_office(r) for r in rows]

    def office(self, office_id: int) -> Office | None:
        rows = self.query("SELECT * FROM offices WHERE id = ?", office_id)
        return _office(rows[0]) if rows else None

    def office_by_link(self, secret: str) -> Office | None:
        rows = self.query("SELECT * FROM offices WHERE link_hash = ?", digest(secret))
        return _office(rows[0]) if rows else None

    def set_link(self, office_id: int, secret: str | None) -> None:
        """A new link (the old one stops working), or none (revoked)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE offices SET link_hash = ? WHERE id = ?",
                (digest(secret) if secret else None, office_id),
            )

    def confirm(self, office_id: int, version: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE offices SET confirmed_version = ? WHERE id = ?", (version, office_id)
            )

    # -- uploads ----------------------------------------------------------------------

    def add_upload(self, office: Office, kind: str, name: str, data: bytes, ip: str) -> Upload:
        """Store the bytes (fsync, rename) and record them; the check comes after."""
        sha = hashlib.sha256(data).hexdigest()
        folder = self.folder / "uploads" / str(office.year) / str(office.id)
        folder.mkdir(parents=True, exist_ok=True)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM uploads WHERE office = ? AND kind = ?",
                (office.id, kind),
            ).fetchone()
            version = int(row[0]) + 1
            stored = f"{kind}-{version}.bin"
            _write_durably(folder / stored, data)
            conn.execute(
                "INSERT INTO uploads (office, version, kind, name, stored, sha256, size, "
                "received, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (office.id, version, kind, name, stored, sha, len(data), time.time(), ip),
            )
            if kind == "return":  # a new version needs confirming again
                conn.execute(
                    "UPDATE offices SET confirmed_version = NULL WHERE id = ?", (office.id,)
                )
        found = self.upload(office.id, kind, version)
        assert found is not None
        return found

    def upload_path(self, office: Office, upload: Upload) -> Path:
        return self.folder / "uploads" / str(office.year) / str(office.id) / upload.stored

    def record_check(
        self,
        upload_id: int,
        report: dict[str, Any],
        view: list[dict[str, Any]],
        values: dict[str, float],
    ) -> None:
        counts = report.get("counts", {})
        with self.transaction() as conn:
            conn.execute(
                "UPDATE uploads SET report = ?, view = ?, vals = ?, errors = ?, warnings = ?, "
                "status = ? WHERE id = ?",
                (
                    json.dumps(report, ensure_ascii=False),
                    json.dumps(view, ensure_ascii=False),
                    json.dumps(values),
                    int(counts.get("error", 0)),
                    int(counts.get("warning", 0)),
                    str(report.get("status", "")),
                    upload_id,
                ),
            )

    def upload(self, office_id: int, kind: str, version: int) -> Upload | None:
        rows = self.query(
            "SELECT * FROM uploads WHERE office = ? AND kind = ? AND version = ?",
            office_id,
            kind,
            version,
        )
        return _upload(rows[0]) if rows else None

    def uploads(self, office_id: int, kind: str = "return") -> list[Upload]:
        rows = self.query(
            "SELECT * FROM uploads WHERE office = ? AND kind = ? ORDER BY version DESC",
            office_id,
            kind,
        )
        return [_upload(r) for r in rows]

    def latest(self, office_id: int, kind: str = "return") -> Upload | None:
        found = self.uploads(office_id, kind)
        return found[0] if found else None

    def unchecked(self) -> list[tuple[Office, Upload]]:
        """Uploads stored but not checked (the server stopped in between)."""
        out = []
        for row in self.query("SELECT * FROM uploads WHERE report IS NULL ORDER BY id"):
            upload = _upload(row)
            office = self.office(upload.office)
            if office is not None:
                out.append((office, upload))
        return out

    # -- decisions ----------------------------------------------------------------------

    def decisions(self, office_id: int) -> dict[tuple[str, str, str], sqlite3.Row]:
        rows = self.query("SELECT * FROM decisions WHERE office = ?", office_id)
        return {(r["rule"], r["sheet"], r["cell"]): r for r in rows}

    def decide(
        self,
        office_id: int,
        key: tuple[str, str, str],
        *,
        status: str | None = None,
        note: str | None = None,
        explanation: str | None = None,
    ) -> None:
        rule, sheet, cell = key
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO decisions (office, rule, sheet, cell, status, updated) "
                "VALUES (?, ?, ?, ?, 'pending', ?)",
                (office_id, rule, sheet, cell, time.time()),
            )
            for column, value in (("status", status), ("note", note), ("explanation", explanation)):
                if value is not None:
                    conn.execute(
                        f"UPDATE decisions SET {column} = ?, updated = ? "  # noqa: S608 - fixed names
                        "WHERE office = ? AND rule = ? AND sheet = ? AND cell = ?",
                        (value, time.time(), office_id, rule, sheet, cell),
                    )

    def backup(self, target: Path) -> None:
        """An online copy of the database (SQLite's backup API), while the server runs."""
        source = sqlite3.connect(self.path)
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
        finally:
            source.close()


def _office(row: sqlite3.Row) -> Office:
    return Office(
        row["id"],
        row["year"],
        row["name"],
        row["code"],
        row["roster_row"],
        row["template"],
        row["confirmed_version"],
    )


def _upload(row: sqlite3.Row) -> Upload:
    return Upload(
        row["id"],
        row["office"],
        row["version"],
        row["kind"],
        row["name"],
        row["stored"],
        row["sha256"],
        row["size"],
        row["received"],
        json.loads(row["report"]) if row["report"] else None,
        json.loads(row["view"]) if row["view"] else [],
        json.loads(row["vals"]) if row["vals"] else {},
        row["errors"] or 0,
        row["warnings"] or 0,
        row["status"],
    )


def _write_durably(path: Path, data: bytes) -> None:
    """Write, flush to disk, rename into place, and flush the folder entry too."""
    temporary = path.with_name(f".~tmp-{path.name}")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)

"""Shared helpers of the registry tests: a fresh registry per test on SQLite or PostgreSQL."""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import time
import uuid

import pytest

from agent.models import Entry, Evidence

_START = 'start one with: eval "$(.ci/start-postgres)"'


def _pg_problem(url: str | None) -> str | None:
    """Why the PostgreSQL tests cannot run, or None. Asked once: a server named but down (CI
    could not start it) skips those tests with this reason instead of failing every one of them."""
    if not url:
        return f"LICENSETRACE_TEST_PG is not set ({_START})"
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        shown = re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)  # never print a password
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"PostgreSQL at {shown} cannot be reached ({first}); {_START}"
    return None


_PROBLEM = _pg_problem(os.environ.get("LICENSETRACE_TEST_PG"))
# None unless the server answers: every `skipif(not PG_URL, reason=PG_SKIP)` then skips with the reason
PG_URL = None if _PROBLEM else os.environ.get("LICENSETRACE_TEST_PG")
PG_SKIP = _PROBLEM or "PostgreSQL is reachable"
PG_MARKS = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=PG_SKIP)]
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=PG_MARKS),
]


def pg_schema_url(schema: str) -> str:
    """The test server's URL with `schema` first on the search_path (one schema per test)."""
    glue = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{glue}options=-csearch_path%3D{schema}"


class PgSchema:
    """A throwaway schema in the test database: created empty, dropped with everything in it."""

    def __init__(self) -> None:
        import psycopg

        self.name = "lt_" + uuid.uuid4().hex[:12]
        self.url = pg_schema_url(self.name)
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {self.name}")

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path):
    """Where a fresh, not yet created registry lives: an SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "registry.db")
        return
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


def make_entry(dataset: str = "org/data", revision: str | None = "abc123", **changes) -> Entry:
    """A realistic entry with two pieces of evidence; keyword arguments override fields."""
    fields = dict(
        dataset=dataset,
        revision=revision,
        declared_license="CC-BY-4.0",
        concluded_license="CC-BY-4.0",
        confidence=0.93,
        status="verified",
        commercial_use="yes",
        attribution_required=True,
        share_alike=False,
        upstream=["squad"],
        sources=[f"https://huggingface.co/datasets/{dataset}"],
        evidence=[
            Evidence(
                source="yaml:license",
                kind="metadata",
                snippet="license: cc-by-4.0",
                line_start=3,
                line_end=3,
                license="CC-BY-4.0",
                match="id",
                score=1.0,
            ),
            Evidence(
                source="section:Licensing Information",
                kind="text",
                snippet="Released under CC BY 4.0 — «attribution» required.",
                line_start=40,
                line_end=42,
                license="CC-BY-4.0",
                match="name",
                score=0.9,
                terms=["attribution"],
                note="",
            ),
        ],
        reasons=["metadata and text agree"],
        audited_at="2026-11-28T12:00:00+00:00",
    )
    fields.update(changes)
    return Entry(**fields)


def write_many(
    location: str,
    tag: str,
    datasets: int,
    rounds: int,
    barrier,
    results,
    race_to_open: bool = False,
) -> None:
    """Process worker: save every dataset `rounds` times with tagged revisions, report them.

    All workers pass `barrier` first so that they really write at the same moment (or, with
    `race_to_open`, open a registry that does not exist yet at the same moment).
    """
    from registry.store.opener import open_registry

    if race_to_open:
        barrier.wait(timeout=60)
    saved = []
    with open_registry(location) as store:
        if not race_to_open:
            barrier.wait(timeout=60)
        began = time.time()
        for r in range(rounds):
            for d in range(datasets):
                revision = f"{tag}-{r}-{d}"
                store.save(make_entry(f"shared/ds-{d:03d}", revision=revision, evidence=[]))
                saved.append(revision)
    results.put((tag, saved, began, time.time()))


def run_processes(
    location: str, tags: str, datasets: int, rounds: int, race_to_open: bool = False
) -> tuple[list[str], list[tuple[float, float]]]:
    """Run one write_many process per tag at once: every revision saved, each one's time window."""
    ctx = multiprocessing.get_context("spawn")  # no inherited connections or locks
    barrier, results = ctx.Barrier(len(tags)), ctx.Queue()
    workers = [
        ctx.Process(
            target=write_many,
            args=(location, tag, datasets, rounds, barrier, results, race_to_open),
        )
        for tag in tags
    ]
    for worker in workers:
        worker.start()
    saved, windows, deadline = [], [], time.monotonic() + 120
    while len(windows) < len(workers):
        try:
            _tag, revisions, began, ended = results.get(timeout=0.5)
            saved += revisions
            windows.append((began, ended))
        except queue.Empty:
            failed = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            assert not failed and time.monotonic() < deadline, f"writer processes failed: {failed}"
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return saved, windows


# A schema-v1 registry as the first release wrote it (two entries of one dataset), for upgrade tests.
V1_SQLITE = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, summary TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_version VALUES (1, 'entries and their evidence', '2026-10-01T00:00:00+00:00');
CREATE TABLE entries (id INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, revision TEXT,
  is_current INTEGER NOT NULL, declared_license TEXT, concluded_license TEXT NOT NULL,
  confidence REAL NOT NULL, status TEXT NOT NULL, commercial_use TEXT, attribution_required INTEGER,
  share_alike INTEGER, effective_license TEXT, upstream TEXT NOT NULL, sources TEXT NOT NULL,
  reasons TEXT NOT NULL, error TEXT, audited_at TEXT NOT NULL);
CREATE UNIQUE INDEX entries_one_current ON entries (dataset) WHERE is_current = 1;
CREATE INDEX entries_by_dataset ON entries (dataset, id);
CREATE TABLE evidence (entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  position INTEGER NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL, snippet TEXT NOT NULL,
  line_start INTEGER, line_end INTEGER, license TEXT, "match" TEXT, score REAL NOT NULL,
  terms TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (entry_id, position));
INSERT INTO entries VALUES (1, 'old/data', 'r0', 0, 'MIT', 'MIT', 0.5, 'unverified', 'yes', 1, 0, NULL,
  '[]', '[]', '[]', NULL, '2026-10-01T00:00:00+00:00');
INSERT INTO entries VALUES (2, 'old/data', 'r1', 1, 'MIT', 'MIT', 0.75, 'unverified', 'yes', 1, 0, NULL,
  '["squad"]', '["https://hub/old/data"]', '["yaml only"]', NULL, '2026-10-02T00:00:00+00:00');
INSERT INTO evidence VALUES (2, 0, 'yaml:license', 'metadata', 'license: mit', 2, 2, 'MIT', 'id', 1.0, '[]', '');
"""

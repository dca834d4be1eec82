"""Import a file: every row checked, the whole file written in the caller's transaction
or nothing of it, as one organisation.

The rows go through the profile's plan (convert and check each cell), the register's
cross-field checks, and a check that no record id appears twice; valid rows are
written in batches while reading continues, so memory stays bounded.  At the first
error writing stops and reading goes on, so the error report lists every bad cell
(up to ``max_errors``).

The import runs inside a savepoint of the caller's transaction (the door's request
or command owns the transaction; who imports, and whether they may, is decided
there).  A file with bad rows rolls the savepoint back and raises ``ImportRefused``
carrying the result, so nothing of it is left even if the caller went on to commit;
a dry run does all of it and rolls the savepoint back at the end.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from amanat.access.vault import MasterKey
from amanat.intake.completion import Completion
from amanat.intake.marking import provenance_values
from amanat.intake.plan import Draft, RowPlan
from amanat.intake.problems import IntakeError, RowError
from amanat.intake.profile import Marking, Profile
from amanat.intake.readers import SourceTable, open_table
from amanat.intake.rows import Statements, begin_writing, end_writing
from amanat.intake.writer import Context, Counts, KindWriter
from amanat.register import RECORD_KINDS, Organisation
from amanat.register.base import utcnow

Progress = Callable[[int, int, int | None], None]  # rows read, work done, work total
BATCH_ROWS = 5000
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    profile: Profile
    marking: Marking | None = None  # the profile's, with the importer's overrides
    max_errors: int = 1000
    batch_rows: int = BATCH_ROWS


@dataclass
class ImportResult:
    file: str
    organisation: str = ""
    description: str = ""
    dry_run: bool = False
    written: bool = False
    rows: int = 0
    skipped: int = 0
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    stopped: bool = False  # more errors than max_errors: reading stopped
    samples: dict[str, list[Draft]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())


class ImportRefused(ValueError):
    """The file has bad rows (``result.errors``): nothing of it was written."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        stopped = " (stopped early)" if result.stopped else ""
        super().__init__(f"{result.file}: {len(result.errors)} bad cells{stopped}")


def _ordered(profile: Profile) -> list[int]:
    """Sections in the order records depend on each other (cases before their roles)."""
    order = list(RECORD_KINDS)
    return sorted(range(len(profile.sections)), key=lambda i: order.index(profile.sections[i].kind))


class _Run:
    def __init__(
        self,
        request: ImportRequest,
        master: MasterKey | None,
        dry_run: bool,
        progress: Progress | None,
    ) -> None:
        self.request = request
        self.master = master
        self.progress = progress or (lambda rows, done, total: None)
        self.result = ImportResult(file=request.path.name, dry_run=dry_run)
        self.seen: dict[tuple[str, str], int] = {}  # (kind, record id) → first row

    def open(self) -> SourceTable:
        return open_table(self.request.path, self.request.profile.read)

    def plans(self, table: SourceTable) -> list[RowPlan]:
        profile = self.request.profile
        plans = [RowPlan(s, profile, table.headings, table.keyed) for s in profile.sections]
        sealed = any(
            p.section.protected or any(c.target.identity for c in p.columns) for p in plans
        )
        if sealed and self.master is None:
            raise IntakeError("protected_needs_key")
        return plans

    def section(self, plan: RowPlan, others: list[RowPlan], first: bool, ctx: Context) -> None:
        completion = Completion(plan)
        writer = KindWriter(ctx, plan)
        counts = self.result.counts.setdefault(plan.kind, Counts())
        batch: list[Draft] = []
        errors = self.result.errors
        filtered = any(p.when is not None for p in others)
        with self.open() as table:
            for row in table:
                if first:
                    self.result.rows += 1
                    if filtered and not any(p.wants(row) for p in others):
                        self.result.skipped += 1
                if not plan.wants(row):
                    continue
                draft = plan.draft(row, errors)
                if (
                    draft is not None
                    and completion.complete(draft, errors)
                    and self._unique(plan, draft, errors)
                ):
                    self._sample(plan.kind, draft)
                    if not errors:
                        batch.append(draft)
                if len(errors) >= self.request.max_errors:
                    self.result.stopped = True
                    return
                if len(batch) >= self.request.batch_rows:
                    self._write(writer, batch, counts)
                    batch = []
                    self.progress(self.result.rows, *table.progress())
            if batch and not errors:
                self._write(writer, batch, counts)
            self.progress(self.result.rows, *table.progress())

    def _write(self, writer: KindWriter, batch: list[Draft], counts: Counts) -> None:
        if self.result.errors:
            return
        done = writer.write(batch, self.result.errors)
        counts.created += done.created
        counts.updated += done.updated
        counts.sealed += done.sealed

    def _unique(self, plan: RowPlan, draft: Draft, errors: list[RowError]) -> bool:
        if draft.external_id is None:
            return True
        key = (plan.kind, draft.external_id)
        first = self.seen.setdefault(key, draft.row)
        if first != draft.row:
            heading = plan.section.id_column or ""
            errors.append(
                RowError(draft.row, heading, draft.external_id, "duplicate_id", {"first": first})
            )
            return False
        return True

    def _sample(self, kind: str, draft: Draft) -> None:
        samples = self.result.samples.setdefault(kind, [])
        if len(samples) < SAMPLE_ROWS:
            samples.append(draft)


def import_rows(
    session: Session,
    organisation: Organisation,
    request: ImportRequest,
    *,
    master: MasterKey | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``request.path`` for ``organisation`` in ``session``'s transaction, which
    the caller commits (with its audit entry) or rolls back.

    Raises ``IntakeError`` for a file or profile that cannot be imported at all, and
    ``ImportRefused`` for bad rows; either way nothing of the file is left in the
    transaction.  ``master`` seals protected identities (required when the profile
    maps any).  A dry run leaves nothing either, and returns what would be written.
    """
    # The cyclic garbage collector would walk the millions of objects a large import
    # keeps alive, again and again, for cycles that the import does not make.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _in_savepoint(session, organisation, _Run(request, master, dry_run, progress))
    finally:
        if collecting:
            gc.enable()


def _in_savepoint(session: Session, organisation: Organisation, run: _Run) -> ImportResult:
    connection = session.connection()
    # SQLite: the write lock is taken (``BEGIN IMMEDIATE``) before the savepoint,
    # which must open inside the transaction, not start one of its own.
    cache = begin_writing(connection)
    try:
        with session.begin_nested() as savepoint:
            try:
                _import(session, organisation, run)
            except DBAPIError as exc:
                first = str(exc.orig).strip().splitlines()[0]
                raise IntakeError("database", text=first) from None
            if run.result.errors:
                raise ImportRefused(run.result)  # leaving the block rolls the savepoint back
            if run.result.dry_run:
                savepoint.rollback()
            else:
                run.result.written = True
    finally:
        end_writing(connection, cache)
    return run.result


def _import(session: Session, org: Organisation, run: _Run) -> None:
    profile = run.request.profile
    marking = provenance_values(session, run.request.marking or profile.marking, org.id)
    connection = session.connection()
    run.result.organisation = org.code
    with run.open() as table:
        run.result.description = table.description
        plans = run.plans(table)
    now: dt.datetime = utcnow()
    ctx = Context(session, Statements(connection), org.id, marking, now, run.master)
    for position, index in enumerate(_ordered(profile)):
        run.section(plans[index], plans, position == 0, ctx)
        if run.result.stopped:
            break

"""A linkage run: the regional centre's job over every linkable record (the system
operator), or one analyst's over what they may see; and where resolution stands.

A run reads and scores in transactions of its own (it takes minutes on a region);
its outcome — merges, the review queue, entities, the run's log, the things merged
for sharing an identifier — is written in the action's transaction, with its audit
entries ("resolve_run", "resolve_identifiers"), so a run is in the trail exactly when
its outcome is in the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from amanat.access.roles import Permission
from amanat.access.visibility import Viewer
from amanat.actions.database import engine_of
from amanat.actions.door import Context, Scope, action
from amanat.resolve.backends import EngineName
from amanat.resolve.identifiers import link_identifiers, reopen_stale
from amanat.resolve.model_store import StoredModel, current_model
from amanat.resolve.models import EntityMember, Judgement, ResolutionRun
from amanat.resolve.review import open_count
from amanat.resolve.run import KIND, RunOptions, RunReport, resolve

LAST_RUNS = 5


@dataclass(frozen=True)
class Asked:
    """How to run: which engine, all pairs again or only new records, thresholds."""

    engine: EngineName = "duckdb"
    full: bool = False
    retrain: bool = False
    auto_merge: float | None = None
    review: float | None = None


@dataclass(frozen=True)
class Outcome:
    report: RunReport
    # Things merged for sharing an identifier, per kind (phone, vehicle, group).
    identifiers: dict[str, int]
    # Merges reopened because their records no longer share an identifier, per kind.
    reopened: dict[str, int]


def _run(ctx: Context, asked: Asked, viewer: Viewer | None) -> Outcome:
    options = RunOptions(
        engine=asked.engine,
        viewer=viewer,
        user_id=viewer.user_id if viewer else None,
        full=asked.full or asked.retrain,
        retrain=asked.retrain,
        auto_merge=asked.auto_merge,
        review=asked.review,
    )
    report = resolve(engine_of(ctx), options, within=ctx.session)
    reopened = reopen_stale(ctx.session, viewer)
    made = link_identifiers(ctx.session, viewer)
    # Last, after the run's writes: the trail's lock is then held only to the commit.
    ctx.audit_entries(
        [
            ("resolve_run", "resolution_run", report.run_id, report.detail()),
            (
                "resolve_identifiers",
                "resolution_judgement",
                None,
                {
                    **{f"merged_{kind}": count for kind, count in made.items()},
                    **{f"reopened_{kind}": count for kind, count in reopened.items()},
                },
            ),
        ]
    )
    return Outcome(report, made, reopened)


@action(
    "resolution.run",
    "Link person records across agencies and scripts over every linkable record (the "
    "regional centre's job), and merge things that share an identifier",
    scope=Scope.system,
    audit=("resolve_run", "resolve_identifiers"),
)
def run(ctx: Context, asked: Asked) -> Outcome:
    return _run(ctx, asked, None)


@action(
    "resolution.run_as",
    "Link the person records the caller may see, and merge the things they may see that "
    "share an identifier; the caller's first run covers all, later ones what arrived",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    audit=("resolve_run", "resolve_identifiers"),
)
def run_as(ctx: Context, asked: Asked) -> Outcome:
    return _run(ctx, asked, ctx.viewer)


@dataclass(frozen=True)
class Standing:
    model: StoredModel | None
    runs: list[ResolutionRun]  # the last ones, newest first
    # (source, verdict) -> judgements in force
    judgements: dict[tuple[str, str], int]
    open_pairs: int
    entities: int  # entities of two or more records


@action(
    "resolution.status",
    "Where resolution stands: the current model, the last runs, judgements in force by "
    "source and verdict, the open queue and the entities",
    scope=Scope.system,
    read_only=True,
    unaudited_because="counts and the model's version, no record",
)
def status(ctx: Context) -> Standing:
    session = ctx.session
    runs = select(ResolutionRun).order_by(ResolutionRun.id.desc()).limit(LAST_RUNS)
    counts = (
        select(Judgement.source, Judgement.verdict, func.count())
        .where(Judgement.undone_at.is_(None))
        .group_by(Judgement.source, Judgement.verdict)
    )
    entities = select(func.count(func.distinct(EntityMember.entity_id)))
    return Standing(
        current_model(session, KIND),
        list(session.scalars(runs)),
        {(source, verdict): int(n) for source, verdict, n in session.execute(counts)},
        open_count(session, KIND),
        session.scalar(entities) or 0,
    )

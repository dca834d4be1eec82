"""The review queue and judgements: pairs the linkage model could not decide, judged
the same person, different people or unsure by an analyst; a judgement undone; a record
split out of its entity.

Only roles with the ``resolve`` permission (analysts) take these actions.  Every pair
and record shown is a read of those records, audited as list reads are
(``access.reads``); every judgement, undo and split is in the trail ("judge",
"undo_judgement") in the transaction that makes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from amanat.access.audit import DetailValue
from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.register import Person, Place
from amanat.resolve import judgements
from amanat.resolve.evidence import associate_evidence, explain
from amanat.resolve.models import Candidate, Judgement, JudgementSource, Verdict
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.review import ReviewItem, next_items, open_count

KIND = "person"
MAX_QUEUE = 100
RECENT = 20
READS = Audited.reads


@dataclass(frozen=True)
class Pair:
    item: ReviewItem
    # The towns the two records name that the caller may see, by id.
    towns: dict[int, str]


@dataclass(frozen=True)
class Judged:
    judgement: Judgement
    left: PersonRecord
    right: PersonRecord


def audit_shown(ctx: Context, ids: Iterable[int]) -> None:
    """The "read" entries for person records shown (others' and protected ones)."""
    wanted = sorted(set(ids))
    if wanted:
        rows = list(ctx.session.scalars(select(Person).where(Person.id.in_(wanted))))
        read_many(ctx.session, ctx.viewer, rows)


def _linkable(ctx: Context, ids: Iterable[int]) -> dict[int, PersonRecord]:
    """The records, each visible and unprotected, or ``NotFound`` (the same answer)."""
    wanted = set(ids)
    found = {r.id: r for r in read_people(ctx.session, ctx.viewer, only_ids=wanted)}
    if set(found) != wanted:
        raise NotFound(N_("person not found"))
    return found


def _verdict(verdict: Verdict | str) -> Verdict:
    try:
        return Verdict(verdict)
    except ValueError:
        raise FieldProblem(
            ("body", "verdict"), N_("must be same, different or unsure"), verdict
        ) from None


def _judged_entries(
    made: Iterable[Judgement],
) -> list[tuple[str, str | None, int | str | None, dict[str, DetailValue]]]:
    return [
        (
            "judge",
            KIND,
            j.left_id,
            {"left_id": j.left_id, "right_id": j.right_id, "verdict": j.verdict, "id": j.id},
        )
        for j in made
    ]


@action(
    "review.queue",
    "The open pairs whose two records the caller may see, most likely first, each with "
    "the evidence field by field",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    audit="read",
    audited=READS,
)
def queue(ctx: Context, limit: int = 20) -> list[ReviewItem]:
    if not 1 <= limit <= MAX_QUEUE:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_QUEUE,
        )
    items = next_items(ctx.session, ctx.viewer, limit, KIND)
    audit_shown(ctx, (i for item in items for i in (item.left.id, item.right.id)))
    return items


@action(
    "review.waiting",
    "How many open pairs wait for the caller: those whose two records they may see",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    unaudited_because="a count of pairs, no record shown",
)
def waiting(ctx: Context) -> int:
    return open_count(ctx.session, KIND, viewer=ctx.viewer)


@action(
    "review.pair",
    "One open pair with the evidence field by field; a judged pair is no longer open",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    audit="read",
    audited=READS,
)
def pair(ctx: Context, candidate_id: int) -> Pair:
    found = ctx.session.get(Candidate, candidate_id) if 0 < candidate_id < 2**63 else None
    if found is None or found.closed_at is not None or found.record_kind != KIND:
        raise NotFound(N_("pair %(candidate_id)s not found"), candidate_id=candidate_id)
    records = _linkable(ctx, (found.left_id, found.right_id))
    left, right = records[found.left_id], records[found.right_id]
    places = sorted({*left.places, *right.places})
    towns = ctx.session.execute(
        select(Place.id, Place.name).where(Place.id.in_(places), visible(Place, ctx.viewer))
    )
    audit_shown(ctx, records)
    evidence = (*explain(left, right), associate_evidence(found.associates))
    item = ReviewItem(found.id, left, right, found.score, found.model_version, evidence)
    return Pair(item, {place_id: name for place_id, name in towns})


@action(
    "review.judgements",
    "The caller's own judgements in force, newest first: the ones they may undo",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    audit="read",
    audited=READS,
)
def recent(ctx: Context, limit: int = RECENT) -> list[Judged]:
    query = (
        select(Judgement)
        .where(Judgement.record_kind == KIND, Judgement.undone_at.is_(None))
        .where(Judgement.user_id == ctx.viewer.user_id)
        .where(Judgement.source == JudgementSource.analyst.value)
        .order_by(Judgement.id.desc())
        .limit(limit)
    )
    made = list(ctx.session.scalars(query))
    ids = {i for j in made for i in (j.left_id, j.right_id)}
    records = {r.id: r for r in read_people(ctx.session, ctx.viewer, only_ids=ids)}
    shown = [
        Judged(j, records[j.left_id], records[j.right_id])
        for j in made
        if j.left_id in records and j.right_id in records
    ]
    audit_shown(ctx, (i for j in shown for i in (j.left.id, j.right.id)))
    return shown


@action(
    "review.judge",
    "Judge two person records the same person, different people, or unsure; replaces "
    "the caller's earlier judgement of the pair, and later runs respect it",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    audit="judge",
)
def judge(ctx: Context, a: int, b: int, verdict: Verdict | str, note: str | None = None) -> Judged:
    chosen = _verdict(verdict)
    if a == b:
        raise FieldProblem(("body", "right_id"), N_("a record is always the same as itself"), b)
    records = _linkable(ctx, (a, b))
    made = judgements.judge(ctx.session, ctx.viewer, KIND, a, b, chosen, note)
    ctx.audit_entries(_judged_entries([made]))
    return Judged(made, records[made.left_id], records[made.right_id])


@action(
    "review.undo",
    "Undo a judgement in force (an analyst's, or a run's automatic merge); a pair "
    "judged from the queue returns to it",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    audit="undo_judgement",
)
def undo(ctx: Context, judgement_id: int) -> Judged:
    found = ctx.session.get(Judgement, judgement_id) if 0 < judgement_id < 2**63 else None
    if found is None or found.record_kind != KIND or found.undone_at is not None:
        raise NotFound(N_("judgement %(judgement_id)s not found"), judgement_id=judgement_id)
    records = _linkable(ctx, (found.left_id, found.right_id))
    made = judgements.undo(ctx.session, ctx.viewer, judgement_id)
    ctx.audit(
        KIND,
        made.left_id,
        left_id=made.left_id,
        right_id=made.right_id,
        verdict=made.verdict,
        source=made.source,
        id=made.id,
    )
    return Judged(made, records[made.left_id], records[made.right_id])


@action(
    "review.split",
    "Take a person record out of its entity: judged different from every other member "
    "the caller may see; the links that tied it in are undone",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    audit=("split", "judge"),
)
def split(ctx: Context, person_id: int) -> list[Judged]:
    _linkable(ctx, (person_id,))
    try:
        made = judgements.split(ctx.session, ctx.viewer, KIND, person_id)
    except judgements.JudgementError as exc:
        raise FieldProblem(("path", "record_id"), str(exc), person_id) from None
    records = _linkable(ctx, {i for j in made for i in (j.left_id, j.right_id)})
    # The split itself too: the links it undid are a change even when none of the other
    # members is the caller's to see (no "different" judgement is then made).
    split_entry = ("split", KIND, person_id, {"judged_different": len(made)})
    ctx.audit_entries([*_judged_entries(made), split_entry])
    return [Judged(j, records[j.left_id], records[j.right_id]) for j in made]

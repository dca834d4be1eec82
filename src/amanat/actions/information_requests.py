"""Requests for information after a discovery hit (issue 19; Prüm: data only on
request).  The asker's organisation files a request naming the hit's reference, with
a purpose, a legal basis, an urgency and the handling code it accepts; the holder's
organisation sees it in its inbox with a deadline (48 hours unless configured) and
approves it, approves chosen parts, or declines with a reason.

Approval in full shares the hit person records with the asker's organisation (the
sharing layer's ``RecordShare``, so the asker reads the live record under its own
marking); approval in part releases chosen sections of them and chosen linked records
(those shared the same way).  A request or reference of another organisation answers
exactly as one that does not exist.  Every step is audited on the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from amanat.access.models import RecordShare, User
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.discovery import MAX_PURPOSE, check_basis, shown_holder
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.discovery import release
from amanat.discovery.models import DiscoveryHit, InformationRequest
from amanat.discovery.setting import effective_settings
from amanat.federation import reach
from amanat.language.i18n import N_
from amanat.register import Organisation
from amanat.register.base import utcnow
from amanat.vocab import vocabulary

DEADLINE_HOURS = 48
URGENCIES = ("routine", "urgent")
DECISIONS = ("approve", "partial", "decline")
PENDING = "pending"
STATUS_OF = {"approve": "approved", "partial": "partial", "decline": "declined"}
MAX_LISTED = 500


def _absent(request_id: int | str) -> NotFound:
    return NotFound(N_("request %(request_id)s not found"), request_id=request_id)


@dataclass(frozen=True)
class Listed:
    """One request as either side lists it; the holder as the asker was shown it."""

    request: InformationRequest
    asker_org: str | None
    asker: str | None
    holder_org: str | None
    overdue: bool


@dataclass(frozen=True)
class Lists:
    to_decide: list[Listed]
    made: list[Listed]

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.to_decide)


@dataclass(frozen=True)
class ReleasedPerson:
    person_id: int
    sections: dict[str, list[str]]


@dataclass(frozen=True)
class Shown:
    """One request for the side looking: the holder also gets what it may release;
    the asker, once released, what was."""

    listed: Listed
    holder_side: bool
    offered_sections: tuple[str, ...] = ()
    offered_records: list[str] = field(default_factory=list)
    hit_persons: list[int] = field(default_factory=list)
    released: list[ReleasedPerson] = field(default_factory=list)
    released_records: list[str] = field(default_factory=list)
    # Asked of an NGO by the holder of a record its query hit: answered in words (a note).
    brokered: bool = False


def terms(purpose: str, basis: str, urgency: str, handling: str) -> str:
    """The request's purpose, checked with its basis, urgency and handling code."""
    purpose = check_basis(purpose, basis)
    if urgency not in URGENCIES:
        raise FieldProblem(
            ("body", "urgency"), N_("one of %(choices)s"), urgency, choices=", ".join(URGENCIES)
        )
    if handling not in vocabulary("handling_code").codes():
        raise FieldProblem(("body", "handling"), N_("is no handling code"), handling)
    return purpose


def is_brokered(ctx: Context, request: InformationRequest) -> bool:
    """Whether a request is one a holder made of an NGO whose query hit its record
    (``information_broker``)."""
    found = ctx.session.scalar(
        select(DiscoveryHit.id)
        .where(
            DiscoveryHit.reference == request.reference,
            DiscoveryHit.holder_org_id == request.asker_org_id,
            DiscoveryHit.asker_org_id == request.holder_org_id,
        )
        .limit(1)
    )
    return found is not None


def _overdue(request: InformationRequest, now: dt.datetime) -> bool:
    due = request.due_at if request.due_at.tzinfo else request.due_at.replace(tzinfo=dt.UTC)
    return request.status == PENDING and due < now


def _hit_persons(ctx: Context, request: InformationRequest) -> list[int]:
    return list(
        ctx.session.scalars(
            select(DiscoveryHit.person_id)
            .where(
                DiscoveryHit.reference == request.reference,
                DiscoveryHit.holder_org_id == request.holder_org_id,
            )
            .distinct()
        )
    )


def _listed(ctx: Context, request: InformationRequest, now: dt.datetime) -> Listed:
    asker = ctx.session.get(Organisation, request.asker_org_id)
    user = ctx.session.get(User, request.asker_user_id) if request.asker_user_id else None
    holder = request.shown_holder
    if request.holder_org_id == ctx.viewer.org_id or request.status in ("approved", "partial"):
        org = ctx.session.get(Organisation, request.holder_org_id)
        holder = org.code if org is not None else None
    name = user.display_name if user is not None else None
    return Listed(request, asker.code if asker else None, name, holder, _overdue(request, now))


@action(
    "rfi.file",
    "Request the information behind a discovery hit from its holder, with a purpose, a "
    "legal basis, an urgency and the handling code one accepts",
    scope=Scope.hidden_records,
    permission=Permission.discover,
    audit="rfi.filed",
)
def file(
    ctx: Context,
    reference: str,
    purpose: str,
    basis: str,
    urgency: str = "routine",
    handling: str = "H0",
    deadline_hours: int = DEADLINE_HOURS,
) -> InformationRequest:
    purpose = terms(purpose, basis, urgency, handling)
    hits = list(
        ctx.session.scalars(
            select(DiscoveryHit).where(
                DiscoveryHit.reference == reference,
                DiscoveryHit.asker_org_id == ctx.viewer.org_id,
            )
        )
    )
    if not hits or not isinstance(reference, str):
        raise NotFound(N_("reference %(reference)s not found"), reference=reference)
    holder_id = hits[0].holder_org_id
    holder = ctx.session.get(Organisation, holder_id)
    assert holder is not None
    settings = effective_settings(ctx.session, [h.person_id for h in hits])
    shown = shown_holder([settings[h.person_id] for h in hits], holder)
    return open_request(
        ctx,
        reference,
        holder_id,
        (shown.get("holder"), shown.get("country")),
        (purpose, basis, urgency, handling),
        deadline_hours,
    )


def open_request(
    ctx: Context,
    reference: str,
    holder_id: int,
    shown: tuple[str | None, str | None],
    asked: tuple[str, str, str, str],
    deadline_hours: int,
    brokered: bool = False,
) -> InformationRequest:
    """A new pending request of the caller's organisation to ``holder_id`` (once per
    reference), due in ``deadline_hours``, audited; ``shown``: the holder's code and
    country as the asker may see them; ``asked``: purpose, basis, urgency, handling
    (checked by ``terms``); ``brokered``: asked of an NGO (``information_broker``)."""
    filed = ctx.session.scalar(
        select(InformationRequest.id).where(
            InformationRequest.reference == reference,
            InformationRequest.asker_org_id == ctx.viewer.org_id,
        )
    )
    if filed is not None:
        raise FieldProblem(
            ("body", "reference"), N_("already requested (request %(request)s)"), request=filed
        )
    purpose, basis, urgency, handling = asked
    now = utcnow()
    request = InformationRequest(
        reference=reference,
        holder_org_id=holder_id,
        asker_org_id=ctx.viewer.org_id,
        asker_user_id=ctx.viewer.user_id,
        shown_holder=shown[0],
        shown_country=shown[1],
        purpose=purpose,
        legal_basis=basis,
        urgency=urgency,
        handling=handling,
        requested_at=now,
        due_at=now + dt.timedelta(hours=deadline_hours),
        status=PENDING,
    )
    ctx.session.add(request)
    ctx.session.flush()
    ctx.audit(
        "information_request",
        request.id,
        purpose=purpose,
        reference=reference,
        holder_org_id=holder_id,
        legal_basis=basis,
        urgency=urgency,
        handling=handling,
        brokered=brokered,
    )
    return request


@action(
    "rfi.list",
    "The requests for information one's organisation must answer (the overdue marked) "
    "and those it made",
    scope=Scope.own_organisation,
    # The roles that ask and answer; never statistics, auditors or administrators.
    permission=Permission.discover,
    read_only=True,
    unaudited_because="requests about records, not the records; each step is audited",
)
def lists(ctx: Context, status: str | None = None) -> Lists:
    if status is not None and status not in (PENDING, *STATUS_OF.values(), "overdue"):
        raise FieldProblem(
            ("query", "status"), N_("pending, overdue, approved, partial or declined")
        )
    now = utcnow()
    org = ctx.viewer.org_id
    query = (
        select(InformationRequest)
        .where(or_(InformationRequest.holder_org_id == org, InformationRequest.asker_org_id == org))
        .order_by(InformationRequest.requested_at.desc(), InformationRequest.id.desc())
        .limit(MAX_LISTED)
    )
    if status == "overdue":
        query = query.where(InformationRequest.status == PENDING)
        query = query.where(InformationRequest.due_at < now)
    elif status is not None:
        query = query.where(InformationRequest.status == status)
    found = [_listed(ctx, r, now) for r in ctx.session.scalars(query)]
    return Lists(
        [i for i in found if i.request.holder_org_id == org],
        [i for i in found if i.request.asker_org_id == org],
    )


def _mine(ctx: Context, request_id: int) -> InformationRequest:
    request = ctx.session.get(InformationRequest, request_id)
    org = ctx.viewer.org_id
    if request is None or org not in (request.holder_org_id, request.asker_org_id):
        raise _absent(request_id)
    return request


@action(
    "rfi.show",
    "One request for information, as the side looking sees it: the holder what it may "
    "release; the asker, once released, exactly what was",
    scope=Scope.own_organisation,
    permission=Permission.discover,
    read_only=True,
    audit="rfi.read",
    audited=Audited.reads,
)
def show(ctx: Context, request_id: int) -> Shown:
    request = _mine(ctx, request_id)
    listed = _listed(ctx, request, utcnow())
    persons = release.releasable_persons(ctx.session, _hit_persons(ctx, request))
    if request.holder_org_id == ctx.viewer.org_id:
        offered = sorted({s for p in persons for s in release.offered_sections(p)})
        return Shown(
            listed,
            True,
            tuple(s for s in release.SECTIONS if s in offered),
            release.linked_records(ctx.session, request.holder_org_id, [p.id for p in persons]),
            [p.id for p in persons],
            brokered=is_brokered(ctx, request),
        )
    if request.status not in ("approved", "partial"):
        return Shown(listed, False)
    chosen = release.split(request.released_sections)
    released = [
        ReleasedPerson(
            p.id,
            {s: release.section(p, s) for s in chosen if s in release.offered_sections(p)},
        )
        for p in persons
    ]
    if released:
        ctx.audit_many(
            [("person", r.person_id, {"request": request.id}) for r in released],
            purpose=request.purpose,
        )
    return Shown(
        listed,
        False,
        released=released,
        released_records=release.split(request.released_records),
    )


def _share(ctx: Context, org_id: int, kind: str, record_id: int) -> None:
    found = ctx.session.scalar(
        select(RecordShare.id).where(
            RecordShare.record_kind == kind,
            RecordShare.record_id == record_id,
            RecordShare.org_id == org_id,
        )
    )
    if found is None:
        ctx.session.add(
            RecordShare(
                record_kind=kind,
                record_id=record_id,
                org_id=org_id,
                granted_by_user_id=ctx.viewer.user_id,
            )
        )
        reach.shares_changed(ctx.session, org_id, [(kind, record_id)])  # of a peer node


def _chosen(given: list[str], offered: list[str] | tuple[str, ...], where: str) -> list[str]:
    unknown = [g for g in given if g not in offered]
    if unknown:
        raise FieldProblem(
            ("body", where),
            N_("one or more of %(choices)s"),
            unknown[0],
            choices=", ".join(offered),
        )
    return [o for o in offered if o in given]


@action(
    "rfi.decide",
    "The holder answers a request for information: approves (the hit records are shared "
    "with the asker's organisation), approves chosen sections and linked records, or "
    "declines with a reason",
    scope=Scope.decidable,
    # Releasing records is the work of those who ask and answer (not an auditor's
    # approval, which is about others' emergency reads).
    permission=Permission.discover,
    audit="rfi.decision",
)
def decide(
    ctx: Context,
    request_id: int,
    decision: str,
    sections: list[str] | None = None,
    records: list[str] | None = None,
    note: str | None = None,
) -> InformationRequest:
    request = ctx.session.get(InformationRequest, request_id)
    if request is None or request.holder_org_id != ctx.viewer.org_id:
        raise _absent(request_id)
    if decision not in DECISIONS:
        raise FieldProblem(
            ("body", "decision"), N_("one of %(choices)s"), decision, choices=", ".join(DECISIONS)
        )
    if request.status != PENDING:
        raise FieldProblem(("body", "decision"), N_("the request is already answered"), decision)
    note = (note or "").strip() or None
    if note is not None and (len(note) > MAX_PURPOSE or "\x00" in note):
        raise FieldProblem(("body", "note"), N_("at most %(most)s characters"), most=MAX_PURPOSE)
    if decision == "decline" and note is None:
        raise FieldProblem(("body", "note"), N_("say why you decline"))
    persons = release.releasable_persons(ctx.session, _hit_persons(ctx, request))
    if decision == "approve" and note is None and is_brokered(ctx, request):
        # An NGO asked back releases nothing of the register: its answer is the note.
        raise FieldProblem(("body", "note"), N_("write what you may tell the asker"))
    offered = [
        s for s in release.SECTIONS if any(s in release.offered_sections(p) for p in persons)
    ]
    linked = release.linked_records(ctx.session, request.holder_org_id, [p.id for p in persons])
    shared: list[tuple[str, int]] = []
    if decision == "approve":
        chosen, chosen_records = offered, []
        shared = [("person", p.id) for p in persons]
    elif decision == "partial":
        chosen = _chosen(sections or [], offered, "sections")
        chosen_records = _chosen(records or [], linked, "records")
        if not chosen and not chosen_records:
            raise FieldProblem(("body", "sections"), N_("choose at least one section or record"))
        shared = [(k, int(i)) for k, i in (r.split(":") for r in chosen_records)]
    else:
        chosen, chosen_records = [], []
    for kind, record_id in shared:
        _share(ctx, request.asker_org_id, kind, record_id)
    request.status = STATUS_OF[decision]
    request.decided_by_user_id = ctx.viewer.user_id
    request.decided_at = utcnow()
    request.decision_note = note
    request.released_sections = ",".join(chosen) or None
    request.released_records = ",".join(chosen_records) or None
    ctx.session.flush()
    ctx.audit(
        "information_request",
        request.id,
        decision=decision,
        asker_org_id=request.asker_org_id,
        sections=",".join(chosen),
        records=",".join(chosen_records),
        shared=len(shared),
    )
    return request


@action(
    "inbox.information_requests",
    "How many requests for information wait for one's own organisation's answer, and "
    "how many of them are overdue",
    scope=Scope.decidable,
    permission=Permission.discover,
    read_only=True,
    unaudited_because="numbers only: no record is shown",
)
def waiting(ctx: Context) -> tuple[int, int]:
    base = (
        select(func.count(InformationRequest.id))
        .where(InformationRequest.holder_org_id == ctx.viewer.org_id)
        .where(InformationRequest.status == PENDING)
    )
    pending = int(ctx.session.scalar(base) or 0)
    late = int(ctx.session.scalar(base.where(InformationRequest.due_at < utcnow())) or 0)
    return pending, late

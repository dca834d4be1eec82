"""Hit/no-hit discovery within one register (issue 19): the owner's setting for a
person record, the index of encodings, and asking whether anyone else holds a person.

An answer per holding organisation says hit, the score band, the holder as its owner
allowed, and an opaque reference; never a name, a fact or a record id.  Both sides are
audited: the asker's entry names the purpose and legal basis (never the name typed),
and each record hit gets an entry the holder's audit shows (who asked and why).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.access.roles import Permission, Role
from amanat.access.sharing import visible_record
from amanat.access.vault import MasterKey
from amanat.actions.door import Context, Refused, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.changes import OriginatorOnly
from amanat.discovery import index
from amanat.discovery.encoding import Keys
from amanat.discovery.index import Subject
from amanat.discovery.matching import BANDS, matches
from amanat.discovery.models import DiscoveryHit, DiscoverySetting
from amanat.discovery.setting import NOT_FOUND, effective_settings, unfindable
from amanat.language.i18n import N_
from amanat.names import parse_date
from amanat.names.phones import phone_key
from amanat.register import Organisation
from amanat.register.base import utcnow
from amanat.vocab import vocabulary

# Queries per user per hour, every row of a batch counted: enough for a day's work,
# too few to walk a list of names through the register.  Counted from the audit trail,
# so every process and the command line share one count.
QUERIES_PER_HOUR = 200
MAX_PURPOSE = 500
MAX_NAMES = 5
MAX_RECEIVED = 1000
ASK = "discovery.ask"
# The OSCE's "information broker" between NGOs and the police: a case worker asking
# about a trafficker her client names learns hit or no hit, nothing more; a holder may
# then ask her organisation what the client said (``information_requests.ask_back``).
BROKERED = frozenset({Role.case_worker})
BROKERED_ANSWER = "hit"


def brokered(role: Role | str | None) -> bool:
    """Whether an asker of this role learns only hit or no hit."""
    return role in BROKERED


@dataclass(frozen=True)
class Query:
    """What an asker types: names, a date of birth, documents, phones."""

    names: Sequence[str] = ()
    born: str | None = None
    # (type, issuing country, number)
    documents: Sequence[tuple[str, str | None, str]] = ()
    phones: Sequence[str] = ()
    # A person record the asker sees ("Does anyone else hold him?" on its page): the
    # query is its names, date of birth, documents and phones.
    person_id: int | None = None


def _of_record(ctx: Context, person_id: int) -> Query:
    person = visible_record(ctx.session, ctx.viewer, "person", person_id)
    # A victim's or witness's record is not sent asking: a hit would tell the holder
    # that someone holds her.
    if person.id in unfindable(ctx.session, [person.id]):
        raise FieldProblem(
            ("body", "person_id"),
            N_("a victim, witness or protected person is not asked about"),
            person_id,
        )
    return Query(
        names=[n.full_name for n in person.names][:MAX_NAMES],
        born=person.birth_date_text,
        documents=[(d.doc_type, d.issuing_country, d.number) for d in person.documents],
        phones=[p.number for p in person.phones],
    )


@dataclass(frozen=True)
class Answer:
    """One holder's answer: never a name, a fact or a record id."""

    band: str
    reference: str
    # As the holder's owner allowed: its code and name, its country, or nothing.
    holder: str | None = None
    holder_name: str | None = None
    country: str | None = None
    # An NGO's case worker learns only that someone holds the person (``BROKERED``):
    # band, holder and reference stay with the holders, who may ask her organisation.
    brokered: bool = False


@dataclass(frozen=True)
class Outcome:
    answers: list[Answer] = field(default_factory=list)

    @property
    def hit(self) -> bool:
        return bool(self.answers)


def _master(ctx: Context) -> MasterKey:
    if ctx.master_key is None:
        raise Refused(N_("discovery needs the vault's master key, which is not configured"))
    return ctx.master_key


@action(
    "person.discoverable",
    "Choose whether other organisations' hit/no-hit queries find a person record, "
    "and what a hit shows of its holder",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="discoverable",
)
def set_discoverable(ctx: Context, person_id: int, setting: str | None) -> str:
    """Set (or, with None, return to the default by role) and answer the setting in
    force.  Victims, witnesses and protected persons stay unfound without consent."""
    person = visible_record(ctx.session, ctx.viewer, "person", person_id)
    if person.org_id != ctx.viewer.org_id:
        raise OriginatorOnly("person", person_id, "decides whether others may find")
    codes = vocabulary("discoverability").codes()
    if setting is not None and setting not in codes:
        raise FieldProblem(
            ("body", "discoverable"), N_("one of %(choices)s"), setting, choices=", ".join(codes)
        )
    if setting not in (None, NOT_FOUND) and person.id in unfindable(ctx.session, [person.id]):
        raise FieldProblem(
            ("body", "discoverable"),
            N_("a victim, witness or protected person is found only with her consent to discovery"),
            setting,
        )
    found = ctx.session.scalar(
        select(DiscoverySetting).where(DiscoverySetting.person_id == person.id)
    )
    if setting is None and found is not None:
        ctx.session.delete(found)
    elif setting is not None:
        found = found or DiscoverySetting(person_id=person.id, setting=setting)
        found.setting, found.set_at = setting, utcnow()
        ctx.session.add(found)
    ctx.session.flush()
    if ctx.master_key is not None:
        index.refresh(ctx.session, ctx.master_key, [person.id])
    in_force = effective_settings(ctx.session, [person.id])[person.id]
    ctx.audit("person", person.id, chosen=setting, in_force=in_force)
    return in_force


@action(
    "discovery.index",
    "Rebuild the encodings of every discoverable person record (after an upgrade, a "
    "rotated master key or a changed name key)",
    scope=Scope.system,
    audit="discovery.index",
)
def rebuild_index(ctx: Context) -> tuple[int, int]:
    seen, indexed = index.refresh_all(ctx.session, _master(ctx))
    ctx.audit(None, None, persons=seen, discoverable=indexed)
    return seen, indexed


def _subject(ctx: Context, query: Query) -> Subject:
    names = [n.strip() for n in query.names if n and n.strip()]
    if len(names) > MAX_NAMES:
        raise FieldProblem(("body", "names"), N_("at most %(most)s names"), most=MAX_NAMES)
    subject = Subject(names=names)
    if query.born:
        # The value is not echoed: a date of birth typed in a query is the asker's secret.
        when = parse_date(query.born)
        if when is None:
            raise FieldProblem(("body", "born"), N_("is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
        subject.year, subject.month, subject.day = when.year, when.month, when.day
    types = vocabulary("document_type").codes()
    for at, (doc_type, country, number) in enumerate(query.documents):
        if doc_type not in types:
            raise FieldProblem(
                ("body", "documents", at, "type"), N_("is no document type"), doc_type
            )
        subject.documents.append((doc_type, country.upper() if country else None, number))
    own = ctx.session.get(Organisation, ctx.viewer.org_id)
    held = (own.country,) if own is not None and own.country else ()
    for at, number in enumerate(query.phones):
        e164 = phone_key(number, (), held)
        if e164 is None:
            raise FieldProblem(("body", "phones", at), N_("is not a phone number"))
        subject.phones.append(e164)
    if not (subject.names or subject.documents or subject.phones):
        raise FieldProblem(("body", "names"), N_("give a name, a document or a phone"))
    return subject


def _check_rate(ctx: Context, count: int) -> None:
    user = ctx.actor.user
    since = utcnow() - dt.timedelta(hours=1)
    asked = ctx.session.scalar(
        select(func.count())
        .select_from(AuditRecord)
        .where(
            AuditRecord.action == ASK,
            AuditRecord.actor_user_id == (user.id if user else None),
            AuditRecord.at >= since,
        )
    )
    if (asked or 0) + count > QUERIES_PER_HOUR:
        raise Refused(
            N_("too many discovery queries: at most %(most)s an hour; try again later"),
            most=QUERIES_PER_HOUR,
        )


def shown_holder(settings: Sequence[str], org: Organisation) -> dict[str, str | None]:
    """What a hit shows of its holder: the most guarded of its hit records decides."""
    setting = min(settings, key=("anonymous", "country", "organisation", NOT_FOUND).index)
    if setting == "organisation":
        return {"holder": org.code, "holder_name": org.name, "country": org.country}
    if setting == "country":
        return {"country": org.country}
    return {}


def check_basis(purpose: str, basis: str) -> str:
    purpose = purpose.strip() if isinstance(purpose, str) else ""
    if not purpose or len(purpose) > MAX_PURPOSE or "\x00" in purpose:
        raise FieldProblem(("body", "purpose"), N_("say why you ask (at most 500 characters)"))
    codes = vocabulary("legal_basis").codes()
    if basis not in codes:
        raise FieldProblem(
            ("body", "basis"), N_("one of %(choices)s"), basis, choices=", ".join(codes)
        )
    return purpose


@action(
    ASK,
    "Ask whether other organisations hold a record on a person, learning only hit or "
    "no hit, a score band and the holder as its owner allows",
    scope=Scope.hidden_records,
    permission=Permission.discover,
    audit=(ASK, "discovery.hit"),
)
def ask(ctx: Context, queries: Sequence[Query], purpose: str, basis: str) -> list[Outcome]:
    """One outcome per query, in order (a batch is several)."""
    purpose = check_basis(purpose, basis)
    if not queries:
        raise FieldProblem(("body", "queries"), N_("ask at least one query"))
    queries = [q if q.person_id is None else _of_record(ctx, q.person_id) for q in queries]
    subjects = [_subject(ctx, q) for q in queries]
    _check_rate(ctx, len(subjects))
    keys = index.register_keys(_master(ctx))
    outcomes: list[Outcome] = []
    for subject, query in zip(subjects, queries, strict=True):
        outcome = _ask_one(ctx, keys, subject, query, purpose, basis)
        if brokered(ctx.viewer.role) and outcome.answers:
            outcome = Outcome([Answer(BROKERED_ANSWER, "", brokered=True)])
        outcomes.append(outcome)
    return outcomes


def _ask_one(
    ctx: Context, keys: Keys, subject: Subject, query: Query, purpose: str, basis: str
) -> Outcome:
    found = matches(ctx.session, ctx.viewer, keys, subject)
    settings = effective_settings(ctx.session, [m.person_id for m in found])
    per_org: dict[int, list[tuple[int, str, str]]] = {}
    for m in found:
        if settings.get(m.person_id, NOT_FOUND) != NOT_FOUND:
            per_org.setdefault(m.org_id, []).append((m.person_id, m.band, settings[m.person_id]))
    answers: list[Answer] = []
    hits: list[tuple[str | None, int | str | None, dict[str, str | int | None]]] = []
    for org_id, records in sorted(per_org.items()):
        org = ctx.session.get(Organisation, org_id)
        assert org is not None
        band = min((b for _, b, _ in records), key=BANDS.index)
        reference = secrets.token_urlsafe(12)
        shown = shown_holder([s for *_, s in records], org)
        answers.append(
            Answer(
                band=band,
                reference=reference,
                holder=shown.get("holder"),
                holder_name=shown.get("holder_name"),
                country=shown.get("country"),
            )
        )
        for person_id, person_band, _ in records:
            ctx.session.add(
                DiscoveryHit(
                    reference=reference,
                    person_id=person_id,
                    holder_org_id=org_id,
                    asker_user_id=ctx.viewer.user_id,
                    asker_org_id=ctx.viewer.org_id,
                    band=person_band,
                    legal_basis=basis,
                    purpose=purpose,
                )
            )
            hits.append(
                (
                    "person",
                    person_id,
                    {
                        "owner_org_id": org_id,
                        "band": person_band,
                        "reference": reference,
                        "legal_basis": basis,
                    },
                )
            )
    asked_with = [
        k
        for k, v in (
            ("name", query.names),
            ("born", query.born),
            ("document", query.documents),
            ("phone", query.phones),
        )
        if v
    ]
    ctx.audit(
        None,
        None,
        purpose=purpose,
        legal_basis=basis,
        hits=len(answers),
        asked_with=",".join(asked_with),
    )
    if hits:
        ctx.audit_many(hits, purpose=purpose, entry="discovery.hit")
    ctx.session.flush()
    return Outcome(answers)


@dataclass(frozen=True)
class Received:
    """A query that hit one of the caller's organisation's records, as its holder sees it:
    who asked, why, on what basis, how close, and the reference given, never the name."""

    asked_at: dt.datetime
    person_id: int
    band: str
    reference: str
    asker_org: str | None
    asker: str | None
    legal_basis: str
    purpose: str
    # The asker learned only hit or no hit (an NGO's case worker): the holder may ask
    # her organisation what its client said (``rfi.ask_back``).
    brokered: bool = False


@action(
    "discovery.received",
    "The queries that hit one's own organisation's records: who asked, why and how close",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    unaudited_because="it lists the organisation's own records' hits, and shows no record",
)
def received(ctx: Context, limit: int = 100) -> list[Received]:
    if not 1 <= limit <= MAX_RECEIVED:
        raise FieldProblem(
            ("query", "limit"), N_("must be between 1 and %(most)s"), limit, most=MAX_RECEIVED
        )
    rows = ctx.session.execute(
        select(DiscoveryHit, Organisation.code, User.display_name, User.role)
        .outerjoin(Organisation, Organisation.id == DiscoveryHit.asker_org_id)
        .outerjoin(User, User.id == DiscoveryHit.asker_user_id)
        .where(DiscoveryHit.holder_org_id == ctx.viewer.org_id)
        .order_by(DiscoveryHit.id.desc())
        .limit(limit)
    ).all()
    return [
        Received(
            hit.asked_at,
            hit.person_id,
            hit.band,
            hit.reference,
            code,
            name,
            hit.legal_basis,
            hit.purpose,
            brokered(role),
        )
        for hit, code, name, role in rows
    ]

"""The directory of service providers: which organisation offers victims which
service, and where.  Everyone who refers reads it; each organisation's
administrators keep their own organisation's offers, and nobody else's.

The directory is the only list a referral picks its receiver from
(``actions.referrals``): an organisation that offers no shelter is never offered as
a shelter, whatever else it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.register import Organisation, ServiceOffer
from amanat.vocab import vocabulary

BIGGEST_ID = 2**63 - 1
REGION_LENGTH = 100
NOTE_LENGTH = 500
NO_COUNTRY = N_("is required: your organisation has no country of its own")
DIRECTORY_ONLY = "the directory of what organisations offer, open to every user; no record"


@dataclass(frozen=True)
class Provider:
    """An organisation and the offers of it that matched."""

    org: Organisation
    offers: list[ServiceOffer]

    @property
    def areas(self) -> list[str]:
        """Where it offers them: "KZ" or "KZ, Almaty", each once."""
        found = [", ".join(p for p in (o.country, o.region) if p) for o in self.offers]
        return list(dict.fromkeys(found))


def _service(service: str, loc: tuple[str, ...]) -> str:
    if service not in vocabulary("assistance_kind"):
        raise FieldProblem(loc, N_("is not a kind of assistance"), service)
    return service


def _country(country: str, loc: tuple[str, ...]) -> str:
    code = country.strip().upper()
    if code not in vocabulary("country"):
        raise FieldProblem(loc, N_("is not an ISO 3166-1 alpha-2 country code"), country)
    return code


def _text(value: str | None, limit: int, loc: tuple[str, ...]) -> str | None:
    text = (value or "").strip()
    if len(text) > limit or "\x00" in text:
        raise FieldProblem(
            loc, N_("must be at most %(limit)s characters of text"), value, limit=limit
        )
    return text or None


def offering(ctx: Context, service: str, org_id: int) -> bool:
    """Whether the organisation offers the service (for actions that refer)."""
    query = select(ServiceOffer.id).where(
        ServiceOffer.org_id == org_id, ServiceOffer.service == service
    )
    return ctx.session.scalar(query.limit(1)) is not None


@action(
    "service.providers",
    "The directory of service providers: organisations offering a service, by kind of "
    "service and country (all of them, or those of one organisation)",
    scope=Scope.directory,
    read_only=True,
    unaudited_because=DIRECTORY_ONLY,
)
def providers(
    ctx: Context,
    service: str | None = None,
    country: str | None = None,
    org_id: int | None = None,
) -> list[Provider]:
    """By organisation name; an organisation once, with each offer that matched."""
    query = select(ServiceOffer, Organisation).join(
        Organisation, Organisation.id == ServiceOffer.org_id
    )
    if service is not None:
        query = query.where(ServiceOffer.service == _service(service, ("query", "service")))
    if country is not None:
        query = query.where(ServiceOffer.country == _country(country, ("query", "country")))
    if org_id is not None:
        query = query.where(ServiceOffer.org_id == org_id)
    found: dict[int, Provider] = {}
    rows = ctx.session.execute(
        query.order_by(Organisation.name, ServiceOffer.service, ServiceOffer.id)
    )
    for offer, org in rows:
        found.setdefault(org.id, Provider(org, [])).offers.append(offer)
    return list(found.values())


@action(
    "service.offer",
    "Add a service one's own organisation offers victims, in a country (or a region of "
    "it), to the directory referrals pick from",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    audit="service_offer",
)
def offer(
    ctx: Context,
    service: str,
    country: str | None = None,
    region: str | None = None,
    note: str | None = None,
) -> ServiceOffer:
    """``country`` defaults to the organisation's own."""
    org = ctx.session.get(Organisation, ctx.viewer.org_id)
    assert org is not None
    if not (country or org.country):
        raise FieldProblem(("body", "country"), NO_COUNTRY, None)
    code = _country(country or org.country or "", ("body", "country"))
    area = _text(region, REGION_LENGTH, ("body", "region"))
    made = ServiceOffer(
        org_id=org.id,
        service=_service(service, ("body", "service")),
        country=code,
        region=area,
        note=_text(note, NOTE_LENGTH, ("body", "note")),
        added_by_user_id=ctx.viewer.user_id,
    )
    same = select(ServiceOffer.id).where(
        ServiceOffer.org_id == org.id,
        ServiceOffer.service == made.service,
        ServiceOffer.country == code,
        ServiceOffer.region.is_(None) if area is None else ServiceOffer.region == area,
    )
    if ctx.session.scalar(same.limit(1)) is not None:
        raise FieldProblem(("body", "service"), N_("is offered there already"), service)
    ctx.session.add(made)
    ctx.session.flush()
    ctx.audit("service_offer", made.id, service=made.service, country=code, region=area)
    return made


@action(
    "service.withdraw",
    "Remove one of one's own organisation's offers from the directory (referrals "
    "already made stay)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    audit="service_withdrawn",
)
def withdraw(ctx: Context, offer_id: int) -> None:
    found = ctx.session.get(ServiceOffer, offer_id) if 0 < offer_id <= BIGGEST_ID else None
    if found is None or found.org_id != ctx.viewer.org_id:
        raise NotFound(N_("service offer %(offer_id)s not found"), offer_id=offer_id)
    ctx.audit("service_offer", found.id, service=found.service, country=found.country)
    ctx.session.delete(found)
    ctx.session.flush()

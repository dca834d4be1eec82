"""Referrals and the directory of service providers they pick from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from amanat.actions import referrals, services
from amanat.actions.door import binds
from amanat.actions.paging import Paging
from amanat.service.api.answers import READ, WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.referrals import (
    ListedReferral,
    OfferCreate,
    OfferPublic,
    PagePublic,
    ProviderPublic,
    ReferralAnswer,
    ReferralCreate,
    ReferralPublic,
    ReferralsPublic,
    ReferralsQuery,
)

router = APIRouter(tags=["Referrals"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _provider(found: services.Provider) -> ProviderPublic:
    org = found.org
    offers = [OfferPublic.model_validate(o) for o in found.offers]
    return ProviderPublic(org_id=org.id, code=org.code, name=org.name, kind=org.kind, offers=offers)


@router.get("/service-providers", response_model=list[ProviderPublic], responses=READ)
@binds(services.providers)
def service_providers(
    door: ApiDoor,
    service: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
) -> list[ProviderPublic]:
    """The directory: organisations that offer a service, and where."""
    found = services.providers(door, service, country)
    return committed(door, [_provider(p) for p in found])


@router.post("/service-offers", response_model=OfferPublic, status_code=201, responses=WRITE)
@binds(services.offer)
def add_offer(door: ApiDoor, body: OfferCreate) -> OfferPublic:
    """Add a service your organisation offers (administrators)."""
    made = services.offer(door, str(body.service), body.country, body.region, body.note)
    return committed(door, OfferPublic.model_validate(made))


@router.delete("/service-offers/{offer_id}", status_code=204, responses=WRITE)
@binds(services.withdraw)
def withdraw_offer(door: ApiDoor, offer_id: ObjectId) -> None:
    """Take one of your organisation's offers off the directory (administrators)."""
    services.withdraw(door, offer_id)
    committed(door, None)


@router.get("/referrals", response_model=ReferralsPublic, responses=READ)
@binds(referrals.referrals)
def list_referrals(door: ApiDoor, query: Annotated[ReferralsQuery, Query()]) -> ReferralsPublic:
    """The referrals your organisation made and received, with every answer: filtered,
    sorted, and each list a page of 50 at a time (``made_page``, ``received_page``)."""
    wanted = referrals.Wanted(
        status=query.status,
        service=query.service,
        sort=query.sort,
        made_page=query.made_page,
        received_page=query.received_page,
        waiting=query.waiting,
    )
    found = referrals.referrals(door, wanted)

    def listed(items: list[referrals.Listed]) -> list[ListedReferral]:
        return [
            ListedReferral(
                referral=ReferralPublic.model_validate(i.referral), pseudonym=i.pseudonym
            )
            for i in items
        ]

    def placed(page: Paging) -> PagePublic:
        return PagePublic(number=page.number, size=page.size, total=page.total, pages=page.pages)

    answer = ReferralsPublic(
        made=listed(found.made),
        received=listed(found.received),
        made_page=placed(found.made_paging),
        received_page=placed(found.received_paging),
    )
    return committed(door, answer)


@router.post(
    "/victims/{victim_id}/referrals",
    response_model=ReferralPublic,
    status_code=201,
    responses=WRITE,
)
@binds(referrals.add)
def refer(door: ApiDoor, victim_id: ObjectId, body: ReferralCreate) -> ReferralPublic:
    """Refer a victim your organisation registered to an organisation the directory
    lists for the service, under her consent (given now in ``consent`` when none on
    her record covers it)."""
    given = (
        referrals.GivenConsent(body.consent.given_on, body.consent.identity)
        if body.consent is not None
        else None
    )
    made = referrals.add(
        door,
        victim_id,
        str(body.service),
        body.provider_org_id,
        consent=given,
        referred_on=body.referred_on,
        note=body.note,
        version=body.version,
    )
    return committed(door, ReferralPublic.model_validate(made))


@router.post("/referrals/{referral_id}/status", response_model=ReferralPublic, responses=WRITE)
@binds(referrals.set_status)
def answer(door: ApiDoor, referral_id: ObjectId, body: ReferralAnswer) -> ReferralPublic:
    """The receiving organisation accepts, declines (with a reason) or completes."""
    row = referrals.set_status(door, referral_id, str(body.status), str(body.seen), body.reason)
    return committed(door, ReferralPublic.model_validate(row))


@router.post("/referrals/{referral_id}/noted", response_model=ReferralPublic, responses=WRITE)
@binds(referrals.note_answer)
def noted(door: ApiDoor, referral_id: ObjectId) -> ReferralPublic:
    """The referring organisation has seen the latest answer."""
    return committed(door, ReferralPublic.model_validate(referrals.note_answer(door, referral_id)))

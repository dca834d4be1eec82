"""The directory of service providers: everyone reads it, by service and country;
an organisation's administrators keep their own organisation's offers and nobody
else's, audited; bad input names the field and the value."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, acting

from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions import services
from amanat.actions.actor import Credential
from amanat.actions.door import Refused
from amanat.actions.errors import FieldProblem


def _names(found: list[services.Provider]) -> list[str]:
    return [p.org.name for p in found]


def test_the_directory_lists_who_offers_a_service_and_where(world: World) -> None:
    with world.acting("ngo") as ctx:
        assert _names(services.providers(ctx, "shelter")) == ["Almaty shelter", "Bishkek shelter"]
        assert _names(services.providers(ctx, "shelter", "kg")) == ["Bishkek shelter"]
        assert _names(services.providers(ctx, "repatriation")) == []
        [shelter] = [p for p in services.providers(ctx) if p.org.name == "Almaty shelter"]
        assert [o.service for o in shelter.offers] == [
            "legal",
            "medical",
            "psychosocial",
            "shelter",
        ]
        assert shelter.areas == ["KZ", "KZ, Almaty"]
        with pytest.raises(FieldProblem) as bad:
            services.providers(ctx, "spa")
        assert (bad.value.loc, bad.value.value) == (("query", "service"), "spa")
    # Open to every user, auditors and administrators included: it holds no record.
    with world.acting("auditor") as ctx:
        assert "Almaty shelter" in _names(services.providers(ctx))
    assert world.entries("service_offer") == []


def test_an_administrator_keeps_her_own_organisations_offers(world: World) -> None:
    with world.acting("shelter-admin") as ctx:
        made = services.offer(ctx, "repatriation", region="Almaty", note="Mon-Fri, Russian")
        assert (made.country, made.region) == ("KZ", "Almaty")  # the organisation's country
    with world.acting("ngo") as ctx:
        assert _names(services.providers(ctx, "repatriation")) == ["Almaty shelter"]
    with world.acting("shelter-admin") as ctx:
        services.withdraw(ctx, made.id)
    with world.acting("ngo") as ctx:
        assert services.providers(ctx, "repatriation") == []
    [added] = world.entries("service_offer")
    assert (added["service"], added["country"], added["region"]) == ("repatriation", "KZ", "Almaty")
    assert added["user_id"] == world.user_id("shelter-admin")
    [removed] = world.entries("service_withdrawn")
    assert removed["target"] == ("service_offer", str(made.id))


def test_nobody_keeps_another_organisations_offers(world: World) -> None:
    with world.acting("ngo") as ctx:
        [shelter] = [
            p for p in services.providers(ctx, "shelter") if p.org.name == "Almaty shelter"
        ]
    offer_id = shelter.offers[0].id
    with world.acting("admin") as ctx, pytest.raises(NotFound) as other:
        services.withdraw(ctx, offer_id)  # the police's administrator
    with world.acting("admin") as ctx, pytest.raises(NotFound) as missing:
        services.withdraw(ctx, offer_id + 1000)
    assert str(other.value).replace(str(offer_id), "#") == str(missing.value).replace(
        str(offer_id + 1000), "#"
    )
    for username in ("shelter", "auditor"):
        with world.acting(username) as ctx, pytest.raises(PermissionDenied, match="'administer'"):
            services.offer(ctx, "shelter")
    with (
        acting(world.engine, "shelter-admin", Credential.read_only_token) as ctx,
        pytest.raises(Refused, match="read-only"),
    ):
        services.offer(ctx, "education")
    assert world.entries("service_offer") == []


def test_bad_offers_name_the_field_and_the_value(world: World) -> None:
    for fields, loc, value in (
        ({"service": "spa"}, ("body", "service"), "spa"),
        ({"service": "education", "country": "XX"}, ("body", "country"), "XX"),
        ({"service": "shelter"}, ("body", "service"), "shelter"),  # offered there already
        ({"service": "education", "region": "x" * 101}, ("body", "region"), "x" * 101),
    ):
        with world.acting("shelter-admin") as ctx, pytest.raises(FieldProblem) as bad:
            services.offer(ctx, **fields)  # type: ignore[arg-type]
        assert (bad.value.loc, bad.value.value) == (loc, value)
    assert world.entries("service_offer") == []

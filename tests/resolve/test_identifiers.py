"""Phones, vehicles and groups merge when they share an identifier, and only then."""

from __future__ import annotations

from sqlalchemy import Engine

from amanat.access.accounts import add_organisation, add_user
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.register import CriminalGroup, Phone, Vehicle
from amanat.resolve import canonical
from amanat.resolve.identifiers import imei_key, link_identifiers, plate_key, vin_key
from amanat.resolve.judgements import judge
from amanat.store.engine import session_factory, transaction

MARKING = {"tlp": "GREEN", "distribution": "community"}


def test_identifier_keys() -> None:
    assert plate_key("01 А 123 ВС", "UZ") == plate_key("01a123bc", "UZ") == "UZ:01A123BC"
    assert plate_key("01 A 123 BC", "KZ") != plate_key("01 A 123 BC", "UZ")
    assert plate_key("000000", "KZ") is None and plate_key("A1", "KZ") is None
    assert vin_key("wdb 9066331s123456") == "WDB9066331S123456"
    assert vin_key("WDB9O66331S123456") is None  # O is not in a VIN
    assert imei_key("35-209900-176148-1") == imei_key("35209900176148 2") == "35209900176148"


def _register(engine: Engine) -> tuple[Viewer, dict[str, int]]:
    with transaction(engine) as session:
        kz = add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ").id
        uz = add_organisation(session, "UZ-MVD", "Uzbek MVD", "interior_ministry", "UZ").id
        analyst = add_user(session, "KZ-POL", "aigul", "Aigul", "analyst", "pw-aigul-123456")
        records = {
            "phone_kz": Phone(org_id=kz, number="+7 701 555 12 34", **MARKING),
            "phone_uz": Phone(org_id=uz, number="8 701 5551234", **MARKING),
            "phone_other": Phone(org_id=uz, number="+7 701 555 99 99", **MARKING),
            "phone_imei_a": Phone(org_id=kz, number="+998 90 111 22 33", imei="352099001761481"),
            "phone_imei_b": Phone(org_id=uz, number="+998 93 444 55 66", imei="35209900176148"),
            "car_kz": Vehicle(org_id=kz, plate="01 А 123 ВС", plate_country="UZ", **MARKING),
            "car_uz": Vehicle(org_id=uz, plate="01A123BC", plate_country="UZ", **MARKING),
            "car_kz_plate": Vehicle(org_id=uz, plate="01A123BC", plate_country="KZ", **MARKING),
            "truck_a": Vehicle(org_id=kz, vin="XTA21099012345678", **MARKING),
            "truck_b": Vehicle(org_id=uz, vin="xta21099012345678", **MARKING),
            "firm_a": CriminalGroup(
                org_id=kz, kind="company", name="ТОО Памир", registration_number="1204 4001 2345"
            ),
            "firm_b": CriminalGroup(
                org_id=kz, kind="company", name="Pamir LLP", registration_number="120440012345"
            ),
            "namesake": CriminalGroup(org_id=uz, kind="clan", name="Памир", **MARKING),
        }
        session.add_all(records.values())
        session.flush()
        viewer = Viewer(analyst.id, kz, Role.analyst)
        return viewer, {name: record.id for name, record in records.items()}


def _entity(engine: Engine, kind: str, record_id: int) -> int:
    with session_factory(engine)() as session:
        return canonical.entity_of(session, kind, record_id)


def test_shared_identifiers_merge_and_nothing_else(engine: Engine) -> None:
    _, ids = _register(engine)
    with transaction(engine) as session:
        made = link_identifiers(session)
    assert made == {"phone": 2, "vehicle": 2, "group": 1}
    same = [
        ("phone", "phone_kz", "phone_uz"),
        ("phone", "phone_imei_a", "phone_imei_b"),
        ("vehicle", "car_kz", "car_uz"),
        ("vehicle", "truck_a", "truck_b"),
        ("group", "firm_a", "firm_b"),
    ]
    for kind, a, b in same:
        assert _entity(engine, kind, ids[a]) == _entity(engine, kind, ids[b]), (a, b)
    apart = [
        ("phone", "phone_kz", "phone_other"),
        ("vehicle", "car_uz", "car_kz_plate"),  # the same plate in another country
        ("group", "firm_a", "namesake"),  # a shared name is not an identifier
    ]
    for kind, a, b in apart:
        assert _entity(engine, kind, ids[a]) != _entity(engine, kind, ids[b]), (a, b)
    with transaction(engine) as session:  # a second run adds nothing
        assert link_identifiers(session) == {"phone": 0, "vehicle": 0, "group": 0}


def test_an_analysts_different_is_respected(engine: Engine) -> None:
    viewer, ids = _register(engine)
    with transaction(engine) as session:
        judge(session, viewer, "vehicle", ids["truck_a"], ids["truck_b"], "different", "re-VIN")
    with transaction(engine) as session:
        made = link_identifiers(session)
    assert made["vehicle"] == 1  # only the plates
    assert _entity(engine, "vehicle", ids["truck_a"]) != _entity(engine, "vehicle", ids["truck_b"])


def test_a_user_links_only_what_they_may_see(engine: Engine) -> None:
    viewer, ids = _register(engine)
    with transaction(engine) as session:
        made = link_identifiers(session, viewer)
    # the IMEI phone of UZ-MVD is AMBER by default and not shared with KZ-POL
    assert made["phone"] == 1
    assert _entity(engine, "phone", ids["phone_imei_a"]) != _entity(
        engine, "phone", ids["phone_imei_b"]
    )

"""Phones, vehicles and groups merge when they share an identifier, and only then."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanat.access.accounts import add_organisation, add_user
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.register import CriminalGroup, Organisation, Phone, Vehicle
from amanat.resolve import canonical
from amanat.resolve.identifiers import (
    MODEL_VERSION,
    imei_key,
    link_identifiers,
    plate_key,
    reopen_stale,
    vin_key,
)
from amanat.resolve.judgements import judge
from amanat.resolve.models import Judgement
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
            # a Kazakh phone in its national form, given as Kazakh by an Uzbek agency
            "phone_uz": Phone(org_id=uz, number="8 701 5551234", country="KZ", **MARKING),
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


# (organisation, number as written, phone's own country): numbers that shared their last
# nine digits, which was once the comparison
CROSSED = {
    "kz": ("KZ", "+7 701 234 56 78", None),
    "kz_local": ("KZ", "8 (701) 234-56-78", None),
    "ru": ("RU", "+7 901 234 56 78", None),
    "ru_local": ("RU", "8-901-234-56-78", None),
    "uz": ("UZ", "90 123 45 67", None),
    "uz_abroad": ("TJ", "+998 90 123-45-67", None),
    "tj": ("TJ", "90 123 45 67", None),
    "tj_given": ("UZ", "(90) 123 45 67", "TJ"),
    "uz_invalid": ("UZ", "0 90 123 45 67", None),
}


def _crossed(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        orgs = {
            country: add_organisation(session, f"{country}-POL", country, "police", country).id
            for country in ("KZ", "RU", "UZ", "TJ")
        }
        phones = {
            name: Phone(org_id=orgs[org], number=number, country=country, **MARKING)
            for name, (org, number, country) in CROSSED.items()
        }
        session.add_all(phones.values())
        session.flush()
        return {name: phone.id for name, phone in phones.items()}


def test_numbers_of_different_countries_are_different_phones(engine: Engine) -> None:
    """Regression: on their last nine digits, +7 701 … (KZ) and +7 901 … (RU), and
    +998 90 … (UZ) and +992 90 … (TJ), were one phone and merged."""
    ids = _crossed(engine)
    with transaction(engine) as session:
        assert link_identifiers(session)["phone"] == 4
    entity = {name: _entity(engine, "phone", record) for name, record in ids.items()}
    assert entity["kz"] == entity["kz_local"] != entity["ru"] == entity["ru_local"]
    assert entity["uz"] == entity["uz_abroad"] != entity["tj"] == entity["tj_given"]
    assert entity["uz_invalid"] == ids["uz_invalid"]  # no valid number: linked to nothing
    with session_factory(engine)() as session:  # and kept as typed
        assert session.get(Phone, ids["uz_invalid"]).number == "0 90 123 45 67"  # type: ignore[union-attr]


def _old_merge(engine: Engine, left: int, right: int, note: str = "same phone number") -> None:
    """A merge as the comparison on the last nine digits made it."""
    with transaction(engine) as session:
        session.add(
            Judgement(
                record_kind="phone", left_id=left, right_id=right, verdict="same",
                source="auto", score=1.0, model_version=MODEL_VERSION, note=note,
            )
        )  # fmt: skip
        session.flush()
        canonical.recompute(session, "phone", {left, right})


def test_merges_that_rested_on_the_old_comparison_are_reopened(engine: Engine) -> None:
    ids = _crossed(engine)
    _old_merge(engine, ids["kz"], ids["ru"])
    _old_merge(engine, ids["uz"], ids["tj"])
    _old_merge(engine, ids["kz"], ids["kz_local"])  # still one phone
    with transaction(engine) as session:  # two numbers of one handset (IMEI) stay one
        a, b = (
            Phone(org_id=_org(session), number=number, imei="35209900176148", **MARKING)
            for number in ("+7 701 111 22 33", "+7 901 111 22 33")
        )
        session.add_all([a, b])
        session.flush()
        imei = (a.id, b.id)
    _old_merge(engine, *imei)
    assert _entity(engine, "phone", ids["ru"]) == _entity(engine, "phone", ids["kz"])
    with transaction(engine) as session:
        assert reopen_stale(session) == {"phone": 2, "vehicle": 0, "group": 0}
    assert _entity(engine, "phone", ids["ru"]) == ids["ru"]
    assert _entity(engine, "phone", ids["tj"]) == ids["tj"]
    assert _entity(engine, "phone", ids["kz_local"]) == _entity(engine, "phone", ids["kz"])
    assert _entity(engine, "phone", imei[1]) == _entity(engine, "phone", imei[0])
    with session_factory(engine)() as session:
        reopened = session.scalars(
            select(Judgement).where(Judgement.left_id.in_([ids["kz"], ids["uz"]]))
            .where(Judgement.right_id.in_([ids["ru"], ids["tj"]]))
        ).all()  # fmt: skip
    assert len(reopened) == 2
    for judgement in reopened:
        assert judgement.undone_at is not None and judgement.undone_by_user_id is None
        assert judgement.note == "same phone number; reopened: no identifier shared any more"
    with transaction(engine) as session:  # the next run makes them no more
        assert reopen_stale(session)["phone"] == 0
        link_identifiers(session)
    assert _entity(engine, "phone", ids["ru"]) != _entity(engine, "phone", ids["kz"])


def test_a_merge_whose_number_was_corrected_is_reopened(engine: Engine) -> None:
    _, ids = _register(engine)
    with transaction(engine) as session:
        link_identifiers(session)
        phone = session.get(Phone, ids["phone_uz"])
        assert phone is not None
        phone.number = "8 701 555 12 35"  # a typo corrected
    with transaction(engine) as session:
        assert reopen_stale(session)["phone"] == 1
    assert _entity(engine, "phone", ids["phone_kz"]) != _entity(engine, "phone", ids["phone_uz"])


def _org(session: Session) -> int:
    found = session.scalar(select(Organisation.id).where(Organisation.code == "KZ-POL"))
    assert found is not None
    return found

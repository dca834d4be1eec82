"""People already in the register when a browser journey starts (``test_e2e.server``).

The Kazakh prosecutor's office recorded Ulugbek Mamadaliev, in Latin letters, as a
suspect in an earlier case shared with the task force; an investigator of the police
finds him by typing his surname in Cyrillic (journey 2, ``test_e2e_attach``).
"""

from __future__ import annotations

from sqlalchemy import Engine
from tests.service.web.conftest import GROUP

from amanat.actions import records, sharing
from amanat.cli.door import acting_as

MAMADALIEV = "Mamadaliev Ulugbek"
EARLIER_CASE = "KZ-2023-0117"


def add_known_people(engine: Engine) -> None:
    with acting_as(engine, "prosecutor") as ctx:
        group = next(g.id for g in sharing.groups(ctx) if g.name == GROUP)
        marking = {
            "source_kind": "agency_record",
            "tlp": "AMBER",
            "distribution": "group",
            "sharing_group_id": group,
        }
        new = [
            {"kind": "case", "ref": "case", "case_type": "tip", "jurisdiction": "KZ",
             "case_number": EARLIER_CASE, "status": "investigation", "opened_on": "2023-05-02",
             "title": "Construction workers, Astana"},
            {"kind": "person", "ref": "person", "names": [{"full_name": MAMADALIEV}],
             "sex": "male", "birth_year": 1984, "citizenships": ["UZ"]},
            {"kind": "case_role", "case_id": "@case", "person_id": "@person", "role": "suspect",
             "perpetrator_role": "RecruiterOrIntermediary"},
        ]  # fmt: skip
        records.create_records(ctx, [{**marking, **record} for record in new])

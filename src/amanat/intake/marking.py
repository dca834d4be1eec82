"""The provenance marking an import gives its records, checked once for the file.

It comes from the profile, overridden on the command line; the same rules hold as for
a record written any other way: codes from the vocabularies, a distribution no wider
than the TLP allows, a sharing group exactly when the distribution is ``group``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from amanat.access.groups import member_group_id
from amanat.intake.problems import IntakeError
from amanat.intake.profile import Marking
from amanat.register import InvalidValue
from amanat.register.checks import check_marking, in_vocabulary
from amanat.register.reasons import Unfit

VOCABULARIES = {
    "tlp": "tlp",
    "handling": "handling_code",
    "reliability": "reliability",
    "credibility": "credibility",
    "source_kind": "source_kind",
    "distribution": "distribution",
}


def provenance_values(session: Session, marking: Marking, org_id: int) -> dict[str, object]:
    """The provenance columns every imported record gets; ``IntakeError`` if the
    marking is not one a record may carry."""
    values: dict[str, object] = {}
    for name, vocabulary in VOCABULARIES.items():
        value = getattr(marking, name)
        try:
            in_vocabulary(vocabulary)(value)
        except Unfit as exc:
            refused = {"reason": exc.code, "params": exc.params}
            raise IntakeError("marking", field=name, value=value, **refused) from None
        values[name] = value
    group_id = None
    if marking.group is not None:
        group_id = member_group_id(session, marking.group, org_id)
        if group_id is None:
            raise IntakeError(
                "marking", text=f"there is no sharing group {marking.group!r} of yours"
            )
    try:
        check_marking("record", marking.tlp, marking.distribution, group_id)
    except InvalidValue as exc:
        name = exc.field.split(".")[-1]
        if exc.unfit is None:
            raise IntakeError("marking", text=f"{name} {exc.reason}") from None
        refused = {"reason": exc.unfit.code, "params": exc.unfit.params}
        raise IntakeError("marking", field=name, **refused) from None
    values["sharing_group_id"] = group_id
    return values

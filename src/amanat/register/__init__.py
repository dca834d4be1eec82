"""The register: every kind of record, each an assertion by an organisation."""

# Records point at sharing groups (their distribution): the table must be in the
# same metadata.
import amanat.register.federation_change
import amanat.register.federation_relay
import amanat.register.federation_withdrawal
import amanat.register.sharing_group  # noqa: F401
from amanat.register.base import Base, Provenance
from amanat.register.case import Case, CaseRole, Charge
from amanat.register.checks import InvalidValue
from amanat.register.entities import CriminalGroup, Phone, Vehicle
from amanat.register.name_key import PersonNameKey
from amanat.register.node import Node
from amanat.register.organisation import Organisation, OrganisationName, Source
from amanat.register.person import (
    Citizenship,
    IdentityDocument,
    Person,
    PersonAddress,
    PersonName,
    PersonPhone,
)
from amanat.register.pipeline import PipelineEvent
from amanat.register.place import Place
from amanat.register.referral import Referral, ReferralEvent
from amanat.register.relationship import Relationship
from amanat.register.seizure import SeizedDrug, Seizure, StorageLoss, Weapon
from amanat.register.service_provider import ServiceOffer
from amanat.register.victim import (
    Assistance,
    Consent,
    Movement,
    Victim,
    VictimControl,
    VictimExploitation,
)

# The kinds of record a user talks about, by the name used on the command line,
# in submissions and in `amanat stats`, in the order data flows into a case.
RECORD_KINDS: dict[str, type[Base]] = {
    "organisation": Organisation,
    "source": Source,
    "place": Place,
    "person": Person,
    "person_name": PersonName,
    "identity_document": IdentityDocument,
    "group": CriminalGroup,
    "vehicle": Vehicle,
    "phone": Phone,
    "case": Case,
    "charge": Charge,
    "case_role": CaseRole,
    "pipeline_event": PipelineEvent,
    "victim": Victim,
    "movement": Movement,
    "assistance": Assistance,
    "seizure": Seizure,
    "seized_drug": SeizedDrug,
    "weapon": Weapon,
    "storage_loss": StorageLoss,
    "relationship": Relationship,
}
# The kinds that are records of their own (with a marking and a global identity), in
# an order where a record comes after those it points at (a federation's bundles).
FEDERATED_KINDS: dict[str, type[Base]] = {
    kind: RECORD_KINDS[kind]
    for kind in (
        "source",
        "place",
        "person",
        "group",
        "vehicle",
        "phone",
        "case",
        "case_role",
        "pipeline_event",
        "victim",
        "seizure",
        "storage_loss",
        "weapon",
        "relationship",
    )
}

__all__ = [
    "FEDERATED_KINDS",
    "RECORD_KINDS",
    "Assistance",
    "Base",
    "Case",
    "CaseRole",
    "Charge",
    "Citizenship",
    "Consent",
    "CriminalGroup",
    "IdentityDocument",
    "InvalidValue",
    "Movement",
    "Node",
    "Organisation",
    "OrganisationName",
    "Person",
    "PersonAddress",
    "PersonName",
    "PersonNameKey",
    "PersonPhone",
    "Phone",
    "PipelineEvent",
    "Place",
    "Provenance",
    "Referral",
    "ReferralEvent",
    "Relationship",
    "SeizedDrug",
    "Seizure",
    "ServiceOffer",
    "Source",
    "StorageLoss",
    "Vehicle",
    "Victim",
    "VictimControl",
    "VictimExploitation",
    "Weapon",
]

"""Roles and what each may do: the permission table is this code.

``docs/permissions.md`` is generated from ``PERMISSIONS`` and the actions'
declarations (``amanat.actions.catalogue``); a test fails when the two differ.
"""

from __future__ import annotations

from enum import StrEnum

from amanat.language.i18n import N_
from amanat.language.refusal import Refusal


class Role(StrEnum):
    analyst = "analyst"
    investigator = "investigator"
    prosecutor = "prosecutor"
    case_worker = "case_worker"
    statistics_officer = "statistics_officer"
    auditor = "auditor"
    administrator = "administrator"


class Permission(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    export = "export"
    share = "share"
    approve = "approve"
    administer = "administer"
    # Judge whether records are one person, undo and split (``amanat.resolve``).
    resolve = "resolve"
    # Read the audit trail and its alerts, and review emergency reads.
    audit = "audit"
    # Ask whether others hold a record on a person, learning only hit or no hit
    # (``amanat.discovery``): the investigating and assisting roles, never statistics.
    discover = "discover"


ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.analyst: "pools submissions, links records, maps networks and flows",
    Role.investigator: "registers cases, suspects, arrests and charges",
    Role.prosecutor: "registers charges, indictments, verdicts and appeals",
    Role.case_worker: "registers assisted victims with consent, referrals and services",
    Role.statistics_officer: "computes and publishes indicators",
    Role.auditor: "reads the audit trail and its alerts, never the records",
    Role.administrator: "manages organisations, users, groups and keys, never the records",
}

_WORK = frozenset(
    {
        Permission.read,
        Permission.create,
        Permission.update,
        Permission.export,
        Permission.share,
        Permission.discover,
    }
)

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Linking records across agencies is the analysts' work: a wrong merge joins two
    # people's histories in everyone's view, so only they judge.
    Role.analyst: _WORK | {Permission.approve, Permission.resolve},
    Role.investigator: _WORK | {Permission.approve},
    Role.prosecutor: _WORK | {Permission.approve},
    Role.case_worker: _WORK | {Permission.approve},
    Role.statistics_officer: frozenset({Permission.read, Permission.export}),
    # Auditors approve emergency (break-glass) reads by others; they read the
    # audit trail, which is not a register record.
    Role.auditor: frozenset({Permission.approve, Permission.audit}),
    # No all-seeing administrator: administering never includes reading records.
    Role.administrator: frozenset({Permission.administer}),
}

# Roles that read records at all (the visibility rule applies on top).
RECORD_READERS = frozenset(
    role for role, actions in PERMISSIONS.items() if Permission.read in actions
)


def can(role: Role | str, permission: Permission | str) -> bool:
    return Permission(permission) in PERMISSIONS[Role(role)]


class PermissionDenied(Refusal, PermissionError):
    """A write or action the user's role does not allow; says which permission."""

    def __init__(self, role: Role | str, permission: Permission | str, what: str = "") -> None:
        self.role = Role(role)
        self.permission = Permission(permission)
        super().__init__(
            N_("permission denied: role %(role)r lacks %(permission)r%(target)s"),
            role=self.role.value,
            permission=self.permission.value,
            target=f" {what}" if what else "",
        )


def require(role: Role | str, permission: Permission | str, what: str = "") -> None:
    if not can(role, permission):
        raise PermissionDenied(role, permission, what)

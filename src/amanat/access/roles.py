"""Roles and what each may do: the permission table is this code.

``docs/permissions.md`` is generated from ``PERMISSIONS`` (``amanat access
permissions``); a test fails when the two differ.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    analyst = "analyst"
    investigator = "investigator"
    prosecutor = "prosecutor"
    case_worker = "case_worker"
    statistics_officer = "statistics_officer"
    auditor = "auditor"
    administrator = "administrator"


class Action(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    export = "export"
    share = "share"
    approve = "approve"
    administer = "administer"
    # Judge whether records are one person, undo and split (``amanat.resolve``).
    resolve = "resolve"


ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.analyst: "pools submissions, links records, maps networks and flows",
    Role.investigator: "registers cases, suspects, arrests and charges",
    Role.prosecutor: "registers charges, indictments, verdicts and appeals",
    Role.case_worker: "registers assisted victims with consent, referrals and services",
    Role.statistics_officer: "computes and publishes indicators",
    Role.auditor: "reads the audit trail and its alerts, never the records",
    Role.administrator: "manages organisations, users, groups and keys, never the records",
}

_WORK = frozenset({Action.read, Action.create, Action.update, Action.export, Action.share})

PERMISSIONS: dict[Role, frozenset[Action]] = {
    # Linking records across agencies is the analysts' work: a wrong merge joins two
    # people's histories in everyone's view, so only they judge.
    Role.analyst: _WORK | {Action.approve, Action.resolve},
    Role.investigator: _WORK | {Action.approve},
    Role.prosecutor: _WORK | {Action.approve},
    Role.case_worker: _WORK | {Action.approve},
    Role.statistics_officer: frozenset({Action.read, Action.export}),
    # Auditors approve emergency (break-glass) reads by others; they read the
    # audit trail, which is not a register record.
    Role.auditor: frozenset({Action.approve}),
    # No all-seeing administrator: administering never includes reading records.
    Role.administrator: frozenset({Action.administer}),
}

# Roles that read records at all (the visibility rule applies on top).
RECORD_READERS = frozenset(role for role, actions in PERMISSIONS.items() if Action.read in actions)


def can(role: Role | str, action: Action | str) -> bool:
    return Action(action) in PERMISSIONS[Role(role)]


class PermissionDenied(PermissionError):
    """A write or action the user's role does not allow; says which permission."""

    def __init__(self, role: Role | str, action: Action | str, what: str = "") -> None:
        self.role = Role(role)
        self.action = Action(action)
        target = f" {what}" if what else ""
        super().__init__(
            f"permission denied: role {self.role.value!r} lacks {self.action.value!r}{target}"
        )


def require(role: Role | str, action: Action | str, what: str = "") -> None:
    if not can(role, action):
        raise PermissionDenied(role, action, what)


def permission_table_markdown() -> str:
    """The role × action table as Markdown, for docs/permissions.md."""
    actions = list(Action)
    lines = [
        "# Permissions",
        "",
        "Generated from `src/amanat/access/roles.py` by `amanat access permissions`;",
        "a test fails when this file and the code differ. The visibility rule",
        "(markings, distribution, sharing groups) applies on top of `read`.",
        "",
        "| role | " + " | ".join(a.value for a in actions) + " | what the role is for |",
        "|---|" + "---|" * len(actions) + "---|",
    ]
    for role in Role:
        marks = " | ".join("✔" if a in PERMISSIONS[role] else "" for a in actions)
        lines.append(f"| {role.value} | {marks} | {ROLE_DESCRIPTIONS[role]} |")
    return "\n".join(lines) + "\n"

"""Every action, loaded, and the permissions document generated from their declarations.

``docs/permissions.md`` is this module's output (``amanat access permissions``); a
test fails when the two differ, so the document cannot drift from the code.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

import amanat.actions
from amanat.access.roles import PERMISSIONS, ROLE_DESCRIPTIONS, Permission, Role
from amanat.actions.actor import Credential
from amanat.actions.door import REGISTRY, Audited, Declaration


def load_all() -> dict[str, Declaration]:
    """Import every module of the actions package, so the registry is complete."""
    for module in pkgutil.walk_packages(amanat.actions.__path__, "amanat.actions."):
        import_module(module.name)
    return dict(REGISTRY)


def _credentials(declaration: Declaration) -> str:
    if declaration.credentials == frozenset(Credential):
        return "any"
    return ", ".join(declaration.credential_names)


def _audit(declaration: Declaration) -> str:
    if declaration.audited is Audited.never:
        return f"none: {declaration.unaudited_because}"
    names = ", ".join(f"`{name}`" for name in declaration.audit)
    return names if declaration.audited is Audited.always else f"{names} ({declaration.audited})"


def _role_table() -> list[str]:
    permissions = list(Permission)
    lines = [
        "| role | " + " | ".join(p.value for p in permissions) + " | what the role is for |",
        "|---|" + "---|" * len(permissions) + "---|",
    ]
    for role in Role:
        marks = " | ".join("✔" if p in PERMISSIONS[role] else "" for p in permissions)
        lines.append(f"| {role.value} | {marks} | {ROLE_DESCRIPTIONS[role]} |")
    return lines


def _action_table(actions: dict[str, Declaration]) -> list[str]:
    lines = [
        "| action | what it does | permission | scope | read-only token | credentials "
        "| audit entry |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in sorted(actions):
        d = actions[name]
        permission = d.permission.value if d.permission is not None else "—"
        read_only = "yes" if d.read_only else "no"
        lines.append(
            f"| `{name}` | {d.summary} | {permission} | {d.scope.value} | {read_only} "
            f"| {_credentials(d)} | {_audit(d)} |"
        )
    return lines


def permissions_markdown() -> str:
    """Roles × permissions, then every action: the whole of who may do what."""
    actions = load_all()
    lines = [
        "# Permissions",
        "",
        "Generated from the code by `amanat access permissions` (the roles in",
        "`src/amanat/access/roles.py`, the actions declared in `src/amanat/actions/`);",
        "a test fails when this file and the code differ.",
        "",
        "## Roles",
        "",
        "The visibility rule (markings, distribution, sharing groups, emergency grants)",
        "applies on top of `read`: a record the caller may not see answers exactly as one",
        "that does not exist.",
        "",
        *_role_table(),
        "",
        "## Actions",
        "",
        "Every action a user can take, through any door (the REST API, the web app, the",
        "command line), is one of these; the door checks the credential, the read-only",
        "rule and the permission before it runs, and the action writes its audit entry in",
        "the same transaction as its work. Credentials: a web session, an API token (or a",
        "read-only one), the command line acting as a named user, the system operator",
        "(the command line without a user), or nobody signed in.",
        "",
        *_action_table(actions),
    ]
    return "\n".join(lines) + "\n"

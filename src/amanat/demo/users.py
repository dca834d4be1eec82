"""Demo logins: users of the roles each kind of organisation has, one password for all.

A regional centre's auditor is its designated approver of accounts.  Usernames are
``<organisation code>.<role>`` in lower case, e.g.
``kz-police-alm.investigator`` or ``ngo-kz-shelter.case_worker``.  The password is
public (it is in the README): the demo is synthetic and must never hold real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.models import User
from amanat.access.passwords import hash_password
from amanat.access.roles import Role
from amanat.register import Organisation

DEMO_PASSWORD = "amanat-demo-2026"

ROLES_BY_KIND: dict[str, tuple[Role, ...]] = {
    "police": (Role.investigator, Role.analyst),
    "interior_ministry": (Role.investigator, Role.analyst),
    "drug_control": (Role.investigator, Role.analyst),
    "border_service": (Role.investigator,),
    "customs": (Role.investigator,),
    "financial_intelligence": (Role.analyst,),
    # Courts record verdicts and sentences: in Amanat that is the prosecutor's role.
    "prosecutor": (Role.prosecutor,),
    "court": (Role.prosecutor,),
    "regional_centre": (Role.analyst, Role.statistics_officer, Role.auditor, Role.administrator),
    "international_org": (Role.analyst, Role.statistics_officer),
    # Its administrator keeps its offers in the directory of service providers.
    "ngo": (Role.case_worker, Role.administrator),
    "research_media": (Role.analyst,),
    "other_government": (Role.analyst, Role.statistics_officer),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisation: str
    role: str


def username(org_code: str, role: Role) -> str:
    return f"{org_code.lower()}.{role.value}"


def create_demo_users(session: Session) -> list[DemoLogin]:
    """Add the demo users to every organisation that has none yet."""
    # One argon2 hash serves every demo user (same password; hashing ~100 times
    # would add seconds to every demo build for nothing).
    shared_hash = hash_password(DEMO_PASSWORD)
    existing = set(session.scalars(select(User.username)))
    logins = []
    for org in session.scalars(select(Organisation).order_by(Organisation.code)):
        for role in ROLES_BY_KIND.get(org.kind, (Role.analyst,)):
            name = username(org.code, role)
            logins.append(DemoLogin(name, org.code, role.value))
            if name in existing:
                continue
            session.add(
                User(
                    org_id=org.id,
                    username=name,
                    display_name=f"{org.code} {role.value.replace('_', ' ')}",
                    role=role.value,
                    language="ru" if org.country in ("KZ", "KG", "TJ", "RU") else "en",
                    password_hash=shared_hash,
                    # The second person who approves a role that reads records, asked
                    # for by the centre's administrator (``access.role_requests``).
                    approves_accounts=role is Role.auditor,
                )
            )
    session.flush()
    return logins


def demo_logins(session: Session) -> list[DemoLogin]:
    query = select(User.username, Organisation.code, User.role).join(Organisation)
    return [DemoLogin(*row) for row in session.execute(query.order_by(User.username))]

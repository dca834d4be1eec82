"""Sharing groups: membership changes take effect at once (the visibility rule
reads membership in the same query as the records)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from amanat.access.accounts import AccountError, organisation_by_code
from amanat.language.i18n import N_
from amanat.register.sharing_group import SharingGroup, SharingGroupMember


def group_by_name(session: Session, name: str) -> SharingGroup:
    group = session.scalar(select(SharingGroup).where(SharingGroup.name == name))
    if group is None:
        raise AccountError(N_("sharing group: %(name)r does not exist"), name=name)
    return group


def member_group_id(session: Session, name: str | None, org_id: int) -> int | None:
    """The id of the sharing group ``name`` if ``org_id`` belongs to it, else None.

    An organisation marks records only for groups it is in (as MISP does): a group it
    does not belong to is answered as one that does not exist.
    """
    return session.scalar(
        select(SharingGroup.id)
        .join(SharingGroupMember, SharingGroupMember.group_id == SharingGroup.id)
        .where(SharingGroup.name == name, SharingGroupMember.org_id == org_id)
    )


def add_group(
    session: Session, name: str, owner_code: str, description: str | None = None
) -> SharingGroup:
    if session.scalar(select(SharingGroup.id).where(SharingGroup.name == name)) is not None:
        raise AccountError(N_("sharing group: %(name)r already exists"), name=name)
    owner = organisation_by_code(session, owner_code)
    group = SharingGroup(name=name, owner_org_id=owner.id, description=description)
    session.add(group)
    session.flush()
    session.add(SharingGroupMember(group_id=group.id, org_id=owner.id))
    return group


def add_member(session: Session, group_name: str, org_code: str) -> None:
    group = group_by_name(session, group_name)
    org = organisation_by_code(session, org_code)
    exists = select(SharingGroupMember.id).where(
        SharingGroupMember.group_id == group.id, SharingGroupMember.org_id == org.id
    )
    if session.scalar(exists) is None:
        session.add(SharingGroupMember(group_id=group.id, org_id=org.id))
        session.flush()


def remove_member(session: Session, group_name: str, org_code: str) -> bool:
    """Remove an organisation from a group; True when it was a member."""
    group = group_by_name(session, group_name)
    org = organisation_by_code(session, org_code)
    result = session.execute(
        delete(SharingGroupMember).where(
            SharingGroupMember.group_id == group.id, SharingGroupMember.org_id == org.id
        )
    )
    return bool(getattr(result, "rowcount", 0))


def member_codes(session: Session, group_name: str) -> list[str]:
    from amanat.register import Organisation

    group = group_by_name(session, group_name)
    query = (
        select(Organisation.code)
        .join(SharingGroupMember, SharingGroupMember.org_id == Organisation.id)
        .where(SharingGroupMember.group_id == group.id)
        .order_by(Organisation.code)
    )
    return list(session.scalars(query))

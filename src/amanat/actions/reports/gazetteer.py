"""The register's own names as the extractor's dictionary: countries, and the
organisations of the directory in every language they are named in."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.register import Organisation, OrganisationName
from amanat.reports.gazetteer import Entry, Gazetteer, countries


def register_gazetteer(session: Session) -> Gazetteer:
    gazetteer = countries()
    for org in session.scalars(select(Organisation)):
        entry = Entry("organisation", org.code, org.country)
        gazetteer.add(org.name, entry)
        if org.short_name:
            gazetteer.add(org.short_name, entry)
    query = select(OrganisationName, Organisation).join(
        Organisation, Organisation.id == OrganisationName.organisation_id
    )
    for name, org in session.execute(query).all():
        gazetteer.add(name.name, Entry("organisation", org.code, org.country))
    return gazetteer

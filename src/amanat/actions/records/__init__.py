"""Records of every kind: list, read, follow links, create, change, delete, share."""

# Finding people is in ``actions.people``; named here too for the pages that list records.
from amanat.actions.people.search import PersonHit, search_people
from amanat.actions.records.changes import delete_record, set_distribution, update_record
from amanat.actions.records.reading import (
    Page,
    get_organisation,
    get_record,
    links_of,
    list_organisations,
    list_records,
)
from amanat.actions.records.writing import create_records

__all__ = [
    "Page",
    "PersonHit",
    "create_records",
    "delete_record",
    "get_organisation",
    "get_record",
    "links_of",
    "list_organisations",
    "list_records",
    "search_people",
    "set_distribution",
    "update_record",
]

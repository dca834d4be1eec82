"""The command line's way through the door: a context for one command, acting as a
named user (``--user``) or as the system operator, in one transaction.

Commands only parse, call actions with this context and print: the permission, scope
and audit entry are the actions' own, as for the API and the web app.  What an action
refuses (absent, not permitted, bad input) ends the command with the action's message
and exit status 1, its transaction rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from amanat.access.accounts import AccountError, may_act, user_by_name
from amanat.access.vault import KeyLoadError, MasterKey
from amanat.actions.actor import OPERATOR, Actor, Credential
from amanat.actions.door import Context
from amanat.actions.errors import FieldProblem, InvalidValue, NotFound
from amanat.actions.keys import configured_master_key
from amanat.cli.language import _, language, refused, user_language
from amanat.cli.options import fail
from amanat.store.engine import transaction
from amanat.store.settings import get_settings


def optional_master_key() -> MasterKey | None:
    """The vault's master key if one is configured; imports of protected identities
    are refused without it.  A configured key that cannot be read stops the command."""
    try:
        return configured_master_key(get_settings())
    except KeyLoadError as exc:
        fail(refused(exc))


# What an action answers when it will not do what was asked (``actions.errors``).
REFUSALS = (NotFound, PermissionError, FieldProblem, InvalidValue)


@contextmanager
def _refusals_fail() -> Iterator[None]:
    try:
        yield
    except REFUSALS as exc:
        fail(refused(exc))


@contextmanager
def acting_as(engine: Engine, username: str, *, key: MasterKey | None = None) -> Iterator[Context]:
    """A context acting as ``username`` in one transaction (committed when the block
    ends without error).  A disabled account, or one whose role awaits approval, may
    not act here either."""
    with _refusals_fail(), transaction(engine) as session:
        try:
            user = user_by_name(session, username)
        except AccountError as exc:
            fail(exc.said(language()))
        user_language(user.language)
        if not may_act(user):
            fail(
                _(
                    "user %(username)r may not act: disabled, or its role awaits approval",
                    username=username,
                )
            )
        yield Context(session, Actor(Credential.command_line, user), master_key=key)


@contextmanager
def as_operator(engine: Engine, *, key: MasterKey | None = None) -> Iterator[Context]:
    """A context acting as the system operator, in one transaction."""
    with _refusals_fail(), transaction(engine) as session:
        yield Context(session, OPERATOR, master_key=key)

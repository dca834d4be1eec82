"""Who is acting, and with what credential.

The same person may act through a web session, an API token (perhaps read-only), or
the command line; what they may do depends on both the person's role and the
credential.  The system operator — whoever runs the command line against the
database without naming a user — is an actor too, for the few actions that set a
register up (organisations, first accounts, keys); nothing else accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal


class Credential(StrEnum):
    # A signed-in browser: a session held by the server (``access.web_sessions``).
    session = "session"
    # An API client with a token that may write.
    token = "token"
    # An API client with a read-only token.
    read_only_token = "read-only token"
    # A command run as a named user (``--user``) by whoever holds the database.
    command_line = "command line as a user"
    # The system operator at the command line, acting as nobody in particular.
    operator = "system operator"
    # A peer node of a federation pulling this node's feed, proven by its pinned key
    # (``federation.requests``); no user, and only the feed admits it.
    peer_node = "peer node"
    # Nobody signed in yet: the sign-in page, health, the API's documentation.
    anonymous = "anonymous"


# Credentials that speak for a user.
USER_CREDENTIALS = frozenset(
    {Credential.session, Credential.token, Credential.read_only_token, Credential.command_line}
)


class NotAUser(Refusal, PermissionError):
    """What only a user may do, asked by the operator or a service."""


@dataclass(frozen=True)
class Actor:
    credential: Credential
    user: User | None = None
    # Who reads, for the visibility rule: set from the user, once (it is asked for often).
    _viewer: Viewer | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.user is None) == (self.credential in USER_CREDENTIALS):
            need = "needs" if self.user is None else "has no"
            raise ValueError(f"a {self.credential} actor {need} user")
        if self.user is not None:
            viewer = Viewer(self.user.id, self.user.org_id, Role(self.user.role))
            object.__setattr__(self, "_viewer", viewer)

    @classmethod
    def of(cls, user: User, credential: Credential) -> Actor:
        return cls(credential, user)

    @property
    def read_only(self) -> bool:
        return self.credential is Credential.read_only_token

    @property
    def role(self) -> Role | None:
        return Role(self.user.role) if self.user is not None else None

    @property
    def viewer(self) -> Viewer:
        """Who reads, for the visibility rule; only actors that are users have one."""
        if self._viewer is None:
            raise NotAUser(
                N_("permission denied: the %(credential)s is not a user"),
                credential=self.credential,
            )
        return self._viewer

    @property
    def signed_in(self) -> User:
        if self.user is None:
            raise NotAUser(
                N_("permission denied: the %(credential)s is not a user"),
                credential=self.credential,
            )
        return self.user


OPERATOR = Actor(Credential.operator)
ANONYMOUS = Actor(Credential.anonymous)

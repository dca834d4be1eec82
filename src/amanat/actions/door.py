"""The one door: every action a user can take is declared once — its permission, its
scope, whether a read-only credential may do it, and the audit entry it writes — and
runs through the check here.

The API routes, web handlers and command-line commands only parse, call an action
and render its result.  They never check a permission or write an audit entry
themselves: the web app's own copies of those checks were how an administrator came
to read a victim's identity.  ``binds`` marks which actions an adapter calls, so a
test can fail on any route or command that is bound to none.

An action runs inside the caller's transaction (one per request or command): its
audit entry commits with its work or not at all.  An action declared ``always``
audited that returns without writing its entry is a programming error, raised here
before anything commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.audit import DetailValue
from amanat.access.models import User
from amanat.access.roles import Permission, require
from amanat.access.vault import MasterKey
from amanat.actions.actor import USER_CREDENTIALS, Actor, Credential
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


class Scope(StrEnum):
    anyone = "anyone, signed in or not"
    own_account = "the caller's own account"
    own_organisation = "the caller's own organisation"
    visible_records = "records the caller may see"
    hidden_records = "records of others the caller may not see, answered hit or no hit"
    decidable = "requests the caller may decide"
    directory = "the directory of organisations and sharing groups"
    audit_trail = "the whole audit trail"
    system = "the system operator"
    peer_node = "a pinned peer node of the federation"


class Audited(StrEnum):
    # Every call writes its entry (``Context.audit``).
    always = "always"
    # Every record shown that belongs to another organisation, or is protected, gets a
    # "read" entry (``access.reads``); one's own organisation's ordinary records do not.
    reads = "each record of another organisation, and each protected one, it shows"
    # Every attempt a throttle lets through (sign-in: a flood of refused attempts
    # must cost the server nothing, the trail included).
    attempts = "every attempt the throttle lets through"
    # Nothing worth a trail entry happens (the reason is declared).
    never = "never"


@dataclass(frozen=True)
class Declaration:
    name: str
    summary: str
    permission: Permission | None
    scope: Scope
    read_only: bool
    audited: Audited
    # The audit entries' action names (``audit_entry.action``), the main one first.
    audit: tuple[str, ...]
    credentials: frozenset[Credential]
    # Why an action writes no entry, for the permissions document.
    unaudited_because: str = ""

    @property
    def credential_names(self) -> list[str]:
        return [c.value for c in Credential if c in self.credentials]


REGISTRY: dict[str, Declaration] = {}


class Refused(Refusal, PermissionError):
    """An action this kind of credential may not take at all (e.g. a token minting
    tokens, the operator reading records); the message says which."""


@dataclass
class _Frame:
    declaration: Declaration
    audited: int = 0


@dataclass
class Context:
    """What every action gets: the transaction, who acts, and the keys the register's
    settings hold.  Built by the adapter once per request or command."""

    session: Session
    actor: Actor
    master_key: MasterKey | None = None
    # Codes of oversight organisations whose auditors may approve emergency reads.
    oversight: frozenset[str] = frozenset()
    _frames: list[_Frame] = field(default_factory=list, repr=False)

    @property
    def viewer(self) -> Any:
        return self.actor.viewer

    @property
    def acting(self) -> Declaration:
        """The action running now (the innermost, when one calls another)."""
        if not self._frames:
            raise RuntimeError("no action is running")
        return self._frames[-1].declaration

    def audit(
        self,
        target_kind: str | None = None,
        target_id: int | str | None = None,
        *,
        purpose: str | None = None,
        entry: str | None = None,
        by: User | None = None,
        **detail: DetailValue,
    ) -> None:
        """Append the running action's declared entry (``entry``: another of the
        names it declares), in this transaction; ``by``: the user it is about to
        speak for (a sign-in), when the actor is not yet that user."""
        self.audit_many([(target_kind, target_id, detail)], purpose=purpose, entry=entry, by=by)

    def audit_many(
        self,
        targets: Sequence[tuple[str | None, int | str | None, Mapping[str, DetailValue]]],
        *,
        purpose: str | None = None,
        entry: str | None = None,
        by: User | None = None,
    ) -> None:
        """Entries of one name for several targets, in one append."""
        declared = self.acting.audit
        name = entry or (declared[0] if declared else "")
        self.audit_entries([(name, *target) for target in targets], purpose=purpose, by=by)

    def audit_entries(
        self,
        entries: Sequence[tuple[str, str | None, int | str | None, Mapping[str, DetailValue]]],
        *,
        purpose: str | None = None,
        by: User | None = None,
    ) -> None:
        """Entries of any names the running action declares, in one append (one
        statement, under the trail's lock once)."""
        frame = self._frames[-1]
        for name, *_ in entries:
            if name not in frame.declaration.audit:
                action_name = frame.declaration.name
                raise RuntimeError(f"action {action_name} does not declare entry {name!r}")
        if not entries:
            return
        user = by or self.actor.user
        via = {"via": self.actor.credential.value}
        pending = [
            audit_store.Pending(
                name,
                user_id=user.id if user is not None else None,
                org_id=user.org_id if user is not None else None,
                target_kind=kind,
                target_id=target,
                purpose=purpose,
                detail={**detail, **via},
            )
            for name, kind, target, detail in entries
        ]
        audit_store.append_many(self.session, pending)
        frame.audited += len(pending)

    @contextmanager
    def _running(self, declaration: Declaration) -> Iterator[_Frame]:
        frame = _Frame(declaration)
        self._frames.append(frame)
        try:
            yield frame
        finally:
            self._frames.pop()


def admit(declaration: Declaration, actor: Actor) -> None:
    """Refuse an actor the declaration does not admit; say what is missing."""
    if actor.credential not in declaration.credentials:
        raise Refused(
            N_("permission denied: %(name)s is not open to a %(credential)s"),
            name=declaration.name,
            credential=actor.credential.value,
        )
    role = actor.role
    if actor.read_only and not declaration.read_only:
        raise Refused(
            N_("permission denied: this API token is read-only, and %(name)s is not a read"),
            name=declaration.name,
        )
    # The operator stands outside the roles; the declaration's credentials decide.
    if declaration.permission is not None and actor.credential is not Credential.operator:
        if role is None:
            raise Refused(
                N_("permission denied: %(name)s needs a user with %(permission)r"),
                name=declaration.name,
                permission=declaration.permission.value,
            )
        require(role, declaration.permission, f"(action {declaration.name})")


def allowed(ctx: Context, run: Callable[..., Any]) -> bool:
    """Whether the door would admit the caller to an action (to offer a button or a
    form only to those who may use it; the action checks again when called)."""
    try:
        admit(declaration_of(run), ctx.actor)
    except PermissionError:
        return False
    return True


# Told of every action admitted, in order (the route tests check what each route ran).
_observers: list[Callable[[Declaration], None]] = []


@contextmanager
def observing(callback: Callable[[Declaration], None]) -> Iterator[None]:
    _observers.append(callback)
    try:
        yield
    finally:
        _observers.remove(callback)


def action(
    name: str,
    summary: str,
    *,
    scope: Scope,
    permission: Permission | None = None,
    read_only: bool = False,
    audit: str | tuple[str, ...] = (),
    audited: Audited | None = None,
    credentials: frozenset[Credential] | None = None,
    unaudited_because: str = "",
) -> Callable[[Callable[Concatenate[Context, P], R]], Callable[Concatenate[Context, P], R]]:
    """Declare an action; the decorated function is its body, called with a Context.

    ``audit`` names the entry (or entries, the main one first); ``audited`` defaults
    to ``always`` when it does.
    ``credentials`` defaults from the scope: the operator alone for ``system``,
    everyone for ``anyone``, users otherwise.
    """
    audits = (audit,) if isinstance(audit, str) else tuple(audit)
    if audited is None:
        audited = Audited.always if audits else Audited.never
    if audited is not Audited.never and not audits:
        raise ValueError(f"action {name}: an audited action names its entry")
    if audited is Audited.never and not unaudited_because:
        raise ValueError(f"action {name}: say why it writes no audit entry")
    if credentials is None:
        credentials = (
            frozenset({Credential.operator})
            if scope is Scope.system
            else frozenset(Credential)
            if scope is Scope.anyone
            else USER_CREDENTIALS
        )
    declaration = Declaration(
        name, summary, permission, scope, read_only, audited, audits, credentials, unaudited_because
    )
    if name in REGISTRY:
        raise ValueError(f"action {name} is declared twice")
    REGISTRY[name] = declaration

    def decorate(
        body: Callable[Concatenate[Context, P], R],
    ) -> Callable[Concatenate[Context, P], R]:
        @wraps(body)
        def run(ctx: Context, /, *args: P.args, **kwargs: P.kwargs) -> R:
            admit(declaration, ctx.actor)
            for observer in _observers:
                observer(declaration)
            with ctx._running(declaration) as frame:
                result = body(ctx, *args, **kwargs)
            if declaration.audited is Audited.always and frame.audited == 0:
                raise RuntimeError(f"action {name} wrote no audit entry")
            return result

        run.declaration = declaration  # type: ignore[attr-defined]
        return run

    return decorate


def declaration_of(run: Callable[..., Any]) -> Declaration:
    found = getattr(run, "declaration", None)
    if not isinstance(found, Declaration):
        raise TypeError(f"{run!r} is not an action")
    return found


BOUND = "__amanat_actions__"


def binds(*runs: Callable[..., Any]) -> Callable[[F], F]:
    """Mark an adapter (route, page handler, command) with the actions it calls."""
    names = tuple(declaration_of(run).name for run in runs)

    def mark(adapter: F) -> F:
        setattr(adapter, BOUND, (*getattr(adapter, BOUND, ()), *names))
        return adapter

    return mark


def bound_to(adapter: Any) -> tuple[str, ...]:
    """The actions an adapter is bound to (none: a route no test lets through)."""
    found = getattr(adapter, BOUND, ())
    return tuple(found)

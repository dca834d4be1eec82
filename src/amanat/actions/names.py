"""The name layer's upkeep: rebuilding the register's phonetic search keys, and the
keyed blind index of protected persons' names (``amanat.access.protected_names``).

When ``amanat.names.phonetic`` changes the key of some names, its ``KEY_VERSION`` goes up
and the keys a register stores are stale: searches refuse them
(``amanat.register.name_key_version``) until the system operator rebuilds them here.
"""

from __future__ import annotations

from amanat.access.identity_vault import reindex_names
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import Refused
from amanat.language.i18n import N_
from amanat.register.name_key_version import Rebuilt, rebuild_keys


@action(
    "names.rekey",
    "Rebuild every name's phonetic search keys with this version's key function, so that "
    "searching by name works again after the key changed",
    scope=Scope.system,
    audit="name_keys_rebuilt",
)
def rekey(ctx: Context) -> Rebuilt:
    """Every key thrown away and written again, in the caller's transaction: a search
    running meanwhile sees the old keys or the new, never a mix."""
    rebuilt = rebuild_keys(ctx.session.connection())
    ctx.audit(previous_version=rebuilt.previous, version=rebuilt.version, keys=rebuilt.keys)
    return rebuilt


@action(
    "names.index_protected",
    "Rebuild the blind index of protected persons' names from their sealed identities, so "
    "that case workers find their victims by name (once after the upgrade that brought it, "
    "and after a master key rotation)",
    scope=Scope.system,
    audit="protected_names_indexed",
)
def index_protected(ctx: Context) -> int:
    """How many protected persons were indexed; the names are opened in memory only."""
    if ctx.master_key is None:
        raise Refused(N_("indexing protected names needs the vault's master key"))
    indexed = reindex_names(ctx.session, ctx.master_key)
    ctx.audit(persons=indexed)
    return indexed

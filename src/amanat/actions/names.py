"""The name layer's upkeep: rebuilding the register's phonetic search keys.

When ``amanat.names.phonetic`` changes the key of some names, its ``KEY_VERSION`` goes up
and the keys a register stores are stale: searches refuse them
(``amanat.register.name_key_version``) until the system operator rebuilds them here.
"""

from __future__ import annotations

from amanat.actions.door import Context, Scope, action
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

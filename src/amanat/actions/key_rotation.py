"""Rotating the three keys, by the system operator: the vault's master key, one
organisation's data key, and the audit checkpoint signing key.

Each rotation is recorded in the audit trail with the keys' fingerprints (never the
keys).  A data key rotation runs as several transactions (``access.key_rotation``): its
start, each batch and its end are recorded.
"""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amanat.access import audit_keys
from amanat.access.accounts import AccountError, organisation_by_code
from amanat.access.audit import public_key_id
from amanat.access.key_rotation import (
    DataRotation,
    MasterRotated,
    NoDataKey,
    WrongMasterKey,
    finish_data_rotation,
    reseal_batch,
    rotate_master,
    start_data_rotation,
)
from amanat.access.vault import MasterKey, VaultError
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem, Refused
from amanat.language.i18n import N_
from amanat.register.base import utcnow

MASTER_KEY_SETTING = "AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY"


def _old_master(ctx: Context) -> MasterKey:
    if ctx.master_key is None:
        raise Refused(
            N_("rotating a vault key needs the master key in use: set %(setting)s"),
            setting=MASTER_KEY_SETTING,
        )
    return ctx.master_key


@action(
    "vault.rotate_master_key",
    "Re-wrap every organisation's data key under a new master key, and rebuild the name "
    "index, in one transaction",
    scope=Scope.system,
    audit="master_key_rotated",
)
def rotate_master_key(ctx: Context, new: MasterKey, new_source: str) -> MasterRotated:
    """``new_source`` names where the new key came from, for the refusals."""
    old = _old_master(ctx)
    if new.key_id == old.key_id:
        raise FieldProblem(
            ("--new",),
            N_("%(new_source)s holds the master key in use already (%(key_id)s)"),
            new_source=new_source,
            key_id=old.key_id,
        )
    try:
        rotated = rotate_master(ctx.session, old, new)
    except (WrongMasterKey, VaultError) as exc:
        raise FieldProblem((MASTER_KEY_SETTING,), exc.msgid, None, None, **exc.params) from None
    ctx.audit(
        old_key_id=rotated.old_key_id,
        new_key_id=rotated.new_key_id,
        organisations=rotated.organisations,
        persons_reindexed=rotated.persons_reindexed,
    )
    return rotated


def _org_id(ctx: Context, code: str) -> int:
    try:
        return organisation_by_code(ctx.session, code).id
    except AccountError as exc:  # the command's argument is ORG
        raise FieldProblem(("ORG",), exc.msgid, code, None, **exc.params) from None


@action(
    "vault.start_data_key_rotation",
    "Start (or resume) a new data key for one organisation: new seals use it at once",
    scope=Scope.system,
    audit="data_key_rotation_started",
)
def start_data_key_rotation(ctx: Context, org_code: str) -> DataRotation:
    master = _old_master(ctx)
    org_id = _org_id(ctx, org_code)
    try:
        rotation = start_data_rotation(ctx.session, master, org_id)
    except NoDataKey as exc:
        raise FieldProblem(
            ("ORG",), "%(org_code)r: %(exc)s", org_code, org_code=org_code, exc=exc
        ) from None
    except VaultError as exc:
        raise FieldProblem((MASTER_KEY_SETTING,), exc.msgid, None, None, **exc.params) from None
    ctx.audit(
        "organisation",
        org_id,
        from_version=rotation.from_version,
        to_version=rotation.to_version,
        resumed=rotation.resumed,
        remaining=rotation.remaining,
    )
    return rotation


@action(
    "vault.reseal_batch",
    "Re-seal one batch of an organisation's sealed rows under its new data key",
    scope=Scope.system,
    audit="data_key_batch_resealed",
)
def reseal(ctx: Context, rotation: DataRotation, batch: int) -> int:
    """How many rows were re-sealed (0: none left)."""
    if batch < 1:
        raise FieldProblem(
            ("--batch-size",), N_("must be at least 1, got %(batch)s"), batch, batch=batch
        )
    done = reseal_batch(ctx.session, _old_master(ctx), rotation, batch)
    # Committed with the batch: the trail shows how far a killed rotation got.
    ctx.audit("organisation", rotation.org_id, version=rotation.to_version, resealed=done)
    return done


@action(
    "vault.finish_data_key_rotation",
    "Make an organisation's new data key its only one, once nothing needs the old",
    scope=Scope.system,
    audit="data_key_rotated",
)
def finish_data_key_rotation(ctx: Context, rotation: DataRotation, resealed: int) -> None:
    try:
        finish_data_rotation(ctx.session, rotation)
    except VaultError as exc:
        raise Refused(exc.msgid, **exc.params) from None
    ctx.audit("organisation", rotation.org_id, version=rotation.to_version, resealed=resealed)


@action(
    "audit.rotate_signing_key",
    "Retire the audit checkpoint signing key and start a new one's period",
    scope=Scope.system,
    audit="signing_key_rotated",
)
def rotate_signing_key(ctx: Context, old: Ed25519PublicKey, new: Ed25519PublicKey) -> dt.datetime:
    """The moment of the rotation: the old key's period ends and the new one's starts."""
    at = utcnow()
    try:
        audit_keys.record_rotation(ctx.session, old, new, at)
    except audit_keys.SigningKeyRefused as exc:
        raise FieldProblem(("signing key",), exc.msgid, None, None, **exc.params) from None
    ctx.audit(old_key_id=public_key_id(old), new_key_id=public_key_id(new))
    return at

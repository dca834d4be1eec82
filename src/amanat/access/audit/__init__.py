"""Tamper-evident audit trail: hash-chained entries, Ed25519-signed checkpoints, verification.

Pure functions and small values, no database: the store appends `next_entry` results
and signs a `Checkpoint` now and then; `verify_chain` streams both back and names the
first entry that was edited, deleted, inserted or reordered.
"""

from amanat.access.audit.chain import (
    GENESIS_HASH,
    AuditAction,
    AuditEntry,
    AuditFields,
    DetailValue,
    NewEntry,
    canonical_bytes,
    compute_hash,
    format_timestamp,
    next_entry,
)
from amanat.access.audit.checkpoint import (
    Checkpoint,
    checkpoint_message,
    sign_checkpoint,
    verify_checkpoint,
)
from amanat.access.audit.result import BreakReason, VerifyResult
from amanat.access.audit.signing_key import (
    SIGNING_KEY_ENV,
    VERIFY_KEY_ENV,
    generate_signing_key_file,
    load_signing_key,
    load_verify_key,
    public_key_base64,
    public_key_id,
    write_verify_key_file,
)
from amanat.access.audit.verify import verify_chain

__all__ = [
    "GENESIS_HASH",
    "SIGNING_KEY_ENV",
    "VERIFY_KEY_ENV",
    "AuditAction",
    "AuditEntry",
    "AuditFields",
    "BreakReason",
    "Checkpoint",
    "DetailValue",
    "NewEntry",
    "VerifyResult",
    "canonical_bytes",
    "checkpoint_message",
    "compute_hash",
    "format_timestamp",
    "generate_signing_key_file",
    "load_signing_key",
    "load_verify_key",
    "next_entry",
    "public_key_base64",
    "public_key_id",
    "sign_checkpoint",
    "verify_chain",
    "verify_checkpoint",
    "write_verify_key_file",
]

"""Tamper-evident audit trail: hash-chained entries, Ed25519-signed checkpoints, verification.

Pure functions and small values, no database: the store appends `next_entry` results
and signs a numbered `Checkpoint` now and then; `verify_chain` streams both back and
names the first entry that was edited, deleted, inserted or reordered, a checkpoint
deleted, or one overdue on the `SigningSchedule`.  A receipt (`write_receipt`) keeps
a checkpoint outside the database, where `check_receipt` proves nothing up to it was cut.
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
from amanat.access.audit.receipt import (
    RECEIPT_FORMAT,
    ReceiptError,
    check_receipt,
    read_receipt,
    receipt_text,
    write_receipt,
)
from amanat.access.audit.result import BreakReason, VerifyResult
from amanat.access.audit.schedule import SigningSchedule
from amanat.access.audit.signing_key import (
    SIGNING_KEY_ENV,
    VERIFY_KEY_ENV,
    generate_signing_key_file,
    load_private_key,
    load_signing_key,
    load_verify_key,
    private_key_pem,
    public_key_base64,
    public_key_from,
    public_key_id,
    write_verify_key_file,
)
from amanat.access.audit.verify import verify_chain

__all__ = [
    "GENESIS_HASH",
    "RECEIPT_FORMAT",
    "SIGNING_KEY_ENV",
    "VERIFY_KEY_ENV",
    "AuditAction",
    "AuditEntry",
    "AuditFields",
    "BreakReason",
    "Checkpoint",
    "DetailValue",
    "NewEntry",
    "ReceiptError",
    "SigningSchedule",
    "VerifyResult",
    "canonical_bytes",
    "check_receipt",
    "checkpoint_message",
    "compute_hash",
    "format_timestamp",
    "generate_signing_key_file",
    "load_private_key",
    "load_signing_key",
    "load_verify_key",
    "next_entry",
    "private_key_pem",
    "public_key_base64",
    "public_key_from",
    "public_key_id",
    "read_receipt",
    "receipt_text",
    "sign_checkpoint",
    "verify_chain",
    "verify_checkpoint",
    "write_receipt",
    "write_verify_key_file",
]

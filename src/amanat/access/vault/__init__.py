"""Identity vault: sealed victim and witness identities, pseudonyms and blind indexes.

Pure cryptography, no database: a master key wraps one data key per organisation
(`wrap`), data keys seal fields bound to their context (`cipher`), and keys derived
from the master key give stable pseudonyms (`pseudonym`) and equality-only search
indexes (`blind_index`).
"""

from amanat.access.key_file import KeyLoadError
from amanat.access.vault.blind_index import BlindIndexKey, blind_index, derive_blind_index_key
from amanat.access.vault.cipher import field_context, open_sealed, open_sealed_text, seal
from amanat.access.vault.errors import MasterKeyMismatchError, VaultError
from amanat.access.vault.keys import (
    MASTER_KEY_ENV,
    DataKey,
    MasterKey,
    generate_data_key,
    generate_master_key,
    generate_master_key_file,
    load_master_key,
)
from amanat.access.vault.pseudonym import (
    PseudonymCollisionError,
    PseudonymKey,
    PseudonymRole,
    choose_pseudonym,
    derive_pseudonym_key,
    is_pseudonym,
    pseudonym_candidates,
)
from amanat.access.vault.wrap import (
    rewrap_data_key,
    unwrap_data_key,
    wrap_data_key,
    wrapped_key_id,
)

__all__ = [
    "MASTER_KEY_ENV",
    "BlindIndexKey",
    "DataKey",
    "KeyLoadError",
    "MasterKey",
    "MasterKeyMismatchError",
    "PseudonymCollisionError",
    "PseudonymKey",
    "PseudonymRole",
    "VaultError",
    "blind_index",
    "choose_pseudonym",
    "derive_blind_index_key",
    "derive_pseudonym_key",
    "field_context",
    "generate_data_key",
    "generate_master_key",
    "generate_master_key_file",
    "is_pseudonym",
    "load_master_key",
    "open_sealed",
    "open_sealed_text",
    "pseudonym_candidates",
    "rewrap_data_key",
    "seal",
    "unwrap_data_key",
    "wrap_data_key",
    "wrapped_key_id",
]

"""Access: who may read what, the identity vault, and the tamper-evident audit trail."""

"""People: finding them by name in any script, and the identities of protected ones."""

"""The `amanat` command line."""

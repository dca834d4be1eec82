"""Amanat's languages: the one gettext domain every person-readable string goes through,
its catalogues, and formatting of numbers and dates per language."""

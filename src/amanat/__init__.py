"""Amanat: information sharing and outcome monitoring against trafficking in Central Asia."""

__version__ = "0.1.0"

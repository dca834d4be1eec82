"""Outcome monitoring: the justice pipeline, flows, networks and statistics.

Every analysis takes a ``Scope`` (who is asking, which country, case type and
years, whether only publishable records count) and reads each table under the
access layer's visibility rule.  See docs/monitoring.md.
"""

from amanat.analyze.scope import PUBLISHABLE_TLP, Scope, publishable

__all__ = ["PUBLISHABLE_TLP", "Scope", "publishable"]

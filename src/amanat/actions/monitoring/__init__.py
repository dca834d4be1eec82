"""Monitoring through the door: the justice pipeline, flows, statistics and networks,
drawn from ``amanat.analyze`` over what the caller may see.

``scope``: what an analysis is asked to look at, and its audit entries; ``analyses``:
the pipeline, flows and statistics (and their publication); ``networks``: networks,
one neighbourhood drawn, and their export as graphs; ``exports``: an analysis written
out to a file, and the country report.

An analysis reads aggregates over many records, so it is audited once ("analyze"),
with its scope and the number of rows it returned, not record by record; every file
written from one is an "export" entry with its row count, which the bulk-export alert
rule watches.  Analyses need ``read``; writing files needs ``export``.
"""

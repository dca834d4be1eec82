"""What is public in the demo: concluded cases whose verdicts a court published.

Courts in the region publish verdicts (Kazakhstan's and Kyrgyzstan's court portals,
Uzbekistan's), with the procedural history of the case, and the prosecutor's
legal statistics count from them.  So a share of cases closed with a verdict is
marked TLP:CLEAR for the demo: the case, its pipeline events, and its victims'
statistical records (sex, age, citizenship, forms of exploitation; identities
stay sealed in the vault).  Published statistics and the report then have
something to count, as they would in a deployment.

A verdict states its victims' sex, age, citizenship and exploitation (names
redacted), so the victim records a state agency registered in the case become
CLEAR and community-wide like the verdict; their identities stay sealed and their
person records are untouched.  Records an NGO registered stay as the NGO shared
them: an NGO's client is not the court's to publish.  Suspects' person records are
not marked: a verdict's publication is not a licence to spread the person record an
agency holds (and acquitted people are in it too).

The decision is a hash of the case id, not a random draw, so every other record of
a seed stays exactly as it was.
"""

from __future__ import annotations

from amanat.demo.region.rows import Rows

# Per cent of concluded cases with a verdict that the court published.
PUBLISHED_PERCENT = 80
VERDICTS = frozenset({"convicted", "acquitted"})
# Positions of the marking columns counted from a row's end (see provenance.COLUMNS:
# tlp, handling, distribution and sharing_group_id are 10th to 13th of its 17).
TLP, HANDLING, DISTRIBUTION, GROUP = -7, -6, -5, -4
# Where each table's rows name their case.
CASE_COLUMN = {"pipeline_event": 1, "victim": 2}
VICTIM_DECIDER = 4  # the victim row's status_decided_by: "NGO" when an NGO registered it


def is_published(case_id: int, status: str, verdicts: set[str]) -> bool:
    """Whether the court published this case (closed, with at least one verdict)."""
    if status != "closed" or not verdicts & VERDICTS:
        return False
    # Knuth's multiplicative hash spreads consecutive ids evenly over 0..99.
    return (case_id * 2654435761) % 2**32 % 100 < PUBLISHED_PERCENT


def _cleared(row: tuple[object, ...]) -> tuple[object, ...]:
    marked = list(row)
    marked[TLP], marked[HANDLING] = "CLEAR", "H0"
    marked[DISTRIBUTION], marked[GROUP] = "community", None
    return tuple(marked)


def mark_case_rows(rows: Rows, case_id: int, start: dict[str, int]) -> None:
    """Mark the events and victims of a published case, written since ``start``
    (the pending row counts when the case was opened)."""
    for table, column in CASE_COLUMN.items():
        pending = rows.pending[table]
        for index in range(start[table], len(pending)):
            row = pending[index]
            if row[column] == case_id and not (table == "victim" and row[VICTIM_DECIDER] == "NGO"):
                pending[index] = _cleared(row)


def pending_counts(rows: Rows) -> dict[str, int]:
    return {table: len(rows.pending[table]) for table in CASE_COLUMN}

"""Resolution: which records are the same person, across agencies and scripts.

Splink scores pairs of records with comparisons built on the name layer
(``amanat.names``); pairs above an upper threshold merge automatically, pairs between the
thresholds wait for an analyst; judgements (same, different, unsure) are the source of
truth for the canonical entities, which are derived from them and never written into the
records.  Screening and search rank candidates with the same scoring.
"""

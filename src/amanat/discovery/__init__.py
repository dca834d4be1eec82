"""Hit/no-hit discovery: learning that another organisation holds a record on a person
without either side showing the other a name (issue 19), within one register.

- ``setting``: whether each person record may be found, and what a hit shows of its
  holder (the owner's choice, with defaults by the person's role);
- ``encoding``: the privacy-preserving encodings (keyed HMACs of exact identifiers,
  Bloom-filter encodings of names), pure functions;
- ``index``: the stored encodings of discoverable records, refreshed by their owner;
- ``matching``: a query's encodings against the stored ones, answered in score bands.
"""

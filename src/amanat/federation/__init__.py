"""Federation: national nodes that keep their own registers, and a regional hub that
receives only what each record's marking allows (DESIGN.md section 7).

Here so far: the nodes and their pinned keys (``nodes``).  Records carry their global
identity and origin node in the register itself (``register.base.Provenance``).
"""

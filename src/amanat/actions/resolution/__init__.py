"""Resolution through the door: which records are one person.

``review``: the review queue and analysts' judgements (same, different, unsure), undo
and split — the ``resolve`` permission (analysts); ``entities``: a person's entity,
the other records "also recorded as" that person; ``running``: a linkage run, the
regional centre's job or one user's; ``screening``: an outside registry screened
against a list held in the register.

Protected persons (victims, witnesses) are never linked on plaintext: a pair,
judgement or split that names one is answered as absent, like a record the caller
may not see.
"""

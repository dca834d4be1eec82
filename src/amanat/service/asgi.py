"""The ASGI application for uvicorn: ``uvicorn amanat.service.asgi:app``.

The database comes from ``AMANAT_DATABASE_URL``.
"""

import gc

from amanat.service.app import create_app

app = create_app()
# What the imports made (about 400,000 objects: the ORM, pydantic's schemas, the name
# tables) lives as long as the process.  Frozen, the collector stops walking it: a full
# collection otherwise takes 0.1-0.2 s with every request of the worker waiting on it,
# which is what made the slowest 1 % of requests slow under load.
gc.freeze()

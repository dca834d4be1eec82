"""The ASGI application for uvicorn: ``uvicorn amanat.service.asgi:app``.

The database comes from ``AMANAT_DATABASE_URL``.
"""

from amanat.service.app import create_app

app = create_app()

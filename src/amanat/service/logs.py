"""The service's logs: one JSON object a line (``AMANAT_LOG_FORMAT=json``, the
default) or plain lines (``text``), from ``AMANAT_LOG_LEVEL`` up, on standard error.

A log is read by more people than the register, and kept longer: it never carries
an identity, a name typed in a search, a query string, a token or a cookie.  So:

- each request is logged once (``observed``), by its route's template
  (``/api/v1/cases/{record_id}``), never its path or query;
- an exception is logged as its type and where it was raised, never its message:
  a database error's message quotes the row it refused;
- SQLAlchemy's loggers stay at WARNING whatever the level: at INFO they log every
  statement with its parameters (``AMANAT_ECHO_SQL`` is the deliberate way to see
  them, never in production); uvicorn's access log is off (it logs paths).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from amanat.service.settings import ServiceSettings

# The request being answered, on every line logged while it is (``observed``).
REQUEST_ID: ContextVar[str | None] = ContextVar("amanat_request_id", default=None)
# What a request's own line adds (``observed``): the only extra fields a line takes.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")
# Loggers held at WARNING whatever the level: their INFO and DEBUG lines carry data.
QUIET = ("sqlalchemy", "multipart", "python_multipart", "uvicorn.access")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def where_raised(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """``ValueError`` and the frames it passed through, without its message."""
    kind, _, trace = exc_info
    if kind is None:
        return ""
    frames = traceback.extract_tb(trace)
    steps = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames)
    return f"{kind.__module__}.{kind.__qualname__} at {steps}" if steps else kind.__qualname__


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        for name in REQUEST_FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = where_raised(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextLines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        # Not a traceback another formatter may have cached on the record (with the
        # exception's message): ours, from ``formatException``.
        cached, record.exc_text = record.exc_text, None
        text = super().format(record)
        record.exc_text = cached
        extra = [f"{n}={record.__dict__[n]}" for n in REQUEST_FIELDS if n in record.__dict__]
        request_id = REQUEST_ID.get()
        if request_id is not None:
            extra.insert(0, f"request_id={request_id}")
        return " ".join([text, *extra])

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return where_raised(ei)


def config(settings: ServiceSettings) -> dict[str, Any]:
    """The logging configuration (``logging.config.dictConfig``) of ``settings``,
    for uvicorn to apply in every worker (``log_config``)."""
    formatter = JsonLines if settings.log_format == "json" else TextLines
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"amanat": {"()": f"{__name__}.{formatter.__name__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "amanat",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": settings.log_level},
        "loggers": {name: {"level": "WARNING"} for name in QUIET},
    }

"""The files of source documents: kept sealed with the record they belong to,
downloaded only by those who may see the source, every download in the trail.

The source record itself is written by ``record.create`` (its ``content_sha256``
fingerprints the file, so the same document is recognised when it comes again);
``source.attach_file`` then keeps the file, sealed (``access.source_files``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from amanat.access import source_files
from amanat.access.reads import read_record
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound, visible_record
from amanat.access.source_files import MAX_FILE_BYTES, SourceFile
from amanat.access.visibility import visible
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import BIGGEST_ID
from amanat.actions.records.changes import OriginatorOnly
from amanat.language.i18n import N_
from amanat.register import Source

LONGEST_NAME = 255
LONGEST_TYPE = 100


@dataclass(frozen=True)
class KeptFile:
    filename: str
    content_type: str
    size: int


def fingerprint(content: bytes) -> str:
    """The SHA-256 a source record keeps of its file."""
    return hashlib.sha256(content).hexdigest()


def _kept(row: SourceFile) -> KeptFile:
    return KeptFile(row.filename, row.content_type, row.size)


@action(
    "source.file",
    "The name and size of a visible source document's kept file, if it has one",
    scope=Scope.visible_records,
    read_only=True,
    unaudited_because="it names the file of a source the caller has read (its page)",
)
def file_of(ctx: Context, source_id: int) -> KeptFile | None:
    query = (
        select(SourceFile)
        .join(Source, Source.id == SourceFile.source_id)
        .where(SourceFile.source_id == source_id, visible(Source, ctx.viewer))
    )
    row = ctx.session.scalar(query) if 0 < source_id <= BIGGEST_ID else None
    return _kept(row) if row is not None else None


@action(
    "source.attach_file",
    "Keep the file of a source document one's own organisation registered, sealed with "
    "the organisation's key (at most 20 MB)",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="upload",
)
def attach_file(
    ctx: Context, source_id: int, filename: str, content_type: str, content: bytes
) -> KeptFile:
    if ctx.master_key is None:
        raise FieldProblem(
            ("body", "file"), N_("cannot be kept: the vault has no master key"), None
        )
    if len(content) > MAX_FILE_BYTES:
        raise FieldProblem(
            ("body", "file"),
            N_("is larger than %(size)s bytes"),
            None,
            size=MAX_FILE_BYTES,
        )
    source = visible_record(ctx.session, ctx.viewer, "source", source_id)
    if source.org_id != ctx.viewer.org_id:
        raise OriginatorOnly("source", source_id, N_("adds a file to"))
    if source.content_sha256 not in (None, fingerprint(content)):
        raise FieldProblem(("body", "file"), N_("is not the file the source fingerprints"), None)
    if ctx.session.get(SourceFile, source_id) is not None:
        raise FieldProblem(("body", "file"), N_("the source has a file already"), None)
    name = (filename or "document").replace("\\", "/").rsplit("/", 1)[-1][:LONGEST_NAME]
    kind = (content_type or "application/octet-stream")[:LONGEST_TYPE]
    row = source_files.store(
        ctx.session, ctx.master_key, source.org_id, source.id, name, kind, content
    )
    ctx.audit("source", source.id, owner_org_id=source.org_id, size=row.size)
    return _kept(row)


@action(
    "source.download",
    "Download the kept file of a source document the caller may see",
    scope=Scope.visible_records,
    read_only=True,
    audit=("download", "read"),
)
def download(ctx: Context, source_id: int) -> tuple[KeptFile, bytes]:
    """The file and its bytes; the source is read (audited, for the purpose
    "download") and the download itself is a "download" entry."""
    if not 0 < source_id <= BIGGEST_ID:
        raise NotFound(N_("source %(source_id)s not found"), source_id=source_id)
    source = read_record(ctx.session, ctx.viewer, "source", source_id, "download")
    row = ctx.session.get(SourceFile, source.id)
    if row is None or ctx.master_key is None:
        raise NotFound(N_("source %(source_id)s has no file here"), source_id=source_id)
    content = source_files.open_file(ctx.session, ctx.master_key, row)
    ctx.audit("source", source.id, owner_org_id=source.org_id, size=row.size)
    return _kept(row), content

"""Every action is declared completely, and docs/permissions.md is generated from the
declarations."""

from __future__ import annotations

from pathlib import Path

from amanat.actions.catalogue import load_all, permissions_markdown
from amanat.actions.door import Audited, Scope

UNAUDITED_WRITES = {"audit.checkpoint", "import.check", "import.discard", "import.upload"}
DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_docs_permissions_match_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == permissions_markdown(), (
        "docs/permissions.md is stale: run `amanat access permissions > docs/permissions.md`"
    )


def test_every_action_is_declared_completely() -> None:
    actions = load_all()
    assert len(actions) > 40
    for name, declaration in actions.items():
        assert name.count(".") == 1 and name == name.lower(), name
        assert declaration.summary and declaration.credentials, name
        if declaration.audited is Audited.never:
            assert declaration.unaudited_because, name
        else:
            assert declaration.audit, name
        # An action a read-only token may not take is audited, but for these: signing
        # a checkpoint (the signed checkpoint is itself kept beside the trail, and an
        # entry for it would fall after the head it signs), and a file of one's own
        # staged, checked or thrown away (the register is not touched).
        if not declaration.read_only and name not in UNAUDITED_WRITES:
            assert declaration.audited is not Audited.never, name
        if declaration.scope is Scope.system:
            assert [c.value for c in declaration.credentials] == ["system operator"], name

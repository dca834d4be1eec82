"""The review actions through the door: only the ``resolve`` permission judges, every
judgement, undo and split is in the trail, and what the caller may not see answers as
what does not exist."""

from __future__ import annotations

import pytest
from tests.actions.conftest import acting, detail, trail
from tests.resolve.conftest import TinyRegister

from amanat.access.accounts import add_user
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.actor import Credential
from amanat.actions.door import Refused
from amanat.actions.errors import FieldProblem
from amanat.actions.resolution import entities
from amanat.actions.resolution import review as reviewing
from amanat.resolve import canonical, judgements
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import session_factory, transaction


def test_judging_needs_the_resolve_permission_and_says_so(tiny: TinyRegister) -> None:
    with transaction(tiny.engine) as session:
        add_user(session, "KZ-POL", "timur", "Timur", "investigator", "pw-timur-123456")
    marat, ruslan = tiny.id("marat"), tiny.id("ruslan")
    for run, args in (
        (reviewing.judge, (marat, ruslan, "same")),
        (reviewing.queue, ()),
        (reviewing.split, (marat,)),
    ):
        with pytest.raises(PermissionDenied, match="lacks 'resolve'"):
            with acting(tiny.engine, "timur") as ctx:
                run(ctx, *args)
    # a read-only token never judges, not even an analyst's
    with pytest.raises(Refused, match="read-only"):
        with acting(tiny.engine, "aigul", Credential.read_only_token) as ctx:
            reviewing.judge(ctx, marat, ruslan, "same")
    assert [e.action for e in trail(tiny.engine)] == []


def test_a_judgement_and_its_undo_are_in_the_trail(tiny: TinyRegister) -> None:
    marat, ruslan = tiny.id("marat"), tiny.id("ruslan")
    with acting(tiny.engine, "aigul") as ctx:
        made = reviewing.judge(ctx, ruslan, marat, "same", "alias").judgement
    with acting(tiny.engine, "aigul") as ctx:
        reviewing.undo(ctx, made.id)
    judged, undone = trail(tiny.engine)
    assert (judged.action, judged.target_kind, judged.target_id) == ("judge", "person", str(marat))
    assert detail(judged) == {
        "left_id": marat,
        "right_id": ruslan,
        "verdict": "same",
        "id": made.id,
        "via": "command line as a user",
    }
    assert judged.actor_user_id == tiny.analyst.user_id
    assert undone.action == "undo_judgement" and detail(undone)["source"] == "analyst"


def test_another_organisations_record_answers_like_a_missing_one(tiny: TinyRegister) -> None:
    erlan, hidden = tiny.id("erlan"), tiny.id("hidden")
    missing = max(i for ids in tiny.ids.values() for i in ids) + 100
    answers = []
    for other in (hidden, missing, tiny.id("protected")):
        with pytest.raises(NotFound) as refused, acting(tiny.engine, "aigul") as ctx:
            reviewing.judge(ctx, erlan, other, "same")
        answers.append(str(refused.value))
    assert len(set(answers)) == 1
    with pytest.raises(NotFound) as refused, acting(tiny.engine, "aigul") as ctx:
        entities.entity(ctx, hidden)
    with pytest.raises(NotFound) as absent, acting(tiny.engine, "aigul") as ctx:
        entities.entity(ctx, missing)
    assert str(refused.value).replace(str(hidden), "?") == str(absent.value).replace(
        str(missing), "?"
    )
    assert trail(tiny.engine) == []  # nothing judged, nothing read


def test_a_bad_verdict_names_the_field(tiny: TinyRegister) -> None:
    with pytest.raises(FieldProblem) as refused, acting(tiny.engine, "aigul") as ctx:
        reviewing.judge(ctx, tiny.id("marat"), tiny.id("ruslan"), "maybe")
    assert refused.value.loc == ("body", "verdict") and refused.value.value == "maybe"


def test_a_split_is_audited_even_when_its_links_lead_only_to_hidden_records(
    tiny: TinyRegister,
) -> None:
    """The Kyrgyz analyst tied a community record to one of their own organisation's;
    the Kazakh analyst splits it: the tie is undone, no "different" judgement is made
    (the other record is not theirs to see), and the split is in the trail."""
    ivanova, hidden = tiny.id("ivanova"), tiny.id("hidden")
    with transaction(tiny.engine) as session:
        judgements.judge(session, tiny.other, "person", ivanova, hidden, "same")
    with acting(tiny.engine, "aigul") as ctx:
        assert reviewing.split(ctx, ivanova) == []
    with session_factory(tiny.engine)() as session:
        assert canonical.entity_of(session, "person", ivanova) == ivanova
    (entry,) = trail(tiny.engine)
    assert (entry.action, entry.target_id, detail(entry)["judged_different"]) == (
        "split",
        str(ivanova),
        0,
    )


def test_the_queue_audits_the_other_organisations_records_it_shows(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions(auto_merge=0.99999999999, review=0.5))
    with acting(tiny.engine, "aigul") as ctx:
        items = reviewing.queue(ctx, 20)
        waiting = reviewing.waiting(ctx)
    assert items and waiting >= len(items)
    shown = {r.id: r.org_id for i in items for r in (i.left, i.right)}
    reads = {int(e.target_id or 0) for e in trail(tiny.engine) if e.action == "read"}
    assert reads == {i for i, org in shown.items() if org != tiny.analyst.org_id}
    assert tiny.id("hidden") not in shown

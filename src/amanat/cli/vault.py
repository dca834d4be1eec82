"""`amanat vault`: the identity vault's keys — a new master key, and rotating the
master key or one organisation's data key (``amanat.actions.key_rotation``).

The master key in use comes from the settings (``AMANAT_MASTER_KEY_FILE`` or
``AMANAT_MASTER_KEY``); a new one from a file (``--new``).  Nothing here prints a key.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from amanat.access.vault import KeyLoadError, MasterKey, generate_master_key_file, load_master_key
from amanat.actions import key_rotation
from amanat.actions.door import binds
from amanat.cli.door import as_operator, optional_master_key
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register

app = typer.Typer(help="The identity vault's keys.", no_args_is_help=True)

NO_MASTER_KEY = "no master key in use: set AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY"


def _master_in_use() -> MasterKey:
    key = optional_master_key()
    if key is None:
        fail(NO_MASTER_KEY)
    return key


@app.command("keygen")
def keygen(
    path: Annotated[Path, typer.Argument(help="Where to write the new master key (mode 0600).")],
) -> None:
    """Write a new random master key to FILE (never over an existing file)."""
    try:
        key = generate_master_key_file(path)
    except (KeyLoadError, OSError) as exc:
        fail(refused(exc))
    typer.echo(
        _(
            "Master key %(key_id)s written to %(path)s; escrow a copy (docs/keys.md)",
            key_id=key.key_id,
            path=path,
        )
    )


@app.command("rotate-master-key")
@binds(key_rotation.rotate_master_key)
def rotate_master_key(
    new: Annotated[Path, typer.Option(help="The new master key's file (see `vault keygen`).")],
    database: DatabaseOption = None,
) -> None:
    """Re-wrap every organisation's data key under the new master key, in one transaction.

    Afterwards set AMANAT_MASTER_KEY_FILE to the new file: the old key opens nothing."""
    old = _master_in_use()
    try:
        new_key = load_master_key(new, {})
    except (KeyLoadError, ValueError) as exc:
        fail(_("--new: %(exc)s", exc=exc))
    engine = open_register(database)
    with as_operator(engine, key=old) as ctx:
        rotated = key_rotation.rotate_master_key(ctx, new_key, str(new))
    typer.echo(
        _(
            "Master key rotated from %(old_key_id)s to %(new_key_id)s: "
            "%(organisations)s data keys re-wrapped, %(persons_reindexed)s "
            "persons' name indexes rebuilt.  Now set "
            "AMANAT_MASTER_KEY_FILE=%(new)s",
            old_key_id=rotated.old_key_id,
            new_key_id=rotated.new_key_id,
            organisations=rotated.organisations,
            persons_reindexed=rotated.persons_reindexed,
            new=new,
        )
    )


@app.command("rotate-data-key")
@binds(
    key_rotation.start_data_key_rotation,
    key_rotation.reseal,
    key_rotation.finish_data_key_rotation,
)
def rotate_data_key(
    org: Annotated[str, typer.Argument(help="The organisation's code.")],
    batch_size: Annotated[int, typer.Option(min=1, help="Rows re-sealed per transaction.")] = 500,
    pause: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait between batches, to leave a busy server room."),
    ] = 0.0,
    database: DatabaseOption = None,
) -> None:
    """Give organisation ORG a new data key and re-seal what the old one sealed, in
    batches, each committed.  Killed midway, every row still opens; run it again to
    go on from where it stopped."""
    master = _master_in_use()
    engine = open_register(database)
    with as_operator(engine, key=master) as ctx:
        rotation = key_rotation.start_data_key_rotation(ctx, org)
    how = _("resumed") if rotation.resumed else _("started")
    typer.echo(
        _(
            "Data key rotation of %(org)s %(how)s: version %(from_version)s "
            "to %(to_version)s, %(remaining)s rows to re-seal",
            org=org,
            how=how,
            from_version=rotation.from_version,
            to_version=rotation.to_version,
            remaining=rotation.remaining,
        ),
    )
    resealed, batches = 0, 0
    while True:
        with as_operator(engine, key=master) as ctx:
            done = key_rotation.reseal(ctx, rotation, batch_size)
        resealed, batches = resealed + done, batches + 1
        # Printed after the batch committed: what it says is durable.
        typer.echo(
            _(
                "Batch %(batches)s committed: %(resealed)s rows re-sealed",
                batches=batches,
                resealed=resealed,
            )
        )
        if done < batch_size:  # the last batch: none left under the old key
            break
        if pause:
            time.sleep(pause)
    with as_operator(engine, key=master) as ctx:
        key_rotation.finish_data_key_rotation(ctx, rotation, resealed)
    typer.echo(
        _(
            "Data key of %(org)s rotated to version %(to_version)s: "
            "%(resealed)s rows re-sealed in this run",
            org=org,
            to_version=rotation.to_version,
            resealed=resealed,
        )
    )

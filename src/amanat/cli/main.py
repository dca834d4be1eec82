"""The `amanat` command: one entry point, a sub-command per job."""

from __future__ import annotations

import typer

from amanat.cli import (
    accounts,
    analyze,
    audit,
    backup,
    database,
    demo,
    exchange,
    intake,
    names,
    node,
    resolve,
    serve,
    services,
    submit,
    vault,
    vocab,
)

app = typer.Typer(
    name="amanat",
    help="Amanat: share what you know about trafficking safely, and see where it leads.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals can hold identities
)

app.command("init")(database.init)
app.command("stats")(database.stats)
app.command("submit")(submit.submit_command)
app.command("import")(intake.import_command)
app.command("export")(exchange.export_command)
app.command("pipeline")(analyze.pipeline_command)
app.command("flows")(analyze.flows_command)
app.command("network")(analyze.network_command)
app.command("report")(analyze.report_command)
app.command("stats-publish")(analyze.stats_publish_command)
app.command("demo-data")(demo.demo_data)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)
app.command("backup")(backup.backup_command)
app.command("restore")(backup.restore_command)
app.command("screen")(resolve.screen_command)
app.add_typer(vocab.app, name="vocab")
app.add_typer(names.app, name="names")
app.add_typer(resolve.app, name="resolve")
app.add_typer(accounts.org_app, name="org")
app.add_typer(accounts.user_app, name="user")
app.add_typer(accounts.token_app, name="token")
app.add_typer(accounts.group_app, name="group")
app.add_typer(accounts.access_app, name="access")
app.add_typer(audit.app, name="audit")
app.add_typer(services.app, name="services")
app.add_typer(vault.app, name="vault")
app.add_typer(node.app, name="node")
app.add_typer(node.federation_app, name="federation")

"""Operations commands: check-config, db upgrade|downgrade|current|revision, users create, usage,
serve."""

from __future__ import annotations

import json

import click

from shortstory.config import load_settings_or_exit


def _database_url() -> str:
    return load_settings_or_exit().database_url


@click.command("check-config")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as one JSON object.")
def check_config(as_json: bool) -> None:
    """Validate the settings and print the effective values (secrets masked).

    Exits 2 with every problem listed when the settings are invalid.
    """
    settings = load_settings_or_exit()
    shown = settings.masked()
    if as_json:
        click.echo(json.dumps(shown, indent=2))
        return
    click.echo(f"configuration valid for environment {settings.environment!r}:")
    width = max(len(name) for name in shown)
    for name, value in shown.items():
        origin = "" if name in settings.explicit else "  (default)"
        click.echo(f"  {name.ljust(width)}  {value}{origin}")


@click.group("db")
def db() -> None:
    """The database schema (Alembic migrations shipped with the package)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(revision: str) -> None:
    """Migrate the database at DATABASE_URL (created if it is a new SQLite file)."""
    from shortstory.config import mask_url
    from shortstory.storage.engine import build_engine
    from shortstory.storage.migrate import current_revision, upgrade

    settings = load_settings_or_exit()
    engine = build_engine(settings)  # creates ./var/ for the embedded SQLite default
    try:
        before = current_revision(engine)
        after = upgrade(engine, revision)
    finally:
        engine.dispose()
    where = mask_url(settings.database_url)
    if settings.log_format == "json":
        # In production the start script runs this into the service's log: one JSON line.
        from shortstory.web.log_config import configure_logging, get_logger

        configure_logging(settings.log_level, settings.log_format)
        get_logger("shortstory.migrations").info(
            "database_migrated" if before != after else "database_up_to_date",
            database=where, from_revision=before, to_revision=after)
    elif before == after:
        click.echo(f"database {where} already at revision {after}")
    else:
        click.echo(f"database {where} migrated from {before or 'empty'} to {after}")


# ignore_unknown_options: "-1" (one step back) is a revision, not an option.
@db.command("downgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the database at DATABASE_URL back to REVISION (-1, a number such as 0001, or base)."""
    from alembic.util import CommandError

    from shortstory.config import mask_url
    from shortstory.storage.engine import build_engine
    from shortstory.storage.migrate import current_revision, downgrade

    settings = load_settings_or_exit()
    engine = build_engine(settings)
    try:
        before = current_revision(engine)
        if before is None:
            raise click.ClickException("the database has no migrations applied")
        after = downgrade(engine, revision)
    except CommandError as exc:
        raise click.BadParameter(str(exc), param_hint="REVISION") from None
    finally:
        engine.dispose()
    where = mask_url(settings.database_url)
    click.echo(f"database {where} taken from {before} to {after or 'base'}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--empty", is_flag=True, help="Write an empty migration instead of comparing.")
def db_revision(message: str, empty: bool) -> None:
    """Write the next migration (for developers): what the models have that the database at
    DATABASE_URL (migrated to head) lacks."""
    from shortstory.storage.engine import build_engine
    from shortstory.storage.migrate import is_at_head, new_revision

    engine = build_engine(load_settings_or_exit())
    try:
        if not empty and not is_at_head(engine):
            raise click.ClickException("migrate the database to head first (shortstory db upgrade)")
        path = new_revision(engine, message, autogenerate=not empty)
    finally:
        engine.dispose()
    click.echo(f"wrote {path}; read it before committing it")


@db.command("current")
def db_current() -> None:
    """Print the database's revision and whether it is the code's head."""
    from shortstory.storage.engine import build_engine, missing_sqlite_file
    from shortstory.storage.migrate import current_revision, head_revisions

    settings = load_settings_or_exit()
    missing = missing_sqlite_file(settings.database_url)
    if missing is not None:
        # Only reading: building an engine would create the directory and an empty file.
        click.echo(f"empty: no database file at {missing} yet (`shortstory db upgrade` creates it)")
        raise SystemExit(1)
    engine = build_engine(settings)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    heads = head_revisions()
    state = "at head" if current in heads else f"behind head {', '.join(heads)}"
    click.echo(f"{current or 'empty'} ({state})")
    if current not in heads:
        raise SystemExit(1)


@click.group("users")
def users() -> None:
    """API users and their keys."""


@users.command("create")
@click.argument("name")
def users_create(name: str) -> None:
    """Create user NAME with a new API key, printed once (only its hash is stored)."""
    from shortstory.storage.session import Database
    from shortstory.storage.users import UserAlreadyExists, UserRepository

    name = name.strip()
    if not name or len(name) > 100:
        raise click.BadParameter("must be 1 to 100 characters", param_hint="NAME")
    database = Database.from_settings(load_settings_or_exit())
    try:
        with database.session_scope() as session:
            user, key = UserRepository(session).create_user_with_key(name)
            user_id = user.id
    except UserAlreadyExists as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        database.engine.dispose()
    click.echo(f"created user {name!r} (id {user_id}); API key, shown this once:")
    click.echo(key)


@click.command("usage")
@click.option("--user", "user_name", help="Only this user (by name).")
@click.option("--since", help="Only versions made on or after this date (YYYY-MM-DD, UTC).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per user.")
def usage(user_name: str | None, since: str | None, as_json: bool) -> None:
    """Tokens and cost per user, summed over the versions their stories hold."""
    from datetime import UTC, datetime

    from shortstory.storage.session import Database
    from shortstory.storage.usage import usage_by_user

    start = None
    if since is not None:
        try:
            start = datetime.strptime(since.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            raise click.BadParameter("must be a date like 2026-12-01",
                                     param_hint="--since") from None
    database = Database.from_settings(load_settings_or_exit())
    try:
        with database.session_scope() as session:
            totals = usage_by_user(session, user=user_name, since=start)
    finally:
        database.engine.dispose()
    if as_json:
        for total in totals:
            click.echo(json.dumps(total.to_dict()))
        return
    if not totals:
        click.echo("no usage recorded" + (f" for {user_name!r}" if user_name else ""))
        return
    click.echo(f"{'user':<24} {'stories':>7} {'versions':>8} {'tokens in':>10} "
               f"{'tokens out':>10} {'cost USD':>10}")
    for t in totals:
        click.echo(f"{t.user[:24]:<24} {t.stories:>7} {t.versions:>8} {t.tokens_in:>10} "
                   f"{t.tokens_out:>10} {t.cost_usd:>10.4f}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve with Flask's development server (use Gunicorn, ``make run``, for anything else)."""
    from shortstory.app import create_app

    app = create_app(settings=load_settings_or_exit())
    app.run(host=host, port=port, debug=app.config["DEBUG"], use_reloader=False)


def register(group: click.Group) -> None:
    """Add the operations commands to the ``shortstory`` command group."""
    for command in (check_config, db, users, usage, serve):
        group.add_command(command)

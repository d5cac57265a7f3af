"""Run the Alembic migrations shipped inside the package."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from koltrust.config import Settings


def alembic_config(settings: Settings) -> Config:
    """An Alembic configuration pointing at the packaged migrations and the configured DB."""
    config = Config()
    config.set_main_option("script_location", str(files("koltrust").joinpath("migrations")))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, settings: Settings, revision: str = "head") -> None:
    """Bring the database to ``revision`` using ``engine``'s connection."""
    config = alembic_config(settings)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(settings: Settings) -> str | None:
    """The newest revision the packaged migrations know."""
    return ScriptDirectory.from_config(alembic_config(settings)).get_current_head()

"""The schema revision a database is at, the revisions this release knows, and the upgrade."""

import subprocess
from importlib import metadata
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from ..extensions import MIGRATIONS_DIR


def app_version() -> str:
    """Return the installed release of foia-tracker, else the commit of its checkout."""
    try:
        return metadata.version("foia-tracker")
    except metadata.PackageNotFoundError:
        pass
    try:
        # Deployed from a git checkout (as the README describes): the commit is the release.
        return subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def database_revision(database_uri: str) -> str | None:
    """Return the alembic revision the database is at; None if it was not made by migrations."""
    engine = create_engine(database_uri)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()


def migration_scripts() -> ScriptDirectory:
    """Return this release's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    """Return the latest revision of this release's migrations."""
    return migration_scripts().get_current_head()


def is_known_revision(revision: str) -> bool:
    """Say whether this release's migrations include the revision (a newer one's do not)."""
    return any(script.revision == revision for script in migration_scripts().walk_revisions())

"""Flask extensions, created unbound here and bound to the app in ``create_app``."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Column, MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are declared on the views they protect; storage comes from the configuration
# (memory by default, a Redis URL when several servers share the load).
limiter = Limiter(key_func=get_remote_address)


def upsert(dialect_name: str, model: type[Base], key: Column):
    """``INSERT … ON CONFLICT (key) DO UPDATE`` of every other column, for SQLite or
    PostgreSQL (both speak it); executed with the rows as parameters."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(model)
    others = {c.name: statement.excluded[c.name] for c in model.__table__.columns if c is not key}
    return statement.on_conflict_do_update(index_elements=[key], set_=others)

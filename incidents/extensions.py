"""Extensions, created unbound and initialised in the app factory."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so alembic can alter them (also on SQLite batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base `db.Model` is built from (Flask-SQLAlchemy adds `query`, binds and
    table naming to a copy of it)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`. At run time it is `db.Model`; mypy cannot follow that attribute (it
# sees a variable, so models would subclass Any), so it reads `Base` instead: the same columns,
# relationships and constructor, without Flask-SQLAlchemy's `Model.query` (typed code uses
# `db.session`).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

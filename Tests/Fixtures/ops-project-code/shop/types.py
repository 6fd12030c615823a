"""Column types of the application, as projects define them."""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import CHAR, TypeDecorator


class Slug(TypeDecorator):
    """An instance as impl: the arguments of Slug() change nothing."""

    impl = sa.String(80)
    cache_ok = True


class Code(TypeDecorator):
    """A class as impl: Code(12) is String(12)."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.upper() if value else value


class GUID(TypeDecorator):
    """A native UUID on PostgreSQL, CHAR(32) elsewhere."""

    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        return dialect.type_descriptor(CHAR(32))


class ShortSlug(Slug):
    """Inherits its impl."""

    pass

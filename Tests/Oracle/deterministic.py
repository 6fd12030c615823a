"""Make Alembic's SQL output deterministic where Alembic itself is not.

    import deterministic; deterministic.install()

``Table.indexes`` and ``Table.constraints`` are plain Python sets of objects hashed by
identity, and Alembic iterates them as they are:
- ``DefaultImpl.create_table`` writes one CREATE INDEX per element of ``table.indexes``
  after the CREATE TABLE (columns with ``index=True``, ``sa.Index`` arguments);
- batch mode (``ApplyBatchImpl``) collects a copied table's constraints and indexes from
  the sets, which decides the constraint order in ``CREATE TABLE _alembic_tmp_<t>``,
  the CREATE INDEX order after the copy, and (PostgreSQL, ``prep_table_for_batch``) the
  order of the ``DROP CONSTRAINT`` statements before it.
With two or more of them the order changes from one run of the same script to the next.
install() makes every Table's ``indexes`` iterate in index-name order (unnamed last) and
its ``constraints`` in creation order (the order SQLAlchemy itself uses for the
constraints inside CREATE TABLE). Retort renders in these orders. Nothing else changes.
"""
from sqlalchemy.sql.schema import Table


def _by_name(ix):
    return (ix.name is None, str(ix.name or ""))


def _by_creation(const):
    return getattr(const, "_creation_order", 0)


class OrderedIteration(set):
    """A set that iterates in the order of a key function."""

    key = None

    def __iter__(self):
        items = list(set.__iter__(self))
        items.sort(key=type(self).key)
        return iter(items)


class IndexesByName(OrderedIteration):
    key = staticmethod(_by_name)


class ConstraintsByCreation(OrderedIteration):
    key = staticmethod(_by_creation)


def _attribute(name, cls):
    slot = "_retort_" + name

    def get(table):
        return table.__dict__[slot]

    def set_(table, value):
        if not isinstance(value, cls):
            value = cls(value)
        table.__dict__[slot] = value

    return property(get, set_)


def install():
    if not isinstance(Table.__dict__.get("indexes"), property):
        Table.indexes = _attribute("indexes", IndexesByName)
    if not isinstance(Table.__dict__.get("constraints"), property):
        Table.constraints = _attribute("constraints", ConstraintsByCreation)

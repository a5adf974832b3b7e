"""The session's user, read with what ``networks.scopes.scope_for`` needs in the same query: the
person's scope row, which of the user types' groups they belong to, and their commissioners. A
logged-in page then spends one query on who is asking instead of four (issue: the house)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery

from networks.models import UserScope
from networks.scopes import GROUP_NAMES, scope_flag


class IdList(Aggregate):
    """The ids of a one-column subquery as one comma-separated string (PostgreSQL ``string_agg``,
    SQLite ``group_concat``)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )


def with_scope(users):
    """``users`` annotated for ``scope_for``: a flag per user type's group and the scope's
    commissioner ids, with the scope row joined."""
    through = UserScope.commissioners.through
    commissioner_ids = (
        through.objects.filter(userscope_id=OuterRef("scope__id"))
        .values("userscope_id")
        .annotate(ids=IdList("commissioner_id"))
        .values("ids")
    )
    flags = {
        scope_flag(user_type): Exists(Group.objects.filter(user=OuterRef("pk"), name=name))
        for user_type, name in GROUP_NAMES.items()
    }
    return users.select_related("scope").annotate(
        scope_commissioner_ids=Subquery(commissioner_ids), **flags
    )


class ScopedModelBackend(ModelBackend):
    """Django's model backend (passwords, permissions) whose ``get_user`` loads the scope too."""

    def get_user(self, user_id):
        user = with_scope(get_user_model()._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None

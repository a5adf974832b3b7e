"""User types and the networks each person may see.

A person's user type is their group; their scope (commissioners, or one PCN) is a ``UserScope`` row.
Every list and detail view reads through ``scope_for(user)`` (least privilege, style.md §6):
an object outside the scope is a 404, never data.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from networks.rules import in_force


class UserType(models.TextChoices):
    CONTRACT_MANAGER = "contract_manager", "Contract manager"  # approves claims; commissioners
    FINANCE = "finance", "Finance"  # exports and payment runs; commissioners
    CLINICAL_DIRECTOR = "clinical_director", "Clinical Director"  # signs off; one PCN
    PCN_MANAGER = "pcn_manager", "PCN manager"  # drafts baselines, submits claims; one PCN
    ADMINISTRATOR = "administrator", "Administrator"  # reference data and rates; everything


GROUP_NAMES = {
    UserType.CONTRACT_MANAGER: "Contract managers",
    UserType.FINANCE: "Finance",
    UserType.CLINICAL_DIRECTOR: "Clinical Directors",
    UserType.PCN_MANAGER: "PCN managers",
    UserType.ADMINISTRATOR: "Administrators",
}
COMMISSIONER_TYPES = {UserType.CONTRACT_MANAGER, UserType.FINANCE}
PCN_TYPES = {UserType.CLINICAL_DIRECTOR, UserType.PCN_MANAGER}


@dataclass(frozen=True)
class Scope:
    user_type: str | None
    sees_everything: bool
    commissioner_ids: frozenset[int]
    pcn_id: int | None
    # A contract manager who is their commissioner's administrator: manages its PCNs' users.
    manages_users: bool = False

    @property
    def is_commissioner_user(self) -> bool:
        return self.user_type in COMMISSIONER_TYPES

    @property
    def is_pcn_user(self) -> bool:
        return self.user_type in PCN_TYPES

    def filter_commissioners(self, qs):
        if self.sees_everything:
            return qs
        if self.commissioner_ids:
            return qs.filter(pk__in=self.commissioner_ids)
        if self.pcn_id is not None:
            return qs.filter(pcns__pk=self.pcn_id)
        return qs.none()

    def filter_pcns(self, qs, via: str = ""):
        """Filter a PCN queryset, or any queryset reaching a PCN through the relation ``via``
        (e.g. ``via="pcn"`` for claims or baselines)."""
        if self.sees_everything:
            return qs
        prefix = f"{via}__" if via else ""
        if self.commissioner_ids:
            return qs.filter(**{f"{prefix}commissioner_id__in": self.commissioner_ids})
        if self.pcn_id is not None:
            return qs.filter(**{f"{prefix}pk": self.pcn_id})
        return qs.none()

    def sees_commissioner(self, commissioner_id: int) -> bool:
        return self.sees_everything or commissioner_id in self.commissioner_ids

    @property
    def may_manage_users(self) -> bool:
        return self.sees_everything or (
            self.user_type == UserType.CONTRACT_MANAGER
            and self.manages_users
            and bool(self.commissioner_ids)
        )

    def sees_pcn(self, pcn) -> bool:
        return (
            self.sees_everything
            or pcn.commissioner_id in self.commissioner_ids
            or pcn.pk == self.pcn_id
        )


NO_SCOPE = Scope(None, False, frozenset(), None)


def _scope_row(user):
    """The person's ``UserScope`` row (networks.models), read through its reverse relation
    ``user.scope`` so that this module need not import the models, which import it."""
    try:
        return user.scope
    except ObjectDoesNotExist:
        return None


def scope_flag(user_type: str) -> str:
    """The annotation ``networks.backends.with_scope`` gives a user in ``user_type``'s group."""
    return f"scope_is_{user_type}"


def _user_type(user) -> str | None:
    """The first user type whose group the person is in: from the annotations the session's
    user carries (networks.backends), or one query for any other user object."""
    if hasattr(user, scope_flag(UserType.ADMINISTRATOR)):
        return next((t for t in GROUP_NAMES if getattr(user, scope_flag(t))), None)
    names = set(user.groups.values_list("name", flat=True))
    return next((t for t, n in GROUP_NAMES.items() if n in names), None)


def _commissioner_ids(user, row) -> frozenset[int]:
    if hasattr(user, "scope_commissioner_ids"):
        ids = user.scope_commissioner_ids or ""
        return frozenset(int(pk) for pk in ids.split(",") if pk)
    return frozenset(row.commissioners.values_list("pk", flat=True))


def scope_for(user) -> Scope:
    """The scope of ``user``, cached on the user object for the request: no query for the
    session's user (networks.backends loads it with the user), three at most for another."""
    if not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    cached = getattr(user, "_pcnadmin_scope", None)
    if cached is not None:
        return cached
    user_type = _user_type(user)
    if user.is_superuser:
        user_type = user_type or UserType.ADMINISTRATOR
    sees_everything = user.is_superuser or user_type == UserType.ADMINISTRATOR
    commissioner_ids: frozenset[int] = frozenset()
    pcn_id = None
    manages_users = False
    if not sees_everything and user_type is not None:
        row = _scope_row(user)
        # Outside its dates a scope gives nothing: the person sees no network at all.
        if row is not None and in_force(row.start, row.end, timezone.localdate()):
            if user_type in COMMISSIONER_TYPES:
                commissioner_ids = _commissioner_ids(user, row)
                manages_users = row.manages_users
            elif user_type in PCN_TYPES:
                pcn_id = row.pcn_id
    scope = Scope(user_type, sees_everything, commissioner_ids, pcn_id, manages_users)
    user._pcnadmin_scope = scope
    return scope

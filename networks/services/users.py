"""Writes to people: user accounts with their type and scope, and the PCN users that a
commissioner administrator invites, changes and removes (issue 12 §11)."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from networks.models import PCN, UserChange, UserScope
from networks.scopes import COMMISSIONER_TYPES, GROUP_NAMES, PCN_TYPES, UserType, scope_for
from networks.services._common import _save


def group_for(user_type: str) -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[UserType(user_type)])
    return group


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    user_type: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    commissioners=(),
    pcn: PCN | None = None,
    start: date | None = None,
    end: date | None = None,
    manages_users: bool = False,
):
    """Create a person of one user type with their scope: commissioners for contract managers and
    finance, one PCN for Clinical Directors and PCN managers; access from ``start`` to ``end``
    (open when empty). ``manages_users`` makes a contract manager their commissioner's
    administrator. ``password=None`` leaves the account without one (an invitation)."""
    user_type = UserType(user_type)
    if user_type in COMMISSIONER_TYPES and not commissioners:
        raise ValidationError(f"A {user_type.label.lower()} needs at least one commissioner.")
    if user_type in PCN_TYPES and pcn is None:
        raise ValidationError(f"A {user_type.label.lower()} needs a PCN.")
    User = get_user_model()
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=user_type == UserType.ADMINISTRATOR,
        is_superuser=user_type == UserType.ADMINISTRATOR,
    )
    if manages_users and user_type != UserType.CONTRACT_MANAGER:
        raise ValidationError("Only a contract manager can be a commissioner administrator.")
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(group_for(user_type))
    scope = _save(
        UserScope(
            user=user,
            pcn=pcn if user_type in PCN_TYPES else None,
            start=start,
            end=end,
            manages_users=manages_users,
        )
    )
    if user_type in COMMISSIONER_TYPES:
        scope.commissioners.set(commissioners)
    return user


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _require_manager_of(by, pcn: PCN) -> None:
    """Only the administrators of the PCN's own commissioner (or an administrator) may act."""
    scope = scope_for(by)
    if not (scope.may_manage_users and scope.sees_commissioner(pcn.commissioner_id)):
        raise PermissionDenied(f"Only {pcn.commissioner.name}'s administrators manage its users.")


def _user_type_of(user) -> UserType | None:
    names = set(user.groups.values_list("name", flat=True))
    return next((t for t, n in GROUP_NAMES.items() if n in names), None)


def _describe(user_type, pcn: PCN, start: date | None, end: date | None) -> str:
    when = f"from {start.isoformat() if start else 'now'} to {end.isoformat() if end else 'open'}"
    return f"{UserType(user_type).label} of {pcn.name}, {when}"


def _audit(*, by, user, action: str, details: str) -> UserChange:
    return _save(
        UserChange(
            by=by,
            by_name=_name(by),
            user=user,
            username=user.username,
            action=action,
            details=details[:500],
        )
    )


def _check_pcn_type(user_type) -> UserType:
    user_type = UserType(user_type)
    if user_type not in PCN_TYPES:
        raise ValidationError({"user_type": "A PCN user is a Clinical Director or a PCN manager."})
    return user_type


@transaction.atomic
def pcn_user_invite(
    *,
    by,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    user_type: str,
    pcn: PCN,
    start: date | None = None,
    end: date | None = None,
):
    """Create a Clinical Director's or PCN manager's account for one of the inviter's PCNs,
    without a password: they choose one through the invitation link. Audited."""
    _require_manager_of(by, pcn)
    user_type = _check_pcn_type(user_type)
    user = user_create(
        username=username,
        password=None,
        user_type=user_type,
        first_name=first_name,
        last_name=last_name,
        email=email,
        pcn=pcn,
        start=start,
        end=end,
    )
    _audit(
        by=by,
        user=user,
        action=UserChange.Action.INVITED,
        details=_describe(user_type, pcn, start, end),
    )
    return user


def pcn_user_check(by, user) -> UserScope:
    """The PCN user's scope, when ``by`` may manage them; PermissionDenied otherwise."""
    scope = UserScope.objects.select_related("pcn__commissioner").filter(user=user).first()
    if scope is None or scope.pcn is None or _user_type_of(user) not in PCN_TYPES:
        raise PermissionDenied("Only the users of a PCN are managed here.")
    _require_manager_of(by, scope.pcn)
    return scope


@transaction.atomic
def pcn_user_change(*, by, user, user_type: str, pcn: PCN, start: date | None, end: date | None):
    """Change a PCN user's type, PCN or dates, within the manager's own PCNs. Audited, from → to."""
    scope = pcn_user_check(by, user)
    _require_manager_of(by, pcn)
    user_type = _check_pcn_type(user_type)
    before = _describe(_user_type_of(user), scope.pcn, scope.start, scope.end)
    after = _describe(user_type, pcn, start, end)
    if before == after:
        return user
    scope.pcn, scope.start, scope.end = pcn, start, end
    _save(scope)
    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()))
    user.groups.add(group_for(user_type))
    _audit(by=by, user=user, action=UserChange.Action.CHANGED, details=f"{before} → {after}")
    return user


@transaction.atomic
def pcn_user_remove(*, by, user):
    """End a PCN user's access yesterday and switch their account off; the person and their
    name on past events stay. Audited."""
    scope = pcn_user_check(by, user)
    today = timezone.localdate()
    before = _describe(_user_type_of(user), scope.pcn, scope.start, scope.end)
    yesterday = today - timedelta(days=1)
    scope.end = yesterday
    if scope.start is not None and scope.start > yesterday:
        scope.start = yesterday  # invited for later: never starts
    _save(scope)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit(
        by=by,
        user=user,
        action=UserChange.Action.REMOVED,
        details=f"{before}; access ended {yesterday.isoformat()}, account switched off",
    )
    return user

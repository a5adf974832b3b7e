"""The only code that writes networks rows (style.md §1). Views, imports, the admin, the demo
loader and test factories all come through here: ``organisations`` writes the reference data,
``users`` the people and their scopes."""

from networks.services.organisations import (
    care_home_beds_record,
    clinical_director_appoint,
    clinical_director_end,
    commissioner_upsert,
    list_size_record,
    membership_end,
    membership_start,
    pcn_create,
    pcn_update,
    practice_move,
    practice_upsert,
    reference_save,
)
from networks.services.users import (
    group_for,
    pcn_user_change,
    pcn_user_check,
    pcn_user_invite,
    pcn_user_remove,
    user_create,
)

__all__ = [
    "care_home_beds_record",
    "clinical_director_appoint",
    "clinical_director_end",
    "commissioner_upsert",
    "group_for",
    "list_size_record",
    "membership_end",
    "membership_start",
    "pcn_create",
    "pcn_update",
    "pcn_user_change",
    "pcn_user_check",
    "pcn_user_invite",
    "pcn_user_remove",
    "practice_move",
    "practice_upsert",
    "reference_save",
    "user_create",
]

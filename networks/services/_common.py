"""What the networks services share: every row is checked (``full_clean``) before it is saved."""


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj

"""make backup / make restore: a restored database shows the same figures."""

import pytest
from django.core.management import call_command

from networks import demo, selectors
from networks.models import PCN, ListSize

pytestmark = pytest.mark.django_db(transaction=True)


def figures():
    pcn_ids = list(PCN.objects.order_by("code").values_list("pk", flat=True))
    from datetime import date

    return selectors.pcn_list_sizes(pcn_ids, date(2021, 6, 1))


def test_restored_database_shows_the_same_figures(tmp_path):
    demo.load()
    before = figures()
    path = tmp_path / "pcnadmin.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    ListSize.objects.filter(reference_date__year=2021).update(registered=1)
    assert figures() != before

    call_command("restore", str(path), yes=True)
    assert figures() == before

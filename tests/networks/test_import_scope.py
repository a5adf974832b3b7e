"""Imports stay inside the importer's area (issue 12 §1).

A row wholly outside the area is skipped and counted (national files cover all of England); a
row reaching into another commissioner's area is refused with its line number, and the whole file
with it; only administrators (and the command line, which runs as one) move a practice between
commissioners. Cast: commissioner X holds PCN A, commissioner Y holds PCN B."""

from datetime import date

import pytest
from django.core.management import call_command

from networks.imports import REGISTER_HEADER, import_list_sizes, import_register
from networks.models import ListSize, Membership, Practice
from networks.rules import import_reach, owners_from

pytestmark = pytest.mark.django_db
HEADER = ",".join(REGISTER_HEADER)
LIST_HEADER = "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS"


def register(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def list_sizes(*rows: tuple[str, str, int]) -> str:
    lines = [
        f"GP_PRAC_PAT_LIST,{d},GP,07L,E38000004,{code},RM8 1AA,ALL,ALL,{n}" for code, d, n in rows
    ]
    return "\n".join([LIST_HEADER, *lines]) + "\n"


def practice_of(pcn) -> Practice:
    return Membership.objects.filter(pcn=pcn).select_related("practice").first().practice


def state(practice):
    practice.refresh_from_db()
    return (
        practice.name,
        list(Membership.objects.filter(practice=practice).values_list("pcn__code", "start", "end")),
        list(
            ListSize.objects.filter(practice=practice).values_list("reference_date", "registered")
        ),
    )


def test_contract_manager_cannot_take_over_another_commissioners_practice(
    contract_manager_x, pcn_a, pcn_b
):
    victim = practice_of(pcn_b)
    before = state(victim)
    result = import_register(
        register(
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{practice_of(pcn_a).code},Mine,2021-01-01,20000,21000",
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{victim.code},Taken Over,2021-01-01,1,1",
        ),
        user=contract_manager_x,
    )
    assert [e.line for e in result.errors] == [3]
    assert f"practice {victim.code} belongs to Y01" in result.errors[0].message
    assert "only administrators move a practice between commissioners" in result.errors[0].message
    assert state(victim) == before
    assert not result.counts


@pytest.mark.parametrize(
    "row",
    [
        # Another commissioner's PCN under the importer's commissioner.
        "X01,NHS Exeshire CCG,U00202,Whyshire Beta PCN,P99001,New Surgery,2021-01-01,5,5",
        # The importer's practice moved to another commissioner's PCN.
        "Y01,NHS Whyshire CCG,U00202,Whyshire Beta PCN,{a},Moved Away,2021-01-01,5,5",
        # The importer's practice moved to a new commissioner.
        "Z01,NHS Zedshire CCG,U00303,Zedshire Gamma PCN,{a},Moved Away,2021-01-01,5,5",
    ],
)
def test_rows_reaching_into_another_area_are_refused_with_the_whole_file(
    contract_manager_x, pcn_a, pcn_b, row
):
    mine = practice_of(pcn_a)
    before = state(mine)
    result = import_register(register(row.format(a=mine.code)), user=contract_manager_x)
    assert [e.line for e in result.errors] == [2]
    assert "another commissioner's area" in result.errors[0].message
    assert state(mine) == before


def test_rows_wholly_outside_the_area_are_skipped_and_counted(contract_manager_x, pcn_a, pcn_b):
    theirs = practice_of(pcn_b)
    before = state(theirs)
    result = import_register(
        register(
            f"Y01,NHS Whyshire CCG,U00202,Whyshire Beta PCN,{theirs.code},Renamed,2021-01-01,9,9",
            "Z01,NHS Zedshire CCG,U00303,Zedshire Gamma PCN,P99001,New Surgery,2021-01-01,5,5",
            "X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,P99002,Joins A,2021-01-01,7,7",
        ),
        user=contract_manager_x,
    )
    assert result.ok, result.errors
    assert result.counts["rows_outside_your_area_skipped"] == 2
    assert "2 rows outside your area skipped" in result.summary()
    assert state(theirs) == before
    assert not Practice.objects.filter(code="P99001").exists()
    assert Membership.objects.get(practice__code="P99002").pcn == pcn_a


def test_an_administrator_moves_a_practice_between_commissioners(administrator, pcn_a, pcn_b):
    moving = practice_of(pcn_b)
    result = import_register(
        register(
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{moving.code},Moved,2021-01-01,9,9"
        ),
        user=administrator,
    )
    assert result.ok, result.errors
    assert Membership.objects.filter(practice=moving).on(date(2021, 1, 1)).get().pcn == pcn_a


def test_the_command_line_import_runs_as_an_administrator(tmp_path, pcn_a, pcn_b):
    moving = practice_of(pcn_b)
    path = tmp_path / "register.csv"
    path.write_text(
        register(
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{moving.code},Moved,2021-01-01,9,9"
        )
    )
    call_command("import_register", str(path))
    assert Membership.objects.filter(practice=moving).on(date(2021, 1, 1)).get().pcn == pcn_a


@pytest.fixture
def moved_practice(pcn_a, pcn_b):
    """A practice of PCN A (X) that moved to PCN B (Y) on 1 April 2021."""
    from networks import services

    practice = practice_of(pcn_a)
    services.practice_move(practice=practice, to_pcn=pcn_b, on=date(2021, 4, 1))
    return practice


def test_list_sizes_of_a_practice_that_left_the_area_are_skipped(
    contract_manager_x, contract_manager_y, moved_practice
):
    data = list_sizes((moved_practice.code, "2022-01-01", 4321))
    result = import_list_sizes(data, user=contract_manager_x)
    assert result.ok, result.errors
    assert result.counts == {"rows_outside_your_area_skipped": 1}
    assert not ListSize.objects.filter(practice=moved_practice, registered=4321).exists()
    assert import_list_sizes(data, user=contract_manager_y).counts["list_sizes_recorded"] == 1


def test_list_sizes_reaching_past_a_move_to_another_area_are_refused(
    contract_manager_x, pcn_a, moved_practice
):
    stays = [p for p in Practice.objects.filter(memberships__pcn=pcn_a) if p != moved_practice][0]
    result = import_list_sizes(
        list_sizes((stays.code, "2021-01-01", 111), (moved_practice.code, "2021-01-01", 222)),
        user=contract_manager_x,
    )
    assert [e.line for e in result.errors] == [3]
    assert "only administrators" in result.errors[0].message
    assert not ListSize.objects.filter(registered__in=[111, 222]).exists()


def test_list_sizes_in_the_area_are_recorded(contract_manager_x, pcn_a):
    mine = practice_of(pcn_a)
    result = import_list_sizes(list_sizes((mine.code, "2022-01-01", 999)), user=contract_manager_x)
    assert result.counts == {"list_sizes_recorded": 1}


@pytest.mark.parametrize(
    "memberships, day, owners",
    [
        ([], date(2020, 1, 1), set()),
        ([(date(2019, 7, 1), None, 1)], date(2019, 1, 1), {1}),
        (
            [(date(2019, 7, 1), date(2021, 3, 31), 1), (date(2021, 4, 1), None, 2)],
            date(2021, 1, 1),
            {1, 2},
        ),
        (
            [(date(2019, 7, 1), date(2021, 3, 31), 1), (date(2021, 4, 1), None, 2)],
            date(2022, 1, 1),
            {2},
        ),
        ([(date(2019, 7, 1), date(2020, 3, 31), 1)], date(2022, 1, 1), {1}),
    ],
)
def test_owners_from(memberships, day, owners):
    assert owners_from(memberships, day) == owners


@pytest.mark.parametrize(
    "touched, reach",
    [
        ([1], "inside"),
        ([1, 1], "inside"),
        ([2], "outside"),
        ([None], "outside"),
        ([1, None], "mixed"),
        ([1, 2], "mixed"),
    ],
)
def test_import_reach(touched, reach):
    assert import_reach(touched, frozenset({1})) == reach

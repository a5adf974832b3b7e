"""What imports accept in names and figures, and how they report renames (issue 12 §7)."""

from datetime import date

import pytest
from django.core.management import call_command

from networks.imports import REGISTER_HEADER, import_list_sizes, import_register
from networks.models import PCN, Commissioner, ListSize, Practice
from networks.rules import is_plain_number, name_problems

pytestmark = pytest.mark.django_db
HEADER = ",".join(REGISTER_HEADER)
ROW = "07L,NHS Barking and Dagenham CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane Surgery,2020-01-01,5740,6027.00"


def register(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def with_cell(index: int, value: str) -> str:
    cells = ROW.split(",")
    cells[index] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    "index, value, message",
    [
        (1, "NHS Barking\x07 CCG", "commissioner_name contains a control character (U+0007)"),
        (
            3,
            "Barking\u202e & Dagenham PCN",
            "pcn_name contains an invisible formatting character (U+202E)",
        ),
        (5, "Green\u2028Lane", "practice_name contains a line separator (U+2028)"),
        (5, "Green\u200bLane", "practice_name contains an invisible formatting character (U+200B)"),
        (5, '"Green\nLane"', "practice_name contains a control character (U+000A)"),
        (5, "Green\tLane", "practice_name contains a control character (U+0009)"),
        (7, "٥٧٤٠", "registered_patients must be a whole number in the digits 0-9"),
        (7, "５７４０", "registered_patients must be a whole number in the digits 0-9"),
        (7, "5_740", "registered_patients must be a whole number in the digits 0-9"),
        (7, "+5740", "registered_patients must be a whole number in the digits 0-9"),
        (8, "٦٠٢٧.٠٠", "weighted_patients must be a number in the digits 0-9"),
        (8, "6e3", "weighted_patients must be a number in the digits 0-9"),
        (8, "6027.", "weighted_patients must be a number in the digits 0-9"),
        (6, "٢٠٢٠-٠١-٠١", "list_date must be a date"),
    ],
)
def test_register_refuses_hidden_characters_in_names_and_digits_other_than_0_to_9(
    index, value, message
):
    result = import_register(register(with_cell(index, value)))
    assert any(e.line == 2 and message in e.message for e in result.errors), result.errors
    assert not Practice.objects.exists()


def test_list_size_import_refuses_digits_other_than_0_to_9():
    import_register(register(ROW))
    header = "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS"
    rows = [
        "GP_PRAC_PAT_LIST,01JAN2021,GP,07L,E38000004,F82001,RM8 1AA,ALL,ALL,٥٨٠٠",
        "GP_PRAC_PAT_LIST,٠١JAN2021,GP,07L,E38000004,F82001,RM8 1AA,ALL,ALL,5800",
    ]
    result = import_list_sizes("\n".join([header, *rows]) + "\n")
    assert [e.line for e in result.errors] == [2, 3]
    assert "digits 0-9" in result.errors[0].message
    assert "EXTRACT_DATE" in result.errors[1].message
    assert ListSize.objects.count() == 1


def test_every_rename_is_reported_in_the_summary_and_kept_in_history(capsys, tmp_path):
    import_register(register(ROW))
    renamed = (
        ROW.replace("NHS Barking and Dagenham CCG", "NHS North East London ICB")
        .replace("Barking & Dagenham North PCN", "Barking Riverside PCN")
        .replace("Green Lane Surgery", "Green Lane Medical Centre")
    )
    path = tmp_path / "renamed.csv"
    path.write_text(register(renamed))
    call_command("import_register", str(path))
    out = capsys.readouterr().out
    assert "1 commissioners renamed" in out and "1 pcns renamed" in out
    assert "1 practices renamed" in out
    assert (
        "renamed: line 2: practice F82001 renamed from 'Green Lane Surgery' to 'Green Lane Medical Centre'."
        in out
    )
    assert "renamed: line 2: PCN U00001 renamed from 'Barking & Dagenham North PCN'" in out
    assert "renamed: line 2: commissioner 07L renamed from 'NHS Barking and Dagenham CCG'" in out
    for model, name in (
        (Practice, "Green Lane Surgery"),
        (PCN, "Barking & Dagenham North PCN"),
        (Commissioner, "NHS Barking and Dagenham CCG"),
    ):
        names = list(model.history.order_by("history_date").values_list("name", flat=True))
        assert names[0] == name and len(names) == 2


def test_renames_are_listed_on_the_import_page(client_for, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_register(register(ROW))
    body = register(ROW.replace("Green Lane Surgery", "Green Lane Medical Centre"))
    upload = SimpleUploadedFile("register.csv", body.encode(), content_type="text/csv")
    response = client_for(administrator).post("/imports/", {"kind": "register", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Renamed" in page and "Green Lane Medical Centre" in page
    history = Practice.objects.get(code="F82001").history.first()
    assert history.history_user == administrator


def test_a_failed_import_reports_no_renames():
    import_register(register(ROW))
    result = import_register(
        register(ROW.replace("Green Lane Surgery", "Renamed Surgery"), with_cell(7, "lots"))
    )
    assert not result.ok and result.renames == []
    assert Practice.objects.get().name == "Green Lane Surgery"


@pytest.mark.parametrize(
    "value, decimals, plain",
    [
        ("0", False, True),
        ("5740", False, True),
        ("", False, False),
        ("٣", False, False),
        ("²", False, False),
        ("1_000", False, False),
        ("-1", False, False),
        ("6027.00", True, True),
        ("6027", True, True),
        ("6027.", True, False),
        (".5", True, False),
        ("1.2.3", True, False),
        ("6027.00", False, False),
    ],
)
def test_is_plain_number(value, decimals, plain):
    assert is_plain_number(value, decimals=decimals) is plain


def test_name_problems_accepts_ordinary_names():
    assert name_problems("Dr S Helder & Partners (Chadwell Heath) – Île", "practice_name") == []


def test_list_date_still_reads_iso():
    result = import_register(register(ROW))
    assert result.ok and ListSize.objects.get().reference_date == date(2020, 1, 1)

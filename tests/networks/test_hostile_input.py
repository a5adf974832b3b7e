"""Hostile and broken input to the imports: a clear error, never a crash, never a partial write."""

import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networks.imports import REGISTER_HEADER, import_list_sizes, import_register
from networks.models import PCN, Commissioner, ListSize, Membership, Practice

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
HEADER = ",".join(REGISTER_HEADER)
GOOD_ROW = [
    "07L",
    "NHS B&D CCG",
    "U00001",
    "Barking & Dagenham North PCN",
    "F82001",
    "Green Lane",
    "2020-01-01",
    "5740",
    "6027.00",
]


def counts():
    return tuple(m.objects.count() for m in (Commissioner, PCN, Practice, Membership, ListSize))


cell = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "+1",
            "-1",
            "@SUM(A1)",
            "1e400",
            "NaN",
            "-0.5",
            "99999999999999999999",
            "0.123456",
            "1900-02-29",
            "9999-12-31",
            "",
            " ",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@FUZZ
@given(column=st.integers(min_value=0, max_value=len(GOOD_ROW) - 1), value=cell)
def test_register_import_never_crashes_and_writes_all_or_nothing(column, value):
    row = list(GOOD_ROW)
    row[column] = value.replace(",", ";").replace("\n", " ").replace("\r", " ").replace('"', "'")
    before = counts()
    result = import_register(HEADER + "\n" + ",".join(row) + "\n")
    if result.ok:  # the whole row was applied
        listed = ListSize.objects.get(practice__code=row[4], reference_date=row[6])
        assert listed.registered == int(row[7])
    else:
        assert counts() == before
        assert all(e.line >= 1 and e.message for e in result.errors)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_are_rejected_cleanly(data):
    before = counts()
    for run in (import_register, import_list_sizes):
        result = run(data)
        assert not result.ok or result.rows == 0
    assert counts() == before


@FUZZ
@given(text=st.text(alphabet=string.printable, max_size=300))
def test_random_text_after_a_good_header_is_rejected_or_ignored(text):
    before = counts()
    result = import_register(HEADER + "\n" + text)
    if not result.ok:
        assert counts() == before


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "latin-1"])
def test_wrong_encodings_get_a_clear_message(encoding):
    body = (HEADER + "\n" + ",".join(GOOD_ROW).replace("Green Lane", "Grëen Lañe £") + "\n").encode(
        encoding
    )
    result = import_register(body)
    assert not result.ok
    assert "UTF-8" in result.errors[0].message
    assert counts() == (0, 0, 0, 0, 0)


def test_formula_cells_are_stored_as_text_and_neutralised_on_export(client_for, administrator):
    row = list(GOOD_ROW)
    row[5] = '=HYPERLINK("http://evil";"click")'
    assert import_register(HEADER + "\n" + ",".join(row) + "\n").ok
    response = client_for(administrator).get("/pcns/", {"export": "csv"})
    assert "=HYPERLINK" not in response.content.decode().replace("'=HYPERLINK", "")


def test_oversized_upload_is_refused_with_a_message(client_for, administrator, settings):
    settings.IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.csv", b"x" * 2048, content_type="text/csv")
    response = client_for(administrator).post("/imports/", {"kind": "register", "file": upload})
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()


def test_upload_that_is_not_csv_is_refused(client_for, administrator):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n", content_type="image/png")
    response = client_for(administrator).post("/imports/", {"kind": "register", "file": upload})
    assert response.status_code == 400
    assert "Choose a .csv file" in response.content.decode()


def test_form_without_a_file_keeps_the_choice(client_for, administrator):
    response = client_for(administrator).post("/imports/", {"kind": "list_sizes"})
    assert response.status_code == 400
    import re

    page = response.content.decode()
    assert re.search(r'value="list_sizes"[^>]*checked', page)
    assert "This field is required." in page

"""A claim's lines from a spreadsheet: the template lists the people on the lines page; a
filled-in file replaces every line at once, or changes nothing and lists each problem by line."""

import csv
import io
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workforce import claim_csv
from workforce.claim_csv import Row

HEAD = "staff_id,name,role,wte,salary,employer_ni,employer_pension,apprenticeship_levy\n"
NAMES = {7: "Priya Pharmacist", 8: "Ash Physio"}


def read(body: str, names=NAMES):
    return claim_csv.read((HEAD + body).encode(), names)


def test_rows_with_amounts_are_claimed_and_blank_rows_are_not():
    rows, problems = read(
        "7,Priya,,,3500.00,400,500,\n8,Ash,,,,,,\n",
    )
    assert problems == []
    assert rows == [Row(7, D("3500.00"), D("400"), D("500"), D("0.00"))]


def test_every_problem_is_reported_with_its_line_number_and_nothing_is_read():
    rows, problems = read(
        "7,Priya,,,3,500.00,400,500,\n"  # an unquoted thousands comma shifts the columns
        "99,Someone,,,1,1,1,\n"
        "8,Ash,,,-5,0,0,\n"
        "8,Ash,,,5,0,,\n"
        "7,Priya,,,1,1,1,\n"
    )
    assert problems == [
        "Line 2: more cells than the first line names columns (an amount written with a "
        "thousands comma needs quotes, or no comma).",
        "Line 3: staff_id '99' is not someone on this claim's page (download the template again "
        "for this month).",
        "Line 4: the salary must be between 0 and £999,999.99.",
        "Line 5: Ash Physio appears more than once.",
    ]
    assert rows == []  # line 6 is good, but nothing is read while any line has a problem


def test_a_missing_amount_and_a_bad_amount_are_named():
    _, problems = read("7,Priya,,,3500,,500,\n8,Ash,,,12.345,0,0,\n")
    assert problems == [
        "Line 2: enter the employer NI for Priya Pharmacist (0 if none).",
        "Line 3: the salary '12.345' is not an amount in pounds and pence.",
    ]


def test_pounds_signs_thousands_commas_in_quotes_and_a_byte_order_mark_are_read():
    data = ("\ufeff" + HEAD + '7,Priya,,,"£3,500.00",400,500,10\n').encode()
    rows, problems = claim_csv.read(data, NAMES)
    assert problems == [] and rows[0].salary == D("3500.00") and rows[0].apprenticeship_levy == 10


def test_a_file_without_the_columns_or_not_utf8_is_refused_whole():
    assert claim_csv.read(b"a,b\n1,2\n", NAMES)[1] == [
        "The first line must name the columns; missing: staff_id, salary, employer_ni, "
        "employer_pension, apprenticeship_levy."
    ]
    assert claim_csv.read(b"\xff\xfe\x00s", NAMES)[1] == [
        "The file is not UTF-8 text: save it from the spreadsheet as CSV (UTF-8)."
    ]


def test_at_most_200_problems_are_listed_and_the_rest_counted():
    _, problems = read("".join(f"{n},x,,,1,1,1,\n" for n in range(1000, 1250)))
    assert len(problems) == 201 and problems[-1] == "… and 50 more problem(s)."


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: (HEAD + t).encode()))
def test_any_file_gives_rows_or_problems_never_an_error(data):
    rows, problems = claim_csv.read(data, NAMES)
    assert not (rows and problems)
    assert all(isinstance(p, str) for p in problems)


# --- through the pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_template_lists_the_people_in_post_with_amounts_entered(
    client_for, draft_claim, pharmacist, manager_a
):
    response = client_for(manager_a).get(f"/claims/{draft_claim.pk}/lines.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == claim_csv.HEADER
    priya = next(r for r in rows if r[1] == "Priya Pharmacist")
    assert priya == [
        str(pharmacist.pk),
        "Priya Pharmacist",
        "Clinical pharmacist",
        "1.00",
        "3500.00",
        "400.00",
        "500.00",
        "0.00",
    ]


@pytest.mark.django_db
def test_an_uploaded_file_replaces_the_lines(client_for, draft_claim, pharmacist, manager_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = HEAD + f"{pharmacist.pk},Priya,,,3000.00,300.00,400.00,\n"
    upload = SimpleUploadedFile("june.csv", body.encode(), content_type="text/csv")
    response = client_for(manager_a).post(
        f"/claims/{draft_claim.pk}/lines/upload/", {"file": upload}
    )
    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.total == D("3700.00")


@pytest.mark.django_db
def test_a_file_with_problems_changes_nothing_and_lists_them(
    client_for, draft_claim, pharmacist, manager_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = HEAD + f"{pharmacist.pk},Priya,,,abc,300.00,400.00,\n"
    upload = SimpleUploadedFile("june.csv", body.encode(), content_type="text/csv")
    response = client_for(manager_a).post(
        f"/claims/{draft_claim.pk}/lines/upload/", {"file": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was not read: nothing was changed." in html
    assert "Line 2: the salary &#x27;abc&#x27; is not an amount in pounds and pence." in html
    draft_claim.refresh_from_db()
    assert draft_claim.total == D("4400.00")


def test_a_staff_id_of_any_length_is_a_problem_not_an_error():
    _, problems = read("9" * 5000 + ",x,,,1,1,1,\n")
    assert problems and problems[0].startswith("Line 2: staff_id")


def test_line_numbers_are_the_files_own_after_a_blank_line():
    _, problems = read("\n7,Priya,,,abc,1,1,\n")
    assert problems == ["Line 3: the salary 'abc' is not an amount in pounds and pence."]

"""Networks pages: who sees what, lists, exports and the upload page."""

import csv
import io

import pytest
from django.urls import reverse

from networks.imports import REGISTER_HEADER
from networks.models import PCN
from tests.factories import PCNFactory, clinical_director, member

pytestmark = pytest.mark.django_db


def test_every_page_needs_login(client, pcn_a):
    for url in ["/", "/pcns/", f"/pcns/{pcn_a.code}/", "/commissioners/", "/imports/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_logs_in(client, contract_manager_x):
    response = client.post(
        reverse("login"), {"username": "cm-x", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/pcns/").status_code == 200


def test_pcn_user_gets_404_for_another_pcns_page(client_for, cd_a, pcn_a, pcn_b):
    client = client_for(cd_a)
    assert client.get(f"/pcns/{pcn_a.code}/").status_code == 200
    response = client.get(f"/pcns/{pcn_b.code}/")
    assert response.status_code == 404
    assert pcn_b.name.encode() not in response.content


def test_contract_manager_sees_only_their_commissioners_pcns(
    client_for, contract_manager_x, pcn_a, pcn_b
):
    client = client_for(contract_manager_x)
    page = client.get("/pcns/").content.decode()
    assert pcn_a.name in page and pcn_b.name not in page
    assert client.get(f"/pcns/{pcn_b.code}/").status_code == 404
    practice_b = pcn_b.memberships.first().practice
    assert client.get(f"/practices/{practice_b.code}/").status_code == 404


def test_administrator_sees_everything(client_for, administrator, pcn_a, pcn_b):
    page = client_for(administrator).get("/pcns/").content.decode()
    assert pcn_a.name in page and pcn_b.name in page


def test_pcn_list_filters_by_commissioner_and_search(client_for, administrator, pcn_a, pcn_b):
    client = client_for(administrator)
    page = client.get("/pcns/", {"commissioner": "Y01"}).content.decode()
    assert pcn_b.name in page and pcn_a.name not in page
    page = client.get("/pcns/", {"q": "alpha"}).content.decode()
    assert pcn_a.name in page and pcn_b.name not in page
    page = client.get("/pcns/", {"q": pcn_b.code}).content.decode()
    assert pcn_b.name in page and pcn_a.name not in page


def test_pcn_list_csv_export_has_every_row_and_list_sizes(client_for, administrator, pcn_a, pcn_b):
    response = client_for(administrator).get("/pcns/", {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["ODS code", "Name"]
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {pcn_a.code, pcn_b.code}
    assert by_code[pcn_a.code][4] == "35000"  # registered = 20,000 + 15,000


def test_pcn_list_paginates(client_for, administrator, commissioner_x):
    for i in range(30):
        PCNFactory(name=f"Exeshire Paged {i:02d} PCN", commissioner=commissioner_x)
    client = client_for(administrator)
    first = client.get("/pcns/").content.decode()
    assert "Page 1 of 2" in first
    assert "Exeshire Paged 29 PCN" in client.get("/pcns/", {"page": 2}).content.decode()


def test_pcn_list_query_count_does_not_grow_with_pcns(
    client_for, administrator, commissioner_x, django_assert_max_num_queries
):
    client = client_for(administrator)

    def add(n):
        for _ in range(n):
            pcn = PCNFactory(commissioner=commissioner_x)
            member(pcn, registered=1000)
            member(pcn, registered=2000)

    add(2)
    with django_assert_max_num_queries(9) as small:
        client.get("/pcns/")
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/pcns/").status_code == 200


def test_pcn_page_shows_members_totals_and_flags(client_for, administrator, pcn_a):
    page = client_for(administrator).get(f"/pcns/{pcn_a.code}/").content.decode()
    assert "35,000" in page  # sum of members
    assert "No Clinical Director is in post." in page
    assert "No nominated payee is recorded." in page
    clinical_director(pcn_a)
    page = client_for(administrator).get(f"/pcns/{pcn_a.code}/").content.decode()
    assert "No Clinical Director is in post." not in page


def test_register_template_download_has_the_exact_header(client_for, contract_manager_x):
    response = client_for(contract_manager_x).get(reverse("networks:register_template"))
    assert response.content.decode().splitlines()[0] == ",".join(REGISTER_HEADER)


def test_upload_page_imports_a_register(client_for, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        ",".join(REGISTER_HEADER)
        + "\n07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740,6027\n"
    )
    upload = SimpleUploadedFile("register.csv", body.encode(), content_type="text/csv")
    response = client_for(administrator).post("/imports/", {"kind": "register", "file": upload})
    assert response.status_code == 302
    assert PCN.objects.filter(code="U00001").exists()


def test_upload_page_lists_every_bad_row_and_saves_nothing(client_for, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        ",".join(REGISTER_HEADER)
        + "\n07L,NHS B&D CCG,U00001,North PCN,F82001,Green Lane,2020-01-01,5740,6027\n"
    )
    upload = SimpleUploadedFile("register.csv", body.encode(), content_type="text/csv")
    response = client_for(administrator).post("/imports/", {"kind": "register", "file": upload})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert not PCN.objects.exists()


def test_upload_page_is_forbidden_to_pcn_users(client_for, cd_a):
    assert client_for(cd_a).get("/imports/").status_code == 403


def test_contract_manager_rows_for_another_commissioner_are_skipped_and_counted(
    client_for, contract_manager_x, commissioner_y
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        ",".join(REGISTER_HEADER)
        + "\nY01,NHS Whyshire CCG,U00009,Whyshire Gamma PCN,F82001,Green Lane,2020-01-01,5740,6027\n"
    )
    upload = SimpleUploadedFile("register.csv", body.encode(), content_type="text/csv")
    response = client_for(contract_manager_x).post(
        "/imports/", {"kind": "register", "file": upload}, follow=True
    )
    assert "1 rows outside your area skipped" in response.content.decode()
    assert not PCN.objects.filter(code="U00009").exists()


def test_inline_script_is_allowed_by_the_content_security_policy(client_for, administrator):
    import base64
    import hashlib
    import re

    response = client_for(administrator).get("/pcns/")
    scripts = re.findall(r"<script>(.*?)</script>", response.content.decode(), re.S)
    policy = response["Content-Security-Policy"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_gloucestershires_five_grades(client, gloucestershire):
    response = client.get("/")
    assert response.status_code == 200
    assert "Gloucestershire Constabulary" in response.text

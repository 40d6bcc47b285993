"""The password change form refuses weak passwords with the validators' own words."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/password_change/"


@pytest.fixture
def signed_in(client):
    user = UserFactory(username="casey.jones")
    client.force_login(user)
    return client, user


@pytest.mark.parametrize(
    "weak, message",
    [
        ("password", "This password is too common."),
        ("x7#q", "This password is too short. It must contain at least 8 characters."),
        ("40961357", "This password is entirely numeric."),
        ("casey.jones1", "The password is too similar to the username."),
    ],
)
def test_a_weak_password_is_refused_with_the_validators_message(signed_in, weak, message):
    client, user = signed_in
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert message in response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.check_password(weak)


def test_a_strong_password_is_accepted(signed_in):
    client, user = signed_in
    strong = "correct horse battery staple 42"
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)

"""Passwords and user names: Django's validators (length, common, numeric, like the user name)
and Kompas's own (no repeated characters or units, no whitespace only); user names of letters,
digits and . @ + - _ only. The web form and the command line refuse alike, naming the field."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from kompas.accounts.services import AccountError, create_account
from kompas.accounts.validators import RepetitionValidator, validate_username

pytestmark = pytest.mark.django_db

WEAK = {
    "aaaaaaaaaaaa": "herhaalt",
    "123456789012": "alleen cijfers",
    "            ": "alleen uit spaties",
    "kompaskompas": "herhaalt",
    "abcabcabcabcabc": "herhaalt",
    "password1234": "te algemeen",
}


@pytest.mark.parametrize(("password", "why"), WEAK.items())
def test_the_command_line_refuses_a_weak_password_saying_why(password: str, why: str) -> None:
    with pytest.raises(AccountError, match=why):
        create_account("nieuw", "viewer", password)
    assert not User.objects.filter(username="nieuw").exists()


@pytest.mark.parametrize(("password", "why"), WEAK.items())
def test_the_users_page_refuses_a_weak_password_under_the_password_field(
    client_as: Callable[[str | None], Client], password: str, why: str
) -> None:
    response = client_as("administrator").post(
        "/accounts/users/", {"username": "nieuw", "role": "viewer", "password": password}
    )
    assert response.status_code == 200
    assert any(why in error for error in response.context["form"].errors["password"])
    assert not User.objects.filter(username="nieuw").exists()


def test_a_long_varied_password_is_accepted() -> None:
    create_account("nieuw", "viewer", "kompas-brabant-2026!")
    assert User.objects.get(username="nieuw").check_password("kompas-brabant-2026!")


def test_the_repetition_check_lets_ordinary_passwords_through() -> None:
    check = RepetitionValidator()
    for fine in ("correct-horse-battery-staple", "een-lang-wachtwoord-2026", "aab aab aab x"):
        check.validate(fine)
    with pytest.raises(ValidationError):
        check.validate("\t \n " * 4)


@pytest.mark.parametrize(
    "name", ["jan de vries", "", " viewer", "a" * 151, "<script>", "naam\n", "cli:root"]
)
def test_a_user_name_of_other_characters_is_refused_with_a_dutch_message(name: str) -> None:
    with pytest.raises(AccountError, match="Gebruikersnaam"):
        create_account(name, "viewer", "kompas-brabant-2026!")
    assert not User.objects.filter(username=name).exists()


def test_a_user_name_that_differs_only_in_case_from_another_is_refused(
    client_as: Callable[[str | None], Client],
) -> None:
    with pytest.raises(AccountError, match="bestaat al"):
        create_account("Viewer", "viewer", "kompas-brabant-2026!")
    response = client_as("administrator").post(
        "/accounts/users/",
        {"username": "ANALYST", "role": "viewer", "password": "kompas-brabant-2026!"},
    )
    assert "bestaat al" in response.context["form"].errors["username"][0]


def test_the_users_page_names_the_user_name_field_when_it_refuses_one(
    client_as: Callable[[str | None], Client],
) -> None:
    response = client_as("administrator").post(
        "/accounts/users/",
        {"username": "jan de vries", "role": "viewer", "password": "kompas-brabant-2026!"},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["username"]
    assert error.startswith("Gebruikersnaam:")
    assert not User.objects.filter(username="jan de vries").exists()


def test_valid_user_names_pass() -> None:
    for name in ("els", "j.de-vries", "josé", "an_2@brabant.nl"):
        validate_username(name)

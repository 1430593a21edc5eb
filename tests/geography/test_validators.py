import pytest
from django.core.exceptions import ValidationError

from mutualis.geography import validators


@pytest.mark.parametrize("code", ["61001", "2A004", "75101"])
def test_existing_insee_codes_pass(geography, code):
    validators.validate_insee_code(code)


@pytest.mark.parametrize("code", ["61999", "6100", "ABCDE", "99100"])
def test_unknown_insee_codes_fail_in_french(geography, code):
    with pytest.raises(ValidationError, match="code INSEE"):
        validators.validate_insee_code(code)


def test_postcode_must_exist(geography):
    validators.validate_postcode("61000")
    with pytest.raises(ValidationError, match="code postal existant"):
        validators.validate_postcode("61999")


def test_postcode_must_serve_the_commune(geography):
    validators.validate_postcode_of_commune("61000", "61001")
    validators.validate_postcode_of_commune("75001", "75101")
    with pytest.raises(ValidationError, match="ne dessert pas"):
        validators.validate_postcode_of_commune("72000", "61001")


def test_epci_department_region_codes(geography):
    validators.validate_epci_code("246100663")
    validators.validate_department_code("2A")
    validators.validate_region_code("28")
    for check, bad in (
        (validators.validate_epci_code, "246100664"),
        (validators.validate_department_code, "20"),
        (validators.validate_region_code, "99"),
    ):
        with pytest.raises(ValidationError):
            check(bad)

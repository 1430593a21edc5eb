"""Valid French company identifiers for demo data and tests (Luhn checksums via python-stdnum)."""

from stdnum import luhn


def make_siren(number):
    """A valid SIREN built from an integer (8 digits + Luhn check digit)."""
    base = f"{number % 10**8:08d}"
    return base + luhn.calc_check_digit(base)


def make_siret(number, establishment=1):
    """A valid SIRET: the SIREN of `number` + a 4-digit establishment number + Luhn check digit."""
    base = make_siren(number) + f"{establishment % 10**4:04d}"
    return base + luhn.calc_check_digit(base)

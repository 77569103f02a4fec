"""Numbers, money, dates and names as telecom news writes them."""
import pytest

from telegraph_kg.normalize.dates import resolve
from telegraph_kg.normalize.money import parse_money
from telegraph_kg.normalize.names import clean_mention, match_key
from telegraph_kg.normalize.numbers import is_approximate, parse_quantity


@pytest.mark.parametrize("text,value", [
    ("120 million", 120e6), ("1,700", 1700), ("about 600", 600), ("nearly half a billion", 5e8),
    ("two-thirds", 2 / 3), ("twenty five million", 25e6), ("2.5 mln", 2.5e6), ("1,00,000", 1e5),
    ("a quarter of a million", 250000), ("one hundred twenty", 120), ("a deal", None),
])
def test_quantities(text, value):
    got = parse_quantity(text)
    assert got == pytest.approx(value) if value is not None else got is None


@pytest.mark.parametrize("text,amount,currency", [
    ("$20.1bn", 20.1e9, "USD"), ("1.2 billion dlrs", 1.2e9, "USD"), ("Rs 3,874 crore", 3.874e10, "INR"),
    ("400 mln stg", 4e8, "GBP"), ("EUR 2.5 billion", 2.5e9, "EUR"), ("€4.5 billion ($5.9 billion)", 4.5e9, "EUR"),
    ("US$10.7 billion", 10.7e9, "USD"), ("2 trillion yen", 2e12, "JPY"), ("£3.6bn", 3.6e9, "GBP"),
    ("A$1.2 billion", 1.2e9, "AUD"), ("HK$3 billion", 3e9, "HKD"), ("5 lakh rupees", 5e5, "INR"),
])
def test_money(text, amount, currency):
    got = parse_money(text)
    assert got is not None and got[0] == pytest.approx(amount) and got[1] == currency


@pytest.mark.parametrize("text,expected", [
    ("Wednesday", "2012-12-05"), ("on Tuesday", "2012-12-04"), ("November", "2012-11"), ("in March", "2012-03"),
    ("next year", "2013"), ("last year", "2011"), ("the first quarter of next year", "2013-Q1"),
    ("last month", "2012-11"), ("May 1986", "1986-05"), ("Dec. 5, 2012", "2012-12-05"), ("2000", "2000"),
    ("the past five years", None), ("three years ago", None), ("yesterday", "2012-12-04"),
])
def test_dates_against_published(text, expected):
    assert resolve(text, "2012-12-05") == expected


def test_relative_date_without_published_is_left_out():
    assert resolve("on Wednesday", None) is None
    assert resolve("in 1999", None) == "1999"


def test_approximation_words():
    assert is_approximate("more than 1,700") and is_approximate("some 40,000") and not is_approximate("1,700")


def test_match_key_follows_the_spec():
    assert match_key("América Móvil S.A.") == match_key("America Movil") == "america movil"
    assert match_key("AT&T Inc.") == "at&t"
    assert match_key("Vodafone Group Plc") == "vodafone"
    assert clean_mention("the U.S.") == "U.S." and clean_mention("Vodafone's") == "Vodafone"

"""Rates and shares against the population the pack itself states."""

from minutebook.figures.population import statements

from .helpers import document, flags_of

STATED = (
    "The borough's population grew from around 201,000 in 2011 to 214,600 in 2021, census figures show.\n"
)


def test_the_whole_population_is_read_from_the_prose_with_its_year():
    found = statements(
        document(
            STATED
            + "Our population is projected to reach 240,000 by 2035.\n"
            + "The population has grown by 13,600 people since 2011.\n"
            + "England's population rose to 56,489,800.\n"
            + "The rate is 612 per 100,000 population.\n"
        )
    )
    assert [(s.people, s.year) for s in found] == [(201_000, 2011), (214_600, 2021)]


INDICATOR = """All new diagnoses rate per 100,000

Crude rate - per 100,000

Period\tCount\tValue\tLower CI\tUpper CI
2020\t1,500\t700\t665\t736
2021\t1,600\t650\t619\t683
"""


def test_a_rate_that_implies_more_people_than_live_in_the_area_is_flagged():
    (flag,) = flags_of(STATED + "\n" + INDICATOR, "cross_ref")
    assert flag.lines == [1, 9]  # the statement and the 2021 row
    assert (flag.computed, flag.printed) == (246_154, 214_600)


def test_a_rate_implying_fewer_people_may_be_of_a_subgroup_and_is_not_flagged():
    text = STATED + "\n" + INDICATOR.replace("1,600\t650", "1,000\t650")
    assert flags_of(text, "cross_ref") == []


def test_a_share_of_residents_that_implies_more_residents_than_there_are_is_flagged():
    text = STATED + "By May, 180,000 residents had a first dose, an uptake of 75.0% of residents aged 12+.\n"
    (flag,) = flags_of(text, "plausibility")
    assert flag.lines == [1, 2] and flag.computed == 240_000


def test_without_a_stated_population_nothing_is_implied():
    assert flags_of(INDICATOR) == []


HEADLINES = """## The borough at a glance

**{first}**

people live in Millbrook

## Partnership report

# Millbrook population

# {second}
"""


def test_a_headline_figure_captioned_as_the_population_is_a_statement_of_it():
    found = statements(document(HEADLINES.format(first="214,600", second="214,600")))
    assert [(s.people, s.year, s.line, sorted(s.place)) for s in found] == [
        (214_600, None, 11, ["Millbrook"])
    ]
    text = HEADLINES.format(first="214,600", second="214,600").replace(
        "people live in", "total population of"
    )
    found = statements(document(text))
    assert [(s.people, s.line) for s in found] == [(214_600, 3), (214_600, 11)]


def test_one_places_population_given_twice_differently_in_a_pack_is_flagged():
    text = HEADLINES.format(first="214,600", second="209,950").replace(
        "people live in", "total population of"
    )
    (flag,) = flags_of(text, "cross_ref")
    assert flag.lines == [3, 11] and flag.confidence == "medium"
    assert (flag.printed, flag.computed) == (214_600, 209_950)
    assert "neither with its year" in flag.description


def test_populations_of_other_years_or_places_or_within_rounding_are_not_compared():
    within = HEADLINES.format(first="215,000", second="214,600").replace(
        "people live in", "total population of"
    )
    assert flags_of(within, "cross_ref") == []  # 215,000 is 214,600 to the thousand
    years = (
        "Millbrook's population was 201,000 in 2011, census figures show.\n"
        "Millbrook's population was 214,600 in 2021, census figures show.\n"
    )
    assert flags_of(years, "cross_ref") == []
    places = (
        "The population of Millbrook is 214,600.\n"
        "The population of Millbrook and Eastwick together is 301,200.\n"
    )
    assert flags_of(places, "cross_ref") == []


def test_a_rate_worked_out_on_the_stated_population_must_give_it_back():
    # 41,870 / 214,600 x 100,000 = 19,510.7; printed 19,800.25 implies 211,462 people, not 214,600.
    text = STATED + (
        "\nBetween 2020 and 2022 a total of 41,870 infections were reported among borough residents. "
        "Using the 2021 census population to work out the rate per 100,000 residents, it is 19,800.25 "
        "against 20,114.10 across England.\n"
    )
    (flag,) = flags_of(text, "rate")
    assert (flag.computed, flag.printed) == (211_462, 214_600)
    assert flag.lines == [1, 3]
    assert flag.confidence == "medium"


def test_a_rate_that_gives_the_stated_population_back_is_quiet():
    text = STATED + (
        "\nA total of 41,870 infections were reported. Using the 2021 census population the rate "
        "per 100,000 is 19,510.7.\n"
    )
    assert flags_of(text, "rate") == []


def test_a_rate_that_does_not_say_it_used_the_stated_population_is_not_held_to_it():
    text = STATED + "\nA total of 41,870 infections were reported, a rate per 100,000 of 19,800.25.\n"
    assert flags_of(text, "rate") == []


def test_a_rate_on_a_year_the_pack_gives_no_population_for_is_not_checked():
    text = STATED + (
        "\nA total of 41,870 infections were reported. Using the 2019 mid-year population the rate "
        "per 100,000 is 19,800.25.\n"
    )
    assert flags_of(text, "rate") == []

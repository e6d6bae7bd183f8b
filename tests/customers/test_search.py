import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import BuyerEntity, BuyerGroup
from customers.selectors import directory_search
from customers.services import name_words_refresh
from customers.synthetic import synthetic_buyers_load
from tests.factories import make_buyer


def labels(query, **kwargs):
    return [hit.label for hit in directory_search(query, **kwargs)]


def names(query, **kwargs):
    return [hit.obj.legal_name if hit.kind == "entity" else hit.obj.name for hit in directory_search(query, **kwargs)]


@pytest.fixture
def tungsten(db):
    entities = [
        make_buyer("Tungsten Corporation PLC", country="GB", vat_number="GB177907267", network_number="AAA652334046"),
        make_buyer("Tungsten Network GmbH", vat_number="DE255790071"),
        make_buyer("Big Tungsten Network Ltd", country="GB"),
        make_buyer("Network Rail Ltd", country="GB"),
    ]
    group = BuyerGroup.objects.create(name="TUNGSTEN ALL COMPANIES GROUP")
    group.entities.set(entities[:2])
    return entities


def test_entities_show_number_name_and_vat(tungsten):
    assert "AAA652334046 - Tungsten Corporation PLC (GB177907267)" in labels("corporation")


def test_any_part_of_the_name_finds_it_case_insensitively(tungsten):
    assert names("network gmbh")[0] == "Tungsten Network GmbH"
    assert names("NETWORK GMBH")[0] == "Tungsten Network GmbH"


def test_a_name_prefix_ranks_before_an_infix(tungsten):
    found = names("network")
    assert found[0] == "Network Rail Ltd"
    assert set(found[1:3]) == {"Big Tungsten Network Ltd", "Tungsten Network GmbH"}


def test_groups_are_found_by_name_and_come_before_entities_by_name(tungsten):
    hits = directory_search("tungsten")
    assert (hits[0].kind, hits[0].label) == ("group", "TUNGSTEN ALL COMPANIES GROUP")
    assert {hit.kind for hit in hits[1:]} == {"entity"}
    assert names("companies") == ["TUNGSTEN ALL COMPANIES GROUP"]


@pytest.mark.parametrize(
    "query",
    ["AAA652334046", "aaa652334046", "GB177907267", "gb177907267", "GB 177 907 267", "177.907.267", "177907267"],
)
def test_an_exact_network_or_vat_number_comes_first(tungsten, query):
    assert names(query)[0] == "Tungsten Corporation PLC"


def test_an_exact_number_finds_just_its_entities(tungsten):
    make_buyer("DE255790071 Trading Ltd")
    BuyerGroup.objects.create(name="DE255790071 group")
    assert names("DE 255 790 071") == ["Tungsten Network GmbH"]
    assert names("DE25579") == ["DE255790071 group", "DE255790071 Trading Ltd"]  # not a whole number


def test_at_most_ten_results(db):
    for n in range(15):
        make_buyer(f"Acme Trading {n}")
    BuyerGroup.objects.create(name="Acme group")
    assert len(directory_search("acme")) == 10
    assert len(directory_search("acme", limit=3)) == 3


def test_a_query_of_one_character_finds_nothing(tungsten):
    assert directory_search("t") == []
    assert directory_search("   ") == []


def test_a_nul_character_is_ignored(tungsten):
    assert names("corpo\x00ration") == ["Tungsten Corporation PLC"]


def test_like_wildcards_in_the_query_are_plain_characters(tungsten):
    make_buyer("100% Organic Ltd")
    assert names("100%") == ["100% Organic Ltd"]
    assert names("_%") == []


ACCENTED = [
    "Brněnská strojírna 12 s.r.o.",
    "Kraków Drukarnia 5 S.A.",
    "Atelier Lefèvre 7 SARL",
    "Société Générale SA",
    "Łódzka Fabryka Mebli Sp. z o.o.",
    "Müller Maschinenbau GmbH",
    "Weißbach Logistik AG",
    "Győri Keksz Kft.",
]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # The examples of issue 13 (on SQLite they found nothing).
        ("brnenska", "Brněnská strojírna 12 s.r.o."),
        ("krakow", "Kraków Drukarnia 5 S.A."),
        ("lefevre", "Atelier Lefèvre 7 SARL"),
        ("BRNĚNSKÁ", "Brněnská strojírna 12 s.r.o."),
        # Others of the kind: capitals with accents, letters Unicode does not decompose, ß.
        ("ŁÓDŹ", "Łódzka Fabryka Mebli Sp. z o.o."),
        ("lodz", "Łódzka Fabryka Mebli Sp. z o.o."),
        ("societe generale", "Société Générale SA"),
        ("SOCIÉTÉ GÉNÉRALE", "Société Générale SA"),
        ("muller", "Müller Maschinenbau GmbH"),
        ("weissbach", "Weißbach Logistik AG"),
        ("WEISSBACH", "Weißbach Logistik AG"),
        ("weißbach", "Weißbach Logistik AG"),
        ("gyor", "Győri Keksz Kft."),
        ("Lefèvre  7", "Atelier Lefèvre 7 SARL"),
    ],
)
def test_accents_and_case_are_ignored_both_ways(db, query, name):
    for legal_name in ACCENTED:
        make_buyer(legal_name)
    assert names(query) == [name]


def test_accents_are_ignored_in_group_names(db):
    BuyerGroup.objects.create(name="Groupe Société Générale")
    BuyerGroup.objects.create(name="ŁÓDŹ Holding")
    assert names("societe gen") == ["Groupe Société Générale"]
    assert names("lodz") == ["ŁÓDŹ Holding"]


def test_a_group_whose_name_starts_with_the_query_comes_first(db):
    BuyerGroup.objects.create(name="Alpha Nordsee Gruppe")
    BuyerGroup.objects.create(name="Nordsee Gruppe")
    assert names("nordsee") == ["Nordsee Gruppe", "Alpha Nordsee Gruppe"]


def test_two_letters_find_the_start_of_a_word_not_any_infix(db):
    make_buyer("Abbott Ltd")
    make_buyer("Northern Abrasives Ltd")
    make_buyer("Cabinet Makers Ltd")  # "ab" inside a word
    assert names("ab") == ["Abbott Ltd", "Northern Abrasives Ltd"]
    assert names("AB") == ["Abbott Ltd", "Northern Abrasives Ltd"]


def test_short_words_and_punctuation_find_name_prefixes_only(db):
    make_buyer("A.S. Holding")
    make_buyer("Brněnská Energetika a.s.")
    assert names("a.s.") == ["A.S. Holding"]
    assert names("&&") == []


def test_a_phrase_matches_its_words_in_order_and_adjacent(db):
    make_buyer("Rhein Network 474 GmbH & Co. KG")
    make_buyer("Network Rhein Ltd")
    assert names("rhein network") == ["Rhein Network 474 GmbH & Co. KG"]
    assert names("gmbh & co. kg") == ["Rhein Network 474 GmbH & Co. KG"]
    assert names("kg gmbh") == []
    assert names("network474") == []  # the spaces of the name still count


@pytest.mark.postgres
def test_typos_are_forgiven(tungsten):
    name_words_refresh()
    assert names("tungstn netwrk gmbh") == ["Tungsten Network GmbH"]
    assert names("corporatoin")[0] == "Tungsten Corporation PLC"


@pytest.mark.postgres
def test_what_matches_as_typed_ranks_before_a_typo_correction(tungsten):
    name_words_refresh()
    make_buyer("Tungstn Ltd")  # not yet in the word list, which is refreshed hourly
    found = names("tungstn")
    assert found[0] == "Tungstn Ltd"
    assert "Tungsten Corporation PLC" in found[1:]


@pytest.mark.postgres
def test_a_word_still_being_typed_is_not_corrected(tungsten, django_assert_num_queries):
    name_words_refresh()
    with django_assert_num_queries(3):  # groups, entities, the word check; no second search
        assert names("corpor") == ["Tungsten Corporation PLC"]


@pytest.fixture
def directory_of_20000(db):
    synthetic_buyers_load(20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_buyerentity")
        cursor.execute("ANALYZE buyer_name_words")


def _plans_of_the_queries_run_by(query: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        directory_search(query)
    plans = []
    with connection.cursor() as cursor:
        for executed in captured.captured_queries:
            cursor.execute("EXPLAIN " + executed["sql"])
            plans += [row[0] for row in cursor.fetchall()]
    return "\n".join(plans)


@pytest.mark.postgres
def test_the_search_uses_the_prefix_trigram_and_number_indexes(directory_of_20000):
    """The plans of the very queries the selector runs."""
    assert "buyer_search_name_prefix" in _plans_of_the_queries_run_by("lefevre")
    assert "buyer_search_name_trgm" in _plans_of_the_queries_run_by("efevre")
    assert "buyer_search_name_joined_trgm" in _plans_of_the_queries_run_by("lefevre 12")
    assert "buyer_vat_number" in _plans_of_the_queries_run_by("GB 123 456 789")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query",
    [
        "xqz",  # matches nothing (issue 14: a sequential scan, 1.5 s at 1M names)
        "qj",  # two letters, no trigram
        "efevre 12",  # a rare infix
        "zqxjkvbwpfmzqxjkvbwpzqxjkvbwp",  # letters that never occur together
        "maschinenbau " * 5,  # sixty characters
        "one two three four five six seven eight nine ten",
        "kg gmbh",  # common words, never in this order
        "AAA90000001",  # almost a network number
        "all companies",  # a group name fragment
        "a b",
    ],
)
def test_no_query_scans_the_directory(directory_of_20000, query):
    assert "Seq Scan on customers_buyerentity" not in _plans_of_the_queries_run_by(query)


@pytest.mark.postgres
def test_a_typo_is_corrected_through_the_word_list_index(directory_of_20000):
    assert "buyer_name_words_trgm" in _plans_of_the_queries_run_by("maschinenbua")
    first = names("maschinenbua", limit=1)[0]
    assert "Maschinenbau" in first


@pytest.mark.postgres
def test_a_short_common_word_is_answered_from_a_sample_of_its_matches(db, django_assert_num_queries):
    for number in range(30):
        make_buyer(f"Kovo {number:02d} Kft")
    with django_assert_num_queries(3):  # groups, the sampling setting, the names: no second try
        found = names("kft")
    assert len(found) == 10 and all(name.endswith("Kft") for name in found)


@pytest.mark.postgres
def test_a_sample_that_may_have_missed_names_is_asked_again_exactly(db, monkeypatch):
    """A sample of one row per trigram finds at most one name: the exact search then finds all."""
    monkeypatch.setattr("customers.selectors.FUZZY_LIMIT", 1)
    for name in ("Alpha Sarl", "Beta Sarl", "Gamma Sarl", "Sarlat Holdings", "Tisarla Ltd"):
        make_buyer(name)
    for number in range(40):  # "sar" and "arl" in many other names, together in none
        make_buyer(f"Sarah {number:02d} Carlton")
    assert sorted(names("sarl")) == ["Alpha Sarl", "Beta Sarl", "Gamma Sarl", "Sarlat Holdings", "Tisarla Ltd"]


@pytest.mark.postgres
def test_no_correction_is_sought_once_half_the_list_matches_as_typed(db, django_assert_num_queries):
    make_buyer("Tungsten Network GmbH")
    name_words_refresh()
    for number in range(6):  # not yet in the word list, which is refreshed hourly: "a typo"
        make_buyer(f"Tungstn Trading {number}")
    with django_assert_num_queries(2):  # groups and names; no word look-up, no second search
        found = names("tungstn")
    assert len(found) == 6 and "Tungsten Network GmbH" not in found
    BuyerEntity.objects.filter(legal_name__startswith="Tungstn Trading 5").delete()
    BuyerEntity.objects.filter(legal_name__startswith="Tungstn Trading 4").delete()
    assert "Tungsten Network GmbH" in names("tungstn")  # four of ten: the correction fills the rest

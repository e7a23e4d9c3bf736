import pytest

from shpalta.search.query import QueryError, parse_query, phrase_in
from shpalta.testing import hostile_strings


def test_each_word_is_an_or_of_its_lemmas_and_synonyms_and_words_are_anded():
    query = parse_query("переговори Лаврова")
    assert query.groups[0] >= {"переговори", "перемовини"}
    assert "лавров" in query.groups[1]
    assert query.fts5().count(" AND ") == 1
    assert query.tsquery().count(" & ") == 1


def test_short_function_words_are_not_required():
    query = parse_query("зв’язок з РФ")
    assert len(query.groups) == 2
    assert {"росія", "рф"} <= query.groups[1]


def test_words_in_quotes_are_a_phrase_and_still_required():
    query = parse_query("«таємних переговорів» NBC")
    assert len(query.phrases) == 1
    assert len(query.groups) == 3
    assert phrase_in(query.phrases[0], "Під час таємних переговорів обговорювалася")
    assert not phrase_in(query.phrases[0], "переговори були таємні")


@pytest.mark.parametrize("text", ["", "   ", "x", "з у в", "!!!", "«»"])
def test_a_query_without_a_real_word_is_refused_with_a_reason(text):
    with pytest.raises(QueryError, match="двох або більше літер"):
        parse_query(text)


def test_a_query_over_200_characters_is_refused():
    with pytest.raises(QueryError, match="200"):
        parse_query("переговори " * 20)


def test_hostile_queries_become_plain_quoted_terms_or_a_reason():
    for text in hostile_strings():
        try:
            query = parse_query(text[:200])
        except QueryError:
            continue
        for group in query.groups:
            assert all(term.isalnum() for term in group), text
        assert query.fts5().count('"') % 2 == 0

"""The links a page makes from its own query string: filters and pages changed, the rest kept as they were."""

from django.test import RequestFactory

from minutebook.web.templatetags.minutebook import query_with


def test_a_link_keeps_the_query_and_changes_only_what_it_names():
    request = RequestFactory().get("/search/", {"q": "care homes & dementia", "type": ["minute", "paper"], "page": 3})
    context = {"request": request}
    assert query_with(context, page=4) == "?q=care+homes+%26+dementia&type=minute&type=paper&page=4"
    assert query_with(context, page="", year=2024) == "?q=care+homes+%26+dementia&type=minute&type=paper&year=2024"
    assert query_with(context, type="resolution") == "?q=care+homes+%26+dementia&type=resolution&page=3"
    assert query_with({"request": RequestFactory().get("/search/", {"page": 2})}, page=None) == "?"
    assert request.GET.getlist("type") == ["minute", "paper"]  # the request's own parameters untouched

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_pagination_links_keep_the_filters_of_the_address():
    request = RequestFactory().get("/bailleur/", {"statut": "published", "page": "2"})
    page = Paginator(range(50), 10).page(2)
    html = render_to_string("includes/_pagination.html", {"page": page, "label": "Pages des offres"}, request=request)
    assert 'aria-label="Pages des offres"' in html
    assert "?statut=published&amp;page=1" in html
    assert "?statut=published&amp;page=3" in html
    assert "Page 2 sur 5" in html


def test_a_single_page_shows_no_pagination():
    page = Paginator(range(5), 10).page(1)
    html = render_to_string("includes/_pagination.html", {"page": page, "label": "Pages"})
    assert "pagination" not in html

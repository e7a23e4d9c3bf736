"""Author pages (/author/<slug>/) and their feeds: public name, photo, bio, their stories."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from shpalta.accounts.models import User
from shpalta.lib.paging import paginate

from . import feeds
from .caching import public_page, set_public_headers
from .models import Article
from .views import LIST_PER_PAGE, _article_keys, _feed_view, require_safe


def public_author(slug: str) -> User:
    """An author with a page; never loads an e-mail or a password hash."""
    authors = User.objects.filter(deleted_at__isnull=True).only(
        "id", "display_name", "slug", "bio", "photo"
    )
    return get_object_or_404(authors, slug=slug)


@require_safe
@public_page(params=("page",))
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = public_author(slug)
    articles = Article.objects.published().filter(authors=author).for_listing()
    page = paginate(request, articles, LIST_PER_PAGE)
    shown = list(page.object_list)
    context = {"page": page, "articles": shown, "author": author}
    response = render(request, "news/author_detail.html", context)
    return set_public_headers(
        response, surrogate_keys=[f"author-{author.pk}", *_article_keys(shown)]
    )


author_rss = _feed_view(feeds.AuthorFeed())
author_atom = _feed_view(feeds.AuthorAtomFeed())

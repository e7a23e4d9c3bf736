"""Pages of lists: the one reading of ``?page=`` and the one rule for a page that is not there.

Every list (reader lists, search, sitemaps, the desk) pages through :func:`paginate` and
shows ``templates/_pager.html``. A page number is 1 to 6 ASCII digits; anything else
(``abc``, ``0``, ``-1``, ``1.5``, ``٣``, a NUL, twenty digits, an empty value) and a page
past the end are the same 404 page, never a 500 and never a quiet jump to another page.
"""

from typing import TYPE_CHECKING, TypeVar

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination

T = TypeVar("T")

#: More digits than any list has pages; the cap also keeps OFFSET and int() small.
MAX_PAGE_DIGITS = 6


def bounded_int(raw: str, *, max_digits: int) -> int | None:
    """``raw`` as a number when it is 1 to ``max_digits`` ASCII digits, otherwise None.

    ``str.isdigit`` alone accepts «²» and Arabic-Indic digits, and ``int`` accepts
    spaces, signs and underscores: none of them is a number in an address."""
    if 0 < len(raw) <= max_digits and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def page_number(request: HttpRequest, *, param: str = "page") -> int:
    """The page number the address asks for: 1 without one, a 404 for anything but 1…999999."""
    raw = request.GET.get(param)
    if raw is None:
        return 1
    number = bounded_int(raw, max_digits=MAX_PAGE_DIGITS)
    if not number:
        raise Http404(_("There is no such page."))
    return number


def paginate(request: HttpRequest, items: "_SupportsPagination[T]", per_page: int) -> Page[T]:
    """The page of ``items`` the request asks for; a page past the end is a 404.

    ``items`` is a QuerySet or any sequence Django's Paginator takes (``count()``, slices).
    Page 1 of an empty list exists (it says the list is empty). Costs the count and the
    page's own query."""
    number = page_number(request)
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    if number > paginator.num_pages:
        raise Http404(_("There is no such page."))
    return paginator.page(number)


def pager_params(request: HttpRequest) -> str:
    """The request's query string without ``page``: what the pager's links keep."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

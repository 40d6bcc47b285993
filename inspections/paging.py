"""Long tables shown a page at a time, with GOV.UK pagination links that keep the page's other
parameters (filters, sort), so paging works without JavaScript."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE = "page"


@dataclass(frozen=True)
class PageLink:
    """A numbered link, or an ellipsis (number None) where pages are left out."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """One page of rows and the links to the others."""

    page: Page
    links: list[PageLink]
    previous_url: str
    next_url: str

    @property
    def rows(self):
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def paginated(self) -> bool:
        return self.page.paginator.num_pages > 1


def paginate(rows, query: QueryDict, *, per_page: int) -> Pagination:
    """The page `?page=` asks for (the first, or the last, where it names none there is), with
    links to the others; `rows` is counted and sliced, never read whole."""
    paginator = Paginator(rows, per_page)
    page = paginator.get_page(query.get(PAGE))
    links = [
        PageLink(None)
        if number == Paginator.ELLIPSIS
        else PageLink(number, page_url(query, number), number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return Pagination(
        page=page,
        links=links,
        previous_url=page_url(query, page.number - 1) if page.has_previous() else "",
        next_url=page_url(query, page.number + 1) if page.has_next() else "",
    )


def page_url(query: QueryDict, number: int) -> str:
    """The address of page `number` with the query's other parameters kept."""
    params = query.copy()
    if number == 1:
        params.pop(PAGE, None)
    else:
        params[PAGE] = str(number)
    return f"?{params.urlencode()}" if params else "?"


def without_page(query: QueryDict) -> QueryDict:
    """The query with no page number: what a sort or a download covers is every page."""
    params = query.copy()
    params.pop(PAGE, None)
    return params

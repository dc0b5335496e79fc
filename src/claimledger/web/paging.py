"""One page of a long list: every list page and every ``/api`` list answers in pages.

``?page=N&per_page=M`` (1-based; ``per_page`` at most ``MAX_PER_PAGE``) so a page costs the
same at 50 articles and at 50,000. The HTML pages show the pager of ``filters.html.j2``; the
API keeps its plain JSON list and says where the rest is in headers (``X-Total-Count``,
``Link: rel="next"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Request, Response

PER_PAGE = 100
API_PER_PAGE = 500
MAX_PER_PAGE = 1000

T = TypeVar("T")


@dataclass(frozen=True)
class PageAsk:
    """Which page the request asks for (``None``: the route's default size)."""

    page: int = 1
    per_page: int | None = None


def page_ask(page: int = 1, per_page: int | None = None) -> PageAsk:
    return PageAsk(max(1, page), None if per_page is None else max(1, min(per_page,
                                                                          MAX_PER_PAGE)))


PageDep = Annotated[PageAsk, Depends(page_ask)]


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """1-based position of the first item shown (0 when there is none)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def paginate(items: Sequence[T], ask: PageAsk, per_page: int = PER_PAGE) -> Page[T]:
    """The asked page of ``items``; a page past the end shows the last one."""
    size = ask.per_page or per_page
    number = min(ask.page, max(1, -(-len(items) // size)))
    start = (number - 1) * size
    return Page(list(items[start:start + size]), number, size, len(items))


def api_page(items: Sequence[T], ask: PageAsk, request: Request,
             response: Response) -> list[T]:
    """The asked page of an API list, with the total and the next/previous links as headers."""
    page = paginate(items, ask, API_PER_PAGE)
    links = [f'<{request.url.include_query_params(page=n, per_page=page.per_page)}>; '
             f'rel="{rel}"' for n, rel in ((page.number + 1, "next"), (page.number - 1, "prev"))
             if 1 <= n <= page.pages]
    response.headers["X-Total-Count"] = str(page.total)
    if links:
        response.headers["Link"] = ", ".join(links)
    return page.items

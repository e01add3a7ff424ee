"""Page numbers for long lists, read from the query string and handed to templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Paging:
    """Which slice of ``total`` items a page shows; ``total`` is ``None`` when unknown."""

    page: int
    size: int
    total: int | None
    base_args: tuple[tuple[str, str], ...] = ()
    param: str = "page"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        if self.total is None:
            return self.page
        return max(1, -(-self.total // self.size))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.total is not None and self.page < self.pages

    @property
    def first_item(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_item(self) -> int:
        return min(self.offset + self.size, self.total or 0)

    def link(self, page: int) -> str:
        """The query string (``?a=b&page=N``) for page ``page``, keeping the other arguments."""
        args = [(k, v) for k, v in self.base_args if k != self.param] + [(self.param, str(page))]
        return "?" + urlencode(args)


def page_number(args: Mapping[str, str], param: str = "page") -> int:
    """The 1-based page asked for; anything unreadable means the first page."""
    try:
        return max(1, int(args.get(param, "1")))
    except ValueError:
        return 1

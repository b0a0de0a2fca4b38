"""One pagination object for every paginated list."""

from dataclasses import dataclass
from math import ceil


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def first_index(self):
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self):
        return self.first_index + len(self.items) - 1 if self.items else 0

    def window(self, around=2):
        """Page numbers to show, with None for the gaps: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages} | set(range(self.page - around, self.page + around + 1))
        result, last = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number - last > 1:
                result.append(None)
            result.append(number)
            last = number
        return result


def clamp_page(page, total, per_page):
    """Keep a requested page inside the range that exists."""
    pages = max(1, ceil(total / per_page))
    return min(max(1, page), pages)

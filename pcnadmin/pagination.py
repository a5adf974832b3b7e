"""Pagination that never counts a large table to the end.

django-tables2 pages with Django's ``Paginator``, which runs ``COUNT(*)`` over the whole filtered
query on every page view: over the national claims table that is the slowest part of the queue.
``BoundedPaginator`` counts at most ``limit`` rows past the requested page (``SELECT COUNT(*)
FROM (... LIMIT n)``), so its cost stays flat however many claims there are; beyond that the page
says "more than N pages" and the Next link keeps working, each later page counting a little
further.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property

COUNT_LIMIT = 1_000
# Far past any real list; a larger page number is a 404 (never a LIMIT beyond PostgreSQL's bigint).
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500


class BoundedPaginator(Paginator):
    limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(1, int(per_page)), MAX_PER_PAGE), *args, **kwargs)

    def page(self, number):
        try:
            wanted = max(1, int(number))
        except (TypeError, ValueError):
            wanted = 1
        if wanted > MAX_PAGE:
            raise Http404(f"There is no page {wanted:,}.")
        self.limit = max(COUNT_LIMIT, (wanted + 1) * self.per_page)
        return super().page(number)

    def _queryset(self):
        # django-tables2 passes its BoundRows; the queryset is rows.data.data.
        data = getattr(self.object_list, "data", None)
        return getattr(data, "data", None)

    @cached_property
    def count(self) -> int:
        qs = self._queryset()
        if qs is None or not hasattr(qs, "order_by"):
            self.exact = True
            return super().count
        found = qs.order_by()[: self.limit + 1].count()
        self.exact = found <= self.limit
        return found

    @property
    def pages_label(self) -> str:
        """ "12" when the count is exact, else "more than 40"."""
        if self.exact:
            return f"{self.num_pages:,}"
        return f"more than {self.limit // self.per_page:,}"

"""The audit search's read: every source's rows, newest first, paged without loading them all."""

from __future__ import annotations

import heapq

from audit.rows import Filters
from audit.sources import SOURCES


class AuditRows:
    """The audit rows of every source, newest first, as a sequence django-tables2 can page:
    ``len`` counts each source; a page reads at most ``stop`` rows of each and merges them."""

    def __init__(self, filters: Filters):
        self.parts = [(s, qs) for s in SOURCES if (qs := s.filtered(filters)) is not None]
        self._len = None

    def __len__(self):
        if self._len is None:
            self._len = sum(qs.count() for _, qs in self.parts)
        return self._len

    def _merged(self, limit: int | None):
        streams = [source.rows(qs, limit) for source, qs in self.parts]
        return heapq.merge(*streams, key=lambda r: r.at, reverse=True)

    def __getitem__(self, index):
        if isinstance(index, slice):
            stop = index.stop if index.stop is not None else None
            rows = list(self._merged(stop))
            return rows[index]
        return list(self._merged(index + 1))[index]

    def __iter__(self):
        return iter(self._merged(None))

"""Hand a model instance related rows that were read in another query, as ``prefetch_related``
would have: ``instance.<name>.all()`` then returns them without asking the database. For pages
that read a row and its children in one joined query."""


def give(instance, name: str, rows) -> None:
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = getattr(instance, "_prefetched_objects_cache", None) or {}
    instance._prefetched_objects_cache = {**cache, name: queryset}

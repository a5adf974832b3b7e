"""The audit search over every app's events and history: it depends on the apps, never the
reverse. Laid out in the usual rooms: ``rows`` (an audit row, the filters, a source), ``sources``
(each kind of row), ``selectors`` (merging them newest first), ``forms``, ``tables``, ``views``."""

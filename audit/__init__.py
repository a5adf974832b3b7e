"""The audit search over every app's events and history: it depends on the apps, never the
reverse."""

"""The demo logins now live with the users and scopes they create, in ``networks.demo_users``;
this name is kept so that existing imports (``workforce.demo``, tests) still work."""

from networks.demo_users import DEMO_PASSWORD, DEMO_USERS, load

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load"]

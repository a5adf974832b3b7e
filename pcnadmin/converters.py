"""URL converters shared by the apps.

ODS codes (and the parts of a one-use link) in URLs are plain ASCII letters and digits. Matching them in the URL pattern means that
anything else (a NUL byte, which PostgreSQL refuses in a query; a slash; any other character) is a
404 from the resolver, before a view or the database sees it."""

from django.urls import register_converter


class OdsCode:
    regex = r"[0-9A-Za-z]{1,12}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(OdsCode, "ods")


class LinkToken:
    """The parts of a one-use link (an invitation's user id in base64 and its token)."""

    regex = r"[0-9A-Za-z_\-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(LinkToken, "token")

from django.conf import settings

# Scripts and styles come only from this site; the NHS.UK frontend needs one inline script
# (its body-class switch), allowed by hash rather than by 'unsafe-inline'.
BODY_CLASS_SCRIPT_HASH = "sha256-tDOvXJi1PXbg0CWjLCCYSNHRXtps26K4JXkE3M6u/c0="


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(
            settings,
            "CONTENT_SECURITY_POLICY",
            "default-src 'self'; "
            f"script-src 'self' '{BODY_CLASS_SCRIPT_HASH}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        return response


class QueryCountHeaderMiddleware:
    """Benchmarks only (BENCHMARK_QUERY_COUNT=true): report each response's SQL query count in an
    ``X-Query-Count`` header, counted with a database execute wrapper (DEBUG stays off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class RejectNulMiddleware:
    """A NUL byte in the address (path or query string) is a 400 before any view runs.

    PostgreSQL refuses NUL in text, so a NUL reaching a query was a 500 wherever a URL segment or
    a query parameter is looked up, the admin site's pages included (issue 12 §5). No address this
    service makes contains one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            from django.core.exceptions import BadRequest

            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)

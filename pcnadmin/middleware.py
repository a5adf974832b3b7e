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

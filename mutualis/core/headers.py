"""Response headers every page gets (issue 17, « access that outlives the person »).

- **Content-Security-Policy**: scripts, styles, images, fonts and connections from this site only —
  no inline script (templates put their scripts in static files), no CDN, no third party; inline
  `style` attributes are allowed (a few computed widths and colours). `frame-ancestors 'none'` as
  `X-Frame-Options` already says.
- **Cache-Control: no-store** on every answer to a signed-in user that does not set its own cache
  policy (pages, exports, PDFs): a shared computer's browser keeps nothing of them.
"""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response

"""The HTTP frame around every request: request context, security headers, CORS, auth, logging."""

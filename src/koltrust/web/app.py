"""Mounts the web pages on the application and renders errors outside /api as HTML."""

from __future__ import annotations

import html

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from koltrust.api.problems import HtmlErrorRenderer
from koltrust.errors import KoltrustError


def install(app: FastAPI) -> HtmlErrorRenderer:
    """Add the web routes to ``app``; return the renderer for errors on web pages."""

    def render_error(request: Request, error: KoltrustError) -> Response:
        body = f"<!doctype html><meta charset='utf-8'><h1>{html.escape(error.title)}</h1>"
        body += f"<p>{html.escape(error.detail)}</p>"
        return HTMLResponse(body, status_code=error.status)

    return render_error

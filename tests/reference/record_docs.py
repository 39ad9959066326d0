#!/usr/bin/env python3
"""Prints FastAPI's docs pages. It runs inside the FastAPI reference, which does not see the
repository: record-all.sh runs it as ``fastapi-reference python -c "$(cat record_docs.py)"``
and writes its output to tests/reference/docs/pages.json: one JSON object
{"swagger_ui": html, "redoc": html, "oauth2_redirect": html} with FastAPI's defaults (title
"FastAPI", /openapi.json, /docs/oauth2-redirect). The runtime's pages are these with the assets
served by the service itself (tests/unit/openapi_test.cpp compares them).
"""
import json
import sys

from fastapi.openapi.docs import (get_redoc_html, get_swagger_ui_html,
                                  get_swagger_ui_oauth2_redirect_html)

pages = {
    "swagger_ui": get_swagger_ui_html(openapi_url="/openapi.json", title="FastAPI - Swagger UI",
                                      oauth2_redirect_url="/docs/oauth2-redirect").body.decode(),
    "redoc": get_redoc_html(openapi_url="/openapi.json", title="FastAPI - ReDoc").body.decode(),
    "oauth2_redirect": get_swagger_ui_oauth2_redirect_html().body.decode(),
}
json.dump(pages, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")

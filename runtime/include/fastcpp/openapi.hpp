// fastcpp/openapi.hpp: the service's OpenAPI document at `/openapi.json`, Swagger UI at `/docs`
// (and `/docs/oauth2-redirect`) and ReDoc at `/redoc`, as FastAPI serves them. fastcpp-gen
// computes the document at build time; the pages' scripts and styles are embedded in
// libfastcpp (from npm's swagger-ui-dist 5 and redoc 2), so the pages need no network.
#pragma once

#include <string>
#include <string_view>

#include "fastcpp/app.hpp"

namespace fastcpp {

/// FastAPI's `openapi_url`, `docs_url`, `redoc_url` and `swagger_ui_oauth2_redirect_url`. An
/// empty URL turns that route off; no document, no pages.
struct OpenApiRoutes {
  /// The document as JSON text (any layout: it is served as FastAPI renders it, compact).
  std::string_view document;
  std::string title = "FastAPI";  ///< the pages' `<title>`: "<title> - Swagger UI", "- ReDoc"
  std::string openapi_url = "/openapi.json";
  std::string docs_url = "/docs";
  std::string redoc_url = "/redoc";
  /// Empty: `docs_url + "/oauth2-redirect"`, FastAPI's default.
  std::string oauth2_redirect_url;
};

/// Puts the document's and the pages' routes (GET and HEAD, as Starlette's plain routes) first
/// in `service.routes`: FastAPI adds them when the app is made, before any route of the user's.
/// Each page's assets are served beside it:
/// `<docs_url>/swagger-ui-bundle.js`, `<docs_url>/swagger-ui.css`, `<docs_url>/favicon.png`,
/// `<redoc_url>/redoc.standalone.js`. Throws std::invalid_argument when `document` is not JSON.
void add_openapi_routes(Service& service, const OpenApiRoutes& routes);

/// The pages' HTML, FastAPI's `get_swagger_ui_html`, `get_redoc_html` and
/// `get_swagger_ui_oauth2_redirect_html` with the assets' URLs above.
std::string swagger_ui_html(const OpenApiRoutes& routes);
std::string redoc_html(const OpenApiRoutes& routes);
std::string swagger_ui_oauth2_redirect_html();

}  // namespace fastcpp

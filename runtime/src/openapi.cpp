#include "fastcpp/openapi.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "docs_assets.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp {
namespace {

// Starlette's methods for a plain route (FastAPI adds these with `add_route`): GET and HEAD.
std::vector<std::string> get_and_head() { return {"GET", "HEAD"}; }

std::string oauth2_redirect_url(const OpenApiRoutes& routes) {
  return routes.oauth2_redirect_url.empty() ? routes.docs_url + "/oauth2-redirect"
                                            : routes.oauth2_redirect_url;
}

// An embedded asset, sent as it is; the pages change only with libfastcpp, so browsers may keep
// them for a day.
Route asset_route(std::string path, std::string_view content, std::string_view media_type) {
  return {std::move(path), get_and_head(), [content, media_type](const Request&) {
            Response response(std::string(content), 200,
                              {{"cache-control", "public, max-age=86400"}}, media_type);
            return response;
          }};
}

}  // namespace

// FastAPI's pages (fastapi/openapi/docs.py) byte for byte, but for the assets' URLs (the
// service's own, not a CDN's) and without the Google Fonts stylesheet of ReDoc's page (a
// service on a network without the internet would wait for it): tests/unit/openapi_test.cpp
// holds them to tests/reference/docs/pages.json.
std::string swagger_ui_html(const OpenApiRoutes& routes) {
  const std::string& docs = routes.docs_url;
  return std::string(R"html(
    <!DOCTYPE html>
    <html>
    <head>
    <link type="text/css" rel="stylesheet" href=")html") +
         docs + "/swagger-ui.css" +
         R"html(">
    <link rel="shortcut icon" href=")html" +
         docs + "/favicon.png" +
         R"html(">
    <title>)html" +
         routes.title + " - Swagger UI" +
         R"html(</title>
    </head>
    <body>
    <div id="swagger-ui">
    </div>
    <script src=")html" +
         docs + "/swagger-ui-bundle.js" +
         R"html("></script>
    <!-- `SwaggerUIBundle` is now available on the page -->
    <script>
    const ui = SwaggerUIBundle({
        )html" +
         "url: '" + routes.openapi_url + "'" +
         R"html(,
    "dom_id": "#swagger-ui",
"layout": "BaseLayout",
"deepLinking": true,
"showExtensions": true,
"showCommonExtensions": true,
)html" + "oauth2RedirectUrl: window.location.origin + '" +
         oauth2_redirect_url(routes) + "'," +
         R"html(
    presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
        ],
    })
    </script>
    </body>
    </html>
    )html";
}

std::string redoc_html(const OpenApiRoutes& routes) {
  const std::string& redoc = routes.redoc_url;
  return std::string(R"html(
    <!DOCTYPE html>
    <html>
    <head>
    <title>)html") +
         routes.title + " - ReDoc" +
         R"html(</title>
    <!-- needed for adaptive design -->
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    
    
    <link rel="shortcut icon" href=")html" +
         redoc + "/favicon.png" +
         R"html(">
    <!--
    ReDoc doesn't change outer page styles
    -->
    <style>
      body {
        margin: 0;
        padding: 0;
      }
    </style>
    </head>
    <body>
    <noscript>
        ReDoc requires Javascript to function. Please enable it to browse the documentation.
    </noscript>
    <redoc )html" +
         "spec-url=\"" + routes.openapi_url + "\"" +
         R"html(></redoc>
    <script src=")html" +
         redoc + "/redoc.standalone.js" +
         R"html("> </script>
    </body>
    </html>
    )html";
}

std::string swagger_ui_oauth2_redirect_html() {
  return R"html(
    <!doctype html>
    <html lang="en-US">
    <head>
        <title>Swagger UI: OAuth2 Redirect</title>
    </head>
    <body>
    <script>
        'use strict';
        function run () {
            var oauth2 = window.opener.swaggerUIRedirectOauth2;
            var sentState = oauth2.state;
            var redirectUrl = oauth2.redirectUrl;
            var isValid, qp, arr;

            if (/code|token|error/.test(window.location.hash)) {
                qp = window.location.hash.substring(1).replace('?', '&');
            } else {
                qp = location.search.substring(1);
            }

            arr = qp.split("&");
            arr.forEach(function (v,i,_arr) { _arr[i] = '"' + v.replace('=', '":"') + '"';});
            qp = qp ? JSON.parse('{' + arr.join() + '}',
                    function (key, value) {
                        return key === "" ? value : decodeURIComponent(value);
                    }
            ) : {};

            isValid = qp.state === sentState;

            if ((
              oauth2.auth.schema.get("flow") === "accessCode" ||
              oauth2.auth.schema.get("flow") === "authorizationCode" ||
              oauth2.auth.schema.get("flow") === "authorization_code"
            ) && !oauth2.auth.code) {
                if (!isValid) {
                    oauth2.errCb({
                        authId: oauth2.auth.name,
                        source: "auth",
                        level: "warning",
                        message: "Authorization may be unsafe, passed state was changed in server. The passed state wasn't returned from auth server."
                    });
                }

                if (qp.code) {
                    delete oauth2.state;
                    oauth2.auth.code = qp.code;
                    oauth2.callback({auth: oauth2.auth, redirectUrl: redirectUrl});
                } else {
                    let oauthErrorMsg;
                    if (qp.error) {
                        oauthErrorMsg = "["+qp.error+"]: " +
                            (qp.error_description ? qp.error_description+ ". " : "no accessCode received from the server. ") +
                            (qp.error_uri ? "More info: "+qp.error_uri : "");
                    }

                    oauth2.errCb({
                        authId: oauth2.auth.name,
                        source: "auth",
                        level: "error",
                        message: oauthErrorMsg || "[Authorization failed]: no accessCode received from the server."
                    });
                }
            } else {
                oauth2.callback({auth: oauth2.auth, token: qp, isValid: isValid, redirectUrl: redirectUrl});
            }
            window.close();
        }

        if (document.readyState !== 'loading') {
            run();
        } else {
            document.addEventListener('DOMContentLoaded', function () {
                run();
            });
        }
    </script>
    </body>
    </html>
        )html";
}

void add_openapi_routes(Service& service, const OpenApiRoutes& routes) {
  if (routes.openapi_url.empty()) return;
  json document = json::parse(routes.document, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) throw std::invalid_argument("the OpenAPI document is not JSON");
  // Rendered once, as FastAPI's JSONResponse renders app.openapi().
  auto body = std::make_shared<const std::string>(json_dumps(document));

  std::vector<Route> added;
  added.push_back({routes.openapi_url, get_and_head(), [body](const Request&) {
                     return Response(*body, 200, {}, "application/json");
                   }});
  if (!routes.docs_url.empty()) {
    auto page = std::make_shared<const std::string>(swagger_ui_html(routes));
    added.push_back({routes.docs_url, get_and_head(),
                     [page](const Request&) { return Response(*page, 200, {}, "text/html"); }});
    auto redirect = std::make_shared<const std::string>(swagger_ui_oauth2_redirect_html());
    added.push_back({oauth2_redirect_url(routes), get_and_head(), [redirect](const Request&) {
                       return Response(*redirect, 200, {}, "text/html");
                     }});
    added.push_back(asset_route(routes.docs_url + "/swagger-ui-bundle.js",
                                detail::docs_asset(detail::DocsAsset::kSwaggerUiBundle),
                                "text/javascript"));
    added.push_back(asset_route(routes.docs_url + "/swagger-ui.css",
                                detail::docs_asset(detail::DocsAsset::kSwaggerUiCss), "text/css"));
    added.push_back(asset_route(routes.docs_url + "/favicon.png",
                                detail::docs_asset(detail::DocsAsset::kFavicon), "image/png"));
  }
  if (!routes.redoc_url.empty()) {
    auto page = std::make_shared<const std::string>(redoc_html(routes));
    added.push_back({routes.redoc_url, get_and_head(),
                     [page](const Request&) { return Response(*page, 200, {}, "text/html"); }});
    added.push_back(asset_route(routes.redoc_url + "/redoc.standalone.js",
                                detail::docs_asset(detail::DocsAsset::kRedocStandalone),
                                "text/javascript"));
    added.push_back(asset_route(routes.redoc_url + "/favicon.png",
                                detail::docs_asset(detail::DocsAsset::kFavicon), "image/png"));
  }
  service.routes.insert(service.routes.begin(), added.begin(), added.end());
}

}  // namespace fastcpp

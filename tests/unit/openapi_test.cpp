// The document's and the docs pages' routes: FastAPI's pages with the service's own assets,
// the document rendered as FastAPI renders it, routes first, URLs changed and turned off.
#include "fastcpp/openapi.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "dispatcher.hpp"
#include "fastcpp/json_value.hpp"

namespace fastcpp {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// FastAPI's pages, recorded by tests/reference/record-all.sh.
const json& fastapi_pages() {
  static const json pages =
      json::parse(read_file(FASTCPP_SOURCE_DIR "/tests/reference/docs/pages.json"));
  return pages;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// FastAPI's page with the CDN's URLs replaced by the service's own.
std::string fastapi_page(const char* name) {
  auto page = fastapi_pages()[name].get<std::string>();
  replace_all(page, "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/", "/docs/");
  replace_all(page, "https://cdn.jsdelivr.net/npm/redoc@next/bundles/", "/redoc/");
  replace_all(page, "https://fastapi.tiangolo.com/img/favicon.png",
              std::string(name) == "redoc" ? "/redoc/favicon.png" : "/docs/favicon.png");
  replace_all(page,
              "    <link href=\"https://fonts.googleapis.com/css?family=Montserrat:300,400,700|"
              "Roboto:300,400,700\" rel=\"stylesheet\">\n",
              "");
  return page;
}

constexpr std::string_view kDocument = R"({
  "openapi": "3.1.0",
  "info": {"title": "Items", "version": "1.5"},
  "paths": {"/items/{id}": {"get": {"summary": "Read \u00e9", "x-float": 1.0}}}
})";

OpenApiRoutes with_document() {
  OpenApiRoutes routes;
  routes.document = kDocument;
  return routes;
}

Service service_with_docs(const OpenApiRoutes& routes) {
  Service service;
  service.routes.push_back({"/items/{id}", {"GET"}, [](const Request&) {
                              return JSONResponse(json{{"item", 1}});
                            }});
  service.routes.push_back(
      {"/docs", {"GET"}, [](const Request&) { return PlainTextResponse("the user's /docs"); }});
  add_openapi_routes(service, routes);
  return service;
}

Response get(const Service& service, const std::string& target, const char* method = "GET") {
  detail::Dispatcher dispatcher(service);
  Request request(method, target, {{"Host", "testserver"}});
  return dispatcher.handle(request);
}

std::string content_type(const Response& response) {
  const auto* value = response.header("content-type");
  return value ? *value : "<absent>";
}

TEST(OpenApiPagesTest, SwaggerUiIsFastApisPageWithTheServicesAssets) {
  EXPECT_EQ(swagger_ui_html({}), fastapi_page("swagger_ui"));
}

TEST(OpenApiPagesTest, RedocIsFastApisPageWithTheServicesAssetsAndNoWebFonts) {
  EXPECT_EQ(redoc_html({}), fastapi_page("redoc"));
}

TEST(OpenApiPagesTest, TheOAuth2RedirectIsFastApis) {
  EXPECT_EQ(swagger_ui_oauth2_redirect_html(), fastapi_pages()["oauth2_redirect"]);
}

TEST(OpenApiPagesTest, TheTitleAndUrlsAreTheServices) {
  OpenApiRoutes routes;
  routes.title = "Items";
  routes.openapi_url = "/api/schema.json";
  routes.docs_url = "/help";
  auto page = swagger_ui_html(routes);
  EXPECT_NE(page.find("<title>Items - Swagger UI</title>"), std::string::npos);
  EXPECT_NE(page.find("url: '/api/schema.json'"), std::string::npos);
  EXPECT_NE(page.find("<script src=\"/help/swagger-ui-bundle.js\">"), std::string::npos);
  EXPECT_NE(page.find("window.location.origin + '/help/oauth2-redirect'"), std::string::npos);
  EXPECT_NE(redoc_html(routes).find("<redoc spec-url=\"/api/schema.json\"></redoc>"),
            std::string::npos);
}

TEST(OpenApiRoutesTest, TheDocumentIsServedAsFastApiRendersIt) {
  auto service = service_with_docs(with_document());
  auto response = get(service, "/openapi.json");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(content_type(response), "application/json");
  // Compact, non-ASCII as is, floats as Python writes them.
  EXPECT_EQ(response.body,
            "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Items\",\"version\":\"1.5\"},"
            "\"paths\":{\"/items/{id}\":{\"get\":{\"summary\":\"Read \xc3\xa9\","
            "\"x-float\":1.0}}}}");
}

TEST(OpenApiRoutesTest, ThePagesAndTheirAssetsAreServed) {
  auto service = service_with_docs(with_document());
  auto docs = get(service, "/docs");
  EXPECT_EQ(docs.status_code, 200);
  EXPECT_EQ(content_type(docs), "text/html; charset=utf-8");
  EXPECT_EQ(docs.body, swagger_ui_html({}));
  auto redirect = get(service, "/docs/oauth2-redirect");
  EXPECT_EQ(redirect.body, swagger_ui_oauth2_redirect_html());
  EXPECT_EQ(get(service, "/redoc").body, redoc_html({}));

  auto bundle = get(service, "/docs/swagger-ui-bundle.js");
  EXPECT_EQ(bundle.status_code, 200);
  EXPECT_EQ(content_type(bundle), "text/javascript; charset=utf-8");
  EXPECT_EQ(bundle.body, read_file(FASTCPP_SWAGGER_UI_DIR "/swagger-ui-bundle.js"));
  EXPECT_EQ(get(service, "/docs/swagger-ui.css").body,
            read_file(FASTCPP_SWAGGER_UI_DIR "/swagger-ui.css"));
  EXPECT_EQ(get(service, "/docs/favicon.png").body,
            read_file(FASTCPP_SWAGGER_UI_DIR "/favicon-32x32.png"));
  EXPECT_EQ(get(service, "/redoc/redoc.standalone.js").body,
            read_file(FASTCPP_REDOC_DIR "/bundles/redoc.standalone.js"));
}

TEST(OpenApiRoutesTest, TheyComeBeforeTheServicesOwnRoutesAsInFastApi) {
  auto service = service_with_docs(with_document());
  EXPECT_EQ(get(service, "/docs").body, swagger_ui_html({}));
  EXPECT_EQ(get(service, "/items/3").body, R"({"item":1})");
}

TEST(OpenApiRoutesTest, OnlyGetAndHeadAreAllowed) {
  auto service = service_with_docs(with_document());
  EXPECT_EQ(get(service, "/openapi.json", "POST").status_code, 405);
  EXPECT_EQ(get(service, "/openapi.json", "HEAD").status_code, 200);
}

TEST(OpenApiRoutesTest, AnEmptyUrlTurnsItsRouteOff) {
  auto routes = with_document();
  routes.redoc_url = "";
  auto service = service_with_docs(routes);
  EXPECT_EQ(get(service, "/redoc").status_code, 404);
  EXPECT_EQ(get(service, "/openapi.json").status_code, 200);

  routes.docs_url = "";
  service = service_with_docs(routes);
  EXPECT_EQ(get(service, "/docs").body, "the user's /docs");
  EXPECT_EQ(get(service, "/docs/oauth2-redirect").status_code, 404);

  routes.openapi_url = "";
  routes.docs_url = "/docs";
  service = service_with_docs(routes);
  EXPECT_EQ(get(service, "/openapi.json").status_code, 404);
  EXPECT_EQ(get(service, "/docs").body, "the user's /docs");  // no document, no pages
}

TEST(OpenApiRoutesTest, ADocumentThatIsNotJsonIsRefused) {
  Service service;
  OpenApiRoutes routes;
  routes.document = "{not json";
  EXPECT_THROW(add_openapi_routes(service, routes), std::invalid_argument);
}

}  // namespace
}  // namespace fastcpp

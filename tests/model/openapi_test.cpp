// The OpenAPI document of hand-built models: FastAPI's names, the two key orders its dump has,
// defaults from C++ text, and the raised errors' rules. The samples' whole documents are
// compared with FastAPI's own in tests/golden.
#include "model/openapi.hpp"

#include <gtest/gtest.h>

#include <string>

#include "builders.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

using json = nlohmann::ordered_json;

Model model_of(std::vector<Route> routes) {
  Model model;
  model.routes = std::move(routes);
  classify_params(model);
  return model;
}

json operation(const Model& model, const std::string& path, const std::string& method = "get") {
  return build_openapi(model).document["paths"][path][method];
}

std::vector<std::string> keys(const json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

TEST(OpenApiNamesTest, PythonTitle) {
  EXPECT_EQ(python_title("read_item"), "Read_Item");
  EXPECT_EQ(python_title("user-agent"), "User-Agent");
  EXPECT_EQ(python_title("x2y ABC"), "X2Y Abc");
}

TEST(OpenApiNamesTest, OperationIdAndSummaryAreFastApis) {
  auto r = route("/files/{file_path:path}", {});
  r.function = "api::read_file";
  EXPECT_EQ(operation_id(r, "GET"), "read_file_files__file_path__get");
  EXPECT_EQ(operation_summary(r), "Read File");
  r.summary = "Given";
  EXPECT_EQ(operation_summary(r), "Given");
  auto dashed = route("/items-header/{item_id}", {});
  dashed.function = "read_item_header";
  EXPECT_EQ(operation_id(dashed, "DELETE"), "read_item_header_items_header__item_id__delete");
}

TEST(OpenApiDocumentTest, WithoutRoutesItIsTheEmptyDocument) {
  EXPECT_EQ(openapi_text(build_openapi(Model{}).document),
            R"({"openapi":"3.1.0","info":{"title":"FastAPI","version":"0.1.0"},"paths":{}})");
}

TEST(OpenApiDocumentTest, InfoHasTheServicesTitleDescriptionAndVersion) {
  Model model;
  model.openapi.title = "Items";
  model.openapi.version = "2.0";
  model.openapi.description = "All the items";
  EXPECT_EQ(build_openapi(model).document["info"].dump(),
            R"({"title":"Items","description":"All the items","version":"2.0"})");
}

// A security object used as a dependency (Depends<&oauth2>): FastAPI's `security` on the
// operation, after `responses` in a path item without parameters and before `parameters` in one
// with, and its scheme in components.securitySchemes, after the schemas
// (tests/reference/openapi/security_utilities.json).
Dependency security_object(std::string name, std::string kind, std::string argument) {
  Dependency out;
  out.function = std::move(name);
  out.params = {param("request", request_type())};
  out.security = SecurityScheme{std::move(kind), std::move(argument)};
  return out;
}

Param depends_on(std::string name, std::string function) {
  auto out = param(std::move(name), {}, ParamWrapper::kDepends);
  out.type.spelling = "fastcpp::Depends";
  out.dependency = std::move(function);
  return out;
}

TEST(OpenApiDocumentTest, SecurityObjectsAreTheOperationsSecurityAndTheirSchemes) {
  Model model;
  model.dependencies.push_back(security_object("oauth2", "OAuth2PasswordBearer", "token"));
  model.dependencies.push_back(security_object("key", "APIKeyCookie", "session"));
  model.dependencies.push_back(security_object("basic", "HTTPBasic", ""));
  model.routes.push_back(route("/a", {depends_on("token", "oauth2"), depends_on("k", "key")}));
  model.routes.push_back(route("/b/{n}", {param("n", int_type()), depends_on("c", "basic")}));
  classify_params(model);
  auto document = build_openapi(model).document;
  EXPECT_EQ(keys(document["paths"]["/a"]["get"]),
            (std::vector<std::string>{"summary", "operationId", "responses", "security"}));
  EXPECT_EQ(document["paths"]["/a"]["get"]["security"].dump(),
            R"([{"OAuth2PasswordBearer":[]},{"APIKeyCookie":[]}])");
  EXPECT_EQ(
      keys(document["paths"]["/b/{n}"]["get"]),
      (std::vector<std::string>{"summary", "operationId", "security", "parameters", "responses"}));
  EXPECT_EQ(keys(document["components"]), (std::vector<std::string>{"schemas", "securitySchemes"}));
  EXPECT_EQ(document["components"]["securitySchemes"].dump(),
            R"({"OAuth2PasswordBearer":{"type":"oauth2","flows":{"password":{"scopes":{},)"
            R"("tokenUrl":"token"}}},"APIKeyCookie":{"type":"apiKey","in":"cookie",)"
            R"("name":"session"},"HTTPBasic":{"type":"http","scheme":"basic"}})");
}

// FastAPI's dump keeps the build order in a path item whose operations have parameters, and its
// models' field order in the others.
TEST(OpenApiDocumentTest, KeyOrderFollowsWhetherThePathItemHasParameters) {
  auto with_params = route("/a/{n}", {param("n", int_type())});
  with_params.result = vector_of(int_type());
  with_params.function = "a";
  auto without = route("/b", {});
  without.result = vector_of(int_type());
  without.function = "b";
  without.deprecated = true;
  auto model = model_of({with_params, without});
  auto a = operation(model, "/a/{n}");
  auto b = operation(model, "/b");
  EXPECT_EQ(keys(a["responses"]["200"]["content"]["application/json"]["schema"]),
            (Strings{"type", "items", "title"}));
  EXPECT_EQ(keys(b["responses"]["200"]["content"]["application/json"]["schema"]),
            (Strings{"items", "type", "title"}));
  EXPECT_EQ(keys(b), (Strings{"summary", "operationId", "responses", "deprecated"}));
}

TEST(OpenApiDocumentTest, ParametersTakeDefaultsFromTheirCppText) {
  auto r = route("/q", {param("limit", int_type(), ParamWrapper::kNone, "10"),
                        param("ratio", double_type(), ParamWrapper::kNone, "2.5f"),
                        param("name", string_type(), ParamWrapper::kNone, "\"a\\\"b\""),
                        param("ids", vector_of(int_type()), ParamWrapper::kQuery, "{1, 2}"),
                        param("q", optional_of(string_type()), ParamWrapper::kNone, "std::nullopt"),
                        param("flag", bool_type(), ParamWrapper::kNone, "false"),
                        param("opaque", int_type(), ParamWrapper::kNone, "compute()")});
  auto parameters = operation(model_of({r}), "/q")["parameters"];
  EXPECT_EQ(parameters[0]["schema"].dump(), R"({"type":"integer","default":10,"title":"Limit"})");
  EXPECT_EQ(parameters[1]["schema"]["default"], 2.5);
  EXPECT_EQ(parameters[2]["schema"]["default"], "a\"b");
  EXPECT_EQ(parameters[3]["schema"].dump(),
            R"({"type":"array","items":{"type":"integer"},"default":[1,2],"title":"Ids"})");
  EXPECT_EQ(parameters[4]["schema"].dump(),
            R"({"anyOf":[{"type":"string"},{"type":"null"}],"title":"Q"})");
  EXPECT_EQ(parameters[5]["schema"]["default"], false);
  EXPECT_FALSE(parameters[6]["schema"].contains("default"));  // not a literal: none shown
}

TEST(OpenApiDocumentTest, SeveralBodyParametersAreFastApisBodySchema) {
  auto r = route("/o/{id}",
                 {param("id", int_type()), param("order", struct_type("::Order")),
                  param("note", string_type(), ParamWrapper::kBody)},
                 {"PUT"});
  r.function = "update";
  Model model = model_of({r});
  model.structs.push_back({"::Order", {{"customer", string_type(), false, {}}}, at(1)});
  auto document = build_openapi(model).document;
  auto body = document["paths"]["/o/{id}"]["put"]["requestBody"];
  EXPECT_EQ(body.dump(), R"({"required":true,"content":{"application/json":{"schema":)"
                         R"({"$ref":"#/components/schemas/Body_update_o__id__put"}}}})");
  EXPECT_EQ(document["components"]["schemas"]["Body_update_o__id__put"].dump(),
            R"({"properties":{"order":{"$ref":"#/components/schemas/Order"},)"
            R"("note":{"type":"string","title":"Note"}},"type":"object",)"
            R"("required":["order","note"],"title":"Body_update_o__id__put"})");
}

TEST(OpenApiDocumentTest, TheValidationErrorIsOnlyOnRoutesWithParameters) {
  auto model = model_of({route("/a", {}), route("/b/{x}", {param("x", int_type())})});
  model.routes[1].function = "b";
  auto document = build_openapi(model).document;
  EXPECT_EQ(keys(document["paths"]["/a"]["get"]["responses"]), (Strings{"200"}));
  EXPECT_EQ(keys(document["paths"]["/b/{x}"]["get"]["responses"]), (Strings{"200", "422"}));
  EXPECT_EQ(keys(document["components"]["schemas"]),
            (Strings{"HTTPValidationError", "ValidationError"}));
}

TEST(OpenApiDocumentTest, A204RouteHasNoContent) {
  auto r = route("/d", {}, {"DELETE"});
  r.status_code = 204;
  r.result = void_type();
  EXPECT_EQ(operation(model_of({r}), "/d", "delete")["responses"].dump(),
            R"({"204":{"description":"Successful Response"}})");
}

RaisedError http_exception(int status, std::optional<std::string> detail = std::nullopt) {
  RaisedError raised;
  raised.status_code = status;
  raised.detail = std::move(detail);
  raised.location = at(20, 5);
  return raised;
}

TEST(OpenApiRaisedErrorsTest, AnHttpExceptionIsDocumentedWithItsPhraseAndDetail) {
  auto r = route("/i", {});
  auto with_header = http_exception(404, "Item not found");
  with_header.headers = {{"X-Error", "There goes my error"}};
  r.raised = {with_header, http_exception(403)};
  auto responses = operation(model_of({r}), "/i")["responses"];
  EXPECT_EQ(keys(responses), (Strings{"200", "403", "404"}));
  EXPECT_EQ(responses["404"].dump(),
            R"({"description":"Not Found","headers":{"X-Error":{"schema":{"type":"string"},)"
            R"("example":"There goes my error"}},"content":{"application/json":{"schema":)"
            R"({"$ref":"#/components/schemas/HTTPException"},)"
            R"("example":{"detail":"Item not found"}}}})");
  EXPECT_EQ(responses["403"]["content"]["application/json"]["example"].dump(),
            R"({"detail":"Forbidden"})");
}

TEST(OpenApiRaisedErrorsTest, TurnedOffTheDocumentIsFastApis) {
  auto r = route("/i", {});
  r.raised = {http_exception(404, "Item not found")};
  auto model = model_of({r});
  model.openapi.raised_errors = false;
  EXPECT_EQ(keys(operation(model, "/i")["responses"]), (Strings{"200"}));
}

TEST(OpenApiRaisedErrorsTest, AStatusThatIsNotAConstantIsANoteAtTheThrow) {
  auto r = route("/i", {});
  r.raised = {http_exception(0)};
  auto result = build_openapi(model_of({r}));
  EXPECT_EQ(keys(result.document["paths"]["/i"]["get"]["responses"]), (Strings{"200"}));
  ASSERT_EQ(result.notes.size(), 1U);
  EXPECT_EQ(render(result.notes[0]),
            "main.cpp:20:5: the OpenAPI document cannot list this HTTPException: its status code "
            "is not a constant []");
}

TEST(OpenApiRaisedErrorsTest, AClassIsDocumentedAsTheHandlerDispatchPicksAnswers) {
  auto r = route("/i", {});
  RaisedError thrown;
  thrown.kind = RaisedError::Kind::kClass;
  thrown.exception = "::NotFound";
  thrown.bases = {"::AppError", "std::runtime_error", "std::exception"};
  r.raised = {thrown};
  auto model = model_of({r});
  auto base = class_handler("app_error", "::AppError");
  base.response.status_code = 400;
  base.response.media_type = "text/plain";
  auto fallback = class_handler("unexpected", "std::exception");
  fallback.response.status_code = 500;
  model.handlers = {fallback, base};
  model.classes = {{"::AppError", {"std::runtime_error"}},
                   {"std::runtime_error", {"std::exception"}},
                   {"std::exception", {}}};
  EXPECT_EQ(
      operation(model, "/i")["responses"]["400"].dump(),
      R"({"description":"Bad Request","content":{"text/plain":{"schema":{"type":"string"}}}})");
  EXPECT_EQ(keys(operation(model, "/i")["responses"]), (Strings{"200", "400"}));
}

TEST(OpenApiRaisedErrorsTest, AnOverriddenValidationHandlerChangesTheValidationStatus) {
  auto r = route("/i/{n}", {param("n", int_type())});
  auto model = model_of({r});
  auto handler = class_handler("validation", "fastcpp::RequestValidationError");
  handler.response.status_code = 400;
  handler.response.media_type = "text/plain";
  model.handlers = {handler};
  model.classes = {{"fastcpp::RequestValidationError", {}}};
  auto responses = operation(model, "/i/{n}")["responses"];
  EXPECT_EQ(keys(responses), (Strings{"200", "400"}));
  EXPECT_EQ(responses["400"]["description"], "Validation Error");
}

}  // namespace
}  // namespace fastcpp::gen

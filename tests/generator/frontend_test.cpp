// The frontend on snippets: what read_service puts into the model for each kind of
// declaration. Each test parses once (the runtime headers make a parse take a while).
#include "frontend/frontend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/dump_model.hpp"
#include "snippet_dir.hpp"

namespace fastcpp::gen {
namespace {

using Kind = TypeRef::Kind;
using testing::SnippetDir;

class FrontendTest : public ::testing::Test {
 protected:
  // Parses the given files (already written to dir_) as one service.
  std::optional<FrontendResult> read(const std::vector<std::string>& sources,
                                     std::vector<std::string> flags = {}) {
    flags.insert(flags.begin(), {"-std=c++17", testing::runtime_include_flag()});
    return read_service({sources, flags, FASTCPP_TEST_PCH});
  }

  // Parses `code` as the service's only source; an empty model (and a failure) if it fails.
  Model read_model(const std::string& code) {
    auto result = read({dir_.write("service.cpp", code)});
    if (!result) {
      ADD_FAILURE() << "read_service failed";
      return {};
    }
    return result->model;
  }

  SnippetDir dir_;
};

const Route* find_route(const Model& model, std::string_view function) {
  auto it = std::find_if(model.routes.begin(), model.routes.end(),
                         [&](const Route& route) { return route.function == function; });
  return it == model.routes.end() ? nullptr : &*it;
}

std::vector<std::string> functions(const Model& model) {
  std::vector<std::string> names;
  for (const auto& route : model.routes) names.push_back(route.function);
  return names;
}

TEST_F(FrontendTest, RoutesHavePathMethodsStatusAndLocation) {
  auto model = read_model(R"src(#include <fastcpp/fastcpp.hpp>

FASTCPP_GET("/items/{item_id}")
fastcpp::json read_item(std::string item_id) { return item_id; }

FASTCPP_POST("/items/")
FASTCPP_STATUS_CODE(201)
fastcpp::json create_item() { return {}; }

FASTCPP_ROUTE("/things", "GET", "POST")
void things() {}

FASTCPP_STATUS_CODE(fastcpp::status::HTTP_202_ACCEPTED)
FASTCPP_PUT("/later")
void later() {}

FASTCPP_WEBSOCKET("/ws/{room}")
void chat(fastcpp::WebSocket& websocket, std::string room) {}

constexpr char kHealth[] = "/health";
FASTCPP_GET(kHealth)
FASTCPP_HEAD(kHealth)
void health() {}
)src");
  EXPECT_EQ(functions(model), (std::vector<std::string>{"read_item", "create_item", "things",
                                                        "later", "chat", "health", "health"}));
  ASSERT_EQ(model.routes.size(), 7u);

  const auto& read_item = model.routes[0];
  EXPECT_EQ(read_item.path, "/items/{item_id}");
  EXPECT_EQ(read_item.methods, std::vector<std::string>{"GET"});
  EXPECT_FALSE(read_item.websocket);
  EXPECT_EQ(read_item.status_code, 0);
  EXPECT_EQ(read_item.location.file, dir_.path("service.cpp"));
  EXPECT_EQ(read_item.location.line, 3u);
  EXPECT_EQ(read_item.location.column, 1u);

  EXPECT_EQ(model.routes[1].methods, std::vector<std::string>{"POST"});
  EXPECT_EQ(model.routes[1].status_code, 201);
  EXPECT_EQ(model.routes[2].methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(model.routes[3].status_code, 202);

  const auto& chat = model.routes[4];
  EXPECT_TRUE(chat.websocket);
  EXPECT_TRUE(chat.methods.empty());
  EXPECT_EQ(chat.path, "/ws/{room}");
  EXPECT_EQ(chat.result.kind, Kind::kVoid);
  ASSERT_EQ(chat.params.size(), 2u);
  EXPECT_EQ(chat.params[0].type.spelling, "fastcpp::WebSocket");
  EXPECT_EQ(chat.params[0].wrapper, ParamWrapper::kNone);

  EXPECT_EQ(model.routes[5].path, "/health");
  EXPECT_EQ(model.routes[5].methods, std::vector<std::string>{"GET"});
  EXPECT_EQ(model.routes[6].methods, std::vector<std::string>{"HEAD"});
  EXPECT_EQ(model.routes[6].location.line, 22u);
}

TEST_F(FrontendTest, ParamsHaveNamesWrappersTypesAndDefaults) {
  auto model = read_model(R"src(#include <fastcpp/fastcpp.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

using Ids = std::vector<std::int64_t>;

FASTCPP_GET("/plain/{id}")
fastcpp::json plain(long id, std::int64_t big, unsigned short small, float ratio,
                    double precise, bool flag, const std::string& name,
                    std::optional<int> maybe, std::vector<std::string> tags, Ids ids,
                    std::map<std::string, double> weights, fastcpp::json extra,
                    const fastcpp::Request& request) { return {}; }

FASTCPP_GET("/wrapped/{item_id}")
fastcpp::json wrapped(fastcpp::Path<int> item_id, fastcpp::Query<std::vector<int>> ids = {},
                      fastcpp::Header<std::optional<std::string>> user_agent = std::nullopt,
                      fastcpp::Cookie<int> visits = 0, fastcpp::Body<std::string> note = "abc",
                      const fastcpp::Query<bool>& verbose = false,
                      int limit = 10, int /*unused*/ = 3, const fastcpp::Request& = {}) {
  return {};
}
)src");
  const auto* plain = find_route(model, "plain");
  ASSERT_NE(plain, nullptr);
  struct Expected {
    const char* name;
    Kind kind;
    const char* spelling;
  };
  std::vector<Expected> expected = {
      {"id", Kind::kInt, "long"},
      {"big", Kind::kInt, "long"},
      {"small", Kind::kInt, "unsigned short"},
      {"ratio", Kind::kFloat, "float"},
      {"precise", Kind::kFloat, "double"},
      {"flag", Kind::kBool, "bool"},
      {"name", Kind::kString, "std::string"},
      {"maybe", Kind::kOptional, "std::optional<int>"},
      {"tags", Kind::kVector, "std::vector<std::string>"},
      {"ids", Kind::kVector, "std::vector<long>"},
      {"weights", Kind::kMap, "std::map<std::string, double>"},
      {"extra", Kind::kJson, "fastcpp::json"},
  };
  ASSERT_EQ(plain->params.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& param = plain->params[i];
    EXPECT_EQ(param.name, expected[i].name);
    EXPECT_EQ(param.type.kind, expected[i].kind) << param.name;
    EXPECT_EQ(param.type.spelling, expected[i].spelling) << param.name;
    EXPECT_EQ(param.wrapper, ParamWrapper::kNone) << param.name;
    EXPECT_FALSE(param.default_value) << param.name;
  }
  EXPECT_EQ(plain->params[7].type.args.at(0).kind, Kind::kInt);
  EXPECT_EQ(plain->params[10].type.args.at(0).kind, Kind::kFloat);
  EXPECT_EQ(plain->params.back().name, "request");
  EXPECT_EQ(plain->params.back().type.spelling, "fastcpp::Request");
  EXPECT_EQ(plain->params[0].location.line, 11u);
  EXPECT_EQ(plain->params[0].location.column, 26u);

  const auto* wrapped = find_route(model, "wrapped");
  ASSERT_NE(wrapped, nullptr);
  struct ExpectedWrapped {
    const char* name;
    ParamWrapper wrapper;
    const char* spelling;
    std::optional<std::string> default_value;
  };
  std::vector<ExpectedWrapped> expected_wrapped = {
      {"item_id", ParamWrapper::kPath, "int", std::nullopt},
      {"ids", ParamWrapper::kQuery, "std::vector<int>", "{}"},
      {"user_agent", ParamWrapper::kHeader, "std::optional<std::string>", "std::nullopt"},
      {"visits", ParamWrapper::kCookie, "int", "0"},
      {"note", ParamWrapper::kBody, "std::string", "\"abc\""},
      {"verbose", ParamWrapper::kQuery, "bool", "false"},
      {"limit", ParamWrapper::kNone, "int", "10"},
      {"unused", ParamWrapper::kNone, "int", "3"},
  };
  ASSERT_EQ(wrapped->params.size(), expected_wrapped.size() + 1);
  for (size_t i = 0; i < expected_wrapped.size(); ++i) {
    const auto& param = wrapped->params[i];
    EXPECT_EQ(param.name, expected_wrapped[i].name);
    EXPECT_EQ(param.wrapper, expected_wrapped[i].wrapper) << param.name;
    EXPECT_EQ(param.type.spelling, expected_wrapped[i].spelling) << param.name;
    EXPECT_EQ(param.default_value, expected_wrapped[i].default_value) << param.name;
  }
  // An injected parameter needs no name.
  EXPECT_EQ(wrapped->params.back().name, "");
  EXPECT_EQ(wrapped->params.back().type.spelling, "fastcpp::Request");
}

TEST_F(FrontendTest, StructsAndEnumsAreCollectedWithTheirFields) {
  auto model = read_model(R"src(#include <fastcpp/fastcpp.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shop {
enum class Color { red, green, blue };
enum Size { small = 1, large = 10 };
struct Line {
  std::string sku;
  int qty;
  std::optional<std::string> note;
};
}  // namespace shop

struct Audited {
  std::string created_by;
};

struct Order : Audited {
  std::string customer;
  std::vector<shop::Line> lines;
  bool priority = false;
  std::map<std::string, int> tags = {};
  std::optional<shop::Color> color;
  shop::Size size{shop::small};
};

struct Tree {
  std::string name;
  std::vector<Tree> children;
};

FASTCPP_POST("/orders")
Order create(Order order) { return order; }

FASTCPP_POST("/trees")
std::vector<Tree> trees(Tree tree, shop::Size size) { return {tree}; }
)src");
  // Each struct once, after the structs its fields use.
  ASSERT_EQ(model.structs.size(), 3u);
  EXPECT_EQ(model.structs[0].name, "shop::Line");
  EXPECT_EQ(model.structs[1].name, "::Order");
  EXPECT_EQ(model.structs[2].name, "::Tree");

  const auto& line = model.structs[0];
  ASSERT_EQ(line.fields.size(), 3u);
  EXPECT_EQ(line.fields[0].name, "sku");
  EXPECT_FALSE(line.fields[0].has_default);
  EXPECT_EQ(line.fields[1].type.kind, Kind::kInt);
  EXPECT_TRUE(line.fields[2].has_default);  // std::optional
  EXPECT_EQ(line.location.line, 10u);

  const auto& order = model.structs[1];
  std::vector<std::string> names;
  std::vector<bool> defaults;
  for (const auto& field : order.fields) {
    names.push_back(field.name);
    defaults.push_back(field.has_default);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"created_by", "customer", "lines", "priority", "tags",
                                             "color", "size"}));
  EXPECT_EQ(defaults, (std::vector<bool>{false, false, false, true, true, true, true}));
  EXPECT_EQ(order.fields[2].type.spelling, "std::vector<shop::Line>");
  EXPECT_EQ(order.fields[2].type.args.at(0).kind, Kind::kStruct);
  EXPECT_EQ(order.fields[2].type.args.at(0).name, "shop::Line");
  EXPECT_EQ(order.fields[4].type.spelling, "std::map<std::string, int>");
  EXPECT_EQ(order.fields[5].type.spelling, "std::optional<shop::Color>");
  EXPECT_EQ(order.fields[6].type.kind, Kind::kEnum);
  EXPECT_EQ(order.fields[6].type.name, "shop::Size");

  const auto& tree = model.structs[2];
  ASSERT_EQ(tree.fields.size(), 2u);
  EXPECT_EQ(tree.fields[1].type.spelling, "std::vector<::Tree>");

  ASSERT_EQ(model.enums.size(), 2u);
  EXPECT_EQ(model.enums[0].name, "shop::Color");
  EXPECT_EQ(model.enums[0].enumerators, (std::vector<std::string>{"red", "green", "blue"}));
  EXPECT_EQ(model.enums[1].name, "shop::Size");
  EXPECT_EQ(model.enums[1].enumerators, (std::vector<std::string>{"small", "large"}));

  const auto* create = find_route(model, "create");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->params.at(0).type.kind, Kind::kStruct);
  EXPECT_EQ(create->params.at(0).type.spelling, "::Order");
  EXPECT_EQ(create->params.at(0).type.name, "::Order");
  EXPECT_EQ(create->result.spelling, "::Order");
  const auto* trees = find_route(model, "trees");
  ASSERT_NE(trees, nullptr);
  EXPECT_EQ(trees->result.kind, Kind::kVector);
  EXPECT_EQ(trees->result.spelling, "std::vector<::Tree>");
}

TEST_F(FrontendTest, ExceptionHandlersNameTheirClassesAndBases) {
  auto model = read_model(R"src(#include <fastcpp/fastcpp.hpp>
#include <stdexcept>
#include <string>

struct UnicornException {
  std::string name;
};

namespace app {
struct BaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
class Hidden {};
class ConflictError : public BaseError, private Hidden {
 public:
  using BaseError::BaseError;
};
}  // namespace app

FASTCPP_EXCEPTION_HANDLER
fastcpp::Response unicorn(const fastcpp::Request& request, const UnicornException& exc) {
  return fastcpp::JSONResponse(418, {{"message", exc.name}});
}

FASTCPP_EXCEPTION_HANDLER
fastcpp::JSONResponse conflict(const fastcpp::Request&, const app::ConflictError& exc) {
  return fastcpp::JSONResponse(409, {{"message", exc.what()}});
}

FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(405)
fastcpp::Response missing(const fastcpp::Request&, const fastcpp::starlette::HTTPException&) {
  return fastcpp::PlainTextResponse("missing");
}

FASTCPP_EXCEPTION_HANDLER
fastcpp::Response anything(const fastcpp::Request&, const std::exception&) {
  return fastcpp::PlainTextResponse("oops", 500);
}
)src");
  ASSERT_EQ(model.handlers.size(), 5u);
  EXPECT_EQ(model.handlers[0].function, "unicorn");
  EXPECT_EQ(model.handlers[0].exception, "::UnicornException");
  EXPECT_EQ(model.handlers[0].status_code, 0);
  EXPECT_EQ(model.handlers[0].location.line, 20u);
  EXPECT_EQ(model.handlers[1].exception, "app::ConflictError");
  EXPECT_EQ(model.handlers[2].function, "missing");
  EXPECT_EQ(model.handlers[2].exception, "fastcpp::starlette::HTTPException");
  EXPECT_EQ(model.handlers[2].status_code, 404);
  EXPECT_EQ(model.handlers[3].status_code, 405);
  EXPECT_EQ(model.handlers[4].exception, "std::exception");

  std::vector<std::pair<std::string, std::vector<std::string>>> classes;
  for (const auto& cls : model.classes) classes.emplace_back(cls.name, cls.bases);
  using Bases = std::vector<std::string>;
  EXPECT_EQ(classes, (std::vector<std::pair<std::string, Bases>>{
                         {"::UnicornException", {}},
                         {"app::ConflictError", {"app::BaseError"}},  // not the private base
                         {"app::BaseError", {"std::runtime_error"}},
                         {"std::runtime_error", {"std::exception"}},
                         {"std::exception", {}},
                         {"fastcpp::starlette::HTTPException", {"std::exception"}},
                     }));
  EXPECT_TRUE(model.routes.empty());
}

TEST_F(FrontendTest, FunctionsAreNamedAsTheGeneratedFileCallsThem) {
  auto model = read_model(R"src(#include <fastcpp/fastcpp.hpp>

namespace api::v1 {
FASTCPP_GET("/v1/items")
fastcpp::json list_items() { return {}; }
namespace {
FASTCPP_GET("/v1/hidden")
fastcpp::json hidden() { return {}; }
}  // namespace
}  // namespace api::v1

namespace {
struct Local {
  int x;
};
FASTCPP_GET("/local")
Local local() { return {}; }
}  // namespace

FASTCPP_GET("/static")
static fastcpp::json helper() { return {}; }

struct Outer {
  struct Inner {
    int y;
  };
};
FASTCPP_GET("/inner")
Outer::Inner inner() { return {}; }

struct Teapot : fastcpp::JSONResponse {
  Teapot() : fastcpp::JSONResponse(418, {}) {}
};
FASTCPP_GET("/teapot")
Teapot teapot() { return {}; }

FASTCPP_GET("/response")
fastcpp::Response response() { return fastcpp::Response("x"); }
)src");
  EXPECT_EQ(functions(model),
            (std::vector<std::string>{"api::v1::list_items", "api::v1::hidden", "local", "helper",
                                      "inner", "teapot", "response"}));
  ASSERT_EQ(model.routes.size(), 7u);
  EXPECT_EQ(model.routes[2].result.spelling, "::Local");
  EXPECT_EQ(model.routes[4].result.spelling, "::Outer::Inner");
  EXPECT_EQ(model.routes[5].result.kind, Kind::kResponse);
  EXPECT_EQ(model.routes[5].result.spelling, "::Teapot");
  EXPECT_EQ(model.routes[6].result.kind, Kind::kResponse);
  EXPECT_EQ(model.routes[6].result.spelling, "fastcpp::Response");
}

TEST_F(FrontendTest, AnnotatedDeclarationAndLaterDefinitionAreOneRoute) {
  dir_.write("api.hpp", R"src(#pragma once
#include <fastcpp/fastcpp.hpp>

FASTCPP_GET("/search")
fastcpp::json search(std::string, int limit = 10);
)src");
  auto source = dir_.write("api.cpp", R"src(#include "api.hpp"

fastcpp::json search(std::string q, int limit) { return {{"q", q}, {"limit", limit}}; }
)src");
  auto result = read({source});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->model.routes.size(), 1u);
  const auto& route = result->model.routes[0];
  EXPECT_EQ(route.location.file, dir_.path("api.hpp"));
  ASSERT_EQ(route.params.size(), 2u);
  EXPECT_EQ(route.params[0].name, "q");
  EXPECT_EQ(route.params[1].name, "limit");
  EXPECT_EQ(route.params[1].default_value, "10");
}

TEST_F(FrontendTest, SourcesAreParsedEachOnItsOwnWithTheirFlagsAndDependencies) {
  dir_.write("include/shared.hpp", R"src(#pragma once
#include <fastcpp/fastcpp.hpp>
struct Item {
  std::string title;
};
)src");
  auto a = dir_.write("a.cpp", R"src(#include "shared.hpp"
FASTCPP_POST("/a")
Item a(Item item) { return item; }
)src");
  auto b = dir_.write("b.cpp", R"src(#include "shared.hpp"
#ifdef WITH_B
FASTCPP_GET("/b")
Item b() { return {}; }
#endif
)src");
  auto result = read({a, b}, {"-I" + dir_.path("include"), "-DWITH_B"});
  ASSERT_TRUE(result);
  EXPECT_EQ(functions(result->model), (std::vector<std::string>{"a", "b"}));
  // One struct, though two sources use it: a header's, which either source's file may name.
  ASSERT_EQ(result->model.structs.size(), 1u);
  EXPECT_EQ(result->model.structs[0].source, -1);
  EXPECT_EQ(result->model.routes[0].source, 0);
  EXPECT_EQ(result->model.routes[1].source, 1);

  const auto& deps = result->dependencies;
  EXPECT_TRUE(std::is_sorted(deps.begin(), deps.end()));
  auto has = [&](const std::string& path) {
    return std::find(deps.begin(), deps.end(), path) != deps.end();
  };
  namespace fs = std::filesystem;
  EXPECT_TRUE(has(fs::canonical(a).string()));
  EXPECT_TRUE(has(fs::canonical(b).string()));
  EXPECT_TRUE(has(fs::canonical(dir_.path("include/shared.hpp")).string()));
  EXPECT_TRUE(
      has(fs::canonical(FASTCPP_SOURCE_DIR "/runtime/include/fastcpp/params.hpp").string()));
  EXPECT_TRUE(std::any_of(deps.begin(), deps.end(), [](const std::string& dep) {
    return dep.find("nlohmann/json.hpp") != std::string::npos;
  }));
  EXPECT_TRUE(std::none_of(deps.begin(), deps.end(), [](const std::string& dep) {
    return dep.find("umbrella") != std::string::npos;
  }));
}

// Each source is its own translation unit: its statics and its anonymous namespace's classes
// are its own, and may share their names with another source's.
TEST_F(FrontendTest, StaticsOfTheSameNameInTwoSourcesAreEachTheirSourcesOwn) {
  const std::string code = R"src(#include <fastcpp/fastcpp.hpp>
namespace {
struct Body { int n; };
struct Oops {};
}  // namespace
FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response on_oops(const fastcpp::Request&, const Oops&) { return {}; }
FASTCPP_POST("/PATH")
static fastcpp::json create(Body body) { return body.n; }
)src";
  auto a = dir_.write("a.cpp", code);
  std::string b_code = code;
  b_code.replace(b_code.find("PATH"), 4, "b");
  b_code.replace(b_code.find("FASTCPP_EXCEPTION_HANDLER"), 25, "");
  auto b = dir_.write("b.cpp", b_code);
  auto result = read({a, b});
  ASSERT_TRUE(result);
  const auto& model = result->model;
  ASSERT_EQ(model.routes.size(), 2u);
  EXPECT_EQ(model.routes[0].source, 0);
  EXPECT_EQ(model.routes[1].source, 1);
  // Two structs of one name, each defined in its source.
  ASSERT_EQ(model.structs.size(), 2u);
  EXPECT_EQ(model.structs[0].source, 0);
  EXPECT_EQ(model.structs[1].source, 1);
  ASSERT_EQ(model.handlers.size(), 1u);
  EXPECT_EQ(model.handlers[0].source, 0);
  EXPECT_EQ(model.handlers[0].exception_location.file, a);
  EXPECT_EQ(model.handlers[0].exception_location.line, 4u);
}

// A security object raises what FastAPI 0.115.11's class raises (security_utilities.json):
// "Not authenticated" unless auto_error is false, HTTPBasic's malformed credentials always,
// HTTPBearer's other scheme; each with its status and WWW-Authenticate.
TEST_F(FrontendTest, ASecurityObjectRaisesWhatFastApisClassRaises) {
  auto source = dir_.write("service.cpp", R"src(#include <fastcpp/fastcpp.hpp>
#include <fastcpp/security.hpp>
#include <optional>
#include <string>
static const fastcpp::security::OAuth2PasswordBearer oauth2("token");
static const fastcpp::security::OAuth2PasswordBearer oauth2_optional("token", false);
static const fastcpp::security::HTTPBasic basic("simple", false);
static const fastcpp::security::HTTPBearer bearer;
FASTCPP_GET("/a")
fastcpp::json a(fastcpp::Depends<&oauth2> /*token*/) { return nullptr; }
FASTCPP_GET("/b")
fastcpp::json b(fastcpp::Depends<&oauth2_optional> /*token*/) { return nullptr; }
FASTCPP_GET("/c")
fastcpp::json c(fastcpp::Depends<&basic> /*credentials*/) { return nullptr; }
FASTCPP_GET("/d")
fastcpp::json d(fastcpp::Depends<&bearer> /*credentials*/) { return nullptr; }
)src");
  auto result = read_service({{source},
                              {"-std=c++17", testing::runtime_include_flag()},
                              FASTCPP_TEST_PCH,
                              /*read_bodies=*/true});
  ASSERT_TRUE(result);
  const auto& model = result->model;
  auto raised = [&](const std::string& object) {
    std::vector<std::string> found;
    for (const auto& dependency : model.dependencies) {
      if (dependency.function != object) continue;
      for (const auto& error : dependency.raised) {
        std::string text = std::to_string(error.status_code) + " " + error.detail.value_or("");
        for (const auto& [name, value] : error.headers) text += ", " + name + ": " + value;
        found.push_back(text);
      }
    }
    return found;
  };
  using Strings = std::vector<std::string>;
  EXPECT_EQ(raised("oauth2"), (Strings{"401 Not authenticated, WWW-Authenticate: Bearer"}));
  EXPECT_EQ(raised("oauth2_optional"), Strings{});
  EXPECT_EQ(raised("basic"), (Strings{"401 Invalid authentication credentials, "
                                      "WWW-Authenticate: Basic realm=\"simple\""}));
  EXPECT_EQ(raised("bearer"),
            (Strings{"403 Not authenticated", "403 Invalid authentication credentials"}));
}

TEST_F(FrontendTest, WhatAFunctionOfAnotherSourceRaisesIsTheCallingRoutes) {
  auto a = dir_.write("a.cpp", R"src(#include <fastcpp/fastcpp.hpp>
#include <string>
void find_item(int id);     // b.cpp's
void find_guarded(int id);  // b.cpp's, calls find_item
void ping(int n);           // b.cpp's, calls pong
void pong(int n) {
  if (n > 0) ping(n - 1);
  throw fastcpp::HTTPException(409, "loop");
}
FASTCPP_GET("/items/{id}")
fastcpp::json read_item(int id) { find_item(id); return id; }
FASTCPP_GET("/guarded/{id}")
fastcpp::json guarded(int id) {
  try {
    find_guarded(id);
  } catch (const fastcpp::HTTPException&) {
  }
  return id;
}
FASTCPP_GET("/loop")
fastcpp::json loop() { ping(3); return nullptr; }
FASTCPP_GET("/library")
fastcpp::json library() { return std::stoi("1"); }
)src");
  auto b = dir_.write("b.cpp", R"src(#include <fastcpp/fastcpp.hpp>
void pong(int n);
namespace {
void check(int id) {
  if (id < 0) throw fastcpp::HTTPException(400, "negative");
}
}  // namespace
void find_item(int id) {
  check(id);
  if (id > 9) throw fastcpp::HTTPException(404, "Item not found");
}
void find_guarded(int id) { find_item(id); }
void ping(int n) { pong(n); }
)src");
  auto result = read_service({{a, b},
                              {"-std=c++17", testing::runtime_include_flag()},
                              FASTCPP_TEST_PCH,
                              /*read_bodies=*/true});
  ASSERT_TRUE(result);
  const auto& model = result->model;
  auto statuses = [&](std::string_view function) {
    std::vector<std::pair<int, std::string>> raised;
    const auto* route = find_route(model, function);
    if (route == nullptr) {
      ADD_FAILURE() << "no route " << function;
      return raised;
    }
    for (const auto& error : route->raised) {
      EXPECT_EQ(error.kind, RaisedError::Kind::kHttpException) << function;
      raised.emplace_back(error.status_code, error.detail.value_or(""));
    }
    return raised;
  };
  using Raised = std::vector<std::pair<int, std::string>>;
  // Through b.cpp's find_item and the static helper it calls, in the order they throw.
  EXPECT_EQ(statuses("read_item"), (Raised{{400, "negative"}, {404, "Item not found"}}));
  const auto& first = find_route(model, "read_item")->raised.at(0);
  EXPECT_EQ(first.location.file, b);
  EXPECT_EQ(first.location.line, 5u);
  // The catch around the call in a.cpp takes what b.cpp's functions raise.
  EXPECT_EQ(statuses("guarded"), Raised{});
  // a.cpp → b.cpp → a.cpp: each function is counted once, and the walk ends.
  EXPECT_EQ(statuses("loop"), (Raised{{409, "loop"}}));
  // A library's function raises nothing the document can list.
  EXPECT_EQ(statuses("library"), Raised{});
  EXPECT_TRUE(model.raises_by_function.empty());
}

TEST_F(FrontendTest, FailsOnCompileErrorsBadFlagsAndMissingFiles) {
  auto broken = dir_.write("broken.cpp", "int main() { return 0; }\nundeclared_type x;\n");
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(read({broken}));
  auto output = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(output.find(broken + ":2:1: error: unknown type name 'undeclared_type'"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("In file included from"), std::string::npos) << output;

  auto fine = dir_.write("fine.cpp", "int x;\n");
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(read({fine}, {"-fno-such-flag"}));
  output = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(output.find("fastcpp-gen: error: unknown argument: '-fno-such-flag'"),
            std::string::npos)
      << output;

  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(read({dir_.path("missing.cpp")}));
  output = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(output.find("no such file"), std::string::npos) << output;

  EXPECT_TRUE(read({fine}));
}

TEST_F(FrontendTest, APrecompiledHeaderChangesNothingButTheTime) {
  auto source = dir_.write("service.cpp", R"src(#include <fastcpp/fastcpp.hpp>
#include <optional>
struct Item { std::string name; std::optional<int> size; };
enum class Color { red, green };
struct Oops : std::exception {};
FASTCPP_POST("/items/{color}")
fastcpp::json create(Color color, Item item, int limit = 10) { return limit; }
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response oops(const fastcpp::Request&, const Oops&) { return {}; }
)src");
  std::vector<std::string> flags = {"-std=c++17", testing::runtime_include_flag()};
  auto with = read_service({{source}, flags, FASTCPP_TEST_PCH});
  auto without = read_service({{source}, flags, ""});
  // One that cannot be used (here: not a precompiled header at all) is passed over.
  auto unusable = read_service({{source}, flags, dir_.write("junk.pch", "not a pch")});
  ASSERT_TRUE(with && without && unusable);
  EXPECT_EQ(dump_model(with->model), dump_model(without->model));
  EXPECT_EQ(dump_model(unusable->model), dump_model(without->model));
  EXPECT_EQ(with->model.routes.size(), 1u);
  // The header stands for the files inside it in the depfile.
  EXPECT_NE(std::find(with->dependencies.begin(), with->dependencies.end(), FASTCPP_TEST_PCH),
            with->dependencies.end());
}

}  // namespace
}  // namespace fastcpp::gen

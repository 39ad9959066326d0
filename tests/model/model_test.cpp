// The model's decisions on hand-built models: parameter sources, aliases and requiredness as
// FastAPI decides them, the order parameters are read in, every misuse with its exact text, and
// the JSON dump. The exception plan is exception_plan_test.cpp's.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "builders.hpp"
#include "model/checks.hpp"
#include "model/dump_model.hpp"
#include "model/routes.hpp"
#include "model/source_plan.hpp"

namespace fastcpp::gen {
namespace {

const Param& find_param(const Route& r, const std::string& name) {
  auto it = std::find_if(r.params.begin(), r.params.end(),
                         [&](const Param& p) { return p.name == name; });
  EXPECT_NE(it, r.params.end()) << name;
  return *it;
}

// Source, alias and requiredness of one parameter, for compact expectations.
struct Decision {
  ParamSource source;
  std::string alias;
  bool required;
  bool operator==(const Decision& other) const {
    return source == other.source && alias == other.alias && required == other.required;
  }
};

std::ostream& operator<<(std::ostream& out, const Decision& decision) {
  return out << "{source " << static_cast<int>(decision.source) << ", alias '" << decision.alias
             << "', required " << decision.required << "}";
}

Decision decision_of(const Route& r, const std::string& name) {
  const auto& p = find_param(r, name);
  return {p.source, p.alias, p.required};
}

// What fastcpp-gen does with a route: classify its parameters, then check them.
std::vector<Diagnostic> classify(Route& r) {
  classify_params(r);
  return check_params(r);
}

std::vector<Diagnostic> classify_and_check(Model& model) {
  classify_params(model);
  return check_model(model);
}

// ---------------------------------------------------------------------------------------------
// path_param_names

TEST(PathParamNames, NoParameters) {
  EXPECT_EQ(path_param_names("/"), Strings{});
  EXPECT_EQ(path_param_names("/items/"), Strings{});
  EXPECT_EQ(path_param_names(""), Strings{});
}

TEST(PathParamNames, PlainNamesInOrder) {
  EXPECT_EQ(path_param_names("/items/{item_id}"), (Strings{"item_id"}));
  EXPECT_EQ(path_param_names("/items/{item_id}/ws"), (Strings{"item_id"}));
  EXPECT_EQ(path_param_names("/users/{user_id}/items/{item_id}"), (Strings{"user_id", "item_id"}));
  EXPECT_EQ(path_param_names("/{b}{a}"), (Strings{"b", "a"}));
  EXPECT_EQ(path_param_names("/x{_Under_9}y"), (Strings{"_Under_9"}));
}

TEST(PathParamNames, Convertors) {
  EXPECT_EQ(path_param_names("/files/{file_path:path}"), (Strings{"file_path"}));
  EXPECT_EQ(path_param_names("/{a:int}/{b:float}/{c:str}/{d:uuid}/{e:path}"),
            (Strings{"a", "b", "c", "d", "e"}));
}

TEST(PathParamNames, BracesWithoutAnIdentifierAreLiteral) {
  EXPECT_EQ(path_param_names("/{}/{1x}/{x-y}/{x:}/{ x}/{x /{x:1}"), Strings{});
  // As re.finditer: a failed `{` does not hide a later match.
  EXPECT_EQ(path_param_names("/{a{b}"), (Strings{"b"}));
  EXPECT_EQ(path_param_names("/{{c}}"), (Strings{"c"}));
}

TEST(PathParamNames, KeepsDuplicatesAndUnknownConvertors) {
  EXPECT_EQ(path_param_names("/{x}/{x}"), (Strings{"x", "x"}));
  EXPECT_EQ(path_param_names("/{x:slug}"), (Strings{"x"}));
}

// ---------------------------------------------------------------------------------------------
// classify_params

TEST(ClassifyParams, NameInTemplateIsPath) {
  auto r = route("/items/{item_id}", {param("item_id", string_type())});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "item_id"), (Decision{ParamSource::kPath, "item_id", true}));
}

TEST(ClassifyParams, PathParamsOfEveryScalarKind) {
  auto r = route(
      "/p/{i}/{f}/{b}/{s}/{c}/{rest:path}",
      {param("i", int_type()), param("f", double_type()), param("b", bool_type()),
       param("s", string_type()), param("c", enum_type("::Color")), param("rest", string_type())});
  EXPECT_EQ(render(classify(r)), Strings{});
  for (const auto& p : r.params) {
    EXPECT_EQ(p.source, ParamSource::kPath) << p.name;
    EXPECT_TRUE(p.required) << p.name;
  }
}

TEST(ClassifyParams, ExplicitPathInTemplate) {
  auto r = route("/items/{item_id}", {param("item_id", int_type(), ParamWrapper::kPath)});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "item_id"), (Decision{ParamSource::kPath, "item_id", true}));
}

TEST(ClassifyParams, ScalarsAndEnumsAreQuery) {
  auto r = route("/query", {param("n", int_type()), param("big", long_type()),
                            param("ratio", double_type()), param("flag", bool_type()),
                            param("name", string_type()), param("color", enum_type("::Color"))});
  EXPECT_EQ(render(classify(r)), Strings{});
  for (const auto& p : r.params) {
    EXPECT_EQ(decision_of(r, p.name), (Decision{ParamSource::kQuery, p.name, true}));
  }
}

TEST(ClassifyParams, OptionalOrDefaultMakesQueryOptional) {
  auto r = route("/query", {param("q", optional_of(string_type())),
                            param("skip", int_type(), ParamWrapper::kNone, "0"),
                            param("limit", int_type(), ParamWrapper::kNone, "10"),
                            param("maybe", optional_of(int_type()), ParamWrapper::kNone, "5"),
                            param("color", optional_of(enum_type("::Color")))});
  EXPECT_EQ(render(classify(r)), Strings{});
  for (const auto& p : r.params) {
    EXPECT_EQ(decision_of(r, p.name), (Decision{ParamSource::kQuery, p.name, false}));
  }
}

// FastAPI would read a bare `List[int]` from the body; fastcpp takes repeated query values.
TEST(ClassifyParams, VectorOfScalarsIsQuery) {
  auto r = route("/query",
                 {param("ids", vector_of(int_type())),
                  param("colors", vector_of(enum_type("::Color")), ParamWrapper::kNone, "{}")});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "ids"), (Decision{ParamSource::kQuery, "ids", true}));
  EXPECT_EQ(decision_of(r, "colors"), (Decision{ParamSource::kQuery, "colors", false}));
}

TEST(ClassifyParams, StructsMapsAndJsonAreBody) {
  auto r = route(
      "/body",
      {param("order", struct_type("::Order")), param("lines", vector_of(struct_type("::Line"))),
       param("maybe", optional_of(struct_type("::Order"))), param("tags", map_of(int_type())),
       param("by_sku", map_of(struct_type("::Line"))), param("raw", json_type()),
       param("nested", optional_of(vector_of(struct_type("::Line")))),
       param("grid", vector_of(vector_of(struct_type("::Line"))))},
      {"POST"});
  EXPECT_EQ(render(classify(r)), Strings{});
  for (const auto& p : r.params) EXPECT_EQ(p.source, ParamSource::kBody) << p.name;
  EXPECT_TRUE(find_param(r, "order").required);
  EXPECT_FALSE(find_param(r, "maybe").required);
  EXPECT_FALSE(find_param(r, "nested").required);
}

TEST(ClassifyParams, ExplicitBodyForAnyJsonType) {
  auto r = route("/body",
                 {param("n", int_type(), ParamWrapper::kBody),
                  param("note", string_type(), ParamWrapper::kBody, "\"\""),
                  param("ids", vector_of(int_type()), ParamWrapper::kBody),
                  param("maybe", optional_of(bool_type()), ParamWrapper::kBody),
                  param("order", struct_type("::Order"), ParamWrapper::kBody)},
                 {"POST"});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "n"), (Decision{ParamSource::kBody, "n", true}));
  EXPECT_EQ(decision_of(r, "note"), (Decision{ParamSource::kBody, "note", false}));
  EXPECT_EQ(decision_of(r, "ids"), (Decision{ParamSource::kBody, "ids", true}));
  EXPECT_EQ(decision_of(r, "maybe"), (Decision{ParamSource::kBody, "maybe", false}));
  EXPECT_EQ(decision_of(r, "order"), (Decision{ParamSource::kBody, "order", true}));
}

TEST(ClassifyParams, HeadersConvertUnderscoresAndKeepCase) {
  auto r =
      route("/headers", {param("user_agent", optional_of(string_type()), ParamWrapper::kHeader),
                         param("x_token", vector_of(string_type()), ParamWrapper::kHeader, "{}"),
                         param("x_count", optional_of(int_type()), ParamWrapper::kHeader),
                         param("X_Custom__Name", string_type(), ParamWrapper::kHeader),
                         param("accept", string_type(), ParamWrapper::kHeader)});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "user_agent"), (Decision{ParamSource::kHeader, "user-agent", false}));
  EXPECT_EQ(decision_of(r, "x_token"), (Decision{ParamSource::kHeader, "x-token", false}));
  EXPECT_EQ(decision_of(r, "x_count"), (Decision{ParamSource::kHeader, "x-count", false}));
  EXPECT_EQ(decision_of(r, "X_Custom__Name"),
            (Decision{ParamSource::kHeader, "X-Custom--Name", true}));
  EXPECT_EQ(decision_of(r, "accept"), (Decision{ParamSource::kHeader, "accept", true}));
}

TEST(ClassifyParams, OnlyHeadersConvertUnderscores) {
  auto r = route("/{item_id}", {param("item_id", int_type()), param("page_size", int_type()),
                                param("last_visit", int_type(), ParamWrapper::kCookie),
                                param("order_form", struct_type("::Order"))});
  EXPECT_EQ(render(classify(r)), Strings{});
  for (const auto& p : r.params) EXPECT_EQ(p.alias, p.name);
}

TEST(ClassifyParams, Cookies) {
  auto r = route("/cookies", {param("session", optional_of(string_type()), ParamWrapper::kCookie),
                              param("visits", int_type(), ParamWrapper::kCookie, "0"),
                              param("theme", enum_type("::Color"), ParamWrapper::kCookie)});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "session"), (Decision{ParamSource::kCookie, "session", false}));
  EXPECT_EQ(decision_of(r, "visits"), (Decision{ParamSource::kCookie, "visits", false}));
  EXPECT_EQ(decision_of(r, "theme"), (Decision{ParamSource::kCookie, "theme", true}));
}

TEST(ClassifyParams, ExplicitQueryWrapper) {
  auto r = route("/query", {param("ids", vector_of(int_type()), ParamWrapper::kQuery, "{}"),
                            param("limit", int_type(), ParamWrapper::kQuery, "10"),
                            param("q", optional_of(string_type()), ParamWrapper::kQuery)});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(decision_of(r, "ids"), (Decision{ParamSource::kQuery, "ids", false}));
  EXPECT_EQ(decision_of(r, "limit"), (Decision{ParamSource::kQuery, "limit", false}));
  EXPECT_EQ(decision_of(r, "q"), (Decision{ParamSource::kQuery, "q", false}));
}

TEST(ClassifyParams, RequestIsInjectedHoweverSpelled) {
  for (const auto* spelling :
       {"const fastcpp::Request &", "const fastcpp::Request&", "fastcpp::Request",
        "::fastcpp::Request const &", "const ::fastcpp::Request&"}) {
    auto r = route("/items/{item_id}",
                   {param("request", request_type(spelling)), param("item_id", int_type())});
    EXPECT_EQ(render(classify(r)), Strings{}) << spelling;
    EXPECT_EQ(find_param(r, "request").source, ParamSource::kRequest) << spelling;
    EXPECT_EQ(find_param(r, "item_id").source, ParamSource::kPath) << spelling;
  }
}

TEST(ClassifyParams, LookalikeClassesAreNotInjected) {
  auto r = route("/x", {param("request", struct_type("::my::fastcpp::Request"))}, {"POST"});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(find_param(r, "request").source, ParamSource::kBody);
}

TEST(ClassifyParams, WebSocketEndpoint) {
  auto r = websocket_route("/items/{item_id}/ws",
                           {param("websocket", websocket_type()), param("item_id", string_type()),
                            param("session", optional_of(string_type()), ParamWrapper::kCookie),
                            param("q", optional_of(int_type()))});
  EXPECT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(find_param(r, "websocket").source, ParamSource::kWebSocket);
  EXPECT_EQ(decision_of(r, "item_id"), (Decision{ParamSource::kPath, "item_id", true}));
  EXPECT_EQ(decision_of(r, "session"), (Decision{ParamSource::kCookie, "session", false}));
  EXPECT_EQ(decision_of(r, "q"), (Decision{ParamSource::kQuery, "q", false}));
}

TEST(ClassifyParams, IsIdempotent) {
  auto r = route("/h", {param("user_agent", string_type(), ParamWrapper::kHeader),
                        param("order", struct_type("::Order"))});
  ASSERT_EQ(render(classify(r)), Strings{});
  auto first = r;
  ASSERT_EQ(render(classify(r)), Strings{});
  EXPECT_EQ(dump_model(Model{"s", {}, {first}, {}, {}, {}, {}}),
            dump_model(Model{"s", {}, {r}, {}, {}, {}, {}}));
}

// The kitchen_sink routes, as its C++ twin declares them.
TEST(ClassifyParams, KitchenSinkShapes) {
  auto path_int = route("/path/int/{value}", {param("value", int_type())});
  auto optional_q = route("/query/optional", {param("q", optional_of(string_type()))});
  auto list =
      route("/query/list", {param("ids", vector_of(int_type()), ParamWrapper::kQuery, "{}")});
  auto headers =
      route("/headers", {param("user_agent", optional_of(string_type()), ParamWrapper::kHeader),
                         param("x_token", vector_of(string_type()), ParamWrapper::kHeader, "{}")});
  auto cookies = route("/cookies", {param("visits", int_type(), ParamWrapper::kCookie, "0")});
  auto create = route("/orders", {param("order", struct_type("::Order"))}, {"POST"});
  auto update = route("/orders/{order_id}",
                      {param("order_id", int_type()), param("order", struct_type("::Order")),
                       param("note", string_type(), ParamWrapper::kBody)},
                      {"PUT"});
  for (auto* r : {&path_int, &optional_q, &list, &headers, &cookies, &create, &update}) {
    EXPECT_EQ(render(classify(*r)), Strings{}) << r->path;
  }
  EXPECT_EQ(decision_of(path_int, "value"), (Decision{ParamSource::kPath, "value", true}));
  EXPECT_EQ(decision_of(optional_q, "q"), (Decision{ParamSource::kQuery, "q", false}));
  EXPECT_EQ(decision_of(list, "ids"), (Decision{ParamSource::kQuery, "ids", false}));
  EXPECT_EQ(decision_of(headers, "user_agent"),
            (Decision{ParamSource::kHeader, "user-agent", false}));
  EXPECT_EQ(decision_of(headers, "x_token"), (Decision{ParamSource::kHeader, "x-token", false}));
  EXPECT_EQ(decision_of(cookies, "visits"), (Decision{ParamSource::kCookie, "visits", false}));
  EXPECT_EQ(decision_of(create, "order"), (Decision{ParamSource::kBody, "order", true}));
  EXPECT_EQ(decision_of(update, "order_id"), (Decision{ParamSource::kPath, "order_id", true}));
  EXPECT_EQ(decision_of(update, "order"), (Decision{ParamSource::kBody, "order", true}));
  EXPECT_EQ(decision_of(update, "note"), (Decision{ParamSource::kBody, "note", true}));
}

// A misdeclared parameter is classified all the same; check_params says what is wrong with it.
TEST(ClassifyParams, DecidesWithoutChecking) {
  auto r = route("/items", {param("item_id", int_type(), ParamWrapper::kPath),
                            param("request", request_type(), ParamWrapper::kHeader),
                            param("x_tags", map_of(int_type()), ParamWrapper::kHeader)});
  classify_params(r);
  EXPECT_EQ(decision_of(r, "item_id"), (Decision{ParamSource::kPath, "item_id", true}));
  EXPECT_EQ(decision_of(r, "request"), (Decision{ParamSource::kHeader, "request", true}));
  EXPECT_EQ(decision_of(r, "x_tags"), (Decision{ParamSource::kHeader, "x-tags", true}));
  EXPECT_EQ(messages(check_params(r)),
            (Strings{"parameter 'item_id' is declared Path<T> but '{item_id}' is not in the path "
                     "'/items'",
                     "header parameter 'request' cannot be of type 'const fastcpp::Request &'",
                     "header parameter 'x_tags' cannot be of type 'std::map<std::string, int>'"}));
}

TEST(ClassifyParams, EveryRouteOfAModel) {
  Model model;
  model.routes = {route("/a/{x}", {param("x", int_type())}),
                  websocket_route("/ws", {param("websocket", websocket_type())})};
  classify_params(model);
  EXPECT_EQ(find_param(model.routes[0], "x").source, ParamSource::kPath);
  EXPECT_EQ(find_param(model.routes[1], "websocket").source, ParamSource::kWebSocket);
}

// ---------------------------------------------------------------------------------------------
// plan_bindings, response_status

// `query q="q"` per binding: source, the parameter it reads, the key.
Strings bindings_of(const Route& r, const BindingPlan& plan) {
  Strings out;
  for (const auto& binding : plan.bindings) {
    out.push_back(std::string(source_name(binding.source)) + " " + r.params[binding.param].name +
                  "=\"" + binding.key + "\"");
  }
  return out;
}

TEST(PlanBindings, InFastApisErrorOrderThenDeclarationOrder) {
  auto r = route("/items/{item_id}/{b}",
                 {param("request", request_type()),
                  param("session", string_type(), ParamWrapper::kCookie, "\"\""),
                  param("q", optional_of(string_type())),
                  param("user_agent", string_type(), ParamWrapper::kHeader),
                  param("item", struct_type("::Item")), param("item_id", int_type()),
                  param("limit", int_type(), ParamWrapper::kNone, "10"), param("b", int_type())});
  ASSERT_EQ(render(classify(r)), Strings{});
  auto plan = plan_bindings(r);
  EXPECT_EQ(bindings_of(r, plan),
            (Strings{"path item_id=\"item_id\"", "path b=\"b\"", "query q=\"q\"",
                     "query limit=\"limit\"", "header user_agent=\"user-agent\"",
                     "cookie session=\"session\"", "body item=\"\""}));
  EXPECT_TRUE(plan.reads_body);
  EXPECT_FALSE(plan.embeds_body);
}

// FastAPI's embed: one body parameter is the whole body, several are its fields by name.
TEST(PlanBindings, SeveralBodyParametersAreEmbeddedByName) {
  auto r = route("/orders/{order_id}",
                 {param("order_id", int_type()), param("order", struct_type("::Order")),
                  param("note", string_type(), ParamWrapper::kBody)},
                 {"PUT"});
  ASSERT_EQ(render(classify(r)), Strings{});
  auto plan = plan_bindings(r);
  EXPECT_EQ(bindings_of(r, plan),
            (Strings{"path order_id=\"order_id\"", "body order=\"order\"", "body note=\"note\""}));
  EXPECT_TRUE(plan.reads_body);
  EXPECT_TRUE(plan.embeds_body);
}

// FastAPI's Form(): every field is read by its name (even a single one), with the body's rank.
TEST(PlanBindings, FormFieldsAreReadByName) {
  auto r = route("/token",
                 {param("username", string_type(), ParamWrapper::kForm),
                  param("scope", vector_of(string_type()), ParamWrapper::kForm, "{}"),
                  param("q", int_type(), ParamWrapper::kNone, "0")},
                 {"POST"});
  ASSERT_EQ(render(classify(r)), Strings{});
  EXPECT_TRUE(r.params[0].required);
  EXPECT_FALSE(r.params[1].required);
  auto plan = plan_bindings(r);
  EXPECT_EQ(bindings_of(r, plan),
            (Strings{"query q=\"q\"", "form username=\"username\"", "form scope=\"scope\""}));
  EXPECT_TRUE(plan.reads_form);
  EXPECT_FALSE(plan.reads_body);

  auto one = route("/one", {param("n", int_type(), ParamWrapper::kForm)}, {"POST"});
  ASSERT_EQ(render(classify(one)), Strings{});
  EXPECT_EQ(bindings_of(one, plan_bindings(one)), (Strings{"form n=\"n\""}));
}

TEST(PlanBindings, InjectedParametersAreNotBound) {
  auto r = route("/", {param("request", request_type())});
  ASSERT_EQ(render(classify(r)), Strings{});
  auto plan = plan_bindings(r);
  EXPECT_TRUE(plan.bindings.empty());
  EXPECT_FALSE(plan.reads_body);
  EXPECT_FALSE(plan.embeds_body);

  auto ws = websocket_route("/ws/{id}",
                            {param("websocket", websocket_type()), param("id", string_type())});
  ASSERT_EQ(render(classify(ws)), Strings{});
  EXPECT_EQ(bindings_of(ws, plan_bindings(ws)), (Strings{"path id=\"id\""}));
  EXPECT_TRUE(plan_bindings(route("/", {})).bindings.empty());
}

TEST(ResponseStatus, TheRoutesOrFastApisDefault) {
  auto r = route("/", {});
  EXPECT_EQ(response_status(r), 200);
  r.status_code = 201;
  EXPECT_EQ(response_status(r), 201);
  r.status_code = 204;
  EXPECT_EQ(response_status(r), 204);
}

// ---------------------------------------------------------------------------------------------
// check_params

TEST(ClassifyParamsErrors, PathNameWithoutParameter) {
  auto r = route("/items/{item_id}", {param("q", optional_of(string_type()))}, {"GET"}, at(7, 3));
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:7:3: path parameter '{item_id}' has no matching function "
                     "parameter [add a parameter named 'item_id']"}));
}

TEST(ClassifyParamsErrors, EachMissingPathNameOnce) {
  auto r = route("/{a}/{b:int}/{a}", {});
  EXPECT_EQ(messages(classify(r)),
            (Strings{"duplicate path parameter '{a}' in '/{a}/{b:int}/{a}'",
                     "path parameter '{a}' has no matching function parameter",
                     "path parameter '{b}' has no matching function parameter"}));
}

TEST(ClassifyParamsErrors, PathWrapperNotInTemplate) {
  auto r = route("/items", {param("x", int_type(), ParamWrapper::kPath, std::nullopt, at(12, 5))});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:12:5: parameter 'x' is declared Path<T> but '{x}' is not in "
                     "the path '/items' [add '{x}' to the path, or declare 'x' without "
                     "Path<T> to make it a query parameter]"}));
  EXPECT_EQ(find_param(r, "x").source, ParamSource::kPath);
}

TEST(ClassifyParamsErrors, PathParamMustBeScalarOrEnum) {
  auto r = route("/{x}/{y}/{z}", {param("x", vector_of(int_type())),
                                  param("y", struct_type("::Order"), ParamWrapper::kPath),
                                  param("z", optional_of(int_type()))});
  auto hint = std::string(
      " [a path segment converts to a bool, an integer, a floating-point number, std::string or "
      "an enum]");
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: path parameter 'x' must be a scalar or an enum, not "
                     "'std::vector<int>'" +
                         hint,
                     "main.cpp:11:20: path parameter 'y' must be a scalar or an enum, not "
                     "'::Order'" +
                         hint,
                     "main.cpp:11:20: path parameter 'z' must be a scalar or an enum, not "
                     "'std::optional<int>'" +
                         hint}));
  for (const auto& p : r.params) EXPECT_EQ(p.source, ParamSource::kPath);
}

TEST(ClassifyParamsErrors, PathParamCannotHaveDefault) {
  auto r = route("/items/{item_id}", {param("item_id", int_type(), ParamWrapper::kNone, "3")});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: path parameter 'item_id' cannot have a default value "
                     "[remove '= 3': a path parameter is always required, as in FastAPI]"}));
  EXPECT_EQ(decision_of(r, "item_id"), (Decision{ParamSource::kPath, "item_id", true}));
}

TEST(ClassifyParamsErrors, OtherWrapperOnPathName) {
  auto r = route("/items/{item_id}", {param("item_id", int_type(), ParamWrapper::kQuery)});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: parameter 'item_id' is declared Query<T> but "
                     "'{item_id}' is a path parameter of '/items/{item_id}' [declare it as "
                     "Path<T> or without a wrapper, or rename it]"}));
  auto header = route("/{token}", {param("token", string_type(), ParamWrapper::kHeader)});
  EXPECT_EQ(messages(classify(header)),
            (Strings{"parameter 'token' is declared Header<T> but '{token}' is a path "
                     "parameter of '/{token}'"}));
}

TEST(ClassifyParamsErrors, QueryTypes) {
  auto r = route("/q", {param("order", struct_type("::Order"), ParamWrapper::kQuery),
                        param("grid", vector_of(vector_of(int_type()))),
                        param("raw", json_type(), ParamWrapper::kQuery)});
  // `ids`, FastAPI's `list[int] | None = None`, is a query parameter (null when absent).
  EXPECT_EQ(
      render(classify(r)),
      (Strings{
          "main.cpp:11:20: query parameter 'order' cannot be of type '::Order' [a struct, a map "
          "or fastcpp::json is read from the JSON body: declare it without a wrapper or as "
          "Body<T>]",
          "main.cpp:11:20: query parameter 'grid' cannot be of type "
          "'std::vector<std::vector<int>>' [a query parameter is a bool, an integer, a "
          "floating-point number, std::string, fastcpp::UUID, Decimal, DateTime, Date, Time, "
          "TimeDelta or an enum, or a std::optional or std::vector of one, or a std::optional "
          "of such a std::vector]",
          "main.cpp:11:20: query parameter 'raw' cannot be of type 'fastcpp::json' [a struct, a "
          "map or fastcpp::json is read from the JSON body: declare it without a wrapper or as "
          "Body<T>]"}));
}

TEST(ClassifyParamsErrors, HeaderTypes) {
  auto r =
      route("/h", {param("x_map", map_of(string_type()), ParamWrapper::kHeader),
                   param("x_opt", optional_of(optional_of(int_type())), ParamWrapper::kHeader)});
  EXPECT_EQ(messages(classify(r)), (Strings{"header parameter 'x_map' cannot be of type "
                                            "'std::map<std::string, std::string>'",
                                            "header parameter 'x_opt' cannot be of type "
                                            "'std::optional<std::optional<int>>'"}));
}

TEST(ClassifyParamsErrors, CookieHasNoVector) {
  auto r = route("/c", {param("tokens", vector_of(string_type()), ParamWrapper::kCookie, "{}")});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: cookie parameter 'tokens' cannot be of type "
                     "'std::vector<std::string>' [a cookie parameter is a bool, an integer, a "
                     "floating-point number, std::string, fastcpp::UUID, Decimal, DateTime, "
                     "Date, Time, TimeDelta or an enum, or a std::optional of one; a cookie "
                     "has a single value]"}));
}

// Optional[List[int]] = Query(None): a query or header list that is absent is std::nullopt.
TEST(ClassifyParams, OptionalListIsQueryOrHeader) {
  auto r =
      route("/q", {param("ids", optional_of(vector_of(int_type())), ParamWrapper::kQuery),
                   param("x_ids", optional_of(vector_of(string_type())), ParamWrapper::kHeader),
                   param("tags", optional_of(vector_of(string_type())))});
  auto result = classify(r);
  EXPECT_TRUE(messages(result).empty());
  ASSERT_EQ(r.params.size(), 3u);
  EXPECT_EQ(r.params[0].source, ParamSource::kQuery);
  EXPECT_FALSE(r.params[0].required);
  EXPECT_EQ(r.params[1].source, ParamSource::kHeader);
  EXPECT_EQ(r.params[1].alias, "x-ids");
  EXPECT_EQ(r.params[2].source, ParamSource::kQuery);
}

TEST(ClassifyParamsErrors, BodyTypes) {
  auto r = route("/b",
                 {param("r", response_type(), ParamWrapper::kBody),
                  param("rs", vector_of(response_type()), ParamWrapper::kBody)},
                 {"POST"});
  EXPECT_EQ(messages(classify(r)),
            (Strings{"body parameter 'r' cannot be of type 'fastcpp::Response'",
                     "body parameter 'rs' cannot be of type 'std::vector<fastcpp::Response>'"}));
}

TEST(ClassifyParamsErrors, WrappedRequest) {
  auto r = route("/r", {param("request", request_type("fastcpp::Request"), ParamWrapper::kQuery)});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: query parameter 'request' cannot be of type "
                     "'fastcpp::Request' [fastcpp::Request is passed to the endpoint as is: "
                     "declare it without Query<T>]"}));
}

TEST(ClassifyParamsErrors, WebSocketParameterOnHttpRoute) {
  auto r =
      route("/items", {param("ws", websocket_type(), ParamWrapper::kNone, std::nullopt, at(4, 9))});
  r.function = "read_items";
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:4:9: parameter 'ws' is a fastcpp::WebSocket, but "
                     "'read_items' is not a WebSocket endpoint [declare the endpoint with "
                     "FASTCPP_WEBSOCKET(path), or remove the parameter]"}));
  EXPECT_EQ(find_param(r, "ws").source, ParamSource::kWebSocket);
}

TEST(ClassifyParamsErrors, WebSocketEndpointWithoutWebSocket) {
  auto r = websocket_route("/ws", {param("q", int_type())}, at(8, 1));
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:8:1: WebSocket endpoint 'websocket_endpoint' has no "
                     "fastcpp::WebSocket parameter [add a parameter "
                     "'fastcpp::WebSocket& websocket']"}));
}

TEST(ClassifyParamsErrors, MoreThanOneInjected) {
  auto r = route(
      "/r", {param("a", request_type()), with_location(param("b", request_type()), at(12, 7))});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:12:7: more than one fastcpp::Request parameter: 'a' and 'b' "
                     "[keep only 'a']"}));
  auto ws = websocket_route("/ws", {param("a", websocket_type()), param("b", websocket_type()),
                                    param("c", websocket_type())});
  EXPECT_EQ(messages(classify(ws)),
            (Strings{"more than one fastcpp::WebSocket parameter: 'a' and 'b'",
                     "more than one fastcpp::WebSocket parameter: 'a' and 'c'"}));
}

TEST(ClassifyParamsErrors, RequestInWebSocketEndpoint) {
  auto r = websocket_route(
      "/ws", {param("websocket", websocket_type()), param("request", request_type())});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: parameter 'request' is a fastcpp::Request, which a "
                     "WebSocket endpoint does not receive [use the fastcpp::WebSocket "
                     "parameter's request() instead]"}));
}

TEST(ClassifyParamsErrors, BodyInWebSocketEndpoint) {
  auto r = websocket_route(
      "/ws", {param("websocket", websocket_type()), param("item", struct_type("::Item"))});
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:11:20: WebSocket endpoint 'websocket_endpoint' cannot have "
                     "body parameter 'item' [a WebSocket handshake has no body: receive data "
                     "through the fastcpp::WebSocket]"}));
}

TEST(ClassifyParamsErrors, BadTemplates) {
  auto r = route("/{x:slug}/{x}", {param("x", string_type())}, {"GET"}, at(3, 1));
  EXPECT_EQ(render(classify(r)),
            (Strings{"main.cpp:3:1: unknown path convertor 'slug' in '{x:slug}' [use one of "
                     "'str', 'path', 'int', 'float' or 'uuid']",
                     "main.cpp:3:1: duplicate path parameter '{x}' in '/{x:slug}/{x}' [give "
                     "each path parameter its own name]"}));
}

TEST(ClassifyParamsErrors, RouteProblemsFirstThenParametersInOrder) {
  auto r =
      route("/{id}",
            {with_location(param("b", vector_of(int_type()), ParamWrapper::kCookie), at(11, 1)),
             with_location(param("a", int_type(), ParamWrapper::kPath), at(12, 1))},
            {"GET"}, at(10, 1));
  auto found = classify(r);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].location.line, 10u);
  EXPECT_EQ(found[0].message, "path parameter '{id}' has no matching function parameter");
  EXPECT_EQ(found[1].location.line, 11u);
  EXPECT_EQ(found[2].location.line, 12u);
}

// ---------------------------------------------------------------------------------------------
// check_model

// The kitchen_sink app as the frontend would read it (routes abridged to one per shape).
Model kitchen_sink() {
  Model model;
  model.service = "kitchen_sink";
  model.sources = {"main.cpp"};
  auto r = [&](std::string path, std::vector<Param> params, std::vector<std::string> methods,
               unsigned line) {
    model.routes.push_back(route(std::move(path), std::move(params), std::move(methods), at(line)));
    return &model.routes.back();
  };
  r("/path/int/{value}", {param("value", int_type())}, {"GET"}, 10);
  r("/path/enum/{color}", {param("color", enum_type("::Color"))}, {"GET"}, 11);
  r("/files/{file_path:path}", {param("file_path", string_type())}, {"GET"}, 12);
  r("/users/me", {}, {"GET"}, 13);
  r("/users/{user_id}", {param("user_id", int_type())}, {"GET"}, 14);
  r("/query/optional", {param("q", optional_of(string_type()))}, {"GET"}, 15);
  r("/query/default",
    {param("skip", int_type(), ParamWrapper::kNone, "0"),
     param("limit", int_type(), ParamWrapper::kNone, "10")},
    {"GET"}, 16);
  r("/query/list", {param("ids", vector_of(int_type()), ParamWrapper::kQuery, "{}")}, {"GET"}, 17);
  r("/headers",
    {param("user_agent", optional_of(string_type()), ParamWrapper::kHeader),
     param("x_token", vector_of(string_type()), ParamWrapper::kHeader, "{}"),
     param("x_count", optional_of(int_type()), ParamWrapper::kHeader)},
    {"GET"}, 18);
  r("/cookies",
    {param("session", optional_of(string_type()), ParamWrapper::kCookie),
     param("visits", int_type(), ParamWrapper::kCookie, "0")},
    {"GET"}, 19);
  r("/orders", {param("order", struct_type("::Order"))}, {"POST"}, 20)->status_code = 201;
  r("/orders/{order_id}",
    {param("order_id", int_type()), param("order", struct_type("::Order")),
     param("note", string_type(), ParamWrapper::kBody)},
    {"PUT"}, 21);
  auto* del = r("/orders/{order_id}", {param("order_id", int_type())}, {"DELETE"}, 22);
  del->status_code = 204;
  del->result = void_type();
  r("/errors/http/{code}", {param("code", int_type())}, {"GET"}, 23);
  model.routes.push_back(
      websocket_route("/items/{item_id}/ws",
                      {param("websocket", websocket_type()), param("item_id", string_type()),
                       param("session", optional_of(string_type()), ParamWrapper::kCookie)},
                      at(24)));
  model.handlers = {class_handler("base_app_error_handler", "::BaseAppError", at(40)),
                    class_handler("conflict_app_error_handler", "::ConflictAppError", at(41)),
                    class_handler("unexpected_error_handler", "std::exception", at(42)),
                    status_handler("not_found_handler", 404, at(43))};
  model.classes = {{"::BaseAppError", {"std::exception"}},
                   {"::ConflictAppError", {"::BaseAppError"}},
                   {"std::exception", {}}};
  return model;
}

TEST(CheckModel, KitchenSinkIsClean) {
  auto model = kitchen_sink();
  EXPECT_EQ(render(classify_and_check(model)), Strings{});
  EXPECT_EQ(decision_of(model.routes[8], "user_agent"),
            (Decision{ParamSource::kHeader, "user-agent", false}));
  EXPECT_EQ(decision_of(model.routes[10], "order"), (Decision{ParamSource::kBody, "order", true}));
  EXPECT_EQ(decision_of(model.routes[11], "note"), (Decision{ParamSource::kBody, "note", true}));
  EXPECT_EQ(find_param(model.routes[14], "websocket").source, ParamSource::kWebSocket);
}

TEST(CheckModel, ChecksEveryRoutesParameters) {
  Model model;
  model.routes = {route("/a/{x}", {}, {"GET"}, at(1)),
                  route("/b", {param("h", int_type(), ParamWrapper::kHeader)}, {"GET"}, at(2)),
                  route("/c/{y}", {}, {"GET"}, at(3))};
  classify_params(model);
  EXPECT_EQ(model.routes[1].params[0].source, ParamSource::kHeader);
  EXPECT_EQ(messages(check_model(model)),
            (Strings{"path parameter '{x}' has no matching function parameter",
                     "path parameter '{y}' has no matching function parameter"}));
}

TEST(CheckModel, DuplicateRoute) {
  Model model;
  model.routes = {route("/items/{item_id}", {param("item_id", int_type())}, {"GET"}, at(10, 1)),
                  route("/items/{item_id}", {param("item_id", int_type())}, {"GET"}, at(20, 3))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:20:3: duplicate route: GET /items/{item_id} is already "
                     "declared at main.cpp:10:1 [only the first would ever be called: remove "
                     "one or change its path]"}));
}

TEST(CheckModel, SamePathOtherMethodIsNoDuplicate) {
  Model model;
  model.routes = {route("/things", {}, {"GET"}, at(1)), route("/things", {}, {"POST"}, at(2)),
                  route("/things", {}, {"DELETE", "POST"}, at(3)),
                  route("/things/", {}, {"GET"}, at(4))};
  EXPECT_EQ(messages(classify_and_check(model)),
            (Strings{"duplicate route: POST /things is already declared at main.cpp:2:1"}));
}

TEST(CheckModel, DuplicateWebSocketRoute) {
  Model model;
  model.routes = {websocket_route("/ws", {param("websocket", websocket_type())}, at(5)),
                  route("/ws", {}, {"GET"}, at(6)),
                  websocket_route("/ws", {param("ws", websocket_type())}, at(7))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:7:1: duplicate websocket route: /ws is already declared at "
                     "main.cpp:5:1 [only the first would ever be called: remove one or "
                     "change its path]"}));
}

TEST(CheckModel, DuplicateClassHandler) {
  Model model;
  model.handlers = {class_handler("first", "::E", at(30, 1)),
                    class_handler("other", "::F", at(35, 1)),
                    class_handler("second", "::E", at(40, 1))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:40:1: duplicate exception handler for '::E' [the first "
                     "handler for it, 'first', is declared at main.cpp:30:1]"}));
}

TEST(CheckModel, DuplicateClassHandlerHoweverSpelled) {
  Model model;
  model.handlers = {class_handler("first", "ns::E", at(30)),
                    class_handler("second", "::ns::E", at(40))};
  EXPECT_EQ(messages(classify_and_check(model)),
            (Strings{"duplicate exception handler for '::ns::E'"}));
}

TEST(CheckModel, DuplicateStatusHandler) {
  Model model;
  model.handlers = {status_handler("first", 404, at(30)), status_handler("teapot", 418, at(35)),
                    status_handler("second", 404, at(40))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:40:1: duplicate exception handler for status 404 [the first "
                     "handler for it, 'first', is declared at main.cpp:30:1]"}));
}

TEST(CheckModel, StatusCodesOutOfRange) {
  Model model;
  auto r600 = route("/a", {}, {"GET"}, at(1));
  r600.status_code = 600;
  auto r99 = route("/b", {}, {"GET"}, at(2));
  r99.status_code = 99;
  auto r100 = route("/c", {}, {"GET"}, at(3));
  r100.status_code = 100;
  auto r599 = route("/d", {}, {"GET"}, at(4));
  r599.status_code = 599;
  model.routes = {r600, r99, r100, r599};
  model.handlers = {status_handler("big", 1000, at(5)), status_handler("negative", -1, at(6)),
                    status_handler("lowest", 100, at(7))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:1:1: status code 600 is not between 100 and 599 "
                     "[FASTCPP_STATUS_CODE takes an HTTP status code, such as 201]",
                     "main.cpp:2:1: status code 99 is not between 100 and 599 "
                     "[FASTCPP_STATUS_CODE takes an HTTP status code, such as 201]",
                     "main.cpp:5:1: status code 1000 is not between 100 and 599 "
                     "[FASTCPP_EXCEPTION_HANDLER_FOR_STATUS takes an HTTP status code, such "
                     "as 404]",
                     "main.cpp:6:1: status code -1 is not between 100 and 599 "
                     "[FASTCPP_EXCEPTION_HANDLER_FOR_STATUS takes an HTTP status code, such "
                     "as 404]"}));
}

TEST(CheckModel, AStatus500HandlerMustBeTheServerErrorHandler) {
  Model model;
  model.handlers = {status_handler("oops", 500, at(9))};
  EXPECT_EQ(render(classify_and_check(model)),
            (Strings{"main.cpp:9:1: a handler for status 500 is the server-error handler "
                     "[declare it as FASTCPP_EXCEPTION_HANDLER for 'std::exception': "
                     "'fastcpp::Response oops(const fastcpp::Request&, const std::exception&)']"}));
}

// FastAPI drops the body of a bodyless status; returning a value is not a mistake.
TEST(CheckModel, BodylessStatusWithAResultIsFine) {
  Model model;
  for (int code : {101, 204, 304}) {
    auto r = route("/s" + std::to_string(code), {}, {"POST"});
    r.status_code = code;
    r.result = struct_type("::Item");
    model.routes.push_back(r);
  }
  EXPECT_EQ(render(classify_and_check(model)), Strings{});
}

TEST(CheckModel, EmptyModel) {
  Model model;
  EXPECT_EQ(render(classify_and_check(model)), Strings{});
}

// ---------------------------------------------------------------------------------------------
// dump_model

TEST(DumpModel, EveryField) {
  Model model;
  model.service = "items";
  model.sources = {"/src/main.cpp"};
  auto r = route("/items/{item_id}",
                 {param("item_id", int_type(), ParamWrapper::kPath, std::nullopt, at(3, 24)),
                  param("user_agent", optional_of(string_type()), ParamWrapper::kHeader,
                        "std::nullopt", at(4, 5))},
                 {"GET"}, at(2, 1));
  r.function = "read_item";
  r.status_code = 201;
  ASSERT_EQ(render(classify(r)), Strings{});
  model.routes = {r};
  model.handlers = {class_handler("on_error", "::AppError", at(9, 1)),
                    status_handler("not_found", 404, at(12, 1))};
  model.classes = {{"::AppError", {"std::exception"}}};
  model.structs = {
      {"::Item", {{"title", string_type(), false}, {"size", int_type(), true}}, at(20)}};
  model.enums = {{"::Color", {"red", "green"}, at(25)}};

  EXPECT_EQ(dump_model(model), R"({
  "service": "items",
  "sources": [
    "/src/main.cpp"
  ],
  "routes": [
    {
      "function": "read_item",
      "path": "/items/{item_id}",
      "methods": [
        "GET"
      ],
      "websocket": false,
      "status_code": 201,
      "params": [
        {
          "name": "item_id",
          "wrapper": "path",
          "type": {
            "kind": "int",
            "spelling": "int",
            "name": "",
            "args": []
          },
          "default_value": null,
          "location": {
            "file": "main.cpp",
            "line": 3,
            "column": 24
          },
          "source": "path",
          "alias": "item_id",
          "required": true
        },
        {
          "name": "user_agent",
          "wrapper": "header",
          "type": {
            "kind": "optional",
            "spelling": "std::optional<std::string>",
            "name": "",
            "args": [
              {
                "kind": "string",
                "spelling": "std::string",
                "name": "",
                "args": []
              }
            ]
          },
          "default_value": "std::nullopt",
          "location": {
            "file": "main.cpp",
            "line": 4,
            "column": 5
          },
          "source": "header",
          "alias": "user-agent",
          "required": false
        }
      ],
      "result": {
        "kind": "json",
        "spelling": "fastcpp::json",
        "name": "",
        "args": []
      },
      "location": {
        "file": "main.cpp",
        "line": 2,
        "column": 1
      }
    }
  ],
  "handlers": [
    {
      "function": "on_error",
      "exception": "::AppError",
      "status_code": 0,
      "location": {
        "file": "main.cpp",
        "line": 9,
        "column": 1
      }
    },
    {
      "function": "not_found",
      "exception": "fastcpp::HTTPException",
      "status_code": 404,
      "location": {
        "file": "main.cpp",
        "line": 12,
        "column": 1
      }
    }
  ],
  "classes": [
    {
      "name": "::AppError",
      "bases": [
        "std::exception"
      ]
    }
  ],
  "structs": [
    {
      "name": "::Item",
      "fields": [
        {
          "name": "title",
          "type": {
            "kind": "string",
            "spelling": "std::string",
            "name": "",
            "args": []
          },
          "has_default": false
        },
        {
          "name": "size",
          "type": {
            "kind": "int",
            "spelling": "int",
            "name": "",
            "args": []
          },
          "has_default": true
        }
      ],
      "location": {
        "file": "main.cpp",
        "line": 20,
        "column": 1
      }
    }
  ],
  "enums": [
    {
      "name": "::Color",
      "enumerators": [
        "red",
        "green"
      ],
      "location": {
        "file": "main.cpp",
        "line": 25,
        "column": 1
      }
    }
  ]
}
)");
}

TEST(DumpModel, EmptyModel) {
  EXPECT_EQ(dump_model(Model{}), R"({
  "service": "",
  "sources": [],
  "routes": [],
  "handlers": [],
  "classes": [],
  "structs": [],
  "enums": []
}
)");
}

TEST(DumpModel, EnumNamesAreLowerCase) {
  auto model = kitchen_sink();
  ASSERT_EQ(render(classify_and_check(model)), Strings{});
  model.routes[0].result = response_type();
  model.routes[1].params.push_back(param("r", request_type()));
  model.routes[1].params.back().source = ParamSource::kRequest;
  model.routes[1].params.push_back(param("m", map_of(double_type())));
  model.routes[1].params.back().source = ParamSource::kBody;
  model.routes[1].params.push_back(param("b", bool_type(), ParamWrapper::kQuery));
  auto json = nlohmann::ordered_json::parse(dump_model(model));

  std::set<std::string> sources, wrappers, kinds;
  std::function<void(const nlohmann::ordered_json&)> collect_kinds =
      [&](const nlohmann::ordered_json& type) {
        kinds.insert(type["kind"].get<std::string>());
        for (const auto& arg : type["args"]) collect_kinds(arg);
      };
  for (const auto& route : json["routes"]) {
    collect_kinds(route["result"]);
    for (const auto& p : route["params"]) {
      sources.insert(p["source"].get<std::string>());
      wrappers.insert(p["wrapper"].get<std::string>());
      collect_kinds(p["type"]);
    }
  }
  EXPECT_EQ(sources, (std::set<std::string>{"body", "cookie", "header", "path", "query", "request",
                                            "websocket"}));
  EXPECT_EQ(wrappers, (std::set<std::string>{"body", "cookie", "header", "none", "query"}));
  EXPECT_EQ(kinds, (std::set<std::string>{"bool", "enum", "float", "int", "json", "map", "optional",
                                          "response", "string", "struct", "vector", "void"}));
}

TEST(DumpModel, IsDeterministicAndSurvivesInvalidUtf8) {
  auto model = kitchen_sink();
  model.routes[0].path = "/caf\xc3\xa9/\xff{value}";
  EXPECT_EQ(dump_model(model), dump_model(model));
  auto text = dump_model(model);
  EXPECT_NE(text.find("/caf\xc3\xa9/\xef\xbf\xbd{value}"), std::string::npos);
}

// fastcpp_add_service names the generated files with string(MAKE_C_IDENTIFIER): the same
// names, or the build would wait for files that are never written.
TEST(SourcePlanTest, SourceIdsAreCMakesCIdentifiers) {
  EXPECT_EQ(source_id("main.cpp"), "main_cpp");
  EXPECT_EQ(source_id("../samples/kitchen_sink/main.cpp"), "___samples_kitchen_sink_main_cpp");
  EXPECT_EQ(source_id("api/v1-items.cpp"), "api_v1_items_cpp");
  EXPECT_EQ(source_id("1st.cpp"), "_1st_cpp");
  EXPECT_EQ(source_id("a b+c.cpp"), "a_b_c_cpp");
}

TEST(SourcePlanTest, TwoSourcesOfOneGeneratedNameAreAnError) {
  Model model;
  model.service = "s";
  model.sources = {"a-b.cpp", "a_b.cpp"};
  auto diagnostics = check_model(model);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message,
            "sources 'a-b.cpp' and 'a_b.cpp' would have the same generated file, "
            "s.a_b_cpp.gen.cpp");
}

// The runs of the service-wide lookup: FastAPI's defaults join the run before them, and each
// file's route wrapper catches the chain up to the first clause of another source's.
TEST(SourcePlanTest, TheChainIsSplitIntoRunsOfOneSourceEach) {
  Model model;
  model.service = "s";
  model.sources = {"a.cpp", "b.cpp"};
  model.handlers = {{"on_a", "::A", 0, {}, 0, {}}, {"on_b", "::B", 0, {}, 1, {}}};
  model.classes = {{"::A", {}}, {"::B", {}}};
  auto plan = plan_service(model);
  ASSERT_EQ(plan.exceptions.catches.size(), 4u);  // ::A, ::B, HTTPException, validation
  ASSERT_EQ(plan.runs.size(), 2u);
  EXPECT_EQ(plan.runs[0].source, 0);
  EXPECT_EQ(plan.runs[0].first, 0u);
  EXPECT_EQ(plan.runs[0].end, 1u);
  EXPECT_EQ(plan.runs[1].source, 1);
  EXPECT_EQ(plan.runs[1].end, 4u);
  EXPECT_EQ(plan.sources[0].direct_catches, 1u);
  EXPECT_EQ(plan.sources[1].direct_catches, 0u);
  EXPECT_TRUE(plan.websocket_runs.empty());  // no handler takes the WebSocket
}

// b.cpp's WebSocket endpoint may raise a.cpp's class ::B, whose handler takes the WebSocket:
// b.cpp's wrapper catches what it can name (its ::A, whose handler takes a Request: a rethrow)
// and hands the rest to the service-wide lookup, whose runs are each source's.
TEST(SourcePlanTest, AWebSocketEndpointHandsWhatItsFileCannotNameToTheLookup) {
  Model model;
  model.service = "s";
  model.sources = {"a.cpp", "b.cpp"};
  ExceptionHandler on_b{"on_b", "::B", 0, {}, 0, {}};
  on_b.websocket = true;
  model.handlers = {{"on_a", "::A", 0, {}, 1, {}}, on_b};
  model.classes = {{"::A", {}}, {"::B", {}}};
  Route endpoint;
  endpoint.function = "ws";
  endpoint.path = "/ws";
  endpoint.websocket = true;
  endpoint.source = 1;
  model.routes = {endpoint};
  auto plan = plan_service(model);
  ASSERT_EQ(plan.exceptions.websocket_catches.size(), 2u);  // ::A → rethrow, ::B → on_b
  EXPECT_FALSE(plan.sources[0].websocket_wrapper);          // a.cpp has no endpoint
  EXPECT_TRUE(plan.sources[1].websocket_wrapper);
  EXPECT_EQ(plan.sources[1].websocket_catches, 1u);  // ::A; ::B is a.cpp's
  ASSERT_EQ(plan.websocket_runs.size(), 2u);
  EXPECT_EQ(plan.websocket_runs[0].source, 1);
  EXPECT_EQ(plan.websocket_runs[0].end, 1u);
  EXPECT_EQ(plan.websocket_runs[1].source, 0);
  EXPECT_EQ(plan.websocket_runs[1].end, 2u);
  EXPECT_EQ(plan.sources[0].websocket_runs.size(), 1u);
  EXPECT_EQ(plan.sources[1].websocket_runs.size(), 1u);
}

}  // namespace
}  // namespace fastcpp::gen

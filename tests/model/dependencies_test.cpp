// The dependency decisions (model/dependencies): FastAPI's solve order, use_cache, the flat
// parameters, and the graph's misuse. The expected orders are what FastAPI 0.115.11 answers for
// tests/reference/dependencies.py (tests/conformance/dependencies.json, "order-and-cache",
// "errors-all-missing"; tests/reference/openapi/dependencies.json for the flat parameters).
#include "model/dependencies.hpp"

#include <gtest/gtest.h>

#include "builders.hpp"
#include "model/app.hpp"
#include "model/checks.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

Param depends(std::string name, std::string function, bool use_cache = true,
              SourceLocation location = at(11, 20)) {
  auto out = param(std::move(name), {}, ParamWrapper::kDepends, std::nullopt, std::move(location));
  out.type.spelling = "fastcpp::Depends";
  out.dependency = std::move(function);
  out.use_cache = use_cache;
  return out;
}

Dependency dependency(std::string function, std::vector<Param> params, bool returns_void = false,
                      SourceLocation location = at(5)) {
  Dependency out;
  out.function = std::move(function);
  out.params = std::move(params);
  out.returns_void = returns_void;
  out.result = returns_void ? "void" : "int";
  out.location = std::move(location);
  return out;
}

// "tally", "note_a", "note_b(note_a)", "note_route": samples/dependencies' /order.
Model order_model() {
  Model model;
  model.dependencies.push_back(dependency("tally", {}));
  model.dependencies.push_back(dependency("note_a", {depends("notes", "tally")}));
  model.dependencies.push_back(
      dependency("note_b", {depends("notes", "tally"), depends("a", "note_a")}));
  model.dependencies.push_back(dependency("note_route", {depends("notes", "tally")}, true));
  auto r = route("/order", {depends("b", "note_b"), depends("a", "note_a"),
                            depends("notes", "tally"), depends("fresh", "tally", false)});
  r.dependencies.push_back({"note_route", at(9)});
  model.routes.push_back(r);
  classify_params(model);
  return model;
}

std::vector<std::string> step_names(const DependencyPlan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(step.dependency->function + (step.cached ? " (cached)" : ""));
  }
  return out;
}

TEST(PlanDependencies, RouteDependenciesFirstThenParametersDepthFirst) {
  auto model = order_model();
  auto plan = plan_dependencies(model.routes[0], model);
  EXPECT_EQ(step_names(plan),
            (Strings{"tally", "note_route", "tally (cached)", "tally (cached)", "note_a", "note_b",
                     "tally (cached)", "note_a (cached)", "tally (cached)", "tally"}));
}

TEST(PlanDependencies, CachedUsesShareTheFirstCall) {
  auto model = order_model();
  auto plan = plan_dependencies(model.routes[0], model);
  // b, a, notes and fresh: note_b's call, then cached uses of note_a's and tally's first calls,
  // and a call of tally of its own.
  EXPECT_EQ(plan.arguments, (std::vector<std::size_t>{5, 7, 8, 9}));
  EXPECT_EQ(plan.steps[7].value, 4U);
  EXPECT_EQ(plan.steps[8].value, 0U);
  EXPECT_FALSE(plan.steps[9].cached);
  EXPECT_EQ(plan.steps[9].value, 9U);
  // note_b's own dependencies are steps 2 to 4: its errors are counted from there.
  EXPECT_EQ(plan.steps[5].first, 2U);
  EXPECT_EQ(plan.steps[5].arguments, (std::vector<std::size_t>{2, 4}));
}

TEST(PlanDependencies, AnUncachedFirstCallFillsTheCache) {
  Model model;
  model.dependencies.push_back(dependency("counter", {}));
  model.routes.push_back(
      route("/x", {depends("first", "counter", false), depends("second", "counter")}));
  classify_params(model);
  auto plan = plan_dependencies(model.routes[0], model);
  EXPECT_EQ(step_names(plan), (Strings{"counter", "counter (cached)"}));
  EXPECT_EQ(plan.arguments, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(plan.steps[1].value, 0U);
}

// FastAPI's /errors/{item_id}: the endpoint's own parameters, then each dependency's once.
TEST(PlanDependencies, FlatParametersAreTheEndpointsThenEachDependencysOnce) {
  Model model;
  model.dependencies.push_back(
      dependency("page", {param("number", int_type()),
                          param("size", int_type(), ParamWrapper::kHeader, std::string("10"))}));
  model.dependencies.push_back(
      dependency("owner", {param("user_id", int_type()), depends("p", "page")}));
  model.routes.push_back(
      route("/errors/{item_id}",
            {param("item_id", int_type()), depends("o", "owner"), depends("p", "page"),
             param("flag", bool_type(), ParamWrapper::kNone, "false")}));
  classify_params(model);
  auto plan = plan_dependencies(model.routes[0], model);
  Strings names;
  for (const auto& p : plan.flat_params) {
    names.push_back(std::string(source_name(p.source)) + " " + p.alias);
  }
  EXPECT_EQ(names, (Strings{"path item_id", "query flag", "query user_id", "query number",
                            "header size"}));
}

TEST(PlanDependencies, ADependencyReadsTheRoutesPathParameters) {
  Model model;
  model.dependencies.push_back(dependency("find", {param("name", string_type())}));
  model.routes.push_back(route("/unicorns/{name}", {depends("unicorn", "find")}));
  classify_params(model);
  auto plan = plan_dependencies(model.routes[0], model);
  EXPECT_EQ(plan.steps[0].params[0].source, ParamSource::kPath);
  EXPECT_TRUE(check_model(model).empty());
  // The same function on a route without {name} reads a query parameter.
  model.routes.push_back(route("/unicorns", {depends("unicorn", "find")}));
  classify_params(model);
  EXPECT_EQ(plan_dependencies(model.routes[1], model).steps[0].params[0].source,
            ParamSource::kQuery);
}

TEST(PlanDependencies, BodyParametersEmbedWhenTheFlatOnesAreSeveral) {
  Model model;
  model.dependencies.push_back(dependency("load", {param("item", struct_type("::Item"))}));
  model.routes.push_back(route("/one", {depends("item", "load")}, {"POST"}));
  model.routes.push_back(
      route("/two", {depends("item", "load"), param("user", struct_type("::User"))}, {"POST"}));
  classify_params(model);
  auto one = plan_dependencies(model.routes[0], model);
  auto one_bindings = plan_bindings(one.steps[0].params, one);
  EXPECT_FALSE(one_bindings.embeds_body);
  EXPECT_EQ(one_bindings.bindings[0].key, "");
  auto two = plan_dependencies(model.routes[1], model);
  auto two_bindings = plan_bindings(two.steps[0].params, two);
  EXPECT_TRUE(two_bindings.embeds_body);
  EXPECT_EQ(two_bindings.bindings[0].key, "item");
}

TEST(CheckDependencies, ACycleIsNamedAtTheParameterThatClosesIt) {
  Model model;
  model.dependencies.push_back(dependency("a", {depends("b_value", "b", true, at(3, 9))}));
  model.dependencies.push_back(dependency("b", {depends("a_value", "a", true, at(4, 9))}));
  model.routes.push_back(route("/x", {depends("value", "a", true, at(11, 20))}));
  classify_params(model);
  EXPECT_EQ(render(check_model(model)),
            (Strings{"main.cpp:4:9: dependency cycle: a -> b -> a [a dependency cannot depend on "
                     "itself, directly or through others]"}));
}

TEST(CheckDependencies, ADependencyOfItself) {
  Model model;
  model.dependencies.push_back(dependency("a", {depends("again", "a", true, at(3, 9))}));
  model.routes.push_back(route("/x", {depends("value", "a")}));
  classify_params(model);
  EXPECT_EQ(messages(check_model(model)), (Strings{"dependency cycle: a -> a"}));
}

TEST(CheckDependencies, AVoidDependencyHasNoValue) {
  Model model;
  model.dependencies.push_back(dependency("verify_token", {}, /*returns_void=*/true));
  model.routes.push_back(route("/x", {depends("token", "verify_token", true, at(12, 7))}));
  classify_params(model);
  EXPECT_EQ(render(check_model(model)),
            (Strings{"main.cpp:12:7: dependency 'verify_token' returns void: it has no value for "
                     "parameter 'token' [return the value from 'verify_token', or list it in "
                     "FASTCPP_DEPENDENCIES(verify_token) on the route instead of taking a "
                     "parameter]"}));
  // As a route's FASTCPP_DEPENDENCIES entry it is fine.
  model.routes[0].params.clear();
  model.routes[0].dependencies.push_back({"verify_token", at(9)});
  EXPECT_TRUE(check_model(model).empty());
}

TEST(CheckDependencies, TheParametersOfADependencyAreCheckedOnEachRouteOnce) {
  Model model;
  model.dependencies.push_back(
      dependency("find", {param("id", int_type(), ParamWrapper::kPath, std::nullopt, at(5, 30))}));
  model.routes.push_back(route("/a", {depends("x", "find")}));
  model.routes.push_back(route("/b", {depends("x", "find")}));
  classify_params(model);
  EXPECT_EQ(messages(check_model(model)),
            (Strings{"parameter 'id' is declared Path<T> but '{id}' is not in the path '/a'"}));
}

TEST(CheckDependencies, APathParameterBoundByADependencyIsBound) {
  Model model;
  model.dependencies.push_back(dependency("find", {param("name", string_type())}));
  model.routes.push_back(route("/unicorns/{name}", {depends("unicorn", "find")}));
  classify_params(model);
  EXPECT_TRUE(check_model(model).empty());
  model.routes[0].params.clear();
  EXPECT_EQ(messages(check_model(model)),
            (Strings{"path parameter '{name}' has no matching function parameter"}));
}

// FastAPI(dependencies=[...]) (model/app): the service's entries go before each route's own, on
// WebSocket endpoints too (tests/conformance/app_dependencies.json, "order-all-missing").
Model service_model() {
  Model model;
  model.dependencies.push_back(dependency("verify_token", {}, true));
  model.dependencies.push_back(dependency("verify_key", {}));
  model.dependencies.push_back(dependency("verify_route", {}, true));
  model.dependencies.push_back(dependency("verify_param", {}));
  AppDecl app;
  app.location = at(2);
  app.dependencies = {{"verify_token", at(1, 22)}, {"verify_key", at(1, 36)}};
  model.apps.push_back(app);
  auto r = route("/order/", {depends("param", "verify_param")});
  r.dependencies.push_back({"verify_route", at(9)});
  model.routes.push_back(r);
  model.routes.push_back(websocket_route("/ws", {param("websocket", websocket_type())}));
  return model;
}

TEST(AppDependencies, RunBeforeTheRoutesOwnAndItsParameters) {
  auto model = service_model();
  apply_app(model, {});
  classify_params(model);
  EXPECT_TRUE(check_model(model).empty());
  EXPECT_EQ(step_names(plan_dependencies(model.routes[0], model)),
            (Strings{"verify_token", "verify_key", "verify_route", "verify_param"}));
  EXPECT_EQ(step_names(plan_dependencies(model.routes[1], model)),
            (Strings{"verify_token", "verify_key"}));
}

TEST(AppDependencies, DeclaredInTheAppsSourceAreInvisibleToAnotherSources) {
  auto model = service_model();
  model.routes[1].source = 1;
  model.routes[1].location = {"other.cpp", 3, 1};
  apply_app(model, {});
  classify_params(model);
  EXPECT_EQ(render(check_model(model)),
            (Strings{"main.cpp:1:22: 'verify_token' is declared in main.cpp, so the routes of "
                     "other.cpp cannot call it [declare the service's dependencies in a header "
                     "that every source with routes includes]",
                     "main.cpp:1:36: 'verify_key' is declared in main.cpp, so the routes of "
                     "other.cpp cannot call it [declare the service's dependencies in a header "
                     "that every source with routes includes]"}));
  // Declared in a header, they can be.
  for (auto& known : model.dependencies) known.location.file = "checks.hpp";
  EXPECT_TRUE(check_model(model).empty());
}

}  // namespace
}  // namespace fastcpp::gen

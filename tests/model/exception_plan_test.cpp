// The exception plan on hand-built models: the catch order (each class before its bases,
// unrelated ones by name), FastAPI's defaults, the status handlers and the server-error handler.
#include "model/exception_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "builders.hpp"

namespace fastcpp::gen {
namespace {

std::vector<std::string> exceptions_of(const std::vector<const ExceptionHandler*>& order) {
  std::vector<std::string> out;
  for (const auto* handler : order) out.push_back(handler->exception);
  return out;
}

std::vector<std::string> functions_of(const std::vector<const ExceptionHandler*>& order) {
  std::vector<std::string> out;
  for (const auto* handler : order) out.push_back(handler->function);
  return out;
}

// ---------------------------------------------------------------------------------------------
// catch_order

Model hierarchy(std::vector<ExceptionClass> classes, std::vector<ExceptionHandler> handlers) {
  Model model;
  model.classes = std::move(classes);
  model.handlers = std::move(handlers);
  return model;
}

TEST(CatchOrder, ChainMostDerivedFirst) {
  auto model =
      hierarchy({{"C", {"B"}}, {"B", {"A"}}, {"A", {"std::exception"}}, {"std::exception", {}}},
                {class_handler("a", "A"), class_handler("e", "std::exception"),
                 class_handler("b", "B"), class_handler("c", "C")});
  EXPECT_EQ(exceptions_of(catch_order(model)), (Strings{"C", "B", "A", "std::exception"}));
}

TEST(CatchOrder, Diamond) {
  auto model = hierarchy({{"D", {"B1", "B2"}}, {"B1", {"A"}}, {"B2", {"A"}}, {"A", {}}},
                         {class_handler("a", "A"), class_handler("b2", "B2"),
                          class_handler("d", "D"), class_handler("b1", "B1")});
  EXPECT_EQ(exceptions_of(catch_order(model)), (Strings{"D", "B1", "B2", "A"}));
}

TEST(CatchOrder, UnrelatedClassesByName) {
  auto model = hierarchy({}, {class_handler("z", "Zeta"), class_handler("a", "Alpha"),
                              class_handler("m", "api::Mid"), class_handler("b", "Beta")});
  EXPECT_EQ(exceptions_of(catch_order(model)), (Strings{"Alpha", "Beta", "Zeta", "api::Mid"}));
}

TEST(CatchOrder, DerivedBeforeBaseEvenAgainstNameOrder) {
  // Zulu derives from Alpha through Middle, which has no handler of its own.
  auto model =
      hierarchy({{"Zulu", {"Middle"}}, {"Middle", {"Alpha"}}, {"Alpha", {}}, {"Charlie", {}}},
                {class_handler("alpha", "Alpha"), class_handler("charlie", "Charlie"),
                 class_handler("zulu", "Zulu")});
  EXPECT_EQ(exceptions_of(catch_order(model)), (Strings{"Charlie", "Zulu", "Alpha"}));
}

TEST(CatchOrder, StdExceptionAtTheBottom) {
  // The kitchen_sink hierarchy; NotFoundAppError has no handler and changes nothing.
  auto model = hierarchy({{"::BaseAppError", {"std::exception"}},
                          {"::NotFoundAppError", {"::BaseAppError"}},
                          {"::ConflictAppError", {"::BaseAppError"}},
                          {"::SiblingError", {"std::exception"}},
                          {"::ChainError", {"std::exception"}},
                          {"fastcpp::starlette::HTTPException", {"std::runtime_error"}},
                          {"std::runtime_error", {"std::exception"}},
                          {"std::exception", {}}},
                         {class_handler("base_app_error_handler", "::BaseAppError"),
                          class_handler("conflict_app_error_handler", "::ConflictAppError"),
                          class_handler("sibling_error_handler", "::SiblingError"),
                          class_handler("chain_error_handler", "::ChainError"),
                          status_handler("not_found_handler", 404),
                          class_handler("unexpected_error_handler", "std::exception"),
                          class_handler("http_handler", "fastcpp::starlette::HTTPException")});
  EXPECT_EQ(functions_of(catch_order(model)),
            (Strings{"chain_error_handler", "conflict_app_error_handler", "base_app_error_handler",
                     "sibling_error_handler", "http_handler", "unexpected_error_handler"}));
}

TEST(CatchOrder, StatusHandlersAreLeftOut) {
  auto model = hierarchy(
      {}, {status_handler("nf", 404), class_handler("e", "E"), status_handler("teapot", 418)});
  EXPECT_EQ(functions_of(catch_order(model)), (Strings{"e"}));
  EXPECT_TRUE(catch_order(Model{}).empty());
}

TEST(CatchOrder, IgnoresLeadingColons) {
  auto model = hierarchy({{"Derived", {"::Base"}}},
                         {class_handler("base", "Base"), class_handler("derived", "::Derived")});
  EXPECT_EQ(functions_of(catch_order(model)), (Strings{"derived", "base"}));
}

TEST(CatchOrder, DuplicatesKeepDeclarationOrder) {
  auto model = hierarchy({}, {class_handler("second_e", "E", at(40)), class_handler("d", "D"),
                              class_handler("first_e", "::E", at(30))});
  EXPECT_EQ(functions_of(catch_order(model)), (Strings{"d", "second_e", "first_e"}));
}

TEST(CatchOrder, SameOrderWhateverTheDeclarationOrder) {
  std::vector<ExceptionClass> classes = {{"D", {"B1", "B2"}},
                                         {"B1", {"A"}},
                                         {"B2", {"A"}},
                                         {"A", {"std::exception"}},
                                         {"X", {"std::exception"}}};
  std::vector<ExceptionHandler> handlers = {class_handler("a", "A"),
                                            class_handler("b1", "B1"),
                                            class_handler("b2", "B2"),
                                            class_handler("d", "D"),
                                            class_handler("e", "std::exception"),
                                            class_handler("x", "X")};
  std::sort(handlers.begin(), handlers.end(),
            [](const auto& l, const auto& r) { return l.function < r.function; });
  int permutations = 0;
  do {
    auto model = hierarchy(classes, handlers);
    ASSERT_EQ(functions_of(catch_order(model)), (Strings{"d", "b1", "b2", "a", "x", "e"}));
    ++permutations;
  } while (
      std::next_permutation(handlers.begin(), handlers.end(),
                            [](const auto& l, const auto& r) { return l.function < r.function; }));
  EXPECT_EQ(permutations, 720);
}

TEST(CatchOrder, EachClassBeforeAllOfItsBases) {
  // A wider lattice: every pair related by inheritance must come out derived-first.
  std::vector<ExceptionClass> classes = {{"K", {"F", "G"}}, {"F", {"C"}},      {"G", {"C", "D"}},
                                         {"C", {"A"}},      {"D", {"A", "B"}}, {"H", {"B"}},
                                         {"A", {}},         {"B", {}}};
  std::vector<ExceptionHandler> handlers;
  for (const auto& cls : classes) handlers.push_back(class_handler(cls.name, cls.name));
  auto model = hierarchy(classes, handlers);
  auto order = exceptions_of(catch_order(model));
  ASSERT_EQ(order.size(), classes.size());
  auto position = [&](const std::string& name) {
    return std::find(order.begin(), order.end(), name) - order.begin();
  };
  for (const auto& cls : classes) {
    for (const auto& base : cls.bases) EXPECT_LT(position(cls.name), position(base));
  }
  EXPECT_LT(position("K"), position("A"));
  EXPECT_LT(position("K"), position("B"));
  EXPECT_EQ(order, (Strings{"H", "K", "F", "G", "C", "D", "A", "B"}));
}

// ---------------------------------------------------------------------------------------------
// plan_exceptions

// `kind exception → function`, then `, default` and `, status first` where they hold.
Strings clauses_of(const ExceptionPlan& plan) {
  Strings out;
  for (const auto& clause : plan.catches) {
    std::string kind = "handler";
    if (clause.kind == CatchClause::Kind::kHttpException) kind = "http";
    if (clause.kind == CatchClause::Kind::kValidationError) kind = "validation";
    out.push_back(kind + " " + clause.exception + " → " + clause.function +
                  (clause.is_default ? ", default" : "") +
                  (clause.status_first ? ", status first" : ""));
  }
  return out;
}

Strings status_handlers_of(const ExceptionPlan& plan) {
  Strings out;
  for (const auto& handler : plan.status_handlers) {
    out.push_back(std::to_string(handler.status_code) + " → " + handler.function);
  }
  return out;
}

TEST(PlanExceptions, WithoutHandlersFastApisDefaults) {
  auto plan = plan_exceptions(Model{});
  EXPECT_EQ(status_handlers_of(plan), Strings{});
  EXPECT_EQ(plan.http_exception_handler.function,
            "fastcpp::exception_handlers::http_exception_handler");
  EXPECT_EQ(plan.validation_error_handler.function,
            "fastcpp::exception_handlers::request_validation_exception_handler");
  EXPECT_EQ(clauses_of(plan),
            (Strings{"validation fastcpp::RequestValidationError → "
                     "fastcpp::exception_handlers::request_validation_exception_handler, "
                     "default",
                     "http fastcpp::starlette::HTTPException → "
                     "fastcpp::exception_handlers::http_exception_handler, default"}));
  EXPECT_EQ(plan.server_error_handler.function, "");
}

// The kitchen_sink sample's handlers, as the frontend reads them.
TEST(PlanExceptions, KitchenSink) {
  auto model = hierarchy({{"::BaseAppError", {"std::exception"}},
                          {"::NotFoundAppError", {"::BaseAppError"}},
                          {"::ConflictAppError", {"::BaseAppError"}},
                          {"::SiblingError", {"std::exception"}},
                          {"::ChainError", {"std::exception"}},
                          {"fastcpp::starlette::HTTPException", {"std::runtime_error"}},
                          {"std::runtime_error", {"std::exception"}},
                          {"std::exception", {}}},
                         {class_handler("base_app_error_handler", "::BaseAppError"),
                          class_handler("conflict_app_error_handler", "::ConflictAppError"),
                          class_handler("sibling_error_handler", "::SiblingError"),
                          class_handler("chain_error_handler", "::ChainError"),
                          status_handler("not_found_handler", 404),
                          class_handler("unexpected_error_handler", "std::exception")});
  auto plan = plan_exceptions(model);
  EXPECT_EQ(status_handlers_of(plan), (Strings{"404 → not_found_handler"}));
  EXPECT_EQ(plan.http_exception_handler.function,
            "fastcpp::exception_handlers::http_exception_handler");
  EXPECT_EQ(
      clauses_of(plan),
      (Strings{"handler ChainError → chain_error_handler",
               "handler ConflictAppError → conflict_app_error_handler",
               "handler BaseAppError → base_app_error_handler",
               "handler SiblingError → sibling_error_handler",
               "validation fastcpp::RequestValidationError → "
               "fastcpp::exception_handlers::request_validation_exception_handler, "
               "default",
               "http fastcpp::starlette::HTTPException → "
               "fastcpp::exception_handlers::http_exception_handler, default, status first"}));
  // Starlette's `Exception` slot is ServerErrorMiddleware's, not a clause of the route wrapper.
  EXPECT_EQ(plan.server_error_handler.function, "unexpected_error_handler");
}

TEST(PlanExceptions, TheServicesHandlersReplaceTheDefaults) {
  auto model = hierarchy({{"fastcpp::starlette::HTTPException", {"std::exception"}},
                          {"fastcpp::RequestValidationError", {"std::exception"}}},
                         {class_handler("custom_http", "::fastcpp::starlette::HTTPException"),
                          class_handler("custom_validation", "fastcpp::RequestValidationError")});
  auto plan = plan_exceptions(model);
  EXPECT_EQ(plan.http_exception_handler.function, "custom_http");
  EXPECT_EQ(plan.validation_error_handler.function, "custom_validation");
  EXPECT_EQ(clauses_of(plan), (Strings{"validation fastcpp::RequestValidationError → "
                                       "custom_validation",
                                       "http fastcpp::starlette::HTTPException → custom_http"}));
}

// Starlette looks any HTTPException up by status code first, a subclass's included, however far
// down it derives.
TEST(PlanExceptions, HttpExceptionSubclassesMeetTheStatusHandlersFirst) {
  std::vector<ExceptionClass> classes = {{"::MyHttpError", {"::AppHttpError"}},
                                         {"::AppHttpError", {"fastcpp::starlette::HTTPException"}},
                                         {"fastcpp::starlette::HTTPException", {"std::exception"}},
                                         {"::Other", {"std::exception"}}};
  std::vector<ExceptionHandler> handlers = {class_handler("my_http_handler", "::MyHttpError"),
                                            class_handler("other_handler", "::Other")};
  auto plain = plan_exceptions(hierarchy(classes, handlers));
  EXPECT_EQ(clauses_of(plain),
            (Strings{"handler MyHttpError → my_http_handler", "handler Other → other_handler",
                     "validation fastcpp::RequestValidationError → "
                     "fastcpp::exception_handlers::request_validation_exception_handler, "
                     "default",
                     "http fastcpp::starlette::HTTPException → "
                     "fastcpp::exception_handlers::http_exception_handler, default"}));

  handlers.push_back(status_handler("teapot", 418));
  auto by_status = plan_exceptions(hierarchy(classes, handlers));
  EXPECT_EQ(
      clauses_of(by_status),
      (Strings{"handler MyHttpError → my_http_handler, status first",
               "handler Other → other_handler",
               "validation fastcpp::RequestValidationError → "
               "fastcpp::exception_handlers::request_validation_exception_handler, "
               "default",
               "http fastcpp::starlette::HTTPException → "
               "fastcpp::exception_handlers::http_exception_handler, default, status first"}));
}

// A handler for FastAPI's class (what user code throws) is an ordinary clause before Starlette's
// default, which still answers the router's 404 and 405.
TEST(PlanExceptions, FastApisHttpExceptionIsASubclassOfStarlettes) {
  auto model = hierarchy(
      {{"fastcpp::HTTPException", {"fastcpp::starlette::HTTPException"}},
       {"fastcpp::starlette::HTTPException", {"std::exception"}}},
      {class_handler("fastapi_only", "fastcpp::HTTPException"), status_handler("teapot", 418)});
  auto plan = plan_exceptions(model);
  EXPECT_EQ(plan.http_exception_handler.function,
            "fastcpp::exception_handlers::http_exception_handler");
  EXPECT_EQ(
      clauses_of(plan),
      (Strings{"handler fastcpp::HTTPException → fastapi_only, status first",
               "validation fastcpp::RequestValidationError → "
               "fastcpp::exception_handlers::request_validation_exception_handler, "
               "default",
               "http fastcpp::starlette::HTTPException → "
               "fastcpp::exception_handlers::http_exception_handler, default, status first"}));
  EXPECT_TRUE(plan.websocket_catches.empty());
}

// FastAPI looks a WebSocket endpoint's exception up in the same handlers: the WebSocket
// endpoints' chain has each class's handler that takes the WebSocket, a rethrow for a class
// whose handler takes a Request, in catch order, and nothing after the last WebSocket handler.
TEST(PlanExceptions, WebSocketHandlers) {
  auto quit = class_handler("quit", "::Quit");
  quit.websocket = true;
  auto game_over_ws = class_handler("game_over_ws", "::GameOver");
  game_over_ws.websocket = true;
  auto model = hierarchy({{"::Resign", {"::Quit"}}, {"::GameOver", {}}, {"::Quit", {}}},
                         {quit, class_handler("resign", "::Resign"),
                          class_handler("game_over", "::GameOver"), game_over_ws});
  auto plan = plan_exceptions(model);
  // The HTTP routes' chain has the Request handlers only.
  EXPECT_EQ(clauses_of(plan),
            (Strings{"handler GameOver → game_over", "handler Resign → resign",
                     "validation fastcpp::RequestValidationError → "
                     "fastcpp::exception_handlers::request_validation_exception_handler, "
                     "default",
                     "http fastcpp::starlette::HTTPException → "
                     "fastcpp::exception_handlers::http_exception_handler, default"}));
  std::vector<std::string> websocket;
  for (const auto& clause : plan.websocket_catches) {
    websocket.push_back(clause.exception + " → " +
                        (clause.function.empty() ? "rethrow" : clause.function));
  }
  EXPECT_EQ(websocket, (Strings{"GameOver → game_over_ws", "Resign → rethrow", "Quit → quit"}));
  EXPECT_EQ(functions_of(catch_order(model)), (Strings{"game_over", "resign"}));
}

TEST(PlanExceptions, StatusHandlersByCode) {
  auto plan = plan_exceptions(
      hierarchy({}, {status_handler("teapot", 418), status_handler("not_found", 404),
                     status_handler("gone", 410), class_handler("e", "E")}));
  EXPECT_EQ(status_handlers_of(plan), (Strings{"404 → not_found", "410 → gone", "418 → teapot"}));
  EXPECT_EQ(plan.catches.size(), 3u);
  EXPECT_EQ(plan.catches[0].function, "e");
}

TEST(PlanExceptions, ServerErrorHandlerHoweverSpelled) {
  auto plan = plan_exceptions(hierarchy({}, {class_handler("oops", "::std::exception")}));
  EXPECT_EQ(plan.server_error_handler.function, "oops");
  EXPECT_EQ(plan.catches.size(), 2u);
}

// Class names lose their leading `::`: the backend writes each as `::name`.
TEST(PlanExceptions, ClassesAsClassKeySpellsThem) {
  auto plan = plan_exceptions(
      hierarchy({{"::api::Derived", {"api::Base"}}},
                {class_handler("base", "api::Base"), class_handler("derived", "::api::Derived")}));
  EXPECT_EQ(plan.catches[0].exception, "api::Derived");
  EXPECT_EQ(plan.catches[1].exception, "api::Base");
  EXPECT_EQ(class_key("::api::Derived"), "api::Derived");
  EXPECT_EQ(class_key("api::Base"), "api::Base");
  EXPECT_EQ(class_key(":x"), ":x");
}

}  // namespace
}  // namespace fastcpp::gen

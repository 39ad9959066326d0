// fastcpp-gen on bad snippets, through the built binary: each misuse exits non-zero, writes
// nothing, and reports exactly `file:line:col: error: ...` at the annotation or declaration,
// as a compiler would. Also the command line: usage errors, --help, the depfile, and the
// output left untouched when its text is unchanged.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "snippet_dir.hpp"

namespace fastcpp::gen {
namespace {

namespace fs = std::filesystem;
using testing::SnippetDir;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

class DiagnosticsTest : public ::testing::Test {
 protected:
  Outcome run(const std::vector<std::string>& args) {
    std::string command = quote(FASTCPP_GEN);
    for (const auto& arg : args) command += " " + quote(arg);
    command += " >" + quote(dir_.path("stdout")) + " 2>" + quote(dir_.path("stderr"));
    int raw = std::system(command.c_str());
    Outcome result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = slurp(dir_.path("stdout"));
    result.err = slurp(dir_.path("stderr"));
    return result;
  }

  // With the precompiled runtime headers unless `with_pch` is false: diagnostics must not
  // depend on it.
  std::vector<std::string> generate_args(const std::string& source, bool with_pch = true) {
    std::vector<std::string> args = {"--service", "bad",       "--output",
                                     output(),    "--depfile", depfile()};
    if (with_pch) args.insert(args.end(), {"--pch", FASTCPP_TEST_PCH});
    args.insert(args.end(), {source, "--", "-std=c++17", testing::runtime_include_flag()});
    return args;
  }

  // Runs fastcpp-gen on `code` (after an include of fastcpp.hpp, so `code` starts on line 2)
  // and checks that it failed without writing anything; returns what it printed.
  std::string diagnose(const std::string& code) {
    auto source = dir_.write("bad.cpp", "#include <fastcpp/fastcpp.hpp>\n" + code);
    auto result = run(generate_args(source));
    EXPECT_EQ(result.status, 1) << result.err;
    EXPECT_FALSE(fs::exists(output()));
    EXPECT_FALSE(fs::exists(depfile()));
    return result.err;
  }

  // `bad.cpp:<where>: <message>`, with the snippet's absolute path.
  std::string at(const std::string& where, const std::string& message) {
    return dir_.path("bad.cpp") + ":" + where + ": " + message;
  }
  // The same as a whole line of output.
  std::string line(const std::string& where, const std::string& message) {
    return at(where, message) + "\n";
  }

  std::string output() const { return dir_.path("out.gen.cpp"); }
  // A source's own generated file, beside the service's: `bad.<source>.gen.cpp`, with the
  // source's path as given spelled as a C identifier.
  std::string source_output(const std::string& source) const {
    std::string id;
    for (char c : source) id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    return dir_.path("bad." + id + ".gen.cpp");
  }
  std::string depfile() const { return dir_.path("out.gen.d"); }

  SnippetDir dir_;
};

#define EXPECT_CONTAINS(haystack, needle)                                                       \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" \
                                                        << (haystack)

TEST_F(DiagnosticsTest, ExceptionHandlerWithWrongParameterCount) {
  auto err = diagnose(R"src(struct UnicornException {};
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response unicorn(const UnicornException& exc) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: FASTCPP_EXCEPTION_HANDLER function 'unicorn' must be "
                            "declared as 'fastcpp::Response unicorn(const "
                            "fastcpp::Request&, const E&)' for an exception class E"));
  EXPECT_CONTAINS(err, line("4:19", "note: 'unicorn' takes 1 parameter"));
  EXPECT_CONTAINS(err, "1 error generated.");
}

TEST_F(DiagnosticsTest, WebSocketExceptionHandlerMustReturnVoid) {
  auto err = diagnose(R"src(struct Quit {};
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response quit(fastcpp::WebSocket& websocket, const Quit& exc) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: FASTCPP_EXCEPTION_HANDLER function 'quit' takes a "
                            "fastcpp::WebSocket, so it must be declared as 'void "
                            "quit(fastcpp::WebSocket&, const E&)' for an exception class E"));
  EXPECT_CONTAINS(err, line("4:1", "note: 'quit' returns 'fastcpp::Response'"));
}

// Starlette's server-error layer, where FastAPI's Exception handler lives, lets WebSockets by.
TEST_F(DiagnosticsTest, WebSocketExceptionHandlerForStdExceptionIsNeverCalled) {
  auto err = diagnose(R"src(FASTCPP_EXCEPTION_HANDLER
void any(fastcpp::WebSocket& websocket, const std::exception& exc) {}
)src");
  EXPECT_CONTAINS(err,
                  line("2:1", "error: a WebSocket handler for 'std::exception' is never called"));
}

// A class may have a handler for HTTP routes and one that takes the WebSocket, but not two of
// either.
TEST_F(DiagnosticsTest, TwoWebSocketExceptionHandlersForOneClass) {
  auto err = diagnose(R"src(struct Quit {};
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response quit_http(const fastcpp::Request&, const Quit&) { return {}; }
FASTCPP_EXCEPTION_HANDLER
void quit(fastcpp::WebSocket&, const Quit&) {}
FASTCPP_EXCEPTION_HANDLER
void quit_again(fastcpp::WebSocket&, const Quit&) {}
)src");
  EXPECT_CONTAINS(err, at("7:1", "error: duplicate exception handler for '::Quit'"));
  EXPECT_EQ(err.find("3:1"), std::string::npos) << err;
}

TEST_F(DiagnosticsTest, AppOptionsMustBeAConstantFastApiValue) {
  auto err = diagnose(R"src(FASTCPP_DETAIL_ANNOTATE("fastcpp.app") static const int options = 3;
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_APP takes a constant 'fastcpp::FastAPI' value, such as "
                            "'fastcpp::FastAPI().title(\"Items\")'"));
}

TEST_F(DiagnosticsTest, ServiceHasOneApp) {
  auto err = diagnose(R"src(FASTCPP_APP(fastcpp::FastAPI().title("One"));
namespace other {
FASTCPP_APP(fastcpp::FastAPI().title("Two"));
}
)src");
  EXPECT_CONTAINS(err, at("4:1", "error: a service has one FASTCPP_APP"));
  EXPECT_CONTAINS(err, "note: the first is declared at " + dir_.path("bad.cpp") + ":2:1");
}

TEST_F(DiagnosticsTest, ExceptionHandlerTakingTheExceptionByValue) {
  auto err = diagnose(R"src(struct UnicornException {};
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response unicorn(const fastcpp::Request& request, UnicornException exc) {
  return {};
}
)src");
  EXPECT_CONTAINS(err, at("3:1",
                          "error: FASTCPP_EXCEPTION_HANDLER function 'unicorn' must be "
                          "declared as"));
  EXPECT_CONTAINS(err, line("4:60", "note: the second parameter has type 'UnicornException'"));
}

TEST_F(DiagnosticsTest, ExceptionHandlerWithoutTheRequest) {
  auto err = diagnose(R"src(FASTCPP_EXCEPTION_HANDLER
fastcpp::Response handler(const std::string& request, const std::exception& exc) {
  return {};
}
)src");
  EXPECT_CONTAINS(err, at("2:1",
                          "error: FASTCPP_EXCEPTION_HANDLER function 'handler' must be "
                          "declared as"));
  EXPECT_CONTAINS(err, line("3:27", "note: the first parameter has type 'const std::string &'"));
}

TEST_F(DiagnosticsTest, ExceptionHandlerForANonClassType) {
  auto err = diagnose(R"src(FASTCPP_EXCEPTION_HANDLER
fastcpp::Response handler(const fastcpp::Request& request, const int& code) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:60", "note: the second parameter has type 'const int &'"));
}

TEST_F(DiagnosticsTest, ExceptionHandlerReturningJson) {
  auto err = diagnose(R"src(struct UnicornException {};
FASTCPP_EXCEPTION_HANDLER
fastcpp::json unicorn(const fastcpp::Request&, const UnicornException&) { return {}; }
)src");
  EXPECT_CONTAINS(err, at("3:1",
                          "error: FASTCPP_EXCEPTION_HANDLER function 'unicorn' must be "
                          "declared as"));
  EXPECT_CONTAINS(err, line("4:1", "note: 'unicorn' returns 'fastcpp::json'"));
}

TEST_F(DiagnosticsTest, MiddlewareReturningSomethingElse) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::json cors() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_MIDDLEWARE function 'cors' must be declared as "
                            "'fastcpp::Response cors(fastcpp::Request&, const "
                            "fastcpp::CallNext&)', or as 'cors()' returning a middleware "
                            "(fastcpp::CORSMiddleware, GZipMiddleware, TrustedHostMiddleware, "
                            "HTTPSRedirectMiddleware or Middleware)"));
  EXPECT_CONTAINS(err, line("3:1", "note: 'cors' returns 'fastcpp::json'"));
  EXPECT_CONTAINS(err, "1 error generated.");
}

TEST_F(DiagnosticsTest, MiddlewareWithoutCallNext) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::Response timing(fastcpp::Request& request) { return {}; }
)src");
  EXPECT_CONTAINS(err, at("2:1", "error: FASTCPP_MIDDLEWARE function 'timing' must be declared"));
  EXPECT_CONTAINS(err, line("3:19", "note: 'timing' takes 1 parameter"));
}

TEST_F(DiagnosticsTest, MiddlewareWhoseSecondParameterIsNotCallNext) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::Response timing(fastcpp::Request& request, int next) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:53", "note: the second parameter has type 'int'"));
}

TEST_F(DiagnosticsTest, MiddlewareReturningJsonFromCallNext) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::json timing(fastcpp::Request& request, const fastcpp::CallNext& call_next) {
  return {};
}
)src");
  EXPECT_CONTAINS(err, line("3:1", "note: 'timing' returns 'fastcpp::json'"));
}

// What the runtime (Starlette) refuses when the service is made, seen in the constants the
// function's body assigns: an error at the annotation, with where the value is set.
TEST_F(DiagnosticsTest, TrustedHostWildcardInTheMiddleOfAHost) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::TrustedHostMiddleware hosts() {
  fastcpp::TrustedHostMiddleware hosts;
  hosts.allowed_hosts = {"example.com", "api.*.example.com"};
  return hosts;
}
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: TrustedHostMiddleware: Domain wildcard patterns must be like "
                            "'*.example.com'."));
  EXPECT_CONTAINS(err, line("2:1", "note: 'allowed_hosts' is set at " + dir_.path("bad.cpp") +
                                       ":5:3; the service would refuse to start"));
  EXPECT_CONTAINS(err, "1 error generated.");
}

TEST_F(DiagnosticsTest, GZipCompressLevelZlibRefuses) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::GZipMiddleware gzip() {
  fastcpp::GZipMiddleware gzip;
  gzip.minimum_size = 1000;
  gzip.compresslevel = 10;
  return gzip;
}
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: GZipMiddleware: compresslevel=10: Invalid initialization "
                            "option (zlib's levels are -1 to 9)"));
  EXPECT_CONTAINS(err, "'compresslevel' is set at " + dir_.path("bad.cpp") + ":6:3");
}

TEST_F(DiagnosticsTest, CorsOriginRegexThatDoesNotCompile) {
  auto err = diagnose(R"src(FASTCPP_MIDDLEWARE
fastcpp::CORSMiddleware cors() {
  fastcpp::CORSMiddleware cors;
  cors.allow_origins = {"https://example.com"};
  cors.allow_origin_regex = "https://(api|www\\.example\\.org";
  return cors;
}
)src");
  EXPECT_CONTAINS(err, at("2:1", "error: CORSMiddleware: allow_origin_regex: missing )"));
  EXPECT_CONTAINS(err, "'allow_origin_regex' is set at " + dir_.path("bad.cpp") + ":6:3");
}

// Only what certainly runs, and the last value: an assignment in a branch, or one a later
// assignment replaces, is left to the runtime, as is zlib's default level, -1.
TEST_F(DiagnosticsTest, MiddlewareOptionsThatMayNotRunOrAreReplacedAreNotRefused) {
  auto source = dir_.write("fine.cpp", R"src(#include <fastcpp/fastcpp.hpp>
FASTCPP_MIDDLEWARE
fastcpp::TrustedHostMiddleware hosts() {
  fastcpp::TrustedHostMiddleware hosts;
  hosts.allowed_hosts = {"a*"};
  hosts.allowed_hosts = {"*.example.com", "*"};
  if (hosts.www_redirect) hosts.allowed_hosts = {"b*"};
  return hosts;
}
FASTCPP_MIDDLEWARE
fastcpp::GZipMiddleware gzip() {
  fastcpp::GZipMiddleware gzip;
  gzip.compresslevel = -1;
  return gzip;
}
)src");
  auto result = run(generate_args(source));
  EXPECT_EQ(result.status, 0) << result.err;
}

TEST_F(DiagnosticsTest, MiddlewareThatIsARouteToo) {
  auto err = diagnose(R"src(FASTCPP_GET("/")
FASTCPP_MIDDLEWARE
fastcpp::CORSMiddleware cors() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: 'cors' cannot be both a route and a middleware; use "
                            "two functions"));
}

TEST_F(DiagnosticsTest, StatusHandlerMustTakeHttpException) {
  auto err = diagnose(R"src(FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
fastcpp::Response not_found(const fastcpp::Request&, const std::exception& exc) {
  return {};
}
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_EXCEPTION_HANDLER_FOR_STATUS function "
                            "'not_found' must be declared as 'fastcpp::Response "
                            "not_found(const fastcpp::Request&, const "
                            "fastcpp::starlette::HTTPException&)'"));
  EXPECT_CONTAINS(err,
                  line("3:54", "note: the second parameter has type 'const std::exception &'"));
}

// FastAPI's status handlers take Starlette's class: the router's 404 is not FastAPI's.
TEST_F(DiagnosticsTest, StatusHandlerMustTakeStarlettesHttpException) {
  auto err = diagnose(R"src(FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
fastcpp::Response not_found(const fastcpp::Request&, const fastcpp::HTTPException& exc) {
  return {};
}
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_EXCEPTION_HANDLER_FOR_STATUS function "
                            "'not_found' must be declared as 'fastcpp::Response "
                            "not_found(const fastcpp::Request&, const "
                            "fastcpp::starlette::HTTPException&)'"));
  EXPECT_CONTAINS(err, line("3:54",
                            "note: the second parameter has type 'const fastcpp::HTTPException "
                            "&': the router's 404 and 405 are Starlette's HTTPException, "
                            "FastAPI's derives from it"));
}

TEST_F(DiagnosticsTest, AnnotationOnAVariable) {
  auto err = diagnose(R"src(FASTCPP_GET("/counter")
int counter = 0;
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_GET can only annotate a free function; "
                            "'counter' is a variable"));
}

TEST_F(DiagnosticsTest, AnnotationOnAMemberFunction) {
  auto err = diagnose(R"src(struct Api {
  FASTCPP_GET("/items")
  fastcpp::json items();
};
)src");
  EXPECT_CONTAINS(err, line("3:3",
                            "error: FASTCPP_GET can only annotate a free function; "
                            "'Api::items' is a member function"));
}

TEST_F(DiagnosticsTest, AnnotationOnAFunctionTemplate) {
  auto err = diagnose(R"src(template <class T>
FASTCPP_GET("/items")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: FASTCPP_GET can only annotate a free function; "
                            "'items' is a function template"));
}

TEST_F(DiagnosticsTest, TypeAnnotationsOnTheWrongDeclaration) {
  auto err = diagnose(R"src(struct FASTCPP_LITERAL Item {
  int size;
};
enum class FASTCPP_FORBID_EXTRA Color { red };
FASTCPP_LITERAL
FASTCPP_GET("/items")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:8",
                            "error: FASTCPP_LITERAL can only annotate an enum; 'Item' is a "
                            "class"));
  EXPECT_CONTAINS(err, line("5:12",
                            "error: FASTCPP_FORBID_EXTRA can only annotate a struct; 'Color' is "
                            "an enum"));
  EXPECT_CONTAINS(err,
                  line("6:1", "error: FASTCPP_LITERAL can only annotate an enum, not a function"));
}

TEST_F(DiagnosticsTest, UnionOfWhatIsNotAScalar) {
  auto err = diagnose(R"src(#include <variant>
FASTCPP_GET("/items")
fastcpp::json items(std::variant<int, std::vector<int>> v) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("4:57",
                            "error: unsupported parameter type 'std::variant<int, "
                            "std::vector<int>>' for 'v'; use a std::variant of bool, integer "
                            "types, double, std::string and fastcpp::UUID"));
}

TEST_F(DiagnosticsTest, ExcludeOptionWithoutAResponseModel) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE needs a response model: "
                            "'items' must return fastcpp::ResponseModel<T>"));
}

// Every answer would be a 500: UserOut requires `email`, which no UserIn has.
TEST_F(DiagnosticsTest, ResponseModelThatNoAnswerCanFit) {
  auto err = diagnose(R"src(struct UserIn { std::string username; std::string password; };
struct UserOut { std::string username; std::string email; int age = 0; };
FASTCPP_POST("/user/")
fastcpp::ResponseModel<UserOut, UserIn> create_user(UserIn user) { return user; }
FASTCPP_GET("/count")
fastcpp::ResponseModel<UserOut, int> count() { return 1; }
)src");
  EXPECT_CONTAINS(err, line("4:1",
                            "error: response model '::UserOut' requires field 'email', which "
                            "'::UserIn' does not have"));
  EXPECT_CONTAINS(err, line("4:1",
                            "note: every answer would be a ResponseValidationError (a 500): give "
                            "'::UserIn' that field, or the field a default member initializer"));
  EXPECT_CONTAINS(err, line("6:1",
                            "error: response model '::UserOut' is a struct, but 'count' answers "
                            "'int'"));
}

TEST_F(DiagnosticsTest, RoutePathThatIsNotAString) {
  auto err = diagnose(R"src(FASTCPP_GET(42)
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:13",
                            "error: the path of FASTCPP_GET must be a string literal, "
                            "like \"/items/{item_id}\""));
}

TEST_F(DiagnosticsTest, RoutePathWithoutLeadingSlash) {
  auto err = diagnose(R"src(FASTCPP_POST("items")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:14", "error: path \"items\" of FASTCPP_POST must start with '/'"));
}

TEST_F(DiagnosticsTest, UnknownHttpMethod) {
  auto err = diagnose(R"src(FASTCPP_ROUTE("/items", "GET", "FETCH")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:32",
                            "error: HTTP method \"FETCH\" of FASTCPP_ROUTE must be one of "
                            "\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\", \"HEAD\", "
                            "\"OPTIONS\" or \"TRACE\""));
}

TEST_F(DiagnosticsTest, StatusCodeThatIsNotAnInteger) {
  auto err = diagnose(R"src(FASTCPP_POST("/items")
FASTCPP_STATUS_CODE("201")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:21",
                            "error: the status code of FASTCPP_STATUS_CODE must be an "
                            "integer constant, like 404"));
}

TEST_F(DiagnosticsTest, StatusCodeWithoutRoute) {
  auto err = diagnose(R"src(FASTCPP_STATUS_CODE(201)
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_STATUS_CODE needs a route: annotate 'items' "
                            "with FASTCPP_GET, FASTCPP_POST..."));
}

TEST_F(DiagnosticsTest, StatusCodeOnAWebSocket) {
  auto err = diagnose(R"src(FASTCPP_WEBSOCKET("/ws")
FASTCPP_STATUS_CODE(201)
void chat(fastcpp::WebSocket& websocket) {}
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: FASTCPP_STATUS_CODE does not apply to 'chat', which is "
                            "a WebSocket endpoint"));
}

TEST_F(DiagnosticsTest, ConflictingAnnotations) {
  auto err = diagnose(R"src(FASTCPP_GET("/oops")
FASTCPP_EXCEPTION_HANDLER
fastcpp::Response oops(const fastcpp::Request&, const std::exception&) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:1",
                            "error: 'oops' cannot be both a route and an exception "
                            "handler; use two functions"));
  EXPECT_CONTAINS(err, line("2:1", "note: 'oops' is declared a route here"));
}

TEST_F(DiagnosticsTest, ConflictingStatusCodes) {
  auto err = diagnose(R"src(FASTCPP_POST("/items")
FASTCPP_STATUS_CODE(201)
FASTCPP_STATUS_CODE(202)
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, line("4:1", "error: conflicting status codes for 'items': 201 and 202"));
  EXPECT_CONTAINS(err, line("3:1", "note: the first status code is here"));
}

TEST_F(DiagnosticsTest, UnsupportedParameterType) {
  auto err = diagnose(R"src(#include <list>
FASTCPP_GET("/items")
fastcpp::json items(std::list<int> ids) { return {}; }

using Ids = std::list<long>;
FASTCPP_GET("/more-items")
fastcpp::json more_items(Ids ids) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("4:36",
                            "error: unsupported parameter type 'std::list<int>' for 'ids'; "
                            "use std::vector<T>"));
  EXPECT_CONTAINS(err, line("8:30",
                            "error: unsupported parameter type 'Ids' (aka "
                            "'std::list<long>') for 'ids'; use std::vector<T>"));
  EXPECT_CONTAINS(err, "2 errors generated.");
}

TEST_F(DiagnosticsTest, UnsupportedTypeInsideAWrapper) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
fastcpp::json items(fastcpp::Query<std::optional<const char*>> q) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:64",
                            "error: unsupported parameter type 'const char *' for 'q'; "
                            "use std::string"));
}

TEST_F(DiagnosticsTest, UnsupportedFieldType) {
  auto err = diagnose(R"src(#include <set>
struct Order {
  std::string customer;
  std::set<std::string> tags;
};
FASTCPP_POST("/orders")
fastcpp::json create(Order order) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("5:25",
                            "error: unsupported field type 'std::set<std::string>' for "
                            "'Order::tags'; use std::vector<T>"));
}

TEST_F(DiagnosticsTest, NonAggregateBody) {
  auto err = diagnose(R"src(class Account {
 public:
  explicit Account(int id) : id_(id) {}
 private:
  int id_;
};
FASTCPP_POST("/accounts")
fastcpp::json create(Account account) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("9:30",
                            "error: unsupported parameter type 'Account' for 'account'; use "
                            "an aggregate struct (public data members, no user-declared "
                            "constructors, no virtual functions)"));
}

TEST_F(DiagnosticsTest, UnsupportedResultType) {
  auto err = diagnose(R"src(FASTCPP_GET("/name")
const char* name() { return "x"; }
)src");
  EXPECT_CONTAINS(err, line("3:7",
                            "error: unsupported result type 'const char *' for 'name'; use "
                            "std::string"));
}

TEST_F(DiagnosticsTest, UnnamedRouteParameter) {
  auto err = diagnose(R"src(FASTCPP_GET("/items/{item_id}")
fastcpp::json item(int) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:20",
                            "error: parameter 1 of 'item' needs a name, which is its name "
                            "in the request; add [[maybe_unused]] if the function does not "
                            "use it"));
}

TEST_F(DiagnosticsTest, ErrorsInTheSourceAreTheCompilersOwn) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
fastcpp::json items(Missing m) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:21", "error: unknown type name 'Missing'"));
  EXPECT_EQ(err.find("In file included from"), std::string::npos) << err;
}

TEST_F(DiagnosticsTest, ModelChecksPrintLikeCompilerErrors) {
  // A path parameter without a function parameter: found by check_model, printed by main.
  auto err = diagnose(R"src(FASTCPP_GET("/items/{item_id}")
fastcpp::json items() { return {}; }
)src");
  EXPECT_CONTAINS(err, at("2:1", "error: "));
}

// Constraints and metadata (docs/constraints.md): each misuse is an error at its annotation.
TEST_F(DiagnosticsTest, ConstraintOnATypeItDoesNotApplyTo) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
static int f(FASTCPP_MAX_LENGTH(3) int limit, FASTCPP_GE(1) std::string q) { return limit; }
)src");
  EXPECT_CONTAINS(
      err,
      line("3:14", "error: FASTCPP_MAX_LENGTH does not apply to parameter 'limit' of type 'int'"));
  EXPECT_CONTAINS(
      err,
      line("3:14",
           "note: FASTCPP_MIN_LENGTH and _MAX_LENGTH apply to a std::string or a std::vector"));
  EXPECT_CONTAINS(
      err, line("3:47", "error: FASTCPP_GE does not apply to parameter 'q' of type 'std::string'"));
  EXPECT_CONTAINS(err, "2 errors generated.");
}

// A Decimal's max_digits/decimal_places apply to nothing else, nor a bound written as a string.
TEST_F(DiagnosticsTest, DecimalConstraintsOnlyOnADecimal) {
  auto err = diagnose(R"src(FASTCPP_GET("/prices")
static int f(FASTCPP_MAX_DIGITS(5) double a, FASTCPP_GE(1) fastcpp::Decimal b,
             FASTCPP_LE("2.5") double c) { return 0; }
)src");
  EXPECT_CONTAINS(
      err,
      line("3:14", "error: FASTCPP_MAX_DIGITS does not apply to parameter 'a' of type 'double'"));
  EXPECT_CONTAINS(
      err,
      line("3:14", "note: FASTCPP_MAX_DIGITS and _DECIMAL_PLACES apply to a fastcpp::Decimal"));
  EXPECT_CONTAINS(err, line("4:14",
                            "error: FASTCPP_LE(\"2.5\") on parameter 'c' of type 'double': a "
                            "bound written as a string is a fastcpp::Decimal's"));
  EXPECT_CONTAINS(err, "2 errors generated.");
}

// A Decimal's bounds: a decimal, a positive multiple_of fastcpp divides by, and some value left.
TEST_F(DiagnosticsTest, DecimalBoundsThatCannotBe) {
  auto err = diagnose(R"src(FASTCPP_GET("/prices")
static int f(FASTCPP_GE("1.5x") fastcpp::Decimal a, FASTCPP_MULTIPLE_OF("-0.1") fastcpp::Decimal b,
             FASTCPP_MULTIPLE_OF("0.1234567890123456789") fastcpp::Decimal c,
             FASTCPP_GT("1E+3") FASTCPP_LE(1000) fastcpp::Decimal d) { return 0; }
)src");
  EXPECT_CONTAINS(err, line("3:14",
                            "error: FASTCPP_GE(\"1.5x\") on parameter 'a' is not a finite "
                            "decimal"));
  EXPECT_CONTAINS(err, line("3:53", "error: FASTCPP_MULTIPLE_OF(\"-0.1\") must be positive"));
  EXPECT_CONTAINS(err, line("4:14",
                            "error: FASTCPP_MULTIPLE_OF(\"0.1234567890123456789\") has more "
                            "than 18 significant digits"));
  EXPECT_CONTAINS(err, line("5:33",
                            "error: contradictory bounds for parameter 'd': FASTCPP_GT(\"1E+3\") "
                            "and FASTCPP_LE(1000) leave no value"));
  EXPECT_CONTAINS(err, "4 errors generated.");
}

TEST_F(DiagnosticsTest, DecimalPlacesTakeACount) {
  auto err = diagnose(R"src(FASTCPP_GET("/prices")
static int f(FASTCPP_DECIMAL_PLACES(-1) fastcpp::Decimal c) { return 0; }
)src");
  EXPECT_CONTAINS(
      err, line("3:37", "error: FASTCPP_DECIMAL_PLACES takes a non-negative integer constant"));
}

TEST_F(DiagnosticsTest, BoundsAnIntegerTypeCannotHave) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
static int f(FASTCPP_GE(1.5) int a, FASTCPP_LE(40000) short b, FASTCPP_MULTIPLE_OF(0) int c,
             FASTCPP_MULTIPLE_OF(0.0) double d, FASTCPP_GE(-1) unsigned e) {
  return 0;
}
)src");
  EXPECT_CONTAINS(err, line("3:14",
                            "error: FASTCPP_GE(1.5) on integer parameter 'a': the bound of an "
                            "integer must be an integer"));
  EXPECT_CONTAINS(
      err,
      line("3:37", "error: FASTCPP_LE(40000) is outside the range of 'short', -32768 to 32767"));
  EXPECT_CONTAINS(err, line("3:64", "error: FASTCPP_MULTIPLE_OF(0) must be positive"));
  EXPECT_CONTAINS(err, line("4:14", "error: FASTCPP_MULTIPLE_OF(0) must be positive"));
  EXPECT_CONTAINS(
      err, line("4:49",
                "error: FASTCPP_GE(-1) is outside the range of 'unsigned int', 0 to 4294967295"));
  EXPECT_CONTAINS(err, "5 errors generated.");
}

// Bounds that leave no value, at the later of the two: an integer strictly between 1 and 2
// has none, a double has.
TEST_F(DiagnosticsTest, ContradictoryBoundsAndLengths) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
static int f(FASTCPP_GE(10) FASTCPP_LE(1) int a, FASTCPP_GT(1) FASTCPP_LT(2) int b,
             FASTCPP_GT(1) FASTCPP_LT(2) double fine, FASTCPP_LT(5) FASTCPP_GT(5.0) double c,
             FASTCPP_MIN_LENGTH(5) FASTCPP_MAX_LENGTH(2) std::string d) {
  return 0;
}
)src");
  EXPECT_CONTAINS(err, line("3:29",
                            "error: contradictory bounds for parameter 'a': FASTCPP_GE(10) and "
                            "FASTCPP_LE(1) leave no value"));
  EXPECT_CONTAINS(err, line("3:64",
                            "error: contradictory bounds for parameter 'b': FASTCPP_GT(1) and "
                            "FASTCPP_LT(2) leave no value"));
  EXPECT_CONTAINS(err, line("4:69",
                            "error: contradictory bounds for parameter 'c': FASTCPP_GT(5) and "
                            "FASTCPP_LT(5) leave no value"));
  EXPECT_CONTAINS(err, line("5:36",
                            "error: contradictory lengths for parameter 'd': FASTCPP_MIN_LENGTH(5) "
                            "is greater than FASTCPP_MAX_LENGTH(2)"));
  EXPECT_CONTAINS(err, "4 errors generated.");
}

// A pattern the runtime would refuse, with its reason (fastcpp::detail::check_pattern).
TEST_F(DiagnosticsTest, PatternTheRuntimeRefuses) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
static int f(FASTCPP_PATTERN(R"(\bcat\b)") std::string q, FASTCPP_PATTERN("(?=a)") std::string r) {
  return 0;
}
)src");
  EXPECT_CONTAINS(
      err,
      line(
          "3:14",
          R"(error: invalid pattern "\bcat\b" for parameter 'q': \b (a Unicode word boundary in pydantic's engine) is not supported)"));
  EXPECT_CONTAINS(err, at("3:59", R"x(error: invalid pattern "(?=a)" for parameter 'r': )x"));
  EXPECT_CONTAINS(err, "2 errors generated.");
}

// On a struct's members, and the metadata FastAPI has only for some parameters.
TEST_F(DiagnosticsTest, MembersAndMetadata) {
  auto err = diagnose(R"src(struct Item {
  FASTCPP_MAX_LENGTH(2) int size;
  FASTCPP_EXCLUDE_FROM_SCHEMA FASTCPP_ALIAS("n") std::string name;
};
FASTCPP_POST("/items/{id}")
static int f(FASTCPP_ALIAS("item-id") int id, FASTCPP_EXAMPLES("[1,") int n, Item item) {
  return item.size + id + n;
}
)src");
  EXPECT_CONTAINS(err, line("7:14", "error: FASTCPP_ALIAS does not apply to parameter 'id'"));
  EXPECT_CONTAINS(
      err,
      line("7:14", "note: an alias names a query, header, cookie or form parameter on the wire"));
  EXPECT_CONTAINS(err, line("7:64", "error: the examples of parameter 'n' must be a JSON array"));
  EXPECT_CONTAINS(
      err,
      line("3:3", "error: FASTCPP_MAX_LENGTH does not apply to member 'Item::size' of type 'int'"));
  EXPECT_CONTAINS(
      err, line("4:3", "error: FASTCPP_EXCLUDE_FROM_SCHEMA does not apply to member 'Item::name'"));
  EXPECT_CONTAINS(err, line("4:31", "error: FASTCPP_ALIAS does not apply to member 'Item::name'"));
  EXPECT_CONTAINS(err, "5 errors generated.");
}

// A validator must take and return the value's type: reported at the function's name in the
// annotation, with a note at its declaration.
TEST_F(DiagnosticsTest, ValidatorSignatures) {
  auto err = diagnose(R"src(static int twice(int value) { return 2 * value; }
static long widen(int value) { return value; }
static int mutate(int& value) { return value; }
struct Item {
  FASTCPP_VALIDATOR(widen) int size;
};
struct FASTCPP_VALIDATOR(twice) Order {
  int id;
};
FASTCPP_POST("/items")
static int f(FASTCPP_VALIDATOR(twice, mutate) int s, FASTCPP_VALIDATOR(twice) std::string t,
             FASTCPP_VALIDATOR(3) int u, Item item, fastcpp::Body<Order> order) {
  return item.size + s + u + order.value().id + static_cast<int>(t.size());
}
)src");
  EXPECT_CONTAINS(err, line("12:39",
                            "error: validator 'mutate' must take and return the value's "
                            "type 'int', like 'int mutate(int value)'; it is 'int (int &)'"));
  EXPECT_CONTAINS(err, line("4:12", "note: 'mutate' is declared here"));
  EXPECT_CONTAINS(err, line("12:72",
                            "error: validator 'twice' must take and return the value's "
                            "type 'std::string', like 'std::string twice(std::string "
                            "value)'; it is 'int (int)'"));
  EXPECT_CONTAINS(err,
                  line("13:32", "error: the arguments of FASTCPP_VALIDATOR must be functions"));
  EXPECT_CONTAINS(err, line("6:21",
                            "error: validator 'widen' must take and return the value's "
                            "type 'int', like 'int widen(int value)'; it is 'long (int)'"));
  EXPECT_CONTAINS(err, line("8:26",
                            "error: validator 'twice' must take and return the value's "
                            "type 'Order', like 'Order twice(Order value)'; it is 'int "
                            "(int)'"));
  EXPECT_CONTAINS(err, "5 errors generated.");
}

// FASTCPP_EMBED, FASTCPP_KEEP_UNDERSCORES and FASTCPP_VALIDATOR where FastAPI has no such option.
TEST_F(DiagnosticsTest, ParameterOptionsWhereFastApiHasNone) {
  auto err = diagnose(R"src(struct Item {
  FASTCPP_EMBED int size;
};
FASTCPP_POST("/items")
static int f(FASTCPP_EMBED int q, FASTCPP_KEEP_UNDERSCORES int r,
             FASTCPP_KEEP_UNDERSCORES FASTCPP_ALIAS("X-S") fastcpp::Header<int> s, Item item) {
  return item.size + q + r + s.value();
}
)src");
  EXPECT_CONTAINS(err, line("6:14", "error: FASTCPP_EMBED does not apply to parameter 'q'"));
  EXPECT_CONTAINS(err, line("6:14",
                            "note: it reads a body parameter from the body object's key "
                            "of its name"));
  EXPECT_CONTAINS(err,
                  line("6:35", "error: FASTCPP_KEEP_UNDERSCORES does not apply to parameter 'r'"));
  EXPECT_CONTAINS(err, line("7:14",
                            "error: FASTCPP_KEEP_UNDERSCORES has no effect on parameter "
                            "'s': it has an alias"));
  EXPECT_CONTAINS(err, line("3:3", "error: FASTCPP_EMBED does not apply to member 'Item::size'"));
  EXPECT_CONTAINS(err, "4 errors generated.");
}

// The arguments, read by the frontend: a number, a length, a string literal, each keyword once.
TEST_F(DiagnosticsTest, ConstraintArgumentsOfTheWrongKind) {
  auto err = diagnose(R"src(FASTCPP_GET("/items")
static int f(FASTCPP_GE(true) int a, FASTCPP_MIN_LENGTH(-1) std::string b,
             FASTCPP_PATTERN(3) std::string c, FASTCPP_GE(1) FASTCPP_GE(2) int d) {
  return 0;
}
FASTCPP_GE(1)
FASTCPP_GET("/other")
static int g() { return 0; }
)src");
  EXPECT_CONTAINS(
      err,
      line("3:25",
           "error: FASTCPP_GE takes an integer or floating-point constant, like 1 or 0.5, or a "
           "fastcpp::Decimal's as a string literal, like \"0.1\""));
  EXPECT_CONTAINS(err,
                  line("3:57", "error: FASTCPP_MIN_LENGTH takes a non-negative integer constant"));
  EXPECT_CONTAINS(err,
                  line("4:30", "error: the pattern of FASTCPP_PATTERN must be a string literal"));
  EXPECT_CONTAINS(err, line("4:62", "error: FASTCPP_GE is given twice"));
  EXPECT_CONTAINS(err, line("7:1",
                            "error: FASTCPP_GE annotates a parameter of a route or a member of a "
                            "struct, not a function"));
  EXPECT_CONTAINS(err, "5 errors generated.");
}

TEST_F(DiagnosticsTest, UnknownCompileFlag) {
  auto source = dir_.write("good.cpp", "int x;\n");
  auto args = generate_args(source);
  args.push_back("-fno-such-flag");
  auto result = run(args);
  EXPECT_EQ(result.status, 1);
  EXPECT_CONTAINS(result.err, "fastcpp-gen: error: unknown argument: '-fno-such-flag'");
  EXPECT_FALSE(fs::exists(output()));
}

TEST_F(DiagnosticsTest, UsageErrorsAndHelp) {
  auto source = dir_.write("good.cpp", "int x;\n");
  auto missing_service = run({"--output", output(), source});
  EXPECT_EQ(missing_service.status, 2);
  EXPECT_CONTAINS(missing_service.err, "fastcpp-gen: error: --service is required");
  EXPECT_CONTAINS(missing_service.err, "usage: fastcpp-gen");

  EXPECT_EQ(run({"--service", "s", "--output", output()}).status, 2);
  EXPECT_EQ(run({"--service", "s", "--output", output(), "--bogus", source}).status, 2);
  EXPECT_EQ(run({"--service", "s", source}).status, 2);
  EXPECT_EQ(run({"--service"}).status, 2);

  auto help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_CONTAINS(help.out, "usage: fastcpp-gen --service NAME --output FILE");
  EXPECT_FALSE(fs::exists(output()));
}

TEST_F(DiagnosticsTest, WritesOutputAndDepfileOnlyWhenChanged) {
  auto source = dir_.write("my app.cpp", R"src(#include <fastcpp/fastcpp.hpp>
FASTCPP_GET("/items/{item_id}")
fastcpp::json read_item(int item_id) { return {{"item_id", item_id}}; }
)src");
  auto first = run(generate_args(source, /*with_pch=*/false));
  ASSERT_EQ(first.status, 0) << first.err;
  ASSERT_TRUE(fs::exists(output()));
  EXPECT_NE(slurp(output()).find("add_routes(service);"), std::string::npos);
  EXPECT_NE(slurp(source_output(source)).find("read_item(std::move(item_id))"), std::string::npos);

  auto depfile_text = slurp(depfile());
  EXPECT_EQ(depfile_text.rfind(output() + ":", 0), 0u) << depfile_text;
  EXPECT_CONTAINS(depfile_text, dir_.path("my\\ app.cpp"));
  EXPECT_CONTAINS(depfile_text, "/fastcpp/params.hpp");

  auto written = fs::last_write_time(output());
  fs::last_write_time(output(), written - std::chrono::hours(1));
  fs::last_write_time(source_output(source), written - std::chrono::hours(1));
  auto second = run(generate_args(source, /*with_pch=*/false));
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(fs::last_write_time(output()), written - std::chrono::hours(1));
  EXPECT_EQ(fs::last_write_time(source_output(source)), written - std::chrono::hours(1));

  // The same text with the precompiled header; the depfile names the header instead of the
  // runtime's files inside it.
  auto with_pch = run(generate_args(source));
  ASSERT_EQ(with_pch.status, 0) << with_pch.err;
  EXPECT_EQ(fs::last_write_time(output()), written - std::chrono::hours(1));
  EXPECT_CONTAINS(slurp(depfile()), FASTCPP_TEST_PCH);

  auto dump = run({"--service", "bad", "--dump-model", source, "--", "-std=c++17",
                   testing::runtime_include_flag()});
  EXPECT_EQ(dump.status, 0) << dump.err;
  EXPECT_CONTAINS(dump.out, "\"read_item\"");
}

// Each source is parsed on its own, as its generated file is compiled: statics of the same
// name in two sources are two functions, and each source's file calls its own.
TEST_F(DiagnosticsTest, TwoSourcesMayDefineStaticsOfTheSameName) {
  const std::string code = R"src(#include <fastcpp/fastcpp.hpp>
namespace { struct Oops {}; }
FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response on_oops(const fastcpp::Request&, const Oops&) { return {}; }
FASTCPP_GET("/NAME")
static fastcpp::json hello() { return {}; }
)src";
  auto first = dir_.write("first.cpp", code);
  std::string second_code = code;
  second_code.replace(second_code.find("NAME"), 4, "second");
  // No handler in the second: its Oops is its own, and unhandled.
  second_code.replace(second_code.find("FASTCPP_EXCEPTION_HANDLER"), 25, "");
  auto second = dir_.write("second.cpp", second_code);
  auto args = generate_args(first);
  args.insert(args.begin() + static_cast<long>(args.size()) - 3, second);
  auto result = run(args);
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_CONTAINS(slurp(source_output(first)), "return fastcpp::detail::respond(::hello(), 200);");
  EXPECT_CONTAINS(slurp(source_output(second)), "return fastcpp::detail::respond(::hello(), 200);");
  EXPECT_EQ(slurp(source_output(second)).find("Oops"), std::string::npos);
}

// The one split the generator cannot make: the catch chain knows classes by name, and two
// sources' handled classes of one name are two classes.
TEST_F(DiagnosticsTest, TwoSourcesHandlingClassesOfTheSameName) {
  const std::string code = R"src(#include <fastcpp/fastcpp.hpp>
namespace {
struct Oops {};
}  // namespace
FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response on_oops(const fastcpp::Request&, const Oops&) { return {}; }
)src";
  auto first = dir_.write("first.cpp", code);
  auto second = dir_.write("second.cpp", code);
  auto args = generate_args(first);
  args.insert(args.begin() + static_cast<long>(args.size()) - 3, second);
  auto result = run(args);
  EXPECT_EQ(result.status, 1);
  EXPECT_CONTAINS(result.err, second +
                                  ":5:1: error: exception class 'Oops' of this handler is "
                                  "not the class of the same name that 'on_oops' handles, declared "
                                  "at " +
                                  first + ":3:8\n");
  EXPECT_CONTAINS(result.err, second +
                                  ":5:1: note: the two sources each define a 'Oops'; "
                                  "fastcpp-gen cannot tell which one a throw raises: rename one of "
                                  "them\n");
  EXPECT_FALSE(fs::exists(output()));
}

// Dependencies (docs/dependencies.md): misuse is an error at the parameter or annotation.
// A cycle cannot be written: a function is declared only after its parameter list, so neither
// its own parameters nor those of a function declared before it can name it in a Depends<>.
// The model's check of it is tests/model/dependencies_test.cpp's.

TEST_F(DiagnosticsTest, VoidDependencyAsAParameter) {
  auto err = diagnose(R"src(static void verify_token(fastcpp::Header<std::string> x_token) {}
FASTCPP_GET("/x")
static int x(fastcpp::Depends<verify_token> token) { return 1; }
)src");
  // The compiler refuses it first, with the hint (the generator's own check is the model's).
  EXPECT_CONTAINS(err,
                  "error: static assertion failed due to requirement "
                  "'!std::is_void_v<void>': fastcpp::Depends<f>: f returns void, so there is "
                  "no value to pass; list it in FASTCPP_DEPENDENCIES(f) on the route instead, "
                  "or return a value");
  EXPECT_CONTAINS(err, line("4:45",
                            "note: in instantiation of template class "
                            "'fastcpp::Depends<&verify_token>' requested here"));
}

TEST_F(DiagnosticsTest, MemberFunctionAsADependency) {
  auto err = diagnose(R"src(struct Users {
  static int current();
  int count();
};
FASTCPP_GET("/x")
FASTCPP_DEPENDENCIES(&Users::count)
static int x() { return 1; }
)src");
  EXPECT_CONTAINS(err, at("7:22",
                          "error: 'Users::count' cannot be a dependency: it is a member "
                          "function"));
}

TEST_F(DiagnosticsTest, StaticMemberFunctionAsADependency) {
  auto err = diagnose(R"src(struct Users {
  static int current() { return 1; }
};
FASTCPP_GET("/x")
static int x(fastcpp::Depends<Users::current> user) { return *user; }
)src");
  EXPECT_CONTAINS(err, line("6:47",
                            "error: 'Users::current' cannot be a dependency: it is a "
                            "member function"));
  EXPECT_CONTAINS(err, line("3:14", "note: 'Users::current' is declared here"));
}

TEST_F(DiagnosticsTest, DependsOfSomethingElseThanAFunction) {
  auto err = diagnose(R"src(FASTCPP_GET("/x")
static int x(fastcpp::Depends<static_cast<int (*)()>(nullptr)> user) { return 1; }
)src");
  EXPECT_CONTAINS(err, line("3:64",
                            "error: the argument of fastcpp::Depends must be a function, "
                            "like fastcpp::Depends<get_current_user>"));
}

TEST_F(DiagnosticsTest, DependencyParameterMisuseIsReportedAtIt) {
  auto err = diagnose(R"src(static int find(fastcpp::Path<int> id) { return id; }
FASTCPP_GET("/items")
static int x(fastcpp::Depends<find> item) { return *item; }
)src");
  EXPECT_CONTAINS(err, line("2:36",
                            "error: parameter 'id' is declared Path<T> but '{id}' is not in the "
                            "path '/items'"));
}

TEST_F(DiagnosticsTest, DependenciesOnAnExceptionHandler) {
  auto err = diagnose(R"src(static void check() {}
FASTCPP_EXCEPTION_HANDLER FASTCPP_DEPENDENCIES(check)
fastcpp::Response h(const fastcpp::Request&, const std::exception&) { return {}; }
)src");
  EXPECT_CONTAINS(err, line("3:27",
                            "error: FASTCPP_DEPENDENCIES does not apply to 'h', which is "
                            "an exception handler"));
}

// The service's dependencies (FastAPI's `FastAPI(dependencies=[...])`): FASTCPP_DEPENDENCIES on
// the FASTCPP_APP, checked as a route's are.
TEST_F(DiagnosticsTest, AppDependencyThatIsNotAFunction) {
  auto err = diagnose(R"src(constexpr int token = 3;
FASTCPP_DEPENDENCIES(token)
FASTCPP_APP(fastcpp::FastAPI());
)src");
  EXPECT_CONTAINS(err, at("3:22",
                          "error: the arguments of FASTCPP_DEPENDENCIES must be functions or "
                          "fastcpp::security objects, like FASTCPP_DEPENDENCIES(verify_token) or "
                          "FASTCPP_DEPENDENCIES(&api_key)"));
}

TEST_F(DiagnosticsTest, OtherAnnotationOnTheApp) {
  auto err = diagnose(R"src(FASTCPP_TAGS("all")
FASTCPP_APP(fastcpp::FastAPI());
)src");
  EXPECT_CONTAINS(err, line("2:1",
                            "error: FASTCPP_TAGS does not apply to FASTCPP_APP; only "
                            "FASTCPP_DEPENDENCIES does"));
}

TEST_F(DiagnosticsTest, AppDependencyParameterItsSourceCannotHold) {
  auto err = diagnose(R"src(struct Opaque {};
static void check(fastcpp::Header<Opaque> x_token) {}
FASTCPP_DEPENDENCIES(check)
FASTCPP_APP(fastcpp::FastAPI());
FASTCPP_GET("/items")
static int x() { return 1; }
)src");
  EXPECT_CONTAINS(err, dir_.path("bad.cpp") + ":3:");
}

// Each route's generated file includes its own source: a service-wide dependency the app's
// source declares cannot be called from another source's routes.
TEST_F(DiagnosticsTest, AppDependencyInvisibleToAnotherSource) {
  auto first = dir_.write("first.cpp", R"src(#include <fastcpp/fastcpp.hpp>
static void check() {}
FASTCPP_DEPENDENCIES(check)
FASTCPP_APP(fastcpp::FastAPI());
)src");
  auto second = dir_.write("second.cpp", R"src(#include <fastcpp/fastcpp.hpp>
FASTCPP_GET("/items")
static int items() { return 1; }
)src");
  auto args = generate_args(first);
  args.insert(args.begin() + static_cast<long>(args.size()) - 3, second);
  auto result = run(args);
  EXPECT_EQ(result.status, 1);
  EXPECT_CONTAINS(result.err, first + ":3:22: error: 'check' is declared in " + first +
                                  ", so the routes of " + second + " cannot call it\n");
  EXPECT_FALSE(fs::exists(output()));
}

// A security object as a dependency (Depends<&key>): the document's scheme is read from its
// definition, so its name must be a string literal.
TEST_F(DiagnosticsTest, SecurityObjectWithoutALiteralName) {
  auto err = diagnose(R"src(#include <fastcpp/security.hpp>
static const std::string name = "X-Key";
static const fastcpp::security::APIKeyHeader key(name);
FASTCPP_GET("/items")
static int items(fastcpp::Depends<&key> k) { return 1; }
)src");
  EXPECT_CONTAINS(err, line("6:41",
                            "error: 'key' cannot be a dependency: the OpenAPI document needs its "
                            "name as a string literal in its definition, like "
                            "APIKeyHeader(\"X-API-Key\")"));
}

// A form field beside a JSON body (a request has one body), a struct as a form field, a form
// field of a WebSocket endpoint, and FASTCPP_EMBED on one (every form field is embedded).
TEST_F(DiagnosticsTest, FormParameters) {
  auto err = diagnose(R"src(struct Item { int n; };
FASTCPP_POST("/mixed")
static int mixed(fastcpp::Form<int> n, Item item) { return n + item.n; }
FASTCPP_POST("/struct")
static int structured(fastcpp::Form<Item> item) { return item.n; }
FASTCPP_WEBSOCKET("/ws")
static void ws(fastcpp::WebSocket& websocket, fastcpp::Form<int> n) { (void)websocket; (void)n; }
FASTCPP_POST("/embed")
static int embedded(FASTCPP_EMBED fastcpp::Form<int> n) { return n; }
)src");
  EXPECT_CONTAINS(err, line("4:37",
                            "error: form parameter 'n' and body parameter 'item' cannot be read "
                            "from the same request"));
  EXPECT_CONTAINS(err, line("6:43", "error: form parameter 'item' cannot be of type '::Item'"));
  EXPECT_CONTAINS(err,
                  line("8:66", "error: WebSocket endpoint 'ws' cannot have form parameter 'n'"));
  EXPECT_CONTAINS(err, line("10:21", "error: FASTCPP_EMBED does not apply to parameter 'n'"));
  EXPECT_CONTAINS(err, "4 errors generated.");
}

}  // namespace
}  // namespace fastcpp::gen

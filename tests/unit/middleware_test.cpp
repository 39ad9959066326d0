// Middleware as Starlette 0.46 runs it: tests/conformance/middleware.json, recorded from FastAPI
// by tests/reference/record_middleware.py, replayed through the dispatcher with the same
// middleware options and the same routes. Every case must give FastAPI's status, headers (in
// order) and body; a gzip body byte for byte but for its time stamp.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatcher.hpp"
#include "fastcpp/detail/binding.hpp"
#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/websocket.hpp"

namespace fastcpp {
namespace {

const std::string kBig = [] {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "fastcpp ";
  return text;
}();

// record_middleware.py's routes.
void add_routes(Service& service) {
  service.routes.push_back({"/items", {"GET"}, [](const Request&) {
                              return JSONResponse({{"item", "foo"}});
                            }});
  service.routes.push_back(
      {"/big", {"GET"}, [](const Request&) { return PlainTextResponse(kBig); }});
  service.routes.push_back(
      {"/small", {"GET"}, [](const Request&) { return PlainTextResponse("small"); }});
  service.routes.push_back({"/encoded", {"GET"}, [](const Request&) {
                              return PlainTextResponse(kBig, 200, {{"Content-Encoding", "br"}});
                            }});
  service.routes.push_back({"/events", {"GET"}, [](const Request&) {
                              std::string events;
                              for (int i = 0; i < 100; ++i) events += "data: tick\n\n";
                              return Response(events, 200, {}, "text/event-stream");
                            }});
  service.routes.push_back({"/vary", {"GET"}, [](const Request&) {
                              return PlainTextResponse(kBig, 200, {{"Vary", "Cookie"}});
                            }});
  service.routes.push_back({"/own-cors", {"GET"}, [](const Request&) {
                              return PlainTextResponse(
                                  "own", 200,
                                  {{"Access-Control-Allow-Origin", "https://own.example"}});
                            }});
  service.routes.push_back({"/q/{n}", {"GET"}, [](const Request& request) -> Response {
                              detail::Binder in(request);
                              auto n = in.path<int>("n");
                              if (!in.finish()) {
                                return exception_handlers::request_validation_exception_handler(
                                    request, *in.failure().validation_error);
                              }
                              return JSONResponse({{"n", n}});
                            }});
  service.websocket_routes.push_back({"/ws", [](WebSocket& websocket) {
                                        websocket.accept();
                                        websocket.send_text("hello");
                                        websocket.close();
                                      }});
}

// The first answer to a WebSocket handshake: the 101 or an HTTP response instead (a close
// before accepting is one, uvicorn's 403).
class HandshakeTransport : public detail::WebSocketTransport {
 public:
  json answer;
  bool accept() override {
    if (answer.is_null()) answer = {{"accepted", true}};
    return true;
  }
  void deny(const Response& response) override {
    if (!answer.is_null()) return;
    json headers = json::array();
    for (const auto& [name, value] : response.headers) headers.push_back({name, value});
    answer = {{"status", response.status_code}, {"headers", headers}, {"body", response.body}};
  }
  Kind read(std::string& /*message*/) override { return Kind::kClosed; }
  bool send(std::string_view /*data*/, bool /*binary*/) override { return true; }
  void close(int /*code*/, std::string_view /*reason*/) override {}  // after accept() only
};

std::vector<std::string> strings(const json& options, const char* name,
                                 std::vector<std::string> otherwise) {
  if (!options.contains(name)) return otherwise;
  return options[name].get<std::vector<std::string>>();
}

// record_middleware.py's middleware, from a configuration's list.
Middleware middleware(const json& entry) {
  auto kind = entry["kind"].get<std::string>();
  auto options = entry.value("options", json::object());
  if (kind == "cors") {
    CORSMiddleware cors;
    cors.allow_origins = strings(options, "allow_origins", cors.allow_origins);
    cors.allow_methods = strings(options, "allow_methods", cors.allow_methods);
    cors.allow_headers = strings(options, "allow_headers", cors.allow_headers);
    cors.expose_headers = strings(options, "expose_headers", cors.expose_headers);
    cors.allow_credentials = options.value("allow_credentials", false);
    if (options.contains("allow_origin_regex")) {
      cors.allow_origin_regex = options["allow_origin_regex"].get<std::string>();
    }
    cors.max_age = options.value("max_age", cors.max_age);
    return cors;
  }
  if (kind == "gzip") {
    GZipMiddleware gzip;
    gzip.minimum_size = options.value("minimum_size", gzip.minimum_size);
    gzip.compresslevel = options.value("compresslevel", gzip.compresslevel);
    return gzip;
  }
  if (kind == "trusted_host") {
    TrustedHostMiddleware trusted;
    trusted.allowed_hosts = strings(options, "allowed_hosts", trusted.allowed_hosts);
    trusted.www_redirect = options.value("www_redirect", true);
    return trusted;
  }
  if (kind == "https_redirect") return HTTPSRedirectMiddleware{};
  if (kind == "answer") {
    return Middleware([](Request& request, const CallNext& call_next) -> Response {
      if (request.path() == "/answer") return PlainTextResponse("from the middleware", 202);
      if (request.path() == "/middleware-crash") throw std::runtime_error("in the middleware");
      auto response = call_next(request);
      const auto* from_outer = request.header("x-from-outer");
      response.set_header("x-inner", from_outer ? *from_outer : "no");
      return response;
    });
  }
  if (kind == "order") {
    return Middleware([](Request& request, const CallNext& call_next) {
      request.add_header("x-from-outer", "yes");
      auto response = call_next(request);
      const auto* inner = response.header("x-inner");
      response.set_header("x-order", (inner ? *inner : "none") + ",outer");
      return response;
    });
  }
  throw std::invalid_argument("unknown middleware " + kind);
}

json fixture() {
  std::ifstream file(FASTCPP_CONFORMANCE_DIR "/middleware.json");
  std::stringstream text;
  text << file.rdbuf();
  return json::parse(text.str());
}

std::string base64_decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    auto value = kAlphabet.find(c);
    if (value == std::string::npos) continue;
    bits = (bits << 6) | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// A gzip member's bytes 4 to 7 are the time it was written.
std::string without_gzip_time(std::string body) {
  if (body.size() > 8 && body.compare(0, 2, "\x1f\x8b") == 0) body.replace(4, 4, 4, '\0');
  return body;
}

class MiddlewareConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(MiddlewareConformance, AnswersAsStarlette) {
  auto all = fixture();
  const json* config = nullptr;
  for (const auto& candidate : all["configs"]) {
    if (candidate["name"] == GetParam()) config = &candidate;
  }
  ASSERT_NE(config, nullptr);
  Service service;
  add_routes(service);
  for (const auto& entry : (*config)["middleware"]) service.middleware.push_back(middleware(entry));
  detail::Dispatcher dispatcher(std::move(service));

  for (const auto& c : (*config)["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const auto& sent = c["request"];
    Request::Pairs headers;
    for (const auto& header : sent["headers"]) headers.emplace_back(header[0], header[1]);
    bool websocket = sent["method"] == "WEBSOCKET";
    Request request(websocket ? "GET" : sent["method"].get<std::string>(),
                    sent["target"].get<std::string>(), std::move(headers));
    request.set_client("testclient", 50000);
    request.set_server_address("testserver");
    const auto& expected = c["response"];
    if (websocket) {
      HandshakeTransport transport;
      dispatcher.handle_websocket(request, transport);
      if (expected.contains("status")) {
        json wanted = expected;
        wanted["body"] = base64_decode(wanted["body_base64"]);
        wanted.erase("body_base64");
        EXPECT_EQ(transport.answer, wanted);
      } else if (expected.contains("close_code")) {
        // A close before accepting is uvicorn's 403, whatever its code.
        EXPECT_EQ(transport.answer, json::parse(R"({"status": 403,
            "headers": [["content-type", "text/plain"], ["content-length", "0"]], "body": ""})"));
      } else {
        EXPECT_EQ(transport.answer, expected);
      }
      continue;
    }
    auto response = dispatcher.handle(request);

    Headers expected_headers;
    for (const auto& header : expected["headers"])
      expected_headers.emplace_back(header[0], header[1]);
    if (expected["status"] == 500) {
      // Beyond Starlette, whose 500 is outside every middleware: it has CORS headers too.
      expected_headers.emplace_back("access-control-allow-origin", "https://example.com");
      expected_headers.emplace_back("vary", "Origin");
    }
    EXPECT_EQ(response.status_code, expected["status"].get<int>());
    EXPECT_EQ(response.headers, expected_headers);
    EXPECT_EQ(without_gzip_time(response.body),
              without_gzip_time(base64_decode(expected["body_base64"])));
  }
}

INSTANTIATE_TEST_SUITE_P(Recorded, MiddlewareConformance,
                         ::testing::Values("cors-listed", "cors-any-origin", "cors-everything",
                                           "cors-everything-credentials", "cors-regex-credentials",
                                           "gzip-default", "gzip-small-fast", "gzip-zlib-default",
                                           "trusted-host", "trusted-host-no-www-redirect",
                                           "https-redirect", "stack"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(MiddlewareFixtureTest, ReplaysEveryRecordedConfiguration) {
  EXPECT_EQ(fixture()["configs"].size(), 12u);
}

// ---- Beyond the fixture ----------------------------------------------------------------------

TEST(MiddlewareTest, TheLastAddedIsTheOutermost) {
  Service service;
  add_routes(service);
  for (const char* name : {"first", "second"}) {
    service.middleware.emplace_back([name](Request& request, const CallNext& call_next) {
      auto response = call_next(request);
      const auto* seen = response.header("x-seen");
      response.set_header("x-seen", (seen ? *seen + "," : std::string()) + name);
      return response;
    });
  }
  detail::Dispatcher dispatcher(std::move(service));
  Request request("GET", "/items", {});
  EXPECT_EQ(*dispatcher.handle(request).header("x-seen"), "first,second");
}

TEST(MiddlewareTest, AnExceptionCallNextRaisesReachesTheMiddleware) {
  Service service;
  service.routes.push_back({"/crash", {"GET"}, [](const Request&) -> Response {
                              throw std::runtime_error("secret internals");
                            }});
  service.middleware.emplace_back([](Request& request, const CallNext& call_next) -> Response {
    try {
      return call_next(request);
    } catch (const std::runtime_error&) {
      return PlainTextResponse("caught in the middleware", 503);
    }
  });
  detail::Dispatcher dispatcher(std::move(service));
  Request request("GET", "/crash", {});
  std::exception_ptr unhandled;
  auto response = dispatcher.handle(request, &unhandled);
  EXPECT_EQ(response.status_code, 503);
  EXPECT_EQ(response.body, "caught in the middleware");
  EXPECT_FALSE(unhandled);
}

TEST(MiddlewareTest, AnHttpExceptionInAMiddlewareIsAServerError) {
  // As in Starlette: the exception handlers are inside the middleware.
  Service service;
  add_routes(service);
  service.middleware.emplace_back(
      [](Request&, const CallNext&) -> Response { throw HTTPException(401, "no"); });
  detail::Dispatcher dispatcher(std::move(service));
  Request request("GET", "/items", {});
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
}

TEST(MiddlewareTest, TheServerErrorHasCorsHeadersAndTheExceptionHandlersAnswer) {
  Service service;
  service.routes.push_back({"/crash", {"GET"}, [](const Request&) -> Response {
                              throw std::runtime_error("secret internals");
                            }});
  service.handle_server_error = [](const Request&, const std::exception&) {
    return JSONResponse(500, {{"error", "sorry"}});
  };
  CORSMiddleware cors;
  cors.allow_origins = {"*"};
  cors.expose_headers = {"X-Total"};
  service.middleware.emplace_back(cors);
  detail::Dispatcher dispatcher(std::move(service));
  Request request("GET", "/crash", {{"Origin", "https://example.com"}});
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, R"({"error":"sorry"})");
  EXPECT_EQ(*response.header("access-control-allow-origin"), "*");
  EXPECT_EQ(*response.header("access-control-expose-headers"), "X-Total");
}

TEST(MiddlewareTest, InvalidOptionsAreRefusedWhenTheMiddlewareIsMade) {
  CORSMiddleware cors;
  cors.allow_origin_regex = "https://(";
  EXPECT_THROW(Middleware{cors}, std::invalid_argument);
  TrustedHostMiddleware trusted;
  trusted.allowed_hosts = {"example.*"};
  EXPECT_THROW(Middleware{trusted}, std::invalid_argument);
  trusted.allowed_hosts = {"*example.com"};
  EXPECT_THROW(Middleware{trusted}, std::invalid_argument);
  GZipMiddleware gzip;
  gzip.compresslevel = 10;
  EXPECT_THROW(Middleware{gzip}, std::invalid_argument);
}

// What Starlette accepts and refuses when the app is built or at the first answer
// (tests/reference/middleware_options.py): the same values, the same outcome.
TEST(MiddlewareTest, OptionsAreCheckedAsStarletteChecksThem) {
  TrustedHostMiddleware trusted;
  for (const char* refused : {"a*.b.com", "*b.com", "*.*.com", "**"}) {
    trusted.allowed_hosts = {refused};
    try {
      Middleware{trusted};
      ADD_FAILURE() << refused;
    } catch (const std::invalid_argument& error) {
      EXPECT_STREQ(error.what(),
                   "TrustedHostMiddleware: Domain wildcard patterns must be like "
                   "'*.example.com'.");
    }
  }
  for (const char* accepted : {"*.", "", "*"}) {
    trusted.allowed_hosts = {accepted};
    EXPECT_NO_THROW(Middleware{trusted}) << accepted;
  }
  trusted.allowed_hosts = {};
  EXPECT_NO_THROW(Middleware{trusted});
  GZipMiddleware gzip;
  for (int refused : {10, -2}) {
    gzip.compresslevel = refused;
    EXPECT_THROW(Middleware{gzip}, std::invalid_argument) << refused;
  }
  gzip.compresslevel = -1;  // zlib's default level
  EXPECT_NO_THROW(Middleware{gzip});
  gzip.minimum_size = -5;
  EXPECT_NO_THROW(Middleware{gzip});
  CORSMiddleware cors;
  cors.allow_origins = {"*"};
  cors.allow_credentials = true;
  EXPECT_NO_THROW(Middleware{cors});
}

}  // namespace
}  // namespace fastcpp

// The benchmark's floor: the sample services' benchmarked routes written by hand directly on
// cpp-httplib, the way an experienced cpp-httplib user writes a fast service. No fastcpp runtime,
// no generator: regex routes, hand-built JSON strings, nlohmann::json only to parse a body.
//
// It answers the request shapes bench/run.sh measures with the bodies, status codes and
// content types FastAPI (and so fastcpp) sends, byte for byte:
//   GET  /items/{item_id}      200 {"item":"The Foo Wrestlers"} | 404 {"detail":"Item not found"}
//   GET  /unicorns/{name}      200 {"unicorn_name":...}        | 418 {"message":"Oops! ..."}
//   GET  /path/int/{value}     200 {"value":N}                 | 422 pydantic int_parsing list
//   POST /items/  {title,size} 200 echo                        | 422 {"detail":[...],"body":...}
// and runs cpp-httplib with the same connection settings as fastcpp's runtime (thread pool,
// TCP_NODELAY, keep-alive count and timeouts, connections kept open after errors).
//
// Usage: handwritten_server [--host HOST] [--port PORT] [--workers N] [--no-access-log]
#include <httplib.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace {

using Json = nlohmann::ordered_json;  // keeps the client's key order when a body is echoed

constexpr char kJson[] = "application/json";
constexpr char kIntParsingMsg[] =
    "Input should be a valid integer, unable to parse string as an integer";

// A JSON string literal for `text` (quotes included), escaped as Python's json.dumps does with
// ensure_ascii=False for the characters these routes can see.
std::string json_string(std::string_view text) { return Json(std::string(text)).dump(); }

bool parse_int(std::string_view text, std::int64_t& value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

void reply(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJson);
}

// --- GET /items/{item_id} -------------------------------------------------------------------

void read_item(const httplib::Request& req, httplib::Response& res) {
  if (req.matches[1] == "foo") {
    reply(res, 200, R"({"item":"The Foo Wrestlers"})");
  } else {
    reply(res, 404, R"({"detail":"Item not found"})");
  }
}

// --- GET /unicorns/{name} -------------------------------------------------------------------

void read_unicorn(const httplib::Request& req, httplib::Response& res) {
  if (req.matches[1] == "yolo") {
    reply(res, 418, R"({"message":"Oops! yolo did something. There goes a rainbow..."})");
    return;
  }
  reply(res, 200, R"({"unicorn_name":)" + json_string(req.matches[1].str()) + "}");
}

// --- GET /path/int/{value} ------------------------------------------------------------------

void path_int(const httplib::Request& req, httplib::Response& res) {
  std::string_view text(&*req.matches[1].first, static_cast<std::size_t>(req.matches[1].length()));
  std::int64_t value = 0;
  if (parse_int(text, value)) {
    reply(res, 200, R"({"value":)" + std::to_string(value) + "}");
    return;
  }
  reply(res, 422,
        std::string(R"({"detail":[{"type":"int_parsing","loc":["path","value"],"msg":")") +
            kIntParsingMsg + R"(","input":)" + json_string(text) + "}]}");
}

// --- POST /items/ ---------------------------------------------------------------------------

// One pydantic error object, rendered.
std::string error(std::string_view type, std::string_view loc, std::string_view msg,
                  const std::string& input) {
  std::string out = R"({"type":")";
  out.append(type).append(R"(","loc":)").append(loc).append(R"(,"msg":")").append(msg);
  out.append(R"(","input":)").append(input).append("}");
  return out;
}

// pydantic's lax int for a JSON value: integers, floats with a zero fraction, numeric strings.
// Appends the error to `errors` and returns false when the value is not one.
bool validate_int(const Json& value, std::string_view loc, int& out, std::string& errors) {
  auto fail = [&](std::string_view type, std::string_view msg) {
    if (!errors.empty()) errors += ',';
    errors += error(type, loc, msg, value.dump());
    return false;
  };
  std::int64_t wide = 0;
  if (value.is_number_integer()) {
    wide = value.get<std::int64_t>();
  } else if (value.is_boolean()) {
    wide = value.get<bool>() ? 1 : 0;
  } else if (value.is_number_float()) {
    double d = value.get<double>();
    if (d != static_cast<double>(static_cast<std::int64_t>(d))) {
      return fail("int_from_float",
                  "Input should be a valid integer, got a number with a fractional part");
    }
    wide = static_cast<std::int64_t>(d);
  } else if (value.is_string()) {
    if (!parse_int(value.get_ref<const std::string&>(), wide)) {
      return fail("int_parsing", kIntParsingMsg);
    }
  } else {
    return fail("int_type", "Input should be a valid integer");
  }
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    return fail("int_parsing", kIntParsingMsg);
  }
  out = static_cast<int>(wide);
  return true;
}

void create_item(const httplib::Request& req, httplib::Response& res) {
  Json body = req.body.empty() ? Json() : Json::parse(req.body, nullptr, false);
  auto invalid = [&](const std::string& errors, const std::string& echoed) {
    reply(res, 422, R"({"detail":[)" + errors + R"(],"body":)" + echoed + "}");
  };
  if (body.is_discarded()) {
    invalid(R"({"type":"json_invalid","loc":["body",0],"msg":"JSON decode error","input":{},)"
            R"("ctx":{"error":"Expecting value"}})",
            json_string(req.body));
    return;
  }
  if (body.is_null()) {
    invalid(error("missing", R"(["body"])", "Field required", "null"), "null");
    return;
  }
  if (!body.is_object()) {
    invalid(
        error("model_attributes_type", R"(["body"])",
              "Input should be a valid dictionary or object to extract fields from", body.dump()),
        body.dump());
    return;
  }

  std::string errors;
  const std::string* title = nullptr;
  auto title_it = body.find("title");
  if (title_it == body.end()) {
    errors += error("missing", R"(["body","title"])", "Field required", body.dump());
  } else if (!title_it->is_string()) {
    errors += error("string_type", R"(["body","title"])", "Input should be a valid string",
                    title_it->dump());
  } else {
    title = &title_it->get_ref<const std::string&>();
  }
  int size = 0;
  auto size_it = body.find("size");
  if (size_it == body.end()) {
    if (!errors.empty()) errors += ',';
    errors += error("missing", R"(["body","size"])", "Field required", body.dump());
  } else {
    validate_int(*size_it, R"(["body","size"])", size, errors);
  }
  if (!errors.empty()) {
    invalid(errors, body.dump());
    return;
  }
  reply(res, 200,
        R"({"title":)" + json_string(*title) + R"(,"size":)" + std::to_string(size) + "}");
}

// --- the server -----------------------------------------------------------------------------

struct Options {
  std::string host = "127.0.0.1";
  int port = 8000;
  int workers = 16;  // fastcpp's default
};

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--host" && has_value) {
      options.host = argv[++i];
    } else if (arg == "--port" && has_value) {
      options.port = std::atoi(argv[++i]);
    } else if (arg == "--workers" && has_value) {
      options.workers = std::atoi(argv[++i]);
    } else if (arg == "--no-access-log") {
      // There is no access log to turn off; accepted so both servers start the same way.
    } else {
      return false;
    }
  }
  return options.workers > 0;
}

void configure(httplib::Server& server, std::size_t workers) {
  // Each kept-alive connection holds a worker, so the pool must cover the connection count.
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers, workers * 16); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(std::size_t{1} << 30);  // effectively unlimited
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_payload_max_length(16 * 1024 * 1024);

  server.Get(R"(/items/([^/]+))", read_item);
  server.Get(R"(/unicorns/([^/]+))", read_unicorn);
  server.Get(R"(/path/int/([^/]+))", path_int);
  server.Post("/items/", create_item);

  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!req.matched_route.empty() || !res.body.empty()) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_content(res.status == 404 ? R"({"detail":"Not Found"})" : R"({"detail":"Error"})",
                    kJson);
    return httplib::Server::HandlerResponse::Handled;
  });

  // cpp-httplib sends `Connection: close` with every response >= 400 although it keeps the
  // socket open; a client then reconnects for nothing. An API answers 404/422 in normal
  // operation, so keep the connection unless the client itself asked to close it.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // Only routed answers and the router's 404: after a malformed request, closing is right.
    if (res.status < 400 || (req.matched_route.empty() && res.status != 404)) return;
    const auto& connection = req.get_header_value("Connection");
    bool client_closes =
        connection == "close" ||
        (req.version == "HTTP/1.0" && connection != "keep-alive" && connection != "Keep-Alive");
    if (!client_closes) res.headers.erase("Connection");
  });
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr, "usage: %s [--host HOST] [--port PORT] [--workers N] [--no-access-log]\n",
                 argv[0]);
    return 2;
  }
  httplib::Server server;
  configure(server, static_cast<std::size_t>(options.workers));
  if (!server.bind_to_port(options.host, options.port)) {
    std::fprintf(stderr, "could not bind to %s:%d\n", options.host.c_str(), options.port);
    return 1;
  }
  std::fprintf(stderr, "Serving on http://%s:%d\n", options.host.c_str(), options.port);
  return server.listen_after_bind() ? 0 : 1;
}

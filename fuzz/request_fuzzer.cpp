// Everything a request's bytes go through before an endpoint runs: the request-head meter and
// the header, framing and target checks (runtime/src/limits.hpp), the server's short path
// (parse_simple_request), the Request constructor (percent-decoding of the path, parse_query,
// parse_cookies) and the router's path matching. The input is split at its first two NUL bytes
// into a head (a body may follow it), a target and a Cookie value.
//
// Beyond surviving every input:
// - the short path takes only requests that the full path's checks pass and cpp-httplib parses,
//   with the header fields the full path reads;
// - a route match is right: its parameters put back into the route's template give the decoded
//   path, and a path matches some route whatever the method exactly when the router says it
//   matches a path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "fastcpp/app.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
#include "internal.hpp"
#include "limits.hpp"
#include "router.hpp"

namespace {

std::string_view take_part(std::string_view& rest) {
  auto end = rest.find('\0');
  auto part = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  return part;
}

// Every value a request hands out must render as JSON: decoding makes it valid UTF-8.
void expect_renderable(const fastcpp::Request::Pairs& pairs) {
  fastcpp::json out = fastcpp::json::array();
  for (const auto& [name, value] : pairs) out.push_back({name, value});
  (void)fastcpp::json_dumps(out);  // throws (and so fails) on invalid UTF-8
}

// The route's template with each `{name}` or `{name:converter}` replaced by the parameter's
// value; traps on a value that spans segments where only a `:path` parameter may.
std::string expand(std::string_view path_template, const fastcpp::Request::Pairs& params) {
  std::string out;
  for (std::size_t i = 0; i < path_template.size();) {
    auto close = path_template.find('}', i);
    if (path_template[i] != '{' || close == std::string_view::npos) {
      out += path_template[i++];
      continue;
    }
    auto inside = path_template.substr(i + 1, close - i - 1);
    auto colon = inside.find(':');
    auto name = inside.substr(0, colon);
    bool is_path = colon != std::string_view::npos && inside.substr(colon + 1) == "path";
    for (const auto& [param, value] : params) {
      if (param != name) continue;
      if (!is_path && (value.empty() || value.find('/') != std::string::npos)) __builtin_trap();
      out += value;
    }
    i = close + 1;
  }
  return out;
}

// What the server's short path takes, it must answer exactly as the full path would.
void check_short_path(std::string_view buffered, const fastcpp::detail::HeadLimits& limits) {
  auto simple = fastcpp::detail::parse_simple_request(buffered, limits, 256, 8, 64);
  if (!simple) return;
  if (simple->size > buffered.size()) __builtin_trap();
  if (!fastcpp::detail::is_valid_request_target(simple->target)) __builtin_trap();
  fastcpp::detail::HeadMeter meter(limits);
  auto head_end = buffered.find("\r\n\r\n") + 4;
  for (char byte : buffered.substr(0, head_end)) {
    if (!meter.feed(byte)) __builtin_trap();
  }
  if (!meter.complete()) __builtin_trap();
  if (fastcpp::detail::parse_header_fields(meter.raw()) != simple->headers) __builtin_trap();
  if (!fastcpp::detail::has_unambiguous_framing(simple->headers)) __builtin_trap();
  for (const auto& [name, value] : simple->headers) {
    std::vector<std::string> types;
    if (fastcpp::detail::iequals(name, "accept") &&
        !httplib::detail::parse_accept_header(value, types)) {
      __builtin_trap();  // cpp-httplib would answer 400 on the full path
    }
  }
}

const fastcpp::detail::Router& router() {
  static const auto* routes = new std::vector<fastcpp::Route>{
      {"/items/{item_id}", {"GET"}, {}},
      {"/files/{file_path:path}", {"GET"}, {}},
      {"/users/me", {"GET"}, {}},
      {"/users/{user_id:int}/orders/{order:float}", {"GET", "POST"}, {}},
      {"/a/{x}/b/{y}/{rest:path}", {"PUT"}, {}},
      {"/objects/{id:uuid}", {"DELETE"}, {}},
      {"/{first}-{second}.{ext}", {"GET"}, {}},
  };
  static const auto* websocket_routes =
      new std::vector<fastcpp::WebSocketRoute>{{"/ws/{room}", {}}};
  static const auto* instance = new fastcpp::detail::Router(*routes, *websocket_routes);
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auto head = take_part(rest);
  auto target = take_part(rest);
  auto cookie = rest;

  fastcpp::detail::HeadLimits limits{512, 128, 8};
  check_short_path(head, limits);
  fastcpp::detail::HeadMeter meter(limits);
  for (char byte : head) {
    if (!meter.feed(byte)) break;
  }
  if (meter.raw().size() > 512) __builtin_trap();
  auto fields = fastcpp::detail::parse_header_fields(meter.raw());
  expect_renderable(fields);
  (void)fastcpp::detail::has_unambiguous_framing(fields);
  (void)fastcpp::detail::count_query_fields(target);

  (void)fastcpp::detail::parse_cookies(cookie);  // raw bytes: may hold anything, must not crash
  // What the server lets through to a Request: a target of visible ASCII, latin-1 headers.
  if (!fastcpp::detail::is_valid_request_target(target)) target = "/";
  fields.emplace_back("Cookie", fastcpp::detail::latin1_to_utf8(cookie));
  fastcpp::Request request("GET", target, fields);
  expect_renderable(request.query_params());
  expect_renderable(request.cookies());
  fastcpp::json path = request.path();
  (void)fastcpp::json_dumps(path);

  bool path_matches = router().matches_path(request.path());
  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) {
    auto match = router().match(method, request.path());
    if ((match.route || match.partial) != path_matches) __builtin_trap();
    if (!match.route) continue;
    expect_renderable(match.params);
    if (expand(match.route->path, match.params) != request.path()) __builtin_trap();
  }
  fastcpp::Request::Pairs params;
  if (const auto* route = router().match_websocket(request.path(), &params)) {
    if (expand(route->path, params) != request.path()) __builtin_trap();
  }
  return 0;
}

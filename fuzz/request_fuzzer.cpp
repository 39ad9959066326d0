// Everything a request's bytes go through before an endpoint runs: the request-head meter and
// the header, framing and target checks (runtime/src/limits.hpp), the Request constructor
// (percent-decoding of the path, parse_query, parse_cookies) and the router's path matching.
// The input is split at its first two NUL bytes into a head, a target and a Cookie value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fastcpp/app.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
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

  fastcpp::detail::HeadMeter meter(fastcpp::detail::HeadLimits{512, 128, 8});
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

  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) {
    auto match = router().match(method, request.path());
    if (match.route) expect_renderable(match.params);
  }
  (void)router().matches_path(request.path());
  fastcpp::Request::Pairs params;
  (void)router().match_websocket(request.path(), &params);
  return 0;
}

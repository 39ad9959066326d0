// Everything a request's bytes go through before an endpoint runs: the request-head parser and
// the chunked-body decoder (runtime/src/http/request_head.hpp), the Request constructor
// (percent-decoding of the path, parse_query, parse_cookies) and the router's path matching.
// The input is split at its first two NUL bytes into a head (a body may follow it), a target and
// a Cookie value.
//
// Beyond surviving every input:
// - a head arriving in pieces is judged as the same head whole: every prefix of a complete head
//   is incomplete, never refused; every prefix of a refused one is incomplete or refused the
//   same way; a complete head holds only what the checks let through (a token method, a valid
//   target, renderable fields, unambiguous framing within the limits);
// - a chunked body decodes to the same bytes, and stops at the same place, whatever its pieces;
// - a route match is right: its parameters put back into the route's template give the decoded
//   path, and a path matches some route whatever the method exactly when the router says it
//   matches a path.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fastcpp/app.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
#include "http/request_head.hpp"
#include "internal.hpp"
#include "router.hpp"
#include "text.hpp"

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

using fastcpp::detail::HeadResult;

void check_head(std::string_view bytes, const fastcpp::detail::RequestLimits& limits) {
  auto whole = fastcpp::detail::parse_request_head(bytes, limits);
  if (whole.status == HeadResult::Status::kComplete) {
    const auto& head = whole.head;
    if (head.size > bytes.size() || head.size == 0) __builtin_trap();
    if (head.method.empty() ||
        !std::all_of(head.method.begin(), head.method.end(), fastcpp::detail::is_token_char)) {
      __builtin_trap();
    }
    if (!fastcpp::detail::is_valid_request_target(head.target) ||
        head.target.size() > limits.max_uri_bytes) {
      __builtin_trap();
    }
    if (head.size > limits.max_head_bytes || head.headers.size() > limits.max_header_count) {
      __builtin_trap();
    }
    if (!fastcpp::detail::has_unambiguous_framing(head.headers)) __builtin_trap();
    if (head.content_length > limits.max_body_bytes) __builtin_trap();
    expect_renderable(head.headers);
  }
  // The same bytes in two pieces: what the first piece alone gives must agree with the whole.
  auto end = whole.status == HeadResult::Status::kComplete ? whole.head.size : bytes.size();
  for (std::size_t cut = 0; cut < end; cut += 1 + cut / 4) {
    auto prefix = fastcpp::detail::parse_request_head(bytes.substr(0, cut), limits);
    if (prefix.status == HeadResult::Status::kComplete) __builtin_trap();
    if (prefix.status == HeadResult::Status::kRefused &&
        (whole.status != HeadResult::Status::kRefused || prefix.refusal != whole.refusal)) {
      __builtin_trap();
    }
  }
}

void check_chunks(std::string_view body) {
  using Decoder = fastcpp::detail::ChunkedDecoder;
  Decoder whole_decoder(64, 64, 4);
  std::string whole;
  std::size_t whole_taken = 0;
  auto whole_status = whole_decoder.feed(body, whole, whole_taken);
  for (std::size_t piece : {std::size_t{1}, std::size_t{3}}) {
    Decoder decoder(64, 64, 4);
    std::string out;
    std::size_t pos = 0;
    auto status = Decoder::Status::kIncomplete;
    while (pos < body.size() && status == Decoder::Status::kIncomplete) {
      std::size_t taken = 0;
      status = decoder.feed(body.substr(pos, piece), out, taken);
      pos += taken;
    }
    if (status != whole_status) __builtin_trap();
    if (status == Decoder::Status::kComplete && (out != whole || pos != whole_taken)) {
      __builtin_trap();
    }
    if (status == Decoder::Status::kRefused && decoder.refusal() != whole_decoder.refusal()) {
      __builtin_trap();
    }
  }
  if (whole.size() > 64) __builtin_trap();
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

  fastcpp::detail::RequestLimits limits;
  limits.max_head_bytes = 512;
  limits.max_line_bytes = 128;
  limits.max_header_count = 8;
  limits.max_uri_bytes = 256;
  limits.max_query_params = 8;
  limits.max_body_bytes = 64;
  check_head(head, limits);
  auto parsed = fastcpp::detail::parse_request_head(head, limits);
  if (parsed.status == HeadResult::Status::kComplete) check_chunks(head.substr(parsed.head.size));
  auto fields = parsed.head.headers;
  (void)fastcpp::detail::count_query_fields(target);

  (void)fastcpp::detail::parse_cookies(cookie);  // raw bytes: may hold anything, must not crash
  // What the server lets through to a Request: a target of visible ASCII, latin-1 headers.
  if (!fastcpp::detail::is_valid_request_target(target)) target = "/";
  fields.emplace_back("Cookie", fastcpp::detail::decode_latin1(cookie));
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

#include "response_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/status.hpp"
#include "http/request_head.hpp"
#include "internal.hpp"

namespace fastcpp::detail {
namespace {

bool headers_are_safe(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) return false;
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return false;
  }
  return true;
}

}  // namespace

int refusal_status(Refusal refusal) noexcept {
  switch (refusal) {
    case Refusal::kBadRequest:
    case Refusal::kTooManyQueryFields:
      return 400;
    case Refusal::kBodyTooLarge:
      return 413;
    case Refusal::kUriTooLong:
      return 414;
    case Refusal::kHeadersTooLarge:
      return 431;
    case Refusal::kTimeout:
      return 408;
    case Refusal::kUnavailable:
      return 503;
  }
  return 400;
}

Response refusal_response(Refusal refusal) {
  int status = refusal_status(refusal);
  json body = json::object();
  body["detail"] = refusal == Refusal::kTooManyQueryFields ? "Too many query parameters"
                                                           : std::string(status_phrase(status));
  return JSONResponse(body, status);
}

Response checked_response(Response response, std::string_view method, std::string_view path) {
  if (headers_are_safe(response)) return response;
  log_line("ERROR", fmt::format("Refused an unsafe response header in {} {}", method, path));
  return exception_handlers::internal_server_error();
}

std::string_view http_date() {
  // Each thread formats the date once a second: a response costs a comparison, not a strftime.
  thread_local std::time_t formatted_at = 0;
  thread_local char text[40] = {};
  thread_local std::size_t size = 0;
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != formatted_at) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    size = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_at = now;
  }
  return {text, size};
}

std::string serialize(const Response& response, bool close, bool head_request) {
  auto status = response.status_code;
  bool bodyless = is_bodyless_status(status);
  bool has_body = !bodyless && !response.body.empty();
  std::string out;
  out.reserve(192 + (has_body && !head_request ? response.body.size() : 0));
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  auto phrase = status_phrase(status);
  out += phrase.empty() ? std::string_view("Unknown") : phrase;
  out += "\r\ndate: ";
  out += http_date();
  out += "\r\n";
  bool has_length = false;
  for (const auto& [name, value] : response.headers) {
    if (iequals(name, "content-length")) {
      // A bodyless status never announces a body; a body's own length is the one written.
      if (bodyless || has_length) continue;
      has_length = true;
      out += name;
      out += ": ";
      out += has_body ? std::to_string(response.body.size()) : value;
      out += "\r\n";
      continue;
    }
    if (iequals(name, "date") || (close && iequals(name, "connection"))) continue;  // said here
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!bodyless && !has_length) {
    out += "content-length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (close) out += "connection: close\r\n";
  out += "\r\n";
  if (has_body && !head_request) out += response.body;
  return out;
}

}  // namespace fastcpp::detail

#include "fastcpp/response.hpp"

#include <algorithm>
#include <cctype>

#include "fastcpp/status.hpp"
#include "internal.hpp"

namespace fastcpp {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

// NOLINTNEXTLINE(performance-unnecessary-value-param): each header's value is moved from.
Response::Response(std::string content, int status_code, Headers headers,
                   std::string_view media_type)
    : status_code(status_code), body(std::move(content)) {
  // Starlette's init_headers: the caller's headers lower-cased, then content-length and
  // content-type unless the caller gave them.
  this->headers.reserve(headers.size() + 2);
  bool has_length = false;
  bool has_type = false;
  for (auto& [name, value] : headers) {
    auto key = lower(name);
    has_length = has_length || key == "content-length";
    has_type = has_type || key == "content-type";
    this->headers.emplace_back(std::move(key), std::move(value));
  }
  if (!has_length && !is_bodyless_status(status_code)) {
    this->headers.emplace_back("content-length", std::to_string(body.size()));
  }
  if (!has_type && !media_type.empty()) {
    std::string type(media_type);
    if (type.rfind("text/", 0) == 0) type += "; charset=utf-8";
    this->headers.emplace_back("content-type", std::move(type));
  }
}

const std::string* Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return &value;
  }
  return nullptr;
}

void Response::set_header(std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (detail::iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(lower(name), std::move(value));
}

JSONResponse::JSONResponse(const json& content, int status_code, Headers headers)
    : Response(json_dumps(content), status_code, std::move(headers), "application/json") {}

JSONResponse::JSONResponse(int status_code, std::initializer_list<JSONField> content,
                           Headers headers)
    : Response(json_dumps_object(content), status_code, std::move(headers), "application/json") {}

RedirectResponse::RedirectResponse(std::string_view url, int status_code, Headers headers)
    : Response(std::string{}, status_code, std::move(headers)) {
  set_header("location", detail::quote(url, ":/%#?=@[]!$&'()*+,;"));
}

}  // namespace fastcpp

// fastcpp/request.hpp: the incoming request, as handlers and exception handlers see it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fastcpp {

/// One HTTP request (or a WebSocket's upgrade request). Values are decoded as Starlette decodes
/// them: the path percent-decoded, query pairs as `parse_qsl(keep_blank_values=True)` gives
/// them, cookies as Starlette's `cookie_parser`. The views it hands out live as long as the
/// request.
class Request {
 public:
  using Pairs = std::vector<std::pair<std::string, std::string>>;

  Request() = default;
  /// Builds a request from its raw parts: `target` is the request-target as sent
  /// (`/items/a%20b?q=1`), `headers` in the order received.
  Request(std::string method, std::string_view target, Pairs headers, std::string body = {});

  const std::string& method() const noexcept { return method_; }
  /// The percent-decoded path, used for routing.
  const std::string& path() const noexcept { return path_; }
  /// The query string as sent, without `?`.
  const std::string& query_string() const noexcept { return query_string_; }
  const std::string& body() const noexcept { return body_; }

  /// The first value of header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  /// Every value of header `name`, in order.
  std::vector<std::string_view> header_values(std::string_view name) const;
  const Pairs& headers() const noexcept { return headers_; }
  /// Appends a header, as a middleware appends to `request.scope["headers"]`; the first
  /// `Cookie` header is the one its cookies are read from.
  void add_header(std::string name, std::string value);

  /// The last value of query parameter `name`, or nullptr.
  const std::string* query_param(std::string_view name) const;
  /// Every value of query parameter `name`, in order.
  std::vector<std::string_view> query_values(std::string_view name) const;
  const Pairs& query_params() const noexcept { return query_; }

  /// Path parameter `name` of the matched route, or nullptr.
  const std::string* path_param(std::string_view name) const;
  const Pairs& path_params() const noexcept { return path_params_; }
  void set_path_params(Pairs params) { path_params_ = std::move(params); }

  /// Cookie `name` from the first `Cookie` header (the last duplicate wins), or nullptr.
  const std::string* cookie(std::string_view name) const;
  const Pairs& cookies() const noexcept { return cookies_; }

  /// The `Host` header, or `host:port` of the server that received the request.
  std::string host() const;
  void set_server_address(std::string address) { server_address_ = std::move(address); }

  /// `request.url.scheme`: "http", or what `X-Forwarded-Proto` said when a trusted proxy sent it.
  const std::string& scheme() const noexcept { return scheme_; }
  void set_scheme(std::string scheme) { scheme_ = std::move(scheme); }

  /// `request.client`: the peer's address and port, or the client `X-Forwarded-For` names when
  /// a trusted proxy sent it (port 0 then). Empty for a request built in process.
  const std::string& client_host() const noexcept { return client_host_; }
  int client_port() const noexcept { return client_port_; }
  void set_client(std::string host, int port) {
    client_host_ = std::move(host);
    client_port_ = port;
  }

 private:
  std::string method_;
  std::string path_;
  std::string query_string_;
  std::string body_;
  Pairs headers_;
  Pairs query_;
  Pairs path_params_;
  Pairs cookies_;
  std::string server_address_;
  std::string scheme_ = "http";
  std::string client_host_;
  int client_port_ = 0;
};

namespace detail {
/// Percent-decodes `text` as uvicorn decodes a path: invalid escapes stay literal, invalid
/// UTF-8 becomes U+FFFD, `+` stays `+`.
std::string decode_path(std::string_view text);
/// `urllib.parse.parse_qsl(text, keep_blank_values=True)` on a latin-1 decoded query.
Request::Pairs parse_query(std::string_view text);
/// A form body (`application/x-www-form-urlencoded`) as Starlette's FormParser reads it: the
/// fields in order, or the error it refuses the body with (a 400's detail) past
/// kFormMaxFields fields or a field of more than kFormMaxPartSize bytes.
struct FormParse {
  Request::Pairs fields;
  std::string error;
};
inline constexpr std::size_t kFormMaxFields = 1000;
inline constexpr std::size_t kFormMaxPartSize = std::size_t{1024} * 1024;
FormParse parse_form(std::string_view body);
/// Whether Starlette's `request.form()` reads a body of this `Content-Type` as a form.
bool is_form_content_type(std::string_view content_type);
/// Starlette's `cookie_parser` on one `Cookie` header value.
Request::Pairs parse_cookies(std::string_view text);
}  // namespace detail

}  // namespace fastcpp

// fastcpp/response.hpp: what a handler or an exception handler sends back.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "fastcpp/exceptions.hpp"
#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// Starlette's `Response(content, status_code, headers, media_type)`. The constructor fills in
/// the headers Starlette adds: `content-length` (unless the status is bodyless: 1xx, 204, 304)
/// and `content-type` from `media_type` (`; charset=utf-8` added for `text/*`), each only
/// when `headers` does not already name it. Header names are lower-cased.
class Response {
 public:
  Response() : Response(std::string{}) {}
  explicit Response(std::string content, int status_code = 200, Headers headers = {},
                    std::string_view media_type = {});

  int status_code = 200;
  Headers headers;
  std::string body;
  /// Starlette's StreamingResponse, which what `call_next` returns to a user middleware is
  /// (BaseHTTPMiddleware streams it): GZipMiddleware then compresses it whatever its size and
  /// drops its `content-length` (the server writes the body's own).
  bool streaming = false;

  /// The value of header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  /// Replaces header `name` (lower-cased), or appends it.
  void set_header(std::string_view name, std::string value);
};

/// `JSONResponse(content, status_code=200, headers=None)`: `application/json`, rendered by
/// `json_dumps`. Throws `std::domain_error` for content FastAPI cannot render (NaN, infinity).
class JSONResponse : public Response {
 public:
  explicit JSONResponse(const json& content, int status_code = 200, Headers headers = {});
  /// The same with the status first, as a handler reads best: `JSONResponse(404, content)`.
  JSONResponse(int status_code, const json& content, Headers headers = {})
      : JSONResponse(content, status_code, std::move(headers)) {}
  /// The status, then an object written in braces:
  /// `JSONResponse(422, {{"detail", exc.errors()}, {"body", exc.body()}})`. The same answer as
  /// `JSONResponse(422, json(...))`, rendered from the values where they are
  /// (`json_dumps_object`), with no copy of them. Braces that are not an object's (`{1, 2}`)
  /// go to the overload above.
  JSONResponse(int status_code, std::initializer_list<JSONField> content, Headers headers = {});
  /// Braced content first, `JSONResponse({{"item", "foo"}})`, which the overloads above would
  /// make ambiguous.
  JSONResponse(json::initializer_list_t content, int status_code = 200, Headers headers = {})
      : JSONResponse(json(content), status_code, std::move(headers)) {}
};

/// `PlainTextResponse(content, status_code=200, headers=None)`: `text/plain; charset=utf-8`.
class PlainTextResponse : public Response {
 public:
  explicit PlainTextResponse(std::string content, int status_code = 200, Headers headers = {})
      : Response(std::move(content), status_code, std::move(headers), "text/plain") {}
};

/// `HTMLResponse(content, status_code=200, headers=None)`: `text/html; charset=utf-8`.
class HTMLResponse : public Response {
 public:
  explicit HTMLResponse(std::string content, int status_code = 200, Headers headers = {})
      : Response(std::move(content), status_code, std::move(headers), "text/html") {}
};

/// `RedirectResponse(url, status_code=307, headers=None)`: an empty body and a `location`
/// header, percent-quoted as Starlette quotes it.
class RedirectResponse : public Response {
 public:
  explicit RedirectResponse(std::string_view url, int status_code = 307, Headers headers = {});
};

}  // namespace fastcpp

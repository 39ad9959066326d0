// Starlette 0.46's middleware, each as its source reads (starlette/middleware/*.py): what a
// request and its response become on the way through.
#include "fastcpp/middleware.hpp"

#include <re2/re2.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <utility>

#include "internal.hpp"

namespace fastcpp {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// MutableHeaders.__setitem__: the first header of that name takes the value and the others go;
// a new name is appended.
void set_header(Headers& headers, std::string_view name, std::string value) {
  auto key = lower(name);
  auto is_key = [&key](const auto& header) { return header.first == key; };
  auto first = std::find_if(headers.begin(), headers.end(), is_key);
  if (first == headers.end()) {
    headers.emplace_back(std::move(key), std::move(value));
    return;
  }
  first->second = std::move(value);
  headers.erase(std::remove_if(first + 1, headers.end(), is_key), headers.end());
}

// MutableHeaders.add_vary_header.
void add_vary_header(Headers& headers, std::string_view vary) {
  std::string value;
  for (const auto& [name, existing] : headers) {
    if (name == "vary") {
      value = existing;
      value += ", ";
      break;
    }
  }
  value += vary;
  set_header(headers, "vary", std::move(value));
}

// ---- CORSMiddleware ------------------------------------------------------------------------

constexpr std::array<const char*, 7> kAllMethods = {"DELETE", "GET",  "HEAD", "OPTIONS",
                                                    "PATCH",  "POST", "PUT"};
constexpr std::array<const char*, 4> kSafelistedHeaders = {"Accept", "Accept-Language",
                                                           "Content-Language", "Content-Type"};

class Cors {
 public:
  explicit Cors(const CORSMiddleware& options)
      : allow_origins_(options.allow_origins), allow_methods_(options.allow_methods) {
    if (contains(allow_methods_, "*"))
      allow_methods_.assign(kAllMethods.begin(), kAllMethods.end());
    if (options.allow_origin_regex) {
      regex_ = std::make_unique<RE2>(*options.allow_origin_regex, RE2::Quiet);
      if (!regex_->ok()) {
        throw std::invalid_argument("CORSMiddleware: allow_origin_regex: " + regex_->error());
      }
    }
    allow_all_origins_ = contains(allow_origins_, "*");
    allow_all_headers_ = contains(options.allow_headers, "*");
    explicit_origin_ = !allow_all_origins_ || options.allow_credentials;

    if (allow_all_origins_) simple_headers_.emplace_back("access-control-allow-origin", "*");
    if (options.allow_credentials) {
      simple_headers_.emplace_back("access-control-allow-credentials", "true");
    }
    if (!options.expose_headers.empty()) {
      simple_headers_.emplace_back("access-control-expose-headers", join(options.expose_headers));
    }

    if (explicit_origin_) {
      preflight_headers_.emplace_back("vary", "Origin");
    } else {
      preflight_headers_.emplace_back("access-control-allow-origin", "*");
    }
    preflight_headers_.emplace_back("access-control-allow-methods", join(allow_methods_));
    preflight_headers_.emplace_back("access-control-max-age", std::to_string(options.max_age));
    std::set<std::string> allowed(kSafelistedHeaders.begin(), kSafelistedHeaders.end());
    allowed.insert(options.allow_headers.begin(), options.allow_headers.end());
    if (!allow_all_headers_) {
      preflight_headers_.emplace_back("access-control-allow-headers",
                                      join({allowed.begin(), allowed.end()}));
    }
    if (options.allow_credentials) {
      preflight_headers_.emplace_back("access-control-allow-credentials", "true");
    }
    for (const auto& header : allowed) allow_headers_.push_back(lower(header));
  }

  Response operator()(Request& request, const CallNext& call_next) const {
    const auto* origin_header = request.header("origin");
    if (!origin_header) return call_next(request);
    if (request.method() == "OPTIONS" && request.header("access-control-request-method")) {
      return preflight(request, *origin_header);
    }
    // A copy: what is inside may add headers to the request (and move them).
    std::string origin = *origin_header;
    auto response = call_next(request);
    add_simple_headers(request, origin, response);
    return response;
  }

  void add_error_headers(const Request& request, Response& response) const {
    if (const auto* origin = request.header("origin"))
      add_simple_headers(request, *origin, response);
  }

 private:
  static std::string join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values) out += (out.empty() ? "" : ", ") + value;
    return out;
  }

  bool is_allowed_origin(const std::string& origin) const {
    if (allow_all_origins_) return true;
    if (regex_ && RE2::FullMatch(origin, *regex_)) return true;
    return contains(allow_origins_, origin);
  }

  Response preflight(const Request& request, const std::string& origin) const {
    const auto& method = *request.header("access-control-request-method");
    const auto* requested_headers = request.header("access-control-request-headers");
    Headers headers = preflight_headers_;
    std::string failures;
    auto fail = [&failures](const char* what) {
      failures += (failures.empty() ? "" : ", ") + std::string(what);
    };
    if (is_allowed_origin(origin)) {
      if (explicit_origin_) headers.emplace_back("access-control-allow-origin", origin);
    } else {
      fail("origin");
    }
    if (!contains(allow_methods_, method)) fail("method");
    if (allow_all_headers_ && requested_headers) {
      headers.emplace_back("access-control-allow-headers", *requested_headers);
    } else if (requested_headers) {
      std::string_view rest = *requested_headers;
      while (true) {
        auto comma = rest.find(',');
        auto header = lower(detail::trim_ascii_whitespace(rest.substr(0, comma)));
        if (!contains(allow_headers_, header)) {
          fail("headers");
          break;
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    if (!failures.empty()) {
      return PlainTextResponse("Disallowed CORS " + failures, 400, std::move(headers));
    }
    return PlainTextResponse("OK", 200, std::move(headers));
  }

  void add_simple_headers(const Request& request, const std::string& origin,
                          Response& response) const {
    for (const auto& [name, value] : simple_headers_) set_header(response.headers, name, value);
    bool has_cookie = request.header("cookie") != nullptr;
    // With cookies, the origin itself instead of `*`; with listed origins, the one allowed.
    if ((allow_all_origins_ && has_cookie) || (!allow_all_origins_ && is_allowed_origin(origin))) {
      set_header(response.headers, "access-control-allow-origin", origin);
      add_vary_header(response.headers, "Origin");
    }
  }

  std::vector<std::string> allow_origins_;
  std::vector<std::string> allow_methods_;
  std::vector<std::string> allow_headers_;  // lower-cased, the safelisted ones included
  std::unique_ptr<RE2> regex_;
  bool allow_all_origins_ = false;
  bool allow_all_headers_ = false;
  bool explicit_origin_ = false;
  Headers simple_headers_;
  Headers preflight_headers_;
};

// ---- GZipMiddleware ------------------------------------------------------------------------

void put_le32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFF);
}

// Python's gzip.GzipFile(mode="wb", fileobj=..., compresslevel=level): its header (no name, the
// time as mtime, OS 255), a raw deflate stream with zlib's defaults, CRC-32 and size.
std::string gzip_compress(std::string_view data, int level) {
  std::string out("\x1f\x8b\x08\x00", 4);  // magic, deflate, no flags
  auto now = std::chrono::system_clock::now().time_since_epoch();
  put_le32(out, static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::seconds>(now).count()));
  out += static_cast<char>(level == 9 ? 2 : level == 1 ? 4 : 0);
  out += '\xff';
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("GZipMiddleware: deflateInit2 failed");
  }
  std::string compressed(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  // zlib's interface is not const-correct: deflate never writes to its input.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // NOLINT
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  int result = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("GZipMiddleware: deflate failed");
  out += compressed;
  put_le32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()),
                                                 static_cast<uInt>(data.size()))));
  put_le32(out, static_cast<std::uint32_t>(data.size()));
  return out;
}

Middleware::Function gzip(const GZipMiddleware& options) {
  // Python's GzipFile takes what zlib takes, and raises zlib's message only when it compresses.
  if (options.compresslevel < -1 || options.compresslevel > 9) {
    throw std::invalid_argument(
        "GZipMiddleware: compresslevel=" + std::to_string(options.compresslevel) +
        ": Invalid initialization option (zlib's levels are -1 to 9)");
  }
  return [options](Request& request, const CallNext& call_next) {
    const auto* accept = request.header("accept-encoding");
    bool compress = accept && accept->find("gzip") != std::string::npos;
    auto response = call_next(request);
    const auto* type = response.header("content-type");
    if (response.header("content-encoding") || (type && type->rfind("text/event-stream", 0) == 0)) {
      return response;
    }
    // A streamed answer's first part arrives with more to come: compressed whatever its size.
    if (!response.streaming &&
        response.body.size() < static_cast<std::size_t>(std::max(0, options.minimum_size))) {
      return response;
    }
    add_vary_header(response.headers, "Accept-Encoding");
    if (!compress) return response;
    response.body = gzip_compress(response.body, options.compresslevel);
    set_header(response.headers, "content-encoding", "gzip");
    if (response.streaming) {
      response.headers.erase(
          std::remove_if(response.headers.begin(), response.headers.end(),
                         [](const auto& header) { return header.first == "content-length"; }),
          response.headers.end());
    } else {
      set_header(response.headers, "content-length", std::to_string(response.body.size()));
    }
    return response;
  };
}

// ---- TrustedHostMiddleware -----------------------------------------------------------------

void check_allowed_hosts(const TrustedHostMiddleware& options) {
  for (const auto& pattern : options.allowed_hosts) {
    if ((pattern.size() > 1 && pattern.find('*', 1) != std::string::npos) ||
        (!pattern.empty() && pattern[0] == '*' && pattern != "*" && pattern.rfind("*.", 0) != 0)) {
      throw std::invalid_argument(
          "TrustedHostMiddleware: Domain wildcard patterns must be like '*.example.com'.");
    }
  }
}

// The URL scheme Starlette sees: a WebSocket's is `ws` or `wss`.
std::string url_scheme(const Request& request, bool websocket) {
  if (!websocket) return request.scheme();
  return request.scheme() == "https" ? "wss" : "ws";
}

// TrustedHostMiddleware's answer to an HTTP request or a WebSocket handshake, nullopt to let it
// through.
std::optional<Response> untrusted_host_answer(const TrustedHostMiddleware& options,
                                              const Request& request, bool websocket) {
  if (contains(options.allowed_hosts, "*")) return std::nullopt;
  const auto* header = request.header("host");
  std::string host = header ? header->substr(0, header->find(':')) : std::string();
  bool found_www_redirect = false;
  for (const auto& pattern : options.allowed_hosts) {
    std::string_view suffix = std::string_view(pattern).substr(pattern.empty() ? 0 : 1);
    bool wildcard_match = !pattern.empty() && pattern[0] == '*' && host.size() >= suffix.size() &&
                          host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (host == pattern || wildcard_match) return std::nullopt;
    if ("www." + host == pattern) found_www_redirect = true;
  }
  if (found_www_redirect && options.www_redirect) {
    std::string url = url_scheme(request, websocket) + "://www." + request.host() + request.path();
    if (!request.query_string().empty()) url += "?" + request.query_string();
    return RedirectResponse(url);
  }
  return PlainTextResponse("Invalid host header", 400);
}

// ---- HTTPSRedirectMiddleware ---------------------------------------------------------------

// HTTPSRedirectMiddleware's answer to an `http` request or a `ws` handshake (to `https`,
// `wss`), nullopt to let it through.
std::optional<Response> https_redirect_answer(const Request& request, bool websocket) {
  if (request.scheme() != "http") return std::nullopt;
  // Starlette's URL.replace: the port is dropped when it is 80 or 443 (the host then as
  // urllib's hostname, lower-cased).
  std::string netloc = request.host();
  auto colon = netloc.rfind(':');
  if (colon != std::string::npos && netloc.find(']', colon) == std::string::npos) {
    auto port = std::string_view(netloc).substr(colon + 1);
    if (port == "80" || port == "443") netloc = lower(netloc.substr(0, colon));
  }
  std::string url = (websocket ? "wss://" : "https://") + netloc + request.path();
  if (!request.query_string().empty()) url += "?" + request.query_string();
  return RedirectResponse(url, 307);
}

}  // namespace

Middleware::Middleware(Function function)
    : function_(std::move(function)), streams_call_next_(true) {}

Middleware::Middleware(const CORSMiddleware& options) {
  auto cors = std::make_shared<const Cors>(options);
  function_ = [cors](Request& request, const CallNext& call_next) {
    return (*cors)(request, call_next);
  };
  error_headers_ = [cors](const Request& request, Response& response) {
    cors->add_error_headers(request, response);
  };
}

Middleware::Middleware(const GZipMiddleware& options) : function_(gzip(options)) {}

Middleware::Middleware(const TrustedHostMiddleware& options) {
  check_allowed_hosts(options);
  function_ = [options](Request& request, const CallNext& call_next) {
    auto answer = untrusted_host_answer(options, request, /*websocket=*/false);
    return answer ? std::move(*answer) : call_next(request);
  };
  websocket_answer_ = [options](const Request& request) {
    return untrusted_host_answer(options, request, /*websocket=*/true);
  };
}

Middleware::Middleware(const HTTPSRedirectMiddleware& /*options*/) {
  function_ = [](Request& request, const CallNext& call_next) {
    auto answer = https_redirect_answer(request, /*websocket=*/false);
    return answer ? std::move(*answer) : call_next(request);
  };
  websocket_answer_ = [](const Request& request) {
    return https_redirect_answer(request, /*websocket=*/true);
  };
}

}  // namespace fastcpp

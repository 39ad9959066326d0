// TestClient: Starlette's TestClient (httpx underneath) over the dispatcher the server uses, so
// a request takes exactly the server's path from routing to the answer, without a socket.
#include "fastcpp/testclient.hpp"

#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "dispatcher.hpp"
#include "http/response_writer.hpp"
#include "internal.hpp"

namespace fastcpp {
namespace {

constexpr int kMaxRedirects = 20;
// What Starlette's TestClient puts in the scope: `request.client` and the server.
constexpr const char* kClientHost = "testclient";
constexpr int kClientPort = 50000;

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// httpx's encoding of `params=` and `data=`: unreserved bytes as they are, a space as `+`, the rest
// %XX.
std::string encode_query(const Request::Pairs& params) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  auto append = [&out](std::string_view text) {
    for (unsigned char c : text) {
      if (is_unreserved(c)) {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
  };
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    append(name);
    out += '=';
    append(value);
  }
  return out;
}

// httpx quotes what cannot stand in a path as written (spaces, non-ASCII, `"<>\^`{|}`).
std::string quote_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (c <= 0x20 || c >= 0x7F ||
        std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A `set-cookie` value into the jar: its name=value, deleted by `Max-Age=0`.
void store_cookie(Request::Pairs& jar, std::string_view set_cookie) {
  auto pair = set_cookie.substr(0, set_cookie.find(';'));
  auto equals = pair.find('=');
  if (equals == std::string_view::npos) return;
  std::string name(detail::trim_ascii_whitespace(pair.substr(0, equals)));
  std::string value(detail::trim_ascii_whitespace(pair.substr(equals + 1)));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  bool expired = false;
  std::string_view attributes =
      set_cookie.size() > pair.size() ? set_cookie.substr(pair.size() + 1) : std::string_view();
  while (!attributes.empty()) {
    auto end = attributes.find(';');
    auto attribute = detail::trim_ascii_whitespace(attributes.substr(0, end));
    if (attribute.size() > 8 && detail::iequals(attribute.substr(0, 8), "max-age=")) {
      auto age = attribute.substr(8);
      expired = !age.empty() && (age[0] == '-' || age == "0");
    }
    if (end == std::string_view::npos) break;
    attributes.remove_prefix(end + 1);
  }
  for (auto it = jar.begin(); it != jar.end(); ++it) {
    if (it->first == name) {
      jar.erase(it);
      break;
    }
  }
  if (!expired) jar.emplace_back(std::move(name), std::move(value));
}

std::string cookie_header(const Request::Pairs& jar, const Request::Pairs& extra) {
  std::string out;
  for (const auto* cookies : {&jar, &extra}) {
    for (const auto& [name, value] : *cookies) {
      if (!out.empty()) out += "; ";
      out += name;
      out += '=';
      out += value;
    }
  }
  return out;
}

}  // namespace

// ---- TestResponse --------------------------------------------------------------------------

json TestResponse::json() const { return json::parse(content); }

std::optional<std::string> TestResponse::header(std::string_view name) const {
  std::optional<std::string> joined;
  for (const auto& [key, value] : headers) {
    if (!detail::iequals(key, name)) continue;
    joined = joined ? *joined + ", " + value : value;
  }
  return joined;
}

WebSocketDenialResponse::WebSocketDenialResponse(TestResponse response)
    : WebSocketDisconnect(1006), response_(std::move(response)) {}

// ---- TestClient ----------------------------------------------------------------------------

struct TestClient::Impl {
  Impl(Service service, bool raise_server_exceptions, const std::string& base_url)
      : dispatcher(std::move(service)), raise_server_exceptions(raise_server_exceptions) {
    auto scheme_end = base_url.find("://");
    scheme = scheme_end == std::string::npos ? "http" : base_url.substr(0, scheme_end);
    host = scheme_end == std::string::npos ? base_url : base_url.substr(scheme_end + 3);
    while (!host.empty() && host.back() == '/') host.pop_back();
  }

  // The headers every request starts with, as httpx and Starlette's TestClient send them.
  Request::Pairs base_headers(bool websocket) const {
    Request::Pairs headers = {
        {"host", host}, {"accept", "*/*"}, {"accept-encoding", "gzip, deflate"}};
    if (!websocket) headers.emplace_back("connection", "keep-alive");
    headers.emplace_back("user-agent", "testclient");
    return headers;
  }

  Request make_request(std::string method, const std::string& target, Request::Pairs headers,
                       std::string body) const {
    Request request(std::move(method), target, std::move(headers), std::move(body));
    request.set_server_address(host);
    request.set_scheme(scheme == "https" || scheme == "wss" ? "https" : "http");
    request.set_client(kClientHost, kClientPort);
    return request;
  }

  std::string origin() const { return scheme + "://" + host; }

  detail::Dispatcher dispatcher;
  bool raise_server_exceptions;
  std::string scheme;
  std::string host;
};

TestClient::TestClient(Service service, bool raise_server_exceptions, const std::string& base_url)
    : impl_(std::make_unique<Impl>(std::move(service), raise_server_exceptions, base_url)) {}

TestClient::~TestClient() = default;

namespace {
RequestOptions with_headers(Headers headers) {
  RequestOptions options;
  options.headers = std::move(headers);
  return options;
}
RequestOptions with_json(const json& body, Headers headers) {
  auto options = with_headers(std::move(headers));
  options.json = body;
  return options;
}
}  // namespace

TestResponse TestClient::get(std::string_view path, Headers headers) {
  return request("GET", path, with_headers(std::move(headers)));
}
TestResponse TestClient::get(std::string_view path, const RequestOptions& options) {
  return request("GET", path, options);
}
TestResponse TestClient::head(std::string_view path, Headers headers) {
  return request("HEAD", path, with_headers(std::move(headers)));
}
TestResponse TestClient::head(std::string_view path, const RequestOptions& options) {
  return request("HEAD", path, options);
}
TestResponse TestClient::options(std::string_view path, Headers headers) {
  return request("OPTIONS", path, with_headers(std::move(headers)));
}
TestResponse TestClient::options(std::string_view path, const RequestOptions& options) {
  return request("OPTIONS", path, options);
}
TestResponse TestClient::delete_(std::string_view path, Headers headers) {
  return request("DELETE", path, with_headers(std::move(headers)));
}
TestResponse TestClient::delete_(std::string_view path, const RequestOptions& options) {
  return request("DELETE", path, options);
}
TestResponse TestClient::post(std::string_view path, const json& body, Headers headers) {
  return request("POST", path, with_json(body, std::move(headers)));
}
TestResponse TestClient::post(std::string_view path, const RequestOptions& options) {
  return request("POST", path, options);
}
TestResponse TestClient::post_form(std::string_view path, Request::Pairs data, Headers headers) {
  RequestOptions options;
  options.headers = std::move(headers);
  options.data = std::move(data);
  return request("POST", path, options);
}

TestResponse TestClient::put(std::string_view path, const json& body, Headers headers) {
  return request("PUT", path, with_json(body, std::move(headers)));
}
TestResponse TestClient::put(std::string_view path, const RequestOptions& options) {
  return request("PUT", path, options);
}
TestResponse TestClient::patch(std::string_view path, const json& body, Headers headers) {
  return request("PATCH", path, with_json(body, std::move(headers)));
}
TestResponse TestClient::patch(std::string_view path, const RequestOptions& options) {
  return request("PATCH", path, options);
}

TestResponse TestClient::request(std::string_view method_name, std::string_view path,
                                 const RequestOptions& options) {
  std::string method(method_name);
  std::string target = quote_path(path);
  if (!options.params.empty()) {
    target = target.substr(0, target.find('?')) + "?" + encode_query(options.params);
  }
  std::string body;
  std::optional<std::string> content_type;
  // httpx's encode_request: content, else a form, else JSON.
  if (options.content) {
    body = *options.content;
  } else if (!options.data.empty()) {
    body = encode_query(options.data);
    content_type = "application/x-www-form-urlencoded";
  } else if (options.json) {
    body = json_dumps(*options.json);
    content_type = "application/json";
  }
  for (int redirects = 0;; ++redirects) {
    auto headers = impl_->base_headers(false);
    for (const auto& header : options.headers) headers.push_back(header);
    auto cookie = cookie_header(cookies, options.cookies);
    if (!cookie.empty()) headers.emplace_back("cookie", std::move(cookie));
    if (!body.empty() || options.json || options.content || !options.data.empty()) {
      headers.emplace_back("content-length", std::to_string(body.size()));
    }
    if (content_type) headers.emplace_back("content-type", *content_type);

    auto request = impl_->make_request(method, target, std::move(headers), body);
    std::exception_ptr unhandled;
    auto response = detail::checked_response(impl_->dispatcher.handle(request, &unhandled),
                                             request.method(), request.path());
    if (unhandled && impl_->raise_server_exceptions) std::rethrow_exception(unhandled);

    TestResponse answer;
    answer.status_code = response.status_code;
    answer.headers = std::move(response.headers);
    answer.url = impl_->origin() + target;
    bool bodyless = method == "HEAD" || response.status_code < 200 || response.status_code == 204 ||
                    response.status_code == 304;
    if (!bodyless) answer.content = std::move(response.body);
    for (const auto& [name, value] : answer.headers) {
      if (name == "set-cookie") store_cookie(cookies, value);
    }

    const auto location = answer.header("location");
    bool redirect = answer.status_code == 301 || answer.status_code == 302 ||
                    answer.status_code == 303 || answer.status_code == 307 ||
                    answer.status_code == 308;
    if (!follow_redirects || !redirect || !location || redirects == kMaxRedirects) return answer;
    std::string next = *location;
    auto origin = impl_->origin();
    if (next.rfind(origin + "/", 0) == 0) {
      next = next.substr(origin.size());
    } else if (next.empty() || next[0] != '/') {
      return answer;  // another origin: not this client's service
    }
    target = next;
    if (answer.status_code != 307 && answer.status_code != 308 && method != "HEAD") {
      method = "GET";
      body.clear();
      content_type.reset();
    }
  }
}

// ---- WebSocket sessions --------------------------------------------------------------------

// Both ends of one session: the endpoint's thread reads and writes it through the transport,
// the test through WebSocketTestSession.
struct WebSocketTestSession::State : detail::WebSocketTransport {
  struct Message {
    std::string data;
    bool binary;
  };

  bool accept() override {
    std::lock_guard lock(mutex);
    accepted = true;
    changed.notify_all();
    return !client_closed;
  }
  void deny(const Response& response) override {
    std::lock_guard lock(mutex);
    denial = response;
    changed.notify_all();
  }
  Kind read(std::string& message) override {
    std::unique_lock lock(mutex);
    changed.wait(lock, [this] { return !to_endpoint.empty() || client_closed; });
    if (to_endpoint.empty()) return Kind::kClosed;
    auto next = std::move(to_endpoint.front());
    to_endpoint.pop_front();
    message = std::move(next.data);
    return next.binary ? Kind::kBinary : Kind::kText;
  }
  bool send(std::string_view data, bool binary) override {
    std::lock_guard lock(mutex);
    if (client_closed) return false;
    to_client.push_back({std::string(data), binary});
    changed.notify_all();
    return true;
  }
  void close(int code, std::string_view reason) override {
    std::lock_guard lock(mutex);
    server_closed = true;
    server_code = code;
    server_reason = std::string(reason);
    changed.notify_all();
  }
  int peer_close_code() const override {
    std::lock_guard lock(mutex);
    return client_code;
  }
  std::string peer_close_reason() const override {
    std::lock_guard lock(mutex);
    return client_reason;
  }

  ~State() override {
    {
      std::lock_guard lock(mutex);
      if (!client_closed) {
        client_closed = true;
        client_code = 1000;
      }
      changed.notify_all();
    }
    if (endpoint.joinable()) endpoint.join();
  }

  mutable std::mutex mutex;
  std::condition_variable changed;
  bool accepted = false;
  std::optional<Response> denial;
  bool endpoint_returned = false;
  std::deque<Message> to_endpoint;
  std::deque<Message> to_client;
  bool client_closed = false;
  int client_code = 1005;
  std::string client_reason;
  bool server_closed = false;
  int server_code = 1000;
  std::string server_reason;
  Request request;
  std::thread endpoint;
};

WebSocketTestSession::WebSocketTestSession(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
WebSocketTestSession::WebSocketTestSession(WebSocketTestSession&&) noexcept = default;
WebSocketTestSession& WebSocketTestSession::operator=(WebSocketTestSession&&) noexcept = default;
WebSocketTestSession::~WebSocketTestSession() = default;

void WebSocketTestSession::send_text(std::string_view data) {
  std::lock_guard lock(state_->mutex);
  if (state_->server_closed) throw WebSocketDisconnect(state_->server_code, state_->server_reason);
  if (state_->client_closed) throw std::runtime_error("the session is closed");
  state_->to_endpoint.push_back({std::string(data), false});
  state_->changed.notify_all();
}

void WebSocketTestSession::send_bytes(std::string_view data) {
  std::lock_guard lock(state_->mutex);
  if (state_->server_closed) throw WebSocketDisconnect(state_->server_code, state_->server_reason);
  if (state_->client_closed) throw std::runtime_error("the session is closed");
  state_->to_endpoint.push_back({std::string(data), true});
  state_->changed.notify_all();
}

void WebSocketTestSession::send_json(const json& data) { send_text(json_dumps(data)); }

std::string WebSocketTestSession::receive_text() {
  std::unique_lock lock(state_->mutex);
  state_->changed.wait(lock, [this] {
    return !state_->to_client.empty() || state_->server_closed || state_->endpoint_returned;
  });
  if (state_->to_client.empty()) {
    throw WebSocketDisconnect(state_->server_code, state_->server_reason);
  }
  auto message = std::move(state_->to_client.front().data);
  state_->to_client.pop_front();
  return message;
}

std::string WebSocketTestSession::receive_bytes() { return receive_text(); }

json WebSocketTestSession::receive_json() { return json::parse(receive_text()); }

void WebSocketTestSession::close(int code, std::string_view reason) {
  std::lock_guard lock(state_->mutex);
  if (state_->client_closed) return;
  state_->client_closed = true;
  state_->client_code = code;
  state_->client_reason = std::string(reason);
  state_->changed.notify_all();
}

WebSocketTestSession TestClient::websocket_connect(std::string_view path, Headers headers,
                                                   const Request::Pairs& cookies) {
  auto all_headers = impl_->base_headers(true);
  for (auto& header : headers) all_headers.push_back(std::move(header));
  all_headers.emplace_back("connection", "upgrade");
  all_headers.emplace_back("sec-websocket-key", "testserver==");
  all_headers.emplace_back("sec-websocket-version", "13");
  auto cookie = cookie_header(this->cookies, cookies);
  if (!cookie.empty()) all_headers.emplace_back("cookie", std::move(cookie));

  auto state = std::make_unique<WebSocketTestSession::State>();
  state->request = impl_->make_request("GET", quote_path(path), std::move(all_headers), {});
  auto* shared = state.get();
  const auto& dispatcher = impl_->dispatcher;
  shared->endpoint = std::thread([shared, &dispatcher] {
    dispatcher.handle_websocket(shared->request, *shared);
    std::lock_guard lock(shared->mutex);
    shared->endpoint_returned = true;
    shared->changed.notify_all();
  });
  std::unique_lock lock(shared->mutex);
  shared->changed.wait(lock, [shared] {
    return shared->accepted || shared->denial || shared->server_closed || shared->endpoint_returned;
  });
  if (!shared->accepted && shared->denial) {
    TestResponse answer;
    answer.status_code = shared->denial->status_code;
    answer.headers = shared->denial->headers;
    answer.content = shared->denial->body;
    answer.url = (impl_->scheme == "https" ? "wss://" : "ws://") + impl_->host + std::string(path);
    lock.unlock();
    state.reset();  // waits for the endpoint to return
    throw WebSocketDenialResponse(std::move(answer));
  }
  lock.unlock();
  return WebSocketTestSession(std::move(state));
}

}  // namespace fastcpp

// fastcpp over cpp-httplib: the only file that includes httplib.h.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "dispatcher.hpp"
#include "fastcpp/app.hpp"
#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/status.hpp"
#include "internal.hpp"

namespace fastcpp {
namespace {

constexpr std::size_t kUnlimitedKeepAlive = std::size_t{1} << 30;

bool is_websocket_upgrade(const httplib::Request& req) {
  auto upgrade = req.get_header_value("Upgrade");
  return detail::iequals(upgrade, "websocket");
}

Request to_request(const httplib::Request& req) {
  Request::Pairs headers;
  headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) headers.emplace_back(name, value);
  Request request(req.method, req.target, std::move(headers), req.body);
  request.set_server_address(fmt::format("{}:{}", req.local_addr, req.local_port));
  return request;
}

bool is_token_char(unsigned char c) {
  return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// A header that would break the response framing (CR, LF, NUL, or a name that is not a token)
// is never written: the whole response becomes a 500, as a header injection is a server bug.
bool headers_are_safe(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(),
                                     [](char c) { return is_token_char(c); })) {
      return false;
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return false;
  }
  return true;
}

void to_httplib(Response response, const Request& request, httplib::Response& res) {
  if (!headers_are_safe(response)) {
    detail::log_line("ERROR", fmt::format("Refused an unsafe response header in {} {}",
                                          request.method(), request.path()));
    response = exception_handlers::internal_server_error();
  }
  res.status = response.status_code;
  for (auto& [name, value] : response.headers) {
    // cpp-httplib computes content-length from the body itself.
    if (name == "content-length" && !response.body.empty()) continue;
    res.headers.emplace(std::move(name), std::move(value));
  }
  res.body = std::move(response.body);
}

class HttplibTransport : public detail::WebSocketTransport {
 public:
  explicit HttplibTransport(httplib::ws::WebSocket& socket) : socket_(socket) {}

  Kind read(std::string& message) override {
    switch (socket_.read(message)) {
      case httplib::ws::Text:
        return Kind::kText;
      case httplib::ws::Binary:
        return Kind::kBinary;
      default:
        return Kind::kClosed;
    }
  }
  bool send(std::string_view data, bool binary) override {
    if (binary) {
      // cpp-httplib sends a std::string as text and a char buffer as binary.
      return socket_.send(data.data(), data.size());
    }
    return socket_.send(std::string(data));
  }
  void close(int code, std::string_view reason) override {
    socket_.close(static_cast<httplib::ws::CloseStatus>(code), std::string(reason));
  }
  // cpp-httplib does not report the peer's close code; 1000 is what a client closing normally
  // sends (docs/fastapi-compat.md).
  int peer_close_code() const override { return 1000; }

 private:
  httplib::ws::WebSocket& socket_;
};

}  // namespace

struct App::Impl {
  explicit Impl(Service service) : dispatcher(std::move(service)) {}

  void configure(const Config& config);
  void serve(const httplib::Request& req, httplib::Response& res) const;

  detail::Dispatcher dispatcher;
  httplib::Server server;
  bool access_log = true;
  std::atomic<int> port{0};
  std::thread thread;
};

void App::Impl::configure(const Config& config) {
  access_log = config.access_log;
  auto workers = static_cast<std::size_t>(config.workers > 0 ? config.workers : 16);
  // Each kept-alive connection holds a worker; let the pool grow well past the base count.
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers, workers * 16); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kUnlimitedKeepAlive);
  server.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
  server.set_read_timeout(config.read_timeout_seconds, 0);
  server.set_write_timeout(config.write_timeout_seconds, 0);
  server.set_payload_max_length(config.max_body_bytes);

  auto handler = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);

  // WebSocket upgrades reach this before cpp-httplib answers 101: refuse unknown paths with 403,
  // as Starlette's router does for a websocket scope.
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!is_websocket_upgrade(req)) return httplib::Server::HandlerResponse::Unhandled;
    auto request = to_request(req);
    if (dispatcher.has_websocket_route(request.path())) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.status = 403;
    return httplib::Server::HandlerResponse::Handled;
  });
  server.WebSocket(".*", [this](const httplib::Request& req, httplib::ws::WebSocket& socket) {
    auto request = to_request(req);
    HttplibTransport transport(socket);
    dispatcher.handle_websocket(request, transport);
  });

  // Errors cpp-httplib answers itself (malformed requests, oversized bodies) get FastAPI's shape.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!req.matched_route.empty() || !res.body.empty() || is_websocket_upgrade(req)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    auto phrase = status_phrase(res.status);
    json body = json::object();
    body["detail"] = phrase.empty() ? std::string("Error") : std::string(phrase);
    res.set_content(json_dumps(body), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });

  // cpp-httplib marks every response >= 400 `Connection: close` and adds `Content-Length: 0` to
  // bodyless ones. FastAPI keeps the connection open after an error and sends no length for
  // 1xx/204/304, so undo both for the responses fastcpp produced.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.matched_route.empty()) return;
    bool client_closes = detail::iequals(req.get_header_value("Connection"), "close") ||
                         (req.version == "HTTP/1.0" &&
                          !detail::iequals(req.get_header_value("Connection"), "keep-alive"));
    if (!client_closes && res.status >= 400) res.headers.erase("Connection");
    if (is_bodyless_status(res.status)) res.headers.erase("Content-Length");
    res.headers.erase("Accept-Ranges");
  });

  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        // Unreachable: Dispatcher::handle never throws. Kept so nothing can reach cpp-httplib.
        to_httplib(exception_handlers::internal_server_error(), Request{}, res);
      });
}

// RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no body (what
// `curl -X DELETE` sends). cpp-httplib 0.41 leaves such a POST/PUT/PATCH/DELETE unconsumed and,
// after the response, "drains" it by reading until the client closes: the next request on the
// connection would be swallowed as body and the client left waiting. The request object is
// cpp-httplib's own, non-const one; only its handler signature is const.
static void mark_lengthless_body_consumed(const httplib::Request& req) {
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
    const_cast<httplib::Request&>(req).body_consumed_ = true;
  }
}

void App::Impl::serve(const httplib::Request& req, httplib::Response& res) const {
  auto started = std::chrono::steady_clock::now();
  mark_lengthless_body_consumed(req);
  auto request = to_request(req);
  to_httplib(dispatcher.handle(request), request, res);
  if (access_log) {
    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started;
    detail::log_line("INFO", fmt::format("{}:{} - \"{} {} {}\" {} {:.3f}ms", req.remote_addr,
                                         req.remote_port, req.method, req.target, req.version,
                                         res.status, elapsed.count()));
  }
}

App::App(Service service) : impl_(std::make_unique<Impl>(std::move(service))) {}

App::~App() { stop(); }

Response App::handle(Request& request) const { return impl_->dispatcher.handle(request); }

bool App::start(const Config& config) {
  impl_->configure(config);
  int port = config.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(config.host);
  } else if (!impl_->server.bind_to_port(config.host, port)) {
    port = -1;
  }
  if (port <= 0) return false;
  impl_->port = port;
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  impl_->server.wait_until_ready();
  return true;
}

bool App::run(const Config& config, bool install_signal_handlers) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  std::thread signal_waiter;
  std::atomic<bool> serving{true};
  if (install_signal_handlers) {
    // Block the signals in every thread (workers inherit the mask) and take them in one.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal_waiter = std::thread([this, signals, &serving] {
      int signal = 0;
      sigwait(&signals, &signal);
      if (serving) {
        detail::log_line("INFO", "Shutting down");
        impl_->server.stop();
      }
    });
  }
  if (!start(config)) {
    if (signal_waiter.joinable()) {
      serving = false;
      pthread_kill(signal_waiter.native_handle(), SIGTERM);
      signal_waiter.join();
    }
    return false;
  }
  detail::log_line("INFO", fmt::format("Serving on http://{}:{} (press Ctrl+C to quit)",
                                       config.host, impl_->port.load()));
  impl_->thread.join();
  if (signal_waiter.joinable()) {
    serving = false;
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  return true;
}

void App::stop() {
  if (impl_->server.is_running()) impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int App::port() const { return impl_->port; }

}  // namespace fastcpp

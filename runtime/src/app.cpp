// App: a service's dispatcher behind the server, and the command line of a generated service.
#include "fastcpp/app.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <string_view>
#include <thread>

#include "dispatcher.hpp"
#include "http/server.hpp"
#include "internal.hpp"

namespace fastcpp {
namespace {

// Any one line of a request head, its line end included.
constexpr std::size_t kMaxHeadLineBytes = std::size_t{64} * 1024;

detail::ServerOptions server_options(const Config& config) {
  detail::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.reuse_port = config.reuse_port;
  options.backlog = config.backlog;
  options.workers = config.workers;
  options.limits.max_head_bytes = config.max_header_bytes;
  options.limits.max_line_bytes = kMaxHeadLineBytes;
  options.limits.max_header_count = config.max_header_count;
  options.limits.max_uri_bytes = config.max_uri_bytes;
  options.limits.max_query_params = config.max_query_params;
  options.limits.max_body_bytes = config.max_body_bytes;
  auto seconds = [](int value) { return std::chrono::milliseconds(std::max(0, value) * 1000); };
  options.head_timeout = seconds(config.request_head_timeout_seconds);
  options.read_timeout = seconds(config.read_timeout_seconds);
  options.write_timeout = seconds(config.write_timeout_seconds);
  options.keep_alive_timeout = seconds(config.keep_alive_timeout_seconds);
  options.access_log = config.access_log;
  options.proxy_headers = config.proxy_headers;
  options.forwarded_allow_ips = config.forwarded_allow_ips;
  options.max_websockets = config.max_websockets;
  return options;
}

}  // namespace

struct App::Impl {
  explicit Impl(Service service) : dispatcher(std::move(service)) {}

  detail::Dispatcher dispatcher;
  std::unique_ptr<detail::HttpServer> server;
  std::thread thread;
  std::string error;
  int port = 0;
};

App::App(Service service) : impl_(std::make_unique<Impl>(std::move(service))) {}

App::~App() { stop(); }

Response App::handle(Request& request) const { return impl_->dispatcher.handle(request); }

bool App::start(const Config& config) {
  stop();
  impl_->server = std::make_unique<detail::HttpServer>(impl_->dispatcher, server_options(config));
  if (!impl_->server->listen()) {
    impl_->error = impl_->server->error();
    impl_->server.reset();
    return false;
  }
  impl_->port = impl_->server->port();
  impl_->thread = std::thread([server = impl_->server.get()] { server->serve(); });
  return true;
}

bool App::run(const Config& config, bool install_signal_handlers) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (install_signal_handlers) {
    // Blocked in every thread (workers inherit the mask) and taken by one.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  if (!start(config)) return false;
  detail::log_line("INFO", fmt::format("Serving on http://{}:{} (press Ctrl+C to quit)",
                                       config.host, impl_->port));
  std::thread signal_waiter;
  std::atomic<bool> serving{true};
  if (install_signal_handlers) {
    signal_waiter = std::thread([this, signals, &serving] {
      int signal = 0;
      sigwait(&signals, &signal);
      if (serving) {
        detail::log_line("INFO", "Shutting down");
        impl_->server->stop();
      }
    });
  }
  impl_->thread.join();
  if (signal_waiter.joinable()) {
    serving = false;
    // Wakes the waiter's sigwait: SIGTERM is blocked in every thread, so it terminates nothing.
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  impl_->server.reset();
  return true;
}

void App::stop() {
  if (impl_->server) impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
}

int App::port() const { return impl_->port; }

const std::string& App::error() const { return impl_->error; }

namespace {

constexpr std::string_view kUsage =
    "usage: {} [options]\n"
    "Serves the service until SIGINT or SIGTERM. Options (uvicorn's, where it has them):\n"
    "  --host HOST                  bind to HOST (default 127.0.0.1)\n"
    "  --port PORT                  bind to PORT (default 8000)\n"
    "  --workers N                  threads that run requests (default 4 per core)\n"
    "  --reuse-port                 share the port with other processes (SO_REUSEPORT)\n"
    "  --backlog N                  pending connections the kernel keeps (default 2048)\n"
    "  --proxy-headers              trust X-Forwarded-Proto/-For from --forwarded-allow-ips\n"
    "                               (the default)\n"
    "  --no-proxy-headers           ignore them\n"
    "  --forwarded-allow-ips IPS    comma-separated addresses, or '*' (default 127.0.0.1)\n"
    "  --timeout-keep-alive SECONDS close idle kept-alive connections after it (default 5)\n"
    "  --no-access-log              no line per request\n";

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// An option that takes a value: sets it from `value` and returns true; false for any other name.
bool set_value_option(Config& config, std::string_view name, const char* value) {
  if (name == "--host") {
    config.host = value;
  } else if (name == "--port") {
    config.port = std::atoi(value);
  } else if (name == "--workers") {
    config.workers = std::atoi(value);
  } else if (name == "--backlog") {
    config.backlog = std::atoi(value);
  } else if (name == "--timeout-keep-alive") {
    config.keep_alive_timeout_seconds = std::atoi(value);
  } else if (name == "--forwarded-allow-ips") {
    config.forwarded_allow_ips = split_commas(value);
  } else {
    return false;
  }
  return true;
}

}  // namespace

int run_main(Service service, int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
    if (next != nullptr && set_value_option(config, arg, next)) {
      ++i;
    } else if (arg == "--reuse-port") {
      config.reuse_port = true;
    } else if (arg == "--proxy-headers") {
      config.proxy_headers = true;
    } else if (arg == "--no-proxy-headers") {
      config.proxy_headers = false;
    } else if (arg == "--no-access-log") {
      config.access_log = false;
    } else {
      bool help = arg == "--help" || arg == "-h";
      if (!help) fmt::print(stderr, "{}: unknown or incomplete option '{}'\n", argv[0], arg);
      fmt::print(help ? stdout : stderr, kUsage, argv[0]);
      return help ? 0 : 2;
    }
  }
  App app(std::move(service));
  if (!app.run(config, /*install_signal_handlers=*/true)) {
    detail::log_line("ERROR", fmt::format("Could not bind to {}", app.error()));
    return 1;
  }
  return 0;
}

}  // namespace fastcpp

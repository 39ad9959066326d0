// App: a service's dispatcher behind the server, and the command line of a generated service.
#include "fastcpp/app.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
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
  options.threads = config.threads;
  options.max_threads = config.max_threads;
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
  options.request_ids = config.request_ids;
  options.proxy_headers = config.proxy_headers;
  options.forwarded_allow_ips = config.forwarded_allow_ips;
  options.max_websockets = config.max_websockets;
  return options;
}

// systemd's readiness protocol (sd_notify(3), for Type=notify units), without libsystemd: one
// datagram to the socket $NOTIFY_SOCKET names, when it names one.
void notify_systemd(std::string_view state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || (path[0] != '/' && path[0] != '@')) return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  auto length = std::strlen(path);
  if (length >= sizeof address.sun_path) return;
  std::memcpy(address.sun_path, path, length);
  if (path[0] == '@') address.sun_path[0] = '\0';  // an abstract socket
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&address),
           static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length));
  ::close(fd);
}

bool configure_logging(const Config& config, std::string& error) {
  auto format = config.log_json ? detail::LogFormat::kJson : detail::LogFormat::kText;
  if (detail::configure_logging(format, config.log_level)) return true;
  error = fmt::format("unknown log level '{}' (critical, error, warning, info, debug, trace)",
                      config.log_level);
  return false;
}

}  // namespace

struct App::Impl {
  explicit Impl(Service service) : dispatcher(std::move(service)) {}

  detail::Dispatcher dispatcher;
  std::unique_ptr<detail::HttpServer> server;
  std::thread thread;
  std::string error;
  int port = 0;
  int listen_fd = -1;  // in a worker process: the supervisor's listening socket
};

App::App(Service service) : impl_(std::make_unique<Impl>(std::move(service))) {}

App::~App() { stop(); }

Response App::handle(Request& request) const { return impl_->dispatcher.handle(request); }

bool App::start(const Config& config) {
  stop();
  if (!configure_logging(config, impl_->error)) return false;
  auto options = server_options(config);
  options.listen_fd = impl_->listen_fd;
  impl_->server = std::make_unique<detail::HttpServer>(impl_->dispatcher, std::move(options));
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
  if (!configure_logging(config, impl_->error)) return false;
  if (config.workers > 1) return supervise(config);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  // A worker process leaves SIGINT (Ctrl+C, sent to the whole process group) to its supervisor,
  // which passes it on as SIGTERM: once, so that it stays a graceful shutdown.
  if (impl_->listen_fd < 0) sigaddset(&signals, SIGINT);
  if (impl_->listen_fd >= 0) ::signal(SIGINT, SIG_IGN);
  if (install_signal_handlers) {
    // Blocked in every thread (workers inherit the mask) and taken by one.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  if (!start(config)) return false;
  detail::log_line("INFO", fmt::format("Serving on http://{}:{} (press Ctrl+C to quit)",
                                       config.host, impl_->port));
  notify_systemd("READY=1");
  std::thread signal_waiter;
  std::atomic<bool> serving{true};
  std::chrono::milliseconds grace(std::max(0, config.graceful_shutdown_timeout_seconds) * 1000);
  if (install_signal_handlers) {
    signal_waiter = std::thread([this, signals, grace, &serving] {
      int signal = 0;
      sigwait(&signals, &signal);
      if (!serving) return;
      detail::log_line("INFO", "Shutting down");
      notify_systemd("STOPPING=1");
      impl_->server->shut_down(grace);
      // A second signal stops at once, as uvicorn's second Ctrl+C does. And a handler that
      // still runs a second after the server stopped (past the grace period, or after the second
      // signal) does not hold the process: it exits without it.
      auto wait_for_signal = [&](std::chrono::milliseconds limit) {
        if (limit.count() == 0) return sigwait(&signals, &signal) == 0;
        timespec timeout{static_cast<time_t>(limit.count() / 1000),
                         static_cast<long>(limit.count() % 1000) * 1000000};
        return sigtimedwait(&signals, nullptr, &timeout) >= 0;
      };
      bool second = wait_for_signal(grace.count() ? grace + std::chrono::seconds(1) : grace);
      if (!serving) return;
      if (second) {
        impl_->server->stop();
        wait_for_signal(std::chrono::seconds(1));
        if (!serving) return;
      }
      detail::log_line("ERROR", "Handlers still running after the shutdown: exiting without them");
      std::_Exit(0);
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

// uvicorn's --workers: the supervisor binds once and forks the workers, which all accept from
// that one listening socket (so a second deployment on the port still fails with "address
// already in use"). It stays single-threaded: it only waits for signals and for its workers.
bool App::supervise(const Config& config) {
  int fd = detail::open_listener(server_options(config), impl_->error);
  if (fd < 0) return false;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  detail::log_line("INFO", fmt::format("Started parent process [{}]", ::getpid()));

  Config worker = config;
  worker.workers = 1;
  // The cores shared out: N processes with a thread per core each would only switch between
  // threads more.
  if (worker.threads <= 0) {
    auto cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    worker.threads = std::max(1, cores / config.workers);
  }
  impl_->listen_fd = fd;
  struct Child {
    pid_t pid = -1;
    std::chrono::steady_clock::time_point started;
  };
  std::vector<Child> children(static_cast<std::size_t>(config.workers));
  auto spawn = [&](Child& child) {
    child.started = std::chrono::steady_clock::now();
    child.pid = ::fork();
    if (child.pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the supervisor gone, its workers follow
      ::unsetenv("NOTIFY_SOCKET");         // systemd hears from the supervisor only
      bool served = run(worker, /*install_signal_handlers=*/true);
      if (!served) detail::log_line("ERROR", impl_->error);
      std::_Exit(served ? 0 : 1);
    }
    if (child.pid < 0) {
      detail::log_line("ERROR", fmt::format("Could not start a worker: {}", std::strerror(errno)));
    }
  };
  // The supervisor is the one systemd hears from: ready once the port is bound and the workers
  // are started (connections wait in the listen queue meanwhile).
  for (auto& child : children) spawn(child);
  notify_systemd("READY=1");

  bool stopping = false;
  for (;;) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal != SIGCHLD) {
      if (!stopping) {
        detail::log_line("INFO", "Shutting down");
        notify_systemd("STOPPING=1");
      }
      // The first signal: a graceful shutdown in each worker; a second one: at once.
      for (auto& child : children) {
        if (child.pid > 0) ::kill(child.pid, SIGTERM);
      }
      stopping = true;
    }
    int status = 0;
    pid_t pid = 0;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      for (auto& child : children) {
        if (child.pid != pid) continue;
        child.pid = -1;
        if (stopping) break;
        auto how = WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status))
                                       : fmt::format("exit status {}", WEXITSTATUS(status));
        detail::log_line("ERROR", fmt::format("Worker [{}] died ({}); starting another", pid, how));
        // One that dies at once would die again: not more than one start a second.
        auto lived = std::chrono::steady_clock::now() - child.started;
        if (lived < std::chrono::seconds(1))
          std::this_thread::sleep_for(std::chrono::seconds(1) - lived);
        spawn(child);
      }
    }
    if (stopping && std::all_of(children.begin(), children.end(),
                                [](const Child& child) { return child.pid < 0; })) {
      break;
    }
  }
  ::close(fd);
  detail::log_line("INFO", fmt::format("Stopping parent process [{}]", ::getpid()));
  return true;
}

void App::shut_down(std::chrono::milliseconds grace) {
  if (impl_->server) impl_->server->shut_down(grace);
}

void App::wait() {
  if (impl_->thread.joinable()) impl_->thread.join();
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
    "  --workers N                  processes sharing the port, as uvicorn's (default 1): a\n"
    "                               supervisor restarts one that dies\n"
    "  --threads N                  threads of a process free to run requests (default one\n"
    "                               per core)\n"
    "  --max-threads N              threads at most, counting those added while handlers\n"
    "                               block (default 64)\n"
    "  --reuse-port                 share the port with other processes (SO_REUSEPORT)\n"
    "  --backlog N                  pending connections the kernel keeps (default 2048)\n"
    "  --proxy-headers              trust X-Forwarded-Proto/-For from --forwarded-allow-ips\n"
    "                               (the default)\n"
    "  --no-proxy-headers           ignore them\n"
    "  --forwarded-allow-ips IPS    comma-separated addresses, or '*' (default 127.0.0.1)\n"
    "  --timeout-keep-alive SECONDS close idle kept-alive connections after it (default 5)\n"
    "  --timeout-graceful-shutdown SECONDS\n"
    "                               after SIGTERM, how long open requests and WebSockets may\n"
    "                               take before the server stops anyway (default: no limit)\n"
    "  --no-access-log              no line per request\n"
    "  --log-level LEVEL            critical, error, warning, info (default), debug, trace\n"
    "  --log-format text|json       uvicorn's lines (default), or one JSON object a line\n"
    "  --request-id                 an X-Request-ID for each request (the client's, or a new\n"
    "                               one), on the response and in the access log\n";

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
  } else if (name == "--threads") {
    config.threads = std::atoi(value);
  } else if (name == "--max-threads") {
    config.max_threads = std::atoi(value);
  } else if (name == "--backlog") {
    config.backlog = std::atoi(value);
  } else if (name == "--timeout-graceful-shutdown") {
    config.graceful_shutdown_timeout_seconds = std::atoi(value);
  } else if (name == "--timeout-keep-alive") {
    config.keep_alive_timeout_seconds = std::atoi(value);
  } else if (name == "--log-level") {
    config.log_level = value;
  } else if (name == "--log-format" &&
             (std::string_view(value) == "json" || std::string_view(value) == "text")) {
    config.log_json = std::string_view(value) == "json";
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
    } else if (arg == "--request-id") {
      config.request_ids = true;
    } else {
      bool help = arg == "--help" || arg == "-h";
      if (!help) fmt::print(stderr, "{}: unknown or incomplete option '{}'\n", argv[0], arg);
      fmt::print(help ? stdout : stderr, kUsage, argv[0]);
      return help ? 0 : 2;
    }
  }
  std::string error;
  if (!configure_logging(config, error)) {
    fmt::print(stderr, "{}: {}\n", argv[0], error);
    return 2;
  }
  App app(std::move(service));
  if (!app.run(config, /*install_signal_handlers=*/true)) {
    detail::log_line("ERROR", fmt::format("Could not bind to {}", app.error()));
    return 1;
  }
  return 0;
}

}  // namespace fastcpp

#include "http/server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "dispatcher.hpp"
#include "http/response_writer.hpp"
#include "http/websocket_codec.hpp"
#include "http/websocket_session.hpp"
#include "internal.hpp"

namespace fastcpp::detail {
namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// After a refusal, how long and how much of the client's unread request is read away before
// closing: closing with unread bytes makes the kernel send a reset, which can destroy the answer
// still on its way (a 413 with the rest of the body coming, say).
constexpr Millis kLingerTime{1000};
constexpr std::size_t kLingerBytes = std::size_t{1024} * 1024;
// Bounds chunked-body trailers, which no Config limit sees.
constexpr std::size_t kMaxTrailerLines = 256;
constexpr std::size_t kReadChunk = std::size_t{64} * 1024;
constexpr Millis kReaperTick{50};
constexpr std::size_t kAcceptBatch = 64;
// A worker takes up to this many ready events per epoll_wait, and runs the next one only while
// the ones before it took less than the budget together (see work()).
constexpr std::size_t kMaxEventsPerWait = 16;
constexpr std::chrono::microseconds kBatchBudget{500};
// A worker running one event for this long is blocked in its handler (a database, a sleep):
// the events it took after that one go back to epoll, and while fewer than `threads` workers
// are free, the reaper starts more (up to `max_threads`).
constexpr Millis kBlockedAfter{10};
// A worker beyond `threads` that has waited this long with nothing to do ends.
constexpr Millis kIdleWorkerTimeout{5000};
constexpr int kDefaultMaxWorkers = 64;
// Tags of the two sockets that are not connections, in epoll's data field.
constexpr std::uint64_t kListenTag = ~std::uint64_t{0};
constexpr std::uint64_t kWakeTag = ~std::uint64_t{0} - 1;

std::int64_t now_ms() {
  return std::chrono::duration_cast<Millis>(Clock::now().time_since_epoch()).count();
}

// For logs: at most 200 bytes of client-chosen text, control and non-ASCII bytes escaped.
std::string printable(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 200)) {
    auto c = static_cast<unsigned char>(ch);
    out += c >= 0x20 && c < 0x7F ? std::string(1, ch) : fmt::format("\\x{:02x}", c);
  }
  if (text.size() > 200) out += "...";
  return out;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool says_close(const Response& response) {
  const auto* connection = response.header("connection");
  return connection && iequals(*connection, "close");
}

std::string address_text(const sockaddr_storage& address, int* port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    *port = ntohs(in6.sin6_port);
  } else {
    const auto& in4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &in4.sin_addr, text, sizeof text);
    *port = ntohs(in4.sin_port);
  }
  return text;
}

// uvicorn's ProxyHeadersMiddleware: X-Forwarded-For names the client as the last address that
// is not a trusted proxy (the first, if all are).
// A client's X-Request-ID is kept when it is a plain token (visible ASCII, at most 200 bytes);
// anything else is replaced, so that it cannot forge log lines.
bool is_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 200 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string new_request_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", random(), random());
}

std::string forwarded_client(std::string_view value, const std::vector<std::string>& trusted,
                             bool trust_all) {
  std::vector<std::string_view> hops;
  while (!value.empty()) {
    auto comma = value.find(',');
    hops.push_back(trim_spaces(value.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  if (hops.empty()) return {};
  if (trust_all) return std::string(hops.front());
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (std::find(trusted.begin(), trusted.end(), *hop) == trusted.end()) return std::string(*hop);
  }
  return std::string(hops.front());
}

// One connection, owned by one thread at a time: the worker that epoll woke for it (its socket
// is registered one-shot), the reaper that found its deadline passed, or no one while it waits
// in epoll. `tag` packs the connection's generation (which tells a stale event from a current
// one once the descriptor has been reused) with who owns it. `mutex` makes "waiting in epoll"
// one step (the tag and epoll_ctl together), so the reaper never claims a connection half-way
// into epoll, and a descriptor is never closed while the reaper looks at it.
struct Connection {
  enum class Owner : std::uint64_t { kNone = 0, kWaiting = 1, kRunning = 2 };
  enum class Phase { kIdle, kHead, kBody, kWriting, kDraining };

  static std::uint64_t tag_of(std::uint32_t generation, Owner owner) {
    return (std::uint64_t{generation} << 2) | static_cast<std::uint64_t>(owner);
  }
  std::uint64_t event_data() const {
    return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
  }
  // Takes the connection for the thread that calls it; false when it is not waiting with that
  // generation (a stale event, or another thread has it).
  bool claim(std::uint32_t expected_generation) {
    auto expected = tag_of(expected_generation, Owner::kWaiting);
    return tag.compare_exchange_strong(expected, tag_of(expected_generation, Owner::kRunning),
                                       std::memory_order_acquire);
  }
  void reset_request() {
    head.reset();
    chunks.reset();
    body.clear();
    sent_continue = false;
    head_deadline = 0;
  }
  void release_buffers() {
    std::string().swap(in);
    std::string().swap(out);
    std::string().swap(body);
    out_offset = 0;
  }

  std::mutex mutex;
  std::atomic<std::uint64_t> tag{0};
  std::atomic<std::int64_t> deadline{0};  // steady ms; 0 = none
  int fd = -1;
  std::uint32_t generation = 0;
  Phase phase = Phase::kIdle;
  std::string in;   // bytes read and not yet taken: part of the next request
  std::string out;  // response bytes not yet written
  std::size_t out_offset = 0;
  bool close_after_write = false;
  std::optional<RequestHead> head;  // of the request whose body is arriving
  std::optional<ChunkedDecoder> chunks;
  std::string body;
  bool sent_continue = false;
  std::int64_t head_deadline = 0;  // the head's own deadline, from its first byte; 0 = none
  std::int64_t linger_deadline = 0;
  std::size_t drained = 0;
  std::string peer_host;
  int peer_port = 0;
  std::string local_address;  // "host:port", what Request::url() is built from
};

// Connections by descriptor, in chunks allocated on first use and kept until the server ends,
// so a pointer taken from an event stays valid even after its connection closed.
class ConnectionTable {
 public:
  static constexpr std::size_t kChunk = 1024;

  void reserve(std::size_t max_fds) {
    chunks_ = std::vector<std::atomic<Connection*>>((max_fds + kChunk - 1) / kChunk);
  }
  Connection* get(int fd) {
    auto index = static_cast<std::size_t>(fd);
    if (index / kChunk >= chunks_.size()) return nullptr;
    auto* chunk = chunks_[index / kChunk].load(std::memory_order_acquire);
    return chunk ? &chunk[index % kChunk] : nullptr;
  }
  // Also raises the high-water mark, which every scan of the table (the reaper's, the
  // shutdown's) stops at.
  Connection* get_or_create(int fd) {
    auto index = static_cast<std::size_t>(fd);
    if (index / kChunk >= chunks_.size()) return nullptr;
    auto* connection = get(fd);
    if (!connection) {
      std::lock_guard lock(mutex_);
      auto& slot = chunks_[index / kChunk];
      if (!slot.load()) {
        owned_.push_back(std::make_unique<Connection[]>(kChunk));
        slot.store(owned_.back().get(), std::memory_order_release);
      }
      connection = &slot.load()[index % kChunk];
    }
    auto seen = high_water_.load();
    while (index + 1 > seen && !high_water_.compare_exchange_weak(seen, index + 1)) {
    }
    return connection;
  }
  std::size_t high_water() const { return high_water_.load(); }

 private:
  std::vector<std::atomic<Connection*>> chunks_;
  std::vector<std::unique_ptr<Connection[]>> owned_;
  std::atomic<std::size_t> high_water_{0};
  std::mutex mutex_;
};

int default_workers() {
  // One per core: more only add switches between threads while handlers are quick, and the
  // pool grows on its own while they block (see kBlockedAfter).
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

// Every function that takes a Connection& runs on the thread that owns it. Those returning bool
// return false once the connection is no longer this thread's (closed, or handed to a WebSocket
// session): the caller must not touch it again. Only on_event's end, the reaper and accept put
// a connection back into epoll (arm), after everything else is done with it.
struct HttpServer::Impl {
  enum class Flush { kDone, kBlocked, kClosed };

  // A worker thread's slot. `pending` holds the events it took from epoll and has not run yet:
  // when the worker is blocked in a handler, the reaper hands them back to epoll.
  struct Worker {
    std::thread thread;
    bool running = false;  // guarded by pool_mutex
    std::mutex mutex;      // guards pending, next, count
    std::array<epoll_event, kMaxEventsPerWait> pending{};
    int next = 0;
    int count = 0;
    std::atomic<std::int64_t> busy_since{0};  // now_ms() when its current event began; 0: none
  };

  Impl(const Dispatcher& dispatcher, ServerOptions options)
      : dispatcher(dispatcher), options(std::move(options)) {}

  bool listen();
  void serve();
  void stop();
  void shut_down(Millis grace);

  void start_worker();  // with pool_mutex held
  bool retire(Worker& worker);
  void work(Worker& worker);
  void run_event(const epoll_event& event);
  void hand_back(const epoll_event& event);
  void reap();
  void replace_blocked_workers();
  void accept_connections();
  std::size_t accept_some();  // with listener_mutex held; returns how many
  void arm_listener();
  void close_listener();
  void wind_down();
  void on_event(Connection& connection);
  bool read_and_answer(Connection& connection);
  bool take_requests(Connection& connection, std::string_view data, std::size_t& consumed);
  void answer(Connection& connection, RequestHead head, std::string body);
  /// `raw`: the bytes of a head that could not be parsed, as far as they came.
  bool refuse(Connection& connection, Refusal refusal, const RequestHead* head,
              std::string_view raw = {});
  void hand_to_websocket(Connection& connection, RequestHead head, std::string leftover);
  Request make_request(const Connection& connection, RequestHead& head, std::string body);
  Flush flush(Connection& connection);
  bool finish_writing(Connection& connection);
  bool start_draining(Connection& connection);
  void expire(Connection& connection);
  void arm(Connection& connection);
  // Frees the connection's slot (owned by no one, no deadline, no buffers); returns its
  // descriptor, which the caller closes or hands on.
  int release(Connection& connection);
  void close(Connection& connection);

  const Dispatcher& dispatcher;
  ServerOptions options;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  int bound_port = 0;
  std::string error;
  ConnectionTable connections;
  std::atomic<bool> stopping{false};
  bool trust_all_proxies = false;
  // Set by shut_down(): no more accepting, every answer closes its connection, idle ones close.
  std::atomic<bool> shutting_down{false};
  std::atomic<std::int64_t> shutdown_deadline{0};  // steady ms; 0: none
  std::mutex listener_mutex;                       // accepting vs closing the listener

  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Worker>> workers;  // max_threads slots
  int base_workers = 0;
  int running_workers = 0;  // guarded by pool_mutex

  std::mutex websocket_mutex;
  std::condition_variable websocket_ended;
  std::set<int> websocket_fds;
  ShutdownSignal websocket_shutdown;
};

int open_listener(const ServerOptions& options, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  auto port_text = std::to_string(options.port);
  auto where = fmt::format("{}:{}", options.host, options.port);
  if (int status = getaddrinfo(options.host.c_str(), port_text.c_str(), &hints, &found)) {
    error = fmt::format("{}: {}", where, gai_strerror(status));
    return -1;
  }
  int last_errno = 0;
  int listen_fd = -1;
  for (auto* info = found; info && listen_fd < 0; info = info->ai_next) {
    int fd = ::socket(info->ai_family, info->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                      info->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    int yes = 1;
    // SO_REUSEADDR lets a restarted server bind while old connections are in TIME_WAIT; it
    // never lets two servers listen on one port. SO_REUSEPORT does, so only when asked.
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (options.reuse_port) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);
    if (::bind(fd, info->ai_addr, info->ai_addrlen) == 0 && ::listen(fd, options.backlog) == 0) {
      listen_fd = fd;
    } else {
      last_errno = errno;
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd < 0) {
    error = fmt::format(
        "{}: {}", where,
        last_errno == EADDRINUSE ? "address already in use" : std::strerror(last_errno));
  }
  return listen_fd;
}

bool HttpServer::Impl::listen() {
  trust_all_proxies =
      std::find(options.forwarded_allow_ips.begin(), options.forwarded_allow_ips.end(), "*") !=
      options.forwarded_allow_ips.end();
  // Every idle connection is a descriptor: allow as many as the hard limit does.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  getrlimit(RLIMIT_NOFILE, &limit);
  connections.reserve(std::min<std::size_t>(limit.rlim_cur, std::size_t{1} << 22));

  listen_fd = options.listen_fd >= 0 ? options.listen_fd : open_listener(options, error);
  if (listen_fd < 0) return false;
  sockaddr_storage local{};
  socklen_t size = sizeof local;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&local), &size);
  address_text(local, &bound_port);

  epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  websocket_shutdown.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event listen_event{};
  listen_event.events = EPOLLIN | EPOLLONESHOT;
  listen_event.data.u64 = kListenTag;
  epoll_event wake_event{};
  wake_event.events = EPOLLIN;  // level-triggered: once written, it wakes every worker
  wake_event.data.u64 = kWakeTag;
  if (epoll_fd < 0 || wake_fd < 0 || websocket_shutdown.fd < 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &listen_event) != 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &wake_event) != 0) {
    error = fmt::format("{}:{}: {}", options.host, options.port, std::strerror(errno));
    return false;
  }
  return true;
}

void HttpServer::Impl::serve() {
  base_workers = options.threads > 0 ? options.threads : default_workers();
  int max_workers =
      std::max(base_workers, options.max_threads > 0 ? options.max_threads : kDefaultMaxWorkers);
  workers.resize(static_cast<std::size_t>(max_workers));
  for (auto& worker : workers) worker = std::make_unique<Worker>();
  {
    std::lock_guard lock(pool_mutex);
    for (int i = 0; i < base_workers; ++i) start_worker();
  }
  std::thread reaper([this] { reap(); });
  reaper.join();  // it ends once stopping: no worker is started after this
  for (auto& worker : workers) {
    if (worker->thread.joinable()) worker->thread.join();
  }

  // Every worker has ended: what is left waits in epoll, owned by no one.
  for (std::size_t fd = 0; fd < connections.high_water(); ++fd) {
    auto* connection = connections.get(static_cast<int>(fd));
    if (!connection) continue;
    auto tag = connection->tag.load();
    if (connection->claim(static_cast<std::uint32_t>(tag >> 2))) close(*connection);
  }
  // WebSocket sessions end when their socket does: the endpoint's next receive or send sees a
  // closed connection.
  std::unique_lock lock(websocket_mutex);
  for (int fd : websocket_fds) ::shutdown(fd, SHUT_RDWR);
  websocket_ended.wait(lock, [this] { return websocket_fds.empty(); });
  lock.unlock();
  close_listener();
  ::close(epoll_fd);
  ::close(wake_fd);
  ::close(websocket_shutdown.fd);
  epoll_fd = wake_fd = websocket_shutdown.fd = -1;
}

void HttpServer::Impl::stop() {
  if (stopping.exchange(true)) return;
  if (wake_fd >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_fd, &one, sizeof one);
  }
}

// The reaper does the rest, on its next tick (wind_down).
void HttpServer::Impl::shut_down(Millis grace) {
  if (grace.count() > 0) shutdown_deadline = now_ms() + grace.count();
  if (shutting_down.exchange(true)) return;
  websocket_shutdown.raised = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(websocket_shutdown.fd, &one, sizeof one);
}

void HttpServer::Impl::start_worker() {
  for (auto& slot : workers) {
    if (slot->running) continue;
    Worker& worker = *slot;
    if (worker.thread.joinable()) worker.thread.join();  // one that retired: it has returned
    worker.running = true;
    ++running_workers;
    worker.thread = std::thread([this, &worker] { work(worker); });
    return;
  }
}

// A worker that found nothing to do for kIdleWorkerTimeout ends if there are more than `threads`.
bool HttpServer::Impl::retire(Worker& worker) {
  std::lock_guard lock(pool_mutex);
  if (running_workers <= base_workers) return false;
  worker.running = false;
  --running_workers;
  return true;
}

void HttpServer::Impl::work(Worker& worker) {
  std::array<epoll_event, kMaxEventsPerWait> ready{};
  // How many ready events this thread takes per epoll_wait. Several cost one system call and
  // one wake-up between them, but are run one after another: while handlers are quick the
  // batch grows (doubling); once they took longer than kBatchBudget together, the rest goes
  // back to epoll for the other workers and the batch falls back to one.
  int batch = 1;
  while (!stopping.load(std::memory_order_relaxed)) {
    int n = epoll_wait(epoll_fd, ready.data(), batch, static_cast<int>(kIdleWorkerTimeout.count()));
    if (n < 0) continue;
    if (n == 0) {
      if (retire(worker)) return;
      continue;
    }
    {
      std::lock_guard lock(worker.mutex);
      std::copy_n(ready.begin(), n, worker.pending.begin());
      worker.next = 0;
      worker.count = n;
    }
    auto started = Clock::now();
    int run = 0;
    for (;;) {
      epoll_event event{};
      {
        std::lock_guard lock(worker.mutex);
        if (worker.next > 0 && worker.next < worker.count &&
            Clock::now() - started >= kBatchBudget) {
          while (worker.next < worker.count) {
            hand_back(worker.pending[static_cast<std::size_t>(worker.next++)]);
          }
        }
        if (worker.next == worker.count) break;
        event = worker.pending[static_cast<std::size_t>(worker.next++)];
      }
      worker.busy_since.store(now_ms(), std::memory_order_relaxed);
      run_event(event);
      worker.busy_since.store(0, std::memory_order_relaxed);
      ++run;
    }
    if (run < n) {
      batch = 1;  // handed back, by this thread or by the reaper
    } else if (n == batch) {
      batch = std::min(batch * 2, static_cast<int>(kMaxEventsPerWait));
    }
  }
}

void HttpServer::Impl::run_event(const epoll_event& event) {
  if (event.data.u64 == kWakeTag) return;
  if (event.data.u64 == kListenTag) return accept_connections();
  auto fd = static_cast<int>(event.data.u64 & 0xFFFFFFFF);
  auto generation = static_cast<std::uint32_t>(event.data.u64 >> 32);
  auto* connection = connections.get(fd);
  if (!connection || !connection->claim(generation)) return;  // stale, or being reaped
  on_event(*connection);
}

// An event taken but not run goes back into epoll as it was (one-shot registrations fire again
// when re-armed while ready), for whichever worker waits next.
void HttpServer::Impl::hand_back(const epoll_event& event) {
  if (event.data.u64 == kWakeTag) return;  // level-triggered: still there for everyone
  if (event.data.u64 == kListenTag) return arm_listener();
  auto fd = static_cast<int>(event.data.u64 & 0xFFFFFFFF);
  auto generation = static_cast<std::uint32_t>(event.data.u64 >> 32);
  auto* connection = connections.get(fd);
  if (connection && connection->claim(generation)) arm(*connection);
}

void HttpServer::Impl::reap() {
  while (!stopping.load(std::memory_order_relaxed)) {
    std::this_thread::sleep_for(kReaperTick);
    replace_blocked_workers();
    if (shutting_down.load()) wind_down();
    auto now = now_ms();
    for (std::size_t fd = 0; fd < connections.high_water(); ++fd) {
      auto* connection = connections.get(static_cast<int>(fd));
      if (!connection) continue;
      auto deadline = connection->deadline.load(std::memory_order_relaxed);
      if (deadline == 0 || deadline > now) continue;
      bool claimed = false;
      {
        std::lock_guard lock(connection->mutex);
        auto tag = connection->tag.load(std::memory_order_acquire);
        claimed = connection->deadline.load() != 0 && connection->deadline.load() <= now &&
                  connection->claim(static_cast<std::uint32_t>(tag >> 2));
      }
      if (claimed) expire(*connection);
    }
  }
}

// What is in the accept queue was sent to this server: it is accepted and answered, not reset.
// Then the port is left to whichever server shares it (--reuse-port), or refuses connections.
void HttpServer::Impl::close_listener() {
  std::lock_guard lock(listener_mutex);
  if (listen_fd < 0) return;
  while (accept_some() == kAcceptBatch) {
  }
  epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
  ::close(listen_fd);
  listen_fd = -1;
}

// Each reaper tick once shutting down: idle connections close (one whose next request has
// arrived goes back to a worker, which answers it with `connection: close`); the others end
// with the answer to the request they are in. Once none is left, nor any WebSocket (told 1012
// by shut_down), or once the grace period is over, the server stops.
void HttpServer::Impl::wind_down() {
  close_listener();
  std::size_t open = 0;
  for (std::size_t fd = 0; fd < connections.high_water(); ++fd) {
    auto* connection = connections.get(static_cast<int>(fd));
    if (!connection) continue;
    bool claimed = false;
    {
      std::lock_guard lock(connection->mutex);
      auto tag = connection->tag.load(std::memory_order_acquire);
      if (static_cast<Connection::Owner>(tag & 3) == Connection::Owner::kNone) continue;
      ++open;
      claimed = connection->phase == Connection::Phase::kIdle &&
                connection->claim(static_cast<std::uint32_t>(tag >> 2));
    }
    if (!claimed) continue;
    char probe = 0;
    if (::recv(connection->fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT) > 0) {
      arm(*connection);
    } else {
      close(*connection);
      --open;
    }
  }
  {
    std::lock_guard lock(websocket_mutex);
    open += websocket_fds.size();
  }
  auto deadline = shutdown_deadline.load();
  if (open == 0 || (deadline != 0 && now_ms() >= deadline)) stop();
}

// A handler that blocks holds its worker, never the connections behind it: the events its worker
// took after it go back to epoll, and workers are added while fewer than `threads` are free.
void HttpServer::Impl::replace_blocked_workers() {
  auto now = now_ms();
  int blocked = 0;
  std::lock_guard pool(pool_mutex);
  for (auto& slot : workers) {
    if (!slot->running) continue;
    auto since = slot->busy_since.load(std::memory_order_relaxed);
    if (since == 0 || now - since < kBlockedAfter.count()) continue;
    ++blocked;
    std::lock_guard lock(slot->mutex);
    while (slot->next < slot->count) {
      hand_back(slot->pending[static_cast<std::size_t>(slot->next++)]);
    }
  }
  while (running_workers - blocked < base_workers &&
         running_workers < static_cast<int>(workers.size())) {
    start_worker();
  }
}

void HttpServer::Impl::accept_connections() {
  std::lock_guard lock(listener_mutex);
  if (listen_fd < 0) return;  // closed by the shutdown
  accept_some();
  epoll_event event{};
  event.events = EPOLLIN | EPOLLONESHOT;
  event.data.u64 = kListenTag;
  epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &event);
}

std::size_t HttpServer::Impl::accept_some() {
  std::size_t accepted = 0;
  for (; accepted < kAcceptBatch; ++accepted) {
    sockaddr_storage peer{};
    socklen_t size = sizeof peer;
    int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: let connections end before trying again.
        log_line("ERROR", "Too many open connections; waiting before accepting more");
        std::this_thread::sleep_for(Millis(10));
      }
      break;
    }
    auto* connection = connections.get_or_create(fd);
    if (!connection) {
      ::close(fd);
      continue;
    }
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    sockaddr_storage local{};
    socklen_t local_size = sizeof local;
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size);
    int local_port = 0;
    auto local_host = address_text(local, &local_port);

    std::lock_guard lock(connection->mutex);
    connection->fd = fd;
    connection->generation += 1;
    connection->phase = Connection::Phase::kIdle;
    connection->close_after_write = false;
    connection->drained = 0;
    connection->reset_request();
    connection->peer_host = address_text(peer, &connection->peer_port);
    connection->local_address = fmt::format("{}:{}", local_host, local_port);
    // Before the first request too, silence is bounded by the keep-alive timeout.
    connection->deadline = now_ms() + options.keep_alive_timeout.count();
    connection->tag.store(Connection::tag_of(connection->generation, Connection::Owner::kWaiting),
                          std::memory_order_release);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLONESHOT | EPOLLRDHUP;
    event.data.u64 = connection->event_data();
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
  }
  return accepted;
}

void HttpServer::Impl::arm_listener() {
  std::lock_guard lock(listener_mutex);
  if (listen_fd < 0) return;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLONESHOT;
  event.data.u64 = kListenTag;
  epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &event);
}

void HttpServer::Impl::on_event(Connection& connection) {
  if (connection.phase == Connection::Phase::kWriting) {
    if (!finish_writing(connection)) return;
    if (connection.phase == Connection::Phase::kWriting) return arm(connection);
  }
  if (!read_and_answer(connection)) return;
  arm(connection);
}

// The answer in `out` has been waiting for room in the send buffer: write on, then take the
// requests that were read while it waited.
bool HttpServer::Impl::finish_writing(Connection& connection) {
  auto flushed = flush(connection);
  if (flushed == Flush::kClosed) return false;
  if (flushed == Flush::kBlocked) return true;
  if (connection.close_after_write) return start_draining(connection);
  connection.phase = connection.head ? Connection::Phase::kBody : Connection::Phase::kIdle;
  if (connection.in.empty()) return true;
  std::string pending = std::move(connection.in);
  connection.in.clear();
  std::size_t consumed = 0;
  if (!take_requests(connection, pending, consumed)) return false;
  connection.in.assign(pending, consumed);
  return true;
}

bool HttpServer::Impl::read_and_answer(Connection& connection) {
  using Phase = Connection::Phase;
  thread_local std::array<char, kReadChunk> scratch;
  for (;;) {
    auto n = ::recv(connection.fd, scratch.data(), scratch.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n <= 0) {
      // The client closed or reset: nothing is answered to a request it did not finish.
      close(connection);
      return false;
    }
    std::string_view data(scratch.data(), static_cast<std::size_t>(n));
    if (connection.phase == Phase::kDraining) {
      connection.drained += data.size();
      if (connection.drained >= kLingerBytes) {
        close(connection);
        return false;
      }
    } else if (connection.in.empty()) {
      std::size_t consumed = 0;
      if (!take_requests(connection, data, consumed)) return false;
      connection.in.assign(data.substr(consumed));
    } else {
      connection.in.append(data);
      std::string pending = std::move(connection.in);
      connection.in.clear();
      std::size_t consumed = 0;
      if (!take_requests(connection, pending, consumed)) return false;
      connection.in.assign(pending, consumed);
    }
    // A short read took all there was: wait in epoll for more rather than ask again. While an
    // answer waits for room, nothing more is read (a client must read what it asked for).
    if (static_cast<std::size_t>(n) < scratch.size() || connection.phase == Phase::kWriting) {
      return true;
    }
  }
}

// Takes the requests at the start of `data` (the connection's unread bytes), answering each
// complete one into `out`, until the data ends in the middle of one or the connection must
// close; then writes what was answered. `consumed` is what was taken.
bool HttpServer::Impl::take_requests(Connection& connection, std::string_view data,
                                     std::size_t& consumed) {
  using Phase = Connection::Phase;
  // Pipelined answers wait in `out` for one write; past this much, the client must read first.
  constexpr std::size_t kMaxPendingOut = std::size_t{1024} * 1024;
  consumed = 0;
  for (;;) {
    auto rest = data.substr(consumed);
    if (!connection.head) {
      if (rest.empty() || connection.out.size() > kMaxPendingOut) break;
      auto result = parse_request_head(rest, options.limits);
      if (result.status == HeadResult::Status::kIncomplete) {
        if (connection.phase == Phase::kIdle) {
          connection.phase = Phase::kHead;
          connection.head_deadline =
              options.head_timeout.count() > 0 ? now_ms() + options.head_timeout.count() : 0;
        }
        break;
      }
      if (result.status == HeadResult::Status::kRefused) {
        return refuse(connection, result.refusal, nullptr, rest);
      }
      consumed += result.head.size;
      if (ws::is_websocket_upgrade(result.head.headers)) {
        if (connection.out.size() > connection.out_offset && flush(connection) != Flush::kDone) {
          // An earlier answer is still on its way: the upgrade waits for it, unparsed.
          consumed -= result.head.size;
          return connection.phase == Phase::kWriting;
        }
        hand_to_websocket(connection, std::move(result.head), std::string(data.substr(consumed)));
        return false;
      }
      connection.head = std::move(result.head);
      connection.phase = Phase::kBody;
      if (connection.head->framing == Framing::kChunked) {
        connection.chunks.emplace(options.limits.max_body_bytes, options.limits.max_line_bytes,
                                  kMaxTrailerLines);
      }
      rest = data.substr(consumed);
    }
    auto& head = *connection.head;
    bool complete = false;
    if (head.framing == Framing::kNone) {
      complete = true;
    } else if (head.framing == Framing::kLength) {
      auto n = std::min(head.content_length - connection.body.size(), rest.size());
      connection.body.append(rest.substr(0, n));
      consumed += n;
      complete = connection.body.size() == head.content_length;
    } else if (connection.chunks) {  // Framing::kChunked
      std::size_t taken = 0;
      auto status = connection.chunks->feed(rest, connection.body, taken);
      consumed += taken;
      if (status == ChunkedDecoder::Status::kRefused) {
        return refuse(connection, connection.chunks->refusal(), &head);
      }
      complete = status == ChunkedDecoder::Status::kComplete;
    }
    if (!complete) {
      if (head.expect_continue && !connection.sent_continue) {
        connection.sent_continue = true;
        connection.out += "HTTP/1.1 100 Continue\r\n\r\n";
      }
      break;
    }
    auto finished = std::move(*connection.head);
    auto body = std::move(connection.body);
    connection.reset_request();
    connection.phase = Phase::kIdle;
    answer(connection, std::move(finished), std::move(body));
    if (connection.close_after_write) break;
  }
  auto flushed = flush(connection);
  if (flushed == Flush::kClosed) return false;
  if (flushed == Flush::kDone && connection.close_after_write) return start_draining(connection);
  return true;
}

Request HttpServer::Impl::make_request(const Connection& connection, RequestHead& head,
                                       std::string body) {
  Request request(head.method, head.target, std::move(head.headers), std::move(body));
  request.set_server_address(connection.local_address);
  request.set_client(connection.peer_host, connection.peer_port);
  bool trusted = options.proxy_headers &&
                 (trust_all_proxies ||
                  std::find(options.forwarded_allow_ips.begin(), options.forwarded_allow_ips.end(),
                            connection.peer_host) != options.forwarded_allow_ips.end());
  if (!trusted) return request;
  if (const auto* proto = request.header("x-forwarded-proto")) {
    auto scheme = std::string(trim_spaces(*proto));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!scheme.empty()) request.set_scheme(std::move(scheme));
  }
  if (const auto* forwarded_for = request.header("x-forwarded-for")) {
    auto client = forwarded_client(*forwarded_for, options.forwarded_allow_ips, trust_all_proxies);
    if (!client.empty()) request.set_client(std::move(client), 0);
  }
  return request;
}

namespace {

// What the middleware's error headers read of a refused request: its headers, or those of its
// Origin and Cookie lines that arrived before the head was refused (a 431 has no parsed head).
Request refused_request(const RequestHead* head, std::string_view raw) {
  if (head) return Request(head->method, "/", head->headers);
  Request::Pairs headers;
  auto line_end = raw.find('\n');
  while (line_end != std::string_view::npos) {
    raw.remove_prefix(line_end + 1);
    line_end = raw.find('\n');
    auto line = raw.substr(0, line_end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_end == std::string_view::npos) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto name = line.substr(0, colon);
    if (iequals(name, "origin") || iequals(name, "cookie")) {
      headers.emplace_back(std::string(name), std::string(trim_spaces(line.substr(colon + 1))));
    }
  }
  return Request("GET", "/", std::move(headers));
}

}  // namespace

void HttpServer::Impl::answer(Connection& connection, RequestHead head, std::string body) {
  auto started = Clock::now();
  bool keep_alive = head.keep_alive;
  bool head_request = head.method == "HEAD";
  std::string request_id;
  if (options.request_ids) {
    std::string* given = nullptr;
    for (auto& [name, value] : head.headers) {
      if (iequals(name, "x-request-id")) given = &value;
    }
    request_id = given && is_request_id(*given) ? *given : new_request_id();
    // The handler reads the id the response carries.
    if (given) {
      *given = request_id;
    } else {
      head.headers.emplace_back("x-request-id", request_id);
    }
  }
  auto request = make_request(connection, head, std::move(body));
  auto response = checked_response(dispatcher.handle(request), request.method(), request.path());
  if (!request_id.empty() && !response.header("x-request-id")) {
    response.set_header("x-request-id", request_id);
  }
  bool close = !keep_alive || says_close(response) || stopping.load(std::memory_order_relaxed) ||
               shutting_down.load(std::memory_order_relaxed);
  connection.out += serialize(response, close, head_request);
  connection.close_after_write = close;
  if (options.access_log) {
    std::chrono::duration<double, std::milli> elapsed = Clock::now() - started;
    auto method = printable(head.method);
    auto target = printable(head.target);
    log_access({request.client_host(), request.client_port(), method, target,
                head.http_1_0 ? "HTTP/1.0" : "HTTP/1.1", response.status_code, elapsed.count(),
                request_id});
  }
}

// A refusal by the server itself, in FastAPI's shape; the connection closes after it, as
// whatever the client sends next can no longer be trusted to start a request.
bool HttpServer::Impl::refuse(Connection& connection, Refusal refusal, const RequestHead* head,
                              std::string_view raw) {
  auto response = refusal_response(refusal);
  // Beyond Starlette: the service's CORS headers, so that a browser sees this answer.
  dispatcher.add_error_headers(refused_request(head, raw), response);
  if (options.access_log) {
    auto method = head ? printable(head->method) : "-";
    auto target = head ? printable(head->target) : "-";
    log_access({connection.peer_host,
                connection.peer_port,
                method,
                target,
                head && head->http_1_0 ? "HTTP/1.0" : "HTTP/1.1",
                response.status_code,
                0,
                {}});
  }
  connection.out += serialize(response, /*close=*/true);
  connection.close_after_write = true;
  connection.in.clear();
  connection.reset_request();
  connection.phase = Connection::Phase::kIdle;
  auto flushed = flush(connection);
  if (flushed == Flush::kClosed) return false;
  if (flushed == Flush::kBlocked) return true;
  return start_draining(connection);
}

void HttpServer::Impl::hand_to_websocket(Connection& connection, RequestHead head,
                                         std::string leftover) {
  int fd = connection.fd;
  {
    std::lock_guard lock(websocket_mutex);
    if (websocket_fds.size() >= options.max_websockets || stopping.load() || shutting_down.load()) {
      log_line("ERROR",
               fmt::format("Refused a WebSocket: {} sessions are open", websocket_fds.size()));
      if (refuse(connection, Refusal::kUnavailable, &head)) arm(connection);
      return;
    }
    websocket_fds.insert(fd);
  }
  auto request = make_request(connection, head, {});
  // The session owns the descriptor from here: out of epoll, and the slot free for whichever
  // connection gets this descriptor once the session has closed it.
  epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  release(connection);
  std::thread([this, fd, leftover = std::move(leftover), request = std::move(request)]() mutable {
    run_websocket_session(fd, leftover, std::move(request), dispatcher, {}, &websocket_shutdown);
    std::lock_guard lock(websocket_mutex);
    websocket_fds.erase(fd);
    websocket_ended.notify_all();
  }).detach();
}

HttpServer::Impl::Flush HttpServer::Impl::flush(Connection& connection) {
  while (connection.out_offset < connection.out.size()) {
    auto n = ::send(connection.fd, connection.out.data() + connection.out_offset,
                    connection.out.size() - connection.out_offset, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      connection.phase = Connection::Phase::kWriting;
      return Flush::kBlocked;
    }
    if (n < 0) {
      close(connection);
      return Flush::kClosed;
    }
    connection.out_offset += static_cast<std::size_t>(n);
  }
  connection.out.clear();
  connection.out_offset = 0;
  return Flush::kDone;
}

// Nothing unread and nothing arriving: close at once. Otherwise half-close, and read the rest
// of the request away until the client closes, briefly and up to a bound.
bool HttpServer::Impl::start_draining(Connection& connection) {
  char probe = 0;
  bool unread =
      !connection.in.empty() || ::recv(connection.fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  if (!unread) {
    close(connection);
    return false;
  }
  ::shutdown(connection.fd, SHUT_WR);
  connection.in.clear();
  connection.phase = Connection::Phase::kDraining;
  connection.linger_deadline = now_ms() + kLingerTime.count();
  return true;
}

void HttpServer::Impl::expire(Connection& connection) {
  using Phase = Connection::Phase;
  switch (connection.phase) {
    case Phase::kHead: {
      // A head that started and stalled is the client's fault (408); an idle connection's
      // silence is not a request at all.
      if (refuse(connection, Refusal::kTimeout, nullptr, connection.in)) arm(connection);
      return;
    }
    case Phase::kBody:
      if (refuse(connection, Refusal::kBadRequest, connection.head ? &*connection.head : nullptr)) {
        arm(connection);
      }
      return;
    case Phase::kIdle:
    case Phase::kWriting:
    case Phase::kDraining:
      return close(connection);
  }
}

void HttpServer::Impl::arm(Connection& connection) {
  using Phase = Connection::Phase;
  auto now = now_ms();
  std::uint32_t events = EPOLLIN;
  std::int64_t deadline = 0;
  switch (connection.phase) {
    case Phase::kIdle:
      std::string().swap(connection.in);  // an idle connection holds no buffer
      deadline = now + options.keep_alive_timeout.count();
      break;
    case Phase::kHead:
      deadline = now + options.read_timeout.count();
      if (connection.head_deadline) deadline = std::min(deadline, connection.head_deadline);
      break;
    case Phase::kBody:
      deadline = now + options.read_timeout.count();
      break;
    case Phase::kWriting:
      events = EPOLLOUT;
      deadline = now + options.write_timeout.count();
      break;
    case Phase::kDraining:
      deadline = connection.linger_deadline;
      break;
  }
  std::lock_guard lock(connection.mutex);
  connection.deadline.store(std::max<std::int64_t>(deadline, 1), std::memory_order_relaxed);
  // Waiting before it is in epoll: once it is, another thread may be woken for it at once.
  connection.tag.store(Connection::tag_of(connection.generation, Connection::Owner::kWaiting),
                       std::memory_order_release);
  epoll_event event{};
  event.events = events | EPOLLONESHOT | EPOLLRDHUP;
  event.data.u64 = connection.event_data();
  epoll_ctl(epoll_fd, EPOLL_CTL_MOD, connection.fd, &event);
}

int HttpServer::Impl::release(Connection& connection) {
  std::lock_guard lock(connection.mutex);
  int fd = connection.fd;
  connection.deadline = 0;
  connection.release_buffers();
  connection.reset_request();
  connection.phase = Connection::Phase::kIdle;
  connection.fd = -1;
  connection.tag.store(Connection::tag_of(connection.generation, Connection::Owner::kNone),
                       std::memory_order_release);
  return fd;
}

void HttpServer::Impl::close(Connection& connection) {
  // Released before the descriptor is closed: once it is, accept may hand the number out again.
  int fd = release(connection);
  if (fd >= 0) ::close(fd);
}

HttpServer::HttpServer(const Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

HttpServer::~HttpServer() {
  for (int fd : {impl_->listen_fd, impl_->epoll_fd, impl_->wake_fd, impl_->websocket_shutdown.fd}) {
    if (fd >= 0) ::close(fd);
  }
}

bool HttpServer::listen() { return impl_->listen(); }
int HttpServer::port() const noexcept { return impl_->bound_port; }
const std::string& HttpServer::error() const noexcept { return impl_->error; }
void HttpServer::serve() { impl_->serve(); }
void HttpServer::stop() { impl_->stop(); }
void HttpServer::shut_down(std::chrono::milliseconds grace) { impl_->shut_down(grace); }

}  // namespace fastcpp::detail

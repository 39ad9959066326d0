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
  Connection* get_or_create(int fd) {
    if (auto* connection = get(fd)) return connection;
    auto index = static_cast<std::size_t>(fd);
    if (index / kChunk >= chunks_.size()) return nullptr;
    std::lock_guard lock(mutex_);
    auto& slot = chunks_[index / kChunk];
    if (!slot.load()) {
      owned_.push_back(std::make_unique<Connection[]>(kChunk));
      slot.store(owned_.back().get(), std::memory_order_release);
    }
    if (index + 1 > high_water_.load()) high_water_.store(index + 1);
    return &slot.load()[index % kChunk];
  }
  std::size_t high_water() const { return high_water_.load(); }

 private:
  std::vector<std::atomic<Connection*>> chunks_;
  std::vector<std::unique_ptr<Connection[]>> owned_;
  std::atomic<std::size_t> high_water_{0};
  std::mutex mutex_;
};

int default_workers() {
  // Enough that a few handlers blocking on I/O leave the others going; idle ones only wait in
  // epoll_wait.
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::max(4u, 4 * cores));
}

}  // namespace

// Every function that takes a Connection& runs on the thread that owns it. Those returning bool
// return false once the connection is no longer this thread's (closed, or handed to a WebSocket
// session): the caller must not touch it again. Only on_event's end, the reaper and accept put
// a connection back into epoll (arm), after everything else is done with it.
struct HttpServer::Impl {
  enum class Flush { kDone, kBlocked, kClosed };

  Impl(const Dispatcher& dispatcher, ServerOptions options)
      : dispatcher(dispatcher), options(std::move(options)) {}

  bool listen();
  void serve();
  void stop();

  void work();
  void reap();
  void accept_connections();
  void on_event(Connection& connection);
  bool read_and_answer(Connection& connection);
  bool take_requests(Connection& connection, std::string_view data, std::size_t& consumed);
  void answer(Connection& connection, RequestHead head, std::string body);
  bool refuse(Connection& connection, Refusal refusal, const RequestHead* head);
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

  std::mutex websocket_mutex;
  std::condition_variable websocket_ended;
  std::set<int> websocket_fds;
};

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

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  auto port_text = std::to_string(options.port);
  auto where = fmt::format("{}:{}", options.host, options.port);
  if (int status = getaddrinfo(options.host.c_str(), port_text.c_str(), &hints, &found)) {
    error = fmt::format("{}: {}", where, gai_strerror(status));
    return false;
  }
  int last_errno = 0;
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
    return false;
  }
  sockaddr_storage local{};
  socklen_t size = sizeof local;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&local), &size);
  address_text(local, &bound_port);

  epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event listen_event{};
  listen_event.events = EPOLLIN | EPOLLONESHOT;
  listen_event.data.u64 = kListenTag;
  epoll_event wake_event{};
  wake_event.events = EPOLLIN;  // level-triggered: once written, it wakes every worker
  wake_event.data.u64 = kWakeTag;
  if (epoll_fd < 0 || wake_fd < 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &listen_event) != 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &wake_event) != 0) {
    error = fmt::format("{}: {}", where, std::strerror(errno));
    return false;
  }
  return true;
}

void HttpServer::Impl::serve() {
  int count = options.workers > 0 ? options.workers : default_workers();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count) + 1);
  for (int i = 0; i < count; ++i) threads.emplace_back([this] { work(); });
  threads.emplace_back([this] { reap(); });
  for (auto& thread : threads) thread.join();

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
  ::close(listen_fd);
  ::close(epoll_fd);
  ::close(wake_fd);
  listen_fd = epoll_fd = wake_fd = -1;
}

void HttpServer::Impl::stop() {
  if (stopping.exchange(true)) return;
  if (wake_fd >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_fd, &one, sizeof one);
  }
}

void HttpServer::Impl::work() {
  epoll_event event{};
  while (!stopping.load(std::memory_order_relaxed)) {
    // One event at a time: a handler that blocks holds up only its own connection. (Taking
    // several amortizes epoll_wait, but a slow handler would then delay the others taken.)
    int n = epoll_wait(epoll_fd, &event, 1, -1);
    if (n <= 0 || event.data.u64 == kWakeTag) continue;
    if (event.data.u64 == kListenTag) {
      accept_connections();
      continue;
    }
    auto fd = static_cast<int>(event.data.u64 & 0xFFFFFFFF);
    auto generation = static_cast<std::uint32_t>(event.data.u64 >> 32);
    auto* connection = connections.get(fd);
    if (!connection || !connection->claim(generation)) continue;  // stale, or being reaped
    on_event(*connection);
  }
}

void HttpServer::Impl::reap() {
  while (!stopping.load(std::memory_order_relaxed)) {
    std::this_thread::sleep_for(kReaperTick);
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

void HttpServer::Impl::accept_connections() {
  for (std::size_t i = 0; i < kAcceptBatch; ++i) {
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
        return refuse(connection, result.refusal, nullptr);
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

void HttpServer::Impl::answer(Connection& connection, RequestHead head, std::string body) {
  auto started = Clock::now();
  bool keep_alive = head.keep_alive;
  bool head_request = head.method == "HEAD";
  auto request = make_request(connection, head, std::move(body));
  auto response = checked_response(dispatcher.handle(request), request.method(), request.path());
  bool close = !keep_alive || says_close(response) || stopping.load(std::memory_order_relaxed);
  connection.out += serialize(response, close, head_request);
  connection.close_after_write = close;
  if (options.access_log) {
    std::chrono::duration<double, std::milli> elapsed = Clock::now() - started;
    log_line("INFO", fmt::format("{}:{} - \"{} {} {}\" {} {:.3f}ms", request.client_host(),
                                 request.client_port(), printable(head.method),
                                 printable(head.target), head.http_1_0 ? "HTTP/1.0" : "HTTP/1.1",
                                 response.status_code, elapsed.count()));
  }
}

// A refusal by the server itself, in FastAPI's shape; the connection closes after it, as
// whatever the client sends next can no longer be trusted to start a request.
bool HttpServer::Impl::refuse(Connection& connection, Refusal refusal, const RequestHead* head) {
  auto response = refusal_response(refusal);
  if (options.access_log) {
    log_line("INFO", fmt::format("{}:{} - \"{} {}\" {}", connection.peer_host, connection.peer_port,
                                 head ? printable(head->method) : "-",
                                 head ? printable(head->target) : "-", response.status_code));
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
    if (websocket_fds.size() >= options.max_websockets || stopping.load()) {
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
    run_websocket_session(fd, leftover, std::move(request), dispatcher);
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
      if (refuse(connection, Refusal::kTimeout, nullptr)) arm(connection);
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
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
  if (impl_->epoll_fd >= 0) ::close(impl_->epoll_fd);
  if (impl_->wake_fd >= 0) ::close(impl_->wake_fd);
}

bool HttpServer::listen() { return impl_->listen(); }
int HttpServer::port() const noexcept { return impl_->bound_port; }
const std::string& HttpServer::error() const noexcept { return impl_->error; }
void HttpServer::serve() { impl_->serve(); }
void HttpServer::stop() { impl_->stop(); }

}  // namespace fastcpp::detail

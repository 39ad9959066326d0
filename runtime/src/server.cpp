// fastcpp over cpp-httplib: the only file that includes httplib.h.
//
// cpp-httplib reads a connection through a new stream per request, so bytes it has read ahead
// (a pipelined request) are lost, and it has compile-time limits only. fastcpp's HttpServer
// keeps one stream per connection instead (ConnectionStream), which also measures each request
// head against Config's limits; cpp-httplib's own limits are set here as ceilings above them.

// Any one line of a request head, CRLF included; ConnectionStream refuses longer lines first.
#define FASTCPP_MAX_HEAD_LINE_BYTES (64 * 1024)
#define CPPHTTPLIB_MAX_LINE_LENGTH (FASTCPP_MAX_HEAD_LINE_BYTES + 16)
#define CPPHTTPLIB_HEADER_MAX_LENGTH (FASTCPP_MAX_HEAD_LINE_BYTES + 16)
#define CPPHTTPLIB_REQUEST_URI_MAX_LENGTH FASTCPP_MAX_HEAD_LINE_BYTES
// Also bounds chunked-body trailers, which no Config limit sees: 257 lines of 64 KiB at most.
#define FASTCPP_MAX_HEADER_COUNT 256
#define CPPHTTPLIB_HEADER_MAX_COUNT (FASTCPP_MAX_HEADER_COUNT + 1)
// A WebSocket message (all its fragments); a longer one drops the connection.
#define CPPHTTPLIB_WEBSOCKET_MAX_PAYLOAD_LENGTH (16 * 1024 * 1024)
#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "dispatcher.hpp"
#include "fastcpp/app.hpp"
#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/status.hpp"
#include "internal.hpp"
#include "limits.hpp"

namespace fastcpp {
namespace {

constexpr std::size_t kUnlimitedKeepAlive = std::size_t{1} << 30;
// After an error that ends a connection, how long and how much of the client's unread request
// is read away before closing (see close_gracefully).
constexpr auto kLingerTime = std::chrono::milliseconds(1000);
constexpr std::size_t kLingerBytes = 1024 * 1024;

using Clock = std::chrono::steady_clock;

// One connection's socket, read through a buffer that lives as long as the connection: bytes
// read ahead belong to the next request, not to the bin. While a request head is being read,
// every byte goes through a HeadMeter, which keeps a copy and enforces the head limits, and the
// whole head must arrive before a deadline. Reads fill the caller's buffer completely unless
// the connection ends or times out (cpp-httplib's WebSocket frame reader, for one, takes a
// short read of a frame header for a broken frame).
class ConnectionStream final : public httplib::Stream {
 public:
  struct Timeouts {
    time_t read_sec, read_usec, write_sec, write_usec;
    std::chrono::seconds head;
  };

  ConnectionStream(socket_t sock, Timeouts timeouts, detail::HeadLimits limits)
      : sock_(sock), timeouts_(timeouts), head_(limits) {}

  /// Starts the next request's head.
  void begin_request() {
    head_.reset();
    head_timed_out_ = false;
    head_deadline_ = Clock::now() + timeouts_.head;
  }
  const detail::HeadMeter& head() const { return head_; }
  /// Why the head was refused before it was complete, if it was.
  detail::HeadError head_error() const {
    if (head_.error() != detail::HeadError::kNone) return head_.error();
    return head_timed_out_ ? detail::HeadError::kTimeout : detail::HeadError::kNone;
  }
  bool has_buffered() const { return begin_ < end_; }
  /// The bytes read ahead and not yet taken.
  std::string_view buffered() const { return {buffer_.data() + begin_, end_ - begin_}; }
  /// Takes `n` buffered bytes, answered without passing through read().
  void consume(size_t n) { begin_ += std::min(n, end_ - begin_); }
  /// When nothing is buffered, reads what has arrived: call it once the socket is readable, so
  /// that it does not wait. False when the connection ended or failed.
  bool read_arrived() { return has_buffered() || read_socket(); }

  bool is_readable() const override { return has_buffered(); }
  bool wait_readable() const override {
    return has_buffered() ||
           httplib::detail::select_read(sock_, timeouts_.read_sec, timeouts_.read_usec) > 0;
  }
  bool wait_writable() const override {
    return httplib::detail::select_write(sock_, timeouts_.write_sec, timeouts_.write_usec) > 0;
  }
  bool is_peer_alive() const override { return httplib::detail::is_socket_alive(sock_); }

  ssize_t read(char* ptr, size_t size) override {
    // A connection that ended, failed or timed out once stays so: reading on would only wait
    // out another timeout.
    if (failed_ || head_error() != detail::HeadError::kNone) return ended_ ? 0 : -1;
    size_t copied = 0;
    while (copied < size) {
      if (!has_buffered() && !refill()) break;
      if (!head_.complete()) {
        // The head one byte at a time, so that a limit stops it at the exact byte.
        if (!head_.feed(buffer_[begin_])) break;
        ptr[copied++] = buffer_[begin_++];
        continue;
      }
      auto n = std::min(size - copied, end_ - begin_);
      std::memcpy(ptr + copied, buffer_.data() + begin_, n);
      begin_ += n;
      copied += n;
    }
    if (copied > 0) return static_cast<ssize_t>(copied);
    return ended_ ? 0 : -1;
  }

  ssize_t write(const char* ptr, size_t size) override {
    // An answer nearly always fits in the socket's send buffer: send at once, and wait for room
    // (up to the write timeout) only when there was none. One system call fewer per response.
    auto sent =
        httplib::detail::send_socket(sock_, ptr, size, CPPHTTPLIB_SEND_FLAGS | MSG_DONTWAIT);
    if (sent >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return sent;
    if (!wait_writable()) return -1;
    return httplib::detail::send_socket(sock_, ptr, size, CPPHTTPLIB_SEND_FLAGS);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    httplib::detail::get_remote_ip_and_port(sock_, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    httplib::detail::get_local_ip_and_port(sock_, ip, port);
  }
  socket_t socket() const override { return sock_; }
  time_t duration() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
  }
  void set_read_timeout(time_t sec, time_t usec) override {
    timeouts_.read_sec = sec;
    timeouts_.read_usec = usec;
  }

 private:
  // Waits for more bytes (within the read timeout and, during a head, its deadline). False
  // when none came; `ended_` then tells a closed connection from a timeout or an error.
  bool refill() {
    auto wait =
        std::chrono::seconds(timeouts_.read_sec) + std::chrono::microseconds(timeouts_.read_usec);
    bool in_head = !head_.complete() && timeouts_.head.count() > 0;
    if (in_head) {
      auto left = head_deadline_ - Clock::now();
      if (left <= Clock::duration::zero()) return head_timeout();
      if (left < wait) wait = std::chrono::duration_cast<std::chrono::microseconds>(left);
    }
    auto usec = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
    if (httplib::detail::select_read(sock_, usec / 1000000, usec % 1000000) <= 0) {
      failed_ = true;
      error_ = httplib::Error::Timeout;
      // A head that started and stalled is the client's fault (408); an idle connection's is
      // not a request at all.
      return !head_.raw().empty() && !head_.complete() ? head_timeout() : false;
    }
    return read_socket();
  }
  // One read into the empty buffer, of what has arrived (the socket is readable).
  bool read_socket() {
    auto n =
        httplib::detail::read_socket(sock_, buffer_.data(), buffer_.size(), CPPHTTPLIB_RECV_FLAGS);
    if (n <= 0) {
      failed_ = true;
      ended_ = n == 0;
      error_ = n == 0 ? httplib::Error::ConnectionClosed : httplib::Error::Read;
      return false;
    }
    begin_ = 0;
    end_ = static_cast<size_t>(n);
    return true;
  }
  bool head_timeout() {
    failed_ = true;
    head_timed_out_ = true;
    error_ = httplib::Error::Timeout;
    return false;
  }

  socket_t sock_;
  Timeouts timeouts_;
  detail::HeadMeter head_;
  bool head_timed_out_ = false;
  bool failed_ = false;  // no more bytes will come
  bool ended_ = false;   // because the client closed
  Clock::time_point head_deadline_;
  const Clock::time_point start_ = Clock::now();
  std::array<char, 16 * 1024> buffer_{};
  size_t begin_ = 0;
  size_t end_ = 0;
};

// What the handlers cpp-httplib calls while answering one request need to know of its
// connection. They run on the thread that runs the connection (HttpServer below), one request
// at a time, so a thread_local pointer reaches it.
struct ConnectionState {
  ConnectionStream* stream = nullptr;
  bool must_close = false;    // the response ends the connection
  bool refused = false;       // the server refused the request (and so ends the connection)
  bool app_response = false;  // the dispatcher answered (not cpp-httplib's error path)
  std::optional<Request::Pairs> fields;  // the head's header fields, as sent

  void begin_request() {
    must_close = false;
    refused = false;
    app_response = false;
    fields.reset();
  }
  const Request::Pairs& header_fields() {
    if (!fields) fields = detail::parse_header_fields(stream->head().raw());
    return *fields;
  }
};
thread_local ConnectionState* current_connection = nullptr;

bool is_websocket_upgrade(const httplib::Request& req) {
  auto upgrade = req.get_header_value("Upgrade");
  return detail::iequals(upgrade, "websocket");
}

// Header values as sent, in wire order, latin-1 decoded, as Starlette has them. cpp-httplib's
// own copy is sorted by name and percent-decoded (`a%3Bb` would read `a;b`), so it is used only
// when the head's bytes are not at hand.
Request::Pairs header_fields(const httplib::Request& req) {
  if (current_connection && current_connection->stream->head().complete()) {
    return current_connection->header_fields();
  }
  Request::Pairs headers;
  headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    headers.emplace_back(name, detail::latin1_to_utf8(value));
  }
  return headers;
}

Request to_request(const httplib::Request& req, std::string body) {
  Request request(req.method, req.target, header_fields(req), std::move(body));
  request.set_server_address(fmt::format("{}:{}", req.local_addr, req.local_port));
  return request;
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

// The request's body will not be read: cpp-httplib must not wait for it after the response
// (the connection closes, or there is no body to read). Its request object is its own,
// non-const one; only its handler signatures are const.
void skip_body(const httplib::Request& req) {
  const_cast<httplib::Request&>(req).body_consumed_ = true;
}

// A refusal by the server itself, in FastAPI's shape; the connection closes after it, as
// whatever the client sends next can no longer be trusted to start a request.
void refuse(const httplib::Request& req, httplib::Response& res, int status,
            std::string_view detail = {}) {
  res.status = status;
  json body = json::object();
  auto phrase = status_phrase(status);
  body["detail"] = std::string(!detail.empty() ? detail : !phrase.empty() ? phrase : "Error");
  res.set_content(json_dumps(body), "application/json");
  skip_body(req);
  if (current_connection) current_connection->must_close = current_connection->refused = true;
}

// A header that would break the response framing (CR, LF, NUL, or a name that is not a token)
// is never written: the whole response becomes a 500, as a header injection is a server bug.
bool headers_are_safe(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name.empty() ||
        !std::all_of(name.begin(), name.end(), detail::is_token_char)) {
      return false;
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) return false;
  }
  return true;
}

// The response as it may be sent: one whose headers would break the framing becomes a 500.
Response checked(Response response, const Request& request) {
  if (headers_are_safe(response)) return response;
  detail::log_line("ERROR", fmt::format("Refused an unsafe response header in {} {}",
                                        request.method(), request.path()));
  return exception_handlers::internal_server_error();
}

void to_httplib(Response response, const Request& request, httplib::Response& res) {
  response = checked(std::move(response), request);
  res.status = response.status_code;
  for (auto& [name, value] : response.headers) {
    // cpp-httplib computes content-length from the body itself.
    if (name == "content-length" && !response.body.empty()) continue;
    res.headers.emplace(std::move(name), std::move(value));
  }
  res.body = std::move(response.body);
}

// A response on the wire, byte for byte what cpp-httplib writes for it after the post-routing
// handler below: the headers in the response's order, then Content-Length (none for 1xx, 204
// and 304; a body's own length, or the response's, or 0) and `Connection: close` when the
// connection ends after it.
std::string serialize(const Response& response, bool close) {
  auto status = response.status_code;
  bool bodyless = is_bodyless_status(status);
  bool has_body = !response.body.empty();
  std::string out;
  out.reserve(160 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += httplib::status_message(status);
  out += "\r\n";
  bool has_type = false;
  bool has_length = false;
  for (const auto& [name, value] : response.headers) {
    if (detail::iequals(name, "content-length")) {
      if (bodyless || has_body) continue;
      has_length = true;
    } else if (detail::iequals(name, "content-type")) {
      has_type = true;
    } else if (detail::iequals(name, "connection")) {
      if (close) continue;  // said once, below
    }
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (has_body && !has_type) out += "Content-Type: text/plain\r\n";
  if (!bodyless && !has_length) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  out += response.body;
  return out;
}

// The access-log line of an answered request, with the time its answer took.
void log_access(std::string_view remote_addr, int remote_port, std::string_view method,
                std::string_view target, std::string_view version, int status,
                Clock::time_point started) {
  std::chrono::duration<double, std::milli> elapsed = Clock::now() - started;
  detail::log_line("INFO", fmt::format("{}:{} - \"{} {} {}\" {} {:.3f}ms", remote_addr,
                                       remote_port, method, target, version, status,
                                       elapsed.count()));
}

bool says_close(const Response& response) {
  return std::any_of(response.headers.begin(), response.headers.end(), [](const auto& header) {
    return detail::iequals(header.first, "connection") && detail::iequals(header.second, "close");
  });
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

// cpp-httplib's server with one change: a connection is read through one ConnectionStream from
// its first request to its last (cpp-httplib makes a stream per request and so drops the bytes
// of pipelined requests it has read ahead), and it ends after any response that says
// `Connection: close`, as the client was told. process_and_close_socket is the virtual that
// cpp-httplib's own SSLServer overrides; the members used are protected.
class HttpServer final : public httplib::Server {
 public:
  /// One connection's ends, as the handlers report them.
  struct Peer {
    std::string remote_addr;
    int remote_port = 0;
    std::string server_address;  // "host:port", what Request::url() is built from
  };
  /// What the short path made of the buffered bytes: how many it took, and the answer.
  struct Answer {
    size_t consumed = 0;
    std::string bytes;
    bool close = false;
  };
  /// Answers a request complete in the buffered bytes, or declines (nullopt) and leaves it to
  /// cpp-httplib's parser.
  using ShortPath = std::function<std::optional<Answer>(std::string_view buffered, const Peer&)>;

  void set_limits(detail::HeadLimits limits, std::chrono::seconds head_timeout) {
    limits_ = limits;
    head_timeout_ = head_timeout;
  }
  void set_short_path(ShortPath short_path) { short_path_ = std::move(short_path); }

 private:
  bool process_and_close_socket(socket_t sock) override {
    std::string remote_addr, local_addr;
    int remote_port = 0;
    int local_port = 0;
    httplib::detail::get_remote_ip_and_port(sock, remote_addr, remote_port);
    httplib::detail::get_local_ip_and_port(sock, local_addr, local_port);
    Peer peer{remote_addr, remote_port, fmt::format("{}:{}", local_addr, local_port)};

    ConnectionStream stream(sock,
                            {read_timeout_sec_, read_timeout_usec_, write_timeout_sec_,
                             write_timeout_usec_, head_timeout_},
                            limits_);
    ConnectionState state;
    state.stream = &stream;
    current_connection = &state;
    bool ok = false;
    for (auto count = keep_alive_max_count_; count > 0; --count) {
      if (svr_sock_ == INVALID_SOCKET) break;  // stopping
      if (!stream.has_buffered() &&
          !httplib::detail::keep_alive(svr_sock_, sock, keep_alive_timeout_sec_)) {
        break;
      }
      stream.begin_request();
      state.begin_request();
      // Most requests arrive whole in one read and need nothing of cpp-httplib's parser.
      if (short_path_ && stream.read_arrived()) {
        if (auto answer = short_path_(stream.buffered(), peer)) {
          stream.consume(answer->consumed);
          ok = httplib::detail::write_data(stream, answer->bytes.data(), answer->bytes.size());
          if (!ok || answer->close) break;
          continue;
        }
      }
      bool connection_closed = false;
      bool websocket_upgraded = false;
      ok = process_request(stream, remote_addr, remote_port, local_addr, local_port, count == 1,
                           connection_closed, nullptr, &websocket_upgraded);
      if (!ok) {
        // cpp-httplib answers nothing when the request line itself could not be read.
        state.refused = answer_unread_request_line(stream);
        break;
      }
      if (connection_closed || state.must_close || websocket_upgraded) break;
    }
    current_connection = nullptr;
    close_gracefully(sock, stream, state.refused);
    return ok;
  }

  // A request line cut off by a limit or the head deadline gets its answer here. True when
  // there was one to give.
  static bool answer_unread_request_line(ConnectionStream& stream) {
    int status = 0;
    switch (stream.head_error()) {
      case detail::HeadError::kUriTooLong:
        status = 414;
        break;
      case detail::HeadError::kTimeout:
        status = 408;
        break;
      default:
        return false;  // the client closed, or a header was refused and answered already
    }
    json body = json::object();
    body["detail"] = std::string(status_phrase(status));
    auto content = json_dumps(body);
    auto response = fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
        "Connection: close\r\n\r\n{}",
        status, status_phrase(status), content.size(), content);
    httplib::detail::write_data(stream, response.data(), response.size());
    return true;
  }

  // Closing a socket with unread request bytes makes the kernel send a reset, which can destroy
  // the response still on its way to the client (a 413 or 431 with the rest of the request
  // still coming, say). So after a refusal, or with bytes unread, the connection is half-closed
  // and the rest of the request read away until the client closes, briefly and up to a bound.
  static void close_gracefully(socket_t sock, const ConnectionStream& stream, bool refused) {
    if (refused || stream.has_buffered() || httplib::detail::select_read(sock, 0, 0) > 0) {
      ::shutdown(sock, SHUT_WR);
      auto deadline = Clock::now() + kLingerTime;
      std::size_t drained = 0;
      std::array<char, 4096> sink;
      while (drained < kLingerBytes) {
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
        if (left.count() <= 0 || httplib::detail::select_read(sock, left.count() / 1000000,
                                                              left.count() % 1000000) <= 0) {
          break;
        }
        auto n = httplib::detail::read_socket(sock, sink.data(), sink.size(), 0);
        if (n <= 0) break;  // the client has closed its side too
        drained += static_cast<std::size_t>(n);
      }
    }
    httplib::detail::shutdown_socket(sock);
    httplib::detail::close_socket(sock);
  }

  detail::HeadLimits limits_;
  std::chrono::seconds head_timeout_{0};
  ShortPath short_path_;
};

}  // namespace

struct App::Impl {
  explicit Impl(Service service) : dispatcher(std::move(service)) {}

  void configure(const Config& config);
  /// Server-level checks before anything is routed or read: framing, the target, its limits.
  bool refuse_before_routing(const httplib::Request& req, httplib::Response& res) const;
  void serve(const httplib::Request& req, std::string body, httplib::Response& res) const;
  std::optional<HttpServer::Answer> answer_buffered(std::string_view buffered,
                                                    const HttpServer::Peer& peer) const;
  void log_refusal(const httplib::Request& req, const httplib::Response& res) const;

  detail::Dispatcher dispatcher;
  HttpServer server;
  bool access_log = true;
  detail::HeadLimits head_limits;
  std::size_t max_body_bytes = 0;
  std::size_t max_uri_bytes = 0;
  std::size_t max_query_params = 0;
  std::atomic<int> port{0};
  std::thread thread;
};

void App::Impl::configure(const Config& config) {
  access_log = config.access_log;
  max_body_bytes = config.max_body_bytes;
  max_uri_bytes = config.max_uri_bytes;
  max_query_params = config.max_query_params;
  detail::HeadLimits limits;
  limits.max_head_bytes = config.max_header_bytes;
  limits.max_line_bytes = FASTCPP_MAX_HEAD_LINE_BYTES;
  limits.max_header_count =
      std::min<std::size_t>(config.max_header_count, FASTCPP_MAX_HEADER_COUNT);
  server.set_limits(limits, std::chrono::seconds(std::max(0, config.request_head_timeout_seconds)));
  head_limits = limits;
  server.set_short_path([this](std::string_view buffered, const HttpServer::Peer& peer) {
    return answer_buffered(buffered, peer);
  });

  auto workers = static_cast<std::size_t>(config.workers > 0 ? config.workers : 16);
  // Each kept-alive connection holds a worker; let the pool grow well past the base count.
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers, workers * 16); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kUnlimitedKeepAlive);
  server.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
  server.set_read_timeout(config.read_timeout_seconds, 0);
  server.set_write_timeout(config.write_timeout_seconds, 0);
  server.set_payload_max_length(config.max_body_bytes);

  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    serve(req, req.body, res);
  };
  // Methods that may carry a body read it here rather than in cpp-httplib: a request with
  // neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), where cpp-httplib
  // would read one until the client closes, swallowing the requests pipelined after it (and,
  // after the response, it would wait to "drain" it: what `curl -X DELETE` sends).
  auto handler_with_body = [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& read_body) {
    std::string body;
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
      bool read = read_body([&body](const char* data, size_t size) {
        body.append(data, size);
        return true;
      });
      if (!read) {
        // Broken chunks, or the client went away. (Over the size limit, cpp-httplib replaces
        // this answer with its own 413, which the error handler shapes the same way.)
        refuse(req, res, res.status == 413 ? 413 : 400);
        log_refusal(req, res);
        return;
      }
    } else {
      skip_body(req);
    }
    serve(req, std::move(body), res);
  };
  server.Get(".*", handler);
  server.Post(".*", handler_with_body);
  server.Put(".*", handler_with_body);
  server.Patch(".*", handler_with_body);
  server.Delete(".*", handler_with_body);
  server.Options(".*", handler);

  // Runs before any body is read, for WebSocket upgrades too (before cpp-httplib answers 101).
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (refuse_before_routing(req, res)) {
      log_refusal(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // FastAPI ignores Range; cpp-httplib would cut a 2xx body to it, or answer 416.
    const_cast<httplib::Request&>(req).ranges.clear();
    if (!is_websocket_upgrade(req)) return httplib::Server::HandlerResponse::Unhandled;
    // Refuse unknown WebSocket paths with 403, as Starlette's router does for a websocket scope.
    auto path = std::string_view(req.target).substr(0, req.target.find('?'));
    if (dispatcher.has_websocket_route(detail::decode_path(path))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.status = 403;
    skip_body(req);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.WebSocket(".*", [this](const httplib::Request& req, httplib::ws::WebSocket& socket) {
    auto request = to_request(req, {});
    HttplibTransport transport(socket);
    dispatcher.handle_websocket(request, transport);
  });

  // Errors cpp-httplib answers itself (malformed requests, oversized bodies, heads cut off by a
  // limit) get FastAPI's shape, and end the connection.
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (current_connection ? current_connection->app_response : !req.matched_route.empty()) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (!res.body.empty() || (is_websocket_upgrade(req) && res.status == 403)) {
      return httplib::Server::HandlerResponse::Unhandled;  // refused and shaped already
    }
    int status = res.status;
    if (current_connection) {
      switch (current_connection->stream->head_error()) {
        case detail::HeadError::kUriTooLong:
          status = 414;
          break;
        case detail::HeadError::kHeadersTooLarge:
          status = 431;
          break;
        case detail::HeadError::kTimeout:
          status = 408;
          break;
        case detail::HeadError::kNone:
          break;
      }
    }
    refuse(req, res, status);
    log_refusal(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });

  // cpp-httplib marks every response >= 400 `Connection: close` and adds `Content-Length: 0` to
  // bodyless ones. FastAPI keeps the connection open after an error and sends no length for
  // 1xx/204/304, so undo both for the responses fastcpp's dispatcher produced. Whatever the
  // response finally says about the connection, the connection loop does.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    auto* connection = current_connection;
    bool app_response = connection ? connection->app_response : !req.matched_route.empty();
    if (app_response) {
      bool client_closes = detail::iequals(req.get_header_value("Connection"), "close") ||
                           (req.version == "HTTP/1.0" &&
                            !detail::iequals(req.get_header_value("Connection"), "keep-alive"));
      if (!client_closes && res.status >= 400) res.headers.erase("Connection");
      if (is_bodyless_status(res.status)) res.headers.erase("Content-Length");
      res.headers.erase("Accept-Ranges");
      res.headers.erase("Keep-Alive");  // as uvicorn, and fastcpp's short path
    }
    if (!connection) return;
    if (connection->must_close) {
      res.headers.erase("Keep-Alive");
      res.headers.erase("Connection");
      res.set_header("Connection", "close");
    }
    if (detail::iequals(res.get_header_value("Connection"), "close")) connection->must_close = true;
  });

  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        // Unreachable: Dispatcher::handle never throws. Kept so nothing can reach cpp-httplib.
        to_httplib(exception_handlers::internal_server_error(), Request{}, res);
      });
}

bool App::Impl::refuse_before_routing(const httplib::Request& req, httplib::Response& res) const {
  // Framing as sent (cpp-httplib's header copy is percent-decoded: `%63hunked` reads `chunked`).
  if (current_connection && !detail::has_unambiguous_framing(current_connection->header_fields())) {
    refuse(req, res, 400);
    return true;
  }
  // A declared length over the limit is refused before any of it is read (cpp-httplib would
  // read up to the limit first, then wait for the rest).
  if (current_connection) {
    for (const auto& [name, value] : current_connection->header_fields()) {
      if (detail::iequals(name, "content-length") && std::stoull(value) > max_body_bytes) {
        refuse(req, res, 413);
        return true;
      }
    }
  }
  if (!detail::is_valid_request_target(req.target)) {
    refuse(req, res, 400);
    return true;
  }
  if (req.target.size() > max_uri_bytes) {
    refuse(req, res, 414);
    return true;
  }
  auto question = req.target.find('?');
  if (question != std::string::npos &&
      detail::count_query_fields(std::string_view(req.target).substr(question + 1)) >
          max_query_params) {
    refuse(req, res, 400, "Too many query parameters");
    return true;
  }
  return false;
}

void App::Impl::log_refusal(const httplib::Request& req, const httplib::Response& res) const {
  if (!access_log) return;
  detail::log_line("INFO", fmt::format("{}:{} - \"{} {} {}\" {}", req.remote_addr, req.remote_port,
                                       printable(req.method), printable(req.target),
                                       printable(req.version), res.status));
}

void App::Impl::serve(const httplib::Request& req, std::string body, httplib::Response& res) const {
  auto started = Clock::now();
  if (current_connection) current_connection->app_response = true;
  auto request = to_request(req, std::move(body));
  to_httplib(dispatcher.handle(request), request, res);
  if (access_log) {
    log_access(req.remote_addr, req.remote_port, req.method, req.target, req.version, res.status,
               started);
  }
}

// The short path: the same request, Request and response as serve() makes of cpp-httplib's,
// for a request detail::parse_simple_request accepts.
std::optional<HttpServer::Answer> App::Impl::answer_buffered(std::string_view buffered,
                                                             const HttpServer::Peer& peer) const {
  std::optional<detail::SimpleRequest> simple;
  std::optional<Request> request;
  try {
    simple = detail::parse_simple_request(buffered, head_limits, max_uri_bytes, max_query_params,
                                          max_body_bytes);
    if (!simple) return std::nullopt;
    request.emplace(std::string(simple->method), simple->target, std::move(simple->headers),
                    std::string(simple->body));
    request->set_server_address(peer.server_address);
  } catch (...) {
    return std::nullopt;  // out of memory: the full path tries again, and answers for itself
  }
  try {
    auto started = Clock::now();
    auto response = checked(dispatcher.handle(*request), *request);
    bool close = simple->close || says_close(response);
    HttpServer::Answer answer{simple->size, serialize(response, close), close};
    if (access_log) {
      log_access(peer.remote_addr, peer.remote_port, simple->method, simple->target, "HTTP/1.1",
                 response.status_code, started);
    }
    return answer;
  } catch (...) {
    // Out of memory after the endpoint ran: it must not run twice, so the connection ends.
    return HttpServer::Answer{simple->size, {}, /*close=*/true};
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

#include "http/websocket_session.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <random>

#include "dispatcher.hpp"
#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/websocket.hpp"
#include "http/response_writer.hpp"
#include "internal.hpp"

namespace fastcpp::detail {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// The socket as the session uses it: blocking reads and writes with deadlines, over a
// descriptor that may be non-blocking (the event loop's).
class Socket {
 public:
  Socket(int fd, const ShutdownSignal* shutdown) : fd_(fd), shutdown_(shutdown) {}
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  enum class Read { kData, kClosed, kTimeout, kShutdown };

  bool shutting_down() const { return shutdown_ && shutdown_->raised.load(); }

  // Waits up to `timeout_ms` (-1: no limit) for bytes and appends what is there. With
  // `watch_shutdown`, also ends the wait when the server shuts down.
  Read read_some(std::string& out, int timeout_ms, bool watch_shutdown = false) {
    auto deadline = Clock::now() + milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
      if (watch_shutdown && shutting_down()) return Read::kShutdown;
      std::array<pollfd, 2> waiting{
          {{fd_, POLLIN, 0}, {shutdown_ ? shutdown_->fd : -1, POLLIN, 0}}};
      int wait = timeout_ms < 0 ? -1 : remaining_ms(deadline);
      int ready = ::poll(waiting.data(), watch_shutdown && shutdown_ ? 2 : 1, wait);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return Read::kClosed;
      if (ready == 0) return Read::kTimeout;
      if (!(waiting[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;  // the shutdown
      char buffer[64 * 1024];
      auto n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        return Read::kData;
      }
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      return Read::kClosed;
    }
  }

  // Sends all of `data`; false when the peer is gone or makes no progress for `timeout`.
  bool write_all(std::string_view data, milliseconds timeout) {
    std::size_t sent = 0;
    auto deadline = Clock::now() + timeout;
    while (sent < data.size()) {
      auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        deadline = Clock::now() + timeout;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd waiting{fd_, POLLOUT, 0};
        int ready = ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        continue;
      }
      return false;
    }
    return true;
  }

  // Ends the connection from this side so that what was sent is not lost to a reset: no more
  // writes (the client sees the end at once), then what the client still sends is read and
  // dropped until it closes too or `timeout` passes.
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  void linger(milliseconds timeout) {
    shutdown_write();
    auto deadline = Clock::now() + timeout;
    std::string sink;
    while (read_some(sink, remaining_ms(deadline)) == Read::kData) sink.clear();
  }

 private:
  int fd_;
  const ShutdownSignal* shutdown_;
};

class SessionTransport final : public WebSocketTransport {
 public:
  SessionTransport(Socket& socket, const Request& request, std::string accept,
                   std::string_view leftover, const WebSocketLimits& limits)
      : socket_(socket),
        request_(request),
        accept_(std::move(accept)),
        limits_(limits),
        assembler_(limits.max_message_bytes) {
    parser_.feed(leftover);
  }

  bool accept() override {
    if (state_ != State::kConnecting) return false;
    if (!write(ws::switching_protocols(accept_))) return false;
    state_ = State::kOpen;
    return true;
  }

  void deny(const Response& response) override {
    if (state_ != State::kConnecting) return;
    auto checked = checked_response(response, request_.method(), request_.path());
    // uvicorn's websockets server gives the answer a `Content-Type: text/plain` when it has
    // none (a redirect of TrustedHostMiddleware or HTTPSRedirectMiddleware).
    if (!checked.header("content-type")) checked.headers.emplace_back("content-type", "text/plain");
    write(serialize(checked, /*close=*/true));
    end();
  }

  Kind read(std::string& message) override {
    while (state_ == State::kOpen) {
      ws::Frame frame;
      auto status = parser_.next(frame, assembler_.room());
      if (status == ws::FrameParser::Status::kError) {
        fail(parser_.violation());
        break;
      }
      if (status == ws::FrameParser::Status::kNeedMore) {
        if (!wait_for_bytes()) break;
        continue;
      }
      switch (frame.opcode) {
        case ws::Opcode::kPing:
          write(ws::encode_frame(ws::Opcode::kPong, frame.payload));
          continue;
        case ws::Opcode::kPong:
          continue;
        case ws::Opcode::kClose:
          receive_close(frame.payload);
          continue;
        default:
          break;
      }
      switch (assembler_.add(frame)) {
        case ws::MessageAssembler::Status::kMessage:
          message.swap(assembler_.message());
          return assembler_.binary() ? Kind::kBinary : Kind::kText;
        case ws::MessageAssembler::Status::kError:
          fail(assembler_.violation());
          break;
        case ws::MessageAssembler::Status::kNeedMore:
          break;
      }
    }
    return Kind::kClosed;
  }

  bool send(std::string_view data, bool binary) override {
    if (state_ != State::kOpen) return false;
    if (socket_.shutting_down()) {
      fail({ws::kServiceRestart, {}});
      return false;
    }
    return write(ws::encode_frame(binary ? ws::Opcode::kBinary : ws::Opcode::kText, data));
  }

  // RFC 6455 §7.1.1: after its close frame the server waits for the client's, then closes the
  // TCP connection first.
  void close(int code, std::string_view reason) override {
    if (state_ == State::kConnecting)
      return deny(Response({}, 403, {{"content-type", "text/plain"}}));
    if (state_ != State::kOpen) return;
    if (!write(ws::encode_close(code, reason))) return;
    auto deadline = Clock::now() + limits_.close_timeout;
    while (state_ == State::kOpen) {
      ws::Frame frame;
      auto status = parser_.next(frame, limits_.max_message_bytes);
      if (status == ws::FrameParser::Status::kFrame) {
        if (frame.opcode == ws::Opcode::kClose) {
          auto close = ws::parse_close(frame.payload);
          if (close.violation.code == 0) {
            peer_code_ = close.code;
            peer_reason_ = close.reason;
          }
          break;
        }
        continue;  // what the client sent before it saw our close is of no use now
      }
      if (status == ws::FrameParser::Status::kError) break;
      if (socket_.read_some(inbox_, remaining_ms(deadline)) != Socket::Read::kData) break;
      parser_.feed(inbox_);
      inbox_.clear();
    }
    end();
  }

  int peer_close_code() const override { return peer_code_; }
  std::string peer_close_reason() const override { return peer_reason_; }

  // Whatever the endpoint left undone: the client always gets an answer and a closed connection.
  void finish() {
    if (state_ == State::kConnecting) deny(exception_handlers::internal_server_error());
    if (state_ == State::kOpen) close(1000, {});
    socket_.linger(limits_.close_timeout);
  }

 private:
  enum class State { kConnecting, kOpen, kClosed };

  bool write(std::string_view bytes) {
    if (state_ == State::kClosed) return false;
    if (socket_.write_all(bytes, limits_.write_timeout)) return true;
    state_ = State::kClosed;
    peer_code_ = ws::kAbnormalClosure;
    return false;
  }

  // The endpoint learns of the end at once; finish() waits for the client's side.
  void end() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    socket_.shutdown_write();
  }

  // The client's close: echoed as websockets echoes it (the same payload), and the connection
  // ends. A malformed one fails the connection instead.
  void receive_close(std::string_view payload) {
    auto close = ws::parse_close(payload);
    if (close.violation.code != 0) return fail(close.violation);
    peer_code_ = close.code;
    peer_reason_ = close.reason;
    write(ws::encode_frame(ws::Opcode::kClose, payload));
    end();
  }

  // RFC 6455 §7.1.7: the close frame the violation calls for, then the end of the connection;
  // the endpoint sees that code.
  void fail(const ws::ProtocolViolation& violation) {
    write(ws::encode_close(violation.code, {}));
    peer_code_ = violation.code;
    peer_reason_.clear();
    end();
  }

  // Reads more of the client's frames; on silence, pings as uvicorn does and gives up with 1011
  // when the ping is not answered in time. False when the connection ended.
  bool wait_for_bytes() {
    bool pinged = false;
    for (;;) {
      int timeout = -1;
      if (limits_.ping_interval.count() > 0) {
        timeout =
            static_cast<int>(pinged ? limits_.ping_timeout.count() : limits_.ping_interval.count());
      }
      auto read = socket_.read_some(inbox_, timeout, /*watch_shutdown=*/true);
      if (read == Socket::Read::kShutdown) {
        fail({ws::kServiceRestart, {}});
        return false;
      }
      if (read == Socket::Read::kData) {
        parser_.feed(inbox_);
        inbox_.clear();
        return true;
      }
      if (read == Socket::Read::kClosed) {
        state_ = State::kClosed;
        peer_code_ = ws::kAbnormalClosure;
        peer_reason_.clear();
        return false;
      }
      if (pinged) {
        fail({ws::kInternalError, "keepalive ping timeout"});
        return false;
      }
      std::string payload(4, '\0');
      std::random_device random;
      for (auto& byte : payload) byte = static_cast<char>(random());
      if (!write(ws::encode_frame(ws::Opcode::kPing, payload))) return false;
      pinged = true;
    }
  }

  Socket& socket_;
  const Request& request_;
  std::string accept_;
  const WebSocketLimits& limits_;
  ws::FrameParser parser_;
  ws::MessageAssembler assembler_;
  std::string inbox_;
  State state_ = State::kConnecting;
  int peer_code_ = ws::kAbnormalClosure;
  std::string peer_reason_;
};

}  // namespace

void run_websocket_session(int fd, std::string_view leftover, Request request,
                           const Dispatcher& dispatcher, const WebSocketLimits& limits,
                           const ShutdownSignal* shutdown) {
  Socket socket(fd, shutdown);
  try {
    auto handshake = ws::check_handshake(request.method(), "HTTP/1.1", request.headers());
    if (handshake.status != 101) {
      socket.write_all(serialize(ws::handshake_refusal(handshake), /*close=*/true),
                       limits.write_timeout);
      socket.linger(limits.close_timeout);
      return;
    }
    SessionTransport transport(socket, request, std::move(handshake.accept), leftover, limits);
    dispatcher.handle_websocket(request, transport);
    transport.finish();
  } catch (...) {
    log_line("ERROR",
             fmt::format("WebSocket session {}: {}", request.path(), describe_current_exception()));
  }
}

}  // namespace fastcpp::detail

// A tiny HTTP/1.1 client over a raw TCP socket, and a service process for end-to-end tests.
//
// The client sends exactly the bytes it is given (so malformed requests stay malformed) and
// reads one response the way a browser would: by content-length, chunked, or until the server
// closes; no body for HEAD, 1xx, 204 and 304.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace fastcpp::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// One response as read off the wire.
struct RawResponse {
  bool ok = false;    ///< a complete response was read; otherwise see `error`
  std::string error;  ///< why not
  int status = 0;
  std::string reason;             ///< the status line's reason phrase
  HeaderList headers;             ///< in wire order, names lower-cased, values trimmed
  std::string body;               ///< de-chunked if the response was chunked
  bool read_until_close = false;  ///< the body had no length: it ended with the connection

  /// The first value of header `name` (lower-case), or nullptr.
  const std::string* header(const std::string& name) const;
  /// All values of header `name` (lower-case), joined with ", "; empty if absent.
  std::string joined_header(const std::string& name) const;
  bool has_header(const std::string& name) const { return header(name) != nullptr; }
};

/// `METHOD SP target SP HTTP/1.1 CRLF`, each header as `name: value CRLF`, CRLF, body.
std::string build_request(const std::string& method, const std::string& target,
                          const HeaderList& headers, const std::string& body);

/// One TCP connection to 127.0.0.1:port.
class RawConnection {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

  explicit RawConnection(int port, std::chrono::milliseconds timeout = kDefaultTimeout);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  /// Sends all of `bytes`; false if the connection is gone.
  bool send(const std::string& bytes);
  /// Reads one response; `head_request` means the body is never sent.
  RawResponse read_response(bool head_request = false);
  /// Whether the server kept the connection open after the last response: sends a probe
  /// request (`GET /keep-alive-probe`) and reports whether any complete response came back.
  bool kept_open();
  /// True once the server closed its side (EOF or reset) while reading.
  bool peer_closed() const { return peer_closed_; }

 private:
  enum class Fill { kData, kClosed, kTimeout };
  Fill fill();
  bool read_until(const std::string& marker, std::string* out, RawResponse* response);
  bool read_exactly(std::size_t n, std::string* out, RawResponse* response);

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  bool peer_closed_ = false;
};

/// What one request/response exchange on a new connection gave.
struct Exchange {
  RawResponse response;
  bool kept_open = false;  ///< a follow-up request on the same connection was answered
};

/// Connects, sends `request`, reads the response and, if `probe_keep_alive`, probes the
/// connection with a second request.
Exchange exchange(int port, const std::string& request, bool head_request,
                  bool probe_keep_alive = true);

/// A port on 127.0.0.1 that was free a moment ago.
int free_port();
/// Whether 127.0.0.1:port accepts TCP connections.
bool port_accepts(int port);

/// The path of the sample `name`'s executable: in $FASTCPP_SAMPLES_DIR (CTest sets it), or in
/// the working directory.
std::string sample_executable(const std::string& name);

/// An executable started with `--host 127.0.0.1 --port <free port> --no-access-log` (plus
/// `extra_args`), stopped with SIGTERM (then SIGKILL after 5 s) by the destructor.
class ServiceProcess {
 public:
  explicit ServiceProcess(const std::string& executable,
                          const std::vector<std::string>& extra_args = {});
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  /// True once the port accepted a connection (within 10 s of the start).
  bool started() const { return started_; }
  /// Why it did not start, if it did not.
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// Whether the process is still running (reaps it if it exited).
  bool alive();
  /// How the process ended ("exit status 1", "signal 11"), or "running".
  std::string exit_description();
  /// SIGTERM, up to 5 s, then SIGKILL; idempotent.
  void stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  bool started_ = false;
  bool reaped_ = false;
  int wait_status_ = 0;
  std::string error_;
};

}  // namespace fastcpp::testing

// fastcpp's HTTP/1.1 server: the only code that touches sockets (with the WebSocket session).
//
// One epoll instance holds every socket that is waiting: the listening socket, connections whose
// request head is arriving, kept-alive connections between requests, responses waiting for room
// in the send buffer. `threads` worker threads wait on it together (leader/followers): the thread
// that an event wakes reads, parses, dispatches and writes, so a ready request costs no hand-off,
// and an idle connection costs no thread. Each socket is registered one-shot, so exactly one thread
// owns a connection while it runs. A reaper thread enforces the deadlines (head, read, keep-alive,
// write) of connections that wait. A WebSocket upgrade leaves the loop for a thread of its own
// (the endpoint is a blocking function), up to `max_websockets` at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/request_head.hpp"

namespace fastcpp::detail {

class Dispatcher;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;          ///< 0: any free port
  bool reuse_port = false;  ///< SO_REUSEPORT: share the port with other processes
  int backlog = 2048;
  int threads = 0;      ///< worker threads free to run requests; 0: one per core
  int max_threads = 0;  ///< worker threads at most, with those added while handlers block; 0: 64
  RequestLimits limits;
  std::chrono::milliseconds head_timeout{10000};   ///< the whole head, from its first byte; 0: none
  std::chrono::milliseconds read_timeout{10000};   ///< silence while a request arrives
  std::chrono::milliseconds write_timeout{10000};  ///< no progress writing a response
  std::chrono::milliseconds keep_alive_timeout{5000};  ///< silence between requests
  bool access_log = true;
  /// Gives each request an id: the client's X-Request-ID (a plain token), or a new one; the
  /// handler sees it as that header, the response carries it, the access log shows it.
  bool request_ids = false;
  /// uvicorn's --proxy-headers and --forwarded-allow-ips: from these peers (or any, with "*"),
  /// X-Forwarded-Proto and X-Forwarded-For set the request's scheme and client.
  bool proxy_headers = true;
  std::vector<std::string> forwarded_allow_ips = {"127.0.0.1"};
  std::size_t max_websockets = 10000;
  /// A socket already listening (inherited from a supervisor that forked this process), used
  /// instead of binding host:port; the server closes it when it ends.
  int listen_fd = -1;
};

/// Binds host:port and listens as HttpServer::listen() does (backlog, SO_REUSEPORT only with
/// reuse_port); -1 with `error` saying why ("127.0.0.1:8000: address already in use").
int open_listener(const ServerOptions& options, std::string& error);

class HttpServer {
 public:
  HttpServer(const Dispatcher& dispatcher, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens. False when it could not, with error() saying why ("address already in
  /// use"), including the address.
  bool listen();
  /// The port listened on, once listen() succeeded.
  int port() const noexcept;
  const std::string& error() const noexcept;

  /// Serves until stop(): runs the workers and the reaper, and returns once all of them have
  /// ended and every connection is closed.
  void serve();
  /// Begins a graceful shutdown and returns: no more connections are accepted (those already in
  /// the accept queue are answered), each request already received is answered with
  /// `connection: close`, idle connections close, open WebSockets get close 1012. serve()
  /// returns once none is left, or once `grace` has passed (0: no limit), closing the rest as
  /// stop() does.
  void shut_down(std::chrono::milliseconds grace);
  /// Makes serve() return; callable from any thread, more than once.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fastcpp::detail

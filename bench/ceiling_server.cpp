// The loopback ceiling: about the most requests per second any server can answer on this machine
// under bench/run.sh's load. It does the least a server can do: one epoll loop per core, and for
// every read from a connection one write of items_200's answer, prepared once. No parsing, no
// routing, no thread per connection; so it is not an HTTP server (it assumes what wrk does: one
// whole request per read, the next one sent only after the answer).
//
// bench/run.sh measures it next to the items sample. The CPU it spends per request is the
// kernel's loopback TCP work, which every server pays; what it reaches against FastAPI bounds
// what any server could reach in this set-up, and so tells a target the server misses from one
// the machine does not allow.
//
// Usage: ceiling_server [--host HOST] [--port PORT] [--threads N]   (N: default, the cores)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

// What the items sample answers to GET /items/foo, byte for byte.
constexpr std::string_view kAnswer =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 28\r\n\r\n"
    "{\"item\":\"The Foo Wrestlers\"}";

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "ceiling_server: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

// A listening socket of its own for each loop: with SO_REUSEPORT the kernel spreads the
// connections over them.
int listen_on(const std::string& host, int port) {
  int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("socket");
  int on = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    std::fprintf(stderr, "ceiling_server: --host takes an IPv4 address, not '%s'\n", host.c_str());
    std::exit(2);
  }
  if (::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) fail("bind");
  if (::listen(sock, SOMAXCONN) < 0) fail("listen");
  return sock;
}

void watch(int epoll, int sock) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = sock;
  if (::epoll_ctl(epoll, EPOLL_CTL_ADD, sock, &event) < 0) fail("epoll_ctl");
}

void accept_all(int epoll, int listener) {
  for (;;) {
    int connection = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (connection < 0) return;  // none left (EAGAIN), or the client gave up already
    int on = 1;
    ::setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    watch(epoll, connection);
  }
}

// One loop: a read from a connection is answered; a read of nothing (the client closed) or an
// error closes it. A short write is not retried: the answer is far smaller than a send buffer.
void serve(const std::string& host, int port) {
  int listener = listen_on(host, port);
  int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) fail("epoll_create1");
  watch(epoll, listener);
  std::array<epoll_event, 64> events;
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    int ready = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), -1);
    if (ready < 0 && errno != EINTR) fail("epoll_wait");
    for (int i = 0; i < ready; ++i) {
      int sock = events[i].data.fd;
      if (sock == listener) {
        accept_all(epoll, listener);
        continue;
      }
      ssize_t got = ::recv(sock, buffer.data(), buffer.size(), 0);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0 ||
          ::send(sock, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL) != ssize_t(kAnswer.size())) {
        ::close(sock);  // also leaves the epoll set
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 8000;
  unsigned threads = std::thread::hardware_concurrency();
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--host" && i + 1 < argc) {
      host = argv[++i];
    } else if (arg == "--port" && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: ceiling_server [--host HOST] [--port PORT] [--threads N]\n");
      return 2;
    }
  }
  if (threads == 0) threads = 1;
  std::vector<std::thread> loops;
  for (unsigned i = 1; i < threads; ++i) loops.emplace_back(serve, host, port);
  serve(host, port);  // never returns; the benchmark stops the server with a signal
}

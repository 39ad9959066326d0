#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace fastcpp::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string& text) {
  const char* spaces = " \t";
  auto begin = text.find_first_not_of(spaces);
  if (begin == std::string::npos) return {};
  auto end = text.find_last_not_of(spaces);
  return text.substr(begin, end - begin + 1);
}

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address = loopback(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool parse_size(const std::string& text, int base, std::size_t* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text.c_str(), &end, base);
  if (errno != 0 || end == text.c_str() || *end != '\0') return false;
  *out = static_cast<std::size_t>(value);
  return true;
}

constexpr char kProbe[] = "GET /keep-alive-probe HTTP/1.1\r\nHost: testserver\r\n\r\n";

}  // namespace

const std::string* RawResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string RawResponse::joined_header(const std::string& name) const {
  std::string joined;
  bool first = true;
  for (const auto& [key, value] : headers) {
    if (key != name) continue;
    if (!first) joined += ", ";
    joined += value;
    first = false;
  }
  return joined;
}

std::string build_request(const std::string& method, const std::string& target,
                          const HeaderList& headers, const std::string& body) {
  std::string request = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) {
    request.append(name).append(": ").append(value).append("\r\n");
  }
  request += "\r\n";
  request += body;
  return request;
}

RawConnection::RawConnection(int port, std::chrono::milliseconds timeout)
    : fd_(connect_loopback(port)), timeout_(timeout) {}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  if (fd_ < 0) return false;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

RawConnection::Fill RawConnection::fill() {
  if (fd_ < 0 || peer_closed_) return Fill::kClosed;
  const auto deadline = Clock::now() + timeout_;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Fill::kTimeout;
    pollfd pfd{fd_, POLLIN, 0};
    int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Fill::kClosed;
    if (ready == 0) return Fill::kTimeout;
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // EOF, or ECONNRESET: either way the server is gone
      peer_closed_ = true;
      return Fill::kClosed;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return Fill::kData;
  }
}

bool RawConnection::read_until(const std::string& marker, std::string* out, RawResponse* response) {
  while (true) {
    auto at = buffer_.find(marker);
    if (at != std::string::npos) {
      *out = buffer_.substr(0, at);
      buffer_.erase(0, at + marker.size());
      return true;
    }
    Fill result = fill();
    if (result == Fill::kTimeout) {
      response->error = "timed out waiting for the response";
      return false;
    }
    if (result == Fill::kClosed) {
      response->error = "the server closed the connection mid-response";
      return false;
    }
  }
}

bool RawConnection::read_exactly(std::size_t n, std::string* out, RawResponse* response) {
  while (buffer_.size() < n) {
    Fill result = fill();
    if (result == Fill::kTimeout) {
      response->error = "timed out reading the body";
      return false;
    }
    if (result == Fill::kClosed) {
      response->error = "the server closed the connection before the end of the body";
      return false;
    }
  }
  *out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

RawResponse RawConnection::read_response(bool head_request) {
  RawResponse response;
  if (fd_ < 0) {
    response.error = "not connected";
    return response;
  }
  std::string head;
  if (!read_until("\r\n\r\n", &head, &response)) return response;

  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  // "HTTP/1.1 SP status SP reason" (the reason may be empty, and so may its space).
  if (status_line.compare(0, 5, "HTTP/") != 0) {
    response.error = "bad status line: " + status_line;
    return response;
  }
  auto first_space = status_line.find(' ');
  auto second_space =
      first_space == std::string::npos ? std::string::npos : status_line.find(' ', first_space + 1);
  std::size_t status = 0;
  std::string status_text =
      first_space == std::string::npos
          ? std::string()
          : status_line.substr(first_space + 1, second_space == std::string::npos
                                                    ? std::string::npos
                                                    : second_space - first_space - 1);
  if (!parse_size(status_text, 10, &status)) {
    response.error = "bad status line: " + status_line;
    return response;
  }
  response.status = static_cast<int>(status);
  if (second_space != std::string::npos) response.reason = status_line.substr(second_space + 1);

  std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(at, end - at);
    at = end + 2;
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      response.headers.emplace_back(lower(trim(line)), "");
    } else {
      response.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                    trim(line.substr(colon + 1)));
    }
  }

  if (head_request || response.status < 200 || response.status == 204 || response.status == 304) {
    response.ok = true;
    return response;
  }
  const std::string* encoding = response.header("transfer-encoding");
  if (encoding != nullptr && lower(*encoding).find("chunked") != std::string::npos) {
    while (true) {
      std::string size_line;
      if (!read_until("\r\n", &size_line, &response)) return response;
      std::size_t size = 0;
      if (!parse_size(trim(size_line.substr(0, size_line.find(';'))), 16, &size)) {
        response.error = "bad chunk size: " + size_line;
        return response;
      }
      if (size == 0) {
        std::string trailer;
        do {
          if (!read_until("\r\n", &trailer, &response)) return response;
        } while (!trailer.empty());
        break;
      }
      std::string chunk;
      std::string crlf;
      if (!read_exactly(size, &chunk, &response) || !read_exactly(2, &crlf, &response)) {
        return response;
      }
      response.body += chunk;
    }
    response.ok = true;
    return response;
  }
  if (const std::string* length = response.header("content-length")) {
    std::size_t size = 0;
    if (!parse_size(*length, 10, &size)) {
      response.error = "bad content-length: " + *length;
      return response;
    }
    if (!read_exactly(size, &response.body, &response)) return response;
    response.ok = true;
    return response;
  }
  // No framing: the body is whatever comes until the server closes.
  while (true) {
    Fill result = fill();
    if (result == Fill::kClosed) break;
    if (result == Fill::kTimeout) {
      response.error = "timed out waiting for the server to close an unframed body";
      return response;
    }
  }
  response.body = std::move(buffer_);
  buffer_.clear();
  response.read_until_close = true;
  response.ok = true;
  return response;
}

bool RawConnection::kept_open() {
  if (fd_ < 0 || peer_closed_) return false;
  if (!send(kProbe)) return false;
  return read_response(false).ok;
}

Exchange exchange(int port, const std::string& request, bool head_request, bool probe_keep_alive) {
  Exchange result;
  RawConnection connection(port);
  if (!connection.connected()) {
    result.response.error = "cannot connect to 127.0.0.1:" + std::to_string(port);
    return result;
  }
  if (!connection.send(request)) {
    result.response.error = "cannot send the request";
    return result;
  }
  result.response = connection.read_response(head_request);
  if (probe_keep_alive && result.response.ok && !result.response.read_until_close) {
    result.kept_open = connection.kept_open();
  }
  return result;
}

std::string sample_executable(const std::string& name) {
  const char* dir = std::getenv("FASTCPP_SAMPLES_DIR");
  return std::string(dir != nullptr ? dir : ".") + "/" + name;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in address = loopback(0);
  socklen_t size = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool port_accepts(int port) {
  int fd = connect_loopback(port);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

ServiceProcess::ServiceProcess(const std::string& executable,
                               const std::vector<std::string>& extra_args) {
  port_ = free_port();
  if (port_ == 0) {
    error_ = "no free port";
    return;
  }
  std::vector<std::string> args = {
      executable, "--host", "127.0.0.1", "--port", std::to_string(port_), "--no-access-log"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) {
    error_ = std::string("fork failed: ") + std::strerror(errno);
    return;
  }
  if (pid_ == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    if (port_accepts(port_)) {
      started_ = true;
      return;
    }
    if (!alive()) {
      error_ = executable + " ended before it listened: " + exit_description();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error_ =
      executable + " did not accept connections on port " + std::to_string(port_) + " within 10 s";
}

ServiceProcess::~ServiceProcess() { stop(); }

bool ServiceProcess::alive() {
  if (pid_ <= 0 || reaped_) return false;
  int status = 0;
  pid_t result = ::waitpid(pid_, &status, WNOHANG);
  if (result == 0) return true;
  if (result == pid_) {
    reaped_ = true;
    wait_status_ = status;
  }
  return false;
}

std::string ServiceProcess::exit_description() {
  if (alive()) return "running";
  if (!reaped_) return "not started";
  if (WIFEXITED(wait_status_)) return "exit status " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) return "signal " + std::to_string(WTERMSIG(wait_status_));
  return "ended";
}

void ServiceProcess::stop() {
  if (!alive()) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    if (!alive()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  if (::waitpid(pid_, &status, 0) == pid_) {
    reaped_ = true;
    wait_status_ = status;
  }
}

}  // namespace fastcpp::testing

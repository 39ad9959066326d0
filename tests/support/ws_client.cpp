#include "ws_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <random>

namespace fastcpp::testing {
namespace {

constexpr int kTimeoutMs = 5000;

bool read_exactly(int fd, char* out, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, kTimeoutMs) <= 0) return false;
    auto n = ::recv(fd, out + got, size - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

struct WsClient::Impl {
  int fd = -1;
  int status = 0;
  std::string head;
  std::string body;
  bool open = false;
  CloseInfo close_info{1006, {}};

  // A client frame: FIN set, masked (RFC 6455 requires clients to mask).
  bool send_frame(unsigned opcode, const std::string& payload) {
    std::string frame;
    frame += static_cast<char>(0x80 | opcode);
    if (payload.size() < 126) {
      frame += static_cast<char>(0x80 | payload.size());
    } else {
      frame += static_cast<char>(0x80 | 126);
      frame += static_cast<char>(payload.size() >> 8);
      frame += static_cast<char>(payload.size() & 0xFF);
    }
    std::mt19937 random(std::random_device{}());
    char mask[4];
    for (auto& byte : mask) byte = static_cast<char>(random());
    frame.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += payload[i] ^ mask[i % 4];
    return write_all(fd, frame);
  }

  // One server frame (servers do not mask).
  bool read_frame(unsigned& opcode, std::string& payload) {
    char header[2];
    if (!read_exactly(fd, header, 2)) return false;
    opcode = static_cast<unsigned char>(header[0]) & 0x0F;
    std::uint64_t length = static_cast<unsigned char>(header[1]) & 0x7F;
    if (length == 126 || length == 127) {
      char extended[8];
      std::size_t bytes = length == 126 ? 2 : 8;
      if (!read_exactly(fd, extended, bytes)) return false;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i)
        length = length << 8 | static_cast<unsigned char>(extended[i]);
    }
    payload.assign(length, '\0');
    return length == 0 || read_exactly(fd, payload.data(), length);
  }
};

WsClient::WsClient(int port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers)
    : impl_(std::make_unique<Impl>()) {
  impl_->fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(impl_->fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  if (!write_all(impl_->fd, request)) return;
  // The handshake response ends with an empty line; read it byte by byte so no frame is eaten.
  std::string response;
  char c;
  while (response.size() < 65536 && response.find("\r\n\r\n") == std::string::npos) {
    if (!read_exactly(impl_->fd, &c, 1)) break;
    response += c;
  }
  if (response.rfind("HTTP/1.1 ", 0) == 0) impl_->status = std::atoi(response.c_str() + 9);
  impl_->head = response;
  impl_->open = impl_->status == 101;
  auto length_at = response.find("\r\ncontent-length: ");
  if (!impl_->open && length_at != std::string::npos) {
    impl_->body.assign(std::strtoul(response.c_str() + length_at + 18, nullptr, 10), '\0');
    if (!impl_->body.empty() && !read_exactly(impl_->fd, impl_->body.data(), impl_->body.size())) {
      impl_->body.clear();
    }
  }
}

WsClient::~WsClient() {
  if (impl_->fd >= 0) ::close(impl_->fd);
}

bool WsClient::connected() const { return impl_->open; }
int WsClient::handshake_status() const { return impl_->status; }
const std::string& WsClient::handshake_head() const { return impl_->head; }
const std::string& WsClient::handshake_body() const { return impl_->body; }

bool WsClient::send_ping(const std::string& payload) {
  return impl_->open && impl_->send_frame(0x9, payload);
}

std::optional<std::string> WsClient::receive_pong() {
  while (impl_->open) {
    unsigned opcode = 0;
    std::string payload;
    if (!impl_->read_frame(opcode, payload)) {
      impl_->open = false;
      break;
    }
    if (opcode == 0xA) return payload;
  }
  return std::nullopt;
}

bool WsClient::send_text(const std::string& text) {
  return impl_->open && impl_->send_frame(0x1, text);
}

std::optional<std::string> WsClient::receive() {
  while (impl_->open) {
    unsigned opcode = 0;
    std::string payload;
    if (!impl_->read_frame(opcode, payload)) {
      impl_->open = false;
      break;
    }
    if (opcode == 0x1 || opcode == 0x2) return payload;
    if (opcode == 0x8) {
      impl_->open = false;
      impl_->close_info.code = payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8 |
                                                      static_cast<unsigned char>(payload[1]))
                                                   : 1005;
      impl_->close_info.reason = payload.size() > 2 ? payload.substr(2) : std::string();
      impl_->send_frame(0x8, payload.substr(0, 2));
    }
  }
  return std::nullopt;
}

void WsClient::close(int code, const std::string& reason) {
  std::string payload;
  if (code != 1005) {
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
  }
  impl_->send_frame(0x8, payload + reason);
}

CloseInfo WsClient::close_info() const { return impl_->close_info; }

}  // namespace fastcpp::testing

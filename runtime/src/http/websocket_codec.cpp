#include "http/websocket_codec.hpp"

#include <array>
#include <cstring>
#include <vector>

#include "http/response_writer.hpp"
#include "internal.hpp"

namespace fastcpp::detail::ws {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// websockets' parse_connection/parse_upgrade: comma-separated tokens, empty elements skipped.
std::vector<std::string> tokens_of(const Request::Pairs& headers, std::string_view name) {
  std::vector<std::string> tokens;
  for (const auto& [header, value] : headers) {
    if (!iequals(header, name)) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto token = trim(rest.substr(0, comma));
      if (!token.empty()) tokens.emplace_back(token);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return tokens;
}

std::string join(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) out += (out.empty() ? "" : ", ") + token;
  return out;
}

// websockets' InvalidHeader.__str__.
std::string invalid_header(std::string_view name, std::string_view value) {
  if (value.empty()) return "empty " + std::string(name) + " header";
  return "invalid " + std::string(name) + " header: " + std::string(value);
}

// The one value of a header websockets reads with `headers[name]`: a missing one is a KeyError
// (its repr, lower-cased, follows), several are a MultipleValuesError (the name as asked).
const std::string* single_header(const Request::Pairs& headers, std::string_view name,
                                 std::string& error) {
  const std::string* found = nullptr;
  for (const auto& [header, value] : headers) {
    if (!iequals(header, name)) continue;
    if (found) {
      error =
          "invalid " + std::string(name) + " header: multiple values; '" + std::string(name) + "'";
      return nullptr;
    }
    found = &value;
  }
  if (!found) error = "missing " + std::string(name) + " header; '" + lower(name) + "'";
  return found;
}

Handshake refuse(int status, std::string error) {
  Handshake handshake;
  handshake.status = status;
  handshake.error = std::move(error);
  return handshake;
}

std::uint32_t rotl(std::uint32_t value, int bits) {
  return (value << bits) | (value >> (32 - bits));
}

}  // namespace

bool is_websocket_upgrade(const Request::Pairs& headers) {
  const std::string* connection = nullptr;
  const std::string* upgrade = nullptr;
  for (const auto& [name, value] : headers) {
    if (iequals(name, "connection")) connection = &value;
    if (iequals(name, "upgrade")) upgrade = &value;
  }
  if (!connection || !upgrade || !iequals(*upgrade, "websocket")) return false;
  std::string_view rest = *connection;
  while (true) {
    auto comma = rest.find(',');
    if (iequals(trim(rest.substr(0, comma)), "upgrade")) return true;
    if (comma == std::string_view::npos) return false;
    rest = rest.substr(comma + 1);
  }
}

Handshake check_handshake(std::string_view method, std::string_view http_version,
                          const Request::Pairs& headers) {
  (void)http_version;  // uvicorn hands websockets every upgrade as HTTP/1.1
  if (method != "GET") {
    return refuse(400, "did not receive a valid HTTP request; unsupported HTTP method: " +
                           std::string(method));
  }
  auto connection = tokens_of(headers, "Connection");
  bool has_upgrade = false;
  for (const auto& token : connection) has_upgrade = has_upgrade || iequals(token, "upgrade");
  if (!has_upgrade) return refuse(426, invalid_header("Connection", join(connection)));
  auto upgrade = tokens_of(headers, "Upgrade");
  if (upgrade.size() != 1 || !iequals(upgrade[0], "websocket")) {
    return refuse(426, invalid_header("Upgrade", join(upgrade)));
  }
  std::string error;
  const std::string* key = single_header(headers, "Sec-WebSocket-Key", error);
  if (!key) return refuse(400, error);
  auto decoded = base64_decode_strict(*key);
  if (!decoded.error.empty()) {
    return refuse(400, invalid_header("Sec-WebSocket-Key", *key) + "; " + decoded.error);
  }
  if (decoded.bytes.size() != 16) return refuse(400, invalid_header("Sec-WebSocket-Key", *key));
  const std::string* version = single_header(headers, "Sec-WebSocket-Version", error);
  if (!version) return refuse(400, error);
  if (*version != "13") return refuse(400, invalid_header("Sec-WebSocket-Version", *version));
  Handshake handshake;
  handshake.accept = accept_value(*key);
  return handshake;
}

Response handshake_refusal(const Handshake& handshake) {
  std::string body = "Failed to open a WebSocket connection: " + handshake.error + ".\n";
  Headers headers;
  if (handshake.status == 426) {
    body +=
        "\nYou cannot access a WebSocket server directly with a browser. You need a WebSocket "
        "client.\n";
    headers.emplace_back("upgrade", "websocket");
  }
  headers.emplace_back("content-type", "text/plain");
  return Response(std::move(body), handshake.status, std::move(headers));
}

std::string switching_protocols(std::string_view accept, std::string_view subprotocol) {
  std::string out =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  out += accept;
  out += "\r\n";
  if (!subprotocol.empty()) {
    out += "Sec-WebSocket-Protocol: ";
    out += subprotocol;
    out += "\r\n";
  }
  out += "date: ";
  out += http_date();
  out += "\r\n\r\n";
  return out;
}

std::string accept_value(std::string_view key) {
  std::string text(key);
  text += kGuid;
  return base64_encode(sha1(text));
}

std::string sha1(std::string_view data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string message(data);
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  message += static_cast<char>(0x80);
  while (message.size() % 64 != 56) message += '\0';
  for (int shift = 56; shift >= 0; shift -= 8) message += static_cast<char>(bits >> shift);
  for (std::size_t block = 0; block < message.size(); block += 64) {
    std::uint32_t w[80];
    for (std::size_t i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(message.data() + block + 4 * i);
      w[i] = std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
             std::uint32_t{p[3]};
    }
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      std::uint32_t next = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::string digest;
  for (auto word : h) {
    for (int shift = 24; shift >= 0; shift -= 8) digest += static_cast<char>(word >> shift);
  }
  return digest;
}

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(data[i])} << 16 |
                      std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8 |
                      static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < data.size()) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(data[i])} << 16;
    if (i + 1 < data.size()) n |= std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// CPython's binascii.a2b_base64 in strict mode, its error messages included.
Base64Result base64_decode_strict(std::string_view text) {
  Base64Result result;
  int quad_pos = 0;
  int pads = 0;
  bool padding_started = false;
  bool quad_padded = false;  // a padded quad ended: only the end of the input may follow
  unsigned leftover = 0;
  auto one_too_many = [&result] {
    result.error = "Invalid base64-encoded string: number of data characters (" +
                   std::to_string(result.bytes.size() / 3 * 4 + 1) +
                   ") cannot be 1 more than a multiple of 4";
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '=') {
      if (quad_pos == 0) {
        result.error = i == 0 ? "Leading padding not allowed" : "Excess padding not allowed";
        return result;
      }
      if (quad_pos == 1) {
        one_too_many();
        return result;
      }
      padding_started = true;
      if (quad_pos + ++pads >= 4) {
        quad_pos = 0;
        pads = 0;
        quad_padded = true;
      }
      continue;
    }
    auto value = kAlphabet.find(ch);
    if (value == std::string_view::npos) {
      result.error = "Only base64 data is allowed";
      return result;
    }
    if (quad_padded) {
      result.error = "Excess data after padding";
      return result;
    }
    if (padding_started) {
      result.error = "Discontinuous padding not allowed";
      return result;
    }
    auto bits = static_cast<unsigned>(value);
    switch (quad_pos) {
      case 0:
        leftover = bits;
        break;
      case 1:
        result.bytes += static_cast<char>((leftover << 2) | (bits >> 4));
        leftover = bits & 0x0F;
        break;
      case 2:
        result.bytes += static_cast<char>((leftover << 4) | (bits >> 2));
        leftover = bits & 0x03;
        break;
      default:
        result.bytes += static_cast<char>((leftover << 6) | bits);
        leftover = 0;
        break;
    }
    quad_pos = (quad_pos + 1) % 4;
  }
  if (quad_pos == 1) {
    one_too_many();
  } else if (quad_pos != 0) {
    result.error = "Incorrect padding";
  }
  if (!result.error.empty()) result.bytes.clear();
  return result;
}

// ---- Frames --------------------------------------------------------------------------------

void FrameParser::feed(std::string_view bytes) {
  if (start_ > 0 && (start_ == buffer_.size() || start_ >= std::size_t{64} * 1024)) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
}

FrameParser::Status FrameParser::fail(int code, std::string why) {
  failed_ = true;
  violation_ = {code, std::move(why)};
  return Status::kError;
}

FrameParser::Status FrameParser::next(Frame& frame, std::size_t max_payload) {
  if (failed_) return Status::kError;
  std::string_view in(buffer_.data() + start_, buffer_.size() - start_);
  if (in.size() < 2) return Status::kNeedMore;
  auto b0 = static_cast<unsigned char>(in[0]);
  auto b1 = static_cast<unsigned char>(in[1]);
  unsigned opcode = b0 & 0x0F;
  bool control = (opcode & 0x08) != 0;
  if (!(opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA))) return fail(1002, "invalid opcode");
  if ((b1 & 0x80) == 0) return fail(1002, "incorrect masking");
  std::size_t header = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    if (in.size() < 4) return Status::kNeedMore;
    length =
        std::uint64_t{static_cast<unsigned char>(in[2])} << 8 | static_cast<unsigned char>(in[3]);
    header = 4;
  } else if (length == 127) {
    if (in.size() < 10) return Status::kNeedMore;
    length = 0;
    for (int i = 2; i < 10; ++i) length = length << 8 | static_cast<unsigned char>(in[i]);
    header = 10;
  }
  if (length > max_payload) return fail(1009, "message too big");
  if ((b0 & 0x70) != 0) return fail(1002, "reserved bits must be 0");
  if (control && length > 125) return fail(1002, "control frame too long");
  if (control && (b0 & 0x80) == 0) return fail(1002, "fragmented control frame");
  header += 4;
  if (in.size() < header || in.size() - header < length) return Status::kNeedMore;
  const char* mask = in.data() + header - 4;
  const char* data = in.data() + header;
  auto size = static_cast<std::size_t>(length);
  frame.fin = (b0 & 0x80) != 0;
  frame.opcode = static_cast<Opcode>(opcode);
  frame.payload.resize(size);
  for (std::size_t i = 0; i < size; ++i)
    frame.payload[i] = static_cast<char>(data[i] ^ mask[i & 3]);
  start_ += header + size;
  return Status::kFrame;
}

bool is_valid_close_code(int code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code < 5000);
}

ClosePayload parse_close(std::string_view payload) {
  ClosePayload close;
  if (payload.empty()) return close;
  if (payload.size() == 1) {
    close.violation = {1002, "close frame too short"};
    return close;
  }
  close.code = static_cast<unsigned char>(payload[0]) << 8 | static_cast<unsigned char>(payload[1]);
  close.reason.assign(payload.substr(2));
  unsigned state = 0;
  // websockets decodes the reason before it checks the code.
  if (!check_utf8(close.reason, state, true)) {
    close.violation = {1007, "invalid UTF-8 in the close reason"};
  } else if (!is_valid_close_code(close.code)) {
    close.violation = {1002, "invalid status code"};
  }
  return close;
}

MessageAssembler::Status MessageAssembler::fail(int code, std::string why) {
  violation_ = {code, std::move(why)};
  return Status::kError;
}

void MessageAssembler::reset() {
  message_.clear();
  in_message_ = false;
  complete_ = false;
  utf8_state_ = 0;
}

MessageAssembler::Status MessageAssembler::add(Frame& frame) {
  if (complete_) reset();
  if (frame.opcode == Opcode::kContinuation) {
    if (!in_message_) return fail(1002, "unexpected continuation frame");
  } else {
    if (in_message_) return fail(1002, "expected a continuation frame");
    in_message_ = true;
    binary_ = frame.opcode == Opcode::kBinary;
  }
  if (frame.payload.size() > room()) return fail(1009, "message too big");
  if (!binary_ && !check_utf8(frame.payload, utf8_state_, frame.fin)) {
    return fail(1007, "invalid UTF-8 in a text message");
  }
  if (message_.empty()) {
    message_.swap(frame.payload);
  } else {
    message_ += frame.payload;
  }
  if (!frame.fin) return Status::kNeedMore;
  in_message_ = false;
  complete_ = true;
  return Status::kMessage;
}

// The state packs how many continuation bytes are still due (bits 0-1) and the range the next
// one must fall in (bits 8-15 and 16-23), which is narrower than 80..BF right after E0, ED, F0
// and F4: that is what rules out overlong forms, surrogates and code points past U+10FFFF.
bool check_utf8(std::string_view bytes, unsigned& state, bool final) {
  unsigned due = state & 0x3;
  unsigned low = (state >> 8) & 0xFF;
  unsigned high = (state >> 16) & 0xFF;
  for (char ch : bytes) {
    auto byte = static_cast<unsigned char>(ch);
    if (due > 0) {
      if (byte < low || byte > high) return false;
      --due;
      low = 0x80;
      high = 0xBF;
      continue;
    }
    if (byte < 0x80) continue;
    low = 0x80;
    high = 0xBF;
    if (byte >= 0xC2 && byte <= 0xDF) {
      due = 1;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      due = 2;
      if (byte == 0xE0) low = 0xA0;
      if (byte == 0xED) high = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      due = 3;
      if (byte == 0xF0) low = 0x90;
      if (byte == 0xF4) high = 0x8F;
    } else {
      return false;
    }
  }
  state = due | low << 8 | high << 16;
  if (due == 0) state = 0;
  return !(final && due > 0);
}

std::string encode_frame(Opcode opcode, std::string_view payload) {
  std::string frame;
  frame.reserve(payload.size() + 10);
  frame += static_cast<char>(0x80 | static_cast<unsigned>(opcode));
  if (payload.size() < 126) {
    frame += static_cast<char>(payload.size());
  } else if (payload.size() < 65536) {
    frame += static_cast<char>(126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xFF);
  } else {
    frame += static_cast<char>(127);
    auto length = static_cast<std::uint64_t>(payload.size());
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>(length >> shift);
  }
  frame.append(payload.data(), payload.size());
  return frame;
}

std::string encode_close(int code, std::string_view reason) {
  if (code == kNoStatusReceived) return encode_frame(Opcode::kClose, {});
  std::string payload;
  payload += static_cast<char>((code >> 8) & 0xFF);
  payload += static_cast<char>(code & 0xFF);
  payload.append(reason.data(), reason.size());
  return encode_frame(Opcode::kClose, payload);
}

}  // namespace fastcpp::detail::ws

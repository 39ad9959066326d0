// The WebSocket codec (runtime/src/http/websocket_codec.hpp) on arbitrary bytes: the frame
// parser and the message assembler as the session drives them, close payloads, the handshake's
// checks on header lines, base64 and the UTF-8 checker. The first byte sets the size of the
// pieces the rest is fed in (as bytes arrive from a socket); the rest is the client's bytes.
//
// Beyond surviving every input:
// - the parser reads the same frames and stops at the same violation whatever the pieces;
// - a violation's close code is one the session may send (1002, 1007, 1009);
// - the UTF-8 checker gives the same answer split anywhere as whole;
// - base64 round-trips, and a key the handshake accepts decodes to 16 bytes;
// - every payload, masked into a client frame, parses back as itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/websocket_codec.hpp"

namespace ws = fastcpp::detail::ws;

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

struct Outcome {
  std::vector<ws::Frame> frames;
  std::vector<std::string> messages;
  int violation = 0;
};

// Drives parser and assembler as the session does, feeding `bytes` in pieces of `piece`.
Outcome drive(std::string_view bytes, std::size_t piece, std::size_t limit) {
  Outcome outcome;
  ws::FrameParser parser;
  ws::MessageAssembler assembler(limit);
  std::size_t fed = 0;
  for (;;) {
    ws::Frame frame;
    auto status = parser.next(frame, assembler.room());
    if (status == ws::FrameParser::Status::kError) {
      outcome.violation = parser.violation().code;
      return outcome;
    }
    if (status == ws::FrameParser::Status::kNeedMore) {
      if (fed == bytes.size()) return outcome;
      auto take = std::min(piece, bytes.size() - fed);
      parser.feed(bytes.substr(fed, take));
      fed += take;
      continue;
    }
    outcome.frames.push_back(frame);
    if (frame.opcode == ws::Opcode::kClose) {
      auto close = ws::parse_close(frame.payload);
      if (close.violation.code != 0) {
        check(close.violation.code == 1002 || close.violation.code == 1007);
        outcome.violation = close.violation.code;
        return outcome;
      }
      check(close.code == 1005 || ws::is_valid_close_code(close.code));
      return outcome;
    }
    if (frame.opcode == ws::Opcode::kPing || frame.opcode == ws::Opcode::kPong) {
      check(frame.payload.size() <= 125 && frame.fin);
      continue;
    }
    auto added = assembler.add(frame);
    if (added == ws::MessageAssembler::Status::kError) {
      outcome.violation = assembler.violation().code;
      return outcome;
    }
    if (added == ws::MessageAssembler::Status::kMessage) {
      check(assembler.message().size() <= limit);
      if (!assembler.binary()) {
        unsigned state = 0;
        check(ws::check_utf8(assembler.message(), state, true));
      }
      outcome.messages.push_back(assembler.message());
    }
  }
}

bool same_frames(const std::vector<ws::Frame>& a, const std::vector<ws::Frame>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].fin != b[i].fin || a[i].opcode != b[i].opcode || a[i].payload != b[i].payload) {
      return false;
    }
  }
  return true;
}

std::string masked(const std::string& server_frame) {
  // A server frame's header with the mask bit set and a mask, then the masked payload.
  std::size_t header = 2;
  auto length = static_cast<unsigned char>(server_frame[1]) & 0x7F;
  if (length == 126) header = 4;
  if (length == 127) header = 10;
  std::string frame = server_frame.substr(0, header);
  frame[1] = static_cast<char>(frame[1] | 0x80);
  const char mask[4] = {0x5a, 0x11, 0x7e, 0x03};
  frame.append(mask, 4);
  for (std::size_t i = header; i < server_frame.size(); ++i) {
    frame += static_cast<char>(server_frame[i] ^ mask[(i - header) % 4]);
  }
  return frame;
}

fastcpp::Request::Pairs header_lines(std::string_view text) {
  fastcpp::Request::Pairs headers;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return headers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  // A small limit too, so that fragmented messages cross it.
  for (std::size_t limit : {ws::kMaxMessageBytes, std::size_t{64}}) {
    auto whole = drive(bytes, bytes.size() + 1, limit);
    auto pieces = drive(bytes, piece, limit);
    check(same_frames(whole.frames, pieces.frames));
    check(whole.messages == pieces.messages);
    check(whole.violation == pieces.violation);
    check(whole.violation == 0 || whole.violation == 1002 || whole.violation == 1007 ||
          whole.violation == 1009);
  }

  unsigned whole_state = 0;
  bool whole_valid = ws::check_utf8(bytes, whole_state, true);
  auto split = bytes.size() == 0 ? 0 : piece % (bytes.size() + 1);
  unsigned state = 0;
  bool split_valid = ws::check_utf8(bytes.substr(0, split), state, false) &&
                     ws::check_utf8(bytes.substr(split), state, true);
  check(whole_valid == split_valid);

  auto decoded = ws::base64_decode_strict(bytes);
  if (decoded.error.empty()) {
    auto again = ws::base64_decode_strict(ws::base64_encode(decoded.bytes));
    check(again.error.empty() && again.bytes == decoded.bytes);
  }
  auto encoded = ws::base64_encode(bytes);
  check(ws::base64_decode_strict(encoded).bytes == bytes);

  auto close = ws::parse_close(bytes);
  check(close.violation.code == 0 || close.violation.code == 1002 || close.violation.code == 1007);

  auto headers = header_lines(bytes);
  auto handshake = ws::check_handshake("GET", "HTTP/1.1", headers);
  check(handshake.status == 101 || handshake.status == 400 || handshake.status == 426);
  if (handshake.status == 101) {
    check(handshake.accept.size() == 28);
    const std::string* key = nullptr;
    for (const auto& [name, value] : headers) {
      if (name.size() == 17 && (name[0] == 'S' || name[0] == 's') &&
          ws::base64_decode_strict(value).bytes.size() == 16) {
        key = &value;
      }
    }
    check(key != nullptr);
  } else {
    auto refusal = ws::handshake_refusal(handshake);
    check(refusal.status_code == handshake.status && !refusal.body.empty());
  }
  (void)ws::is_websocket_upgrade(headers);

  for (auto opcode : {ws::Opcode::kText, ws::Opcode::kBinary, ws::Opcode::kPing}) {
    auto payload = opcode == ws::Opcode::kPing ? bytes.substr(0, 125) : bytes;
    ws::FrameParser parser;
    parser.feed(masked(ws::encode_frame(opcode, payload)));
    ws::Frame frame;
    check(parser.next(frame) == ws::FrameParser::Status::kFrame);
    check(frame.fin && frame.opcode == opcode && frame.payload == payload);
    check(parser.buffered() == 0);
  }
  return 0;
}

// The WebSocket protocol (RFC 6455) as pure functions over bytes, no sockets: the opening
// handshake's checks and answers, and the frame codec. Where RFC 6455 leaves a choice, the
// answers are those of uvicorn's `websockets` implementation (websockets 15, legacy server),
// which `uvicorn[standard]` uses; tests/conformance/websockets.json records them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp::detail::ws {

/// uvicorn's `--ws-max-size` default: a message (all its fragments) may have 16 MiB.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{16} * 1024 * 1024;

/// The close codes the codec and the session send or report.
enum CloseCode : int {
  kNormalClosure = 1000,
  kProtocolError = 1002,
  kNoStatusReceived = 1005,  ///< reported when the peer's close frame had no code
  kAbnormalClosure = 1006,   ///< reported when the connection ended without a close frame
  kInvalidData = 1007,
  kMessageTooBig = 1009,
  kInternalError = 1011,
  kServiceRestart = 1012,  ///< sent to open sessions when the server shuts down, as uvicorn does
};

// ---- Opening handshake ---------------------------------------------------------------------

/// Whether uvicorn hands a request to its WebSocket protocol at all: the last `Connection`
/// header has the token `upgrade` and the last `Upgrade` header is `websocket` (both
/// case-insensitive). Any other request is plain HTTP, even with WebSocket headers.
bool is_websocket_upgrade(const Request::Pairs& headers);

/// The outcome of the opening handshake's checks.
struct Handshake {
  /// 101 when the handshake may go on; else 400 (a bad request: method, version, key) or 426
  /// (the `Connection`/`Upgrade` headers do not ask for exactly `websocket`).
  int status = 101;
  /// For 101: the `Sec-WebSocket-Accept` value.
  std::string accept;
  /// For a refusal: why, in websockets' words (`missing Sec-WebSocket-Key header; ...`).
  std::string error;
};

/// Checks an upgrade request as websockets' `read_request` and `check_request` do: the method
/// must be GET; `Connection` must have `upgrade`, the `Upgrade` headers exactly one token,
/// `websocket` (else 426); one `Sec-WebSocket-Key` that is base64 of 16 bytes and one
/// `Sec-WebSocket-Version: 13` (else 400). `http_version` ("HTTP/1.0", "HTTP/1.1") is not
/// checked: uvicorn passes every request to websockets as HTTP/1.1. `headers` as received,
/// values without surrounding whitespace.
Handshake check_handshake(std::string_view method, std::string_view http_version,
                          const Request::Pairs& headers);

/// The HTTP answer to a refused handshake, as websockets writes it: `text/plain` (no charset),
/// `Failed to open a WebSocket connection: <error>.`; a 426 also says `Upgrade: websocket` and
/// that a browser cannot open the server directly.
Response handshake_refusal(const Handshake& handshake);

/// The whole 101 response: `Upgrade`, `Connection`, `Sec-WebSocket-Accept`, `date`, and the
/// `Sec-WebSocket-Protocol` when `subprotocol` is not empty.
std::string switching_protocols(std::string_view accept, std::string_view subprotocol = {});

/// `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + the RFC 6455 GUID)).
std::string accept_value(std::string_view key);

/// SHA-1 of `data` (FIPS 180-4), the 20 bytes of the digest.
std::string sha1(std::string_view data);

/// Standard base64 with padding (RFC 4648 §4).
std::string base64_encode(std::string_view data);

/// Python's `base64.b64decode(text, validate=True)`: on success the bytes and an empty `error`;
/// else `error` is binascii's message (`Incorrect padding`, `Only base64 data is allowed`, ...).
struct Base64Result {
  std::string bytes;
  std::string error;
};
Base64Result base64_decode_strict(std::string_view text);

// ---- Frames --------------------------------------------------------------------------------

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

/// One frame, its payload unmasked.
struct Frame {
  bool fin = true;
  Opcode opcode = Opcode::kText;
  std::string payload;
};

/// A protocol violation: the close code to send (1002, 1007 or 1009) and why, for the log.
struct ProtocolViolation {
  int code = 0;
  std::string why;
};

/// Reads the frames a client sends, from bytes fed as they arrive. Server side: every frame
/// must be masked. The checks, in websockets' order: a reserved opcode and an unmasked frame
/// (1002); a payload length over what is left of the message limit (1009, before the payload
/// is read; a 64-bit length with its top bit set is such a length); reserved bits, a control
/// frame longer than 125 bytes or fragmented (1002). Close payloads are checked by
/// `parse_close`, messages by `MessageAssembler`.
class FrameParser {
 public:
  enum class Status {
    kFrame,     ///< a frame was taken from the input
    kNeedMore,  ///< the input ends inside a frame
    kError,     ///< a protocol violation; the parser stays in error
  };

  /// Appends bytes received.
  void feed(std::string_view bytes);

  /// Takes the next whole frame. `max_payload` is what the current message may still grow by
  /// (`MessageAssembler::room()`): a longer frame is a 1009 as soon as its header is read.
  Status next(Frame& frame, std::size_t max_payload = kMaxMessageBytes);

  /// The violation, once `next` returned kError.
  const ProtocolViolation& violation() const noexcept { return violation_; }

  /// Bytes fed and not yet taken as frames.
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }

 private:
  Status fail(int code, std::string why);

  std::string buffer_;
  std::size_t start_ = 0;
  ProtocolViolation violation_;
  bool failed_ = false;
};

/// A close frame's payload: empty (1005, no reason), or a code websockets accepts on the wire
/// (1000-1003, 1007-1014, 3000-4999) and a UTF-8 reason.
struct ClosePayload {
  int code = kNoStatusReceived;
  std::string reason;
  ProtocolViolation
      violation;  ///< code 0 unless invalid: 1 byte or a bad code 1002, bad UTF-8 1007
};
ClosePayload parse_close(std::string_view payload);

/// Whether websockets accepts `code` in a close frame.
bool is_valid_close_code(int code) noexcept;

/// Puts data frames together into messages: continuation frames follow a text or binary frame
/// without FIN, text is checked as UTF-8 as it arrives (so a character split across fragments
/// is fine, and an invalid one fails at the fragment that shows it), the whole message is held
/// to the limit. Control frames are not its business.
class MessageAssembler {
 public:
  enum class Status {
    kMessage,   ///< `message()` is complete
    kNeedMore,  ///< a fragment was taken; the message goes on
    kError,     ///< `violation()` says why
  };

  explicit MessageAssembler(std::size_t max_message = kMaxMessageBytes)
      : max_message_(max_message) {}

  /// Takes one data frame (text, binary or continuation).
  Status add(Frame& frame);

  /// What the current message may still grow by: the limit for FrameParser::next.
  std::size_t room() const noexcept { return max_message_ - message_.size(); }

  /// The complete message and whether it is binary, after kMessage; taken by the caller.
  std::string& message() noexcept { return message_; }
  bool binary() const noexcept { return binary_; }
  /// Starts the next message (after kMessage).
  void reset();

  const ProtocolViolation& violation() const noexcept { return violation_; }

 private:
  Status fail(int code, std::string why);

  std::size_t max_message_;
  std::string message_;
  bool in_message_ = false;
  bool binary_ = false;
  bool complete_ = false;
  unsigned utf8_state_ = 0;  // the UTF-8 checker's state between fragments (0: on a boundary)
  ProtocolViolation violation_;
};

/// Checks UTF-8 incrementally, as Python's strict incremental decoder: `state` carries a
/// character cut at the end of `bytes` over to the next call (start at 0); `final` says no
/// bytes follow. False at the first invalid byte (overlong forms, surrogates, beyond U+10FFFF
/// included) or, when `final`, for a character cut short.
bool check_utf8(std::string_view bytes, unsigned& state, bool final);

/// A server frame (never masked), FIN set.
std::string encode_frame(Opcode opcode, std::string_view payload);

/// A close frame with `code` and `reason`; `code` 1005 gives an empty payload.
std::string encode_close(int code, std::string_view reason);

}  // namespace fastcpp::detail::ws

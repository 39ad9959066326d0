// The WebSocket codec: the opening handshake's checks and answers (the messages are those
// uvicorn's websockets implementation writes, as recorded from it), the frame parser's checks in
// websockets' order, fragmented messages and UTF-8 across fragments, server frames.
#include "http/websocket_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace fastcpp::detail::ws {
namespace {

constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char ch : bytes) {
    out += digits[static_cast<unsigned char>(ch) >> 4];
    out += digits[static_cast<unsigned char>(ch) & 0xF];
  }
  return out;
}

// A client frame: masked unless told otherwise; `length` overrides the length field.
std::string client_frame(unsigned opcode, std::string_view payload, bool fin = true,
                         bool masked = true, unsigned rsv = 0, std::uint64_t length = ~0ull) {
  if (length == ~0ull) length = payload.size();
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0) | rsv << 4 | opcode);
  char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (length < 126) {
    frame += static_cast<char>(mask_bit | static_cast<char>(length));
  } else if (length < 65536) {
    frame += static_cast<char>(mask_bit | 126);
    frame += static_cast<char>(length >> 8);
    frame += static_cast<char>(length & 0xFF);
  } else {
    frame += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>(length >> shift);
  }
  const char mask[4] = {0x37, static_cast<char>(0xfa), 0x21, 0x3d};
  if (masked) frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame += masked ? static_cast<char>(payload[i] ^ mask[i % 4]) : payload[i];
  }
  return frame;
}

Request::Pairs upgrade_headers() {
  return {{"Host", "testserver"},
          {"Connection", "Upgrade"},
          {"Upgrade", "websocket"},
          {"Sec-WebSocket-Key", kKey},
          {"Sec-WebSocket-Version", "13"}};
}

Request::Pairs without(Request::Pairs headers, std::string_view name) {
  Request::Pairs out;
  for (auto& header : headers) {
    if (header.first != name) out.push_back(std::move(header));
  }
  return out;
}

Request::Pairs replaced(Request::Pairs headers, std::string_view name, std::string value) {
  for (auto& header : headers) {
    if (header.first == name) header.second = value;
  }
  return headers;
}

// ---- Handshake --------------------------------------------------------------------------------

TEST(WebSocketCodecTest, Sha1AndBase64MatchTheirStandards) {
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(WebSocketCodecTest, TheRfcSampleKeyGivesTheRfcAcceptValue) {
  EXPECT_EQ(accept_value(kKey), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  auto handshake = check_handshake("GET", "HTTP/1.1", upgrade_headers());
  EXPECT_EQ(handshake.status, 101);
  EXPECT_EQ(handshake.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  auto response = switching_protocols(handshake.accept);
  EXPECT_EQ(response.rfind(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\ndate: ",
                0),
            0u);
  EXPECT_EQ(response.substr(response.size() - 4), "\r\n\r\n");
  EXPECT_NE(switching_protocols("x", "chat").find("\r\nSec-WebSocket-Protocol: chat\r\n"),
            std::string::npos);
}

TEST(WebSocketCodecTest, Base64DecodingIsPythonsStrictOneWithItsMessages) {
  // binascii's messages, as Python 3.13's base64.b64decode(validate=True) gives them.
  const std::pair<const char*, const char*> cases[] = {
      {"abc", "Incorrect padding"},
      {"a===",
       "Invalid base64-encoded string: number of data characters (1) cannot be 1 more "
       "than a multiple of 4"},
      {"=abc", "Leading padding not allowed"},
      {"ab=c", "Discontinuous padding not allowed"},
      {"ab==cd", "Excess data after padding"},
      {"abcde",
       "Invalid base64-encoded string: number of data characters (5) cannot be 1 more "
       "than a multiple of 4"},
      {"abcdef", "Incorrect padding"},
      {"ab!c", "Only base64 data is allowed"},
      {"AAAAAAAAAAAAAAAAAAAAAA=", "Incorrect padding"},
      {"AAAAAAAAAAAAAAAAAAAAAA===", "Excess padding not allowed"},
      {"ab==\n", "Only base64 data is allowed"},
      {"abcd=", "Excess padding not allowed"},
      {"a=bc",
       "Invalid base64-encoded string: number of data characters (1) cannot be 1 more "
       "than a multiple of 4"},
      {"ab==!", "Only base64 data is allowed"},
      {"abc=d", "Excess data after padding"},
      {"abc==", "Excess padding not allowed"},
      {"ab c", "Only base64 data is allowed"},
  };
  for (const auto& [text, error] : cases) {
    EXPECT_EQ(base64_decode_strict(text).error, error) << text;
  }
  EXPECT_EQ(base64_decode_strict("").bytes, "");
  EXPECT_EQ(base64_decode_strict("abcd").bytes.size(), 3u);
  EXPECT_EQ(base64_decode_strict("ab==").bytes.size(), 1u);
  EXPECT_EQ(base64_decode_strict("abc=").bytes.size(), 2u);
  EXPECT_EQ(base64_decode_strict("Zm9vYmFy").bytes, "foobar");
  EXPECT_EQ(base64_decode_strict(kKey).bytes, "the sample nonce");
}

TEST(WebSocketCodecTest, HandshakeRefusalsAreWebsocketsOwn) {
  struct Case {
    const char* name;
    std::string method;
    Request::Pairs headers;
    int status;
    const char* error;
  };
  auto base = upgrade_headers();
  Case cases[] = {
      {"post", "POST", base, 400,
       "did not receive a valid HTTP request; unsupported HTTP method: POST"},
      {"no key", "GET", without(base, "Sec-WebSocket-Key"), 400,
       "missing Sec-WebSocket-Key header; 'sec-websocket-key'"},
      {"bad key", "GET", replaced(base, "Sec-WebSocket-Key", "abc"), 400,
       "invalid Sec-WebSocket-Key header: abc; Incorrect padding"},
      {"short key", "GET", replaced(base, "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"), 400,
       "invalid Sec-WebSocket-Key header: AAAAAAAAAAAAAAAAAAAA"},
      {"empty key", "GET", replaced(base, "Sec-WebSocket-Key", ""), 400,
       "empty Sec-WebSocket-Key header"},
      {"key bad char", "GET", replaced(base, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=!"), 400,
       "invalid Sec-WebSocket-Key header: dGhlIHNhbXBsZSBub25jZQ=!; Only base64 data is allowed"},
      {"version 12", "GET", replaced(base, "Sec-WebSocket-Version", "12"), 400,
       "invalid Sec-WebSocket-Version header: 12"},
      {"no version", "GET", without(base, "Sec-WebSocket-Version"), 400,
       "missing Sec-WebSocket-Version header; 'sec-websocket-version'"},
  };
  for (auto& c : cases) {
    auto handshake = check_handshake(c.method, "HTTP/1.1", c.headers);
    EXPECT_EQ(handshake.status, c.status) << c.name;
    EXPECT_EQ(handshake.error, c.error) << c.name;
  }
  auto two_keys = base;
  two_keys.emplace_back("sec-websocket-key", kKey);
  EXPECT_EQ(check_handshake("GET", "HTTP/1.1", two_keys).error,
            "invalid Sec-WebSocket-Key header: multiple values; 'Sec-WebSocket-Key'");
  auto two_versions = base;
  two_versions.emplace_back("Sec-WebSocket-Version", "13");
  EXPECT_EQ(check_handshake("GET", "HTTP/1.1", two_versions).error,
            "invalid Sec-WebSocket-Version header: multiple values; 'Sec-WebSocket-Version'");
  auto two_upgrades = replaced(base, "Upgrade", "foo");
  two_upgrades.emplace_back("Upgrade", "websocket");
  auto handshake = check_handshake("GET", "HTTP/1.1", two_upgrades);
  EXPECT_EQ(handshake.status, 426);
  EXPECT_EQ(handshake.error, "invalid Upgrade header: foo, websocket");
}

TEST(WebSocketCodecTest, WhatWebsocketsAcceptsIsAccepted) {
  auto base = upgrade_headers();
  // A key whose last character has bits base64 does not use: accepted, its accept value from the
  // key as sent.
  auto odd_key = check_handshake("GET", "HTTP/1.1",
                                 replaced(base, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZR=="));
  EXPECT_EQ(odd_key.status, 101);
  EXPECT_EQ(odd_key.accept, "Zgw8jYXtqX5qJr7MJ1Q/MqzeSRI=");
  EXPECT_EQ(check_handshake("GET", "HTTP/1.0", base).status, 101);
  EXPECT_EQ(check_handshake("GET", "HTTP/1.1", without(base, "Host")).status, 101);
  EXPECT_EQ(check_handshake("GET", "HTTP/1.1", replaced(base, "Upgrade", "WebSocket")).status, 101);
  EXPECT_EQ(check_handshake("GET", "HTTP/1.1", replaced(base, "Connection", "keep-alive, Upgrade"))
                .status,
            101);
}

TEST(WebSocketCodecTest, RefusalResponsesAreWebsocketsText) {
  Handshake bad;
  bad.status = 400;
  bad.error = "missing Sec-WebSocket-Key header; 'sec-websocket-key'";
  auto response = handshake_refusal(bad);
  EXPECT_EQ(response.status_code, 400);
  EXPECT_EQ(response.body,
            "Failed to open a WebSocket connection: missing Sec-WebSocket-Key header; "
            "'sec-websocket-key'.\n");
  EXPECT_EQ(*response.header("content-type"), "text/plain");
  EXPECT_EQ(*response.header("content-length"), "94");
  Handshake upgrade;
  upgrade.status = 426;
  upgrade.error = "invalid Upgrade header: foo, websocket";
  response = handshake_refusal(upgrade);
  EXPECT_EQ(*response.header("upgrade"), "websocket");
  EXPECT_EQ(*response.header("content-length"), "171");
}

TEST(WebSocketCodecTest, TheUpgradeGateIsUvicorns) {
  EXPECT_TRUE(is_websocket_upgrade(upgrade_headers()));
  EXPECT_TRUE(
      is_websocket_upgrade({{"connection", "keep-alive, UPGRADE"}, {"upgrade", "WebSocket"}}));
  // The last Connection and Upgrade headers decide.
  EXPECT_TRUE(is_websocket_upgrade(
      {{"Connection", "keep-alive"}, {"Connection", "Upgrade"}, {"Upgrade", "websocket"}}));
  EXPECT_FALSE(is_websocket_upgrade(
      {{"Connection", "Upgrade"}, {"Connection", "keep-alive"}, {"Upgrade", "websocket"}}));
  EXPECT_FALSE(is_websocket_upgrade({{"Upgrade", "websocket"}}));
  EXPECT_FALSE(is_websocket_upgrade({{"Connection", "Upgrade"}, {"Upgrade", "websocket, foo"}}));
  EXPECT_FALSE(is_websocket_upgrade({{"Connection", "Upgrade"}, {"Upgrade", "h2c"}}));
}

// ---- Frames -----------------------------------------------------------------------------------

FrameParser::Status parse(const std::string& bytes, Frame& frame, FrameParser& parser,
                          std::size_t max_payload = kMaxMessageBytes) {
  parser.feed(bytes);
  return parser.next(frame, max_payload);
}

TEST(WebSocketCodecTest, MaskedFramesOfEveryLengthEncodingAreRead) {
  for (std::size_t size : {0u, 1u, 125u, 126u, 65535u, 65536u, 100000u}) {
    std::string payload(size, 'x');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 7);
    FrameParser parser;
    Frame frame;
    ASSERT_EQ(parse(client_frame(0x2, payload), frame, parser), FrameParser::Status::kFrame)
        << size;
    EXPECT_EQ(frame.payload, payload);
    EXPECT_EQ(frame.opcode, Opcode::kBinary);
    EXPECT_TRUE(frame.fin);
    EXPECT_EQ(parser.buffered(), 0u);
  }
}

TEST(WebSocketCodecTest, AFrameFedByteByByteNeedsMoreUntilItIsWhole) {
  auto bytes = client_frame(0x1, "hello") + client_frame(0x9, "p");
  FrameParser parser;
  Frame frame;
  std::size_t frames = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    parser.feed(bytes.substr(i, 1));
    auto status = parser.next(frame);
    if (status == FrameParser::Status::kFrame) {
      ++frames;
      EXPECT_TRUE(i == 10 || i == bytes.size() - 1) << i;
    } else {
      EXPECT_EQ(status, FrameParser::Status::kNeedMore) << i;
    }
  }
  EXPECT_EQ(frames, 2u);
  EXPECT_EQ(frame.opcode, Opcode::kPing);
  EXPECT_EQ(frame.payload, "p");
}

TEST(WebSocketCodecTest, MalformedFramesGetTheCloseCodeWebsocketsSends) {
  struct Case {
    const char* name;
    std::string bytes;
    int code;
  };
  const Case cases[] = {
      {"unmasked", client_frame(0x1, "hi", true, false), 1002},
      {"rsv1", client_frame(0x1, "hi", true, true, 4), 1002},
      {"rsv2", client_frame(0x1, "hi", true, true, 2), 1002},
      {"rsv3", client_frame(0x1, "hi", true, true, 1), 1002},
      {"opcode 3", client_frame(0x3, "hi"), 1002},
      {"opcode 0xB", client_frame(0xB, "hi"), 1002},
      {"fragmented ping", client_frame(0x9, "p", false), 1002},
      {"ping of 126 bytes", client_frame(0x9, std::string(126, 'p')), 1002},
      {"close of 126 bytes", client_frame(0x8, std::string(126, 'c')), 1002},
      {"2^62 length", client_frame(0x2, "", true, true, 0, 1ull << 62), 1009},
      {"2^63 length", client_frame(0x2, "", true, true, 0, 1ull << 63), 1009},
      {"16 MiB + 1", client_frame(0x2, "", true, true, 0, kMaxMessageBytes + 1), 1009},
  };
  for (const auto& c : cases) {
    FrameParser parser;
    Frame frame;
    EXPECT_EQ(parse(c.bytes, frame, parser), FrameParser::Status::kError) << c.name;
    EXPECT_EQ(parser.violation().code, c.code) << c.name;
    EXPECT_EQ(parser.next(frame), FrameParser::Status::kError) << c.name;  // and stays so
  }
  // The limit is known from the header alone; exactly the limit is fine.
  FrameParser parser;
  Frame frame;
  EXPECT_EQ(parse(client_frame(0x2, "", true, true, 0, kMaxMessageBytes), frame, parser),
            FrameParser::Status::kNeedMore);
  // What is left of a message bounds its next fragment.
  FrameParser fragment;
  EXPECT_EQ(parse(client_frame(0x0, std::string(11, 'x')), frame, fragment, 10),
            FrameParser::Status::kError);
  EXPECT_EQ(fragment.violation().code, 1009);
}

TEST(WebSocketCodecTest, ClosePayloadsAreCheckedAsWebsocketsChecksThem) {
  auto close = parse_close("");
  EXPECT_EQ(close.code, 1005);
  EXPECT_EQ(close.violation.code, 0);
  close = parse_close(
      "\x0f\xa0"
      "bye");
  EXPECT_EQ(close.code, 4000);
  EXPECT_EQ(close.reason, "bye");
  EXPECT_EQ(close.violation.code, 0);
  EXPECT_EQ(parse_close("\x03").violation.code, 1002);
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    EXPECT_EQ(parse_close(payload).violation.code, 1002) << code;
  }
  for (int code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    EXPECT_EQ(parse_close(payload).violation.code, 0) << code;
  }
  EXPECT_EQ(parse_close(std::string("\x03\xe8\xff", 3)).violation.code, 1007);
  // The reason is decoded before the code is checked.
  EXPECT_EQ(parse_close(std::string("\x03\xe7\xff", 3)).violation.code, 1007);
}

TEST(WebSocketCodecTest, Utf8IsCheckedAsPythonsStrictDecoderChecksIt) {
  auto valid = [](std::string_view text) {
    unsigned state = 0;
    return check_utf8(text, state, true);
  };
  EXPECT_TRUE(valid("plain ascii"));
  EXPECT_TRUE(valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf"));
  EXPECT_FALSE(valid("\xff"));
  EXPECT_FALSE(valid("\x80"));
  EXPECT_FALSE(valid("\xc0\x80"));          // overlong
  EXPECT_FALSE(valid("\xc1\xbf"));          // overlong
  EXPECT_FALSE(valid("\xe0\x80\x80"));      // overlong
  EXPECT_FALSE(valid("\xf0\x80\x80\x80"));  // overlong
  EXPECT_FALSE(valid("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(valid("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(valid("\xf5\x80\x80\x80"));
  EXPECT_FALSE(valid("\xc3"));  // cut short
  EXPECT_FALSE(valid("\xe2\x82"));
  unsigned state = 0;
  EXPECT_TRUE(check_utf8("caf\xe2", state, false));
  EXPECT_TRUE(check_utf8("\x82", state, false));
  EXPECT_TRUE(check_utf8("\xac!", state, true));
  state = 0;
  EXPECT_TRUE(check_utf8("\xed", state, false));
  EXPECT_FALSE(check_utf8("\xa0\x80", state, true));  // a surrogate across the boundary
}

TEST(WebSocketCodecTest, FragmentsMakeOneMessageAndUtf8MayBeSplitAcrossThem) {
  MessageAssembler assembler;
  Frame first{false, Opcode::kText, "caf\xc3"};
  Frame second{false, Opcode::kContinuation, "\xa9 au"};
  Frame last{true, Opcode::kContinuation, " lait"};
  EXPECT_EQ(assembler.add(first), MessageAssembler::Status::kNeedMore);
  EXPECT_EQ(assembler.add(second), MessageAssembler::Status::kNeedMore);
  EXPECT_EQ(assembler.add(last), MessageAssembler::Status::kMessage);
  EXPECT_EQ(assembler.message(), "caf\xc3\xa9 au lait");
  EXPECT_FALSE(assembler.binary());
  // The next message starts afresh.
  Frame binary{true, Opcode::kBinary, std::string("\xff\x00", 2)};
  EXPECT_EQ(assembler.add(binary), MessageAssembler::Status::kMessage);
  EXPECT_TRUE(assembler.binary());
  EXPECT_EQ(assembler.message(), std::string("\xff\x00", 2));  // bytes are not UTF-8 checked
}

TEST(WebSocketCodecTest, FragmentationErrorsAreProtocolErrorsAndBadTextIs1007) {
  {
    MessageAssembler assembler;
    Frame continuation{true, Opcode::kContinuation, "x"};
    EXPECT_EQ(assembler.add(continuation), MessageAssembler::Status::kError);
    EXPECT_EQ(assembler.violation().code, 1002);
  }
  {
    MessageAssembler assembler;
    Frame first{false, Opcode::kText, "a"};
    Frame again{true, Opcode::kText, "b"};
    EXPECT_EQ(assembler.add(first), MessageAssembler::Status::kNeedMore);
    EXPECT_EQ(assembler.add(again), MessageAssembler::Status::kError);
    EXPECT_EQ(assembler.violation().code, 1002);
  }
  {
    MessageAssembler assembler;
    Frame first{false, Opcode::kText, "caf\xc3"};
    Frame bad{true, Opcode::kContinuation, "("};
    EXPECT_EQ(assembler.add(first), MessageAssembler::Status::kNeedMore);
    EXPECT_EQ(assembler.add(bad), MessageAssembler::Status::kError);
    EXPECT_EQ(assembler.violation().code, 1007);
  }
  {
    MessageAssembler assembler;
    Frame cut{true, Opcode::kText, "caf\xc3"};
    EXPECT_EQ(assembler.add(cut), MessageAssembler::Status::kError);
    EXPECT_EQ(assembler.violation().code, 1007);
  }
  {
    // An invalid byte fails at the fragment that holds it, not at the end of the message.
    MessageAssembler assembler;
    Frame bad{false, Opcode::kText, "bad \xff"};
    EXPECT_EQ(assembler.add(bad), MessageAssembler::Status::kError);
    EXPECT_EQ(assembler.violation().code, 1007);
  }
}

TEST(WebSocketCodecTest, TheMessageLimitCoversAllItsFragments) {
  MessageAssembler assembler(10);
  Frame first{false, Opcode::kBinary, std::string(6, 'x')};
  EXPECT_EQ(assembler.add(first), MessageAssembler::Status::kNeedMore);
  EXPECT_EQ(assembler.room(), 4u);
  Frame second{true, Opcode::kContinuation, std::string(5, 'x')};
  EXPECT_EQ(assembler.add(second), MessageAssembler::Status::kError);
  EXPECT_EQ(assembler.violation().code, 1009);
}

TEST(WebSocketCodecTest, ServerFramesAreUnmasked) {
  EXPECT_EQ(encode_frame(Opcode::kText, "hi"), std::string("\x81\x02hi"));
  EXPECT_EQ(encode_frame(Opcode::kPong, ""), std::string("\x8a\x00", 2));
  auto medium = encode_frame(Opcode::kBinary, std::string(126, 'x'));
  EXPECT_EQ(medium.substr(0, 4), std::string("\x82\x7e\x00\x7e", 4));
  auto large = encode_frame(Opcode::kBinary, std::string(65536, 'x'));
  EXPECT_EQ(large.substr(0, 10), std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  EXPECT_EQ(large.size(), 65546u);
  EXPECT_EQ(encode_close(1000, "done"), std::string("\x88\x06\x03\xe8"
                                                    "done"));
  EXPECT_EQ(encode_close(1005, "ignored"), std::string("\x88\x00", 2));
}

}  // namespace
}  // namespace fastcpp::detail::ws

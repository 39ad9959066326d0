// What a hostile or broken client gets from a fastcpp server over a real socket: limits answered
// in FastAPI's shape, malformed HTTP refused without a crash and without request smuggling,
// pipelined requests all answered, slow clients dropped in bounded time while others are served,
// and exceptions from every layer (routes, handlers, rendering, WebSockets) contained.
// docs/reliability.md describes the behaviour these tests pin.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fastcpp/app.hpp"
#include "fastcpp/detail/binding.hpp"
#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp {
namespace {

using testing::build_request;
using testing::exchange;
using testing::RawConnection;
using testing::RawResponse;
using testing::WsClient;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The limits the fixture's server runs with: small, so that tests cross them cheaply.
constexpr std::size_t kMaxBody = 256 * 1024;
constexpr std::size_t kMaxUri = 512;
constexpr std::size_t kMaxHead = 4096;
constexpr std::size_t kMaxHeaders = 20;
constexpr std::size_t kMaxQueryParams = 50;
constexpr int kTimeoutSeconds = 2;  // read, keep-alive and request-head timeouts

// An answer far larger than a loopback socket's buffers can hold, every byte telling where it
// is: bytes lost, repeated or reordered change it.
const std::string& big_body() {
  static const std::string body = [] {
    std::string text;
    for (int line = 0; text.size() < 16 * 1024 * 1024; ++line) {
      text += std::to_string(line) + '\n';
    }
    return text;
  }();
  return body;
}

json pairs_to_json(const Request::Pairs& pairs) {
  json out = json::array();
  for (const auto& [name, value] : pairs) out.push_back({name, value});
  return out;
}

// ---- A raw socket, for what the test clients cannot send ------------------------------------

class RawSocket {
 public:
  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawSocket() { close(); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
  }
  /// Everything the server sends until it closes the connection or `timeout` passes; `closed`
  /// tells which.
  std::string read_until_close(milliseconds timeout, bool* closed) {
    std::string out;
    *closed = false;
    auto deadline = Clock::now() + timeout;
    char buffer[4096];
    while (fd_ >= 0) {
      auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) break;
      pollfd waiting{fd_, POLLIN, 0};
      if (::poll(&waiting, 1, static_cast<int>(left)) <= 0) break;
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        *closed = true;
        break;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string hex(std::size_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%zx", value);
  return text;
}

// How many HTTP responses a byte stream holds (status lines at the start of a message).
int count_responses(const std::string& bytes) {
  int count = 0;
  for (auto at = bytes.find("HTTP/1.1 "); at != std::string::npos;
       at = bytes.find("HTTP/1.1 ", at + 1)) {
    ++count;
  }
  return count;
}

// A masked client frame, as RFC 6455 requires of clients.
std::string ws_frame(unsigned opcode, const std::string& payload, bool fin = true,
                     std::uint64_t claimed_length = std::numeric_limits<std::uint64_t>::max()) {
  std::uint64_t length =
      claimed_length == std::numeric_limits<std::uint64_t>::max() ? payload.size() : claimed_length;
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0x00) | opcode);
  if (length < 126) {
    frame += static_cast<char>(0x80 | length);
  } else if (length < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(length >> 8);
    frame += static_cast<char>(length & 0xFF);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>(length >> shift);
  }
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame += payload[i] ^ mask[i % 4];
  return frame;
}

std::string ws_upgrade(const std::string& target) {
  return "GET " + target +
         " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

// The close code of the first close frame the server sent after its 101, or 0 if none.
int server_close_code(const std::string& bytes) {
  auto at = bytes.find("\r\n\r\n");
  if (at == std::string::npos) return 0;
  for (std::size_t i = at + 4; i + 2 <= bytes.size();) {
    auto opcode = static_cast<unsigned char>(bytes[i]) & 0x0F;
    std::size_t length = static_cast<unsigned char>(bytes[i + 1]) & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (i + 4 > bytes.size()) return 0;
      length =
          static_cast<unsigned char>(bytes[i + 2]) << 8 | static_cast<unsigned char>(bytes[i + 3]);
      header = 4;
    }
    if (opcode == 0x8) {
      if (length < 2 || i + header + 2 > bytes.size()) return 1005;
      return static_cast<unsigned char>(bytes[i + header]) << 8 |
             static_cast<unsigned char>(bytes[i + header + 1]);
    }
    i += header + length;
  }
  return 0;
}

// ---- The fixture -------------------------------------------------------------------------

class HardeningTest : public ::testing::Test {
 protected:
  static Service make_service() {
    Service service;
    service.routes.push_back({"/items/{item_id}", {"GET"}, [](const Request& request) {
                                return JSONResponse({{"item_id", *request.path_param("item_id")}});
                              }});
    service.routes.push_back({"/echo", {"POST", "PUT"}, [](const Request& request) {
                                return PlainTextResponse(request.body());
                              }});
    service.routes.push_back({"/headers", {"GET"}, [](const Request& request) {
                                return JSONResponse(pairs_to_json(request.headers()));
                              }});
    service.routes.push_back({"/cookies", {"GET"}, [](const Request& request) {
                                return JSONResponse(pairs_to_json(request.cookies()));
                              }});
    service.routes.push_back({"/query", {"GET"}, [](const Request& request) {
                                return JSONResponse(pairs_to_json(request.query_params()));
                              }});
    // What generated code does for `std::vector<int> body(std::vector<int> numbers)`.
    service.routes.push_back({"/numbers", {"POST"}, [](const Request& request) {
                                detail::Binder in(request);
                                in.read_body();
                                auto numbers = in.body<std::vector<int>>();
                                if (!in.finish()) in.raise();
                                return detail::respond(numbers, 200);
                              }});
    service.routes.push_back(
        {"/big", {"GET"}, [](const Request&) { return PlainTextResponse(big_body()); }});
    service.routes.push_back({"/crash", {"GET"}, [](const Request&) -> Response {
                                throw std::runtime_error("secret internals");
                              }});
    service.routes.push_back(
        {"/crash-non-std", {"GET"}, [](const Request&) -> Response { throw 42; }});
    service.routes.push_back({"/nan", {"GET"}, [](const Request&) -> Response {
                                return JSONResponse({{"value", std::nan("")}});
                              }});
    service.routes.push_back({"/slow", {"GET"}, [](const Request&) {
                                std::this_thread::sleep_for(milliseconds(300));
                                return JSONResponse({{"slow", true}});
                              }});
    service.websocket_routes.push_back({"/ws/echo", [](WebSocket& websocket) {
                                          websocket.accept();
                                          for (;;) websocket.send_text(websocket.receive_text());
                                        }});
    service.websocket_routes.push_back(
        {"/ws/crash-before-accept", [](WebSocket&) { throw std::runtime_error("before accept"); }});
    service.websocket_routes.push_back({"/ws/crash-after-accept", [](WebSocket& websocket) {
                                          websocket.accept();
                                          websocket.receive_text();
                                          throw std::runtime_error("after accept");
                                        }});
    service.websocket_routes.push_back({"/ws/crash-non-std", [](WebSocket& websocket) {
                                          websocket.accept();
                                          throw 7;
                                        }});
    return service;
  }

  void SetUp() override {
    app_ = std::make_unique<App>(make_service());
    Config config;
    config.port = 0;
    config.access_log = false;
    config.max_body_bytes = kMaxBody;
    config.max_uri_bytes = kMaxUri;
    config.max_header_bytes = kMaxHead;
    config.max_header_count = kMaxHeaders;
    config.max_query_params = kMaxQueryParams;
    config.read_timeout_seconds = kTimeoutSeconds;
    config.keep_alive_timeout_seconds = kTimeoutSeconds;
    config.request_head_timeout_seconds = kTimeoutSeconds;
    ASSERT_TRUE(app_->start(config));
  }

  int port() const { return app_->port(); }

  RawResponse send_one(const std::string& request, bool* kept_open = nullptr) {
    auto result = exchange(port(), request, false, kept_open != nullptr);
    if (kept_open) *kept_open = result.kept_open;
    return result.response;
  }

  RawResponse post(const std::string& target, const std::string& body) {
    return send_one(build_request(
        "POST", target, {{"Host", "x"}, {"Content-Length", std::to_string(body.size())}}, body));
  }

  RawResponse get(const std::string& target, testing::HeaderList headers = {}) {
    headers.insert(headers.begin(), {"Host", "x"});
    return send_one(build_request("GET", target, headers, ""));
  }

  // The server still answers a plain request at once.
  void expect_alive() {
    auto response = get("/items/alive");
    ASSERT_TRUE(response.ok) << response.error;
    EXPECT_EQ(response.status, 200);
  }

  // A refusal by the server itself: the status, FastAPI's `{"detail": ...}`, and the connection
  // closed after it.
  void expect_refusal(const std::string& request, int status, const std::string& detail) {
    RawConnection connection(port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.send(request));
    auto response = connection.read_response();
    ASSERT_TRUE(response.ok) << response.error;
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.body, json({{"detail", detail}}).dump());
    EXPECT_EQ(*response.header("content-type"), "application/json");
    EXPECT_EQ(response.joined_header("connection"), "close");
    EXPECT_FALSE(connection.kept_open());
    expect_alive();
  }

  std::unique_ptr<App> app_;
};

// ---- Limits ---------------------------------------------------------------------------------

TEST_F(HardeningTest, AUriOverTheLimitIs414) {
  std::string target = "/items/" + std::string(kMaxUri, 'a');
  expect_refusal(build_request("GET", target, {{"Host", "x"}}, ""), 414, "URI Too Long");
}

TEST_F(HardeningTest, AUriAtTheLimitIsServed) {
  std::string target = "/items/" + std::string(kMaxUri - 7, 'a');
  ASSERT_EQ(target.size(), kMaxUri);
  EXPECT_EQ(get(target).status, 200);
}

TEST_F(HardeningTest, ARequestLineLongerThanTheWholeHeadIs414WithoutReadingIt) {
  std::string target = "/items/" + std::string(kMaxHead * 4, 'a');
  expect_refusal(build_request("GET", target, {{"Host", "x"}}, ""), 414, "URI Too Long");
}

TEST_F(HardeningTest, HeadersOverTheByteLimitAre431) {
  expect_refusal(
      build_request("GET", "/items/a", {{"Host", "x"}, {"X-Big", std::string(kMaxHead, 'b')}}, ""),
      431, "Request Header Fields Too Large");
}

TEST_F(HardeningTest, TooManyHeaderLinesAre431AndTheLimitItselfIsFine) {
  testing::HeaderList headers = {{"Host", "x"}};
  for (std::size_t i = 1; i < kMaxHeaders; ++i)
    headers.emplace_back("X-H" + std::to_string(i), "v");
  ASSERT_EQ(headers.size(), kMaxHeaders);
  EXPECT_EQ(send_one(build_request("GET", "/items/a", headers, "")).status, 200);
  headers.emplace_back("X-One-Too-Many", "v");
  expect_refusal(build_request("GET", "/items/a", headers, ""), 431,
                 "Request Header Fields Too Large");
}

TEST_F(HardeningTest, TooManyQueryParametersAre400) {
  std::string query;
  for (std::size_t i = 0; i < kMaxQueryParams; ++i) query += "&q" + std::to_string(i) + "=1";
  EXPECT_EQ(get("/query?" + query.substr(1)).status, 200);
  expect_refusal(
      build_request("GET", "/query?" + query.substr(1) + "&one=more", {{"Host", "x"}}, ""), 400,
      "Too many query parameters");
}

TEST_F(HardeningTest, AChunkedBodyOverTheLimitIs413) {
  std::string chunk(kMaxBody, 'a');
  std::string body = hex(chunk.size()) + "\r\n" + chunk + "\r\n" + "1\r\na\r\n0\r\n\r\n";
  expect_refusal("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body, 413,
                 "Content Too Large");
}

TEST_F(HardeningTest, ADeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent) {
  expect_refusal("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n", 413,
                 "Content Too Large");
}

TEST_F(HardeningTest, DeeplyNestedJsonIsA4xxNeverACrash) {
  // Beyond CPython's recursion budget: FastAPI's 400.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto response = post("/numbers", deep);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"detail":"There was an error parsing the body"})");
  // Within it: a 422 whose error echoes the nested input back, rendered in full.
  std::string nested = "[" + std::string(900, '[') + std::string(900, ']') + "]";
  response = post("/numbers", nested);
  EXPECT_EQ(response.status, 422);
  auto errors = json::parse(response.body)["detail"];
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["type"], "int_type");
  expect_alive();
}

// ---- Slow and silent clients ----------------------------------------------------------------

TEST_F(HardeningTest, ASilentClientIsDroppedInTimeWhileOthersAreServed) {
  RawSocket silent(port());
  ASSERT_TRUE(silent.connected());
  auto started = Clock::now();
  // Others are served at once meanwhile.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("/items/other").status, 200);
  bool closed = false;
  auto bytes = silent.read_until_close(milliseconds(kTimeoutSeconds * 1000 + 3000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(bytes, "");  // nothing was asked, nothing is answered
  EXPECT_LT(Clock::now() - started, milliseconds(kTimeoutSeconds * 1000 + 2000));
}

TEST_F(HardeningTest, AHeadTrickledInSlowerThanTheDeadlineIs408) {
  RawSocket slow(port());
  ASSERT_TRUE(slow.connected());
  auto started = Clock::now();
  ASSERT_TRUE(slow.send("GET /items/a HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  // One byte every 400 ms keeps each read within its timeout; the head deadline still ends it.
  std::string bytes;
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    slow.send("a");
    bytes += slow.read_until_close(milliseconds(400), &closed);
  }
  EXPECT_TRUE(closed);
  EXPECT_EQ(bytes.substr(0, 12), "HTTP/1.1 408");
  EXPECT_NE(bytes.find(R"({"detail":"Request Timeout"})"), std::string::npos);
  EXPECT_LT(Clock::now() - started, milliseconds(kTimeoutSeconds * 1000 + 2000));
  expect_alive();
}

TEST_F(HardeningTest, ABodyThatStopsMidwayIsDroppedInTime) {
  RawSocket stalled(port());
  ASSERT_TRUE(stalled.connected());
  auto started = Clock::now();
  ASSERT_TRUE(
      stalled.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
  bool closed = false;
  auto bytes = stalled.read_until_close(milliseconds(kTimeoutSeconds * 1000 + 3000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(bytes.substr(0, 12), "HTTP/1.1 400");
  EXPECT_LT(Clock::now() - started, milliseconds(kTimeoutSeconds * 1000 + 2000));
  expect_alive();
}

TEST_F(HardeningTest, ManyConcurrentClientsAreAllServed) {
  std::vector<std::thread> clients;
  std::vector<int> statuses(32, 0);
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    clients.emplace_back(
        [this, i, &statuses] { statuses[i] = get(i % 2 ? "/slow" : "/items/x").status; });
  }
  for (auto& client : clients) client.join();
  for (int status : statuses) EXPECT_EQ(status, 200);
}

// ---- Malformed HTTP -------------------------------------------------------------------------

TEST_F(HardeningTest, MalformedRequestLinesAre400AndClose) {
  for (const char* request :
       {"NONSENSE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n",
        "GET a HTTP/1.1\r\n\r\n", "G@T /a HTTP/1.1\r\n\r\n", "CONNECT x:443 HTTP/1.1\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"}) {
    SCOPED_TRACE(request);
    expect_refusal(request, 400, "Bad Request");
  }
}

TEST_F(HardeningTest, NulBytesAndControlCharactersAre400) {
  using namespace std::string_literals;
  expect_refusal("GET /items/a\0b HTTP/1.1\r\nHost: x\r\n\r\n"s, 400, "Bad Request");
  expect_refusal("GET /items/a HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"s, 400, "Bad Request");
  expect_refusal("GET /items/a\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Bad Request");
}

TEST_F(HardeningTest, RawNonAsciiBytesInTheTargetAre400AsUvicornAnswers) {
  expect_refusal("GET /items/a\xff HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Bad Request");
  expect_refusal("GET /query?q=\xc3\xbc HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Bad Request");
}

TEST_F(HardeningTest, PercentEscapesDecodeAsUvicornDecodesThem) {
  // Invalid escapes stay literal; invalid UTF-8 is U+FFFD; %00 is a character like any other.
  EXPECT_EQ(get("/items/%zz%4").body, R"({"item_id":"%zz%4"})");
  EXPECT_EQ(get("/items/a%ffb").body,
            "{\"item_id\":\"a\xEF\xBF\xBD"
            "b\"}");
  EXPECT_EQ(get("/items/a%00b").body, R"({"item_id":"a\u0000b"})");
  EXPECT_EQ(get("/query?q=%ff%C3%BC").body, "[[\"q\",\"\xEF\xBF\xBD\xC3\xBC\"]]");
}

TEST_F(HardeningTest, HeaderValuesAreTheBytesSentReadAsLatin1) {
  auto response = get("/headers", {{"X-Bytes",
                                    "a\xff"
                                    "b"},
                                   {"X-Percent", "a%41%3B"}});
  ASSERT_EQ(response.status, 200);
  auto headers = json::parse(response.body);
  EXPECT_EQ(headers[1], json::array({"X-Bytes",
                                     "a\xC3\xBF"
                                     "b"}));                     // ÿ, as Starlette reads it
  EXPECT_EQ(headers[2], json::array({"X-Percent", "a%41%3B"}));  // never percent-decoded
}

TEST_F(HardeningTest, HeadersKeepTheirWireOrder) {
  auto response = get("/headers", {{"Zeta", "1"}, {"alpha", "2"}, {"Zeta", "3"}});
  EXPECT_EQ(response.body, R"([["Host","x"],["Zeta","1"],["alpha","2"],["Zeta","3"]])");
}

TEST_F(HardeningTest, CookiesAreReadFromTheBytesSent) {
  auto response = get("/cookies", {{"Cookie", "session=a%3Bb; name=\xe9t\xe9"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "[[\"session\",\"a%3Bb\"],[\"name\",\"\xC3\xA9t\xC3\xA9\"]]");
}

TEST_F(HardeningTest, RangeHeadersAreIgnoredAsFastApiIgnoresThem) {
  for (const char* range : {"bytes=0-3", "bytes=1000-2000", "bytes=0-1,3-4"}) {
    SCOPED_TRACE(range);
    auto response = get("/items/ranged", {{"Range", range}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"item_id":"ranged"})");
  }
  // Nor does one that is not a byte range at all.
  auto response = get("/items/ranged", {{"Range", "pages=1"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"item_id":"ranged"})");
}

TEST_F(HardeningTest, AcceptHeadersAreIgnoredAsFastApiIgnoresThem) {
  for (const char* accept :
       {"*/*", "text/html;q=0.9, application/json", "a/b;level=1;q=0.25", "x/y;q=1.0, */*;q=0",
        "text", "text/html,,*/*", ";q=1", "a/b;q=2", "a/b, */*;q=x"}) {
    SCOPED_TRACE(accept);
    EXPECT_EQ(get("/items/accepted", {{"Accept", accept}}).status, 200);
  }
}

TEST_F(HardeningTest, AnyMethodIsRoutedAsFastApiRoutesIt) {
  // A method is a token: 405 on a known path, 404 elsewhere, as FastAPI answers those uvicorn
  // lets through (TRACE, CONNECT with a path); uvicorn's parser refuses methods it does not know
  // (BREW: 400), fastcpp routes them too (docs/fastapi-compat.md).
  for (const char* method : {"OPTIONS", "PATCH", "TRACE", "CONNECT", "BREW", "M-SEARCH"}) {
    SCOPED_TRACE(method);
    auto known = send_one(build_request(method, "/items/a", {{"Host", "x"}}, ""));
    EXPECT_EQ(known.status, 405);
    EXPECT_EQ(known.body, R"({"detail":"Method Not Allowed"})");
    EXPECT_EQ(send_one(build_request(method, "/nowhere", {{"Host", "x"}}, "")).status, 404);
  }
  EXPECT_EQ(send_one("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").status, 404);
}

TEST_F(HardeningTest, BareLineFeedsEndLinesAsH11ReadsThem) {
  auto response = send_one("GET /items/lf HTTP/1.1\nHost: x\nX-A: 1\r\n\n");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"item_id":"lf"})");
  // A CR that does not end a line is a control character in a value.
  expect_refusal("GET /items/a HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400, "Bad Request");
}

TEST_F(HardeningTest, ABodyThatIsNotUtf8Is400AsFastApiAnswers) {
  auto response = post("/numbers", "[1, \"\xff\"]");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"detail":"There was an error parsing the body"})");
}

TEST_F(HardeningTest, BrokenChunkedBodiesAre400AndClose) {
  const std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const char* body : {"zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcdef\r\n0\r\n\r\n",
                           "-1\r\nabc\r\n0\r\n\r\n", "ffffffffffffffffff\r\na\r\n0\r\n\r\n"}) {
    SCOPED_TRACE(body);
    expect_refusal(head + body, 400, "Bad Request");
  }
}

TEST_F(HardeningTest, AmbiguousFramingIs400AndClose) {
  for (const char* framing :
       {"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
        "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: %63hunked\r\n", "Content-Length: 3\r\nContent-Length: 4\r\n",
        "Content-Length: abc\r\n", "Content-Length: +3\r\n", "Content-Length: 3, 3\r\n"}) {
    SCOPED_TRACE(framing);
    expect_refusal(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") + framing + "\r\n0\r\n\r\n",
                   400, "Bad Request");
  }
}

TEST_F(HardeningTest, NoRequestIsSmuggledPastAFramingError) {
  // A front end that trusts Content-Length sees one request; one that trusts Transfer-Encoding
  // would see a second, hidden in the body. The server must answer neither as two.
  std::string smuggled = "GET /items/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string body = "0\r\n\r\n" + smuggled;
  RawSocket socket(port());
  ASSERT_TRUE(socket.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(3000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(count_responses(bytes), 1);
  EXPECT_EQ(bytes.substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(bytes.find("smuggled"), std::string::npos);
}

TEST_F(HardeningTest, NothingAfterAMalformedRequestIsTakenForARequest) {
  RawSocket socket(port());
  ASSERT_TRUE(socket.send("GARBAGE\r\nGET /items/hidden HTTP/1.1\r\nHost: x\r\n\r\n"));
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(3000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(count_responses(bytes), 1);
  EXPECT_EQ(bytes.find("hidden"), std::string::npos);
}

TEST_F(HardeningTest, AClientThatVanishesMidRequestLeavesNoTrace) {
  for (int i = 0; i < 20; ++i) {
    RawSocket socket(port());
    socket.send(i % 2 ? "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"
                      : "GET /items/a HTTP/1.1\r\nHo");
    socket.close();
  }
  expect_alive();
}

TEST_F(HardeningTest, AnAnswerLargerThanTheSocketBuffersReachesASlowReaderWhole) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.send(build_request("GET", "/big", {{"Host", "x"}}, "")));
  // The server fills the socket's buffers, finds no room, and waits for the reader.
  std::this_thread::sleep_for(milliseconds(300));
  auto response = connection.read_response();
  ASSERT_TRUE(response.ok) << response.error;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body.size(), big_body().size());
  EXPECT_TRUE(response.body == big_body());  // not EXPECT_EQ: no 16 MB diff on failure
  EXPECT_TRUE(connection.kept_open());
}

// ---- Pipelining -----------------------------------------------------------------------------

TEST_F(HardeningTest, PipelinedRequestsInOneWriteAreAllAnsweredInOrder) {
  RawConnection connection(port());
  std::string requests;
  for (int i = 0; i < 50; ++i) {
    requests += build_request("GET", "/items/" + std::to_string(i), {{"Host", "x"}}, "");
  }
  ASSERT_TRUE(connection.send(requests));
  for (int i = 0; i < 50; ++i) {
    auto response = connection.read_response();
    ASSERT_TRUE(response.ok) << i << ": " << response.error;
    EXPECT_EQ(response.body, "{\"item_id\":\"" + std::to_string(i) + "\"}");
  }
  EXPECT_TRUE(connection.kept_open());
}

TEST_F(HardeningTest, PipelinedRequestsWithBodiesOfEveryFramingAreAllAnswered) {
  RawConnection connection(port());
  ASSERT_TRUE(
      connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
                      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                      "chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n"
                      "PUT /echo HTTP/1.1\r\nHost: x\r\n\r\n"  // no length: no body (RFC 9112)
                      "GET /items/last HTTP/1.1\r\nHost: x\r\n\r\n"));
  for (const char* expected : {"first", "second", "", R"({"item_id":"last"})"}) {
    auto response = connection.read_response();
    ASSERT_TRUE(response.ok) << expected << ": " << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, expected);
  }
}

TEST_F(HardeningTest, PipelinedRequestsAfterAnErrorResponseAreAnswered) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.send(build_request("GET", "/nowhere", {{"Host", "x"}}, "") +
                              build_request("GET", "/crash", {{"Host", "x"}}, "") +
                              build_request("GET", "/items/after", {{"Host", "x"}}, "")));
  for (int status : {404, 500, 200}) {
    auto response = connection.read_response();
    ASSERT_TRUE(response.ok) << status << ": " << response.error;
    EXPECT_EQ(response.status, status);
  }
}

TEST_F(HardeningTest, AWebSocketFramePipelinedWithTheHandshakeIsRead) {
  RawSocket socket(port());
  ASSERT_TRUE(
      socket.send(ws_upgrade("/ws/echo") + ws_frame(0x1, "early") + ws_frame(0x8, "\x03\xe8")));
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(3000), &closed);
  EXPECT_EQ(bytes.substr(0, 12), "HTTP/1.1 101");
  EXPECT_NE(bytes.find("early"), std::string::npos);
  EXPECT_EQ(server_close_code(bytes), 1000);
}

// ---- Exceptions everywhere ------------------------------------------------------------------

TEST_F(HardeningTest, ExceptionsFromRoutesAreAPlain500AndTheServerLives) {
  for (const char* target : {"/crash", "/crash-non-std", "/nan"}) {
    SCOPED_TRACE(target);
    auto response = get(target);
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body, "Internal Server Error");
    EXPECT_EQ(*response.header("content-type"), "text/plain; charset=utf-8");
  }
  expect_alive();
}

TEST(HardeningHandlers, HandlersThatThrowEndInAPlain500) {
  Service service;
  service.routes.push_back(
      {"/std", {"GET"}, [](const Request&) -> Response { throw std::runtime_error("route"); }});
  service.routes.push_back(
      {"/http", {"GET"}, [](const Request&) -> Response { throw HTTPException(409, "conflict"); }});
  service.routes.push_back({"/non-std", {"GET"}, [](const Request&) -> Response { throw 1; }});
  // Every exception handler is broken: one throws a std::exception, the other not even that.
  service.handle_exception = [](const Request&, std::exception_ptr error) -> Response {
    try {
      std::rethrow_exception(error);
    } catch (const HTTPException&) {
      throw 2;
    }
  };
  service.handle_server_error = [](const Request&, const std::exception&) -> Response {
    throw std::logic_error("the 500 handler is broken too");
  };
  App app(std::move(service));
  Config config;
  config.port = 0;
  config.access_log = false;
  ASSERT_TRUE(app.start(config));
  for (const char* target : {"/std", "/http", "/non-std", "/nowhere"}) {
    SCOPED_TRACE(target);
    auto result = exchange(app.port(), build_request("GET", target, {{"Host", "x"}}, ""), false);
    EXPECT_EQ(result.response.status, 500);
    EXPECT_EQ(result.response.body, "Internal Server Error");
    EXPECT_TRUE(result.kept_open);
  }
}

TEST_F(HardeningTest, WebSocketExceptionsAreA500OrClose1011AndLeakNothing) {
  {
    // Before accept(): uvicorn's plain 500, in HTTP.
    WsClient client(port(), "/ws/crash-before-accept");
    EXPECT_FALSE(client.connected());
    EXPECT_EQ(client.handshake_status(), 500);
    EXPECT_EQ(client.handshake_body(), "Internal Server Error");
  }
  for (const char* path : {"/ws/crash-after-accept", "/ws/crash-non-std"}) {
    SCOPED_TRACE(path);
    WsClient client(port(), path);
    ASSERT_TRUE(client.connected());
    client.send_text("go");
    EXPECT_EQ(client.receive(), std::nullopt);
    EXPECT_EQ(client.close_info().code, 1011);
    EXPECT_EQ(client.close_info().reason, "");
  }
  WsClient after(port(), "/ws/echo");
  ASSERT_TRUE(after.send_text("still here"));
  EXPECT_EQ(after.receive(), "still here");
}

TEST_F(HardeningTest, InvalidHandshakesAreRefusedAsUvicornRefusesThem) {
  struct Case {
    const char* name;
    std::string request;
    const char* status_line;
    const char* body_start;
  };
  const std::string head =
      "GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\n";
  const Case cases[] = {
      {"no key", head + "Sec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 400 ",
       "Failed to open a WebSocket connection: missing Sec-WebSocket-Key header"},
      {"bad key", head + "Sec-WebSocket-Key: abc\r\nSec-WebSocket-Version: 13\r\n\r\n",
       "HTTP/1.1 400 ", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Key header"},
      {"version 8",
       head + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n",
       "HTTP/1.1 400 ", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Version"},
      {"two upgrades",
       "GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nUpgrade: websocket\r\n"
       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
       "Sec-WebSocket-Version: 13\r\n\r\n",
       "HTTP/1.1 426 ", "Failed to open a WebSocket connection: invalid Upgrade header"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RawSocket socket(port());
    ASSERT_TRUE(socket.send(c.request));
    bool closed = false;
    auto bytes = socket.read_until_close(milliseconds(3000), &closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(bytes.rfind(c.status_line, 0), 0u) << bytes;
    EXPECT_NE(bytes.find(std::string("\r\n\r\n") + c.body_start), std::string::npos) << bytes;
  }
  expect_alive();
}

TEST_F(HardeningTest, AnInvalidUtf8TextFrameIsClosedWith1007) {
  RawSocket socket(port());
  ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo") + ws_frame(0x1, "bad \xff\xfe text")));
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(7000), &closed);
  EXPECT_EQ(server_close_code(bytes), 1007);
  EXPECT_EQ(bytes.find("bad"), std::string::npos);  // never delivered to the endpoint
}

TEST_F(HardeningTest, AnOversizeWebSocketMessageIsClosedWith1009AtItsHeader) {
  RawSocket socket(port());
  // Announce one byte more than the 16 MiB limit; send only the start of it.
  ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo") +
                          ws_frame(0x2, std::string(1024, 'x'), true, 16 * 1024 * 1024 + 1)));
  auto started = Clock::now();
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(5000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(server_close_code(bytes), 1009);
  EXPECT_LT(Clock::now() - started, milliseconds(3000));
  WsClient after(port(), "/ws/echo");
  ASSERT_TRUE(after.send_text("fine"));
  EXPECT_EQ(after.receive(), "fine");
}

TEST_F(HardeningTest, MalformedFramesAreClosedWithTheCodeUvicornSends) {
  struct Case {
    const char* name;
    std::string frames;
    int code;
  };
  std::string rsv1 = ws_frame(0x1, "hi");
  rsv1[0] = static_cast<char>(rsv1[0] | 0x40);
  const Case cases[] = {
      {"unmasked", std::string("\x81\x02hi", 4), 1002},
      {"reserved bit", rsv1, 1002},
      {"reserved opcode", ws_frame(0x3, "hi"), 1002},
      {"fragmented ping", ws_frame(0x9, "p", false), 1002},
      {"ping of 126 bytes", ws_frame(0x9, std::string(126, 'p')), 1002},
      {"continuation first", ws_frame(0x0, "x"), 1002},
      {"text inside a fragmented message", ws_frame(0x1, "a", false) + ws_frame(0x1, "b"), 1002},
      {"2^62 length", ws_frame(0x2, "", true, std::uint64_t{1} << 62), 1009},
      {"UTF-8 broken across fragments", ws_frame(0x1, "caf\xc3", false) + ws_frame(0x0, "("), 1007},
      {"one-byte close", ws_frame(0x8, "\x03"), 1002},
      {"close code 1005", ws_frame(0x8, "\x03\xed"), 1002},
      {"close code 999", ws_frame(0x8, "\x03\xe7"), 1002},
      {"close reason not UTF-8", ws_frame(0x8, std::string("\x03\xe8\xff", 3)), 1007},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RawSocket socket(port());
    ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo") + c.frames));
    bool closed = false;
    auto bytes = socket.read_until_close(milliseconds(3000), &closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(server_close_code(bytes), c.code);
  }
  expect_alive();
}

TEST_F(HardeningTest, AUtf8CharacterSplitAcrossFragmentsIsOneMessage) {
  RawSocket socket(port());
  ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo") + ws_frame(0x1, "caf\xc3", false) +
                          ws_frame(0x9, "mid-message ping") + ws_frame(0x0, "\xa9") +
                          ws_frame(0x8, "\x03\xe8")));
  bool closed = false;
  auto bytes = socket.read_until_close(milliseconds(3000), &closed);
  EXPECT_NE(bytes.find("mid-message ping"), std::string::npos);  // the pong
  EXPECT_NE(bytes.find("caf\xc3\xa9"), std::string::npos);
  EXPECT_EQ(server_close_code(bytes), 1000);
}

TEST_F(HardeningTest, VanishingClientsLeaveTheServerServing) {
  {
    // A frame that announces 1000 bytes, sends 10 and disappears.
    RawSocket socket(port());
    ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo") + ws_frame(0x1, "0123456789", true, 1000)));
  }
  {
    // An upgrade request, and gone before any answer.
    RawSocket socket(port());
    ASSERT_TRUE(socket.send(ws_upgrade("/ws/echo")));
  }
  WsClient after(port(), "/ws/echo");
  ASSERT_TRUE(after.send_text("fine"));
  EXPECT_EQ(after.receive(), "fine");
  expect_alive();
}

}  // namespace
}  // namespace fastcpp

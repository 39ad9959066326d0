// The sample binaries as a deployment runs them: several worker processes on one port, a worker
// that dies, and SIGTERM as a graceful shutdown (uvicorn's --workers and shutdown).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<pid_t> children_of(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  std::vector<pid_t> children;
  for (pid_t child = 0; file >> child;) children.push_back(child);
  return children;
}

bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

int get_status(int port, const std::string& target) {
  return exchange(port, build_request("GET", target, {{"Host", "x"}}, ""), false, false)
      .response.status;
}

TEST(WorkersTest, ProcessesShareThePortAndOneThatDiesIsReplaced) {
  ServiceProcess service(sample_executable("items"), {"--workers", "2"});
  ASSERT_TRUE(service.started()) << service.error();
  ASSERT_TRUE(eventually([&] { return children_of(service.pid()).size() == 2; }));
  auto workers = children_of(service.pid());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(get_status(service.port(), "/items/foo"), 200);

  ASSERT_EQ(::kill(workers[0], SIGKILL), 0);
  ASSERT_TRUE(eventually([&] {
    auto now = children_of(service.pid());
    return now.size() == 2 && std::find(now.begin(), now.end(), workers[0]) == now.end();
  })) << "the killed worker was not replaced";
  for (int i = 0; i < 20; ++i) ASSERT_EQ(get_status(service.port(), "/items/foo"), 200);

  // SIGTERM to the supervisor: every worker shuts down, then it exits cleanly.
  auto last = children_of(service.pid());
  ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
  ASSERT_TRUE(eventually([&] { return !service.alive(); }));
  EXPECT_EQ(service.exit_description(), "exit status 0");
  for (pid_t worker : last) EXPECT_NE(::kill(worker, 0), 0) << worker << " outlived its supervisor";
}

TEST(WorkersTest, ASecondDeploymentOnATakenPortFails) {
  ServiceProcess first(sample_executable("items"), {"--workers", "2"});
  ASSERT_TRUE(first.started()) << first.error();
  ServiceProcess second(sample_executable("items"),
                        {"--workers", "2", "--port", std::to_string(first.port())});
  EXPECT_FALSE(second.started());
  EXPECT_EQ(second.exit_description(), "exit status 1");
  EXPECT_EQ(get_status(first.port(), "/items/foo"), 200);
}

TEST(GracefulShutdownTest, SigtermClosesIdleConnectionsAndWebSocketsWith1012ThenExits) {
  for (const char* workers : {"1", "2"}) {
    SCOPED_TRACE(std::string("--workers ") + workers);
    ServiceProcess service(sample_executable("websockets"), {"--workers", workers});
    ASSERT_TRUE(service.started()) << service.error();
    WsClient socket(service.port(), "/items/foo/ws", {{"Cookie", "session=abc"}});
    ASSERT_TRUE(socket.connected());
    ASSERT_TRUE(socket.send_text("hi"));
    EXPECT_EQ(socket.receive(), "Session cookie is: abc");
    EXPECT_EQ(socket.receive(), "Message text was: hi, for item ID: foo");
    RawConnection idle(service.port());
    idle.send(build_request("GET", "/items/foo", {{"Host", "x"}}, ""));
    ASSERT_TRUE(idle.read_response().ok);

    auto started = Clock::now();
    ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
    EXPECT_EQ(socket.receive(), std::nullopt);
    EXPECT_EQ(socket.close_info().code, 1012);
    EXPECT_FALSE(idle.read_response().ok);
    EXPECT_TRUE(idle.peer_closed());
    ASSERT_TRUE(eventually([&] { return !service.alive(); }));
    EXPECT_EQ(service.exit_description(), "exit status 0");
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(4));
  }
}

TEST(GracefulShutdownTest, TheGracePeriodBoundsAClientThatNeverFinishes) {
  ServiceProcess service(sample_executable("items"), {"--timeout-graceful-shutdown", "1"});
  ASSERT_TRUE(service.started()) << service.error();
  RawConnection slow(service.port());
  ASSERT_TRUE(slow.send("GET /items/foo HTTP/1.1\r\nHost: x\r\n"));  // and never the rest
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto started = Clock::now();
  ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
  ASSERT_TRUE(eventually([&] { return !service.alive(); }));
  auto elapsed = Clock::now() - started;
  EXPECT_EQ(service.exit_description(), "exit status 0");
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));  // it waited for the client...
  EXPECT_LT(elapsed, std::chrono::seconds(3));         // ...as long as the grace period
}

// A handler that never returns does not hold the process: a second after the grace period the
// process exits without it; a second signal makes that a second after the signal.
TEST(GracefulShutdownTest, AHandlerThatNeverReturnsDoesNotHoldTheExit) {
  for (bool second_signal : {false, true}) {
    SCOPED_TRACE(second_signal ? "two signals" : "one signal");
    ServiceProcess service(FASTCPP_STUCK_HANDLER,
                           {"--timeout-graceful-shutdown", second_signal ? "30" : "1"});
    ASSERT_TRUE(service.started()) << service.error();
    RawConnection client(service.port());
    ASSERT_TRUE(client.send(build_request("GET", "/stuck", {{"Host", "x"}}, "")));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the handler has started
    auto started = Clock::now();
    ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
    if (second_signal) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
    }
    ASSERT_TRUE(eventually([&] { return !service.alive(); }, std::chrono::seconds(10)));
    auto elapsed = Clock::now() - started;
    EXPECT_EQ(service.exit_description(), "exit status 0");
    EXPECT_GE(elapsed, std::chrono::milliseconds(second_signal ? 1100 : 1900));
    EXPECT_LT(elapsed, std::chrono::seconds(second_signal ? 3 : 4));
    EXPECT_FALSE(client.read_response().ok);  // no answer was ever written
  }
}

// What a Type=notify unit's systemd hears: a datagram socket named by $NOTIFY_SOCKET.
class NotifySocket {
 public:
  NotifySocket() {
    path_ = "/tmp/fastcpp-notify-" + std::to_string(::getpid());
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof address.sun_path - 1);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
  }
  ~NotifySocket() {
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  bool bound() const { return bound_; }
  // The next message, or "" when none comes within `limit`.
  std::string next(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(limit.count())) != 1) return "";
    char buffer[256];
    auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

TEST(SystemdTest, ReadyOnceServingAndStoppingOnSigterm) {
  for (const char* workers : {"1", "2"}) {
    SCOPED_TRACE(std::string("--workers ") + workers);
    NotifySocket systemd;
    ASSERT_TRUE(systemd.bound());
    ServiceProcess service(sample_executable("items"), {"--workers", workers});
    ASSERT_TRUE(service.started()) << service.error();
    EXPECT_EQ(systemd.next(), "READY=1");
    ASSERT_EQ(::kill(service.pid(), SIGTERM), 0);
    EXPECT_EQ(systemd.next(), "STOPPING=1");
    ASSERT_TRUE(eventually([&] { return !service.alive(); }));
    // One process speaks to systemd: the workers of a supervisor say nothing.
    EXPECT_EQ(systemd.next(std::chrono::milliseconds(200)), "");
  }
}

}  // namespace
}  // namespace fastcpp::testing

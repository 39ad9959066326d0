// The peer figure of bench/compile_times.sh: cpp-httplib's hello world with one route, the
// smallest service a user of that library writes (its implementation is in its header).
#include <httplib.h>

int main() {
  httplib::Server server;
  server.Get(R"(/items/(\w+))", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(R"({"item_id":")" + request.matches[1].str() + R"("})",
                         "application/json");
  });
  server.listen("127.0.0.1", 8080);
}

// The kitchen_sink sample's generated binding code (parameters, bodies, validation errors and
// the exception handlers) through App::handle, with no socket: the input is a request. Its first
// line is `METHOD TARGET`, then header lines up to an empty line, then the body. Every answer
// must be a response: App::handle never throws, whatever the handlers do.
#include <cstddef>
#include <cstdint>
#include <fastcpp/app.hpp>
#include <string>
#include <string_view>

#include "http/request_head.hpp"
#include "text.hpp"

namespace fastcpp_generated {
fastcpp::Service service();
}

namespace {

std::string_view next_line(std::string_view& rest) {
  auto end = rest.find('\n');
  auto line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto* app = new fastcpp::App(fastcpp_generated::service());
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auto request_line = next_line(rest);
  auto space = request_line.find(' ');
  std::string method(request_line.substr(0, space));
  auto target =
      space == std::string_view::npos ? std::string_view("/") : request_line.substr(space + 1);
  // As the server hands requests on: a target of visible ASCII, header values read as latin-1.
  if (!fastcpp::detail::is_valid_request_target(target)) target = "/";
  fastcpp::Request::Pairs headers;
  for (auto line = next_line(rest); !line.empty(); line = next_line(rest)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(line.substr(0, colon)),
                         fastcpp::detail::decode_latin1(line.substr(colon + 1)));
  }
  fastcpp::Request request(method, target, std::move(headers), std::string(rest));
  // Any status is possible (`/errors/http/{code}` raises HTTPException(code), as FastAPI allows);
  // what must hold is that App::handle returns, and that its body renders were it JSON.
  auto response = app->handle(request);
  (void)response;
  return 0;
}

#include "items_service.hpp"

#include <stdexcept>
#include <string>

namespace fastcpp::testing {

Service items_service() {
  Service service;
  service.routes.push_back(
      {"/items/{item_id}", {"GET"}, [](const Request& request) -> Response {
         if (*request.path_param("item_id") != "foo") {
           throw HTTPException(404, "Item not found", {{"X-Error", "There goes my error"}});
         }
         return JSONResponse({{"item", "The Foo Wrestlers"}});
       }});
  service.routes.push_back({"/things", {"GET"}, [](const Request&) { return Response(); }});
  service.routes.push_back({"/things", {"POST"}, [](const Request&) { return Response(); }});
  service.routes.push_back({"/files/{file_path:path}", {"GET"}, [](const Request& request) {
                              return PlainTextResponse(*request.path_param("file_path"));
                            }});
  service.routes.push_back({"/numbers/{n:int}", {"GET"}, [](const Request& request) {
                              return PlainTextResponse(*request.path_param("n"));
                            }});
  service.routes.push_back({"/echo", {"POST"}, [](const Request& request) {
                              return PlainTextResponse(request.body());
                            }});
  service.routes.push_back(
      {"/empty", {"DELETE"}, [](const Request&) { return Response(std::string{}, 204); }});
  service.routes.push_back({"/crash", {"GET"}, [](const Request&) -> Response {
                              throw std::runtime_error("secret internals");
                            }});
  service.routes.push_back({"/inject", {"GET"}, [](const Request&) -> Response {
                              throw HTTPException(400, "x", {{"X-Evil", "a\r\nSet-Cookie: b"}});
                            }});
  service.routes.push_back({"/inject-name", {"GET"}, [](const Request&) -> Response {
                              throw HTTPException(400, "x", {{std::string("X-A\0b", 5), "c"}});
                            }});
  return service;
}

}  // namespace fastcpp::testing

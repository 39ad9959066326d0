// A custom exception class and its handler: @app.exception_handler(UnicornException).
#include <fastcpp/fastcpp.hpp>

#include <string>

using fastcpp::json;

struct UnicornException {  // any class type will do; it need not derive from std::exception
  std::string name;
};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response unicorn_exception_handler(const fastcpp::Request& /*request*/,
                                                   const UnicornException& exc) {
  return fastcpp::JSONResponse(
      418, {{"message", "Oops! " + exc.name + " did something. There goes a rainbow..."}});
}

FASTCPP_GET("/unicorns/{name}")
static json read_unicorn(std::string name) {
  if (name == "yolo") throw UnicornException{name};
  return {{"unicorn_name", name}};
}

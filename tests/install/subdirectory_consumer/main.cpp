#include <fastcpp/fastcpp.hpp>

#include <string>

using fastcpp::HTTPException;
using fastcpp::json;

FASTCPP_GET("/hello/{name}")
static json hello(std::string name) {
  if (name == "nobody") throw HTTPException(404, "Nobody to greet");
  return {{"hello", name}};
}

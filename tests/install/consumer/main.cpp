#include <fastcpp/fastcpp.hpp>

FASTCPP_GET("/hello/{name}")
fastcpp::json hello(std::string name) { return {{"hello", name}}; }

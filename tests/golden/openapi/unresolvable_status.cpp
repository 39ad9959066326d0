// Raised errors rule: a status that cannot be worked out at build time is a note at its source
// (here the throw, and a handler whose response's status is not a constant), never a silent gap.
#include <fastcpp/fastcpp.hpp>

#include <string>

struct Forwarded {
  int status;
};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response forwarded_handler(const fastcpp::Request&, const Forwarded& exc) {
  return fastcpp::JSONResponse(exc.status, {{"forwarded", true}});
}

FASTCPP_GET("/errors/{code}")
static fastcpp::json raise_code(int code) {
  if (code == 0) throw Forwarded{502};
  if (code == 1) throw fastcpp::HTTPException(fastcpp::status::HTTP_410_GONE, "Gone for good");
  throw fastcpp::HTTPException(code);
}

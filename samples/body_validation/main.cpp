// A JSON body validated field by field, and a validation handler that sends the body back.
#include <fastcpp/fastcpp.hpp>

#include <string>

using fastcpp::json;

// Like a pydantic model: a member without a default member initializer is a required field.
struct Item {
  std::string title;
  int size;
};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response validation_exception_handler(const fastcpp::Request& /*request*/,
                                                      const fastcpp::RequestValidationError& exc) {
  return fastcpp::JSONResponse(422, {{"detail", exc.errors()}, {"body", exc.body()}});
}

FASTCPP_POST("/items/")
static Item create_item(Item item) { return item; }

// FastAPI's "CORS (Cross-Origin Resource Sharing)" and "Middleware" pages: CORSMiddleware with a
// list of origins, credentials, every method and header, and a middleware of one's own.
#include <fastcpp/fastcpp.hpp>

#include <string>

using fastcpp::json;

FASTCPP_GET("/")
static json main_page() { return {{"message", "Hello World"}}; }

FASTCPP_GET("/items/{item_id}")
static json read_item(int item_id) {
  if (item_id > 100) throw fastcpp::HTTPException(404, "Item not found");
  return {{"item_id", item_id}};
}

FASTCPP_POST("/items/")
FASTCPP_STATUS_CODE(201)
static json create_item() { return {{"created", true}}; }

// app.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True,
//                    allow_methods=["*"], allow_headers=["*"])
FASTCPP_MIDDLEWARE
static fastcpp::CORSMiddleware cors() {
  fastcpp::CORSMiddleware cors;
  cors.allow_origins = {"http://localhost.tiangolo.com", "https://localhost.tiangolo.com",
                        "http://localhost", "http://localhost:8080"};
  cors.allow_credentials = true;
  cors.allow_methods = {"*"};
  cors.allow_headers = {"*"};
  cors.expose_headers = {"X-Served-By"};
  return cors;
}

// @app.middleware("http"), added after CORS: the outermost, so it sees the preflights too.
FASTCPP_MIDDLEWARE
static fastcpp::Response add_served_by_header(fastcpp::Request& request,
                                              const fastcpp::CallNext& call_next) {
  if (request.path() == "/maintenance") {
    return fastcpp::JSONResponse(503, {{"detail", "Down for maintenance"}});
  }
  auto response = call_next(request);
  response.set_header("X-Served-By", "fastcpp");
  return response;
}

// tests/reference/fastapi_extras.py in C++: the app's options (FASTCPP_APP), FastAPI's
// HTTPException beside Starlette's, str()/repr()/type().__name__ in a handler, structs and enums
// inside a returned json, and handlers whose names clash with the generated code's.
#include <fastcpp/fastcpp.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using fastcpp::json;

FASTCPP_APP(fastcpp::FastAPI()
                .title("Extras")
                .version("1.2.3")
                .description("FastAPI's extras, in C++")
                .openapi_url("/api/openapi.json")
                .docs_url("/api/docs")
                .redoc_url(nullptr)
                .redirect_slashes(false));

// Only FastAPI's class: the router's 404 and 405 (Starlette's) keep FastAPI's default answer.
FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response fastapi_http_exception(const fastcpp::Request& /*request*/,
                                                const fastcpp::HTTPException& exc) {
  return fastcpp::JSONResponse(exc.status_code(),
                               {{"handled", "fastapi"},
                                {"type", fastcpp::type_name(exc)},
                                {"detail", fastcpp::py_str(exc.detail())},
                                {"repr", exc.repr()}},
                               exc.headers());
}

// Handlers named as the generated code names its own things, or as their own parameters.
FASTCPP_GET("/limit")
static json limit(int limit = 10) { return {{"limit", limit}}; }

FASTCPP_GET("/status/{status}")
static json status(int status) { return {{"status", status}}; }

FASTCPP_GET("/reject")
static json reject(int reject = 0) { return {{"reject", reject}}; }

FASTCPP_GET("/raise/fastapi/{code}")
static json raise_fastapi(int code) {
  throw fastcpp::HTTPException(code, {{"a", {1, nullptr}}, {"b", "it's"}}, {{"X-Kind", "fastapi"}});
}

FASTCPP_GET("/raise/starlette/{code}")
static json raise_starlette(int code) {
  throw fastcpp::starlette::HTTPException(code, "from starlette", {{"X-Kind", "starlette"}});
}

enum class Color { red, green };

struct Tag {
  std::string name;
  double weight = 1.0;
};

struct Item {
  std::string name;
  Color color;
  std::vector<Tag> tags = {};
  std::optional<std::string> note;
};

FASTCPP_POST("/items")
static json create_item(Item item) {
  std::map<std::string, Tag> by_name;
  for (const auto& tag : item.tags) by_name[tag.name] = tag;
  std::optional<Tag> first_tag;
  if (!item.tags.empty()) first_tag = item.tags.front();
  return {{"item", item},       {"color", item.color},
          {"note", item.note},  {"first_tag", first_tag},
          {"by_name", by_name}, {"colors", std::vector<Color>{item.color, Color::green}}};
}

// Exception handlers on WebSocket endpoints. FastAPI calls a handler with the WebSocket: one
// that answers with a response answers the upgrade before accept() (after it, uvicorn drops the
// connection), one that closes the WebSocket closes it. In C++ the second is a handler that
// takes the WebSocket.
struct GameOver {
  int score;
};

struct Quit {
  virtual ~Quit() = default;
};

struct Resign : Quit {};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response game_over(const fastcpp::Request& /*request*/, const GameOver& exc) {
  return fastcpp::JSONResponse(409, {{"score", exc.score}});
}

FASTCPP_EXCEPTION_HANDLER
static void quit_handler(fastcpp::WebSocket& websocket, const Quit& exc) {
  websocket.close(4000, "quit: " + fastcpp::type_name(exc));
}

FASTCPP_WEBSOCKET("/ws/game-over-before")
static void game_over_before(fastcpp::WebSocket& /*websocket*/) { throw GameOver{3}; }

FASTCPP_WEBSOCKET("/ws/quit-before")
static void quit_before(fastcpp::WebSocket& /*websocket*/) { throw Resign(); }

FASTCPP_WEBSOCKET("/ws/quit-after")
static void quit_after(fastcpp::WebSocket& websocket) {
  websocket.accept();
  websocket.receive_text();
  throw Resign();
}

// A Quit raised by an HTTP route: no handler takes a Request for it, so the plain 500 (FastAPI
// calls the same handler with the Request, whose missing close() is an AttributeError: a 500).
FASTCPP_GET("/quit")
static json quit() { throw Resign(); }

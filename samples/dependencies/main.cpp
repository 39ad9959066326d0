// FastAPI's "Dependencies" tutorial pages in C++ (tests/reference/dependencies.py is the FastAPI
// app): first steps, sub-dependencies, dependencies of the route, dependencies with yield; the
// order dependencies are solved in, one call per request for a function used twice, every use's
// errors in one 422, an exception raised in a dependency answered by the exception handlers;
// and the WebSocket tutorial's get_cookie_or_token.
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using fastcpp::Depends;
using fastcpp::HTTPException;
using fastcpp::json;

// ---- First steps: the same query parameters for two routes -----------------------------------

static json common_parameters(std::optional<std::string> q = std::nullopt, int skip = 0,
                              int limit = 100) {
  return {{"q", q ? json(*q) : json(nullptr)}, {"skip", skip}, {"limit", limit}};
}

FASTCPP_GET("/items/")
static json read_items(Depends<common_parameters> commons) { return *commons; }

FASTCPP_GET("/users/")
static json read_users(Depends<common_parameters> commons) { return *commons; }

// ---- Sub-dependencies ------------------------------------------------------------------------

static std::optional<std::string> query_extractor(std::optional<std::string> q = std::nullopt) {
  return q;
}

static std::optional<std::string> query_or_cookie_extractor(
    Depends<query_extractor> q,
    fastcpp::Cookie<std::optional<std::string>> last_query = std::nullopt) {
  if (!q->has_value() || q->value().empty()) return last_query;
  return *q;
}

FASTCPP_GET("/query/")
static json read_query(Depends<query_or_cookie_extractor> query_or_default) {
  return {{"q_or_cookie", *query_or_default ? json(**query_or_default) : json(nullptr)}};
}

// ---- Dependencies of the route ---------------------------------------------------------------

static void verify_token(fastcpp::Header<std::string> x_token) {
  if (x_token != "fake-super-secret-token") throw HTTPException(400, "X-Token header invalid");
}

static std::string verify_key(fastcpp::Header<std::string> x_key) {
  if (x_key != "fake-super-secret-key") throw HTTPException(400, "X-Key header invalid");
  return x_key;
}

FASTCPP_GET("/protected/")
FASTCPP_DEPENDENCIES(verify_token, verify_key)
static json read_protected() { return json::array({{{"item", "Foo"}}, {{"item", "Bar"}}}); }

// ---- Order and caching: every dependency notes itself in one list per request -----------------

using Notes = std::vector<std::string>;

static Notes tally() { return {}; }

static std::string note_a(Depends<tally> notes) {
  notes->push_back("a");
  return "a";
}

static std::string note_b(Depends<tally> notes, Depends<note_a> a) {
  notes->push_back("b after " + *a);
  return "b";
}

static void note_route(Depends<tally> notes) { notes->push_back("route"); }

FASTCPP_GET("/order")
FASTCPP_DEPENDENCIES(note_route)
static json order(Depends<note_b> b, Depends<note_a> a, Depends<tally> notes,
                  Depends<tally, /*use_cache=*/false> fresh) {
  return {{"notes", *notes}, {"fresh", *fresh}, {"a", *a}, {"b", *b}};
}

// ---- Errors: every use's, then the endpoint's, in one 422 -------------------------------------

static json page(int number, fastcpp::Header<int> size = 10) {
  return {{"number", number}, {"size", static_cast<int>(size)}};
}

static json owner(int user_id, Depends<page> p) { return {{"user_id", user_id}, {"page", *p}}; }

FASTCPP_GET("/errors/{item_id}")
static json errors(int item_id, Depends<owner> o, Depends<page> p, bool flag = false) {
  return {{"item_id", item_id}, {"owner", *o}, {"page", *p}, {"flag", flag}};
}

// A validation error in the first dependency does not stop the second: its HTTPException wins.
static int strict_limit(int limit) { return limit; }

static std::optional<std::string> refuse(
    fastcpp::Header<std::optional<std::string>> x_refuse = std::nullopt) {
  if (x_refuse) throw HTTPException(400, "Refused: " + *x_refuse);
  return x_refuse;
}

FASTCPP_GET("/errors-then-raise")
static json errors_then_raise(Depends<strict_limit> limit, Depends<refuse> refused) {
  return {{"limit", *limit}, {"refused", *refused ? json(**refused) : json(nullptr)}};
}

// ---- Exceptions raised in dependencies go through the exception handlers ---------------------

struct UnicornException {
  std::string name;
};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response unicorn_exception_handler(const fastcpp::Request& /*request*/,
                                                   const UnicornException& exc) {
  return fastcpp::JSONResponse(
      418, {{"message", "Oops! " + exc.name + " did something. There goes a rainbow..."}});
}

static std::string find_unicorn(std::string name) {
  if (name == "yolo") throw UnicornException{name};
  if (name == "missing") throw HTTPException(404, "Unicorn not found", {{"X-Unicorn", "none"}});
  if (name == "broken") throw std::runtime_error("the stable is on fire");
  return name;
}

FASTCPP_GET("/unicorns/{name}")
static json read_unicorn(Depends<find_unicorn> unicorn) { return {{"unicorn", *unicorn}}; }

// ---- Dependencies with yield: the value's destructor is the cleanup ---------------------------

static std::vector<std::string> events;

// FastAPI's `yield name` in a try/finally: the destructor runs after the endpoint answered or
// raised (and before the answer is sent), whatever happened.
class Database {
 public:
  explicit Database(std::string name) : name_(std::move(name)) {
    events.push_back("open " + name_);
  }
  ~Database() { events.push_back("close " + name_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

static Database get_db(std::string name = "main") { return Database(std::move(name)); }

class Repository {
 public:
  explicit Repository(const Database& db) : description_("repository on " + db.name()) {
    events.push_back(description_);
  }
  ~Repository() { events.push_back("repository closed"); }
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  const std::string& description() const { return description_; }

 private:
  std::string description_;
};

static Repository get_repository(Depends<get_db> db) { return Repository(*db); }

FASTCPP_GET("/yield/ok")
static json yield_ok(Depends<get_repository> repository) {
  events.push_back("endpoint");
  return {{"repository", repository->description()}};
}

FASTCPP_GET("/yield/raise")
static json yield_raise(Depends<get_db> db) {
  events.push_back("endpoint raises");
  throw HTTPException(409, "Conflict in " + db->name());
}

FASTCPP_GET("/yield/invalid")
static json yield_invalid(Depends<get_db> db, int n) {
  events.push_back("endpoint");
  return {{"db", db->name()}, {"n", n}};
}

FASTCPP_GET("/yield/events")
static json read_events() {
  json seen = events;
  events.clear();
  return seen;
}

// ---- The WebSocket tutorial's dependency -----------------------------------------------------

static std::string get_cookie_or_token(
    fastcpp::WebSocket& /*websocket*/,
    fastcpp::Cookie<std::optional<std::string>> session = std::nullopt,
    fastcpp::Query<std::optional<std::string>> token = std::nullopt) {
  if (!session && !token) {
    throw fastcpp::WebSocketException(fastcpp::status::WS_1008_POLICY_VIOLATION);
  }
  return session ? *session : *token;
}

FASTCPP_WEBSOCKET("/items/{item_id}/ws")
static void websocket_endpoint(fastcpp::WebSocket& websocket, std::string item_id,
                               std::optional<int> q, Depends<get_cookie_or_token> cookie_or_token) {
  websocket.accept();
  for (;;) {
    auto data = websocket.receive_text();  // throws WebSocketDisconnect when the client closes
    websocket.send_text("Session cookie or query token value is: " + *cookie_or_token);
    if (q) websocket.send_text("Query parameter q is: " + std::to_string(*q));
    websocket.send_text("Message text was: " + data + ", for item ID: " + item_id);
  }
}

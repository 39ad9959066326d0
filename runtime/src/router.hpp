// The router: Starlette's path matching over a service's route table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fastcpp/app.hpp"
#include "fastcpp/request.hpp"

namespace fastcpp::detail {

/// A compiled Starlette path template: `{x}` matches `[^/]+`, `{x:path}` `.*`, `{x:int}`
/// `[0-9]+`, `{x:float}` `[0-9]+(\.[0-9]+)?`, `{x:uuid}` a lower-case UUID; the rest literally.
class PathPattern {
 public:
  explicit PathPattern(std::string_view path_template);
  /// True when the whole `path` matches; fills `params` (name, value) when given.
  bool match(std::string_view path, Request::Pairs* params) const;

 private:
  enum class Converter { kStr, kPath, kInt, kFloat, kUuid };
  struct Piece {
    std::string literal;  // a literal run, or empty for a parameter
    std::string name;
    Converter converter = Converter::kStr;
  };
  // One match in progress: the value found for each piece, and (for a template where that can
  // matter) the (piece, offset) pairs already known not to match.
  struct Search {
    std::string_view path;
    std::string_view* values;
    std::vector<bool> failed;
    std::vector<std::size_t> last_at;  // each literal piece's last position in the path
  };
  bool match_from(std::size_t index, std::size_t offset, Search& search) const;
  // How much of `text` a value of this converter can span at most.
  static std::size_t longest_value(Converter converter, std::string_view text);
  // Whether a value within that span is one.
  static bool accepts(Converter converter, std::string_view value);

  std::vector<Piece> pieces_;
  // Two parameters in one segment, or one after a :path: the search could revisit a (piece,
  // offset) pair many times, so it remembers failures.
  bool remembers_failures_ = false;
};

struct HttpMatch {
  const Route* route = nullptr;    ///< path and method match (FastAPI's FULL)
  const Route* partial = nullptr;  ///< the first route whose path matched (PARTIAL), for 405
  Request::Pairs params;
};

class Router {
 public:
  Router(const std::vector<Route>& routes, const std::vector<WebSocketRoute>& websocket_routes);

  /// The first route, in declaration order, whose path and method match.
  HttpMatch match(std::string_view method, std::string_view path) const;
  /// True when some HTTP route's path matches, whatever the method (for redirect_slashes).
  bool matches_path(std::string_view path) const;
  /// The first WebSocket route whose path matches, or nullptr.
  const WebSocketRoute* match_websocket(std::string_view path, Request::Pairs* params) const;

 private:
  template <class R>
  struct Entry {
    const R* route;
    PathPattern pattern;
  };
  std::vector<Entry<Route>> routes_;
  std::vector<Entry<WebSocketRoute>> websocket_routes_;
};

}  // namespace fastcpp::detail

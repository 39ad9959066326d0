#include "router.hpp"

#include <algorithm>

namespace fastcpp::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

}  // namespace

PathPattern::PathPattern(std::string_view path_template) {
  std::string literal;
  for (std::size_t i = 0; i < path_template.size();) {
    auto close = path_template.find('}', i);
    if (path_template[i] != '{' || close == std::string_view::npos) {
      literal += path_template[i++];
      continue;
    }
    if (!literal.empty()) pieces_.push_back({std::move(literal), {}, Converter::kStr});
    literal.clear();
    auto inside = path_template.substr(i + 1, close - i - 1);
    auto colon = inside.find(':');
    Piece piece;
    piece.name = std::string(inside.substr(0, colon));
    auto converter = colon == std::string_view::npos ? "str" : inside.substr(colon + 1);
    if (converter == "path") piece.converter = Converter::kPath;
    if (converter == "int") piece.converter = Converter::kInt;
    if (converter == "float") piece.converter = Converter::kFloat;
    if (converter == "uuid") piece.converter = Converter::kUuid;
    pieces_.push_back(std::move(piece));
    i = close + 1;
  }
  if (!literal.empty()) pieces_.push_back({std::move(literal), {}, Converter::kStr});
}

bool PathPattern::accepts(Converter converter, std::string_view value) {
  switch (converter) {
    case Converter::kPath:
      return true;
    case Converter::kStr:
      return !value.empty() && value.find('/') == std::string_view::npos;
    case Converter::kInt:
      return !value.empty() && std::all_of(value.begin(), value.end(), is_digit);
    case Converter::kFloat: {
      auto dot = value.find('.');
      auto whole = value.substr(0, dot);
      if (whole.empty() || !std::all_of(whole.begin(), whole.end(), is_digit)) return false;
      if (dot == std::string_view::npos) return true;
      auto fraction = value.substr(dot + 1);
      return !fraction.empty() && std::all_of(fraction.begin(), fraction.end(), is_digit);
    }
    case Converter::kUuid: {
      if (value.size() != 36) return false;
      for (std::size_t i = 0; i < value.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? value[i] != '-' : !is_lower_hex(value[i])) return false;
      }
      return true;
    }
  }
  return false;
}

// Backtracking over the pieces, as the regex Starlette compiles the template to would.
bool PathPattern::match_from(std::size_t index, std::string_view rest,
                             Request::Pairs* params) const {
  if (index == pieces_.size()) return rest.empty();
  const auto& piece = pieces_[index];
  if (!piece.literal.empty()) {
    if (rest.substr(0, piece.literal.size()) != piece.literal) return false;
    return match_from(index + 1, rest.substr(piece.literal.size()), params);
  }
  // Longest candidate first (the regexes are greedy); one segment unless it is a :path.
  auto longest = piece.converter == Converter::kPath ? rest.size() : rest.find('/');
  if (longest == std::string_view::npos) longest = rest.size();
  for (std::size_t length = longest + 1; length-- > 0;) {
    auto value = rest.substr(0, length);
    if (!accepts(piece.converter, value)) continue;
    auto mark = params ? params->size() : 0;
    if (params) params->emplace_back(piece.name, std::string(value));
    if (match_from(index + 1, rest.substr(length), params)) return true;
    if (params) params->resize(mark);
  }
  return false;
}

bool PathPattern::match(std::string_view path, Request::Pairs* params) const {
  return match_from(0, path, params);
}

Router::Router(const std::vector<Route>& routes,
               const std::vector<WebSocketRoute>& websocket_routes) {
  for (const auto& route : routes) routes_.push_back({&route, PathPattern(route.path)});
  for (const auto& route : websocket_routes) {
    websocket_routes_.push_back({&route, PathPattern(route.path)});
  }
}

HttpMatch Router::match(std::string_view method, std::string_view path) const {
  HttpMatch result;
  for (const auto& entry : routes_) {
    Request::Pairs params;
    if (!entry.pattern.match(path, &params)) continue;
    const auto& methods = entry.route->methods;
    if (std::find(methods.begin(), methods.end(), method) != methods.end()) {
      result.route = entry.route;
      result.params = std::move(params);
      return result;
    }
    if (!result.partial) result.partial = entry.route;
  }
  return result;
}

bool Router::matches_path(std::string_view path) const {
  return std::any_of(routes_.begin(), routes_.end(),
                     [&](const auto& entry) { return entry.pattern.match(path, nullptr); });
}

const WebSocketRoute* Router::match_websocket(std::string_view path,
                                              Request::Pairs* params) const {
  for (const auto& entry : websocket_routes_) {
    if (entry.pattern.match(path, params)) return entry.route;
  }
  return nullptr;
}

}  // namespace fastcpp::detail

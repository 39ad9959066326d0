#include "router.hpp"

#include <algorithm>
#include <array>

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

  bool in_segment = false;  // a parameter since the last '/'
  bool after_path = false;  // a :path parameter, which spans segments, came before
  for (const auto& piece : pieces_) {
    if (!piece.literal.empty()) {
      if (piece.literal.find('/') != std::string::npos) in_segment = false;
      continue;
    }
    if (in_segment || after_path) remembers_failures_ = true;
    in_segment = true;
    after_path = after_path || piece.converter == Converter::kPath;
  }
}

std::size_t PathPattern::longest_value(Converter converter, std::string_view text) {
  auto leading = [&](std::size_t from, auto allowed) {
    while (from < text.size() && allowed(text[from])) ++from;
    return from;
  };
  switch (converter) {
    case Converter::kPath:
      return text.size();
    case Converter::kStr:
      return std::min(text.find('/'), text.size());
    case Converter::kInt:
      return leading(0, is_digit);
    case Converter::kFloat: {
      auto whole = leading(0, is_digit);
      if (whole == 0 || whole == text.size() || text[whole] != '.') return whole;
      return leading(whole + 1, is_digit);
    }
    case Converter::kUuid:
      return std::min<std::size_t>(text.size(), 36);
  }
  return 0;
}

bool PathPattern::accepts(Converter converter, std::string_view value) {
  switch (converter) {
    case Converter::kPath:
      return true;
    case Converter::kStr:
    case Converter::kInt:
      return !value.empty();
    case Converter::kFloat:  // digits, then perhaps a dot and more digits
      return !value.empty() && value.back() != '.';
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

// Backtracking over the pieces, as the regex Starlette compiles the template to would: the
// longest candidate first (the regexes are greedy). A parameter followed by a literal only tries
// the lengths that literal can follow, the last piece only the whole rest, and a template that
// could revisit a (piece, offset) pair remembers failures: no path costs more than the pieces
// times its length.
bool PathPattern::match_from(std::size_t index, std::size_t offset, Search& search) const {
  auto rest = search.path.substr(offset);
  if (index == pieces_.size()) return rest.empty();
  auto state = index * (search.path.size() + 1) + offset;
  if (remembers_failures_ && search.failed[state]) return false;

  bool matched = false;
  const auto& piece = pieces_[index];
  if (!piece.literal.empty()) {
    matched = rest.substr(0, piece.literal.size()) == piece.literal &&
              match_from(index + 1, offset + piece.literal.size(), search);
  } else {
    bool last = index + 1 == pieces_.size();
    const std::string* next_literal = last ? nullptr : &pieces_[index + 1].literal;
    if (next_literal && next_literal->empty()) next_literal = nullptr;
    // The next literal must still occur somewhere after this offset.
    bool literal_ahead = !next_literal || !remembers_failures_ ||
                         (search.last_at[index + 1] != std::string_view::npos &&
                          search.last_at[index + 1] >= offset);
    auto longest = literal_ahead ? longest_value(piece.converter, rest) : 0;
    if (literal_ahead && (!last || longest == rest.size())) {
      for (std::size_t length = last ? rest.size() + 1 : longest + 1; length-- > 0;) {
        if (next_literal) {
          length = rest.rfind(*next_literal, length);
          if (length == std::string_view::npos) break;
        }
        auto value = rest.substr(0, length);
        if (!accepts(piece.converter, value)) continue;
        search.values[index] = value;
        if (match_from(index + 1, offset + length, search)) {
          matched = true;
          break;
        }
        if (last) break;
      }
    }
  }
  if (!matched && remembers_failures_) search.failed[state] = true;
  return matched;
}

bool PathPattern::match(std::string_view path, Request::Pairs* params) const {
  std::array<std::string_view, 16> few;
  std::vector<std::string_view> many;
  Search search{path, few.data(), {}, {}};
  if (pieces_.size() > few.size()) {
    many.resize(pieces_.size());
    search.values = many.data();
  }
  // A literal at the end must end the path: the one check that fails most paths at once.
  if (!pieces_.empty()) {
    std::string_view tail = pieces_.back().literal;
    if (path.size() < tail.size() || path.substr(path.size() - tail.size()) != tail) return false;
  }
  if (remembers_failures_) {
    search.failed.assign((pieces_.size() + 1) * (path.size() + 1), false);
    search.last_at.resize(pieces_.size());
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
      if (!pieces_[i].literal.empty()) search.last_at[i] = path.rfind(pieces_[i].literal);
    }
  }
  if (!match_from(0, 0, search)) return false;
  if (params) {
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
      if (pieces_[i].literal.empty()) params->emplace_back(pieces_[i].name, search.values[i]);
    }
  }
  return true;
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

const WebSocketRoute* Router::match_websocket(std::string_view path, Request::Pairs* params) const {
  for (const auto& entry : websocket_routes_) {
    if (entry.pattern.match(path, params)) return entry.route;
  }
  return nullptr;
}

}  // namespace fastcpp::detail

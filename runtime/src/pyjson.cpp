// Python 3.13's `json.loads(bytes)`: json/__init__.py (detect_encoding, decode with
// "surrogatepass") followed by JSONDecoder.decode driven by the C scanner in Modules/_json.c,
// which is what CPython uses at run time. Where the C scanner and the pure-Python fallback in
// json/decoder.py disagree (`Invalid \escape` position and wording, `"\u0041` at the end of the
// document), the C scanner is the reference.
#include "fastcpp/detail/pyjson.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text.hpp"

namespace fastcpp::detail {
namespace {

using Status = JsonLoadResult::Status;
using Kind = JsonUnrepresentable::Kind;

// ---------------------------------------------------------------------------------------------
// Bytes to text.
//
// The text is kept as UTF-8 and scanned byte by byte: every character the grammar cares about is
// ASCII, so only error positions need converting to code points, once, at the end.
// Python keeps lone surrogates (from "surrogatepass" or from `\ud800` escapes) in its str, which
// UTF-8 cannot carry. The text keeps each in its three-byte form, as many bytes as U+FFFD takes,
// so every character count, hence every error position, is Python's.

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be };

const char* codec_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16Le:
      return "utf-16-le";
    case Encoding::kUtf16Be:
      return "utf-16-be";
    case Encoding::kUtf32Le:
      return "utf-32-le";
    case Encoding::kUtf32Be:
      return "utf-32-be";
  }
  return "utf-8";
}

struct DetectedEncoding {
  Encoding encoding;
  std::size_t bom_size;
};

// json.detect_encoding. The UTF-32 BOMs are tested first because FF FE 00 00 also starts with
// the UTF-16-LE BOM; the "utf-16"/"utf-32" codecs then consume exactly that one BOM.
DetectedEncoding detect_encoding(std::string_view b) {
  auto starts_with = [b](std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; };
  using namespace std::string_view_literals;
  if (starts_with("\x00\x00\xFE\xFF"sv)) return {Encoding::kUtf32Be, 4};
  if (starts_with("\xFF\xFE\x00\x00"sv)) return {Encoding::kUtf32Le, 4};
  if (starts_with("\xFE\xFF"sv)) return {Encoding::kUtf16Be, 2};
  if (starts_with("\xFF\xFE"sv)) return {Encoding::kUtf16Le, 2};
  if (starts_with("\xEF\xBB\xBF"sv)) return {Encoding::kUtf8, 3};
  if (b.size() >= 4) {
    if (b[0] == 0) return {b[1] != 0 ? Encoding::kUtf16Be : Encoding::kUtf32Be, 0};
    if (b[1] == 0) {
      return {b[2] != 0 || b[3] != 0 ? Encoding::kUtf16Le : Encoding::kUtf32Le, 0};
    }
  } else if (b.size() == 2) {
    if (b[0] == 0) return {Encoding::kUtf16Be, 0};
    if (b[1] == 0) return {Encoding::kUtf16Le, 0};
  }
  return {Encoding::kUtf8, 0};
}

// What the decoders below return when every byte decodes; otherwise they return the offset of the
// first byte that does not.
constexpr std::size_t kValid = std::string_view::npos;

// Python's strict UTF-8 (no overlong forms, nothing above U+10FFFF), except that an encoded
// surrogate (ED A0..BF xx) passes, as "surrogatepass" lets it; the text is the input unchanged.
std::size_t decode_utf8(std::string_view b, std::string* text, bool* surrogates) {
  text->assign(b.data(), b.size());
  std::size_t i = 0;
  while (i < b.size()) {
    if (const std::size_t length = utf8_sequence_length(b, i)) {
      i += length;
    } else if (is_encoded_surrogate(b, i)) {
      *surrogates = true;
      i += 3;
    } else {
      return i;
    }
  }
  return kValid;
}

std::uint32_t read_unit(std::string_view b, std::size_t i, std::size_t width, bool big_endian) {
  std::uint32_t unit = 0;
  for (std::size_t k = 0; k < width; ++k) {
    const auto octet = static_cast<unsigned char>(b[i + (big_endian ? k : width - 1 - k)]);
    unit = (unit << 8) | octet;
  }
  return unit;
}

// UTF-16 with "surrogatepass": a proper pair is one character, any other surrogate stands alone.
std::size_t decode_utf16(std::string_view b, bool big_endian, std::string* text, bool* surrogates) {
  if (b.size() % 2 != 0) return b.size() - 1;
  text->reserve(b.size());
  for (std::size_t i = 0; i < b.size(); i += 2) {
    char32_t cp = read_unit(b, i, 2, big_endian);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 4 <= b.size()) {
      const char32_t low = read_unit(b, i + 2, 2, big_endian);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    *surrogates = *surrogates || is_surrogate(cp);
    append_utf8(*text, cp);
  }
  return kValid;
}

std::size_t decode_utf32(std::string_view b, bool big_endian, std::string* text, bool* surrogates) {
  text->reserve(b.size());
  std::size_t i = 0;
  for (; i + 4 <= b.size(); i += 4) {
    const char32_t cp = read_unit(b, i, 4, big_endian);
    if (cp > 0x10FFFF) return i;
    *surrogates = *surrogates || is_surrogate(cp);
    append_utf8(*text, cp);
  }
  return i == b.size() ? kValid : i;
}

// The text of `b`, or the offset of its first byte that does not decode. `*surrogates` tells
// whether the text holds a lone surrogate.
std::size_t decode(std::string_view b, Encoding encoding, std::string* text, bool* surrogates) {
  switch (encoding) {
    case Encoding::kUtf8:
      return decode_utf8(b, text, surrogates);
    case Encoding::kUtf16Le:
      return decode_utf16(b, false, text, surrogates);
    case Encoding::kUtf16Be:
      return decode_utf16(b, true, text, surrogates);
    case Encoding::kUtf32Le:
      return decode_utf32(b, false, text, surrogates);
    case Encoding::kUtf32Be:
      return decode_utf32(b, true, text, surrogates);
  }
  return 0;
}

// JSONDecodeError.pos counts characters; the scanner works in UTF-8 bytes.
std::size_t code_point_offset(std::string_view text, std::size_t byte_offset) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// The scanner: Modules/_json.c's scan_once_unicode and friends, with the recursion replaced by an
// explicit stack of open containers so that no document can exhaust the C++ stack.

// CPython raises RecursionError where its C recursion budget runs out, and FastAPI answers that
// with its 400 "There was an error parsing the body". Each open container takes one level of the
// budget; so do a NaN/Infinity constant (a call to parse_constant) and raising a StopIteration
// ("Expecting value"), while building any other JSONDecodeError from C takes four. Measured with
// the FastAPI/uvicorn of the reference (plain app, sync or async endpoint): the budget is 9985
// levels: 9985 nested arrays parse, 9986 do not; 9981 arrays around `1 2` still give "Expecting
// ',' delimiter", 9982 give the 400. (A bare json.loads has 9998; each user middleware
// takes a level or so more.)
constexpr std::size_t kRecursionBudget = 9985;
constexpr std::size_t kStopIterationLevels = 1;
constexpr std::size_t kDecodeErrorLevels = 4;

// Python's int() refuses longer decimal strings (sys.get_int_max_str_digits()); json.loads lets
// that ValueError escape, and FastAPI answers it with the same 400.
constexpr std::size_t kMaxIntDigits = 4300;

// Objects at least this large get a hash index for the duplicate-key lookup; smaller ones are
// searched linearly, which is faster for the common handful of keys.
constexpr std::size_t kIndexThreshold = 16;

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The character a one-letter escape such as `\n` stands for, or '\0' for an invalid escape.
char unescape(char letter) {
  constexpr std::string_view kLetters = "\"\\/bfnrt";
  constexpr std::string_view kCharacters = "\"\\/\b\f\n\r\t";
  const std::size_t i = kLetters.find(letter);
  return i == std::string_view::npos ? '\0' : kCharacters[i];
}

class Scanner {
 public:
  // `surrogates`: whether the text holds encoded lone surrogates.
  Scanner(std::string_view text, bool surrogates) : s_(text), surrogates_(surrogates) {}

  // JSONDecoder.decode: one value between optional whitespace.
  bool scan_document(json* out);

  Status failure() const { return failure_; }
  const std::string& message() const { return message_; }
  std::size_t error_offset() const { return error_offset_; }
  std::vector<JsonUnrepresentable> take_unrepresentable() { return std::move(unrepresentable_); }

 private:
  struct Frame {
    bool is_object = false;
    json container;
    std::string key;        // the key whose value is being scanned
    std::string exact_key;  // that key as sent, when `key` has U+FFFD for its lone surrogates
    bool key_replaced = false;
    std::unordered_map<std::string, std::size_t> index;
  };

  bool scan_value(json* value, bool* opened);
  bool open_container(bool is_object, json* value, bool* opened);
  bool scan_key(Frame* frame);
  bool scan_string(std::string* out, bool* lone_surrogate);
  json location(std::size_t depth) const;
  void report_lone_surrogates(std::string* text, json loc);
  bool scan_number(json* value);
  bool make_integer(std::string_view literal, json* value);
  static json make_float(std::string_view literal);
  static void add_member(Frame* frame, json value);

  bool at(std::size_t i, char c) const { return i < s_.size() && s_[i] == c; }
  bool matches(std::size_t i, std::string_view word) const {
    return s_.substr(i, word.size()) == word;
  }
  void skip_whitespace() {
    while (pos_ < s_.size() && is_whitespace(s_[pos_])) ++pos_;
  }
  // Whether CPython, inside the open containers, still has `levels` of recursion budget.
  bool has_budget(std::size_t levels) const { return stack_.size() + levels <= kRecursionBudget; }
  bool fail_recursion() { return fail_not_text("maximum recursion depth exceeded"); }
  bool fail_expecting_value(std::size_t offset) {
    if (!has_budget(kStopIterationLevels)) return fail_recursion();
    failure_ = Status::kDecodeError;
    message_ = "Expecting value";
    error_offset_ = offset;
    return false;
  }
  bool fail(const char* message, std::size_t offset) {
    if (!has_budget(kDecodeErrorLevels)) return fail_recursion();
    failure_ = Status::kDecodeError;
    message_ = message;
    error_offset_ = offset;
    return false;
  }
  bool fail_not_text(std::string message) {
    failure_ = Status::kNotText;
    message_ = std::move(message);
    return false;
  }

  std::string_view s_;
  bool surrogates_;
  std::size_t pos_ = 0;
  std::vector<Frame> stack_;
  Status failure_ = Status::kOk;
  std::string message_;
  std::size_t error_offset_ = 0;
  std::vector<JsonUnrepresentable> unrepresentable_;
};

bool Scanner::scan_document(json* out) {
  skip_whitespace();
  json value;
  bool want_key = false;
  for (;;) {
    if (want_key && !scan_key(&stack_.back())) return false;
    bool opened = false;
    if (!scan_value(&value, &opened)) return false;
    if (opened) {
      want_key = stack_.back().is_object;
      continue;
    }
    // `value` is complete: store it in its container, then close every container that ends here.
    for (;;) {
      if (stack_.empty()) {
        skip_whitespace();
        if (pos_ != s_.size()) return fail("Extra data", pos_);
        *out = std::move(value);
        return true;
      }
      Frame& frame = stack_.back();
      if (frame.is_object) {
        add_member(&frame, std::move(value));
      } else {
        frame.container.get_ptr<json::array_t*>()->push_back(std::move(value));
      }
      skip_whitespace();
      const char close = frame.is_object ? '}' : ']';
      if (at(pos_, close)) {
        ++pos_;
        value = std::move(frame.container);
        stack_.pop_back();
        continue;
      }
      if (!at(pos_, ',')) return fail("Expecting ',' delimiter", pos_);
      const std::size_t comma = pos_++;
      skip_whitespace();
      if (at(pos_, close)) {
        return fail(frame.is_object ? "Illegal trailing comma before end of object"
                                    : "Illegal trailing comma before end of array",
                    comma);
      }
      want_key = frame.is_object;
      break;
    }
  }
}

// scan_once_unicode: a scalar completes `value`; a non-empty container is pushed (`*opened`).
bool Scanner::scan_value(json* value, bool* opened) {
  if (pos_ >= s_.size()) return fail_expecting_value(pos_);
  switch (s_[pos_]) {
    case '"': {
      std::string text;
      bool lone_surrogate = false;
      if (!scan_string(&text, &lone_surrogate)) return false;
      if (lone_surrogate) report_lone_surrogates(&text, location(stack_.size()));
      *value = std::move(text);
      return true;
    }
    case '{':
      return open_container(true, value, opened);
    case '[':
      return open_container(false, value, opened);
    case 'n':
      if (!matches(pos_, "null")) break;
      pos_ += 4;
      *value = nullptr;
      return true;
    case 't':
      if (!matches(pos_, "true")) break;
      pos_ += 4;
      *value = true;
      return true;
    case 'f':
      if (!matches(pos_, "false")) break;
      pos_ += 5;
      *value = false;
      return true;
    case 'N':
      if (!matches(pos_, "NaN")) break;
      if (!has_budget(1)) return fail_recursion();
      pos_ += 3;
      *value = std::numeric_limits<double>::quiet_NaN();
      return true;
    case 'I':
      if (!matches(pos_, "Infinity")) break;
      if (!has_budget(1)) return fail_recursion();
      pos_ += 8;
      *value = std::numeric_limits<double>::infinity();
      return true;
    case '-':
      if (!matches(pos_, "-Infinity")) break;
      if (!has_budget(1)) return fail_recursion();
      pos_ += 9;
      *value = -std::numeric_limits<double>::infinity();
      return true;
    default:
      break;
  }
  return scan_number(value);
}

bool Scanner::open_container(bool is_object, json* value, bool* opened) {
  // CPython counts the container before looking inside it, so an empty one counts too.
  if (!has_budget(1)) {
    return fail_not_text(std::string("maximum recursion depth exceeded while decoding a JSON ") +
                         (is_object ? "object" : "array") + " from a unicode string");
  }
  ++pos_;
  skip_whitespace();
  if (at(pos_, is_object ? '}' : ']')) {
    ++pos_;
    *value = is_object ? json::object() : json::array();
    return true;
  }
  Frame& frame = stack_.emplace_back();
  frame.is_object = is_object;
  frame.container = is_object ? json::object() : json::array();
  *opened = true;
  return true;
}

// The key and the ':' of an object member, leaving `pos_` at its value.
bool Scanner::scan_key(Frame* frame) {
  if (!at(pos_, '"')) return fail("Expecting property name enclosed in double quotes", pos_);
  bool lone_surrogate = false;
  if (!scan_string(&frame->key, &lone_surrogate)) return false;
  frame->key_replaced = lone_surrogate;
  if (lone_surrogate) {
    // pydantic's location of a dict key: the object's, then the key, then "[key]".
    json loc = location(stack_.size() - 1);
    loc.push_back(frame->key);
    loc.push_back("[key]");
    frame->exact_key = frame->key;
    report_lone_surrogates(&frame->key, std::move(loc));
  }
  skip_whitespace();
  if (!at(pos_, ':')) return fail("Expecting ':' delimiter", pos_);
  ++pos_;
  skip_whitespace();
  return true;
}

// Python dicts keep a repeated key at its first position and give it the last value.
void Scanner::add_member(Frame* frame, json value) {
  // The vector under ordered_map: plain indexing and an append without ordered_map's own linear
  // key search, which the lookup below already did.
  auto& members =
      static_cast<json::object_t::Container&>(*frame->container.get_ptr<json::object_t*>());
  if (members.size() < kIndexThreshold) {
    for (auto& member : members) {
      if (member.first == frame->key) {
        member.second = std::move(value);
        return;
      }
    }
  } else {
    if (frame->index.empty()) {
      for (std::size_t i = 0; i < members.size(); ++i) frame->index.emplace(members[i].first, i);
    }
    const auto [it, inserted] = frame->index.try_emplace(frame->key, members.size());
    if (!inserted) {
      members[it->second].second = std::move(value);
      return;
    }
  }
  members.emplace_back(std::move(frame->key), std::move(value));
}

// scanstring_unicode, `pos_` at the opening quote.
bool Scanner::scan_string(std::string* out, bool* lone_surrogate) {
  const std::size_t begin = pos_;
  const std::size_t n = s_.size();
  std::size_t end = pos_ + 1;
  out->clear();
  for (;;) {
    std::size_t next = end;
    while (next < n && s_[next] != '"' && s_[next] != '\\') {
      if (static_cast<unsigned char>(s_[next]) <= 0x1F) {
        return fail("Invalid control character at", next);
      }
      ++next;
    }
    if (next == n) return fail("Unterminated string starting at", begin);
    out->append(s_.data() + end, next - end);
    for (std::size_t i = end; surrogates_ && !*lone_surrogate && i < next; ++i) {
      *lone_surrogate = is_encoded_surrogate(s_, i);
    }
    if (s_[next] == '"') {
      pos_ = next + 1;
      return true;
    }
    ++next;  // past the backslash
    if (next == n) return fail("Unterminated string starting at", begin);
    const char escape = s_[next];
    if (escape != 'u') {
      const char character = unescape(escape);
      if (character == '\0') return fail("Invalid \\escape", next - 1);
      out->push_back(character);
      end = next + 1;
      continue;
    }
    // `\uXXXX`. The C scanner wants a character after the four digits (so `"\u0041` at the very
    // end is an escape error, not an unterminated string) and reports errors at the `u`.
    const auto read_hex4 = [this](std::size_t u, char32_t* cp) {
      *cp = 0;
      for (std::size_t k = u + 1; k <= u + 4; ++k) {
        const int digit = hex_value(s_[k]);
        if (digit < 0) return false;
        *cp = (*cp << 4) | static_cast<char32_t>(digit);
      }
      return true;
    };
    const std::size_t u = next;
    char32_t cp = 0;
    if (u + 5 >= n || !read_hex4(u, &cp)) return fail("Invalid \\uXXXX escape", u);
    end = u + 5;
    if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 < n && s_[end] == '\\' && s_[end + 1] == 'u') {
      char32_t low = 0;
      if (!read_hex4(end + 1, &low)) return fail("Invalid \\uXXXX escape", end + 1);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        end += 6;
      }
    }
    *lone_surrogate = *lone_surrogate || is_surrogate(cp);
    append_utf8(*out, cp);
  }
}

// Where the value being scanned is, from the root: the keys and indices of the first `depth`
// open containers.
json Scanner::location(std::size_t depth) const {
  json loc = json::array();
  for (std::size_t i = 0; i < depth; ++i) {
    const Frame& frame = stack_[i];
    if (frame.is_object) {
      loc.push_back(frame.key_replaced ? frame.exact_key : frame.key);
    } else {
      loc.push_back(frame.container.size());
    }
  }
  return loc;
}

// A string with lone surrogates is reported as it is, then gets U+FFFD (as many bytes) for each:
// the document stays valid UTF-8, and the report lets the caller refuse it instead.
void Scanner::report_lone_surrogates(std::string* text, json loc) {
  unrepresentable_.push_back({Kind::kLoneSurrogate, std::move(loc), *text});
  for (std::size_t i = 0; i < text->size(); ++i) {
    if (is_encoded_surrogate(*text, i)) text->replace(i, 3, "\xEF\xBF\xBD");
  }
}

// _match_number_unicode: the longest prefix matching -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
bool Scanner::scan_number(json* value) {
  const std::size_t start = pos_;
  const std::size_t n = s_.size();
  std::size_t i = start;
  if (s_[i] == '-') {
    ++i;
    if (i >= n) return fail_expecting_value(start);
  }
  if (s_[i] >= '1' && s_[i] <= '9') {
    ++i;
    while (i < n && is_digit(s_[i])) ++i;
  } else if (s_[i] == '0') {
    ++i;
  } else {
    return fail_expecting_value(start);
  }
  bool is_float = false;
  if (i + 1 < n && s_[i] == '.' && is_digit(s_[i + 1])) {
    is_float = true;
    i += 2;
    while (i < n && is_digit(s_[i])) ++i;
  }
  if (i + 1 < n && (s_[i] == 'e' || s_[i] == 'E')) {
    const std::size_t exponent_start = i++;
    if (i + 1 < n && (s_[i] == '-' || s_[i] == '+')) ++i;
    while (i < n && is_digit(s_[i])) ++i;
    if (is_digit(s_[i - 1])) {
      is_float = true;
    } else {
      i = exponent_start;
    }
  }
  pos_ = i;
  const std::string_view literal = s_.substr(start, i - start);
  if (is_float) {
    *value = make_float(literal);
  } else if (!make_integer(literal, value)) {
    return false;
  }
  if (value->is_number_float() && std::isinf(value->get<double>())) {
    unrepresentable_.push_back({Kind::kOverflow, location(stack_.size()), std::string(literal)});
  }
  return true;
}

// Python ints are unbounded; nlohmann's are not: int64, then uint64, then the nearest double.
bool Scanner::make_integer(std::string_view literal, json* value) {
  const char* first = literal.data();
  const char* last = first + literal.size();
  const std::size_t digits = literal.size() - (literal[0] == '-' ? 1 : 0);
  if (digits > kMaxIntDigits) {
    return fail_not_text(
        "Exceeds the limit (4300 digits) for integer string conversion: value has " +
        std::to_string(digits) + " digits; use sys.set_int_max_str_digits() to increase the limit");
  }
  std::int64_t signed_value = 0;
  if (std::from_chars(first, last, signed_value).ec == std::errc()) {
    *value = signed_value;  // "-0" lands here as 0, as Python's int("-0") is 0
    return true;
  }
  std::uint64_t unsigned_value = 0;
  if (literal[0] != '-' && std::from_chars(first, last, unsigned_value).ec == std::errc()) {
    *value = unsigned_value;
    return true;
  }
  *value = make_float(literal);
  return true;
}

// float(literal), correctly rounded. from_chars reports overflow and underflow alike without a
// value; literals this far out have a decimal exponent far from zero, whose sign tells which.
json Scanner::make_float(std::string_view literal) {
  const char* first = literal.data();
  const char* last = first + literal.size();
  double result = 0.0;
  if (std::from_chars(first, last, result).ec == std::errc()) return result;
  const bool negative = literal[0] == '-';
  // Decimal exponent of the leading significant digit: the explicit exponent (saturated),
  // adjusted by the position of that digit relative to the decimal point.
  std::int64_t exponent = 0;
  const std::size_t e = literal.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::size_t k = e + 1;
    const bool exponent_negative = k < literal.size() && literal[k] == '-';
    if (k < literal.size() && (literal[k] == '-' || literal[k] == '+')) ++k;
    for (; k < literal.size(); ++k) {
      if (exponent < (std::int64_t{1} << 40)) exponent = exponent * 10 + (literal[k] - '0');
    }
    if (exponent_negative) exponent = -exponent;
  }
  const std::string_view mantissa = literal.substr(negative ? 1 : 0, e - (negative ? 1 : 0));
  const std::size_t point = mantissa.find('.');
  const std::size_t integer_digits = point == std::string_view::npos ? mantissa.size() : point;
  const std::size_t significant = mantissa.find_first_not_of("0.");
  if (significant == std::string_view::npos) return negative ? -0.0 : 0.0;
  if (mantissa[0] != '0') {
    exponent += static_cast<std::int64_t>(integer_digits) - 1;
  } else {
    exponent -= static_cast<std::int64_t>(significant - point);
  }
  const double magnitude = exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return negative ? -magnitude : magnitude;
}

}  // namespace

JsonLoadResult python_json_loads(std::string_view bytes) {
  JsonLoadResult result;
  try {
    const DetectedEncoding detected = detect_encoding(bytes);
    bool surrogates = false;
    const std::size_t bad =
        decode(bytes.substr(detected.bom_size), detected.encoding, &result.text, &surrogates);
    if (bad != kValid) {
      result.status = Status::kNotText;
      result.message = std::string("'") + codec_name(detected.encoding) +
                       "' codec can't decode byte at position " +
                       std::to_string(bad + detected.bom_size);
      result.text.clear();
      return result;
    }
    Scanner scanner(result.text, surrogates);
    if (scanner.scan_document(&result.value)) {
      result.unrepresentable = scanner.take_unrepresentable();
      // Only errors report the text; free it otherwise.
      if (result.unrepresentable.empty()) std::string().swap(result.text);
      return result;
    }
    result.status = scanner.failure();
    result.message = scanner.message();
    if (result.status == Status::kDecodeError) {
      result.position = code_point_offset(result.text, scanner.error_offset());
    } else {
      result.text.clear();
    }
    result.value = nullptr;
  } catch (const std::bad_alloc&) {
    // Python's MemoryError reaches FastAPI's generic handler, like the other kNotText cases.
    result = JsonLoadResult();
    result.status = Status::kNotText;
    result.message = "MemoryError";
  }
  return result;
}

}  // namespace fastcpp::detail

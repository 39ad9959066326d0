#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fastcpp/detail/pyrepr.hpp"
#include "fastcpp/json_value.hpp"
#include "text.hpp"

namespace fastcpp {
namespace {

// `\uXXXX`, lowercase as Python writes it.
void append_escape(unsigned code_unit, std::string& out) {
  constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_unit >> shift) & 0xF];
}

// Python's json string encoder with ensure_ascii=False: only '"', '\\' and control characters
// below U+0020 are escaped (DEL, U+2028 and everything else go out as UTF-8).
void write_string(std::string_view text, std::string& out) {
  out += '"';
  std::size_t run_start = 0;  // bytes copied in bulk up to each escape
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      std::size_t size = detail::utf8_sequence_length(text, pos);
      if (size == 0 && detail::is_encoded_surrogate(text, pos)) {
        // A lone surrogate a request body sent, kept for its error (pyjson.hpp): Python would
        // fail to encode it, but the escape ensure_ascii writes gives the client its own text.
        out.append(text, run_start, pos - run_start);
        append_escape(detail::decode_encoded_surrogate(text, pos), out);
        run_start = pos;
        continue;
      }
      if (size == 0) {
        throw std::domain_error("string is not valid UTF-8");
      }
      pos += size;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++pos;
      continue;
    }
    out.append(text, run_start, pos - run_start);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        append_escape(c, out);
    }
    run_start = ++pos;
  }
  out.append(text, run_start, text.size() - run_start);
  out += '"';
}

template <class Integer>
void write_integer(Integer value, std::string& out) {
  char buffer[24];
  auto result = std::to_chars(std::begin(buffer), std::end(buffer), value);
  out.append(buffer, result.ptr);
}

void write_value(const json& value, std::string& out);

// One `"key":value` of an object, after a comma unless it is the object's first.
void write_member(std::string_view key, const json& value, bool& first, std::string& out) {
  if (!first) {
    out += ',';
  }
  first = false;
  write_string(key, out);
  out += ':';
  write_value(value, out);
}

void write_value(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        write_member(key, item, first, out);
      }
      out += '}';
      break;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) {
          out += ',';
        }
        first = false;
        write_value(item, out);
      }
      out += ']';
      break;
    }
    case json::value_t::string:
      write_string(value.get_ref<const std::string&>(), out);
      break;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      break;
    case json::value_t::number_integer:
      write_integer(value.get<std::int64_t>(), out);
      break;
    case json::value_t::number_unsigned:
      write_integer(value.get<std::uint64_t>(), out);
      break;
    case json::value_t::number_float: {
      double number = value.get<double>();
      if (!std::isfinite(number)) {
        // allow_nan=False: Python raises ValueError, FastAPI answers 500.
        throw std::domain_error("Out of range float values are not JSON compliant: " +
                                detail::py_float_repr(number));
      }
      // Python's json module writes floats with float.__repr__.
      detail::append_py_float_repr(number, out);
      break;
    }
    case json::value_t::null:
      out += "null";
      break;
    case json::value_t::binary: {
      const auto& bytes = value.get_binary();
      if (bytes.has_subtype() && bytes.subtype() == kPythonIntSubtype) {
        out.append(bytes.begin(), bytes.end());
        break;
      }
      throw std::domain_error("Object of type bytes is not JSON serializable");
    }
    case json::value_t::discarded:
      throw std::domain_error("discarded JSON value is not serializable");
  }
}

}  // namespace

json python_int(std::string_view digits) {
  return json::binary(json::binary_t::container_type(digits.begin(), digits.end()),
                      kPythonIntSubtype);
}

std::string json_dumps(const json& value) {
  std::string out;
  // Most responses are small; one early reservation avoids the first few regrowths.
  out.reserve(256);
  write_value(value, out);
  return out;
}

std::string json_dumps_object(std::initializer_list<JSONField> fields) {
  std::string out;
  out.reserve(256);
  out += '{';
  bool first = true;
  for (const auto* field = fields.begin(); field != fields.end(); ++field) {
    bool repeated = std::any_of(
        fields.begin(), field, [&](const JSONField& earlier) { return earlier.key == field->key; });
    if (!repeated) {
      write_member(field->key, field->value, first, out);
    }
  }
  out += '}';
  return out;
}

}  // namespace fastcpp

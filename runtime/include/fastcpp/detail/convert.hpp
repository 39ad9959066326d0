// fastcpp/detail/convert.hpp: pydantic v2's lax conversions, for the generated binding code.
//
// Strings (path, query, header and cookie values) and JSON values (bodies, validated in
// pydantic's Python mode) become C++ scalars exactly as FastAPI would accept or reject them.
// Nothing here throws; a failure fills a ConversionError with pydantic's `type`, `msg`, `ctx`.
#pragma once

#include <string>
#include <string_view>

#include "fastcpp/json_value.hpp"
#include "fastcpp/types.hpp"

namespace fastcpp::detail {

/// Why a value was rejected. `ctx` is null when pydantic sends none.
struct ConversionError {
  std::string type;
  std::string msg;
  json ctx;
};

/// From a string, as pydantic's lax mode converts `str` input. Integers reject values that do
/// not fit the C++ type with `greater_than_equal`/`less_than_equal` and its limit (pydantic would
/// accept them as Python ints; a C++ type cannot hold them).
bool parse_string(std::string_view text, bool& out, ConversionError& error);
bool parse_string(std::string_view text, short& out, ConversionError& error);
bool parse_string(std::string_view text, int& out, ConversionError& error);
bool parse_string(std::string_view text, long& out, ConversionError& error);
bool parse_string(std::string_view text, long long& out, ConversionError& error);
bool parse_string(std::string_view text, unsigned short& out, ConversionError& error);
bool parse_string(std::string_view text, unsigned int& out, ConversionError& error);
bool parse_string(std::string_view text, unsigned long& out, ConversionError& error);
bool parse_string(std::string_view text, unsigned long long& out, ConversionError& error);
bool parse_string(std::string_view text, float& out, ConversionError& error);
bool parse_string(std::string_view text, double& out, ConversionError& error);
bool parse_string(std::string_view text, std::string& out, ConversionError& error);
/// `uuid_parsing` with the reason in `ctx.error`, as pydantic quotes the Rust uuid crate.
bool parse_string(std::string_view text, UUID& out, ConversionError& error);

/// Python's datetime types, with pydantic's speedate rules (runtime/src/datetime.cpp): ISO 8601
/// strings, integer and float unix timestamps (milliseconds above 2e10) for a datetime or a
/// date, `datetime_from_date_parsing`, `date_from_datetime_inexact`, `time_parsing`,
/// `time_delta_parsing` and the rest with speedate's reason in `ctx.error`.
bool parse_string(std::string_view text, Date& out, ConversionError& error);
bool parse_string(std::string_view text, Time& out, ConversionError& error);
bool parse_string(std::string_view text, DateTime& out, ConversionError& error);
bool parse_string(std::string_view text, TimeDelta& out, ConversionError& error);

/// Python's Decimal as pydantic reads a string (fastcpp::Decimal::parse): `decimal_parsing`, and
/// `finite_number` for an infinity or a NaN.
bool parse_string(std::string_view text, Decimal& out, ConversionError& error);

/// From a JSON value, as pydantic's Python mode validates a decoded JSON body: `true` → 1 and
/// `5.0` → 5 for integers, `"5"` → 5, strings only for `std::string` (`string_type`), and
/// `finite_number` for a non-finite number given to an integer.
bool parse_json(const json& value, bool& out, ConversionError& error);
bool parse_json(const json& value, short& out, ConversionError& error);
bool parse_json(const json& value, int& out, ConversionError& error);
bool parse_json(const json& value, long& out, ConversionError& error);
bool parse_json(const json& value, long long& out, ConversionError& error);
bool parse_json(const json& value, unsigned short& out, ConversionError& error);
bool parse_json(const json& value, unsigned int& out, ConversionError& error);
bool parse_json(const json& value, unsigned long& out, ConversionError& error);
bool parse_json(const json& value, unsigned long long& out, ConversionError& error);
bool parse_json(const json& value, float& out, ConversionError& error);
bool parse_json(const json& value, double& out, ConversionError& error);
bool parse_json(const json& value, std::string& out, ConversionError& error);
/// A string as parse_string reads it; any other JSON value is `uuid_type`.
bool parse_json(const json& value, UUID& out, ConversionError& error);
/// A string as parse_string reads it; a number is a unix timestamp (datetime, date) or seconds
/// (time at UTC, timedelta; a bool is one too); anything else is `*_type`.
bool parse_json(const json& value, Date& out, ConversionError& error);
bool parse_json(const json& value, Time& out, ConversionError& error);
bool parse_json(const json& value, DateTime& out, ConversionError& error);
bool parse_json(const json& value, TimeDelta& out, ConversionError& error);
/// A string as parse_string reads it, an integer exactly, a float by its repr (`0.1` is 0.1);
/// anything else (a bool too) is `decimal_type`.
bool parse_json(const json& value, Decimal& out, ConversionError& error);

}  // namespace fastcpp::detail

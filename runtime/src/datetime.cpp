// Python's date, time, datetime and timedelta (fastcpp/datetime.hpp), and their conversions
// with pydantic 2.10's exact errors (fastcpp/detail/convert.hpp). pydantic-core parses them
// with the Rust `speedate` crate; the functions in the anonymous namespace follow its rules
// and quote its messages, and the parse_* functions below them follow pydantic-core's
// validators (which error type, which fallback, what a JSON number means).
#include "fastcpp/datetime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "fastcpp/detail/convert.hpp"

namespace fastcpp {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kMaxDeltaDays = 999'999'999;

// Howard Hinnant's days_from_civil and civil_from_days (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  return {y, static_cast<int>(m), static_cast<int>(d)};
}

bool is_leap_year(std::int64_t year) { return year % 100 == 0 ? year % 400 == 0 : year % 4 == 0; }

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// `+05:30`, `-00:00:15`: Python's rendering of a fixed offset (seconds only when there are).
std::string offset_text(std::chrono::seconds offset, bool zulu) {
  std::int64_t total = offset.count();
  if (zulu && total == 0) return "Z";
  char sign = total < 0 ? '-' : '+';
  total = std::llabs(total);
  std::string out = fmt::format("{}{:02}:{:02}", sign, total / 3600, total % 3600 / 60);
  if (total % 60 != 0) out += fmt::format(":{:02}", total % 60);
  return out;
}

std::string time_text(const Time& time, bool zulu) {
  std::string out = fmt::format("{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second());
  if (time.microsecond() != 0) out += fmt::format(".{:06}", time.microsecond());
  if (auto offset = time.utc_offset()) out += offset_text(*offset, zulu);
  return out;
}

}  // namespace

// ---- Date ------------------------------------------------------------------------------------

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return Date(year, month, day);
}

std::optional<Date> Date::from_days(Days days) {
  // 0001-01-01 and 9999-12-31.
  if (days.count() < -719162 || days.count() > 2932896) return std::nullopt;
  Civil civil = civil_from_days(days.count());
  return Date(static_cast<int>(civil.year), civil.month, civil.day);
}

Days Date::days() const noexcept {
  return Days(days_from_civil(year_, static_cast<unsigned>(month_), static_cast<unsigned>(day_)));
}

std::string Date::isoformat() const {
  return fmt::format("{:04}-{:02}-{:02}", year_, month_, day_);
}

// ---- Time ------------------------------------------------------------------------------------

std::optional<Time> Time::from_duration(std::chrono::microseconds since_midnight,
                                        std::optional<std::chrono::seconds> utc_offset) {
  if (since_midnight.count() < 0 || since_midnight.count() >= kSecondsPerDay * kMicrosPerSecond) {
    return std::nullopt;
  }
  if (utc_offset && std::llabs(utc_offset->count()) >= kSecondsPerDay) return std::nullopt;
  Time time;
  time.since_midnight_ = since_midnight;
  time.utc_offset_ = utc_offset;
  return time;
}

std::optional<Time> Time::from_hms(int hour, int minute, int second, int microsecond,
                                   std::optional<std::chrono::seconds> utc_offset) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
      microsecond < 0 || microsecond >= kMicrosPerSecond) {
    return std::nullopt;
  }
  std::int64_t seconds = hour * 3600 + minute * 60 + second;
  return from_duration(std::chrono::microseconds(seconds * kMicrosPerSecond + microsecond),
                       utc_offset);
}

int Time::hour() const noexcept {
  return static_cast<int>(since_midnight_.count() / (3600 * kMicrosPerSecond));
}
int Time::minute() const noexcept {
  return static_cast<int>(since_midnight_.count() / (60 * kMicrosPerSecond) % 60);
}
int Time::second() const noexcept {
  return static_cast<int>(since_midnight_.count() / kMicrosPerSecond % 60);
}
int Time::microsecond() const noexcept {
  return static_cast<int>(since_midnight_.count() % kMicrosPerSecond);
}

std::string Time::isoformat() const { return time_text(*this, false); }

// ---- DateTime --------------------------------------------------------------------------------

std::optional<DateTime> DateTime::from_time_point(TimePoint point,
                                                  std::optional<std::chrono::seconds> utc_offset) {
  if (utc_offset && std::llabs(utc_offset->count()) >= kSecondsPerDay) return std::nullopt;
  std::int64_t micros = point.time_since_epoch().count();
  if (utc_offset) micros += utc_offset->count() * kMicrosPerSecond;
  std::int64_t day = floor_div(micros, kSecondsPerDay * kMicrosPerSecond);
  auto date = Date::from_days(Days(day));
  if (!date) return std::nullopt;
  // In [0, 24 h) by the floor division, with an offset checked above: always a time.
  auto time = Time::from_duration(
      std::chrono::microseconds(micros - day * kSecondsPerDay * kMicrosPerSecond), utc_offset);
  return DateTime(*date, time.value());
}

TimePoint DateTime::time_point() const noexcept {
  std::int64_t micros =
      date_.days().count() * kSecondsPerDay * kMicrosPerSecond + time_.since_midnight().count();
  if (auto offset = time_.utc_offset()) micros -= offset->count() * kMicrosPerSecond;
  return TimePoint(std::chrono::microseconds(micros));
}

std::string DateTime::isoformat() const {
  return date_.isoformat() + "T" + time_text(time_, false);
}

// ---- TimeDelta -------------------------------------------------------------------------------

TimeDelta::TimeDelta(std::chrono::microseconds duration) {
  std::int64_t micros = duration.count();
  std::int64_t seconds = floor_div(micros, kMicrosPerSecond);
  microseconds_ = micros - seconds * kMicrosPerSecond;
  days_ = floor_div(seconds, kSecondsPerDay);
  seconds_ = seconds - days_ * kSecondsPerDay;
}

std::optional<TimeDelta> TimeDelta::from_parts(std::int64_t days, std::int64_t seconds,
                                               std::int64_t microseconds) {
  std::int64_t carry = floor_div(microseconds, kMicrosPerSecond);
  TimeDelta out;
  out.microseconds_ = microseconds - carry * kMicrosPerSecond;
  seconds += carry;
  carry = floor_div(seconds, kSecondsPerDay);
  out.seconds_ = seconds - carry * kSecondsPerDay;
  out.days_ = days + carry;
  if (out.days_ > kMaxDeltaDays || out.days_ < -kMaxDeltaDays) return std::nullopt;
  return out;
}

std::chrono::microseconds TimeDelta::duration() const noexcept {
  return std::chrono::microseconds((days_ * kSecondsPerDay + seconds_) * kMicrosPerSecond +
                                   microseconds_);
}

double TimeDelta::total_seconds() const noexcept {
  // Python divides the exact count of microseconds; a long double keeps it exact here.
  long double micros = static_cast<long double>(days_ * kSecondsPerDay + seconds_) *
                           static_cast<long double>(kMicrosPerSecond) +
                       static_cast<long double>(microseconds_);
  return static_cast<double>(micros / static_cast<long double>(kMicrosPerSecond));
}

std::string TimeDelta::isoformat() const {
  // pydantic-core writes the sign, then the magnitude as speedate's Duration does.
  bool negative = days_ < 0;
  std::int64_t days = days_;
  std::int64_t seconds = seconds_;
  std::int64_t micros = microseconds_;
  if (negative) {
    days = -days_ - 1;
    seconds = kSecondsPerDay - seconds_ - 1;
    micros = kMicrosPerSecond - microseconds_;
    if (micros == kMicrosPerSecond) {
      micros = 0;
      ++seconds;
    }
    if (seconds == kSecondsPerDay) {
      seconds = 0;
      ++days;
    }
  }
  std::string out = negative ? "-P" : "P";
  if (days / 365 != 0) out += fmt::format("{}Y", days / 365);
  if (days % 365 != 0) out += fmt::format("{}D", days % 365);
  if (seconds != 0 || micros != 0) {
    out += 'T';
    if (seconds / 3600 != 0) out += fmt::format("{}H", seconds / 3600);
    if (seconds % 3600 / 60 != 0) out += fmt::format("{}M", seconds % 3600 / 60);
    if (seconds % 60 != 0 || micros != 0) {
      out += fmt::format("{}", seconds % 60);
      if (micros != 0) {
        std::string fraction = fmt::format("{:06}", micros);
        fraction.erase(fraction.find_last_not_of('0') + 1);
        out += "." + fraction;
      }
      out += 'S';
    }
  }
  if (days == 0 && seconds == 0 && micros == 0) out += "T0S";
  return out;
}

// ---- JSON ------------------------------------------------------------------------------------

void to_json(json& out, const Date& value) { out = value.isoformat(); }
void to_json(json& out, const Time& value) { out = value.isoformat(); }
void to_json(json& out, const DateTime& value) { out = value.isoformat(); }
void to_json(json& out, const TimeDelta& value) { out = value.total_seconds(); }

json to_model_json(const Date& value) { return value.isoformat(); }
json to_model_json(const Time& value) { return time_text(value, true); }
json to_model_json(const DateTime& value) {
  return value.date().isoformat() + "T" + time_text(value.time(), true);
}
json to_model_json(const TimeDelta& value) { return value.isoformat(); }

// ---- speedate --------------------------------------------------------------------------------

namespace {

// speedate's ParseError messages (its doc comments, which pydantic quotes in ctx.error).
constexpr const char* kTooShort = "input is too short";
constexpr const char* kExtraCharacters = "unexpected extra characters at the end of the input";
constexpr const char* kInvalidCharDateTimeSep =
    "invalid datetime separator, expected `T`, `t`, `_` or space";
constexpr const char* kInvalidCharDateSep = "invalid date separator, expected `-`";
constexpr const char* kDateNotExact = "Timestamp is not an exact date";
constexpr const char* kInvalidCharYear = "invalid character in year";
constexpr const char* kInvalidCharMonth = "invalid character in month";
constexpr const char* kInvalidCharDay = "invalid character in day";
constexpr const char* kInvalidCharTimeSep = "invalid time separator, expected `:`";
constexpr const char* kInvalidCharHour = "invalid character in hour";
constexpr const char* kInvalidCharMinute = "invalid character in minute";
constexpr const char* kInvalidCharSecond = "invalid character in second";
constexpr const char* kInvalidCharTzSign = "invalid timezone sign";
constexpr const char* kInvalidCharTzHour = "invalid timezone hour";
constexpr const char* kInvalidCharTzMinute = "invalid timezone minute";
constexpr const char* kOutOfRangeTzMinute =
    "timezone minute value is outside expected range of 0-59";
constexpr const char* kOutOfRangeTz = "timezone offset must be less than 24 hours";
constexpr const char* kOutOfRangeMonth = "month value is outside expected range of 1-12";
constexpr const char* kOutOfRangeDay = "day value is outside expected range";
constexpr const char* kOutOfRangeHour = "hour value is outside expected range of 0-23";
constexpr const char* kOutOfRangeMinute = "minute value is outside expected range of 0-59";
constexpr const char* kOutOfRangeSecond = "second value is outside expected range of 0-59";
constexpr const char* kSecondFractionMissing = "second fraction digits missing after `.`";
constexpr const char* kDurationInvalidNumber = "invalid digit in duration";
constexpr const char* kDurationTRepeated = "`t` character repeated in duration";
constexpr const char* kDurationInvalidFraction = "quantity fraction invalid in duration";
constexpr const char* kDurationInvalidTimeUnit = "quantity invalid in time part of duration";
constexpr const char* kDurationInvalidDateUnit = "quantity invalid in date part of duration";
constexpr const char* kDurationInvalidDays =
    "\"day\" identifier in duration not correctly formatted";
constexpr const char* kDurationValueTooLarge = "a numeric value in the duration is too large";
constexpr const char* kDurationHourValueTooLarge = "durations may not exceed 999,999,999 hours";
constexpr const char* kDurationDaysTooLarge = "durations may not exceed 999,999,999 days";
constexpr const char* kDateTooSmall = "dates before 0000 are not supported as unix timestamps";
constexpr const char* kDateTooLarge = "dates after 9999 are not supported as unix timestamps";
constexpr const char* kTimeTooLarge = "numeric times may not exceed 86,399 seconds";
// pydantic-core's own, and Python's (a speedate date of year 0 is no Python date).
constexpr const char* kNaN = "NaN values not permitted";
constexpr const char* kNegativeTime = "time in seconds should be positive";
constexpr const char* kYearZero = "year 0 is out of range";

// Above it a timestamp is in milliseconds (2e10 s is 2603-10-11, 2e10 ms 1970-08-20).
constexpr std::int64_t kMsWatershed = 20'000'000'000;
constexpr std::int64_t kUnix9999 = 253'402'300'799;  // 9999-12-31T23:59:59
constexpr std::int64_t kUnix0000 = -62'167'219'200;  // 0000-01-01T00:00:00

using Error = const char*;  // nullptr: no error

struct RawDate {
  std::int64_t year = 0;
  int month = 0;
  int day = 0;
};

struct RawTime {
  std::int64_t second = 0;  // since midnight
  std::int64_t microsecond = 0;
  std::optional<std::int64_t> offset;
};

struct RawDateTime {
  RawDate date;
  RawTime time;
};

struct RawDuration {
  bool positive = true;
  std::int64_t day = 0;
  std::int64_t second = 0;
  std::int64_t microsecond = 0;
};

bool digit_at(std::string_view bytes, std::size_t at, int& out) {
  if (at >= bytes.size() || bytes[at] < '0' || bytes[at] > '9') return false;
  out = bytes[at] - '0';
  return true;
}

// Date::parse_bytes_partial: YYYY-MM-DD at the start.
Error date_partial(std::string_view bytes, RawDate& out) {
  if (bytes.size() < 10) return kTooShort;
  int d[8];
  for (int i = 0; i < 4; ++i) {
    if (!digit_at(bytes, static_cast<std::size_t>(i), d[i])) return kInvalidCharYear;
  }
  if (bytes[4] != '-') return kInvalidCharDateSep;
  if (!digit_at(bytes, 5, d[4]) || !digit_at(bytes, 6, d[5])) return kInvalidCharMonth;
  if (bytes[7] != '-') return kInvalidCharDateSep;
  if (!digit_at(bytes, 8, d[6]) || !digit_at(bytes, 9, d[7])) return kInvalidCharDay;
  out.year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
  out.month = d[4] * 10 + d[5];
  out.day = d[6] * 10 + d[7];
  if (out.month < 1 || out.month > 12) return kOutOfRangeMonth;
  if (out.day < 1 || out.day > days_in_month(out.year, out.month)) return kOutOfRangeDay;
  return nullptr;
}

// numbers.rs: an optionally signed run of digits that fits an i64; `.` tells a float.
enum class Number { kInt, kFloat, kNone };

Number parse_number(std::string_view bytes, std::int64_t& integer, double& floating) {
  std::size_t at = 0;
  bool negative = false;
  if (!bytes.empty() && (bytes[0] == '-' || bytes[0] == '+')) {
    negative = bytes[0] == '-';
    at = 1;
  }
  if (at >= bytes.size()) return Number::kNone;
  std::uint64_t value = 0;
  for (std::size_t i = at; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c < '0' || c > '9') {
      if (c != '.' || i == at) return Number::kNone;
      // lexical's standard float format: digits, `.`, digits (maybe none), an exponent.
      std::string text(bytes);
      char* end = nullptr;
      floating = std::strtod(text.c_str(), &end);
      // strtod also reads hexadecimal, `inf` and `nan`, which lexical does not.
      bool hex_or_word = text.find_first_of("xXnNiI") != std::string::npos;
      if (end != text.c_str() + text.size() || hex_or_word) return Number::kNone;
      return Number::kFloat;
    }
    auto digit = static_cast<std::uint64_t>(c - '0');
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (value > (kMax - digit) / 10) return Number::kNone;  // an i64 overflow: not a number
    value = value * 10 + digit;
  }
  integer = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
  return Number::kInt;
}

// util.rs timestamp_watershed: seconds, or milliseconds beyond 2e10.
Error watershed(std::int64_t timestamp, std::int64_t& seconds, std::int64_t& micros) {
  if (timestamp == std::numeric_limits<std::int64_t>::min()) return kDateTooSmall;
  if (std::llabs(timestamp) <= kMsWatershed) {
    seconds = timestamp;
    micros = 0;
    return nullptr;
  }
  seconds = timestamp / 1000;
  micros = timestamp % 1000 * 1000;
  if (micros < 0) {
    seconds -= 1;
    micros += kMicrosPerSecond;
  }
  return nullptr;
}

// Date::from_timestamp_calc: the date and the seconds left in its day.
Error date_from_seconds(std::int64_t seconds, RawDate& date, std::int64_t& remaining) {
  if (seconds < kUnix0000) return kDateTooSmall;
  if (seconds > kUnix9999) return kDateTooLarge;
  std::int64_t day = floor_div(seconds, kSecondsPerDay);
  Civil civil = civil_from_days(day);
  date = {civil.year, civil.month, civil.day};
  remaining = seconds - day * kSecondsPerDay;
  return nullptr;
}

// Date::parse_bytes: YYYY-MM-DD exactly, else an integer timestamp at exactly midnight.
Error date_parse(std::string_view bytes, RawDate& out) {
  Error error = date_partial(bytes, out);
  if (error == nullptr && bytes.size() > 10) error = kExtraCharacters;
  if (error == nullptr) return nullptr;
  std::int64_t integer = 0;
  double floating = 0;
  if (parse_number(bytes, integer, floating) != Number::kInt) {
    // int_parse_bytes: a float is not an integer either.
    return error;
  }
  std::int64_t seconds = 0;
  std::int64_t micros = 0;
  if (Error e = watershed(integer, seconds, micros)) return e;
  std::int64_t remaining = 0;
  if (Error e = date_from_seconds(seconds, out, remaining)) return e;
  if (remaining != 0 || micros != 0) return kDateNotExact;
  return nullptr;
}

// Time::parse_bytes_offset: HH:MM[:SS[.f+]][Z|±HH[:]MM], from `offset` to the end.
Error time_parse(std::string_view bytes, std::size_t offset, RawTime& out) {
  if (bytes.size() - offset < 5) return kTooShort;
  int h1 = 0;
  int h2 = 0;
  int m1 = 0;
  int m2 = 0;
  if (!digit_at(bytes, offset, h1) || !digit_at(bytes, offset + 1, h2)) return kInvalidCharHour;
  if (bytes[offset + 2] != ':') return kInvalidCharTimeSep;
  if (!digit_at(bytes, offset + 3, m1) || !digit_at(bytes, offset + 4, m2)) {
    return kInvalidCharMinute;
  }
  int hour = h1 * 10 + h2;
  int minute = m1 * 10 + m2;
  if (hour > 23) return kOutOfRangeHour;
  if (minute > 59) return kOutOfRangeMinute;
  std::size_t position = offset + 5;
  int second = 0;
  std::int64_t micros = 0;
  if (position < bytes.size() && bytes[position] == ':') {
    int s1 = 0;
    int s2 = 0;
    if (!digit_at(bytes, offset + 6, s1) || !digit_at(bytes, offset + 7, s2)) {
      return kInvalidCharSecond;
    }
    second = s1 * 10 + s2;
    if (second > 59) return kOutOfRangeSecond;
    position = offset + 8;
    if (position < bytes.size() && (bytes[position] == '.' || bytes[position] == ',')) {
      ++position;
      std::size_t digits = 0;
      int digit = 0;
      while (digit_at(bytes, position + digits, digit)) {
        if (digits < 6) micros = micros * 10 + digit;  // beyond 6 digits: truncated
        ++digits;
      }
      if (digits == 0) return kSecondFractionMissing;
      for (std::size_t i = digits; i < 6; ++i) micros *= 10;
      position += digits;
    }
  }
  out.second = hour * 3600 + minute * 60 + second;
  out.microsecond = micros;
  out.offset.reset();
  if (position < bytes.size()) {
    char next = bytes[position++];
    if (next == 'Z' || next == 'z') {
      out.offset = 0;
    } else {
      int sign = 1;
      if (next == '+') {
        sign = 1;
      } else if (next == '-') {
        sign = -1;
      } else if (static_cast<unsigned char>(next) == 0xE2) {
        // U+2212 MINUS SIGN, which ISO 8601 allows for negative offsets.
        if (bytes.substr(position, 2) != "\x88\x92") return kInvalidCharTzSign;
        position += 2;
        sign = -1;
      } else {
        return kInvalidCharTzSign;
      }
      int th1 = 0;
      int th2 = 0;
      if (!digit_at(bytes, position, th1) || !digit_at(bytes, position + 1, th2)) {
        return kInvalidCharTzHour;
      }
      int tm1 = 0;
      if (position + 2 < bytes.size() && bytes[position + 2] == ':') {
        position += 3;
        if (!digit_at(bytes, position, tm1)) return kInvalidCharTzMinute;
      } else if (digit_at(bytes, position + 2, tm1)) {
        position += 2;
      } else {
        return kInvalidCharTzMinute;
      }
      int tm2 = 0;
      if (!digit_at(bytes, position + 1, tm2)) return kInvalidCharTzMinute;
      int minute_seconds = tm1 * 600 + tm2 * 60;
      if (minute_seconds >= 3600) return kOutOfRangeTzMinute;
      int value = sign * (th1 * 36000 + th2 * 3600 + minute_seconds);
      if (std::abs(value) >= 24 * 3600) return kOutOfRangeTz;
      out.offset = value;
      position += 2;
    }
  }
  if (bytes.size() > position) return kExtraCharacters;
  return nullptr;
}

// DateTime::from_timestamp_with_config, at UTC (pydantic's unix_timestamp_offset).
Error datetime_from_timestamp(std::int64_t timestamp, std::int64_t extra_micros, RawDateTime& out) {
  std::int64_t seconds = 0;
  std::int64_t micros = 0;
  if (Error e = watershed(timestamp, seconds, micros)) return e;
  micros += extra_micros;
  if (micros >= kMicrosPerSecond) {
    seconds += micros / kMicrosPerSecond;
    micros %= kMicrosPerSecond;
  }
  std::int64_t remaining = 0;
  if (Error e = date_from_seconds(seconds, out.date, remaining)) return e;
  out.time = {remaining, micros, 0};
  return nullptr;
}

// DateTime::parse_bytes: RFC 3339, else a number (a float string: floor and fraction).
Error datetime_parse(std::string_view bytes, RawDateTime& out) {
  Error error = date_partial(bytes, out.date);
  if (error == nullptr) {
    char sep = bytes.size() > 10 ? bytes[10] : '\0';
    if (sep != 'T' && sep != 't' && sep != ' ' && sep != '_') {
      error = kInvalidCharDateTimeSep;
    } else {
      error = time_parse(bytes, 11, out.time);
    }
  }
  if (error == nullptr) return nullptr;
  std::int64_t integer = 0;
  double floating = 0;
  switch (parse_number(bytes, integer, floating)) {
    case Number::kInt:
      return datetime_from_timestamp(integer, 0, out);
    case Number::kFloat: {
      double normalized =
          std::fabs(floating) > static_cast<double>(kMsWatershed) ? floating / 1000 : floating;
      double seconds = std::floor(normalized);
      if (!(seconds > -9.2e18 && seconds < 9.2e18)) {
        return seconds < 0 ? kDateTooSmall : kDateTooLarge;  // Rust's `as i64` saturates
      }
      auto micros = static_cast<std::int64_t>(std::round((normalized - seconds) * 1e6));
      // As speedate does, the seconds go through the watershed again.
      return datetime_from_timestamp(static_cast<std::int64_t>(seconds), micros, out);
    }
    case Number::kNone:
      break;
  }
  return error;
}

// Duration: ISO 8601 (`P...`), `[D day[s][,]] HH:MM[:SS[.f]]` or `HH:MM:SS`.
Error duration_time(std::string_view bytes, RawDuration& out) {
  if (bytes.size() < 5) return kTooShort;
  std::size_t colon = bytes.find(':');
  if (colon == std::string_view::npos) return kInvalidCharHour;
  std::string_view hour_part = bytes.substr(0, colon);
  std::string_view remaining = bytes.substr(colon + 1);
  if (hour_part.size() > 10) return kDurationHourValueTooLarge;
  std::int64_t hour = 0;
  for (char c : hour_part) {
    if (c < '0' || c > '9') return kInvalidCharHour;
    hour = hour * 10 + (c - '0');
  }
  if (hour > 24 * 100'000'000LL) return kDurationHourValueTooLarge;
  std::string rebuilt = "00:";
  rebuilt += remaining.substr(0, 12);  // "00:00:00.000000" at most; the rest truncated
  RawTime time;
  // PureTime only: a trailing offset-like character is extra here.
  std::string_view view = rebuilt;
  Error error = time_parse(view, 0, time);
  if (error != nullptr) {
    if (error == kInvalidCharTzSign || error == kInvalidCharTzHour ||
        error == kInvalidCharTzMinute || error == kOutOfRangeTzMinute || error == kOutOfRangeTz ||
        time.offset) {
      return kExtraCharacters;
    }
    return error;
  }
  if (time.offset) return kExtraCharacters;
  out.day = hour / 24;
  out.second = time.second + hour % 24 * 3600;
  out.microsecond = time.microsecond;
  return nullptr;
}

Error duration_number(std::string_view bytes, std::size_t& position, std::int64_t& value) {
  if (position >= bytes.size() || bytes[position] < '0' || bytes[position] > '9') {
    return kDurationInvalidNumber;
  }
  value = 0;
  while (position < bytes.size() && bytes[position] >= '0' && bytes[position] <= '9') {
    value = value * 10 + (bytes[position] - '0');
    if (value > std::numeric_limits<std::uint32_t>::max()) return kDurationValueTooLarge;
    ++position;
  }
  return nullptr;
}

Error duration_iso(std::string_view bytes, RawDuration& out) {
  bool got_t = false;
  bool last_had_fraction = false;
  std::size_t position = 0;
  constexpr std::int64_t kU32 = std::numeric_limits<std::uint32_t>::max();
  auto checked = [](std::int64_t value) { return value <= kU32; };
  while (position < bytes.size()) {
    if (bytes[position] == 'T') {
      if (got_t) return kDurationTRepeated;
      got_t = true;
    } else {
      std::int64_t value = 0;
      if (Error e = duration_number(bytes, position, value)) return e;
      std::optional<double> fraction;
      if (position < bytes.size() && (bytes[position] == '.' || bytes[position] == ',')) {
        double decimal = 0;
        double denominator = 1;
        ++position;
        while (position < bytes.size() && bytes[position] >= '0' && bytes[position] <= '9') {
          decimal = decimal * 10 + (bytes[position] - '0');
          denominator *= 10;
          ++position;
        }
        fraction = decimal / denominator;
      }
      if (last_had_fraction) return kDurationInvalidFraction;
      if (fraction) last_had_fraction = true;
      char unit = position < bytes.size() ? bytes[position] : '\0';
      if (got_t) {
        std::int64_t mult = unit == 'H' ? 3600 : unit == 'M' ? 60 : unit == 'S' ? 1 : 0;
        if (mult == 0) return kDurationInvalidTimeUnit;
        if (!checked(mult * value) || !checked(out.second + mult * value)) {
          return kDurationValueTooLarge;
        }
        out.second += mult * value;
        if (fraction) {
          double extra = *fraction * static_cast<double>(mult);
          double full = std::trunc(extra);
          out.second += static_cast<std::int64_t>(full);
          out.microsecond += static_cast<std::int64_t>(std::round((extra - full) * 1e6));
        }
      } else {
        std::int64_t mult = unit == 'Y'   ? 365
                            : unit == 'M' ? 30
                            : unit == 'W' ? 7
                            : unit == 'D' ? 1
                                          : 0;
        if (mult == 0) return kDurationInvalidDateUnit;
        if (!checked(value * mult) || !checked(out.day + value * mult)) {
          return kDurationValueTooLarge;
        }
        out.day += value * mult;
        if (fraction) {
          double extra_days = *fraction * static_cast<double>(mult);
          double full_days = std::trunc(extra_days);
          out.day += static_cast<std::int64_t>(full_days);
          double extra_seconds = (extra_days - full_days) * 86400.0;
          double full_seconds = std::trunc(extra_seconds);
          out.second += static_cast<std::int64_t>(full_seconds);
          out.microsecond +=
              static_cast<std::int64_t>(std::round((extra_seconds - full_seconds) * 1e6));
        }
      }
    }
    ++position;
  }
  if (position < 2) return kTooShort;
  return nullptr;
}

Error duration_days_time(std::string_view bytes, RawDuration& out) {
  if (bytes.empty()) return kTooShort;
  std::size_t position = 0;
  std::int64_t day = 0;
  if (Error e = duration_number(bytes, position, day)) return e;
  std::string_view rest = bytes.substr(position);
  if (rest.size() >= 2 && rest[0] == ' ' && (rest[1] == 'd' || rest[1] == 'D')) {
    rest.remove_prefix(2);
  } else if (!rest.empty() && (rest[0] == 'd' || rest[0] == 'D')) {
    rest.remove_prefix(1);
  } else {
    return kDurationInvalidDays;
  }
  auto starts = [&rest](std::string_view prefix) {
    return rest.substr(0, prefix.size()) == prefix;
  };
  if (starts("ays") || starts("AYS")) {
    rest.remove_prefix(3);
  } else if (starts("ay") || starts("AY")) {
    rest.remove_prefix(2);
  } else if (starts("a") || starts("A")) {
    return kDurationInvalidDays;
  }
  if (starts(", ")) {
    rest.remove_prefix(2);
  } else if (starts(",") || starts(" ")) {
    rest.remove_prefix(1);
  }
  out.day = day;
  if (rest.empty()) return nullptr;
  RawDuration time;
  if (Error e = duration_time(rest, time)) return e;
  if (time.day > 0) return kDurationHourValueTooLarge;
  out.second = time.second;
  out.microsecond = time.microsecond;
  return nullptr;
}

Error normalize(RawDuration& d) {
  if (d.microsecond >= kMicrosPerSecond) {
    d.second += d.microsecond / kMicrosPerSecond;
    d.microsecond %= kMicrosPerSecond;
  }
  if (d.second >= kSecondsPerDay) {
    d.day += d.second / kSecondsPerDay;
    d.second %= kSecondsPerDay;
  }
  if (d.day > kMaxDeltaDays) return kDurationDaysTooLarge;
  return nullptr;
}

Error duration_parse(std::string_view bytes, RawDuration& out) {
  out = {};
  if (!bytes.empty() && (bytes[0] == '-' || bytes[0] == '+')) {
    out.positive = bytes[0] == '+';
    bytes.remove_prefix(1);
  }
  bool positive = out.positive;
  Error error = nullptr;
  if (bytes.empty()) {
    return kTooShort;
  } else if (bytes[0] == 'P') {
    error = duration_iso(bytes.substr(1), out);
  } else if (bytes.find_first_of("dD") != std::string_view::npos || bytes.size() < 5) {
    error = duration_days_time(bytes, out);
  } else {
    error = duration_time(bytes, out);
  }
  if (error != nullptr) return error;
  out.positive = positive;
  return normalize(out);
}

// Python's timedelta(days=-d, seconds=-s, microseconds=-us) for a negative one: beyond
// -999,999,999 days once normalized, where Python raises OverflowError.
Error to_timedelta(const RawDuration& d, TimeDelta& out) {
  std::int64_t sign = d.positive ? 1 : -1;
  auto delta = TimeDelta::from_parts(sign * d.day, sign * d.second, sign * d.microsecond);
  if (!delta) return kDurationDaysTooLarge;
  out = *delta;
  return nullptr;
}

std::optional<std::chrono::seconds> to_offset(const std::optional<std::int64_t>& offset) {
  if (!offset) return std::nullopt;
  return std::chrono::seconds(*offset);
}

Time to_time(const RawTime& t) {
  // The parser has checked the fields' ranges: always a time.
  return Time::from_duration(std::chrono::microseconds(t.second * kMicrosPerSecond + t.microsecond),
                             to_offset(t.offset))
      .value();
}

}  // namespace

// ---- pydantic-core's validators ----------------------------------------------------------------

namespace detail {
namespace {

ConversionError parsing_error(const char* type, const char* prefix, const char* reason) {
  return {type, std::string(prefix) + reason, {{"error", reason}}};
}

ConversionError datetime_parsing(const char* reason) {
  return parsing_error("datetime_parsing", "Input should be a valid datetime, ", reason);
}

// A speedate date of year 0 is refused when Python makes a date of it.
bool to_date(const RawDate& raw, Date& out) {
  auto date = Date::from_ymd(static_cast<int>(raw.year), raw.month, raw.day);
  if (!date) return false;
  out = *date;
  return true;
}

bool to_datetime(const RawDateTime& raw, DateTime& out, ConversionError& error) {
  Date date;
  if (!to_date(raw.date, date)) {
    error = datetime_parsing(kYearZero);
    return false;
  }
  out = DateTime(date, to_time(raw.time));
  return true;
}

// int_as_datetime and float_as_datetime: a unix timestamp at UTC.
bool datetime_from_number(const json& value, DateTime& out, ConversionError& error) {
  RawDateTime raw;
  Error reason = nullptr;
  if (value.is_number_float()) {
    double number = value.get<double>();
    if (std::isnan(number)) {
      error = datetime_parsing(kNaN);
      return false;
    }
    double whole = std::floor(number);
    // pydantic-core adds |fraction| to the floor: -1.25 is -2 s + 0.25 s (not -1.25 s).
    auto micros =
        static_cast<std::int64_t>(std::round(std::fabs(number - std::trunc(number)) * 1e6));
    if (!(whole > -9.2e18 && whole < 9.2e18)) {
      reason = whole < 0 ? kDateTooSmall : kDateTooLarge;
    } else {
      reason = datetime_from_timestamp(static_cast<std::int64_t>(whole), micros, raw);
    }
  } else if (value.is_number_unsigned() &&
             value.get<std::uint64_t>() >
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    reason = kDateTooLarge;
  } else {
    reason = datetime_from_timestamp(value.get<std::int64_t>(), 0, raw);
  }
  if (reason != nullptr) {
    error = datetime_parsing(reason);
    return false;
  }
  return to_datetime(raw, out, error);
}

bool datetime_from_string(std::string_view text, DateTime& out, ConversionError& error) {
  RawDateTime raw;
  if (datetime_parse(text, raw) == nullptr) return to_datetime(raw, out, error);
  // A date alone is midnight; when it is not one either, the date's error is the answer.
  RawDate date;
  if (Error reason = date_parse(text, date)) {
    error = parsing_error("datetime_from_date_parsing",
                          "Input should be a valid datetime or date, ", reason);
    return false;
  }
  Date value;
  if (!to_date(date, value)) {
    error = datetime_parsing(kYearZero);
    return false;
  }
  out = DateTime(value, Time());
  return true;
}

// date_from_datetime: a datetime at exactly midnight, whatever its offset.
bool date_from_datetime(const DateTime& datetime, Date& out, ConversionError& error) {
  if (datetime.time().since_midnight().count() != 0) {
    error = {"date_from_datetime_inexact",
             "Datetimes provided to dates should have zero time - e.g. be exact dates", nullptr};
    return false;
  }
  out = datetime.date();
  return true;
}

ConversionError date_from_datetime_parsing(const ConversionError& datetime_error) {
  const std::string& reason = datetime_error.ctx["error"].get_ref<const std::string&>();
  return parsing_error("date_from_datetime_parsing", "Input should be a valid date or datetime, ",
                       reason.c_str());
}

ConversionError time_parsing(const char* reason) {
  return parsing_error("time_parsing", "Input should be in a valid time format, ", reason);
}

ConversionError time_delta_parsing(const char* reason) {
  return parsing_error("time_delta_parsing", "Input should be a valid timedelta, ", reason);
}

ConversionError type_error(const char* type, const char* what) {
  return {type, std::string("Input should be a valid ") + what, nullptr};
}

}  // namespace

bool parse_string(std::string_view text, DateTime& out, ConversionError& error) {
  return datetime_from_string(text, out, error);
}

bool parse_json(const json& value, DateTime& out, ConversionError& error) {
  if (value.is_string())
    return datetime_from_string(value.get_ref<const std::string&>(), out, error);
  if (value.is_number()) return datetime_from_number(value, out, error);
  error = type_error("datetime_type", "datetime");
  return false;
}

bool parse_string(std::string_view text, Date& out, ConversionError& error) {
  RawDate raw;
  if (date_parse(text, raw) == nullptr) {
    if (to_date(raw, out)) return true;
    error = parsing_error("date_parsing", "Input should be a valid date in the format YYYY-MM-DD, ",
                          kYearZero);
    return false;
  }
  // Else a datetime at midnight (no date fallback in this datetime).
  RawDateTime datetime_raw;
  if (Error reason = datetime_parse(text, datetime_raw)) {
    error = parsing_error("date_from_datetime_parsing",
                          "Input should be a valid date or datetime, ", reason);
    return false;
  }
  DateTime datetime;
  if (!to_datetime(datetime_raw, datetime, error)) {
    error = date_from_datetime_parsing(error);
    return false;
  }
  return date_from_datetime(datetime, out, error);
}

bool parse_json(const json& value, Date& out, ConversionError& error) {
  if (value.is_string()) return parse_string(value.get_ref<const std::string&>(), out, error);
  if (value.is_number()) {
    DateTime datetime;
    if (!datetime_from_number(value, datetime, error)) {
      error = date_from_datetime_parsing(error);
      return false;
    }
    return date_from_datetime(datetime, out, error);
  }
  error = type_error("date_type", "date");
  return false;
}

bool parse_string(std::string_view text, Time& out, ConversionError& error) {
  RawTime raw;
  if (Error reason = time_parse(text, 0, raw)) {
    error = time_parsing(reason);
    return false;
  }
  out = to_time(raw);
  return true;
}

bool parse_json(const json& value, Time& out, ConversionError& error) {
  if (value.is_string()) return parse_string(value.get_ref<const std::string&>(), out, error);
  if (!value.is_number()) {
    error = type_error("time_type", "time");
    return false;
  }
  // int_as_time and float_as_time: seconds since midnight, at UTC.
  std::int64_t seconds = 0;
  std::int64_t micros = 0;
  if (value.is_number_float()) {
    double number = value.get<double>();
    if (std::isnan(number)) {
      error = time_parsing(kNaN);
      return false;
    }
    double whole = std::floor(number);
    micros = static_cast<std::int64_t>(std::round(std::fabs(number - std::trunc(number)) * 1e6));
    seconds = whole < 0 ? -1 : whole > 4294967295.0 ? 4294967295 : static_cast<std::int64_t>(whole);
  } else if (value.is_number_unsigned()) {
    seconds =
        static_cast<std::int64_t>(std::min<std::uint64_t>(value.get<std::uint64_t>(), 4294967295U));
  } else {
    seconds = value.get<std::int64_t>();
  }
  if (seconds < 0) {
    error = time_parsing(kNegativeTime);
    return false;
  }
  seconds = std::min<std::int64_t>(seconds, 4294967295);
  if (micros >= kMicrosPerSecond) {
    seconds += micros / kMicrosPerSecond;
    micros %= kMicrosPerSecond;
  }
  if (seconds >= kSecondsPerDay) {
    error = time_parsing(kTimeTooLarge);
    return false;
  }
  out = to_time({seconds, micros, 0});
  return true;
}

bool parse_string(std::string_view text, TimeDelta& out, ConversionError& error) {
  RawDuration raw;
  Error reason = duration_parse(text, raw);
  if (reason == nullptr) reason = to_timedelta(raw, out);
  if (reason != nullptr) {
    error = time_delta_parsing(reason);
    return false;
  }
  return true;
}

bool parse_json(const json& value, TimeDelta& out, ConversionError& error) {
  if (value.is_string()) return parse_string(value.get_ref<const std::string&>(), out, error);
  RawDuration raw;
  if (value.is_boolean()) {
    raw.second = value.get<bool>() ? 1 : 0;  // a bool is an int in Python
  } else if (value.is_number_float()) {
    // float_as_duration: the magnitude's days, seconds and rounded microseconds (saturating).
    double number = value.get<double>();
    if (std::isnan(number)) {
      error = time_delta_parsing(kNaN);
      return false;
    }
    raw.positive = number >= 0;
    double magnitude = std::fabs(number);
    double days = magnitude / 86400.0;
    raw.day = days >= 4294967295.0 ? 4294967295 : static_cast<std::int64_t>(days);
    double whole = std::trunc(magnitude);
    raw.second = whole >= 1.8e19
                     ? static_cast<std::int64_t>(18446744073709551615ULL % 86400)
                     : static_cast<std::int64_t>(static_cast<std::uint64_t>(whole) % 86400);
    raw.microsecond = static_cast<std::int64_t>(std::round((magnitude - whole) * 1e6));
  } else if (value.is_number_unsigned()) {
    std::uint64_t magnitude = value.get<std::uint64_t>();
    raw.day = static_cast<std::int64_t>(std::min<std::uint64_t>(magnitude / 86400, 4294967295U));
    raw.second = static_cast<std::int64_t>(magnitude % 86400);
  } else if (value.is_number_integer()) {
    std::int64_t number = value.get<std::int64_t>();
    raw.positive = number >= 0;
    std::uint64_t magnitude =
        number < 0 ? 0 - static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number);
    raw.day = static_cast<std::int64_t>(std::min<std::uint64_t>(magnitude / 86400, 4294967295U));
    raw.second = static_cast<std::int64_t>(magnitude % 86400);
  } else {
    error = type_error("time_delta_type", "timedelta");
    return false;
  }
  Error reason = normalize(raw);
  if (reason == nullptr) reason = to_timedelta(raw, out);
  if (reason != nullptr) {
    error = time_delta_parsing(reason);
    return false;
  }
  return true;
}

}  // namespace detail
}  // namespace fastcpp

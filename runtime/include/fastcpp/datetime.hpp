// fastcpp/datetime.hpp: Python's datetime.date, datetime.time, datetime.datetime and
// datetime.timedelta, as pydantic 2.10 reads them and FastAPI renders them.
//
// Each keeps exactly what the Python value holds, so that every value pydantic accepts has one
// here: a calendar date of years 1 to 9999, a time of day to the microsecond, an optional fixed
// UTC offset (pydantic's TzInfo; less than 24 hours either way), and a timedelta as Python
// normalizes it (days, seconds in [0, 86400), microseconds in [0, 10^6)) over Python's range of
// ±999,999,999 days, which a 64-bit count of microseconds (std::chrono::microseconds) cannot
// hold. std::chrono is the way in and out: Date::days(), Time::since_midnight(),
// DateTime::time_point() and TimeDelta::duration() give std::chrono durations and time points,
// and the from_* functions take them.
//
// `json j = value;` renders a value as FastAPI's jsonable_encoder does for a plain dict
// (isoformat(): `+00:00`, a timedelta as float seconds); in a struct or a declared result the
// generated code renders it as pydantic's JSON mode does (`Z`, ISO 8601 durations): see
// to_model_json.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ratio>
#include <string>

#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// Days since 1970-01-01 (C++20's std::chrono::days, in C++17).
using Days = std::chrono::duration<std::int64_t, std::ratio<86400>>;
/// A UTC time point to the microsecond (C++20's std::chrono::sys_time<microseconds>).
using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

/// Python's `datetime.date`: a proleptic Gregorian date of years 1 to 9999.
class Date {
 public:
  /// 1970-01-01.
  constexpr Date() = default;
  /// The date, if it is one (February 30th is not) in years 1 to 9999.
  static std::optional<Date> from_ymd(int year, int month, int day);
  /// The date `days` after 1970-01-01 (before it when negative), if in years 1 to 9999.
  static std::optional<Date> from_days(Days days);

  int year() const noexcept { return year_; }
  int month() const noexcept { return month_; }
  int day() const noexcept { return day_; }
  /// Days since 1970-01-01.
  Days days() const noexcept;
  /// `2032-04-23`, as Python's date.isoformat() (and pydantic) write it.
  std::string isoformat() const;

  friend bool operator==(const Date& a, const Date& b) noexcept { return a.days() == b.days(); }
  friend bool operator!=(const Date& a, const Date& b) noexcept { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) noexcept { return a.days() < b.days(); }

 private:
  constexpr Date(int year, int month, int day) : year_(year), month_(month), day_(day) {}
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

/// Python's `datetime.time`: a time of day to the microsecond, with an optional UTC offset.
class Time {
 public:
  /// 00:00:00, without an offset.
  constexpr Time() = default;
  /// The time, if `since_midnight` is in [0, 24 h) and `utc_offset` (if given) within ±24 h.
  static std::optional<Time> from_duration(std::chrono::microseconds since_midnight,
                                           std::optional<std::chrono::seconds> utc_offset = {});
  /// The same from its fields: hour 0-23, minute and second 0-59, microsecond 0-999999.
  static std::optional<Time> from_hms(int hour, int minute, int second, int microsecond = 0,
                                      std::optional<std::chrono::seconds> utc_offset = {});

  int hour() const noexcept;
  int minute() const noexcept;
  int second() const noexcept;
  int microsecond() const noexcept;
  std::chrono::microseconds since_midnight() const noexcept { return since_midnight_; }
  /// Seconds east of UTC (`+05:30` is 19800 s); none for a naive time.
  std::optional<std::chrono::seconds> utc_offset() const noexcept { return utc_offset_; }
  /// `10:20:30[.ffffff][+HH:MM]`, as Python's time.isoformat() writes it (`+00:00` for UTC).
  std::string isoformat() const;

  friend bool operator==(const Time& a, const Time& b) noexcept {
    return a.since_midnight_ == b.since_midnight_ && a.utc_offset_ == b.utc_offset_;
  }
  friend bool operator!=(const Time& a, const Time& b) noexcept { return !(a == b); }

 private:
  std::chrono::microseconds since_midnight_{0};
  std::optional<std::chrono::seconds> utc_offset_;
};

/// Python's `datetime.datetime`: a date and a time of day (wall-clock time), with an optional
/// UTC offset; naive when it has none.
class DateTime {
 public:
  /// 1970-01-01T00:00:00, naive.
  DateTime() = default;
  /// The date at the time of day; the time's offset is the datetime's.
  DateTime(const Date& date, const Time& time) : date_(date), time_(time) {}
  /// The wall-clock time at `utc_offset` of the instant `point` (naive with none: then `point`
  /// is read as UTC), if that is in years 1 to 9999.
  static std::optional<DateTime> from_time_point(
      TimePoint point, std::optional<std::chrono::seconds> utc_offset = {});

  const Date& date() const noexcept { return date_; }
  const Time& time() const noexcept { return time_; }
  std::optional<std::chrono::seconds> utc_offset() const noexcept { return time_.utc_offset(); }
  /// The instant: the wall-clock time less its offset (a naive datetime is read as UTC).
  TimePoint time_point() const noexcept;
  /// `2032-04-23T10:20:30[.ffffff][+HH:MM]`, as Python's datetime.isoformat() writes it.
  std::string isoformat() const;

  friend bool operator==(const DateTime& a, const DateTime& b) noexcept {
    return a.date_ == b.date_ && a.time_ == b.time_;
  }
  friend bool operator!=(const DateTime& a, const DateTime& b) noexcept { return !(a == b); }

 private:
  Date date_;
  Time time_;
};

/// Python's `datetime.timedelta`: days, seconds in [0, 86400) and microseconds in [0, 10^6),
/// as Python normalizes them (`-1 s` is -1 day and 86399 s), over ±999,999,999 days.
class TimeDelta {
 public:
  constexpr TimeDelta() = default;
  /// Any std::chrono duration, to the microsecond (rounded toward negative infinity).
  template <class Rep, class Period>
  TimeDelta(std::chrono::duration<Rep, Period> duration)  // NOLINT(google-explicit-constructor)
      : TimeDelta(std::chrono::floor<std::chrono::microseconds>(duration)) {}
  TimeDelta(std::chrono::microseconds duration);  // NOLINT(google-explicit-constructor)
  /// Python's `timedelta(days=, seconds=, microseconds=)`, normalized; none beyond ±999,999,999
  /// days.
  static std::optional<TimeDelta> from_parts(std::int64_t days, std::int64_t seconds,
                                             std::int64_t microseconds);

  std::int64_t days() const noexcept { return days_; }
  std::int64_t seconds() const noexcept { return seconds_; }
  std::int64_t microseconds() const noexcept { return microseconds_; }
  /// The whole duration; it overflows beyond about ±106,751,991 days (2^63 microseconds).
  std::chrono::microseconds duration() const noexcept;
  /// Python's total_seconds(): what FastAPI's jsonable_encoder writes.
  double total_seconds() const noexcept;
  /// `P1DT2H3.25S`, `-PT1S`: the ISO 8601 duration pydantic's JSON mode writes (365-day years).
  std::string isoformat() const;

  friend bool operator==(const TimeDelta& a, const TimeDelta& b) noexcept {
    return a.days_ == b.days_ && a.seconds_ == b.seconds_ && a.microseconds_ == b.microseconds_;
  }
  friend bool operator!=(const TimeDelta& a, const TimeDelta& b) noexcept { return !(a == b); }

 private:
  std::int64_t days_ = 0;
  std::int64_t seconds_ = 0;
  std::int64_t microseconds_ = 0;
};

/// jsonable_encoder's rendering, for `json j = value` (a plain dict in FastAPI): isoformat(),
/// and a timedelta's total_seconds().
void to_json(json& out, const Date& value);
void to_json(json& out, const Time& value);
void to_json(json& out, const DateTime& value);
void to_json(json& out, const TimeDelta& value);

/// pydantic's JSON mode, for a struct field or a declared result: `Z` for a zero offset, a
/// timedelta as its ISO 8601 duration.
json to_model_json(const Date& value);
json to_model_json(const Time& value);
json to_model_json(const DateTime& value);
json to_model_json(const TimeDelta& value);

}  // namespace fastcpp

// fastcpp/datetime.hpp: the std::chrono conversions, the two renderings (jsonable_encoder's and
// pydantic's JSON mode) and the range edges. pydantic's parsing of each form is replayed from
// the recorded FastAPI answers by the conformance test (tests/conformance/datetimes.json); the
// expected texts here are what Python 3.11 and pydantic 2.10 print for the same values.
#include "fastcpp/datetime.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "fastcpp/detail/convert.hpp"

namespace {

using namespace std::chrono_literals;
using fastcpp::Date;
using fastcpp::DateTime;
using fastcpp::Days;
using fastcpp::json;
using fastcpp::Time;
using fastcpp::TimeDelta;
using fastcpp::TimePoint;

TEST(Date, RefusesWhatPythonRefuses) {
  EXPECT_TRUE(Date::from_ymd(2032, 2, 29));
  EXPECT_FALSE(Date::from_ymd(2031, 2, 29));
  EXPECT_FALSE(Date::from_ymd(1900, 2, 29));
  EXPECT_TRUE(Date::from_ymd(2000, 2, 29));
  EXPECT_FALSE(Date::from_ymd(0, 1, 1));
  EXPECT_FALSE(Date::from_ymd(10000, 1, 1));
  EXPECT_FALSE(Date::from_ymd(2032, 13, 1));
}

TEST(Date, DaysSinceTheEpochRoundTrip) {
  // date(2032, 4, 23) - date(1970, 1, 1) == timedelta(days=22758); date.min is -719162.
  EXPECT_EQ(Date::from_ymd(2032, 4, 23)->days(), Days(22758));
  EXPECT_EQ(Date::from_ymd(1, 1, 1)->days(), Days(-719162));
  EXPECT_EQ(Date::from_ymd(9999, 12, 31)->days(), Days(2932896));
  EXPECT_FALSE(Date::from_days(Days(-719163)));
  EXPECT_FALSE(Date::from_days(Days(2932897)));
  for (std::int64_t day : {-719162, -1, 0, 59, 60, 11016, 22758, 2932896}) {
    auto date = Date::from_days(Days(day));
    ASSERT_TRUE(date) << day;
    EXPECT_EQ(date->days(), Days(day));
  }
  EXPECT_EQ(Date::from_days(Days(-1))->isoformat(), "1969-12-31");
}

TEST(Time, FieldsAndOffsets) {
  auto time = Time::from_hms(10, 20, 30, 120, std::chrono::seconds(-(5 * 3600 + 30 * 60)));
  ASSERT_TRUE(time);
  EXPECT_EQ(time->since_midnight(), 10h + 20min + 30s + 120us);
  EXPECT_EQ(time->isoformat(), "10:20:30.000120-05:30");
  EXPECT_FALSE(Time::from_hms(24, 0, 0));
  EXPECT_FALSE(Time::from_hms(0, 0, 0, 0, 24h));
  EXPECT_FALSE(Time::from_duration(24h));
  // time(1, 2, tzinfo=timezone(timedelta(seconds=15))).isoformat() == '01:02:00+00:00:15'
  EXPECT_EQ(Time::from_hms(1, 2, 0, 0, 15s)->isoformat(), "01:02:00+00:00:15");
}

TEST(DateTime, TimePointsAreInstants) {
  auto utc = DateTime::from_time_point(TimePoint(1700000000s), 0s);
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->isoformat(), "2023-11-14T22:13:20+00:00");
  // The same instant at +05:30 is a later wall-clock time.
  auto india = DateTime::from_time_point(TimePoint(1700000000s), 5h + 30min);
  ASSERT_TRUE(india);
  EXPECT_EQ(india->isoformat(), "2023-11-15T03:43:20+05:30");
  EXPECT_EQ(india->time_point(), utc->time_point());
  auto before = DateTime::from_time_point(TimePoint(-1250000us));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->isoformat(), "1969-12-31T23:59:58.750000");
  EXPECT_FALSE(before->utc_offset());
  // Beyond 9999-12-31 in the offset's wall-clock time.
  EXPECT_FALSE(DateTime::from_time_point(TimePoint(253402300799s), 1h));
}

TEST(DateTime, BothRenderings) {
  auto value = DateTime::from_time_point(TimePoint(1700000000s + 500000us), 0s);
  ASSERT_TRUE(value);
  EXPECT_EQ(json(*value), "2023-11-14T22:13:20.500000+00:00");      // jsonable_encoder
  EXPECT_EQ(to_model_json(*value), "2023-11-14T22:13:20.500000Z");  // pydantic
  DateTime naive(*Date::from_ymd(2032, 4, 23), Time());
  EXPECT_EQ(json(naive), "2032-04-23T00:00:00");
  EXPECT_EQ(to_model_json(naive), "2032-04-23T00:00:00");
}

TEST(TimeDelta, NormalizedAsPythonDoes) {
  TimeDelta minus_one = -1s;
  EXPECT_EQ(minus_one.days(), -1);
  EXPECT_EQ(minus_one.seconds(), 86399);
  EXPECT_EQ(minus_one.microseconds(), 0);
  EXPECT_EQ(minus_one.duration(), -1s);
  TimeDelta half = -1500ms;
  EXPECT_EQ(half.days(), -1);
  EXPECT_EQ(half.seconds(), 86398);
  EXPECT_EQ(half.microseconds(), 500000);
  // timedelta(days=999999999) is timedelta.max's day count; one more is OverflowError.
  EXPECT_TRUE(TimeDelta::from_parts(999999999, 0, 0));
  EXPECT_FALSE(TimeDelta::from_parts(999999999, 86400, 0));
  EXPECT_FALSE(TimeDelta::from_parts(-999999999, -1, 0));
  EXPECT_EQ(TimeDelta::from_parts(0, -1, 5)->microseconds(), 5);
}

TEST(TimeDelta, BothRenderings) {
  struct Case {
    TimeDelta value;
    const char* iso;  // TypeAdapter(timedelta).dump_json
    double seconds;   // jsonable_encoder: total_seconds()
  };
  const Case cases[] = {
      {*TimeDelta::from_parts(1, 2 * 3600 + 3, 250000), "P1DT2H3.25S", 93603.25},
      {*TimeDelta::from_parts(-1, 5, 0), "-PT23H59M55S", -86395.0},
      {TimeDelta(1us), "PT0.000001S", 1e-06},
      {TimeDelta(), "PT0S", 0.0},
      {*TimeDelta::from_parts(400, 3720, 0), "P1Y35DT1H2M", 34563720.0},
      {TimeDelta(-500ms), "-PT0.5S", -0.5},
      {*TimeDelta::from_parts(999999999, 0, 0), "P2739726Y9D", 86399999913600.0},
      {*TimeDelta::from_parts(-999999999, 0, 0), "-P2739726Y9D", -86399999913600.0},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.value.isoformat(), c.iso);
    EXPECT_EQ(to_model_json(c.value), c.iso);
    EXPECT_EQ(json(c.value), json(c.seconds)) << c.iso;
  }
}

TEST(Conversions, StringAndJsonAgree) {
  // A JSON string is read as the same text from a query string.
  fastcpp::detail::ConversionError error;
  for (const char* text : {"2032-04-23T10:20:30Z", "1700000000.5", "2032-04-23", "x"}) {
    DateTime from_text;
    DateTime from_json;
    fastcpp::detail::ConversionError other;
    bool a = fastcpp::detail::parse_string(text, from_text, error);
    bool b = fastcpp::detail::parse_json(json(text), from_json, other);
    EXPECT_EQ(a, b) << text;
    if (a) EXPECT_EQ(from_text, from_json) << text;
    if (!a) EXPECT_EQ(error.msg, other.msg) << text;
  }
  // A JSON number is a timestamp; the same digits in a string are too.
  DateTime number;
  ASSERT_TRUE(fastcpp::detail::parse_json(json(1700000000), number, error));
  EXPECT_EQ(number.isoformat(), "2023-11-14T22:13:20+00:00");
}

}  // namespace

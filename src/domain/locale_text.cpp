#include "intervision/domain/locale_text.h"

#include <map>
#include <memory>

#include <unicode/dtptngen.h>
#include <unicode/msgfmt.h>
#include <unicode/plurrule.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include "intervision/domain/brussels_time.h"

namespace intervision {

namespace {

icu::Locale locale_for(const std::string& language) {
  if (language == "fr") return icu::Locale("fr", "BE");
  if (language == "nl") return icu::Locale("nl", "BE");
  return icu::Locale("en", "GB");
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// One formatter per (language, skeleton) and thread: ICU formatters are not safe to share.
const icu::SimpleDateFormat* formatter(const std::string& language, const char* skeleton, std::string_view zone) {
  thread_local std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> cache;
  const std::string key = language + '|' + skeleton + '|' + std::string(zone);
  auto& slot = cache[key];
  if (slot) return slot.get();
  UErrorCode err = U_ZERO_ERROR;
  const icu::Locale loc = locale_for(language);
  std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(loc, err));
  if (U_FAILURE(err)) return nullptr;
  const icu::UnicodeString pattern = gen->getBestPattern(icu::UnicodeString(skeleton), err);
  if (U_FAILURE(err)) return nullptr;
  auto f = std::make_unique<icu::SimpleDateFormat>(pattern, loc, err);
  if (U_FAILURE(err)) return nullptr;
  f->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
  slot = std::move(f);
  return slot.get();
}

std::string format_at(double millis, const std::string& language, const char* skeleton, std::string_view zone) {
  const auto* f = formatter(language, skeleton, zone);
  if (!f) return {};
  icu::UnicodeString out;
  f->format(millis, out);
  return utf8(out);
}

double millis_of(sys_seconds at) { return static_cast<double>(at.time_since_epoch().count()) * 1000.0; }

}  // namespace

std::string format_long_date(sys_seconds at, const std::string& language) {
  return format_at(millis_of(at), language, "EEEEdMMMMy", brussels_zone_name);
}

std::string format_clock_time(sys_seconds at, const std::string& language) {
  return format_at(millis_of(at), language, "HHmm", brussels_zone_name);
}

std::string format_calendar_day(date::year_month_day day, const std::string& language) {
  // Noon UTC of that day, shown in UTC: the same calendar day whatever the zone rules.
  const sys_seconds noon{date::sys_days{day}.time_since_epoch() + std::chrono::hours{12}};
  return format_at(millis_of(noon), language, "dMMMMy", "UTC");
}

std::string format_plural(std::string_view pattern, long n, const std::string& language) {
  UErrorCode err = U_ZERO_ERROR;
  icu::MessageFormat mf(icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
                        locale_for(language), err);
  if (U_FAILURE(err)) return {};
  icu::UnicodeString names[] = {"n"};
  icu::Formattable values[] = {icu::Formattable(static_cast<int64_t>(n))};
  icu::UnicodeString out;
  mf.format(names, values, 1, out, err);
  if (U_FAILURE(err)) return {};
  return utf8(out);
}

std::string plural_category(long n, const std::string& language) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(locale_for(language), err));
  if (U_FAILURE(err) || !rules) return "other";
  return utf8(rules->select(static_cast<int32_t>(n)));
}

}  // namespace intervision

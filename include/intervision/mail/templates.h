// templates: the mails a participant receives, in French, Dutch or English, and the date forms
// they use.
//
// compose() returns a subject and a plain-text body in the participant's language ("fr", "nl",
// "en"; anything else falls back to English). `to` and attachments are left for the caller.
// Every mail greets the participant by name, names the session and its time, and, when given,
// repeats the personal link with what it is for (see, cancel, download or erase one's data) and
// the privacy line ("your data will be deleted on <deletion_date>, at the end of the annual
// cycle"). The place (which may be a video link) is shown only in mails to confirmed people:
// confirmation, promoted, reminder, session_changed; the caller leaves `place` empty when a
// session_changed mail goes to someone on the waiting list. Header injection is handled by
// render_mime, not here.
//
// format_when and format_day spell dates through ICU (locale_text.h), as the pages do, in
// Europe/Brussels time. All functions are pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include <date/date.h>

#include "intervision/domain/clock.h"
#include "intervision/mail/message.h"

namespace intervision {

// series_registration: one mail for "all remaining sessions of this series" (fields.items);
// registration_cancelled: the participant cancelled a confirmed seat.
enum class mail_kind {
  confirmation, waitlisted, promoted, session_changed, session_cancelled, reminder, waitlist_left, registration_cancelled,
  series_registration
};

struct mail_fields {
  std::string language;  // fr | nl | en
  std::string participant_name, session_title, session_when /* already formatted */, place, personal_link,
      deletion_date /* formatted */;
  int waitlist_position = 0;
  struct item {
    std::string when;  // already formatted
    bool confirmed = false;
    int waitlist_position = 0;
  };
  std::vector<item> items;  // series_registration only, in date order
};

mail_message compose(mail_kind kind, const mail_fields& fields);

// "mardi 8 décembre 2026, 09:30–12:30" / "dinsdag 8 december 2026, 09:30–12:30" /
// "Tuesday, 8 December 2026, 09:30–12:30"; when the end falls on another Brussels day, both
// dates are written: "Tuesday, 8 December 2026, 22:00 – Wednesday, 9 December 2026, 01:00".
std::string format_when(sys_seconds starts_at, sys_seconds ends_at, const std::string& language);

// "31 août 2027" / "31 augustus 2027" / "31 August 2027" ("1 septembre 2026" in French, as Intl writes it).
std::string format_day(date::year_month_day day, const std::string& language);

}  // namespace intervision

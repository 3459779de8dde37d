// announcement_templates: the two mails of the announcements processing, in French, Dutch or
// English (anything else: English). Plain text; `to` is left for the caller.
//
// compose_announcement_confirmation: the double opt-in. Names what was asked, gives the link
// that confirms (a page with a button: opening the link alone confirms nothing, so a mail
// scanner cannot confirm), how long the request waits (confirm_days) and what is kept.
//
// compose_announcement: the announcement itself: the cycle's series with their number of
// sessions and first date, the link to the sessions, and the link that unsubscribes (in the
// text); the headers List-Unsubscribe (<one_click_url>) and List-Unsubscribe-Post
// (List-Unsubscribe=One-Click) of RFC 8058. Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "intervision/mail/message.h"

namespace intervision {

struct announcement_series_line {
  std::string title;       // in the mail's language
  int sessions = 0;
  std::string first_when;  // already formatted
};

struct announcement_content {
  std::string language, cycle, sessions_link, unsubscribe_link, one_click_url;
  std::vector<announcement_series_line> series;
  int retention_days = 730;
};

mail_message compose_announcement_confirmation(const std::string& language, const std::string& confirm_link, int confirm_days,
                                               int retention_days);
mail_message compose_announcement(const announcement_content& c);

}  // namespace intervision

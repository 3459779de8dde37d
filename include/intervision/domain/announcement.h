// announcement: the rules of the announcements processing (issue 22), apart from any cycle.
// A request is kept confirm_days while it waits for its confirmation; a confirmed subscription
// lasts until it is withdrawn, or retention_days after the last announcement sent to it (after
// its confirmation when none was sent yet). Pure functions, no I/O, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "intervision/domain/status.h"

namespace intervision {

struct announcement_policy {
  int confirm_days = 7;
  int retention_days = 730;
};

// Requests made before this time and still unconfirmed are expired at `now`.
std::int64_t unconfirmed_cutoff(std::int64_t now, const announcement_policy& p);
// Subscriptions last served (or confirmed) before this time have lapsed at `now`.
std::int64_t lapse_cutoff(std::int64_t now, const announcement_policy& p);
bool confirmation_expired(std::int64_t requested_at, std::int64_t now, const announcement_policy& p);
// When a subscription goes if nothing more is sent: its last announcement (or confirmation) plus retention.
std::int64_t lapses_at(std::int64_t confirmed_at, std::optional<std::int64_t> last_sent_at, const announcement_policy& p);

struct announcement_request {
  std::string email, language;
};
// Checks a request: email (syntax and length as for a registration), language fr|nl|en, and
// the consent, which must be true (consent_required). 422 with every failing field.
result<announcement_request> validate_announcement_request(const std::optional<std::string>& email,
                                                           const std::optional<std::string>& language, bool consent);

// RFC 8058: the body a mail client POSTs to the List-Unsubscribe URL holds the pair
// "List-Unsubscribe=One-Click" (application/x-www-form-urlencoded or multipart/form-data).
bool is_one_click_unsubscribe(std::string_view body);

}  // namespace intervision

#include "intervision/domain/announcement.h"

#include <algorithm>

#include "intervision/domain/registration_input.h"

namespace intervision {

namespace {
constexpr std::int64_t day = 86400;
}

std::int64_t unconfirmed_cutoff(std::int64_t now, const announcement_policy& p) { return now - std::int64_t{p.confirm_days} * day; }

std::int64_t lapse_cutoff(std::int64_t now, const announcement_policy& p) { return now - std::int64_t{p.retention_days} * day; }

bool confirmation_expired(std::int64_t requested_at, std::int64_t now, const announcement_policy& p) {
  return requested_at < unconfirmed_cutoff(now, p);
}

std::int64_t lapses_at(std::int64_t confirmed_at, std::optional<std::int64_t> last_sent_at, const announcement_policy& p) {
  return std::max(confirmed_at, last_sent_at.value_or(confirmed_at)) + std::int64_t{p.retention_days} * day;
}

result<announcement_request> validate_announcement_request(const std::optional<std::string>& email,
                                                           const std::optional<std::string>& language, bool consent) {
  // The registration's own checks for the two fields both processings share (same messages,
  // same normalisation); the other fields are filled with values that pass.
  raw_registration raw;
  raw.name = "Announcement";
  raw.organisation = "-";
  raw.sector = "any";
  raw.role = "peer_helper";
  raw.email = email;
  raw.language = language;
  raw.consent = consent;
  auto checked = validate_registration(raw, registration_rules{{"any"}});
  if (!checked) return checked.error();
  return announcement_request{checked->email, checked->language};
}

bool is_one_click_unsubscribe(std::string_view body) {
  // Form-encoded: a pair among others separated by '&'; multipart: a part named
  // "List-Unsubscribe" whose value is One-Click.
  for (std::size_t start = 0; start <= body.size();) {
    auto end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    auto pair = body.substr(start, end - start);
    while (!pair.empty() && (pair.back() == '\r' || pair.back() == '\n')) pair.remove_suffix(1);
    if (pair == "List-Unsubscribe=One-Click") return true;
    start = end + 1;
  }
  auto name = body.find("name=\"List-Unsubscribe\"");
  if (name == std::string_view::npos) return false;
  auto blank = body.find("\r\n\r\n", name);
  return blank != std::string_view::npos && body.substr(blank + 4).starts_with("One-Click");
}

}  // namespace intervision

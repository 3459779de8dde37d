#include "intervision/domain/session_rules.h"

#include <algorithm>

namespace intervision {

std::int64_t registration_closes_at(const session_row& s) { return s.starts_at - static_cast<std::int64_t>(s.close_hours) * 3600; }

bool registration_open(const session_row& s, std::int64_t now) {
  return s.state == session_state::scheduled && !s.cycle_purged && now < registration_closes_at(s);
}

status registration_refusal(const session_row& s, std::int64_t now) {
  if (s.cycle_purged) return status(status_code::gone, "Registration for this session has closed: its cycle's personal data has been purged.");
  if (s.state == session_state::cancelled) return status(status_code::gone, "This session has been cancelled.");
  if (s.state == session_state::held || s.starts_at <= now) return status(status_code::gone, "This session has already taken place.");
  if (now >= registration_closes_at(s)) return status(status_code::gone, "Registration for this session has closed.");
  return status::ok();
}

status audience_check(const series_row& s, const std::string& role, const std::string& sector) {
  if (std::find(s.roles.begin(), s.roles.end(), role) == s.roles.end())
    return status::with_fields(status_code::forbidden,
                               role == "peer_helper" ? "This series is for ZTG project coordinators." : "This series is for peer helpers.",
                               {{"role", "audience_role"}});
  bool any = std::find(s.sectors.begin(), s.sectors.end(), "*") != s.sectors.end();
  if (!any && std::find(s.sectors.begin(), s.sectors.end(), sector) == s.sectors.end())
    return status::with_fields(status_code::forbidden, "This series is for peer helpers working in a ZTG care pathway.",
                               {{"sector", "audience_sector"}});
  return status::ok();
}

bool runs_session(const staff_actor& who, const session_row& s) {
  return who.admin || std::find(s.facilitator_ids.begin(), s.facilitator_ids.end(), who.id) != s.facilitator_ids.end();
}

registration_status seat_or_waitlist(int confirmed, int capacity) {
  return confirmed < capacity ? registration_status::confirmed : registration_status::waitlisted;
}

status apply_session_change(session_row& s, const session_change& c) {
  session_row next = s;
  if (c.capacity) {
    if (*c.capacity < s.confirmed)
      return status::with_fields(status_code::invalid,
                                 "The capacity cannot be lower than the " + std::to_string(s.confirmed) + " confirmed registrations.",
                                 {{"capacity", "below_confirmed"}});
    next.capacity = *c.capacity;
  }
  if (c.place) next.place = *c.place;
  if (c.online) next.online = *c.online;
  if (c.starts_at) next.starts_at = *c.starts_at;
  if (c.ends_at) next.ends_at = *c.ends_at;
  if (next.ends_at <= next.starts_at) return status::with_fields(status_code::invalid, "The end must be after the start.", {{"ends_at", "invalid"}});
  if (c.state) {
    if (s.state == session_state::cancelled && *c.state != session_state::cancelled)
      return status(status_code::conflict, "A cancelled session cannot be reopened.");
    next.state = *c.state;
  }
  if (c.facilitators) next.facilitator_ids = *c.facilitators;
  s = std::move(next);
  return status::ok();
}

session_change_effects effects_of_change(const session_row& before, const session_row& after) {
  session_change_effects e;
  e.cancelled_now = before.state != session_state::cancelled && after.state == session_state::cancelled;
  bool moved = before.starts_at != after.starts_at || before.ends_at != after.ends_at || before.place != after.place ||
               before.online != after.online;
  e.moved = !e.cancelled_now && moved && after.state == session_state::scheduled;
  e.seats_added = after.capacity > before.capacity;
  return e;
}

}  // namespace intervision

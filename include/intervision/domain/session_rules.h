// session_rules: what decides whether a session takes a registration, who may take it, whether a
// registration gets a seat, and what an admin may change in a session. Pure rules on records.h;
// services apply them inside their transactions, http only renders their answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/records.h"
#include "intervision/domain/states.h"
#include "intervision/domain/status.h"

namespace intervision {

// Registration closes close_hours before the start (unix seconds).
std::int64_t registration_closes_at(const session_row& s);
// A scheduled session of a cycle not yet purged, before its registration closes.
bool registration_open(const session_row& s, std::int64_t now);
// ok while registration_open; otherwise 410 saying why (purged, cancelled, taken place, closed).
status registration_refusal(const session_row& s, std::int64_t now);

// ok, or 403 naming the field that does not fit the series' audience: {role: audience_role}
// or {sector: audience_sector} ("*" among the sectors: every sector).
status audience_check(const series_row& s, const std::string& role, const std::string& sector);

// Admins run every session; a facilitator runs the sessions they are assigned to.
bool runs_session(const staff_actor& who, const session_row& s);

// A seat while the confirmed registrations are fewer than the capacity, else the waiting list.
registration_status seat_or_waitlist(int confirmed, int capacity);

// An admin's change to a session; absent fields stay as they are.
struct session_change {
  std::optional<int> capacity;
  std::optional<std::string> place;
  std::optional<bool> online;
  std::optional<std::int64_t> starts_at, ends_at;  // unix seconds
  std::optional<session_state> state;
  std::optional<std::vector<std::int64_t>> facilitators;
};

// What a saved change means for the people registered.
struct session_change_effects {
  bool cancelled_now = false;  // tell every registrant it is cancelled
  bool moved = false;          // time or place changed on a scheduled session: tell the confirmed
  bool seats_added = false;    // promote from the waiting list
};

// Applies change to s: 422 {capacity: below_confirmed} under the confirmed registrations,
// 422 {ends_at: invalid} when it would end before it starts, 409 to reopen a cancelled session.
// s is unchanged when the answer is not ok.
status apply_session_change(session_row& s, const session_change& change);
session_change_effects effects_of_change(const session_row& before, const session_row& after);

}  // namespace intervision

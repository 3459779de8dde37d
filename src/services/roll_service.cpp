#include "intervision/services/roll_service.h"

#include <algorithm>

#include "intervision/domain/crypto.h"
#include "intervision/domain/session_rules.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/report_store.h"

namespace intervision {

namespace {

tally mark_delta(const std::string& attendance, int sign) {
  tally d;
  if (attendance == "present") d.present = sign;
  else if (attendance == "absent") d.absent = sign;
  else if (attendance == "excused") d.excused = sign;
  return d;
}

// Counts a present mark as first-time or returning (and remembers which, for a later change).
void count_presence(db_connection& db, tally& d, std::int64_t registration_id, std::int64_t participant_id, std::int64_t session_id) {
  bool first = !present_before(db, participant_id, session_id);
  set_first_presence(db, registration_id, first);
  (first ? d.first_time : d.returning) += 1;
}

}  // namespace

roll_service::roll_service(const clock& clk, db_pool& db, std::shared_ptr<keyring> keys) : clock_(clk), db_(db), keys_(std::move(keys)) {}

int roll_service::settle(db_connection& db, std::int64_t now) {
  int tallied = tally_started_sessions(db, now);
  auto held = hold_ended_sessions(db, now);
  for (auto id : held) record_audit(db, now, std::nullopt, "session.held", "session", std::to_string(id), "ended with its roll");
  return tallied + static_cast<int>(held.size());
}

int roll_service::settle() {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) { return settle(db, now); });
}

roll_view roll_service::view(db_connection& db, const session_row& s, std::int64_t now) {
  roll_view v;
  v.session = s;
  v.series = find_series(db, s.series_slug);
  v.started = now >= s.starts_at;
  v.ended = now >= s.ends_at;
  v.roll_missing = v.ended && s.state == session_state::scheduled;
  bool tallied = session_tallied(db, s.id);
  tally rows;
  for (const auto& r : registrations_for_session(db, s.id)) {
    if (r.status == registration_status::cancelled) {
      ++rows.cancelled;
      continue;
    }
    if (tallied && r.status != registration_status::confirmed) continue;  // from the start the roll is the confirmed people
    auto pr = find_participant(db, r.participant_id);
    if (!pr) continue;
    roll_entry e{r.id, "", "", pr->sector, pr->role, std::string(to_string(r.status)), pr->walk_in, r.attendance};
    if (auto key = keys_->find(pr->cycle_label)) {
      e.name = open(*key, pr->name_enc, pr->cycle_label + ":name").value_or("");
      e.organisation = open(*key, pr->organisation_enc, pr->cycle_label + ":organisation").value_or("");
    }
    if (r.status == registration_status::confirmed) {
      ++rows.registered;
      if (r.attendance) rows += mark_delta(*r.attendance, 1);
    } else {
      ++rows.waitlisted;
    }
    v.entries.push_back(std::move(e));
  }
  if (!tallied) {
    v.counts = rows;
    return v;
  }
  v.counts = session_tally(db, s.id);
  v.erased_since = std::max(0, v.counts.registered + v.counts.walk_ins - rows.registered);
  return v;
}

result<roll_view> roll_service::roll(std::int64_t session_id, const staff_actor& who) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<roll_view> {
    auto s = find_session(db, session_id);
    if (!s) return status(status_code::not_found, "No such session.");
    if (!runs_session(who, *s)) return status(status_code::forbidden, "You do not facilitate this session.");
    settle(db, now);
    return view(db, *find_session(db, session_id), now);
  });
}

result<roll_view> roll_service::mark(std::int64_t session_id, std::int64_t registration_id, const std::string& attendance,
                                     const staff_actor& who) {
  if (attendance != "present" && attendance != "absent" && attendance != "excused")
    return status::invalid({{"attendance", "unknown_value"}}, "attendance must be present, absent or excused.");
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<roll_view> {
    auto s = find_session(db, session_id);
    if (!s) return status(status_code::not_found, "No such session.");
    if (!runs_session(who, *s)) return status(status_code::forbidden, "You do not facilitate this session.");
    settle(db, now);
    auto r = find_registration(db, registration_id);
    if (!r || r->session_id != session_id || r->status != registration_status::confirmed) return status(status_code::not_found, "No such registration in this session's roll.");
    auto pr = find_participant(db, r->participant_id);
    if (!pr) return status(status_code::not_found, "No such registration.");
    if (r->attendance != attendance) {
      if (session_tallied(db, session_id)) {
        tally d = mark_delta(attendance, 1);
        if (r->attendance) d += mark_delta(*r->attendance, -1);
        if (r->attendance == "present") {
          auto first = first_presence(db, r->id);
          if (first) (*first ? d.first_time : d.returning) -= 1;
          set_first_presence(db, r->id, std::nullopt);
        }
        if (attendance == "present") count_presence(db, d, r->id, r->participant_id, session_id);
        add_to_tally(db, session_id, pr->sector, pr->role, d);
      }
      // The older per-session counters, kept as they were.
      if (r->attendance) bump_count(db, session_id, pr->sector, pr->role, *r->attendance, -1);
      bump_count(db, session_id, pr->sector, pr->role, attendance, 1);
      set_attendance(db, registration_id, attendance, now);
      record_audit(db, now, who.id, "roll.mark", "registration", std::to_string(registration_id), attendance);
      settle(db, now);  // an ended session with its roll is held at once
    }
    return view(db, *find_session(db, session_id), now);
  });
}

result<session_row> roll_service::set_outcome(std::int64_t session_id, bool held, const staff_actor& who) {
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) -> result<session_row> {
    auto s = find_session(db, session_id);
    if (!s) return status(status_code::not_found, "No such session.");
    if (!runs_session(who, *s)) return status(status_code::forbidden, "You do not facilitate this session.");
    if (now < s->starts_at) return status(status_code::conflict, "This session has not started yet.");
    settle(db, now);
    auto state = held ? session_state::held : session_state::cancelled;
    if (s->state != state) {
      set_session_state(db, session_id, std::string(to_string(state)), now);
      record_audit(db, now, who.id, held ? "session.held" : "session.not_held", "session", std::to_string(session_id));
    }
    return *find_session(db, session_id);
  });
}

void roll_service::count_walk_in(db_connection& db, std::int64_t session_id, std::int64_t registration_id, std::int64_t participant_id,
                                 const std::string& sector, const std::string& role) {
  if (!session_tallied(db, session_id)) return;
  tally d;
  d.walk_ins = 1;
  d.present = 1;
  count_presence(db, d, registration_id, participant_id, session_id);
  add_to_tally(db, session_id, sector, role, d);
}

}  // namespace intervision

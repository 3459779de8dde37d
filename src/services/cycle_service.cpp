#include "intervision/services/cycle_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "intervision/services/scheduling.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/cycle.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"

namespace intervision {

cycle_service::cycle_service(const config& cfg, const clock& clk, db_pool& db, retention_service& retention)
    : cfg_(cfg), clock_(clk), db_(db), retention_(retention) {}

result<cycle_dates_change> cycle_service::save_dates(const std::string& label, const std::optional<std::string>& first_day,
                                                     const std::optional<std::string>& last_day, bool confirm_purge,
                                                     std::int64_t staff_id) {
  auto labelled = cycle_from_label(label, cycle_start_of(cfg_));
  if (!labelled) return status::invalid({{"label", "invalid"}}, "A cycle label is like 2026-2027.");
  auto existing = db_.read([&](db_connection& db) { return find_cycle(db, label); });
  auto current = existing ? cycle_of_row(*existing) : result<cycle>(*labelled);
  if (!current) current = *labelled;
  cycle_dates_change out;
  out.row = {label, first_day.value_or(format_date(current->first_day)), last_day.value_or(format_date(current->last_day)), std::nullopt};
  auto changed = cycle_of_row(out.row);
  if (!changed) return status::invalid({{"last_day", "invalid_date"}}, "The dates are impossible or the last day is before the first.");
  auto grace = cfg_.cycle.purge_grace_days;
  auto old_due = purge_due(*current, grace), new_due = purge_due(*changed, grace);
  out.current_deletion_date = format_date(brussels_date(old_due));
  out.new_deletion_date = format_date(brussels_date(new_due));
  auto now = clock_.now();
  bool purged_already = existing && existing->purged_at;
  auto preview = retention_.preview(label, std::max(now, new_due));
  bool personal = preview.participants || preview.registrations || preview.mails;
  // Earlier than promised, with people's data in it, or the end of a running cycle moved into the past.
  bool earlier = !purged_already && new_due < old_due && (personal || new_due <= now);
  if (earlier && !confirm_purge) {
    out.confirmation_needed = true;
    out.would_purge = preview;
    return out;
  }
  auto at = now.time_since_epoch().count();
  db_.write([&](db_connection& db) {
    upsert_cycle(db, out.row);
    std::string detail = fmt::format("{} to {}; deletion date {}", out.row.first_day, out.row.last_day, out.new_deletion_date);
    if (earlier)
      detail += fmt::format(" (was {}), confirmed with {} participants, {} registrations, {} mails, {} sessions to close",
                            out.current_deletion_date, preview.participants, preview.registrations, preview.mails, preview.sessions_closed);
    record_audit(db, at, staff_id, earlier ? "cycle.save_confirmed_purge" : "cycle.save", "cycle", label, detail);
  });
  if (earlier) out.would_purge = preview;
  if (!purged_already && new_due <= now) {
    auto r = retention_.purge(label, false, staff_id);
    if (!r) return r.error();
    out.purged = true;
  }
  return out;
}

}  // namespace intervision

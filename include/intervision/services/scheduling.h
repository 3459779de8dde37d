// scheduling: keeps the current and next cycle and their sessions in the database.
// ensure_cycles() inserts the current and the next cycle if missing (an admin's correction of
// their dates is kept). generate_sessions() creates a series' sessions of a cycle from its
// recurrence, idempotently: a slot whose key exists (even if edited or cancelled) is skipped.
// Both run inside a write job.
#pragma once

#include <string>

#include "intervision/store/connection.h"

#include "intervision/config/config.h"
#include "intervision/domain/cycle.h"
#include "intervision/domain/recurrence.h"
#include "intervision/store/catalogue_store.h"

namespace intervision {

cycle_start cycle_start_of(const config& cfg);
// The recurrence of a configured series as stored in series.rule.
std::string rule_json_for(const series_config& s);
// The database row of a configured series (active).
series_row series_row_of(const series_config& s);
// Inserts the configured series and themes that are missing; never overwrites what an admin
// has edited. Inside a write job.
void seed_catalogue(db_connection& db, const config& cfg);
result<recurrence_rule> rule_from_json(const std::string& rule_json);
result<cycle> cycle_of_row(const cycle_row& row);
cycle_row row_of_cycle(const cycle& c);

void ensure_cycles(db_connection& db, const config& cfg, sys_seconds now);
// Returns how many sessions were created, or the rule's error.
result<int> generate_sessions(db_connection& db, const series_row& series, const cycle& c, sys_seconds now);
// ensure_cycles + generate every active series for the current and the next cycle.
int schedule_ahead(db_connection& db, const config& cfg, sys_seconds now);

}  // namespace intervision

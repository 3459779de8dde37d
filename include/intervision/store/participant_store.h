// participant_store: participants (personal data, sealed with their cycle's key), their
// registrations, the anonymous per-session counts and the outbox. Only SQL lives here; the
// rules (capacity, waiting list, eligibility) are the registration service's.
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/states.h"

namespace intervision {

struct participant_row {
  std::int64_t id = 0;
  std::string cycle_label;
  std::string email_hash;
  std::string token_hash;
  std::string token_enc, name_enc, email_enc, phone_enc, organisation_enc;  // sealed bytes
  std::string sector, role, language;
  std::int64_t consent_at = 0;
  std::string privacy_version;
  bool walk_in = false;
  std::int64_t created_at = 0;
};

struct registration_row {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::int64_t session_id = 0;
  registration_status status = registration_status::confirmed;
  std::int64_t queued_at = 0;
  std::optional<std::string> attendance;
  std::int64_t created_at = 0, updated_at = 0;
  // Keyed hashes of the networks the registration came from (domain/network.h); empty for
  // walk-ins and registrations made before they were kept. Written by insert_registration.
  std::string source_narrow, source_wide;
};

struct outbox_row {
  std::int64_t id = 0;
  std::optional<std::int64_t> participant_id;
  std::optional<std::int64_t> session_id;
  std::string cycle_label, kind;
  std::string recipient_enc, mime_enc;
  std::string status = "queued";
  int attempts = 0;
  std::int64_t next_attempt_at = 0, created_at = 0;
  std::optional<std::int64_t> sent_at;
  std::string uid;  // the mail's keyed id (privacy ledger)
};

std::optional<participant_row> find_participant_by_email(SQLite::Database& db, const std::string& cycle, const std::string& email_hash);
std::optional<participant_row> find_participant_by_token(SQLite::Database& db, const std::string& token_hash);
std::optional<participant_row> find_participant(SQLite::Database& db, std::int64_t id);
std::vector<participant_row> find_participants_by_email(SQLite::Database& db, const std::string& email_hash);
std::int64_t insert_participant(SQLite::Database& db, const participant_row& p);
// Removes the participant; registrations and outbox rows go with it (ON DELETE CASCADE).
void delete_participant(SQLite::Database& db, std::int64_t id);

std::optional<registration_row> find_registration(SQLite::Database& db, std::int64_t id);
std::optional<registration_row> find_registration_for(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id);
std::vector<registration_row> registrations_of(SQLite::Database& db, std::int64_t participant_id);
// Confirmed and waitlisted registrations whose narrow or wide network hash is network_hash.
std::vector<registration_row> live_registrations_from(SQLite::Database& db, const std::string& network_hash);
std::vector<registration_row> registrations_for_session(SQLite::Database& db, std::int64_t session_id);
std::int64_t insert_registration(SQLite::Database& db, const registration_row& r);
void set_registration_status(SQLite::Database& db, std::int64_t id, registration_status status, std::int64_t queued_at, std::int64_t now);
void set_attendance(SQLite::Database& db, std::int64_t id, const std::optional<std::string>& attendance, std::int64_t now);
int count_confirmed(SQLite::Database& db, std::int64_t session_id);
// 1-based place on the waiting list, 0 when not waitlisted.
int waitlist_position(SQLite::Database& db, std::int64_t session_id, std::int64_t registration_id);
std::optional<registration_row> first_waitlisted(SQLite::Database& db, std::int64_t session_id);

// Anonymous counts: adds delta to one counter (registered, waitlisted, present, absent, excused).
void bump_count(SQLite::Database& db, std::int64_t session_id, const std::string& sector, const std::string& role,
                const std::string& counter, int delta);
struct count_totals {
  int registered = 0, waitlisted = 0, present = 0, absent = 0, excused = 0;
};
// The anonymous counts of session_id summed over every sector and role (all zero when none).
count_totals session_count_totals(SQLite::Database& db, std::int64_t session_id);

std::int64_t insert_outbox(SQLite::Database& db, const outbox_row& row);
std::vector<outbox_row> outbox_due(SQLite::Database& db, std::int64_t now, std::size_t limit);
std::vector<outbox_row> outbox_of(SQLite::Database& db, std::int64_t participant_id);
void outbox_mark_sent(SQLite::Database& db, std::int64_t id, std::int64_t when);
void outbox_mark_retry(SQLite::Database& db, std::int64_t id, int attempts, std::int64_t next_attempt);
void outbox_mark_failed(SQLite::Database& db, std::int64_t id, int attempts);
// At most once: a row is claimed (sent_at set while still queued) before it is handed to the
// transport; due rows are never claimed ones. false when the row was not claimable.
bool outbox_claim(SQLite::Database& db, std::int64_t id, std::int64_t now);
void outbox_mark_uncertain(SQLite::Database& db, std::int64_t id, int attempts);
// At start: rows claimed by a sender that died before recording the outcome are given up on
// (failed), never sent again. Returns how many.
int outbox_release_interrupted(SQLite::Database& db);
bool outbox_has(SQLite::Database& db, std::int64_t participant_id, std::int64_t session_id, const std::string& kind);

}  // namespace intervision

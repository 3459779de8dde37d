// feedback_store: the SQL of anonymous feedback and of attendance attestations.
//
// feedback_tokens hold the keyed hash of each one-time feedback link, its session and when it
// expires; no participant (the link reaches its person only through the sealed mail). A used
// token stays, marked used, until it expires or its cycle is purged, so a second use is told
// apart from a wrong link. feedback_answers hold a session and the answers only, under a
// random id (so their order says nothing of when they came). attestations are the anonymous
// record of the codes issued: code, cycle, minutes, sessions, day of issue; kept after purges.
// registrations.feedback_mailed says a present registration got its feedback mail.
// Every function runs on the connection it is given; the caller holds the transaction.
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

#include "intervision/domain/attestation.h"

namespace intervision {

struct feedback_due {
  std::int64_t registration_id = 0, participant_id = 0, session_id = 0;
};
// Present, confirmed registrations of held sessions that ended in [since, now) and have not had
// their feedback mail, in session then registration order.
std::vector<feedback_due> feedback_due_rows(SQLite::Database& db, std::int64_t since, std::int64_t now);
void mark_feedback_mailed(SQLite::Database& db, std::int64_t registration_id);

void insert_feedback_token(SQLite::Database& db, const std::string& token_hash, std::int64_t session_id, std::int64_t expires_at);
struct feedback_token_row {
  std::int64_t session_id = 0;
  std::int64_t expires_at = 0;
  bool used = false;
};
std::optional<feedback_token_row> find_feedback_token(SQLite::Database& db, const std::string& token_hash);
// Marks the token used when it is open and not expired at now; true when this call used it.
bool use_feedback_token(SQLite::Database& db, const std::string& token_hash, std::int64_t now);
// Tokens expired before now; returns how many went.
int delete_expired_feedback_tokens(SQLite::Database& db, std::int64_t now);
// Tokens of the cycle's sessions (the purge); returns how many went.
int delete_feedback_tokens_of_cycle(SQLite::Database& db, const std::string& cycle);
int count_feedback_tokens_of_cycle(SQLite::Database& db, const std::string& cycle);

void insert_feedback_answer(SQLite::Database& db, std::int64_t session_id, const std::string& answers_json);
struct stored_feedback {
  std::int64_t session_id = 0;
  std::string answers_json;
};
// Every answer to the cycle's sessions, by session.
std::vector<stored_feedback> feedback_answers_of_cycle(SQLite::Database& db, const std::string& cycle);
int count_feedback_answers(SQLite::Database& db, std::int64_t session_id);

struct present_session {
  std::int64_t session_id = 0, starts_at = 0, ends_at = 0;
  std::string series_slug;
};
// The sessions at which this participant was marked present (confirmed, session not cancelled),
// in date order.
std::vector<present_session> present_sessions_of(SQLite::Database& db, std::int64_t participant_id);

// Records a code once (the same code again keeps the first record).
void record_attestation(SQLite::Database& db, const attestation_record& r);
std::optional<attestation_record> find_attestation(SQLite::Database& db, const std::string& code);

}  // namespace intervision

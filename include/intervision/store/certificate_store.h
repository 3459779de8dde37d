// certificate_store: the SQL of deletion certificates (table deletion_certificates, migrations 6 and 7).
// Rows hold counts, times, a cycle label and a staff id only: never participant data. Each
// function runs on the connection it is given, inside the caller's transaction when it has one.
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/deletion_certificate.h"

namespace intervision {

// Inserts the certificate (its id is ignored) and returns the new id.
std::int64_t insert_certificate(SQLite::Database& db, const deletion_certificate& c);
void mark_certificate_key_destroyed(SQLite::Database& db, std::int64_t id, std::int64_t at);
// Sets checkpointed_at on every certificate still without one, up to id (inclusive).
void mark_certificates_checkpointed(SQLite::Database& db, std::int64_t up_to_id, std::int64_t at);
// The newest certificate still waiting for its checkpoint, or 0.
std::int64_t last_uncheckpointed_certificate(SQLite::Database& db);
// Newest first.
std::vector<deletion_certificate> list_certificates(SQLite::Database& db, int limit);

}  // namespace intervision

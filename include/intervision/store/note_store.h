// note_store: the case notes of a session. A note holds only its redacted text; redaction is
// the caller's job and happens before insert_note is called.
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

#include "intervision/domain/records.h"

namespace intervision {

// Adds a note to session_id written by staff_id at now (unix seconds); returns its id.
std::int64_t insert_note(SQLite::Database& db, std::int64_t session_id, const std::string& redacted_text, std::int64_t staff_id,
                         std::int64_t now);
// The notes of session_id, oldest first (by id).
std::vector<note_row> notes_of_session(SQLite::Database& db, std::int64_t session_id);
std::optional<note_row> find_note(SQLite::Database& db, std::int64_t note_id);
// Replaces a note's text (already redacted). With secure_delete on, the old text's bytes are
// zeroed in the page; the caller checkpoints the WAL so no older frame keeps them either.
void update_note(SQLite::Database& db, std::int64_t note_id, const std::string& redacted_text);
void delete_note(SQLite::Database& db, std::int64_t note_id);

}  // namespace intervision

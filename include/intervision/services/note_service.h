// note_service: the anonymised case notes of a session, for its facilitators and admins.
// Every text (a new note or a correction) goes through the anonymiser, with the names of the
// session's participants and of the staff, before it is stored; the original never is. A
// correction or a removal leaves none of the old text's bytes in the database file or its WAL
// (secure_delete, then a WAL checkpoint with truncation, as the purge does). The audit records
// that a note was added, changed or removed, never what it said.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"
#include "intervision/store/note_store.h"

namespace intervision {

class db_pool;
class keyring;

// Who asks: a staff account's id and role ("admin" runs every session, a facilitator only the
// sessions they are assigned to).
struct note_author {
  std::int64_t id = 0;
  std::string role;
};

class note_service {
 public:
  note_service(const clock& clk, db_pool& db, std::shared_ptr<keyring> keys);

  // 404 no such session, 403 not this author's session.
  result<std::vector<note_row>> list(std::int64_t session_id, const note_author& who);
  // 422 empty or longer than 20,000 bytes. Returns the stored (redacted) note.
  result<note_row> add(std::int64_t session_id, const std::string& text, const std::vector<std::string>& extra_terms,
                       const note_author& who);
  // 404 also when the note is not of this session.
  result<note_row> correct(std::int64_t session_id, std::int64_t note_id, const std::string& text,
                           const std::vector<std::string>& extra_terms, const note_author& who);
  status remove(std::int64_t session_id, std::int64_t note_id, const note_author& who);

  // The names the anonymiser should know for a session (its participants and every staff
  // member), or the staff's only without a session; 403 when who may not see the session.
  result<std::vector<std::string>> known_names(std::optional<std::int64_t> session_id, const note_author& who);

 private:
  status check_text(const std::string& text) const;
  status may_run(std::int64_t session_id, const note_author& who);
  void erase_old_bytes();

  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
};

}  // namespace intervision

#include "intervision/services/note_service.h"

#include <algorithm>

#include "intervision/domain/session_rules.h"
#include "intervision/domain/anonymiser.h"
#include "intervision/domain/crypto.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/retention_store.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"

namespace intervision {

note_service::note_service(const clock& clk, db_pool& db, std::shared_ptr<keyring> keys) : clock_(clk), db_(db), keys_(std::move(keys)) {}

status note_service::check_text(const std::string& text) const {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return status::invalid({{"text", "required"}}, "text is required.");
  if (text.size() > 20000) return status::invalid({{"text", "too_long"}}, "The note is too long.");
  return status::ok();
}

status note_service::may_run(std::int64_t session_id, const note_author& who) {
  auto s = db_.read([&](db_connection& db) { return find_session(db, session_id); });
  if (!s) return status(status_code::not_found, "No such session.");
  if (!runs_session(staff_actor{who.id, who.role == "admin"}, *s)) return status(status_code::forbidden, "You do not facilitate this session.");
  return status::ok();
}

result<std::vector<std::string>> note_service::known_names(std::optional<std::int64_t> session_id, const note_author& who) {
  if (session_id)
    if (auto s = may_run(*session_id, who); !s) return s;
  return db_.read([&](db_connection& db) {
    std::vector<std::string> names;
    auto staff = list_staff_accounts(db);
    // In account (id) order, the order the names reached the anonymiser in before.
    std::sort(staff.begin(), staff.end(), [](const staff_account& a, const staff_account& b) { return a.id < b.id; });
    for (const auto& a : staff)
      if (!a.name.empty()) names.push_back(a.name);
    if (!session_id) return names;
    for (const auto& r : registrations_for_session(db, *session_id)) {
      auto p = find_participant(db, r.participant_id);
      if (!p) continue;
      auto key = keys_->find(p->cycle_label);
      if (!key) continue;
      if (auto n = open(*key, p->name_enc, p->cycle_label + ":name")) names.push_back(*n);
    }
    return names;
  });
}

result<std::vector<note_row>> note_service::list(std::int64_t session_id, const note_author& who) {
  if (auto s = may_run(session_id, who); !s) return s;
  return db_.read([&](db_connection& db) { return notes_of_session(db, session_id); });
}

result<note_row> note_service::add(std::int64_t session_id, const std::string& text, const std::vector<std::string>& extra_terms,
                                   const note_author& who) {
  if (auto s = check_text(text); !s) return s;
  auto names = known_names(session_id, who);
  if (!names) return names.error();
  // Only the redacted text leaves this function: the original stays in the caller's memory.
  auto redacted = redact(text, redaction_options{std::move(*names), extra_terms, ""}).redacted;
  auto now = clock_.now().time_since_epoch().count();
  auto id = db_.write([&](db_connection& db) {
    auto nid = insert_note(db, session_id, redacted, who.id, now);
    record_audit(db, now, who.id, "note.add", "note", std::to_string(nid));
    return nid;
  });
  return note_row{id, session_id, redacted, now};
}

void note_service::erase_old_bytes() {
  // secure_delete zeroed the old text in its page; older WAL frames may still hold it.
  try {
    db_.run_exclusive([](db_connection& db) { checkpoint_truncate(db); });
  } catch (const std::exception&) {
    // a reader held an old snapshot: the next checkpoint (any purge, or SQLite's own) moves it
  }
}

result<note_row> note_service::correct(std::int64_t session_id, std::int64_t note_id, const std::string& text,
                                       const std::vector<std::string>& extra_terms, const note_author& who) {
  if (auto s = check_text(text); !s) return s;
  auto names = known_names(session_id, who);
  if (!names) return names.error();
  auto redacted = redact(text, redaction_options{std::move(*names), extra_terms, ""}).redacted;
  auto now = clock_.now().time_since_epoch().count();
  auto stored = db_.write([&](db_connection& db) -> std::optional<note_row> {
    auto n = find_note(db, note_id);
    if (!n || n->session_id != session_id) return std::nullopt;
    update_note(db, note_id, redacted);
    record_audit(db, now, who.id, "note.edit", "note", std::to_string(note_id));
    n->text = redacted;
    return n;
  });
  if (!stored) return status(status_code::not_found, "No such note in this session.");
  erase_old_bytes();
  return *stored;
}

status note_service::remove(std::int64_t session_id, std::int64_t note_id, const note_author& who) {
  if (auto s = may_run(session_id, who); !s) return s;
  auto now = clock_.now().time_since_epoch().count();
  bool removed = db_.write([&](db_connection& db) {
    auto n = find_note(db, note_id);
    if (!n || n->session_id != session_id) return false;
    delete_note(db, note_id);
    record_audit(db, now, who.id, "note.delete", "note", std::to_string(note_id));
    return true;
  });
  if (!removed) return status(status_code::not_found, "No such note in this session.");
  erase_old_bytes();
  return status::ok();
}

}  // namespace intervision

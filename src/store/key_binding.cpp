#include "intervision/store/key_binding.h"

#include <SQLiteCpp/Statement.h>

#include "intervision/store/database.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

constexpr const char* check_key = "keyring.check";

status refuse(std::string line) { return status(status_code::bad_request, std::move(line)); }

std::string import_hint() { return "put your copy back with `intervision keys import FILE` (README, Backups)"; }

bool holds_any_participant(SQLite::Database& db) { return db.execAndGet("SELECT EXISTS (SELECT 1 FROM participants)").getInt() != 0; }

// The keyring and ledger that must already exist for a database bound to `check`.
result<bound_keys> open_bound(const fs::path& key_file, const std::string& check) {
  auto ledger_file = privacy_ledger::beside(key_file);
  if (!fs::exists(key_file))
    return refuse("the key file " + key_file.string() + " is missing, and this database was made with one: " + import_hint() +
                  "; a new key file would open none of its personal data");
  auto keys = keyring::open(key_file, false);
  if (!keys) return refuse("the key file " + key_file.string() + " cannot be used (" + keys.error().message() + "): " + import_hint());
  if (keys->check_value() != check)
    return refuse("the key file " + key_file.string() + " belongs to another database: " + import_hint() + " of this database's own key file");
  if (!fs::exists(ledger_file))
    return refuse("the ledger " + ledger_file.string() + " beside the key file is missing: " + import_hint() +
                  " (a key file export carries the ledger)");
  auto ledger = privacy_ledger::open(ledger_file, check, false);
  if (!ledger) return refuse("the ledger " + ledger_file.string() + " cannot be used (" + ledger.error().message() + "): " + import_hint());
  return bound_keys{std::make_shared<keyring>(std::move(keys.value())), std::make_shared<privacy_ledger>(std::move(ledger.value()))};
}

}  // namespace

std::optional<std::string> stored_key_check(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, check_key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void store_key_check(SQLite::Database& db, const std::string& check) {
  SQLite::Statement q(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  q.bind(1, check_key);
  q.bind(2, check);
  q.exec();
}

std::vector<std::string> cycles_with_participants(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT DISTINCT cycle_label FROM participants ORDER BY cycle_label");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

result<bound_keys> bind_key_file(SQLite::Database& db, const fs::path& key_file) {
  if (auto check = stored_key_check(db)) return open_bound(key_file, *check);
  // Never bound: the first start, or a database from before the binding existed.
  if (!fs::exists(key_file) && holds_any_participant(db))
    return refuse("the key file " + key_file.string() + " is missing and the database holds personal data: " + import_hint());
  auto keys = keyring::open(key_file, true);
  if (!keys) return refuse("the key file " + key_file.string() + " cannot be used (" + keys.error().message() + "): " + import_hint());
  auto check = keys->check_value();
  auto ledger = privacy_ledger::open(privacy_ledger::beside(key_file), check, true);
  if (!ledger) return refuse("the ledger beside the key file cannot be used (" + ledger.error().message() + ")");
  store_key_check(db, check);
  return bound_keys{std::make_shared<keyring>(std::move(keys.value())), std::make_shared<privacy_ledger>(std::move(ledger.value()))};
}

std::optional<std::string> stored_key_check(const fs::path& database_file) {
  if (!fs::exists(database_file)) return std::nullopt;
  SQLite::Database db(database_file.string(), SQLite::OPEN_READONLY, 5000);
  return stored_key_check(db);
}

status keyring_matches(const fs::path& database_file, const fs::path& key_file) {
  if (!fs::exists(database_file)) return status::ok();  // nothing to match yet: the first start creates both
  std::optional<std::string> check;
  bool personal = false;
  try {
    SQLite::Database db(database_file.string(), SQLite::OPEN_READONLY, 5000);
    if (db.execAndGet("PRAGMA application_id").getInt() != intervision_application_id)
      return refuse("the database " + database_file.string() + " is not an intervision database");
    check = stored_key_check(db);
    personal = holds_any_participant(db);
  } catch (const std::exception&) {
    return refuse("the database " + database_file.string() + " cannot be read");
  }
  if (!check) {
    if (!fs::exists(key_file) && personal)
      return refuse("the key file " + key_file.string() + " is missing and the database holds personal data: " + import_hint());
    return status::ok();  // bound at the next start
  }
  auto bound = open_bound(key_file, *check);
  return bound ? status::ok() : bound.error();
}

}  // namespace intervision

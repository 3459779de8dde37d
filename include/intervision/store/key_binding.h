// key_binding: the database and its key file know each other. The database keeps the key
// file's check value (meta "keyring.check", see keyring::check_value), written at the very first
// start; from then on every start refuses a missing, foreign or damaged key file, or a missing or
// foreign ledger beside it (privacy_ledger), with one line that says what to do, instead of
// starting a silent new keyring that would open nothing and erase nothing.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/status.h"

namespace intervision {

class keyring;
class privacy_ledger;

std::optional<std::string> stored_key_check(SQLite::Database& db);
// The check value kept in the database file (opened read-only), if it has been started once;
// nullopt for no file. Throws SQLite::Exception when the file cannot be read as a database.
std::optional<std::string> stored_key_check(const std::filesystem::path& database_file);
void store_key_check(SQLite::Database& db, const std::string& check);
// Labels of the cycles that hold at least one participant.
std::vector<std::string> cycles_with_participants(SQLite::Database& db);

struct bound_keys {
  std::shared_ptr<keyring> keys;
  std::shared_ptr<privacy_ledger> ledger;
};

// Opens the key file and its ledger for the database db (read-write connection, outside any
// transaction). First start (no check value in db, no key file, no participant): creates both
// and records the check value. bad_request with the line to print when they do not match.
result<bound_keys> bind_key_file(SQLite::Database& db, const std::filesystem::path& key_file);

// For `intervision check` and tests: ok when the key file and its ledger belong to the
// database (or the database has never been started); otherwise the same one-line reason that
// `serve` would give (code bad_request). Changes nothing.
status keyring_matches(const std::filesystem::path& database_file, const std::filesystem::path& key_file);

}  // namespace intervision

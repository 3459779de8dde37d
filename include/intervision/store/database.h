// database: opening the one SQLite file and bringing its schema up to date.
//
// open_connection() applies the pragmas every connection needs (WAL, foreign_keys,
// secure_delete, busy_timeout; synchronous=FULL so an acknowledged write is durable).
// migrate() applies the numbered migrations not yet applied, all in one transaction, and
// records the schema version in PRAGMA user_version and the application id in
// PRAGMA application_id (so restore can refuse a file that is not ours).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

#include "intervision/domain/status.h"

namespace intervision {

constexpr int intervision_application_id = 0x49565331;  // "IVS1"

std::unique_ptr<SQLite::Database> open_connection(const std::filesystem::path& file, bool read_only = false);
status migrate(SQLite::Database& db);
int schema_version(SQLite::Database& db);
// One small write (the meta row "health_probe"), so /healthz knows writes still commit.
void write_health_probe(SQLite::Database& db, std::int64_t now);
int latest_schema_version();

}  // namespace intervision

#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include "intervision/store/database.h"
#include "intervision/store/db_pool.h"
#include "support.h"

using namespace intervision;

TEST_CASE("migrations run once, in WAL mode with foreign keys and secure_delete", "[store]") {
  test::temp_dir dir;
  auto file = dir.path / "t.db";
  {
    auto db = open_connection(file);
    REQUIRE(migrate(*db));
    CHECK(schema_version(*db) == latest_schema_version());
    CHECK(db->execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db->execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db->execAndGet("PRAGMA secure_delete").getInt() == 1);
    CHECK(db->execAndGet("PRAGMA application_id").getInt() == intervision_application_id);
    REQUIRE(migrate(*db));  // again: nothing to do
  }
  auto other = dir.path / "other.db";
  {
    SQLite::Database foreign(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    foreign.exec("CREATE TABLE x (a); PRAGMA user_version=1");
  }
  auto db = open_connection(other);
  CHECK(!migrate(*db));
}

TEST_CASE("db_pool groups concurrent writes and a failing job rolls back only itself", "[store]") {
  test::temp_dir dir;
  auto file = dir.path / "t.db";
  { auto db = open_connection(file); db->exec("CREATE TABLE t (v INTEGER UNIQUE)"); }
  db_pool pool(file, 2);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      try {
        pool.write([i](SQLite::Database& db) {
          SQLite::Statement q(db, "INSERT INTO t (v) VALUES (?)");
          q.bind(1, i % 30);  // ten duplicates fail on the UNIQUE constraint
          q.exec();
        });
      } catch (const std::exception&) {
        failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 10);
  CHECK(pool.read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM t").getInt(); }) == 30);
  CHECK(pool.commits() < 40);  // grouped
}

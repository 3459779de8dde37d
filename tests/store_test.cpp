#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/store/database.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/participant_store.h"
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

namespace {

void seed_two_sessions(SQLite::Database& db) {
  db.exec(R"(
    INSERT INTO cycles VALUES ('2026-2027', '2026-09-01', '2027-08-31', NULL);
    INSERT INTO series (slug, title_fr, title_nl, title_en, roles, sectors, cadence, rule, place, capacity)
      VALUES ('s', 'f', 'n', 'e', 'peer_helper', '*', 'monthly', '{}', 'here', 10);
    INSERT INTO sessions (id, series_slug, cycle_label, starts_at, ends_at, place, capacity, updated_at)
      VALUES (1, 's', '2026-2027', 100, 200, 'here', 10, 0), (2, 's', '2026-2027', 300, 400, 'here', 10, 0);)");
  for (int i = 1; i <= 4; ++i) {
    SQLite::Statement p(db, R"(INSERT INTO participants (id, cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc,
        organisation_enc, sector, role, language, consent_at, privacy_version, created_at)
        VALUES (?, '2026-2027', ?, ?, x'00', x'00', x'00', x'00', 'x', 'peer_helper', 'nl', 0, 'v1', 0))");
    p.bind(1, i);
    p.bind(2, fmt::format("e{}", i));  // not "e" + std::to_string(i): GCC 12 warns (-Wrestrict) on that here
    p.bind(3, fmt::format("t{}", i));
    p.exec();
  }
}

std::pair<int, int> counts_of(SQLite::Database& db, int session) {
  SQLite::Statement q(db, "SELECT confirmed_count, waitlisted_count FROM sessions WHERE id = ?");
  q.bind(1, session);
  REQUIRE(q.executeStep());
  return {q.getColumn(0).getInt(), q.getColumn(1).getInt()};
}

std::pair<int, int> counted(SQLite::Database& db, int session) {
  SQLite::Statement q(db, R"(SELECT COALESCE(SUM(status = 'confirmed'), 0), COALESCE(SUM(status = 'waitlisted'), 0)
                             FROM registrations WHERE session_id = ?)");
  q.bind(1, session);
  REQUIRE(q.executeStep());
  return {q.getColumn(0).getInt(), q.getColumn(1).getInt()};
}

}  // namespace

TEST_CASE("seats taken and the waiting list are kept on the session through every kind of change", "[store]") {
  test::temp_dir dir;
  auto db = open_connection(dir.path / "t.db");
  REQUIRE(migrate(*db));
  seed_two_sessions(*db);
  auto same = [&] {
    for (int s : {1, 2}) CHECK(counts_of(*db, s) == counted(*db, s));
  };
  db->exec(R"(INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at) VALUES
      (1, 1, 'confirmed', 1, 0, 0), (2, 1, 'confirmed', 2, 0, 0), (3, 1, 'waitlisted', 3, 0, 0), (4, 2, 'cancelled', 4, 0, 0))");
  CHECK(counts_of(*db, 1) == std::pair{2, 1});
  CHECK(counts_of(*db, 2) == std::pair{0, 0});
  db->exec("UPDATE registrations SET status = 'cancelled' WHERE participant_id = 1");  // a cancellation
  db->exec("UPDATE registrations SET status = 'confirmed' WHERE participant_id = 3");  // its promotion
  CHECK(counts_of(*db, 1) == std::pair{2, 0});
  db->exec("UPDATE registrations SET attendance = 'present' WHERE participant_id = 2");  // not a status change
  db->exec("UPDATE registrations SET session_id = 2, status = 'waitlisted' WHERE participant_id = 2");  // moved
  CHECK(counts_of(*db, 1) == std::pair{1, 0});
  CHECK(counts_of(*db, 2) == std::pair{0, 1});
  db->exec("UPDATE registrations SET status = 'confirmed' WHERE participant_id = 4");
  same();
  db->exec("DELETE FROM participants WHERE id = 3");  // erasure: registrations go by cascade
  same();
  db->exec("DELETE FROM registrations");  // the purge
  CHECK(counts_of(*db, 1) == std::pair{0, 0});
  CHECK(counts_of(*db, 2) == std::pair{0, 0});
}

TEST_CASE("upgrading a version 2 database fills the counts from the registrations already there", "[store]") {
  test::temp_dir dir;
  auto file = dir.path / "t.db";
  {
    auto db = open_connection(file);
    REQUIRE(migrate(*db));
    // Back to what version 2 was: no count columns, no triggers.
    db->exec(R"(DROP TRIGGER registrations_counted_insert; DROP TRIGGER registrations_counted_delete;
                DROP TRIGGER registrations_counted_update;
                ALTER TABLE sessions DROP COLUMN confirmed_count; ALTER TABLE sessions DROP COLUMN waitlisted_count;
                DROP TABLE session_tallies; DROP INDEX sessions_untallied; ALTER TABLE sessions DROP COLUMN tallied_at;
                ALTER TABLE registrations DROP COLUMN first_presence; DROP TABLE deletion_certificates;
                ALTER TABLE outbox DROP COLUMN uid;
                DROP INDEX outbox_by_subscriber; ALTER TABLE outbox DROP COLUMN subscriber_id;
                DROP TABLE announcement_sends; DROP TABLE announcement_subscribers;
                DROP TABLE feedback_tokens; DROP TABLE feedback_answers; DROP TABLE attestations;
                ALTER TABLE registrations DROP COLUMN feedback_mailed;
                DROP INDEX registrations_by_narrow; DROP INDEX registrations_by_wide;
                ALTER TABLE registrations DROP COLUMN source_narrow; ALTER TABLE registrations DROP COLUMN source_wide;
                PRAGMA user_version = 2;)");
    seed_two_sessions(*db);
    db->exec(R"(INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at) VALUES
        (1, 1, 'confirmed', 1, 0, 0), (2, 1, 'waitlisted', 2, 0, 0), (3, 1, 'waitlisted', 3, 0, 0), (4, 2, 'confirmed', 4, 0, 0))");
  }
  auto db = open_connection(file);
  REQUIRE(migrate(*db));
  CHECK(schema_version(*db) == latest_schema_version());
  CHECK(counts_of(*db, 1) == std::pair{1, 2});
  CHECK(counts_of(*db, 2) == std::pair{1, 0});
}

TEST_CASE("places on the waiting list: the last one from the session's count, the others counted", "[store]") {
  test::temp_dir dir;
  auto db = open_connection(dir.path / "t.db");
  REQUIRE(migrate(*db));
  seed_two_sessions(*db);
  // Arrival order by (queued_at, id): 3 (t=5), 1 (t=7), 4 (t=7, later id), then 2 (t=9);
  // participant 4 is confirmed in the other session only.
  db->exec(R"(INSERT INTO registrations (id, participant_id, session_id, status, queued_at, created_at, updated_at) VALUES
      (10, 1, 1, 'waitlisted', 7, 0, 0), (11, 2, 1, 'waitlisted', 9, 0, 0), (12, 3, 1, 'waitlisted', 5, 0, 0),
      (13, 4, 1, 'waitlisted', 7, 0, 0), (14, 4, 2, 'confirmed', 1, 0, 0))");
  CHECK(waitlist_position(*db, 1, 12) == 1);
  CHECK(waitlist_position(*db, 1, 10) == 2);
  CHECK(waitlist_position(*db, 1, 13) == 3);
  CHECK(waitlist_position(*db, 1, 11) == 4);  // the last: from the count
  CHECK(waitlist_position(*db, 2, 14) == 0);  // not waitlisted
  CHECK(waitlist_position(*db, 2, 11) == 0);  // not in that session
  db->exec("UPDATE registrations SET status = 'confirmed' WHERE id = 12");  // the first moves up
  CHECK(waitlist_position(*db, 1, 10) == 1);
  CHECK(waitlist_position(*db, 1, 11) == 3);
  // Someone queued later than the newest arrival (a clock set back): still counted right.
  db->exec("UPDATE registrations SET queued_at = 20 WHERE id = 10");
  CHECK(waitlist_position(*db, 1, 11) == 2);
  CHECK(waitlist_position(*db, 1, 10) == 3);
}

// Stopping: SIGTERM/stop() returns within server.drain_seconds however long the mail backlog,
// the rest stays queued and goes out at the next start, and no outbox row is ever sent twice
// (claimed before the hand-off; a claim left by a dead process is given up on, not resent).
#include <catch2/catch.hpp>

#include <future>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "intervision/services/registration_service.h"
#include "intervision/mail/transport.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/participant_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
using namespace std::chrono_literals;

namespace {

// Takes `delay` per message, as a slow SMTP server would; remembers each message it was given.
class slow_transport final : public mail_transport {
 public:
  explicit slow_transport(std::chrono::milliseconds delay, std::shared_ptr<std::vector<std::string>> seen)
      : delay_(delay), seen_(std::move(seen)) {}
  status send(const std::string&, const std::string& to, const std::string& mime) override {
    std::this_thread::sleep_for(delay_);
    seen_->push_back(to + "\n" + mime);
    return status::ok();
  }

 private:
  std::chrono::milliseconds delay_;
  std::shared_ptr<std::vector<std::string>> seen_;
};

int count_rows(application& app, const std::string& where) {
  return app.db().read([&](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM outbox WHERE " + where).getInt(); });
}

void queue_registrations(application& app, int n, sys_seconds now) {
  auto sessions = app.db().read([&](SQLite::Database& db) {
    std::vector<std::int64_t> ids;
    SQLite::Statement q(db, "SELECT id FROM sessions WHERE series_slug = 'cross-sector' AND starts_at > ? ORDER BY starts_at LIMIT 3");
    q.bind(1, static_cast<std::int64_t>((now + std::chrono::hours(72)).time_since_epoch().count()));
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    return ids;
  });
  REQUIRE(!sessions.empty());
  for (int i = 0; i < n; ++i) {
    raw_registration r;
    r.name = fmt::format("Person {}", i);
    r.email = fmt::format("person{}@example.org", i);
    r.organisation = "CAW";
    r.sector = "mental_health";
    r.role = "peer_helper";
    r.language = "fr";
    r.consent = true;
    std::promise<bool> done;
    app.registrations().register_for(sessions[static_cast<std::size_t>(i) % sessions.size()], r, false,
                                     [&](result<registration_outcome> out) { done.set_value(out.is_ok()); });
    REQUIRE(done.get_future().get());
  }
}

}  // namespace

TEST_CASE("stop() returns within drain_seconds with a mail backlog; the rest goes at the next start, each once", "[shutdown][mail]") {
  temp_dir dir;
  auto cfg = test_config(dir.path, {{"INTERVISION_SERVER_DRAIN_SECONDS", "1"}});
  fake_clock clk(at_utc(2026, 11, 22, 9, 0));
  auto seen = std::make_shared<std::vector<std::string>>();
  {
    application app(cfg, clk);
    REQUIRE(app.open());
    queue_registrations(app, 200, clk.now());
    const int queued = count_rows(app, "status = 'queued'");
    REQUIRE(queued >= 200);
    app.use_mail_transport(std::make_unique<slow_transport>(30ms, seen));  // 200 mails: 6 s
    std::ostringstream out, log;
    std::thread serving([&] { app.serve(out, log); });
    for (int i = 0; i < 500 && app.bound_port() == 0; ++i) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(300ms);  // the background round is sending by now
    auto asked = std::chrono::steady_clock::now();
    app.stop();
    serving.join();
    auto took = std::chrono::steady_clock::now() - asked;
    CHECK(took < 1500ms);
    CHECK(!seen->empty());
    CHECK(static_cast<int>(seen->size()) < queued);
    // Nothing is lost: what was not sent is still queued, nothing half-way.
    CHECK(count_rows(app, "status = 'queued'") == queued - static_cast<int>(seen->size()));
    CHECK(count_rows(app, "status = 'queued' AND sent_at IS NOT NULL") == 0);
  }
  {
    application app(cfg, clk);
    REQUIRE(app.open());
    app.use_mail_transport(std::make_unique<slow_transport>(0ms, seen));
    app.send_mail();
    CHECK(count_rows(app, "status = 'queued'") == 0);
  }
  std::set<std::string> unique(seen->begin(), seen->end());
  CHECK(unique.size() == seen->size());  // no message twice
}

TEST_CASE("a row a dead process was handing over is given up on at the next start, never sent twice", "[shutdown][mail]") {
  temp_dir dir;
  auto cfg = test_config(dir.path);
  fake_clock clk(at_utc(2026, 11, 22, 9, 0));
  auto seen = std::make_shared<std::vector<std::string>>();
  std::int64_t claimed = 0;
  {
    application app(cfg, clk);
    REQUIRE(app.open());
    queue_registrations(app, 3, clk.now());
    // A sender claimed this row, handed it over, and was killed before recording the outcome.
    claimed = app.db().read([](SQLite::Database& db) { return db.execAndGet("SELECT MIN(id) FROM outbox WHERE status = 'queued'").getInt64(); });
    REQUIRE(app.db().write([&](SQLite::Database& db) { return outbox_claim(db, claimed, 1); }));
    // A second sender (the next round) does not take a claimed row.
    REQUIRE_FALSE(app.db().write([&](SQLite::Database& db) { return outbox_claim(db, claimed, 2); }));
  }
  test_server server(cfg);  // the next start: its first background round sends what is due
  server.app().send_mail();
  CHECK(count_rows(server.app(), "status = 'sent'") == 2);
  CHECK(count_rows(server.app(), "status = 'queued'") == 0);
  auto st = server.app().db().read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT status FROM outbox WHERE id = ?");
    q.bind(1, claimed);
    q.executeStep();
    return q.getColumn(0).getString();
  });
  CHECK(st == "failed");
}

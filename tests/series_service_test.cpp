// series_service on a real database with a fake clock, without HTTP but for registering (as a
// participant would): a series created and validated, its sessions previewed then generated, a
// skip date that cancels the session on it and tells its registrant (or leaves it open), a
// one-off session with the series' defaults, deactivation.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>

#include "intervision/domain/brussels_time.h"
#include "intervision/services/series_service.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/session_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

struct fixture {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::unique_ptr<series_service> series;

  fixture() {
    server = std::make_unique<test_server>(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}), at_utc(2026, 11, 22, 9, 0));
    series = std::make_unique<series_service>(server->app().cfg(), server->clk(), server->app().db(), server->app().registrations());
  }

  // A monthly series on the second Tuesday, not in July and August.
  static series_fields second_tuesday() {
    series_fields f;
    f.title = labels{"Intervision du mardi", "Dinsdagintervisie", "Tuesday intervision"};
    f.roles = std::vector<std::string>{"peer_helper"};
    f.cadence = "monthly";
    f.weekday = "tuesday";
    f.ordinals = std::vector<int>{2};
    f.skip_months = std::vector<int>{7, 8};
    f.start = "09:30";
    f.duration_minutes = 180;
    f.place = "Rue de la Source 1, 1060 Bruxelles";
    f.capacity = 8;
    return f;
  }

  std::vector<session_row> sessions_of(const std::string& slug) {
    return server->app().db().read([&](SQLite::Database& db) {
      session_filter f;
      f.series = slug;
      return list_sessions(db, f);
    });
  }

  void enrol(std::int64_t session_id, const std::string& email, const std::string& language) {
    json::object o{{"name", "Series Test"}, {"email", email}, {"organisation", "Org"}, {"sector", "mental_health"},
                   {"role", "peer_helper"}, {"language", language}, {"consent", true}};
    auto r = request(server->port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id), json::serialize(o));
    INFO(r.body);
    REQUIRE(r.status == 201);
  }

  int mails_of_kind(const std::string& kind) {
    return server->app().db().read([&](SQLite::Database& db) {
      SQLite::Statement q(db, "SELECT COUNT(*) FROM outbox WHERE kind = ?");
      q.bind(1, kind);
      q.executeStep();
      return q.getColumn(0).getInt();
    });
  }
};

std::string find_session_state(fixture& f, std::int64_t id) {
  return f.server->app().db().read([&](SQLite::Database& db) { return std::string(to_string(find_session(db, id)->state)); });
}

std::string day_of(const session_row& s) { return format_date(brussels_date(sys_seconds{std::chrono::seconds{s.starts_at}})); }

}  // namespace

TEST_CASE("a new series is validated like the series file, field by field, and kept as given", "[series]") {
  fixture f;
  auto bad = fixture::second_tuesday();
  bad.title->nl = "";
  bad.capacity = 0;
  bad.weekday = "someday";
  auto refused = f.series->create("tuesday-group", bad, 1);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == status_code::invalid);
  CHECK(refused.error().errors().count("title.nl"));
  CHECK(refused.error().errors().count("capacity"));

  auto quarterly = fixture::second_tuesday();
  quarterly.cadence = "quarterly";
  auto no_months = f.series->create("tuesday-group", quarterly, 1);
  REQUIRE_FALSE(no_months);
  CHECK(no_months.error().errors().count("months"));

  CHECK(f.series->create("Not A Slug", fixture::second_tuesday(), 1).error().errors().count("slug"));
  CHECK_FALSE(f.series->find("tuesday-group"));

  auto made = f.series->create("tuesday-group", fixture::second_tuesday(), 1);
  REQUIRE(made);
  CHECK(made->created);
  auto again = f.series->create("tuesday-group", fixture::second_tuesday(), 1);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == status_code::conflict);

  auto row = f.series->find("tuesday-group");
  REQUIRE(row);
  auto sc = series_config_of(*row);
  REQUIRE(sc);
  CHECK(sc->weekday == "tuesday");
  CHECK(sc->ordinals == std::vector<int>{2});
  CHECK(sc->skip_months == std::vector<int>{7, 8});
  CHECK(sc->start_time == "09:30");
  CHECK(sc->duration_minutes == 180);
  CHECK(sc->capacity == 8);
  CHECK(row->active);
}

TEST_CASE("the preview lists the cycle's sessions before anything is made; generating makes them once", "[series]") {
  fixture f;
  // A preview of a series not saved yet: nothing is written.
  auto unsaved = f.series->preview("tuesday-group", fixture::second_tuesday(), "2026-2027");
  REQUIRE(unsaved);
  CHECK_FALSE(f.series->find("tuesday-group"));
  // September to June, the second Tuesday: 10 sessions, each a Tuesday between the 8th and the 14th.
  REQUIRE(unsaved->sessions.size() == 10);
  for (const auto& s : unsaved->sessions) {
    auto d = *parse_date(s.date);
    CHECK(date::weekday{date::sys_days{d}} == date::Tuesday);
    CHECK(static_cast<unsigned>(d.day()) >= 8);
    CHECK(static_cast<unsigned>(d.day()) <= 14);
    CHECK_FALSE(s.session_id);
    CHECK(format_date(brussels_date(s.starts_at)) == s.date);
    CHECK(s.ends_at - s.starts_at == std::chrono::minutes(180));
  }
  CHECK(unsaved->sessions.front().date == "2026-09-08");
  CHECK(f.sessions_of("tuesday-group").empty());
  CHECK_FALSE(f.series->preview("tuesday-group", fixture::second_tuesday(), "1999-2000"));

  REQUIRE(f.series->create("tuesday-group", fixture::second_tuesday(), 1));
  // The server's own background round may make them first (it generates active series): either
  // way there are exactly the previewed ten, once.
  REQUIRE(f.series->generate("tuesday-group", "2026-2027", 1));
  CHECK(f.sessions_of("tuesday-group").size() == 10);
  auto saved = f.series->preview("tuesday-group", {}, "2026-2027");
  REQUIRE(saved);
  for (const auto& s : saved->sessions) CHECK(s.session_id);
  CHECK(*f.series->generate("tuesday-group", "2026-2027", 1) == 0);
  CHECK(f.series->generate("no-such-series", "2026-2027", 1).error().code() == status_code::not_found);
}

TEST_CASE("a skip date added with cancel_skipped cancels the session on it and tells its registrants; without, it stays open", "[series]") {
  fixture f;
  REQUIRE(f.series->create("tuesday-group", fixture::second_tuesday(), 1));
  REQUIRE(f.series->generate("tuesday-group", "2026-2027", 1));
  auto all = f.sessions_of("tuesday-group");
  REQUIRE(all.size() == 10);
  auto jan = std::find_if(all.begin(), all.end(), [](const session_row& s) { return day_of(s) == "2027-01-12"; });
  auto feb = std::find_if(all.begin(), all.end(), [](const session_row& s) { return day_of(s) == "2027-02-09"; });
  REQUIRE(jan != all.end());
  REQUIRE(feb != all.end());
  f.enrol(jan->id, "skip.one@example.org", "nl");
  f.enrol(jan->id, "skip.two@example.org", "fr");
  f.enrol(feb->id, "skip.three@example.org", "fr");

  series_fields keep;
  keep.skip_dates = std::vector<std::string>{"2027-02-09"};
  auto kept = f.series->update("tuesday-group", keep, false, 1);
  REQUIRE(kept);
  CHECK(kept->cancelled.empty());
  CHECK(kept->notified.count == 0);
  CHECK(find_session_state(f, feb->id) == "scheduled");

  series_fields skip;
  skip.skip_dates = std::vector<std::string>{"2027-02-09", "2027-01-12"};
  auto changed = f.series->update("tuesday-group", skip, true, 1);
  REQUIRE(changed);
  // Only the newly skipped date is cancelled: February was already a skip date, kept open above.
  REQUIRE(changed->cancelled.size() == 1);
  CHECK(changed->cancelled.front().id == jan->id);
  CHECK(changed->notified.count == 2);
  CHECK(changed->notified.languages == std::map<std::string, int>{{"fr", 1}, {"nl", 1}});
  CHECK(find_session_state(f, jan->id) == "cancelled");
  CHECK(find_session_state(f, feb->id) == "scheduled");
  CHECK(f.mails_of_kind("session_cancelled") == 2);
  // The rule keeps the skip dates: a preview no longer lists January.
  auto p = f.series->preview("tuesday-group", {}, "2026-2027");
  REQUIRE(p);
  CHECK(std::none_of(p->sessions.begin(), p->sessions.end(), [](const slot_preview& s) { return s.date == "2027-01-12"; }));
  CHECK(f.series->update("no-such-series", skip, true, 1).error().code() == status_code::not_found);
}

TEST_CASE("a one-off session takes the series' place, capacity and cycle; impossible ones are refused by field", "[series]") {
  fixture f;
  REQUIRE(f.series->create("tuesday-group", fixture::second_tuesday(), 1));
  one_off_session in;
  in.series = "tuesday-group";
  in.starts_at = at_utc(2027, 1, 20, 13, 0);
  in.ends_at = at_utc(2027, 1, 20, 16, 0);
  auto made = f.series->add_session(in, 1);
  REQUIRE(made);
  CHECK(made->cycle_label == "2026-2027");
  CHECK(made->capacity == 8);
  CHECK(made->place == "Rue de la Source 1, 1060 Bruxelles");
  CHECK_FALSE(made->slot_key);
  CHECK(made->state == session_state::scheduled);

  auto online = in;
  online.place = "https://meet.example.org/intervision";
  online.online = true;
  online.capacity = 5;
  auto o = f.series->add_session(online, 1);
  REQUIRE(o);
  CHECK(o->online);
  CHECK(o->capacity == 5);

  auto backwards = in;
  backwards.ends_at = in.starts_at - std::chrono::hours(1);
  CHECK(f.series->add_session(backwards, 1).error().errors().count("ends_at"));
  auto past = in;
  past.starts_at = at_utc(2026, 10, 1, 9, 0);
  past.ends_at = at_utc(2026, 10, 1, 12, 0);
  CHECK(f.series->add_session(past, 1).error().errors().count("starts_at"));
  auto no_cycle = in;
  no_cycle.starts_at = at_utc(2031, 1, 20, 13, 0);
  no_cycle.ends_at = at_utc(2031, 1, 20, 16, 0);
  CHECK(f.series->add_session(no_cycle, 1).error().errors().count("starts_at"));
  auto unknown = in;
  unknown.series = "no-such-series";
  CHECK(f.series->add_session(unknown, 1).error().errors().count("series"));
  CHECK(f.sessions_of("tuesday-group").size() == 2);
}

TEST_CASE("a series paused with active false generates nothing more; its fields stay as they were", "[series]") {
  fixture f;
  auto fields = fixture::second_tuesday();
  fields.active = false;
  REQUIRE(f.series->create("paused-group", fields, 1));
  f.server->app().background_round();
  CHECK(f.sessions_of("paused-group").empty());

  REQUIRE(f.series->create("tuesday-group", fixture::second_tuesday(), 1));
  series_fields pause;
  pause.active = false;
  auto paused = f.series->update("tuesday-group", pause, false, 1);
  REQUIRE(paused);
  CHECK_FALSE(paused->row.active);
  auto row = f.series->find("tuesday-group");
  REQUIRE(row);
  CHECK_FALSE(row->active);
  CHECK(row->capacity == 8);
  CHECK(series_config_of(*row)->ordinals == std::vector<int>{2});
  series_fields resume;
  resume.active = true;
  REQUIRE(f.series->update("tuesday-group", resume, false, 1));
  CHECK(f.series->find("tuesday-group")->active);
}

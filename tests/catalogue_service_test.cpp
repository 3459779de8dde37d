// catalogue_service and staff_service on a real database with a fake clock, called directly
// (no HTTP but to register people, as a participant would): the rules of an admin's session
// change, who may touch a session's themes, themes that retire, cycles, staff accounts made by
// the API and the command line alike, the last admin, the audit.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/domain/password_policy.h"
#include "intervision/services/catalogue_service.h"
#include "intervision/services/staff_service.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

struct fixture {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::unique_ptr<catalogue_service> catalogue;
  std::shared_ptr<common_password_list> common;
  std::unique_ptr<staff_service> staff;
  std::int64_t admin_id = 0;

  fixture() {
    server = std::make_unique<test_server>(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}), at_utc(2026, 11, 22, 9, 0));
    auto& app = server->app();
    catalogue = std::make_unique<catalogue_service>(app.cfg(), server->clk(), app.db(), app.registrations());
    auto list = common_password_list::load(app.cfg().config_dir / "common-passwords.txt");
    REQUIRE(list);
    common = std::make_shared<common_password_list>(std::move(list.value()));
    staff = std::make_unique<staff_service>(server->clk(), app.db(), *common);
    for (const auto& a : staff->accounts())
      if (a.role == "admin") admin_id = a.id;
    REQUIRE(admin_id > 0);
  }

  // The first cross-sector session still open for registration.
  session_row open_session() {
    auto listing = catalogue->sessions(session_filter{});
    auto now = server->clk().now().time_since_epoch().count();
    for (const auto& s : listing.sessions)
      if (s.series_slug == "cross-sector" && registration_open(s, now)) return s;
    FAIL("no open cross-sector session");
    return {};
  }

  void enrol(std::int64_t session_id, const std::string& email) {
    json::object o{{"name", "Catalogue Test"}, {"email", email}, {"organisation", "Org"}, {"sector", "mental_health"},
                   {"role", "peer_helper"}, {"language", "fr"}, {"consent", true}};
    auto r = request(server->port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id), json::serialize(o));
    INFO(r.body);
    REQUIRE(r.status == 201);
  }

  staff_account facilitator(const std::string& email) {
    auto made = staff->create(new_staff_account{email, "Facilitator", "facilitator", "a long enough passphrase 42"}, admin_id);
    REQUIRE(made);
    return *made;
  }
};

}  // namespace

TEST_CASE("a session's capacity never drops below its confirmed seats, and raising it promotes the waiting list", "[catalogue_service]") {
  fixture f;
  auto s = f.open_session();
  session_change smaller;
  smaller.capacity = 1;
  REQUIRE(f.catalogue->edit_session(s.id, smaller, f.admin_id));
  f.enrol(s.id, "first@example.org");
  f.enrol(s.id, "second@example.org");  // waitlisted
  auto now = f.catalogue->session(s.id);
  REQUIRE(now);
  CHECK(now->session.confirmed == 1);
  CHECK(now->session.waitlisted == 1);

  session_change zero;
  zero.capacity = 0;
  auto refused = f.catalogue->edit_session(s.id, zero, f.admin_id);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == status_code::invalid);
  CHECK(refused.error().errors().at("capacity") == "below_confirmed");

  session_change bigger;
  bigger.capacity = 2;
  auto edit = f.catalogue->edit_session(s.id, bigger, f.admin_id);
  REQUIRE(edit);
  CHECK(edit->saved.session.confirmed == 2);
  CHECK(edit->saved.session.waitlisted == 0);
  CHECK_FALSE(edit->notified);  // nothing moved: nobody is told of a change
}

TEST_CASE("cancelling a session tells its registrants once and it cannot be reopened", "[catalogue_service]") {
  fixture f;
  auto s = f.open_session();
  f.enrol(s.id, "told@example.org");
  session_change cancel;
  cancel.state = session_state::cancelled;
  auto edit = f.catalogue->edit_session(s.id, cancel, f.admin_id);
  REQUIRE(edit);
  REQUIRE(edit->notified);
  CHECK(edit->notified->count == 1);
  CHECK(edit->notified->languages.at("fr") == 1);
  CHECK(edit->saved.session.state == session_state::cancelled);
  CHECK(f.staff->audit(1, std::nullopt).front().action == "session.cancel");

  session_change reopen;
  reopen.state = session_state::scheduled;
  auto refused = f.catalogue->edit_session(s.id, reopen, f.admin_id);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == status_code::conflict);
  CHECK(f.catalogue->session(s.id)->session.state == session_state::cancelled);
}

TEST_CASE("an unknown facilitator or session is refused and nothing is saved", "[catalogue_service]") {
  fixture f;
  auto s = f.open_session();
  session_change c;
  c.place = "Somewhere else";
  c.facilitators = std::vector<std::int64_t>{987654};
  auto refused = f.catalogue->edit_session(s.id, c, f.admin_id);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().errors().at("facilitators") == "unknown_value");
  CHECK(f.catalogue->session(s.id)->session.place == s.place);
  CHECK(f.catalogue->edit_session(999999, c, f.admin_id).error().code() == status_code::not_found);
}

TEST_CASE("only an admin or the session's facilitators touch its themes; a retired theme is not newly chosen", "[catalogue_service]") {
  fixture f;
  auto s = f.open_session();
  auto mine = f.facilitator("mine@example.org");
  auto other = f.facilitator("other@example.org");
  session_change assign;
  assign.facilitators = std::vector<std::int64_t>{mine.id};
  REQUIRE(f.catalogue->edit_session(s.id, assign, f.admin_id));

  staff_actor me{mine.id, false}, stranger{other.id, false}, admin{f.admin_id, true};
  CHECK(f.catalogue->may_run(s.id, me));
  CHECK(f.catalogue->may_run(s.id, admin));
  CHECK_FALSE(f.catalogue->may_run(s.id, stranger));
  CHECK(f.catalogue->session_themes(s.id, stranger).error().code() == status_code::forbidden);
  CHECK(f.catalogue->set_session_themes(s.id, {"boundaries"}, stranger).error().code() == status_code::forbidden);
  CHECK(f.catalogue->session_themes(424242, admin).error().code() == status_code::not_found);

  REQUIRE(f.catalogue->set_session_themes(s.id, {"boundaries"}, me));
  REQUIRE(f.catalogue->set_theme_retired("boundaries", true, f.admin_id));
  REQUIRE(f.catalogue->set_theme_retired("shared_secrecy", true, f.admin_id));
  // Kept where it was, refused where it would be new.
  CHECK(f.catalogue->set_session_themes(s.id, {"boundaries", "distance_closeness"}, me));
  auto refused = f.catalogue->set_session_themes(s.id, {"shared_secrecy"}, me);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().errors().at("themes") == "unknown_value");
  CHECK(*f.catalogue->session_themes(s.id, me) == std::vector<std::string>{"boundaries", "distance_closeness"});
}

TEST_CASE("a theme id is added once; unknown themes and cycles answer 404", "[catalogue_service]") {
  fixture f;
  theme_row t;
  t.id = "new_theme";
  t.label = labels{"Nouveau", "Nieuw", "New"};
  auto added = f.catalogue->add_theme(t, f.admin_id);
  REQUIRE(added);
  CHECK_FALSE(added->retired);
  CHECK(f.catalogue->add_theme(t, f.admin_id).error().code() == status_code::conflict);
  CHECK(f.catalogue->set_theme_retired("no_such_theme", true, f.admin_id).error().code() == status_code::not_found);
  CHECK(f.catalogue->generate_cycle("1999-2000", f.admin_id).error().code() == status_code::not_found);
  auto current = f.catalogue->current_cycle();
  auto again = f.catalogue->generate_cycle(current.label, f.admin_id);
  REQUIRE(again);
  CHECK(*again == 0);  // the start generated them; a second run adds nothing
}

TEST_CASE("staff accounts: the same checks for the API and the command line, one email once", "[staff_service]") {
  fixture f;
  auto bad = f.staff->create(new_staff_account{"not-an-email", std::string(101, 'x'), "root", "short"}, f.admin_id);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == status_code::invalid);
  CHECK(bad.error().errors() == std::map<std::string, std::string>{
                                    {"email", "invalid_email"}, {"name", "too_long"}, {"password", "too_short"}, {"role", "unknown_value"}});
  auto made = f.staff->create(new_staff_account{"New.Person@Example.org", "New", "facilitator", "a long enough passphrase 42"}, std::nullopt);
  REQUIRE(made);
  CHECK(made->email == "new.person@example.org");
  CHECK(f.staff->audit(1, std::nullopt).front().action == "staff.add");
  auto twice = f.staff->create(new_staff_account{"NEW.person@example.org", "", "admin", "a long enough passphrase 42"}, f.admin_id);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code() == status_code::conflict);
}

TEST_CASE("the last active admin cannot be disabled or demoted; a second admin can", "[staff_service]") {
  fixture f;
  staff_account_change demote;
  demote.role = "facilitator";
  CHECK(f.staff->update(f.admin_id, demote, f.admin_id).error().code() == status_code::conflict);
  staff_account_change disable;
  disable.active = false;
  CHECK(f.staff->update(f.admin_id, disable, f.admin_id).error().code() == status_code::conflict);
  auto second = f.staff->create(new_staff_account{"second.admin@example.org", "", "admin", "a long enough passphrase 42"}, f.admin_id);
  REQUIRE(second);
  auto done = f.staff->update(f.admin_id, demote, second->id);
  REQUIRE(done);
  CHECK(done->role == "facilitator");
  CHECK(f.staff->update(123456, demote, second->id).error().code() == status_code::not_found);
  staff_account_change weak;
  weak.password = "password";
  CHECK(f.staff->update(second->id, weak, second->id).error().errors().count("password") == 1);
}

// Staff over real loopback HTTP: sign-in, throttling, CSRF, expiry, logout, the access matrix,
// the roll and its counts, themes, notes that never store the original text.
#include <catch2/catch.hpp>

#include <fstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/services/auth_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

const std::string admin_password = "correct horse battery staple 42";
const std::string facilitator_password = "a long facilitator passphrase";

struct signed_in {
  std::string cookie;  // "name=value"
  std::string csrf;
  std::map<std::string, std::string> headers(bool with_csrf = true) const {
    std::map<std::string, std::string> h{{"Cookie", cookie}};
    if (with_csrf) h["X-CSRF-Token"] = csrf;
    return h;
  }
};

std::int64_t add_staff(test_server& s, const std::string& email, const std::string& name, const std::string& password, const std::string& role) {
  auto hash = hash_password(password);
  return s.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, email, name, hash, role, 0); });
}

std::optional<signed_in> login(unsigned short port, const std::string& email, const std::string& password, int* status_out = nullptr,
                               response* raw = nullptr) {
  auto r = request(port, "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", email}, {"password", password}}));
  if (status_out) *status_out = r.status;
  if (raw) *raw = r;
  if (r.status != 200) return std::nullopt;
  auto set_cookie = r.header("set-cookie");
  signed_in s;
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  s.csrf = std::string(json::parse(r.body).at("csrf_token").as_string());
  return s;
}

struct staff_fixture {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::int64_t facilitator_id = 0, other_facilitator_id = 0;
  std::int64_t session_id = 0, other_session_id = 0;
  staff_fixture(std::map<std::string, std::string> env = {}) {
    server = std::make_unique<test_server>(test_config(dir.path, env));
    add_staff(*server, "admin@smes.be", "Ada Admin", admin_password, "admin");
    facilitator_id = add_staff(*server, "fien@smes.be", "Fien Facilitator", facilitator_password, "facilitator");
    other_facilitator_id = add_staff(*server, "omar@smes.be", "Omar Other", facilitator_password, "facilitator");
    auto list = json::parse(request(server->port(), "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
    session_id = list.at(0).at("id").as_int64();
    other_session_id = list.at(1).at("id").as_int64();
    server->app().db().write([&](SQLite::Database& db) {
      SQLite::Statement q(db, "INSERT INTO session_facilitators (session_id, staff_id) VALUES (?, ?), (?, ?)");
      q.bind(1, session_id);
      q.bind(2, facilitator_id);
      q.bind(3, other_session_id);
      q.bind(4, other_facilitator_id);
      q.exec();
    });
  }
  unsigned short port() const { return server->port(); }
  std::int64_t register_person(const std::string& name, const std::string& email, const std::string& sector = "mental_health") {
    auto r = request(port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id),
                     fmt::format(R"({{"name": "{}", "email": "{}", "organisation": "CAW Brussel", "sector": "{}", "role": "peer_helper",
                                  "language": "fr", "consent": true}})", name, email, sector));
    REQUIRE(r.status == 201);
    return json::parse(r.body).at("registration_id").as_int64();
  }
};

}  // namespace

TEST_CASE("sign-in sets an HttpOnly SameSite=Strict cookie and a CSRF token; a wrong password is 401", "[staff]") {
  staff_fixture f;
  response raw;
  auto s = login(f.port(), "admin@smes.be", admin_password, nullptr, &raw);
  REQUIRE(s);
  auto cookie = raw.header("set-cookie");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(s->cookie.size() > 40);  // >= 256 bits of token
  int status = 0;
  CHECK(!login(f.port(), "admin@smes.be", "wrong password here", &status));
  CHECK(status == 401);
  // An unknown account gets exactly the same answer.
  response unknown;
  CHECK(!login(f.port(), "nobody@smes.be", "wrong password here", &status, &unknown));
  CHECK(status == 401);
  // Each login gets a new token.
  auto again = login(f.port(), "admin@smes.be", admin_password);
  REQUIRE(again);
  CHECK(again->cookie != s->cookie);
}

TEST_CASE("login throttling per account and per address gives 429 with Retry-After", "[staff]") {
  staff_fixture f(std::map<std::string, std::string>{{"INTERVISION_SECURITY_LOGIN_MAX_FAILURES", "3"}});
  int status = 0;
  for (int i = 0; i < 4; ++i) login(f.port(), "fien@smes.be", "not the password!", &status);
  response raw;
  CHECK(!login(f.port(), "fien@smes.be", facilitator_password, &status, &raw));
  CHECK(status == 429);
  CHECK(!raw.header("retry-after").empty());
  // Same answer for an account that does not exist: nothing reveals which emails have accounts.
  for (int i = 0; i < 4; ++i) login(f.port(), "ghost@smes.be", "not the password!", &status);
  CHECK(status == 429);
  // After the window the right password works again.
  f.server->clk().advance(std::chrono::minutes(16));
  CHECK(login(f.port(), "fien@smes.be", facilitator_password, &status));
}

namespace {

int login_from(unsigned short port, const std::string& address, const std::string& email, const std::string& password) {
  return request(port, "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", email}, {"password", password}}),
                 {{"X-Forwarded-For", address}})
      .status;
}

}  // namespace

TEST_CASE("a guessing attack from many addresses over 24 h never stops the owner signing in", "[staff][throttle]") {
  staff_fixture f(std::map<std::string, std::string>{{"INTERVISION_SERVER_TRUST_PROXY", "true"}});
  int owner_ok = 0, refused = 0, checked = 0;
  for (int step = 0; step < 48; ++step) {  // every 30 minutes for a day
    for (int a = 0; a < 10; ++a)
      for (int i = 0; i < 3; ++i) {
        int s = login_from(f.port(), fmt::format("127.0.1.{}", a), "admin@smes.be", fmt::format("guess {} {}", step, i));
        refused += s == 429;
        checked += s == 401;
      }
    owner_ok += login_from(f.port(), "127.0.0.9", "admin@smes.be", admin_password) == 200;
    f.server->clk().advance(std::chrono::minutes(30));
  }
  CHECK(owner_ok == 48);
  // The attackers were slowed: most guesses were refused before any password check.
  CHECK(refused > checked);
  // At most one password check per address per longest delay (15 min) once the 5 free ones are
  // spent: here one per 30-minute step.
  CHECK(checked <= 10 * (5 + 48));
  // Admins see the throttling in the audit, with the staff id and no address.
  auto admin = login(f.port(), "admin@smes.be", admin_password);
  REQUIRE(admin);
  auto audit = request(f.port(), "GET", "/api/v1/audit", "", admin->headers(false));
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("auth.throttled") != std::string::npos);
  CHECK(audit.body.find("127.0.1") == std::string::npos);
}

TEST_CASE("must_change_password: only the password change, logout and /auth/me until it is done", "[staff][password]") {
  staff_fixture f;
  auto hash = hash_password("one-time password 123");
  f.server->app().db().write(
      [&](SQLite::Database& db) { return insert_staff_account(db, "new@smes.be", "New Admin", hash, "admin", 0, true); });
  auto s = login(f.port(), "new@smes.be", "one-time password 123");
  REQUIRE(s);
  CHECK(request(f.port(), "GET", "/api/v1/staff/sessions", "", s->headers(false)).status == 403);
  CHECK(request(f.port(), "GET", "/api/v1/audit", "", s->headers(false)).status == 403);
  CHECK(request(f.port(), "POST", "/api/v1/staff-accounts", R"({"email":"x@smes.be","role":"admin"})", s->headers()).status == 403);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", s->headers(false)).status == 200);
  auto changed = request(f.port(), "POST", "/api/v1/auth/password",
                         R"({"current_password":"one-time password 123","new_password":"a brand new long passphrase 7"})", s->headers());
  REQUIRE(changed.status == 204);
  CHECK(request(f.port(), "GET", "/api/v1/staff/sessions", "", s->headers(false)).status == 200);
}

TEST_CASE("a password change ends the account's other sessions", "[staff][password]") {
  staff_fixture f;
  auto here = login(f.port(), "fien@smes.be", facilitator_password);
  auto elsewhere = login(f.port(), "fien@smes.be", facilitator_password);
  auto other_account = login(f.port(), "omar@smes.be", facilitator_password);
  REQUIRE(here);
  REQUIRE(elsewhere);
  REQUIRE(other_account);
  auto changed = request(f.port(), "POST", "/api/v1/auth/password",
                         json::serialize(json::object{{"current_password", facilitator_password}, {"new_password", "another long passphrase 99"}}),
                         here->headers());
  REQUIRE(changed.status == 204);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", here->headers(false)).status == 200);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", elsewhere->headers(false)).status == 401);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", other_account->headers(false)).status == 200);
}

TEST_CASE("CSRF token required on state-changing calls; logout and expiry end the session", "[staff]") {
  staff_fixture f;
  auto s = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(s);
  auto url = fmt::format("/api/v1/sessions/{}/themes", f.session_id);
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["boundaries"]})", s->headers(false)).status == 403);
  auto wrong = s->headers();
  wrong["X-CSRF-Token"] = "forged";
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["boundaries"]})", wrong).status == 403);
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["boundaries"]})", s->headers()).status == 200);

  CHECK(request(f.port(), "POST", "/api/v1/auth/logout", "", s->headers()).status == 204);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", s->headers()).status == 401);

  auto t = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(t);
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", t->headers()).status == 200);
  f.server->clk().advance(std::chrono::minutes(31));  // idle timeout is 30 minutes
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", t->headers()).status == 401);

  auto u = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(u);
  // Active every 25 minutes (never idle for 30), but the absolute limit of 12 hours still ends it.
  for (int i = 0; i < 28; ++i) {
    f.server->clk().advance(std::chrono::minutes(25));
    REQUIRE(request(f.port(), "GET", "/api/v1/auth/me", "", u->headers()).status == 200);  // 700 minutes in
  }
  f.server->clk().advance(std::chrono::minutes(25));  // 725 minutes: past 12 hours
  CHECK(request(f.port(), "GET", "/api/v1/auth/me", "", u->headers()).status == 401);
}

TEST_CASE("access matrix: anonymous, participant, facilitator and admin", "[staff][access]") {
  staff_fixture f;
  auto reg = f.register_person("Sophie Martin", "sophie@example.be");
  (void)reg;
  auto admin = login(f.port(), "admin@smes.be", admin_password);
  auto fac = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(admin);
  REQUIRE(fac);
  f.server->app().send_mail();
  auto token = token_from_mail(read_mails(f.dir.path / "outbox").at(0));
  std::map<std::string, std::string> participant{{"Authorization", "Bearer " + token}};
  auto sid = std::to_string(f.session_id), other = std::to_string(f.other_session_id);

  struct row {
    std::string method, path, body;
    int anonymous, as_participant, facilitator, admin;
  };
  std::vector<row> matrix = {
      {"GET", "/api/v1/sessions/" + sid + "/roll", "", 401, 401, 200, 200},
      {"GET", "/api/v1/sessions/" + other + "/roll", "", 401, 401, 403, 200},
      {"GET", "/api/v1/sessions/" + sid + "/notes", "", 401, 401, 200, 200},
      {"GET", "/api/v1/sessions/" + other + "/notes", "", 401, 401, 403, 200},
      {"PUT", "/api/v1/sessions/" + other + "/themes", R"({"themes": []})", 401, 401, 403, 200},
      {"GET", "/api/v1/themes", "", 401, 401, 200, 200},
      {"GET", "/api/v1/staff/sessions", "", 401, 401, 200, 200},
      {"GET", "/api/v1/staff-accounts", "", 401, 401, 403, 200},
      {"GET", "/api/v1/audit", "", 401, 401, 403, 200},
      {"GET", "/api/v1/cycles", "", 401, 401, 403, 200},
      {"PATCH", "/api/v1/sessions/" + sid, R"({"place": "Rue Haute 1, 1000 Bruxelles"})", 401, 401, 403, 200},
      {"POST", "/api/v1/erasure", R"({"email": "nobody@example.be"})", 401, 401, 403, 200},
      {"POST", "/api/v1/redact", R"({"text": "Jan belde"})", 401, 401, 200, 200},
      {"GET", "/api/v1/me", "", 401, 200, 401, 401},
      {"GET", "/api/v1/auth/me", "", 401, 401, 200, 200},
      {"PUT", "/api/v1/sessions/" + other + "/roll/999999", R"({"attendance": "present"})", 401, 401, 403, 404},
      {"POST", "/api/v1/sessions/" + other + "/walk-ins", R"({"name": "Walk In"})", 401, 401, 403, 422},
      {"POST", "/api/v1/sessions/" + other + "/notes", R"({"text": "De groep sprak over grenzen."})", 401, 401, 403, 201},
      {"GET", "/api/v1/sessions/" + other + "/themes", "", 401, 401, 403, 200},
      {"PUT", "/api/v1/cycles/2027-2028", R"({"first_day": "2027-09-01", "last_day": "2028-08-31"})", 401, 401, 403, 200},
      {"POST", "/api/v1/cycles/2027-2028/generate", "", 401, 401, 403, 200},
      {"PUT", "/api/v1/series/cross-sector", R"({"capacity": 14})", 401, 401, 403, 200},
      {"POST", "/api/v1/staff-accounts", R"({"email": "x@smes.be", "role": "facilitator", "password": "short"})", 401, 401, 403, 422},
      {"PATCH", "/api/v1/staff-accounts/999999", R"({"active": false})", 401, 401, 403, 404},
      {"POST", "/api/v1/themes", R"({"id": "x"})", 401, 401, 403, 422},
      {"PATCH", "/api/v1/themes/boundaries", R"({"retired": false})", 401, 401, 403, 200},
      {"GET", "/api/v1/privacy", "", 401, 401, 403, 200},
      {"POST", "/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": true})", 401, 401, 403, 409},
      {"GET", "/api/v1/reports/2026-2027", "", 401, 401, 403, 200},
      {"GET", "/api/v1/reports/2026-2027.csv", "", 401, 401, 403, 200},
  };
  for (const auto& r : matrix) {
    INFO(r.method << " " << r.path);
    CHECK(request(f.port(), r.method, r.path, r.body).status == r.anonymous);
    CHECK(request(f.port(), r.method, r.path, r.body, participant).status == r.as_participant);
    CHECK(request(f.port(), r.method, r.path, r.body, fac->headers()).status == r.facilitator);
    CHECK(request(f.port(), r.method, r.path, r.body, admin->headers()).status == r.admin);
  }
  // Public listings never carry names, emails or an online session's link.
  auto pub = request(f.port(), "GET", "/api/v1/sessions");
  CHECK(pub.body.find("Sophie") == std::string::npos);
  CHECK(pub.body.find("sophie@") == std::string::npos);
  CHECK(pub.body.find("meet.example.org") == std::string::npos);
  auto feed = request(f.port(), "GET", "/calendar/all.ics");
  CHECK(feed.status == 200);
  CHECK(feed.body.find("meet.example.org") == std::string::npos);
}

TEST_CASE("the roll: names for the session's facilitator, marks update the anonymous counts, walk-ins", "[staff][roll]") {
  staff_fixture f;
  auto a = f.register_person("Sophie Martin", "sophie@example.be");
  auto b = f.register_person("Karim Benali", "karim@example.be", "addiction");
  auto fac = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(fac);
  auto url = fmt::format("/api/v1/sessions/{}/roll", f.session_id);
  auto roll = request(f.port(), "GET", url, "", fac->headers());
  REQUIRE(roll.status == 200);
  CHECK(roll.body.find("Sophie Martin") != std::string::npos);
  auto counts = [&] { return json::parse(request(f.port(), "GET", url, "", fac->headers()).body).at("counts").as_object(); };
  CHECK(counts().at("registered").as_int64() == 2);

  CHECK(request(f.port(), "PUT", fmt::format("{}/{}", url, a), R"({"attendance": "present"})", fac->headers()).status == 200);
  CHECK(request(f.port(), "PUT", fmt::format("{}/{}", url, b), R"({"attendance": "excused"})", fac->headers()).status == 200);
  CHECK(counts().at("present").as_int64() == 1);
  CHECK(counts().at("excused").as_int64() == 1);
  // Changing a mark moves the count, it does not add one.
  CHECK(request(f.port(), "PUT", fmt::format("{}/{}", url, b), R"({"attendance": "absent"})", fac->headers()).status == 200);
  CHECK(counts().at("excused").as_int64() == 0);
  CHECK(counts().at("absent").as_int64() == 1);
  CHECK(request(f.port(), "PUT", fmt::format("{}/{}", url, b), R"({"attendance": "asleep"})", fac->headers()).status == 422);

  auto walk = request(f.port(), "POST", fmt::format("/api/v1/sessions/{}/walk-ins", f.session_id),
                      R"({"name": "Lotte Janssens", "organisation": "OCMW", "sector": "poverty", "role": "peer_helper", "language": "nl", "consent": true})",
                      fac->headers());
  CHECK(walk.status == 201);
  CHECK(counts().at("present").as_int64() == 2);
  CHECK(counts().at("registered").as_int64() == 3);
  auto no_consent = request(f.port(), "POST", fmt::format("/api/v1/sessions/{}/walk-ins", f.session_id),
                            R"({"name": "Lotte Janssens", "organisation": "OCMW", "sector": "poverty", "role": "peer_helper", "language": "nl", "consent": false})",
                            fac->headers());
  CHECK(no_consent.status == 422);
}

TEST_CASE("themes: logged per session; a retired theme stays in history but cannot be chosen anew", "[staff][themes]") {
  staff_fixture f;
  auto admin = login(f.port(), "admin@smes.be", admin_password);
  REQUIRE(admin);
  auto url = fmt::format("/api/v1/sessions/{}/themes", f.session_id);
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["boundaries", "relapse"]})", admin->headers()).status == 200);
  CHECK(request(f.port(), "PATCH", "/api/v1/themes/relapse", R"({"retired": true})", admin->headers()).status == 200);
  auto got = json::parse(request(f.port(), "GET", url, "", admin->headers()).body).at("themes").as_array();
  CHECK(got.size() == 2);
  // Keeping it on this session is fine; adding it to another is not.
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["boundaries", "relapse"]})", admin->headers()).status == 200);
  CHECK(request(f.port(), "PUT", fmt::format("/api/v1/sessions/{}/themes", f.other_session_id), R"({"themes": ["relapse"]})",
                admin->headers()).status == 422);
  CHECK(request(f.port(), "PUT", url, R"({"themes": ["no_such_theme"]})", admin->headers()).status == 422);
  auto added = request(f.port(), "POST", "/api/v1/themes",
                       R"({"id": "burnout", "label": {"fr": "Épuisement", "nl": "Burn-out", "en": "Burnout"}})", admin->headers());
  CHECK(added.status == 201);
}

TEST_CASE("staff accounts: add, disable, the last admin stays", "[staff][accounts]") {
  staff_fixture f;
  auto admin = login(f.port(), "admin@smes.be", admin_password);
  REQUIRE(admin);
  auto weak = request(f.port(), "POST", "/api/v1/staff-accounts", R"({"email": "new@smes.be", "role": "facilitator", "password": "short"})",
                      admin->headers());
  CHECK(weak.status == 422);
  auto common = request(f.port(), "POST", "/api/v1/staff-accounts",
                        R"({"email": "new@smes.be", "role": "facilitator", "password": "password1234"})", admin->headers());
  CHECK(common.status == 422);
  auto ok = request(f.port(), "POST", "/api/v1/staff-accounts",
                    R"({"email": "new@smes.be", "role": "facilitator", "password": "a fine long passphrase 7"})", admin->headers());
  REQUIRE(ok.status == 201);
  auto id = json::parse(ok.body).at("id").as_int64();
  CHECK(login(f.port(), "new@smes.be", "a fine long passphrase 7"));
  CHECK(request(f.port(), "PATCH", fmt::format("/api/v1/staff-accounts/{}", id), R"({"active": false})", admin->headers()).status == 200);
  int status = 0;
  CHECK(!login(f.port(), "new@smes.be", "a fine long passphrase 7", &status));

  // Two admins exist (the first admin and admin@smes.be): disable the first; the other is then the last.
  auto list = json::parse(request(f.port(), "GET", "/api/v1/staff-accounts", "", admin->headers()).body).as_array();
  std::int64_t first_admin = 0, me = 0;
  for (auto& s : list) {
    if (s.at("email") == intervision::test::first_admin_email) first_admin = s.at("id").as_int64();
    if (s.at("email") == "admin@smes.be") me = s.at("id").as_int64();
  }
  CHECK(request(f.port(), "PATCH", fmt::format("/api/v1/staff-accounts/{}", first_admin), R"({"active": false})", admin->headers()).status == 200);
  CHECK(request(f.port(), "PATCH", fmt::format("/api/v1/staff-accounts/{}", me), R"({"active": false})", admin->headers()).status == 409);
  CHECK(request(f.port(), "PATCH", fmt::format("/api/v1/staff-accounts/{}", me), R"({"role": "facilitator"})", admin->headers()).status == 409);
}

TEST_CASE("the audit trail records staff actions without participant data", "[staff][audit]") {
  staff_fixture f;
  f.register_person("Sophie Martin", "sophie@example.be");
  auto admin = login(f.port(), "admin@smes.be", admin_password);
  REQUIRE(admin);
  request(f.port(), "PATCH", fmt::format("/api/v1/sessions/{}", f.session_id), R"({"capacity": 20})", admin->headers());
  request(f.port(), "POST", "/api/v1/erasure", R"({"email": "sophie@example.be"})", admin->headers());
  auto audit = request(f.port(), "GET", "/api/v1/audit", "", admin->headers());
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("session.edit") != std::string::npos);
  CHECK(audit.body.find("participant.erase") != std::string::npos);
  CHECK(audit.body.find("auth.login") != std::string::npos);
  CHECK(audit.body.find("sophie") == std::string::npos);
  CHECK(audit.body.find("Sophie") == std::string::npos);
}

TEST_CASE("a note is stored redacted; the original is absent from the database file", "[staff][notes][privacy]") {
  staff_fixture f;
  f.register_person("Sophie Martin", "sophie@example.be");
  auto fac = login(f.port(), "fien@smes.be", facilitator_password);
  REQUIRE(fac);
  std::string original =
      "Sophie vertelde dat een bewoner, mevrouw Vermeulen, haar belt op 0496 33 22 11 en mailt naar griet.v@telenet.be.";
  auto preview = request(f.port(), "POST", "/api/v1/redact",
                         json::serialize(json::object{{"text", original}, {"session_id", f.session_id}}), fac->headers());
  REQUIRE(preview.status == 200);
  CHECK(preview.body.find("0496") == std::string::npos);
  auto saved = request(f.port(), "POST", fmt::format("/api/v1/sessions/{}/notes", f.session_id),
                       json::serialize(json::object{{"text", original}, {"extra_terms", json::array{"bewoner"}}}), fac->headers());
  REQUIRE(saved.status == 201);
  auto text = std::string(json::parse(saved.body).at("text").as_string());
  for (std::string secret : {"Sophie", "Vermeulen", "0496 33 22 11", "griet.v@telenet.be", "bewoner"}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
  f.server->stop();
  std::string bytes;
  for (auto suffix : {"", "-wal", "-shm", "-journal"}) {
    std::ifstream in((f.dir.path / "data" / (std::string("intervision.db") + suffix)).string(), std::ios::binary);
    bytes += std::string((std::istreambuf_iterator<char>(in)), {});
  }
  REQUIRE(bytes.size() > 1000);
  CHECK(bytes.find("Vermeulen") == std::string::npos);
  CHECK(bytes.find("0496 33 22 11") == std::string::npos);
  CHECK(bytes.find("griet.v@telenet.be") == std::string::npos);
  CHECK(bytes.find(original) == std::string::npos);
  CHECK(f.server->log().find("Vermeulen") == std::string::npos);
}

// Deletion certificates and the register of processing activities: a certificate for the
// automatic purge and for a manual erasure, with the right counts and no personal data in the
// row's bytes; the register derived from the configuration (and changing with it), its CSV; and
// GET /api/v1/records(.csv) and /api/v1/purges over real loopback HTTP, admins only.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/services/registration_service.h"
#include "intervision/services/retention_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/report.h"
#include "intervision/services/certificate_service.h"
#include "intervision/services/records_service.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

const std::string admin_password = "gdpr admin passphrase 7";
const std::string facilitator_password = "gdpr facilitator passphrase";

struct signed_in {
  std::string cookie;
  std::map<std::string, std::string> headers() const { return {{"Cookie", cookie}}; }
};

std::int64_t add_staff(test_server& s, const std::string& email, const std::string& password, const std::string& role) {
  auto hash = hash_password(password);
  return s.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, email, "Staff", hash, role, 0); });
}

signed_in login(unsigned short port, const std::string& email, const std::string& password) {
  auto r = request(port, "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", email}, {"password", password}}));
  REQUIRE(r.status == 200);
  auto set_cookie = r.header("set-cookie");
  return {set_cookie.substr(0, set_cookie.find(';'))};
}

std::int64_t open_session(unsigned short port) {
  auto r = request(port, "GET", "/api/v1/sessions?series=cross-sector");
  REQUIRE(r.status == 200);
  auto sessions = json::parse(r.body);
  for (auto& s : sessions.as_array())
    if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
  FAIL("no open session");
  return 0;
}

struct person {
  std::string name, email;
};

void enrol(unsigned short port, std::int64_t session_id, const person& p) {
  json::object o{{"name", p.name},        {"email", p.email},   {"organisation", "Certificaat vzw"}, {"sector", "mental_health"},
                 {"role", "peer_helper"}, {"language", "fr"},   {"consent", true},                   {"phone", "0470 98 76 54"}};
  auto r = request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id), json::serialize(o));
  INFO(r.body);
  REQUIRE(r.status == 201);
}

// Every column of every certificate row, as the bytes SQLite holds.
std::string certificate_bytes(test_server& s) {
  return s.app().db().read([](SQLite::Database& db) {
    std::string out;
    SQLite::Statement q(db, "SELECT * FROM deletion_certificates");
    while (q.executeStep())
      for (int i = 0; i < q.getColumnCount(); ++i) {
        auto c = q.getColumn(i);
        if (!c.isNull()) out += std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())) + "|";
      }
    return out;
  });
}

std::vector<std::string> hashes_of(test_server& s) {
  return s.app().db().read([](SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT email_hash, token_hash FROM participants");
    while (q.executeStep()) {
      out.push_back(q.getColumn(0).getString());
      if (!q.getColumn(1).getString().empty()) out.push_back(q.getColumn(1).getString());
    }
    return out;
  });
}

void check_no_personal_data(const std::string& bytes, const std::vector<person>& people, const std::vector<std::string>& hashes) {
  for (const auto& p : people) {
    CHECK(bytes.find(p.email) == std::string::npos);
    CHECK(bytes.find(p.name) == std::string::npos);
    CHECK(bytes.find(p.name.substr(0, p.name.find(' '))) == std::string::npos);
  }
  CHECK(bytes.find("Certificaat") == std::string::npos);
  CHECK(bytes.find("0470") == std::string::npos);
  for (const auto& h : hashes) CHECK(bytes.find(h) == std::string::npos);
}

}  // namespace

TEST_CASE("the automatic purge leaves a certificate: counts, key destroyed, files checkpointed, nobody's data", "[gdpr][certificate]") {
  temp_dir dir;
  test_server s(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}));
  std::vector<person> people{{"Philomène Vandecasteele", "philomene.v@certif.example"}, {"Gwendoline Bastogne", "gwen.bastogne@certif.example"}};
  auto sid = open_session(s.port());
  for (const auto& p : people) enrol(s.port(), sid, p);
  auto hashes = hashes_of(s);
  REQUIRE(hashes.size() == 4);
  certificate_service certs(s.clk(), s.app().db());
  CHECK(certs.list().empty());

  s.clk().set(at_utc(2027, 9, 2, 9, 0));
  s.app().background_round();
  auto list = certs.list();
  REQUIRE(list.size() == 1);
  const auto& c = list.front();
  CHECK(c.kind == deletion_kind::cycle_purge);
  CHECK(c.automatic);
  CHECK(!c.staff_id);
  CHECK(c.cycle == "2026-2027");
  CHECK(c.participants == 2);
  CHECK(c.registrations == 2);
  CHECK(c.personal_links == 2);
  CHECK(c.mails >= 2);  // at least the two confirmations
  CHECK(c.at == at_utc(2027, 9, 2, 9, 0).time_since_epoch().count());
  REQUIRE(c.key_destroyed_at);
  REQUIRE(c.checkpointed_at);
  CHECK(*c.checkpointed_at >= *c.key_destroyed_at);
  CHECK(!s.app().keys()->find("2026-2027"));
  check_no_personal_data(certificate_bytes(s), people, hashes);
  // Nothing left to purge: the next round leaves no second certificate.
  s.app().background_round();
  CHECK(certs.list().size() == 1);
}

TEST_CASE("an admin's erasure leaves a certificate by that account with the counts and no trace of whom", "[gdpr][certificate]") {
  temp_dir dir;
  test_server s(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}));
  auto admin_id = add_staff(s, "admin@smes.be", admin_password, "admin");
  person gone{"Ermengarde Sint-Jans", "ermengarde.sj@certif.example"};
  person stays{"Theodulf Wauters", "theodulf.w@certif.example"};
  auto sid = open_session(s.port());
  enrol(s.port(), sid, gone);
  enrol(s.port(), sid, stays);
  auto hashes = hashes_of(s);

  auto counts = s.app().registrations().erase_email(gone.email, admin_id);
  REQUIRE(counts);
  certificate_service certs(s.clk(), s.app().db());
  auto list = certs.list();
  REQUIRE(list.size() == 1);
  const auto& c = list.front();
  CHECK(c.kind == deletion_kind::erasure_request);
  CHECK(!c.automatic);
  REQUIRE(c.staff_id);
  CHECK(*c.staff_id == admin_id);
  CHECK(c.cycle.empty());
  CHECK(c.participants == 1);
  CHECK(c.registrations == 1);
  CHECK(c.personal_links == 1);
  CHECK(c.mails == counts->mails);
  CHECK(c.mails >= 1);
  CHECK(!c.key_destroyed_at);  // the cycle's key still seals the others' data
  CHECK(c.checkpointed_at);
  check_no_personal_data(certificate_bytes(s), {gone, stays}, hashes);
  // An erasure that finds nobody is certified too, with zero records.
  REQUIRE(s.app().registrations().erase_email("nobody.here@certif.example", admin_id));
  list = certs.list();
  REQUIRE(list.size() == 2);
  CHECK(list.front().records() == 0);
}

TEST_CASE("the register lists each processing with the configured retention and changes with the configuration", "[gdpr][records]") {
  temp_dir dir;
  auto cfg = test_config(dir.path);
  records_service records(cfg);
  auto en = records.activities("en");
  std::vector<std::string> ids;
  for (const auto& a : en) ids.push_back(a.id);
  CHECK(ids == std::vector<std::string>{"registrations", "mail", "announcements", "case_log", "staff_accounts", "report", "logs"});
  auto find = [](const std::vector<processing_activity>& v, const std::string& id) {
    for (const auto& a : v)
      if (a.id == id) return a;
    FAIL("no " + id);
    return processing_activity{};
  };
  auto reg = find(en, "registrations");
  CHECK(reg.retention.find("(1/9 to 31/8)") != std::string::npos);
  CHECK(reg.retention.find("grace") == std::string::npos);
  CHECK(reg.recipients == "none: mail written to a folder");
  CHECK(reg.security.find("key per cycle") != std::string::npos);
  CHECK(reg.security.find("no TLS configured") != std::string::npos);
  CHECK(!reg.special_category);
  auto notes = find(en, "case_log");
  CHECK(notes.special_category);
  CHECK(notes.special_category_note.find("health") != std::string::npos);
  auto staff = find(en, "staff_accounts");
  CHECK(staff.retention.find("Until the account is removed") == 0);
  CHECK(staff.security.find("Argon2id") != std::string::npos);
  CHECK(staff.security.find("CSRF") != std::string::npos);
  CHECK(staff.security.find(fmt::format("{} failed sign-ins per {} min", cfg.security.login_max_failures, cfg.security.login_window_minutes)) !=
        std::string::npos);

  cfg.cycle.start_month = 1;
  cfg.cycle.start_day = 1;
  cfg.cycle.purge_grace_days = 30;
  cfg.mail.transport = "smtp";
  cfg.mail.host = "relay.smes.example";
  cfg.server.tls_certificate = "cert.pem";
  cfg.server.tls_private_key = "key.pem";
  cfg.security.login_max_failures = 4;
  auto changed = records.activities("en");
  reg = find(changed, "registrations");
  CHECK(reg.retention.find("(1/1 to 31/12) plus 30 days of grace") != std::string::npos);
  CHECK(reg.recipients.find("relay.smes.example") != std::string::npos);
  CHECK(reg.security.find("HTTPS (TLS)") != std::string::npos);
  CHECK(find(changed, "staff_accounts").security.find("4 failed sign-ins") != std::string::npos);

  auto fr = find(records.activities("fr"), "registrations");
  CHECK(fr.retention.find("Jusqu'à la fin du cycle annuel (du 1/1 au 31/12) plus 30 jours de grâce") == 0);
  auto nl = find(records.activities("nl"), "case_log");
  CHECK(nl.special_category_note.find("gezondheidsgegevens") != std::string::npos);
}

TEST_CASE("the register's CSV quotes every cell and neutralises a formula-leading value", "[gdpr][records]") {
  temp_dir dir;
  auto cfg = test_config(dir.path);
  cfg.mail.transport = "smtp";
  cfg.mail.host = "=HYPERLINK(\"http://x\")";
  records_service records(cfg);
  auto csv = records.csv("en", ',');
  REQUIRE(csv.rfind("\xEF\xBB\xBF\"Processing\",\"Purposes\"", 0) == 0);
  auto lines = 0;
  for (std::size_t at = 0; (at = csv.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
  CHECK(lines == 8);
  // The relay's name sits inside the recipients' sentence: quotes doubled, cell quoted.
  CHECK(csv.find("(=HYPERLINK(\"\"http://x\"\"))") != std::string::npos);
  CHECK(csv.find(",\"=") == std::string::npos);
  cfg.mail.transport = "directory";
  auto fr = records.csv("fr", ';');
  CHECK(fr.find("\"Traitement\";\"Finalités\"") != std::string::npos);
  CHECK(fr.find("\"aucun : le courrier est écrit dans un dossier\"") != std::string::npos);
}

TEST_CASE("a formula-leading cell is neutralised in the register's CSV", "[gdpr][records]") {
  // A register cell that begins with "=" (a recipient written by an admin) gets a leading quote.
  processing_activity a;
  a.name = "=1+1";
  a.recipients = "@SUM(A1)";
  auto cells = register_cells(a, "en");
  CHECK(cells.front() == "=1+1");
  CHECK(csv_line(cells, ',').rfind("\"'=1+1\"", 0) == 0);
  CHECK(csv_line(cells, ',').find("\"'@SUM(A1)\"") != std::string::npos);
}

TEST_CASE("GET /api/v1/records, records.csv and purges answer admins only; a person's own erasure is certified", "[gdpr][http]") {
  temp_dir dir;
  test_server s(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}));
  add_staff(s, "admin@smes.be", admin_password, "admin");
  add_staff(s, "facilitator@smes.be", facilitator_password, "facilitator");
  auto admin = login(s.port(), "admin@smes.be", admin_password);
  auto facilitator = login(s.port(), "facilitator@smes.be", facilitator_password);
  for (const std::string target : {"/api/v1/records", "/api/v1/records.csv", "/api/v1/purges"}) {
    INFO(target);
    CHECK(request(s.port(), "GET", target).status == 401);
    CHECK(request(s.port(), "GET", target, "", facilitator.headers()).status == 403);
    CHECK(request(s.port(), "GET", target, "", admin.headers()).status == 200);
  }
  auto h = admin.headers();
  h["Accept-Language"] = "nl-BE,nl;q=0.9";
  auto r = request(s.port(), "GET", "/api/v1/records", "", h);
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  CHECK(body.at("language").as_string() == "nl");
  CHECK(body.at("activities").as_array().size() == 7);
  CHECK(body.at("activities").at(3).at("special_category").as_bool());
  CHECK(std::string(body.at("activities").at(0).at("recipients").as_string()) == "geen: de mail wordt in een map geschreven");
  auto csv = request(s.port(), "GET", "/api/v1/records.csv?lang=fr", "", admin.headers());
  CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
  CHECK(csv.body.find("\"Traitement\";") != std::string::npos);

  person p{"Radegonde Claeskens", "radegonde.c@certif.example"};
  enrol(s.port(), open_session(s.port()), p);
  s.app().send_mail();
  auto mails = read_mails(dir.path / "outbox");
  REQUIRE(!mails.empty());
  auto token = token_from_mail(mails.back());
  REQUIRE(!token.empty());
  CHECK(request(s.port(), "DELETE", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status == 204);
  auto purges = json::parse(request(s.port(), "GET", "/api/v1/purges", "", admin.headers()).body).as_array();
  REQUIRE(purges.size() == 1);
  CHECK(purges[0].at("kind").as_string() == "erasure_self");
  CHECK(purges[0].at("staff_id").is_null());
  CHECK(purges[0].at("removed").at("participants").as_int64() == 1);
  CHECK(purges[0].at("removed").at("registrations").as_int64() == 1);
  CHECK(!purges[0].at("key_destroyed").as_bool());
  CHECK(!purges[0].at("checkpointed").as_bool());
  CHECK(json::serialize(purges).find("radegonde") == std::string::npos);
  // The next background round checkpoints the files and says when.
  s.app().background_round();
  purges = json::parse(request(s.port(), "GET", "/api/v1/purges", "", admin.headers()).body).as_array();
  CHECK(purges[0].at("checkpointed").as_bool());
  CHECK(purges[0].at("checkpointed_at").is_string());
}

// Feedback and attestations end to end on a real server, database and outbox folder, with a
// fake clock: a held session mails its present people a one-time link, the form answers once
// (refused the second time), the report shows a session only from three answers, the
// attestation PDF reads back (pdftotext) in each language, an admin checks its code, and after
// the cycle's purge the database files hold nothing of the people, their links or tokens.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/services/retention_service.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/mail/templates.h"
#include "intervision/services/feedback_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string admin_password = "feedback admin passphrase 21";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

struct person {
  std::string name, email, language;
};

std::string feedback_token_in(const std::string& mail) {
  std::smatch m;
  std::regex re("/feedback\\?token=([A-Za-z0-9_-]+)&lang=(fr|nl|en)");
  return std::regex_search(mail, m, re) ? m[1].str() : "";
}

// The text pdftotext reads from a PDF.
std::string pdf_text(const fs::path& dir, const std::string& pdf) {
  auto in = dir / "attestation.pdf", out = dir / "attestation.txt";
  std::ofstream(in, std::ios::binary) << pdf;
  int rc = std::system(fmt::format("pdftotext -enc UTF-8 '{}' '{}'", in.string(), out.string()).c_str());
  REQUIRE(rc == 0);
  return slurp(out);
}

struct flow {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::unique_ptr<roll_service> rolls;
  std::string cookie, csrf;
  session_row s;
  std::map<std::string, std::int64_t> registration;  // email -> registration id

  flow() {
    server = std::make_unique<test_server>(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}), at_utc(2026, 11, 22, 9, 0));
    rolls = std::make_unique<roll_service>(server->clk(), server->app().db(), server->app().keys());
    auto hash = hash_password(admin_password);
    server->app().db().write([&](SQLite::Database& db) {
      insert_staff_account(db, "admin@smes.be", "Annick Vandervelde", hash, "admin", 0);
      session_filter f;
      f.series = "cross-sector";
      f.from = server->clk().now().time_since_epoch().count() + 3 * 86400;
      s = list_sessions(db, f).at(0);
    });
  }
  // Signs in at the fake clock's now (a session from before the clock moved has expired).
  void sign_in() {
    auto r = request(port(), "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", "admin@smes.be"}, {"password", admin_password}}));
    REQUIRE(r.status == 200);
    auto set_cookie = r.header("set-cookie");
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = std::string(json::parse(r.body).at("csrf_token").as_string());
  }
  unsigned short port() const { return server->port(); }
  fs::path data() const { return dir.path / "data"; }
  std::map<std::string, std::string> admin() {
    sign_in();
    return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
  void enrol(const person& p) {
    json::object o{{"name", p.name}, {"email", p.email}, {"organisation", "Org"}, {"sector", "mental_health"},
                   {"role", "peer_helper"}, {"language", p.language}, {"consent", true}};
    auto r = request(port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", s.id), json::serialize(o));
    INFO(r.body);
    REQUIRE(r.status == 201);
    registration[p.email] = json::parse(r.body).at("registration_id").as_int64();
  }
  void mark(const person& p, const char* attendance) {
    REQUIRE(rolls->mark(s.id, registration.at(p.email), attendance, staff_actor{0, true}));
  }
  // The session starts, the roll is taken, it ends: the round holds it and mails its feedback.
  void hold(const std::vector<person>& present, const std::vector<person>& absent) {
    server->clk().set(sys_seconds{std::chrono::seconds{s.starts_at + 600}});
    for (const auto& p : present) mark(p, "present");
    for (const auto& p : absent) mark(p, "absent");
    server->clk().set(sys_seconds{std::chrono::seconds{s.ends_at + 3600}});
    server->app().background_round();
    auto state = server->app().db().read([&](SQLite::Database& db) { return find_session(db, s.id)->state; });
    REQUIRE(state == session_state::held);
  }
  std::vector<std::string> mails_to(const std::string& email) {
    server->app().send_mail();
    std::vector<std::string> out;
    for (const auto& m : read_mails(dir.path / "outbox"))
      if (m.find("To: " + email) != std::string::npos) out.push_back(m);
    return out;
  }
  std::string feedback_token(const person& p) {
    std::string token;
    for (const auto& m : mails_to(p.email))
      if (auto t = feedback_token_in(m); !t.empty()) token = t;
    return token;
  }
  std::string personal_token(const person& p) {
    for (const auto& m : mails_to(p.email))
      if (auto t = token_from_mail(m); !t.empty()) return t;
    return "";
  }
  response post_form(const std::string& body) {
    return request(port(), "POST", "/feedback", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  int count(const std::string& sql) {
    return server->app().db().read([&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
  }
  json::value feedback_report() {
    auto r = request(port(), "GET", "/api/v1/reports/2026-2027/feedback?lang=en", "", admin());
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  }
};

const person ann{"Ann Porilo", "ann.porilo@example.org", "fr"};
const person bert{"Bert Jacobs", "bert.jacobs@example.org", "nl"};
const person cleo{"Cleo Martin", "cleo.martin@example.org", "en"};
const person dirk{"Dirk Peeters", "dirk.peeters@example.org", "nl"};
const person eva{"Eva Absent", "eva.absent@example.org", "en"};

}  // namespace

TEST_CASE("a held session asks its present people once, the link answers once, the report shows it from three answers",
          "[feedback][flow]") {
  flow f;
  for (const auto& p : {ann, bert, cleo, dirk, eva}) f.enrol(p);
  f.hold({ann, bert, cleo, dirk}, {eva});

  // One mail each to those present, in their language; none to the absent one; none again.
  CHECK(f.mails_to(eva.email).size() == 1);  // the confirmation only
  auto ann_token = f.feedback_token(ann);
  REQUIRE(!ann_token.empty());
  auto ann_mails = f.mails_to(ann.email);
  CHECK(ann_mails.back().find("Quelques questions nous aideraient") != std::string::npos);
  CHECK(ann_mails.back().find("Ann Porilo") != std::string::npos);
  CHECK(f.mails_to(bert.email).back().find("Met enkele vragen willen we") != std::string::npos);
  CHECK(f.count("SELECT COUNT(*) FROM feedback_tokens") == 4);
  f.server->app().background_round();
  CHECK(f.count("SELECT COUNT(*) FROM feedback_tokens") == 4);
  CHECK(f.mails_to(ann.email).size() == ann_mails.size());

  // The form, server-rendered in the link's language, without any script.
  auto page = request(f.port(), "GET", "/feedback?token=" + ann_token + "&lang=fr");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<html lang=\"fr\">") != std::string::npos);
  CHECK(page.body.find("name=\"usefulness\" value=\"5\"") != std::string::npos);
  CHECK(page.body.find("name=\"themes_wished\" value=\"boundaries\"") != std::string::npos);
  CHECK(page.body.find("<textarea id=\"fb-comment\" name=\"comment\"") != std::string::npos);
  CHECK(page.body.find("<script") == std::string::npos);
  CHECK(page.header("referrer-policy") == "no-referrer");

  // A wrong value: the form again, with the reason; the link still works.
  auto wrong = f.post_form("token=" + ann_token + "&usefulness=9");
  CHECK(wrong.status == 422);
  CHECK(wrong.body.find("fb-usefulness-error") != std::string::npos);
  CHECK(f.count("SELECT COUNT(*) FROM feedback_answers") == 0);

  // Answered once, with a comment naming someone: the name does not reach the database.
  auto first = f.post_form("token=" + ann_token + "&usefulness=4&come_again=yes&themes_wished=relapse&themes_wished=posture"
                           "&comment=Merci+%C3%A0+Bert+Jacobs+pour+son+r%C3%A9cit.");
  INFO(first.body);
  CHECK(first.status == 201);
  auto again = f.post_form("token=" + ann_token + "&usefulness=1");
  CHECK(again.status == 409);
  CHECK(again.body.find("feedback-refused") != std::string::npos);
  CHECK(request(f.port(), "GET", "/feedback?token=" + ann_token).status == 409);
  CHECK(request(f.port(), "GET", "/feedback?token=" + std::string(43, 'x')).status == 404);
  CHECK(f.count("SELECT COUNT(*) FROM feedback_answers") == 1);
  auto stored = f.server->app().db().read([&](SQLite::Database& db) {
    return db.execAndGet("SELECT answers FROM feedback_answers").getString();
  });
  CHECK(stored.find("Jacobs") == std::string::npos);
  CHECK(stored.find("Merci") != std::string::npos);
  // The answer row holds the session and the answers: no person, no token, no time.
  auto columns = f.server->app().db().read([&](SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT name FROM pragma_table_info('feedback_answers') ORDER BY cid");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
  CHECK(columns == std::vector<std::string>{"id", "session_id", "answers"});

  // Two answers: the session is withheld from the report.
  auto api = [&](const person& p, json::object answers) {
    return request(f.port(), "POST", "/api/v1/feedback", json::serialize(json::object{{"token", f.feedback_token(p)}, {"answers", answers}}));
  };
  CHECK(api(bert, {{"usefulness", 2}, {"come_again", false}}).status == 201);
  auto rep = f.feedback_report();
  CHECK(rep.at("total").at("sessions").as_int64() == 0);
  CHECK(rep.at("total").at("sessions_withheld").as_int64() == 1);
  CHECK(rep.at("total").at("answers").as_int64() == 0);
  CHECK(rep.at("total").at("questions").at(3).at("comments").as_array().empty());

  // Three: counted, per series and per quarter; comments only in the series and the total.
  CHECK(api(cleo, {{"usefulness", 3}, {"themes_wished", json::array{"relapse"}}}).status == 201);
  CHECK(api(cleo, {{"usefulness", 5}}).status == 409);
  CHECK(api(dirk, {{"usefulness", 11}}).status == 422);
  rep = f.feedback_report();
  const auto& total = rep.at("total");
  CHECK(total.at("sessions").as_int64() == 1);
  CHECK(total.at("answers").as_int64() == 3);
  CHECK(total.at("questions").at(0).at("mean").as_double() == Approx(3.0));
  CHECK(total.at("questions").at(1).at("counts").at("yes").as_int64() == 1);
  CHECK(total.at("questions").at(2).at("counts").at("relapse").as_int64() == 2);
  CHECK(total.at("questions").at(3).at("comments").as_array().size() == 1);
  REQUIRE(rep.at("series").as_array().size() == 1);
  CHECK(rep.at("series").at(0).at("series").as_string() == "cross-sector");
  CHECK(rep.at("series").at(0).at("answers").as_int64() == 3);
  REQUIRE(rep.at("quarters").as_array().size() == 1);
  CHECK(rep.at("quarters").at(0).at("answers").as_int64() == 3);
  CHECK(rep.at("quarters").at(0).at("questions").at(3).at("comments").as_array().empty());
  // Admins only.
  CHECK(request(f.port(), "GET", "/api/v1/reports/2026-2027/feedback").status == 401);

  // Past its days the last link no longer opens the form.
  f.server->clk().set(sys_seconds{std::chrono::seconds{f.s.ends_at + 31 * 86400}});
  CHECK(request(f.port(), "GET", "/feedback?token=" + f.feedback_token(dirk)).status == 410);
  f.server->app().background_round();
  CHECK(f.count("SELECT COUNT(*) FROM feedback_tokens") == 0);
  CHECK(request(f.port(), "GET", "/feedback?token=" + f.feedback_token(dirk)).status == 404);
}

TEST_CASE("the attestation PDF reads back in each language, and an admin checks its code without learning whose it is",
          "[attestation][flow]") {
  flow f;
  for (const auto& p : {ann, bert, cleo, eva}) f.enrol(p);
  // Before any presence: nothing to attest.
  auto early = request(f.port(), "GET", "/api/v1/me/attestation", "", {{"Authorization", "Bearer " + f.personal_token(ann)}});
  CHECK(early.status == 409);
  f.hold({ann, bert, cleo}, {eva});
  CHECK(request(f.port(), "GET", "/api/v1/me/attestation").status == 401);
  CHECK(request(f.port(), "GET", "/api/v1/me/attestation", "", {{"Authorization", "Bearer " + std::string(43, 'y')}}).status == 401);
  CHECK(request(f.port(), "GET", "/api/v1/me/attestation", "", {{"Authorization", "Bearer " + f.personal_token(eva)}}).status == 409);

  auto minutes = (f.s.ends_at - f.s.starts_at) / 60;
  auto day = brussels_date(sys_seconds{std::chrono::seconds{f.s.starts_at}});
  struct expectation {
    person who;
    std::string title, series, total;
  };
  for (const auto& e : {expectation{ann, "Attestation de participation", "Intervision intersectorielle", "Total"},
                        expectation{bert, "Aanwezigheidsattest", "Sectoroverschrijdende intervisie", "Totaal:"},
                        expectation{cleo, "Certificate of attendance", "Cross-sector intervision", "Total:"}}) {
    auto r = request(f.port(), "GET", "/api/v1/me/attestation", "", {{"Authorization", "Bearer " + f.personal_token(e.who)}});
    INFO(e.who.language << " " << r.body.substr(0, 200));
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/pdf");
    CHECK(r.header("content-disposition").find("attestation-2026-2027.pdf") != std::string::npos);
    REQUIRE(r.body.rfind("%PDF-", 0) == 0);
    auto text = pdf_text(f.dir.path, r.body);
    INFO(text);
    CHECK(text.find(e.title) != std::string::npos);
    CHECK(text.find(e.who.name) != std::string::npos);
    CHECK(text.find("2026-2027") != std::string::npos);
    CHECK(text.find(e.series) != std::string::npos);
    CHECK(text.find(format_day(day, e.who.language)) != std::string::npos);
    CHECK(text.find(e.total) != std::string::npos);
    CHECK(std::regex_search(text, std::regex(e.who.language == "nl" ? "3 ?u" : "3 ?h")));
    CHECK(text.find("Smes") != std::string::npos);
    CHECK(text.find("Rue du Progrès 323") != std::string::npos);
    CHECK(text.find("1030 Schaerbeek") != std::string::npos);
    CHECK(text.find(format_day(brussels_date(f.server->clk().now()), e.who.language)) != std::string::npos);  // issued today
    CHECK(text.find(eva.name) == std::string::npos);
    // The code printed on it, checked by an admin: valid, for how long, and nothing of whom.
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex("([0-9A-Z]{5}-[0-9A-Z]{5})")));
    auto check = request(f.port(), "GET", "/api/v1/attestations/" + m[1].str(), "", f.admin());
    INFO(check.body);
    REQUIRE(check.status == 200);
    auto c = json::parse(check.body);
    CHECK(c.at("valid").as_bool());
    CHECK(c.at("minutes").as_int64() == minutes);
    CHECK(c.at("sessions").as_int64() == 1);
    CHECK(c.at("cycle").as_string() == "2026-2027");
    CHECK(check.body.find(e.who.name) == std::string::npos);
    CHECK(check.body.find(e.who.email) == std::string::npos);
    // Typed back in lower case without its dash, it is the same code.
    auto loose = m[1].str();
    loose.erase(5, 1);
    std::transform(loose.begin(), loose.end(), loose.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    CHECK(request(f.port(), "GET", "/api/v1/attestations/" + loose, "", f.admin()).status == 200);
  }
  auto unknown = request(f.port(), "GET", "/api/v1/attestations/ABCDE-FGHJK", "", f.admin());
  CHECK(unknown.status == 404);
  CHECK(json::parse(unknown.body).at("valid").as_bool() == false);
  CHECK(request(f.port(), "GET", "/api/v1/attestations/not-a-code", "", f.admin()).status == 422);
  CHECK(request(f.port(), "GET", "/api/v1/attestations/ABCDE-FGHJK").status == 401);
  CHECK(f.count("SELECT COUNT(*) FROM attestations") == 3);
}

TEST_CASE("after the cycle's purge the files hold no name, address, link or token of feedback or attestations, and codes still check",
          "[feedback][attestation][purge]") {
  flow f;
  for (const auto& p : {ann, bert, cleo, dirk}) f.enrol(p);
  f.hold({ann, bert, cleo, dirk}, {});
  std::vector<std::string> needles;
  std::vector<std::string> hashes;
  for (const auto& p : {ann, bert, cleo, dirk}) {
    needles.push_back(p.name);
    needles.push_back(p.email);
    needles.push_back(f.personal_token(p));
    auto ft = f.feedback_token(p);
    REQUIRE(!ft.empty());
    needles.push_back(ft);
  }
  // Their sealed fields and keyed hashes as stored, before the purge.
  f.server->app().db().read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT token_hash, email_hash, hex(name_enc), hex(email_enc) FROM participants");
    while (q.executeStep())
      for (int i = 0; i < 4; ++i) hashes.push_back(q.getColumn(i).getString().substr(0, 40));
    SQLite::Statement t(db, "SELECT token_hash FROM feedback_tokens");
    while (t.executeStep()) hashes.push_back(t.getColumn(0).getString());
    return 0;
  });
  REQUIRE(hashes.size() == 4 * 4 + 4);
  CHECK(f.post_form("token=" + f.feedback_token(ann) + "&usefulness=5&comment=Dirk+Peeters+was+there").status == 201);
  auto pdf = request(f.port(), "GET", "/api/v1/me/attestation", "", {{"Authorization", "Bearer " + f.personal_token(bert)}});
  REQUIRE(pdf.status == 200);
  std::smatch m;
  auto text = pdf_text(f.dir.path, pdf.body);
  REQUIRE(std::regex_search(text, m, std::regex("([0-9A-Z]{5}-[0-9A-Z]{5})")));
  auto code = m[1].str();

  // The cycle ends; its purge runs.
  f.server->clk().set(at_utc(2027, 9, 2, 9, 0));
  auto purged = f.server->app().retention().purge("2026-2027", false, std::nullopt);
  REQUIRE(purged);
  CHECK(f.count("SELECT COUNT(*) FROM feedback_tokens") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM participants") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM feedback_answers") == 1);  // anonymous: kept with the counts
  CHECK(f.count("SELECT COUNT(*) FROM attestations") == 1);

  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(f.data())) {
    auto name = entry.path().filename().string();
    if (name.rfind("intervision.db", 0) != 0) continue;  // the database, its -wal and -shm
    auto bytes = slurp(entry.path());
    for (const auto& n : needles)
      if (bytes.find(n) != std::string::npos) found.push_back(name + ": " + n);
    for (const auto& h : hashes) {
      std::string raw;
      for (std::size_t i = 0; i + 1 < h.size(); i += 2) raw += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
      if (bytes.find(h) != std::string::npos) found.push_back(name + ": a stored hash");
      if (h.size() >= 40 && h.find_first_not_of("0123456789ABCDEF") == std::string::npos && bytes.find(raw) != std::string::npos)
        found.push_back(name + ": sealed bytes");
    }
  }
  CHECK(found.empty());
  for (const auto& s : found) UNSCOPED_INFO(s);

  auto check = request(f.port(), "GET", "/api/v1/attestations/" + code, "", f.admin());
  CHECK(check.status == 200);
  CHECK(json::parse(check.body).at("minutes").as_int64() == (f.s.ends_at - f.s.starts_at) / 60);
  auto rep = f.feedback_report();
  CHECK(rep.at("total").at("sessions_withheld").as_int64() == 1);  // one answer: withheld, before and after
}

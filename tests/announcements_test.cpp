// Announcements of new sessions (issue 22): the double opt-in (confirmed through the link's page,
// expired after the configured days, withdrawn by the one-click POST of the List-Unsubscribe
// header and by the link in the text), an announcement that reaches only confirmed addresses in
// their language over real SMTP (tests/smtp_sink.py, python3-aiosmtpd), the subscriptions that
// survive a cycle's purge while the cycle's participants do not (bytes of the database files),
// a withdrawal that a restored backup does not undo, the register's entry with the configured
// retention, the certificates of a withdrawal, an expiry and an admin's erasure, and the forms
// that work without JavaScript.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "intervision/services/registration_service.h"
#include "intervision/domain/announcement.h"
#include "intervision/domain/crypto.h"
#include "intervision/services/announcement_service.h"
#include "intervision/services/certificate_service.h"
#include "intervision/services/records_service.h"
#include "intervision/store/backup.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string admin_password = "announcements admin passphrase 9";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Which of the database's files (intervision.db, -wal, -shm) hold `needle`.
int files_holding(const fs::path& data_dir, const std::string& needle) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(data_dir))
    if (e.path().filename().string().rfind("intervision.db", 0) == 0 && slurp(e.path()).find(needle) != std::string::npos) ++n;
  return n;
}

std::string cookie_of(unsigned short port) {
  auto r = request(port, "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", "ann-admin@smes.be"}, {"password", admin_password}}));
  REQUIRE(r.status == 200);
  auto c = r.header("set-cookie");
  auto csrf = std::string(json::parse(r.body).at("csrf_token").as_string());
  return c.substr(0, c.find(';')) + "\n" + csrf;
}

struct admin {
  unsigned short port;
  std::string cookie, csrf;
  explicit admin(test_server& s) : port(s.port()) {
    auto hash = hash_password(admin_password);
    s.app().db().write([&](SQLite::Database& db) { return insert_staff_account(db, "ann-admin@smes.be", "Admin", hash, "admin", 0); });
    auto both = cookie_of(port);
    cookie = both.substr(0, both.find('\n'));
    csrf = both.substr(both.find('\n') + 1);
  }
  response call(const std::string& method, const std::string& target, const std::string& body = "") const {
    return request(port, method, target, body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  }
};

response ask(unsigned short port, const std::string& email, const std::string& language, bool consent = true) {
  return request(port, "POST", "/api/v1/announcements",
                 json::serialize(json::object{{"email", email}, {"language", language}, {"consent", consent}}));
}

response form_post(unsigned short port, const std::string& target, const std::string& body) {
  return request(port, "POST", target, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
}

// The last match: a decoded mail holds the raw quoted-printable text first, the decoded text last.
std::string last_match(const std::string& text, const std::string& pattern) {
  std::string out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out = (*it)[1].str();
  return out;
}

// The mails in a folder whose decoded text holds `needle`.
std::vector<std::string> mails_with(const fs::path& folder, const std::string& needle) {
  std::vector<std::string> out;
  for (auto& m : read_mails(folder))
    if (m.find(needle) != std::string::npos) out.push_back(m);
  return out;
}

std::string mail_to(const std::vector<std::string>& mails, const std::string& address) {
  for (const auto& m : mails)
    if (m.find("To: " + address) != std::string::npos) return m;
  return "";
}

std::string confirm_token(const std::string& mail) { return last_match(mail, R"(/announcements/confirm\?token=([A-Za-z0-9_-]{20,}))"); }

int count(test_server& s, const std::string& sql) {
  return s.app().db().read([&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
}

std::int64_t open_session(unsigned short port) {
  auto sessions = json::parse(request(port, "GET", "/api/v1/sessions?series=cross-sector").body);
  for (auto& s : sessions.as_array())
    if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
  FAIL("no open session");
  return 0;
}

// tests/smtp_sink.py as a child process, stopped with SIGTERM when destroyed (as in mail_test).
class smtp_sink {
 public:
  smtp_sink(unsigned short port, const fs::path& folder) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const std::string script = std::string(INTERVISION_SOURCE_DIR) + "/tests/smtp_sink.py";
    const std::string port_text = std::to_string(port);
    const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      ::execlp(python.c_str(), python.c_str(), script.c_str(), "--port", port_text.c_str(), "--dir", folder.c_str(), "--fail-first", "0",
               "--reject-rcpt-suffix", "@rejected.invalid", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (seen.find("ready\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    ready_ = seen.find("ready\n") != std::string::npos;
  }
  ~smtp_sink() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  bool ready() const { return ready_; }

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
};

unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("announcement rules: expiry, lapse, the one-click body", "[announcements][domain]") {
  announcement_policy p{7, 730};
  CHECK(!confirmation_expired(1000, 1000 + 7 * 86400, p));
  CHECK(confirmation_expired(1000, 1001 + 7 * 86400, p));
  CHECK(lapses_at(100, std::nullopt, p) == 100 + 730 * 86400);
  CHECK(lapses_at(100, 5000, p) == 5000 + 730 * 86400);
  CHECK(is_one_click_unsubscribe("List-Unsubscribe=One-Click"));
  CHECK(is_one_click_unsubscribe("a=b&List-Unsubscribe=One-Click"));
  CHECK(is_one_click_unsubscribe("--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n"));
  CHECK(!is_one_click_unsubscribe(""));
  CHECK(!is_one_click_unsubscribe("List-Unsubscribe=Yes"));
  auto bad = validate_announcement_request(std::string("not an address"), std::string("de"), false);
  REQUIRE(!bad);
  CHECK(bad.error().errors() == std::map<std::string, std::string>{{"consent", "consent_required"}, {"email", "invalid_email"}, {"language", "unknown_value"}});
  auto good = validate_announcement_request(std::string(" Zoe@Example.ORG "), std::string("nl"), true);
  REQUIRE(good);
  CHECK(good->email == "Zoe@example.org");
}

TEST_CASE("double opt-in: the link's page confirms only by its button, an unconfirmed request expires after 7 days with a certificate",
          "[announcements][optin]") {
  temp_dir dir;
  test_server s(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}}));
  // Refusals: no consent, a bad address; nothing stored, nothing sent.
  auto r = ask(s.port(), "margriet@optin.example", "nl", false);
  CHECK(r.status == 422);
  CHECK(json::parse(r.body).at("errors").at("consent") == "consent_required");
  CHECK(ask(s.port(), "not-an-address", "nl").status == 422);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 0);

  r = ask(s.port(), "margriet@optin.example", "nl");
  CHECK(r.status == 202);
  CHECK(ask(s.port(), "wibo@optin.example", "fr").status == 202);
  REQUIRE(s.app().send_mail() == 2);
  auto mails = read_mails(dir.path / "outbox");
  auto nl = mail_to(mails, "margriet@optin.example");
  auto fr = mail_to(mails, "wibo@optin.example");
  CHECK(nl.find("Bevestig: aankondiging van nieuwe intervisies") != std::string::npos);
  CHECK(fr.find("Pour confirmer, ouvrez ce lien") != std::string::npos);
  CHECK(nl.find("List-Unsubscribe") == std::string::npos);
  auto token = confirm_token(nl), late = confirm_token(fr);
  REQUIRE(!token.empty());
  REQUIRE(!late.empty());
  // Sealed: neither the address nor the token is in the database files in the clear.
  s.app().db().checkpoint_passive();
  CHECK(files_holding(dir.path / "data", "margriet@optin.example") == 0);
  CHECK(files_holding(dir.path / "data", token) == 0);
  // Asking again for a pending address answers the same and sends at most a few mails.
  CHECK(ask(s.port(), "margriet@optin.example", "nl").status == 202);

  // Opening the link shows a button and confirms nothing (a mail scanner follows links).
  auto page = request(s.port(), "GET", "/announcements/confirm?token=" + token + "&lang=nl");
  CHECK(page.status == 200);
  CHECK(page.body.find("<form method=\"post\" action=\"/announcements/confirm") != std::string::npos);
  // The renewed request has another token: the first one no longer confirms.
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers WHERE confirmed_at IS NOT NULL") == 0);
  REQUIRE(s.app().send_mail() == 1);
  std::string renewed;
  for (const auto& m : read_mails(dir.path / "outbox"))
    if (m.find("To: margriet@optin.example") != std::string::npos && confirm_token(m) != token) renewed = confirm_token(m);
  REQUIRE(!renewed.empty());
  CHECK(renewed != token);
  CHECK(form_post(s.port(), "/announcements/confirm?lang=nl", "token=" + token).status == 404);
  auto done = form_post(s.port(), "/announcements/confirm?lang=nl", "token=" + renewed);
  CHECK(done.status == 200);
  CHECK(done.body.find("Uw inschrijving is bevestigd") != std::string::npos);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers WHERE confirmed_at IS NOT NULL") == 1);
  // The JSON confirmation of a confirmed link stays ok.
  CHECK(request(s.port(), "POST", "/api/v1/announcements/confirm", json::serialize(json::object{{"token", renewed}})).status == 200);

  // Eight days on: Wibo's request has expired; confirming it says so, the round removes it.
  s.clk().advance(std::chrono::hours(24 * 8));
  auto expired = request(s.port(), "POST", "/api/v1/announcements/confirm", json::serialize(json::object{{"token", late}}));
  CHECK(expired.status == 410);
  s.app().background_round();
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 1);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers WHERE confirmed_at IS NOT NULL") == 1);
  auto certs = certificate_service(s.clk(), s.app().db()).list();
  REQUIRE(!certs.empty());
  CHECK(certs.front().kind == deletion_kind::announcement_expiry);
  CHECK(certs.front().automatic);
  CHECK(certs.front().announcement_addresses == 1);
  CHECK(certs.front().mails == 1);
  CHECK(certs.front().checkpointed_at);
  auto rejected = form_post(s.port(), "/announcements/confirm?lang=fr", "token=" + late);
  CHECK(rejected.status == 404);
  CHECK(rejected.body.find("Nous n'avons pas pu confirmer votre inscription") != std::string::npos);
}

TEST_CASE("an announcement reaches only confirmed addresses, each in its language, over real SMTP; the header's one-click POST and "
          "the link withdraw",
          "[announcements][smtp]") {
  temp_dir dir;
  const auto received = dir.path / "received";
  const auto port = free_port();
  smtp_sink sink(port, received);
  REQUIRE(sink.ready());
  test_server s(test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"},
                                       {"INTERVISION_MAIL_TRANSPORT", "smtp"},
                                       {"INTERVISION_MAIL_HOST", "127.0.0.1"},
                                       {"INTERVISION_MAIL_PORT", std::to_string(port)},
                                       {"INTERVISION_MAIL_SECURITY", "none"}}));
  admin a(s);
  const std::vector<std::pair<std::string, std::string>> people{
      {"aurore@smtp.example", "fr"}, {"ellis@smtp.example", "en"}, {"pending.pieter@smtp.example", "nl"}};
  for (const auto& [email, language] : people) REQUIRE(ask(s.port(), email, language).status == 202);
  REQUIRE(s.app().send_mail() == 3);
  auto confirmations = read_mails(received);
  REQUIRE(confirmations.size() == 3);
  for (const char* who : {"aurore@smtp.example", "ellis@smtp.example"}) {
    auto token = confirm_token(mail_to(confirmations, who));
    REQUIRE(!token.empty());
    REQUIRE(request(s.port(), "POST", "/api/v1/announcements/confirm", json::serialize(json::object{{"token", token}})).status == 200);
  }

  // The preview: the count and the texts, no address; only confirmed people count.
  auto preview = a.call("POST", "/api/v1/announcements/send", R"({"cycle": "2027-2028", "dry_run": true})");
  INFO(preview.body);
  REQUIRE(preview.status == 200);
  auto p = json::parse(preview.body);
  CHECK(p.at("recipients") == 2);
  CHECK(p.at("by_language").at("fr") == 1);
  CHECK(p.at("by_language").at("nl") == 0);
  CHECK(p.at("sessions").as_int64() > 0);
  CHECK(std::string(p.at("mails").at("nl").at("subject").as_string()) == "Nieuwe intervisies: cyclus 2027-2028");
  CHECK(preview.body.find("@smtp.example") == std::string::npos);
  auto summary = a.call("GET", "/api/v1/announcements");
  CHECK(json::parse(summary.body).at("pending") == 1);
  CHECK(summary.body.find("@smtp.example") == std::string::npos);
  // Facilitators and strangers may not send.
  CHECK(request(s.port(), "POST", "/api/v1/announcements/send", R"({"cycle": "2027-2028"})").status == 401);

  auto sent = a.call("POST", "/api/v1/announcements/send", R"({"cycle": "2027-2028"})");
  REQUIRE(sent.status == 200);
  CHECK(json::parse(sent.body).at("recipients") == 2);
  CHECK(a.call("POST", "/api/v1/announcements/send", R"({"cycle": "2027-2028"})").status == 409);
  CHECK(count(s, "SELECT COUNT(*) FROM audit WHERE action = 'announcements.sent' AND detail = '2 recipients'") == 1);
  REQUIRE(s.app().send_mail() == 2);
  auto all = read_mails(received);
  REQUIRE(all.size() == 5);
  auto announcements = mails_with(received, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  REQUIRE(announcements.size() == 2);
  auto fr = mail_to(announcements, "aurore@smtp.example");
  auto en = mail_to(announcements, "ellis@smtp.example");
  CHECK(mail_to(announcements, "pending.pieter@smtp.example").empty());
  CHECK(fr.find("Les intervisions du cycle 2027-2028 sont publi") != std::string::npos);
  CHECK(fr.find("Ne plus recevoir ces annonces") != std::string::npos);
  CHECK(en.find("New intervision sessions: cycle 2027-2028") != std::string::npos);
  CHECK(en.find("Stop receiving these announcements: http") != std::string::npos);

  // Aurore's mail client uses the header: a POST with the RFC 8058 body.
  auto header = last_match(fr, R"(List-Unsubscribe: <(http[^>]+)>)");
  REQUIRE(!header.empty());
  auto target = header.substr(header.find("/api/v1/"));
  CHECK(request(s.port(), "POST", target, "", {{"Content-Type", "application/x-www-form-urlencoded"}}).status == 400);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 3);
  auto one_click = form_post(s.port(), target, "List-Unsubscribe=One-Click");
  CHECK(one_click.status == 200);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 2);
  CHECK(form_post(s.port(), target, "List-Unsubscribe=One-Click").status == 200);  // again: still fine
  // Ellis follows the link in the text: a page with a button, then the button.
  auto link = last_match(en, R"((/announcements/unsubscribe\?token=[A-Za-z0-9_-]+))");
  REQUIRE(!link.empty());
  auto page = request(s.port(), "GET", link + "&lang=en");
  CHECK(page.status == 200);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 2);
  auto token = link.substr(link.find("token=") + 6);
  auto done = form_post(s.port(), "/announcements/unsubscribe?lang=en", "token=" + token);
  CHECK(done.status == 200);
  CHECK(done.body.find("you will receive no more announcements") != std::string::npos);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 1);  // Pieter's pending request
  CHECK(count(s, "SELECT COUNT(*) FROM outbox WHERE cycle_label = 'announcements' AND kind = 'announcement'") == 0);
  // Two certificates by the people themselves, the ledger holds both withdrawals.
  auto certs = certificate_service(s.clk(), s.app().db()).list();
  REQUIRE(certs.size() == 2);
  for (const auto& c : certs) {
    CHECK(c.kind == deletion_kind::announcement_withdrawal);
    CHECK(!c.automatic);
    CHECK(!c.staff_id);
    CHECK(c.announcement_addresses == 1);
    CHECK(c.mails == 2);  // the confirmation and the announcement
  }
  auto ledger = slurp(dir.path / "data" / "intervision.ledger");
  CHECK(ledger.find("erased announcements " + s.app().announcements().token_hash(token)) != std::string::npos);
  CHECK(ledger.find("ellis") == std::string::npos);
}

TEST_CASE("announcements survive the cycle's purge while its participants do not, and a withdrawal survives a restore",
          "[announcements][purge][backup]") {
  temp_dir dir;
  const auto data = dir.path / "data";
  auto cfg = test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}});
  std::string kept_bytes, gone_bytes, participant_bytes;
  {
    test_server s(cfg);
    // Hendrika registers for a session of 2026-2027 and, ticking the box of the plain form, asks
    // for the announcements; Gaston only asks for the announcements.
    auto sid = open_session(s.port());
    auto reg = form_post(s.port(), fmt::format("/sessions/{}?lang=nl", sid),
                         "name=Hendrika+Zeebrugge&email=hendrika%40purge.example&organisation=Zeebrugge+vzw&sector=mental_health&role=peer_helper"
                         "&language=nl&scope=one&consent=yes&announce=yes");
    INFO(reg.body);
    REQUIRE(reg.status == 201);
    CHECK(reg.body.find("stuurden we u ook een e-mail") != std::string::npos);
    auto plain = form_post(s.port(), "/announcements?lang=fr", "email=gaston%40purge.example&language=fr&announce=yes");
    CHECK(plain.status == 202);
    CHECK(form_post(s.port(), "/announcements?lang=fr", "email=gaston%40purge.example&language=fr").status == 422);  // unticked
    REQUIRE(s.app().send_mail() == 3);
    for (const char* who : {"hendrika@purge.example", "gaston@purge.example"}) {
      auto token = confirm_token(mail_to(mails_with(dir.path / "outbox", "/announcements/confirm?token="), who));
      REQUIRE(!token.empty());
      REQUIRE(form_post(s.port(), "/announcements/confirm", "token=" + token).status == 200);
    }
    kept_bytes = s.app().db().read([](SQLite::Database& db) {
      return db.execAndGet("SELECT substr(email_enc, 1, 40) FROM announcement_subscribers WHERE language = 'nl'").getString();
    });
    gone_bytes = s.app().db().read([](SQLite::Database& db) {
      return db.execAndGet("SELECT substr(email_enc, 1, 40) FROM announcement_subscribers WHERE language = 'fr'").getString();
    });
    participant_bytes = s.app().db().read([](SQLite::Database& db) { return db.execAndGet("SELECT substr(name_enc, 1, 40) FROM participants").getString(); });
    REQUIRE(kept_bytes.size() == 40);
    REQUIRE(participant_bytes.size() == 40);
    auto backup = dir.path / "before-withdrawal.db";
    REQUIRE(backup_database(data / "intervision.db", backup));
    // Gaston leaves through the link; then the cycle ends and the background round purges it.
    auto gaston_mail = mail_to(mails_with(dir.path / "outbox", "/announcements/confirm?token="), "gaston@purge.example");
    auto gaston = confirm_token(gaston_mail);
    REQUIRE(request(s.port(), "DELETE", "/api/v1/announcements", json::serialize(json::object{{"token", gaston}})).status == 204);
    s.clk().set(at_utc(2027, 9, 2, 9, 0));
    s.app().background_round();
    CHECK(count(s, "SELECT COUNT(*) FROM participants WHERE cycle_label = '2026-2027'") == 0);
    CHECK(!s.app().keys()->find("2026-2027"));
    CHECK(s.app().keys()->find("announcements"));
    CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 1);
    // The bytes on disk: the participant's are gone, the subscription's are there.
    CHECK(files_holding(data, participant_bytes) == 0);
    CHECK(files_holding(data, gone_bytes) == 0);
    CHECK(files_holding(data, kept_bytes) >= 1);
    // And it still opens: the next cycle's announcement reaches Hendrika, in Dutch.
    admin a(s);
    auto sent = a.call("POST", "/api/v1/announcements/send", R"({"cycle": "2027-2028"})");
    INFO(sent.body);
    REQUIRE(sent.status == 200);
    CHECK(json::parse(sent.body).at("recipients") == 1);
    REQUIRE(s.app().send_mail() >= 1);
    auto mine = mail_to(mails_with(dir.path / "outbox", "List-Unsubscribe-Post"), "hendrika@purge.example");
    CHECK(mine.find("Nieuwe intervisies: cyclus 2027-2028") != std::string::npos);
    s.stop();
    // The backup from before Gaston left, restored: he does not come back at the start.
    REQUIRE(restore_database(backup, data / "intervision.db"));
  }
  test_server again(cfg, at_utc(2027, 9, 3, 9, 0));
  CHECK(count(again, "SELECT COUNT(*) FROM announcement_subscribers WHERE language = 'fr'") == 0);
  CHECK(count(again, "SELECT COUNT(*) FROM announcement_subscribers WHERE language = 'nl'") == 1);
  CHECK(count(again, "SELECT COUNT(*) FROM deletion_certificates WHERE kind = 'announcement_withdrawal' AND automatic = 1") == 1);
  CHECK(files_holding(data, gone_bytes) == 0);
}

TEST_CASE("the register lists the announcements with the configured retention; an admin's erasure takes the subscription too",
          "[announcements][records][certificate]") {
  temp_dir dir;
  auto cfg = test_config(dir.path, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"},
                                    {"INTERVISION_ANNOUNCEMENTS_RETENTION_DAYS", "365"},
                                    {"INTERVISION_ANNOUNCEMENTS_CONFIRM_DAYS", "5"}});
  CHECK(cfg.announcements.retention_days == 365);
  records_service records(cfg);
  processing_activity found;
  for (const auto& x : records.activities("en"))
    if (x.id == "announcements") found = x;
  REQUIRE(found.id == "announcements");
  CHECK(found.retention.find("365 days after the last announcement sent") != std::string::npos);
  CHECK(found.retention.find("deleted after 5 days") != std::string::npos);
  CHECK(found.data_categories.find("Email address and language") == 0);
  CHECK(records.csv("fr", ';').find("365 jours après la dernière annonce") != std::string::npos);

  test_server s(cfg);
  admin a(s);
  REQUIRE(ask(s.port(), "odette@erase.example", "fr").status == 202);
  REQUIRE(s.app().send_mail() == 1);
  auto r = a.call("POST", "/api/v1/erasure", json::serialize(json::object{{"email", "Odette@erase.example"}}));
  INFO(r.body);
  CHECK(r.status == 200);
  CHECK(count(s, "SELECT COUNT(*) FROM announcement_subscribers") == 0);
  CHECK(count(s, "SELECT COUNT(*) FROM outbox WHERE cycle_label = 'announcements'") == 0);
  auto certs = certificate_service(s.clk(), s.app().db()).list();
  REQUIRE(certs.size() == 1);
  CHECK(certs.front().kind == deletion_kind::erasure_request);
  CHECK(certs.front().announcement_addresses == 1);
  CHECK(certs.front().participants == 0);
  CHECK(certs.front().mails == 1);
  auto purges = a.call("GET", "/api/v1/purges");
  CHECK(json::parse(purges.body).at(0).at("removed").at("announcement_addresses") == 1);
  CHECK(purges.body.find("odette") == std::string::npos);
  // The privacy notice's numbers come from the configuration too.
  auto policy = json::parse(request(s.port(), "GET", "/api/v1/announcements/policy").body);
  CHECK(policy.at("retention_days") == 365);
  CHECK(policy.at("confirm_days") == 5);
}

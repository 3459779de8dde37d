// Retention over real loopback HTTP and the command line: the privacy ledger, the dry run, the
// purge at the cycle's end (on demand and automatic), the report that stays the same, forensic
// deletion checked on the raw bytes of the database files, backups that forget with the key,
// erasure across cycles, idempotence and a purge killed with SIGKILL, and who may do any of it.
//
// Deletion date: purge_due() is Brussels midnight at the end of the cycle's last day (grace 0),
// i.e. 2027-09-01T00:00:00+02:00 for 2026-2027, so the ledger says 2027-09-01: the first day on
// which the data is no longer kept (the same date the registration answer and mails give).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/store/backup.h"
#include "intervision/services/registration_service.h"
#include "intervision/services/retention_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/store/database.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/retention_store.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string admin_password = "retention admin passphrase 7";
const std::string facilitator_password = "retention facilitator passphrase";

struct signed_in {
  std::string cookie, csrf;
  std::map<std::string, std::string> headers(bool with_csrf = true) const {
    std::map<std::string, std::string> h{{"Cookie", cookie}};
    if (with_csrf) h["X-CSRF-Token"] = csrf;
    return h;
  }
};

std::int64_t add_staff(test_server& s, const std::string& email, const std::string& password, const std::string& role) {
  auto hash = hash_password(password);
  return s.app().db().write([&](SQLite::Database& db) {
    if (auto existing = find_staff_by_email(db, email)) return existing->id;  // a restored database keeps its staff
    return insert_staff_account(db, email, "Staff", hash, role, 0);
  });
}

signed_in login(unsigned short port, const std::string& email, const std::string& password) {
  auto r = request(port, "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", email}, {"password", password}}));
  REQUIRE(r.status == 200);
  auto set_cookie = r.header("set-cookie");
  return {set_cookie.substr(0, set_cookie.find(';')), std::string(json::parse(r.body).at("csrf_token").as_string())};
}

struct person {
  std::string name, email, phone, organisation, sector = "mental_health", role = "peer_helper";
};

std::string person_json(const person& p, bool all_remaining = false) {
  json::object o{{"name", p.name},         {"email", p.email}, {"organisation", p.organisation}, {"sector", p.sector},
                 {"role", p.role},         {"language", "fr"}, {"consent", true},                {"all_remaining", all_remaining}};
  if (!p.phone.empty()) o["phone"] = p.phone;
  return json::serialize(o);
}

// The first session of a series open for registration whose start lies in [from, to).
std::int64_t open_session(unsigned short port, const std::string& series, const std::string& from = "", const std::string& to = "") {
  std::string url = "/api/v1/sessions?series=" + series;
  if (!from.empty()) url += "&from=" + from + "&to=" + to;
  auto r = request(port, "GET", url);
  REQUIRE(r.status == 200);
  auto sessions = json::parse(r.body);
  for (auto& s : sessions.as_array())
    if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
  FAIL("no open session in " + series);
  return 0;
}

struct fixture {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  signed_in admin;
  std::int64_t admin_id = 0;

  explicit fixture(sys_seconds now = at_utc(2026, 11, 22, 9, 0), const fs::path& where = {}) {
    // The background loop runs once at start and then waits an hour: tests drive the rounds.
    auto cfg = test_config(where.empty() ? dir.path : where, {{"INTERVISION_MAIL_POLL_SECONDS", "3600"}});
    server = std::make_unique<test_server>(cfg, now);
    admin_id = add_staff(*server, "admin@smes.be", admin_password, "admin");
    admin = login(port(), "admin@smes.be", admin_password);
  }
  unsigned short port() const { return server->port(); }
  // Moves the clock (months ahead the staff session has expired: signs in again).
  void move_to(sys_seconds t) {
    server->clk().set(t);
    admin = login(port(), "admin@smes.be", admin_password);
  }
  fs::path data() const { return fs::path(server->app().cfg().storage.data_dir); }
  // Registers; returns how many registrations the answer lists.
  int enrol(std::int64_t session_id, const person& p, bool all_remaining = false) {
    auto r = request(port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session_id), person_json(p, all_remaining));
    INFO(r.body);
    REQUIRE(r.status == 201);
    return static_cast<int>(json::parse(r.body).at("registrations").as_array().size());
  }
  response get(const std::string& target) { return request(port(), "GET", target, "", admin.headers()); }
  response post(const std::string& target, const std::string& body) { return request(port(), "POST", target, body, admin.headers()); }
  int count(const std::string& sql) {
    return server->app().db().read([&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Every needle found in the database file or any file beside it (-wal, -shm, -journal).
std::vector<std::string> found_in_database_files(const fs::path& data_dir, const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    auto name = entry.path().filename().string();
    if (name.rfind("intervision.db", 0) != 0) continue;
    auto bytes = read_file(entry.path());
    for (const auto& n : needles)
      if (!n.empty() && bytes.find(n) != std::string::npos) found.push_back(name + ": " + (n.size() > 40 ? "<sealed bytes>" : n));
  }
  return found;
}

// What a purge leaves of personal data in the database: the stored (sealed) bytes and hashes.
std::vector<std::string> stored_personal_bytes(SQLite::Database& db, const std::string& cycle) {
  std::vector<std::string> out;
  SQLite::Statement p(db, "SELECT email_hash, token_hash, token_enc, name_enc, email_enc, COALESCE(phone_enc, ''), organisation_enc"
                          " FROM participants WHERE cycle_label = ?");
  p.bind(1, cycle);
  while (p.executeStep())
    for (int i = 0; i < 7; ++i) {
      auto v = p.getColumn(i).getString();
      if (!v.empty()) out.push_back(v.substr(0, 48));
    }
  SQLite::Statement o(db, "SELECT recipient_enc, mime_enc FROM outbox WHERE cycle_label = ?");
  o.bind(1, cycle);
  while (o.executeStep())
    for (int i = 0; i < 2; ++i) out.push_back(o.getColumn(i).getString().substr(0, 48));
  return out;
}

json::object ledger_entry_for(fixture& f, const std::string& cycle) {
  auto r = f.get("/api/v1/privacy");
  REQUIRE(r.status == 200);
  auto ledger = json::parse(r.body);
  for (auto& e : ledger.as_array())
    if (e.at("cycle") == cycle.c_str()) return e.as_object();
  FAIL("no ledger entry for " + cycle);
  return {};
}

const sys_seconds after_2026_2027 = at_utc(2027, 8, 31, 22, 0) + std::chrono::seconds(1);  // 2027-09-01T00:00:01+02:00

// A cycle with people across sectors and roles, a walk-in who was present, logged themes and a note.
struct populated {
  int participants = 0, registrations = 0, mails = 0;
  std::int64_t session = 0, later_session = 0;
  std::vector<person> people;
};

populated populate(fixture& f) {
  populated out;
  out.session = open_session(f.port(), "cross-sector");
  out.people = {
      {"Xanthippe Vandermeulen", "xanthippe.vdm@zwartewoud.example", "0470 98 76 54", "Zonnebloemhuis vzw"},
      {"Barnabé Quenouille", "barnabe.quenouille@epinettes.example", "", "Les Épinettes asbl"},
      {"Cunegonde Wittebroodt", "cunegonde.wb@kortrijkstraat.example", "+32 2 555 01 23", "Huize Wittebroodt"},
      {"Dagobert Ysebaert", "dagobert.ysebaert@moerasland.example", "", "Moerasland vzw"},
      {"Eulalie Zwijsen", "eulalie.zwijsen@vlasveld.example", "", "Vlasveld", "addiction"},
  };
  out.registrations += f.enrol(out.session, out.people[0], true);
  for (std::size_t i = 1; i < out.people.size(); ++i) out.registrations += f.enrol(out.session, out.people[i]);
  person coordinator{"Fulbert Oosterlinck", "fulbert.oosterlinck@trajet.example", "", "Trajet ZTG", "ztg", "coordinator"};
  out.registrations += f.enrol(open_session(f.port(), "ztg-coordinators"), coordinator);
  out.people.push_back(coordinator);
  out.mails = static_cast<int>(out.people.size());  // one confirmation per person ("all remaining" is one mail)
  out.participants = static_cast<int>(out.people.size());

  raw_registration walk_in;
  walk_in.name = "Gwendoline Ruysschaert";
  walk_in.email = "gwendoline.r@ruysschaert.example";
  walk_in.organisation = "Straatwerk Ruysschaert";
  walk_in.sector = "homelessness";
  walk_in.role = "peer_helper";
  walk_in.language = "nl";
  walk_in.consent = true;
  REQUIRE(f.server->app().registrations().add_walk_in(out.session, walk_in, f.admin_id));
  out.people.push_back({*walk_in.name, *walk_in.email, "", *walk_in.organisation, "homelessness"});
  ++out.participants;
  ++out.registrations;

  f.server->app().db().write([&](SQLite::Database& db) {
    out.later_session = db.execAndGet(fmt::format("SELECT id FROM sessions WHERE cycle_label = '2026-2027' AND id <> {} AND series_slug = "
                                                  "'cross-sector' ORDER BY starts_at LIMIT 1", out.session)).getInt64();
    db.exec(fmt::format("INSERT INTO session_themes (session_id, theme_id) VALUES ({0}, 'boundaries'), ({0}, 'relapse'), ({1}, 'boundaries')",
                        out.session, out.later_session));
    db.exec(fmt::format("INSERT INTO notes (session_id, text, created_at) VALUES ({}, 'A [name] spoke about boundaries.', 0)", out.session));
  });
  REQUIRE(f.server->app().send_mail() == static_cast<std::size_t>(out.mails));
  return out;
}

std::vector<std::string> plaintext_needles(const std::vector<person>& people) {
  std::vector<std::string> out;
  for (const auto& p : people) {
    out.push_back(p.name);
    out.push_back(p.name.substr(p.name.rfind(' ') + 1));  // the family name alone
    out.push_back(p.email);
    out.push_back(p.email.substr(0, p.email.find('@')));  // the local part alone
    out.push_back(p.organisation);
  }
  out.push_back("470987654");  // the phone, however it was stored
  out.push_back("25550123");
  return out;
}

fs::path binary_path() {
  if (const char* b = std::getenv("INTERVISION_BINARY")) return b;
  return fs::read_symlink("/proc/self/exe").parent_path() / "intervision";
}

// Runs `intervision <args> --config <shipped> --data <data_dir>` from the source folder.
pid_t spawn_cli(const std::vector<std::string>& args, const fs::path& data_dir, const fs::path& output) {
  std::vector<std::string> all{binary_path().string()};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--config");
  all.push_back((fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml").string());
  all.push_back("--data");
  all.push_back(data_dir.string());
  std::fflush(nullptr);  // the child must not write the parent's buffered output again
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::chdir(INTERVISION_SOURCE_DIR) != 0 || ::dup2(fd, 1) < 0 || ::dup2(fd, 2) < 0) ::_exit(127);
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int run_cli(const std::vector<std::string>& args, const fs::path& data_dir, std::string* output = nullptr) {
  auto out_file = data_dir.parent_path() / "cli-output.txt";
  auto pid = spawn_cli(args, data_dir, out_file);
  REQUIRE(pid > 0);
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (output) *output = read_file(out_file);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Everything a finished purge decides, in one comparable text (times left out).
std::string final_state(const fs::path& data_dir, const std::string& cycle) {
  std::string s;
  {
    SQLite::Database db((data_dir / "intervision.db").string(), SQLite::OPEN_READWRITE);
    for (auto table : {"participants", "registrations", "outbox", "sessions", "session_counts", "session_themes", "notes"})
      s += fmt::format("{}={}\n", table, db.execAndGet(fmt::format("SELECT COUNT(*) FROM {}", table)).getInt());
    SQLite::Statement c(db, "SELECT label, purged_at IS NOT NULL FROM cycles ORDER BY label");
    while (c.executeStep()) s += fmt::format("cycle {} purged={}\n", c.getColumn(0).getString(), c.getColumn(1).getInt());
    SQLite::Statement m(db, "SELECT key FROM meta WHERE key LIKE 'purge.%' ORDER BY key");
    while (m.executeStep()) s += "meta " + m.getColumn(0).getString() + "\n";
    SQLite::Statement a(db, "SELECT action, object_id, detail, staff_id IS NULL FROM audit WHERE action = 'purge' ORDER BY id");
    while (a.executeStep())
      s += fmt::format("audit {} {} [{}] system={}\n", a.getColumn(0).getString(), a.getColumn(1).getString(), a.getColumn(2).getString(),
                       a.getColumn(3).getInt());
    SQLite::Statement k(db, "SELECT session_id, sector, role, registered, waitlisted, present, absent, excused FROM session_counts ORDER BY 1, 2, 3");
    while (k.executeStep()) {
      for (int i = 0; i < 8; ++i) s += k.getColumn(i).getString() + " ";
      s += "\n";
    }
  }
  auto keys = keyring::open(data_dir / "intervision.keys");
  REQUIRE(keys);
  s += fmt::format("key {} present={}\n", cycle, keys->find(cycle) ? 1 : 0);
  std::error_code ec;
  auto wal = fs::file_size(data_dir / "intervision.db-wal", ec);
  s += fmt::format("wal bytes={}\n", ec ? 0 : wal);
  return s;
}

}  // namespace

TEST_CASE("the ledger counts a cycle's personal records; a dry run changes nothing; the purge removes them; the report stays the same",
          "[retention]") {
  fixture f;
  auto pop = populate(f);

  auto before = ledger_entry_for(f, "2026-2027");
  CHECK(before.at("deletion_date") == "2027-09-01");
  CHECK(before.at("purged_at").is_null());
  auto records = before.at("records").as_object();
  CHECK(records.at("participants").as_int64() == pop.participants);
  CHECK(records.at("personal_links").as_int64() == pop.participants);
  CHECK(records.at("registrations").as_int64() == pop.registrations);
  CHECK(records.at("mails").as_int64() == pop.mails);
  auto next = ledger_entry_for(f, "2027-2028");
  CHECK(next.at("deletion_date") == "2028-09-01");
  CHECK(next.at("records").at("participants").as_int64() == 0);

  // Not over yet: one second before Brussels midnight the purge is refused.
  f.move_to(at_utc(2027, 8, 31, 21, 59) + std::chrono::seconds(59));
  CHECK(f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": false})").status == 409);
  CHECK(f.count("SELECT COUNT(*) FROM participants") == pop.participants);

  f.move_to(after_2026_2027);
  auto report_before = f.get("/api/v1/reports/2026-2027");
  auto csv_before = f.get("/api/v1/reports/2026-2027.csv");
  REQUIRE(report_before.status == 200);
  REQUIRE(csv_before.status == 200);

  // The report: small groups show "<3", larger ones their number; themes and notes counted.
  auto report = json::parse(report_before.body).as_object();
  CHECK(report.at("cycle") == "2026-2027");
  std::map<std::string, json::value> sectors, roles;
  for (auto& g : report.at("by_sector").as_array()) sectors[std::string(g.at("sector").as_string())] = g.at("registered");
  for (auto& g : report.at("by_role").as_array()) roles[std::string(g.at("role").as_string())] = g.at("registered");
  CHECK(sectors.at("mental_health").as_int64() >= 3);
  CHECK(sectors.at("addiction") == "<3");
  CHECK(sectors.at("homelessness") == "<3");
  CHECK(roles.at("coordinator") == "<3");
  CHECK(roles.at("peer_helper").as_int64() >= 3);
  for (auto& g : report.at("by_sector").as_array())
    if (g.at("sector") == "homelessness") CHECK(g.at("present") == "<3");
  bool session_seen = false;
  for (auto& s : report.at("sessions").as_array())
    if (s.at("id").as_int64() == pop.session) {
      session_seen = true;
      CHECK(s.at("registered").as_int64() == 6);  // five by the form, one walk-in
      CHECK(s.at("present").as_int64() == 1);
    }
  CHECK(session_seen);
  auto themes = report.at("themes").as_array();
  REQUIRE(themes.size() == 2);
  CHECK(themes[0].at("id") == "boundaries");
  CHECK(themes[0].at("sessions").as_int64() == 2);
  CHECK(themes[0].at("label").at("en") == "Keeping boundaries");
  CHECK(report.at("notes").as_int64() == 1);
  CHECK(csv_before.header("content-type").find("text/csv") == 0);
  CHECK(csv_before.body.rfind("kind,id,series,starts_at,state,registered,waitlisted,present,absent,excused,label,count\r\n", 0) == 0);
  CHECK(csv_before.body.find("sector,addiction,,,,<3,,") != std::string::npos);
  CHECK(csv_before.body.find("theme,boundaries,,,,,,,,,Keeping boundaries,2\r\n") != std::string::npos);
  for (const auto& p : pop.people) CHECK(report_before.body.find(p.email) == std::string::npos);

  // The dry run tells what would go and changes nothing.
  auto dry = f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": true})");
  REQUIRE(dry.status == 200);
  auto dry_body = json::parse(dry.body);
  CHECK(dry_body.at("dry_run").as_bool());
  CHECK(dry_body.at("removed").at("participants").as_int64() == pop.participants);
  CHECK(dry_body.at("removed").at("registrations").as_int64() == pop.registrations);
  CHECK(dry_body.at("removed").at("mails").as_int64() == pop.mails);
  CHECK(ledger_entry_for(f, "2026-2027").at("records") == before.at("records"));
  CHECK(ledger_entry_for(f, "2026-2027").at("purged_at").is_null());
  CHECK(f.server->app().keys()->find("2026-2027"));

  // dry_run is required; unknown cycles are 404, cycles not over 409.
  auto missing = f.post("/api/v1/purge", R"({"cycle": "2026-2027"})");
  CHECK(missing.status == 422);
  CHECK(json::parse(missing.body).at("errors").as_object().contains("dry_run"));
  CHECK(f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": "no"})").status == 422);
  CHECK(f.post("/api/v1/purge", R"({"cycle": "1999-2000", "dry_run": true})").status == 404);
  CHECK(f.post("/api/v1/purge", R"({"cycle": "2027-2028", "dry_run": false})").status == 409);
  CHECK(f.get("/api/v1/reports/1999-2000").status == 404);

  auto purge = f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": false})");
  REQUIRE(purge.status == 200);
  CHECK(json::parse(purge.body).at("removed") == dry_body.at("removed"));
  auto after = ledger_entry_for(f, "2026-2027");
  CHECK(!after.at("purged_at").is_null());
  for (auto k : {"participants", "registrations", "personal_links", "mails"}) CHECK(after.at("records").at(k).as_int64() == 0);
  CHECK(f.count("SELECT COUNT(*) FROM participants") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM registrations") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
  CHECK(!f.server->app().keys()->find("2026-2027"));

  // The anonymised report is byte for byte what it was.
  CHECK(f.get("/api/v1/reports/2026-2027").body == report_before.body);
  CHECK(f.get("/api/v1/reports/2026-2027.csv").body == csv_before.body);

  // Idempotent: a second purge removes nothing and succeeds.
  auto again = f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": false})");
  REQUIRE(again.status == 200);
  for (auto k : {"participants", "registrations", "personal_links", "mails"}) CHECK(json::parse(again.body).at("removed").at(k).as_int64() == 0);
  CHECK(f.get("/api/v1/reports/2026-2027").body == report_before.body);

  // The audit trail says a purge happened, by whom and how much, not about whom.
  auto audit = f.get("/api/v1/audit");
  REQUIRE(audit.status == 200);
  int purges = 0;
  auto audit_rows = json::parse(audit.body);
  for (auto& e : audit_rows.as_array())
    if (e.at("action") == "purge") {
      ++purges;
      CHECK(e.at("object_id") == "2026-2027");
      CHECK(std::string(e.at("detail").as_string()).find(std::to_string(pop.participants) + " participants") != std::string::npos);
      CHECK(e.at("actor") == "admin@smes.be");
    }
  CHECK(purges == 1);
  for (const auto& n : plaintext_needles(pop.people)) CHECK(audit.body.find(n) == std::string::npos);
}

TEST_CASE("after a purge no purged email, name, phone or sealed byte is left in the database file or beside it", "[retention][forensic]") {
  fixture f;
  auto pop = populate(f);
  auto stored = f.server->app().db().read([](SQLite::Database& db) { return stored_personal_bytes(db, "2026-2027"); });
  REQUIRE(stored.size() > 30);
  // The scan sees what is there: before the purge the stored bytes are in the files.
  auto seen_before = found_in_database_files(f.data(), stored);
  CHECK(seen_before.size() >= stored.size() / 2);
  // Personal fields are sealed: no plaintext even before.
  CHECK(found_in_database_files(f.data(), plaintext_needles(pop.people)).empty());

  f.move_to(after_2026_2027);
  REQUIRE(f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": false})").status == 200);
  auto left = found_in_database_files(f.data(), stored);
  CHECK(left.empty());
  for (auto& l : left) INFO(l);
  CHECK(found_in_database_files(f.data(), plaintext_needles(pop.people)).empty());
  std::error_code ec;
  auto wal = fs::file_size(f.data() / "intervision.db-wal", ec);
  CHECK((ec || wal == 0));
  CHECK(!fs::exists(f.data() / "intervision.db-journal"));
  // The server goes on working after the vacuum.
  CHECK(request(f.port(), "GET", "/api/v1/sessions").status == 200);
}

TEST_CASE("a backup taken before the purge and restored after it holds nothing readable of that cycle", "[retention][backup]") {
  fixture f;
  auto pop = populate(f);
  auto token = token_from_mail(read_mails(f.dir.path / "outbox").at(0));
  REQUIRE(!token.empty());
  auto backup = f.dir.path / "backups" / "before-purge.db";
  REQUIRE(backup_database(f.server->app().cfg().database_file(), backup));  // while serving
  {
    SQLite::Database b(backup.string(), SQLite::OPEN_READONLY);
    CHECK(b.execAndGet("PRAGMA application_id").getInt() == intervision_application_id);
    CHECK(b.execAndGet("SELECT COUNT(*) FROM participants").getInt() == pop.participants);
  }
  CHECK(!fs::exists(backup.string() + "-wal"));

  f.move_to(after_2026_2027);
  REQUIRE(f.post("/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": false})").status == 200);

  temp_dir elsewhere;
  auto restored_data = elsewhere.path / "data";
  REQUIRE(restore_database(backup, restored_data / "intervision.db"));
  fs::copy_file(f.data() / "intervision.keys", restored_data / "intervision.keys");  // the key file as it is now
  fs::copy_file(f.data() / "intervision.ledger", restored_data / "intervision.ledger");  // and the ledger beside it
  {
    SQLite::Database db((restored_data / "intervision.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM participants WHERE cycle_label = '2026-2027'").getInt() == pop.participants);
    auto keys = keyring::open(restored_data / "intervision.keys");
    REQUIRE(keys);
    CHECK(!keys->find("2026-2027"));
    std::vector<std::string> candidates{keys->index_key()};
    for (const auto& l : keys->labels())
      if (auto k = keys->find(l)) candidates.push_back(*k);
    SQLite::Statement q(db, "SELECT name_enc, email_enc, organisation_enc FROM participants WHERE cycle_label = '2026-2027'");
    int opened = 0, tried = 0;
    while (q.executeStep())
      for (const auto& key : candidates) {
        if (key.size() != secret_key_bytes) continue;
        ++tried;
        opened += open(key, q.getColumn(0).getString(), "2026-2027:name").has_value();
        opened += open(key, q.getColumn(1).getString(), "2026-2027:email").has_value();
        opened += open(key, q.getColumn(2).getString(), "2026-2027:organisation").has_value();
      }
    CHECK(tried > 0);
    CHECK(opened == 0);
  }
  CHECK(found_in_database_files(restored_data, plaintext_needles(pop.people)).empty());

  // Served again, the restored copy does not open the personal link, and its first background
  // round purges the resurrected rows once more.
  fixture g(after_2026_2027, elsewhere.path);
  CHECK(request(g.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status == 401);
  int left = -1;
  for (int i = 0; i < 200 && left != 0; ++i) {
    left = g.count("SELECT COUNT(*) FROM participants WHERE cycle_label = '2026-2027'");
    if (left) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(left == 0);
}

TEST_CASE("restore refuses a file that is not an intervision database and leaves the database alone", "[retention][backup]") {
  temp_dir dir;
  auto target = dir.path / "data" / "intervision.db";
  fs::create_directories(target.parent_path());
  {
    auto db = open_connection(target);
    REQUIRE(migrate(*db));
    db->exec("PRAGMA journal_mode=DELETE");
    db->exec("INSERT INTO meta (key, value) VALUES ('marker', 'original')");
  }
  auto text = dir.path / "notes.txt";
  std::ofstream(text) << "this is not a database at all, just some text that is long enough to fill a header....\n";
  auto s = restore_database(text, target);
  CHECK(s.code() == status_code::bad_request);
  auto foreign = dir.path / "other.db";
  {
    SQLite::Database other(foreign.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE participants (id INTEGER PRIMARY KEY); PRAGMA user_version = 1; PRAGMA application_id = 1234");
  }
  s = restore_database(foreign, target);
  CHECK(s.code() == status_code::bad_request);
  CHECK(s.message().find("not an intervision database") != std::string::npos);
  CHECK(restore_database(dir.path / "missing.db", target).code() == status_code::bad_request);
  SQLite::Database db(target.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT value FROM meta WHERE key = 'marker'").getString() == "original");
  for (const auto& e : fs::directory_iterator(target.parent_path())) CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("erasure removes a person from two cycles at once and the audit does not say whom", "[retention][erasure]") {
  fixture f;
  person ana{"Anastasia Verhaegen", "anastasia.verhaegen@tweecycli.example", "0470 11 22 33", "Twee Cycli vzw"};
  person bob{"Boudewijn Lammertyn", "boudewijn.l@blijft.example", "", "Blijft vzw"};
  auto now_session = open_session(f.port(), "cross-sector");
  auto next_session = open_session(f.port(), "cross-sector", "2027-09-01", "2028-08-31");
  for (auto sid : {now_session, next_session}) {
    f.enrol(sid, ana);
    f.enrol(sid, bob);
  }
  auto ana_hash = f.server->app().registrations().email_hash(ana.email);
  auto of = [&](const std::string& hash) {
    return f.count("SELECT COUNT(DISTINCT cycle_label) FROM participants WHERE email_hash = '" + hash + "'");
  };
  REQUIRE(of(ana_hash) == 2);

  auto r = f.post("/api/v1/erasure", json::serialize(json::object{{"email", "  Anastasia.Verhaegen@TweeCycli.example "}}));
  REQUIRE(r.status == 200);
  auto removed = json::parse(r.body).at("removed");
  CHECK(removed.at("participants").as_int64() == 2);
  CHECK(removed.at("registrations").as_int64() == 2);
  CHECK(of(ana_hash) == 0);
  CHECK(of(f.server->app().registrations().email_hash(bob.email)) == 2);
  // The anonymous counts keep her registrations.
  CHECK(f.count(fmt::format("SELECT COALESCE(SUM(registered), 0) FROM session_counts WHERE session_id IN ({}, {})", now_session, next_session)) == 4);

  auto audit = f.get("/api/v1/audit");
  REQUIRE(audit.status == 200);
  bool erased = false;
  auto audit_rows = json::parse(audit.body);
  for (auto& e : audit_rows.as_array()) erased |= e.at("action") == "participant.erase";
  CHECK(erased);
  for (const auto& n : plaintext_needles({ana})) CHECK(audit.body.find(n) == std::string::npos);
  CHECK(audit.body.find(ana_hash) == std::string::npos);
  auto raw_audit = f.server->app().db().read([](SQLite::Database& db) {
    std::string all;
    SQLite::Statement q(db, "SELECT action || object_type || object_id || detail FROM audit");
    while (q.executeStep()) all += q.getColumn(0).getString() + "\n";
    return all;
  });
  CHECK(raw_audit.find("anastasia") == std::string::npos);
  CHECK(raw_audit.find("Verhaegen") == std::string::npos);
}

TEST_CASE("the automatic purge happens at the cycle's end without anyone acting", "[retention]") {
  fixture f;
  auto pop = populate(f);
  f.move_to(at_utc(2027, 8, 31, 21, 59));
  f.server->app().background_round();
  CHECK(f.count("SELECT COUNT(*) FROM participants") == pop.participants);
  CHECK(f.server->app().keys()->find("2026-2027"));

  f.move_to(after_2026_2027);
  f.server->app().background_round();
  CHECK(f.count("SELECT COUNT(*) FROM participants") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM cycles WHERE label = '2026-2027' AND purged_at IS NOT NULL") == 1);
  CHECK(!f.server->app().keys()->find("2026-2027"));
  CHECK(f.count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND staff_id IS NULL AND object_id = '2026-2027'") == 1);
  // The next rounds find nothing left to do.
  f.server->app().background_round();
  CHECK(f.count("SELECT COUNT(*) FROM audit WHERE action = 'purge'") == 1);
  CHECK(f.server->app().retention().purge_due(true, std::nullopt).empty());
}

TEST_CASE("a purge killed with SIGKILL midway, run again, ends where an uninterrupted purge ends", "[retention][crash]") {
  // The command line reads the wall clock: the data goes into 2025-2026, over since 2026-09-01.
  temp_dir root;
  auto prepared = root.path / "prepared";
  std::vector<std::string> stored;
  {
    fixture f(at_utc(2025, 11, 22, 9, 0), prepared);
    auto sid = open_session(f.port(), "cross-sector");
    f.enrol(sid, {"Hildegard Zonnebeke", "hildegard.zonnebeke@crash.example", "0470 55 66 77", "Zonnebeke vzw"}, true);
    f.enrol(sid, {"Ignatius Poperinge", "ignatius.poperinge@crash.example", "", "Poperinge asbl"});
    f.server->app().send_mail();
    // Enough rows that a purge takes a while, so the kills below land at different steps.
    auto key = f.server->app().keys()->key_for("2025-2026");
    REQUIRE(key);
    auto index = f.server->app().keys()->index_key();
    f.server->app().db().write([&](SQLite::Database& db) {
      std::vector<std::int64_t> sessions;
      SQLite::Statement s(db, "SELECT id FROM sessions WHERE cycle_label = '2025-2026' ORDER BY starts_at LIMIT 3");
      while (s.executeStep()) sessions.push_back(s.getColumn(0).getInt64());
      REQUIRE(sessions.size() == 3);
      SQLite::Statement p(db, "INSERT INTO participants (cycle_label, email_hash, token_hash, token_enc, name_enc, email_enc, organisation_enc,"
                              " sector, role, language, consent_at, privacy_version, created_at)"
                              " VALUES ('2025-2026', ?, ?, ?, ?, ?, ?, 'other', 'peer_helper', 'fr', 0, 'v', 0)");
      SQLite::Statement r(db, "INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at)"
                              " VALUES (?, ?, 'confirmed', 0, 0, 0)");
      SQLite::Statement o(db, "INSERT INTO outbox (participant_id, session_id, cycle_label, kind, recipient_enc, mime_enc, status, next_attempt_at, created_at)"
                              " VALUES (?, ?, '2025-2026', 'confirmation', ?, ?, 'sent', 0, 0)");
      for (int i = 0; i < 20000; ++i) {
        auto email = fmt::format("bulk{}@crash.example", i);
        p.bind(1, keyed_hash(index, "email:" + email));
        p.bind(2, keyed_hash(index, "token:" + std::to_string(i)));
        p.bind(3, seal(*key, random_token(), "2025-2026:token"));
        p.bind(4, seal(*key, fmt::format("Bulk Person {}", i), "2025-2026:name"));
        p.bind(5, seal(*key, email, "2025-2026:email"));
        p.bind(6, seal(*key, "Bulk vzw", "2025-2026:organisation"));
        p.exec();
        p.reset();
        auto id = db.getLastInsertRowid();
        for (auto sess : sessions) {
          r.bind(1, id);
          r.bind(2, sess);
          r.exec();
          r.reset();
        }
        o.bind(1, id);
        o.bind(2, sessions[0]);
        o.bind(3, seal(*key, email, "2025-2026:outbox.recipient"));
        o.bind(4, seal(*key, std::string(600, 'm'), "2025-2026:outbox.mime"));
        o.exec();
        o.reset();
      }
    });
    stored = f.server->app().db().read([](SQLite::Database& db) { return stored_personal_bytes(db, "2025-2026"); });
  }
  REQUIRE(stored.size() > 100000);
  std::vector<std::string> sample;  // the two people who registered by the form, and a spread of the rest
  for (std::size_t i = 0; i < stored.size(); i += stored.size() < 20 ? 1 : (i < 20 ? 1 : 997)) sample.push_back(stored[i]);
  auto copy_of = [&](const std::string& name) {
    auto d = root.path / name;
    fs::create_directories(d);
    fs::copy(prepared / "data", d / "data", fs::copy_options::recursive);
    return d / "data";
  };

  auto control = copy_of("control");
  std::string out;
  REQUIRE(run_cli({"purge", "--cycle", "2025-2026"}, control, &out) == 0);
  CHECK(out.find("purged cycle 2025-2026: 20002 participants") != std::string::npos);
  auto expected = final_state(control, "2025-2026");
  INFO(expected);
  CHECK(expected.find("participants=0\n") != std::string::npos);
  CHECK(expected.find("cycle 2025-2026 purged=1") != std::string::npos);
  CHECK(expected.find("key 2025-2026 present=0") != std::string::npos);
  CHECK(found_in_database_files(control, sample).empty());

  // Idempotent on the command line too.
  REQUIRE(run_cli({"purge", "--cycle", "2025-2026"}, control, &out) == 0);
  CHECK(out.find("purged cycle 2025-2026: 0 participants, 0 registrations, 0 personal links, 0 mails") != std::string::npos);
  REQUIRE(run_cli({"purge"}, control, &out) == 0);
  CHECK(out.find("nothing to purge") != std::string::npos);
  CHECK(final_state(control, "2025-2026") == expected);

  // Killed right after the delete committed, before the key was destroyed (simulated exactly).
  {
    auto d = copy_of("after-commit");
    {
      db_pool pool(d / "intervision.db", 1);
      auto removed = pool.write([](SQLite::Database& db) { return purge_cycle_rows(db, "2025-2026", 1790000000, std::nullopt); });
      CHECK(removed.participants == 20002);
    }
    auto mid = final_state(d, "2025-2026");
    CHECK(mid.find("key 2025-2026 present=1") != std::string::npos);
    CHECK(mid.find("meta purge.forensic_pending:2025-2026") != std::string::npos);
    REQUIRE(run_cli({"purge"}, d, &out) == 0);  // the automatic form finds the unfinished purge
    CHECK(final_state(d, "2025-2026") == expected);
    CHECK(found_in_database_files(d, sample).empty());
  }

  // Real SIGKILLs at several moments of a running purge, each followed by a normal run.
  int killed = 0;
  for (int delay_ms : {30, 80, 150, 250, 400, 700}) {
    auto d = copy_of(fmt::format("killed-{}", delay_ms));
    auto pid = spawn_cli({"purge", "--cycle", "2025-2026"}, d, d.parent_path() / "killed-output.txt");
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int st = 0;
    ::waitpid(pid, &st, 0);
    killed += WIFSIGNALED(st) ? 1 : 0;
    INFO("killed after " << delay_ms << " ms");
    REQUIRE(run_cli({"purge", "--cycle", "2025-2026"}, d, &out) == 0);
    CHECK(final_state(d, "2025-2026") == expected);
    CHECK(found_in_database_files(d, sample).empty());
  }
  CHECK(killed >= 2);  // at least some kills landed while the purge was running
}

TEST_CASE("only admins reach the privacy ledger, the purge and the reports", "[retention][access]") {
  fixture f;
  add_staff(*f.server, "fien@smes.be", facilitator_password, "facilitator");
  auto facilitator = login(f.port(), "fien@smes.be", facilitator_password);
  struct call {
    const char* method;
    const char* target;
    const char* body;
  };
  for (auto c : {call{"GET", "/api/v1/privacy", ""}, call{"POST", "/api/v1/purge", R"({"cycle": "2025-2026", "dry_run": true})"},
                 call{"GET", "/api/v1/reports/2026-2027", ""}, call{"GET", "/api/v1/reports/2026-2027.csv", ""}}) {
    INFO(c.method << " " << c.target);
    CHECK(request(f.port(), c.method, c.target, c.body).status == 401);
    CHECK(request(f.port(), c.method, c.target, c.body, facilitator.headers()).status == 403);
    CHECK(request(f.port(), c.method, c.target, c.body, f.admin.headers()).status != 401);
  }
  // An admin's state-changing call without the CSRF token is refused.
  CHECK(request(f.port(), "POST", "/api/v1/purge", R"({"cycle": "2026-2027", "dry_run": true})", f.admin.headers(false)).status == 403);
}

TEST_CASE("the command line backs up while the server runs, and restore waits until it has stopped", "[retention][backup][cli]") {
  temp_dir dir;
  auto data = dir.path / "data";
  auto log = dir.path / "serve-output.txt";
  auto server = spawn_cli({"serve", "--port", "0", "--admin-email", "first-admin@example.org"}, data, log);
  REQUIRE(server > 0);
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    up = read_file(log).find("serving on") != std::string::npos;
  }
  REQUIRE(up);
  std::string out;
  auto copy = dir.path / "backups" / "live.db";
  CHECK(run_cli({"backup", copy.string()}, data, &out) == 0);
  INFO(out);
  {
    SQLite::Database b(copy.string(), SQLite::OPEN_READONLY);
    CHECK(b.execAndGet("PRAGMA application_id").getInt() == intervision_application_id);
    CHECK(b.execAndGet("SELECT COUNT(*) FROM staff").getInt() == 1);  // the first admin the server created
    CHECK(b.execAndGet("PRAGMA quick_check").getString() == "ok");
  }
  // While the server has the database open, restore refuses and changes nothing.
  auto s = restore_database(copy, data / "intervision.db");
  CHECK(s.code() == status_code::conflict);
  CHECK(run_cli({"restore", copy.string()}, data, &out) != 0);
  CHECK(out.find("stop the server") != std::string::npos);

  ::kill(server, SIGTERM);
  int st = 0;
  ::waitpid(server, &st, 0);
  CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
  CHECK(run_cli({"restore", copy.string()}, data, &out) == 0);
  SQLite::Database db((data / "intervision.db").string(), SQLite::OPEN_READWRITE);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM staff").getInt() == 1);
}

// Privacy promises that survive restores, lost keys and admin mistakes (issue 15), on real files:
// erasures and sent mails that a restored backup does not undo (checked on the bytes of the
// database files after restore and start), the key file bound to its database (removed, moved,
// replaced, incomplete, lost while running; export and import), cycle dates that cannot purge
// early without a confirmation, no mail for walk-ins without an address, and notes that can be
// corrected or removed without their old text staying on disk.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/app/cli.h"
#include "intervision/services/registration_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/store/backup.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/key_binding.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"
#include "intervision/store/staff_store.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string admin_password = "privacy admin passphrase 15";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Which needles are in the database file or beside it (-wal, -shm, -journal).
std::vector<std::string> found_in_database_files(const fs::path& data_dir, const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    auto name = entry.path().filename().string();
    if (name.rfind("intervision.db", 0) != 0) continue;
    auto bytes = slurp(entry.path());
    for (const auto& n : needles)
      if (!n.empty() && bytes.find(n) != std::string::npos) found.push_back(name);
  }
  return found;
}

struct person {
  std::string name, email, organisation;
};

std::string person_json(const person& p) {
  return json::serialize(json::object{{"name", p.name}, {"email", p.email}, {"organisation", p.organisation}, {"sector", "mental_health"},
                                      {"role", "peer_helper"}, {"language", "en"}, {"consent", true}});
}

// A server on dir/data that can be stopped and started again on the same files.
struct site {
  temp_dir dir;
  std::unique_ptr<test_server> server;
  std::string cookie, csrf;
  sys_seconds now;

  explicit site(sys_seconds t = at_utc(2026, 11, 22, 9, 0)) : now(t) { start(); }
  config cfg() { return test_config(dir.path); }
  void start() {
    server = std::make_unique<test_server>(cfg(), now);
    auto hash = hash_password(admin_password);
    server->app().db().write([&](SQLite::Database& db) {
      if (!find_staff_by_email(db, "admin@smes.be")) insert_staff_account(db, "admin@smes.be", "Admin", hash, "admin", 0);
    });
    auto r = request(port(), "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", "admin@smes.be"}, {"password", admin_password}}));
    REQUIRE(r.status == 200);
    auto set_cookie = r.header("set-cookie");
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = std::string(json::parse(r.body).at("csrf_token").as_string());
  }
  void stop() { server.reset(); }
  unsigned short port() const { return server->port(); }
  fs::path data() const { return dir.path / "data"; }
  fs::path db_file() const { return data() / "intervision.db"; }
  fs::path key_file() const { return data() / "intervision.keys"; }
  fs::path ledger_file() const { return data() / "intervision.ledger"; }
  std::map<std::string, std::string> admin() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
  response call(const std::string& method, const std::string& target, const std::string& body = "") {
    return request(port(), method, target, body, admin());
  }
  std::int64_t open_session(const std::string& series = "cross-sector") {
    auto r = request(port(), "GET", "/api/v1/sessions?series=" + series);
    REQUIRE(r.status == 200);
    auto list = json::parse(r.body);
    for (auto& s : list.as_array())
      if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
    FAIL("no open session");
    return 0;
  }
  int enrol(std::int64_t session, const person& p) {
    return request(port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session), person_json(p)).status;
  }
  int count(const std::string& sql) {
    return server->app().db().read([&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
  }
  // The personal link mailed to this address (the newest mail to it).
  std::string token_of(const std::string& email) {
    std::string token;
    for (const auto& m : read_mails(dir.path / "outbox"))
      if (m.find(email) != std::string::npos) token = token_from_mail(m);
    return token;
  }
};

// What the database holds of one participant: the sealed fields and the keyed hashes.
std::vector<std::string> stored_bytes_of(const fs::path& db_file, const std::string& token_hash) {
  SQLite::Database db(db_file.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT id, email_hash, token_hash, token_enc, name_enc, email_enc, organisation_enc FROM participants WHERE token_hash = ?");
  q.bind(1, token_hash);
  std::vector<std::string> out;
  if (!q.executeStep()) return out;
  auto id = q.getColumn(0).getInt64();
  for (int i = 1; i < 7; ++i) out.push_back(q.getColumn(i).getString().substr(0, 40));
  SQLite::Statement m(db, "SELECT recipient_enc FROM outbox WHERE participant_id = ?");
  m.bind(1, id);
  while (m.executeStep()) out.push_back(m.getColumn(0).getString().substr(0, 40));
  return out;
}

fs::path binary_path() { return fs::read_symlink("/proc/self/exe").parent_path() / "intervision"; }

// Runs the real binary with --config (shipped) and --data; returns the exit code and its output.
int run_binary(const std::vector<std::string>& args, const fs::path& data, std::string& output) {
  auto out_file = data.parent_path() / "binary-output.txt";
  std::string cmd = binary_path().string();
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " --config '" + (fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml").string() + "' --data '" + data.string() + "'";
  cmd += " > '" + out_file.string() + "' 2>&1 < /dev/null";
  int st = std::system(cmd.c_str());
  output = slurp(out_file);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int cli(const std::vector<std::string>& args, const fs::path& data, std::string& err_out) {
  std::vector<std::string> all{"intervision"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--config");
  all.push_back((fs::path(INTERVISION_SOURCE_DIR) / "config" / "intervision.toml").string());
  all.push_back("--data");
  all.push_back(data.string());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  std::istringstream in;
  std::ostringstream out, err;
  int rc = run_cli(static_cast<int>(argv.size()), argv.data(), in, out, err);
  err_out = out.str() + err.str();
  return rc;
}

}  // namespace

TEST_CASE("an erasure survives the restore of a backup taken before it: no link, no bytes, no reminder, and the email registers afresh",
          "[privacy][erasure][backup]") {
  site s;
  person ana{"Anastasia Oudenburg", "anastasia.oudenburg@erase.example", "Oudenburg vzw"};
  person carl{"Carolus Middelkerke", "carolus.middelkerke@erase.example", "Middelkerke asbl"};
  person dora{"Dorothea Nieuwpoort", "dorothea.nieuwpoort@stays.example", "Nieuwpoort vzw"};
  auto session = s.open_session();
  for (const auto& p : {ana, carl, dora}) REQUIRE(s.enrol(session, p) == 201);
  REQUIRE(s.server->app().send_mail() == 3);
  auto ana_token = s.token_of(ana.email), carl_token = s.token_of(carl.email), dora_token = s.token_of(dora.email);
  REQUIRE(!ana_token.empty());
  auto& regs = s.server->app().registrations();
  auto ana_bytes = stored_bytes_of(s.db_file(), regs.token_hash(ana_token));
  auto carl_bytes = stored_bytes_of(s.db_file(), regs.token_hash(carl_token));
  REQUIRE(ana_bytes.size() >= 7);
  REQUIRE(carl_bytes.size() >= 7);

  auto backup = s.dir.path / "backups" / "before-erasure.db";
  REQUIRE(backup_database(s.db_file(), backup));
  // Ana erases herself, an admin erases Carolus.
  CHECK(request(s.port(), "DELETE", "/api/v1/me", "", {{"Authorization", "Bearer " + ana_token}}).status / 100 == 2);
  CHECK(s.call("POST", "/api/v1/erasure", json::serialize(json::object{{"email", carl.email}})).status == 200);
  CHECK(slurp(s.ledger_file()).find("erased 2026-2027 " + regs.token_hash(ana_token)) != std::string::npos);
  s.stop();

  // The backup holds them both.
  {
    SQLite::Database b(backup.string(), SQLite::OPEN_READONLY);
    CHECK(b.execAndGet("SELECT COUNT(*) FROM participants").getInt() == 3);
  }
  REQUIRE(restore_database(backup, s.db_file()));
  REQUIRE(found_in_database_files(s.data(), ana_bytes).size() > 0);  // the scan sees them before the start
  s.start();

  CHECK(request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + ana_token}}).status == 401);
  CHECK(request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + carl_token}}).status == 401);
  CHECK(request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + dora_token}}).status == 200);
  CHECK(s.count("SELECT COUNT(*) FROM participants") == 1);
  // Not one of their stored bytes is left in the database file or beside it.
  CHECK(found_in_database_files(s.data(), ana_bytes).empty());
  CHECK(found_in_database_files(s.data(), carl_bytes).empty());
  // The replay is certified: automatic, the two people counted, the files checkpointed.
  CHECK(s.count("SELECT COUNT(*) FROM deletion_certificates WHERE kind = 'erasure_replay' AND automatic = 1 AND participants = 2 "
                "AND checkpointed_at IS NOT NULL") == 1);
  // No reminder goes out to them: only Dorothea's, three days before the session.
  auto starts = s.count(fmt::format("SELECT starts_at FROM sessions WHERE id = {}", session));
  s.server->clk().set(sys_seconds{std::chrono::seconds{starts - 2 * 86400}});
  s.server->app().background_round();
  CHECK(s.count("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'") == 1);
  s.server->clk().set(s.now);
  // The same email registers afresh, and a later start does not erase the new registration.
  CHECK(s.enrol(session, ana) == 201);
  s.stop();
  s.start();
  CHECK(s.count("SELECT COUNT(*) FROM participants") == 2);
}

TEST_CASE("a restored backup does not send again the mails that had gone out", "[privacy][mail][backup]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.enrol(session, {"Eleonora Vleteren", "eleonora.vleteren@mail.example", "Vleteren vzw"}) == 201);
  auto backup = s.dir.path / "queued.db";
  REQUIRE(backup_database(s.db_file(), backup));  // the confirmation is still queued in it
  REQUIRE(s.server->app().send_mail() == 1);
  s.stop();
  REQUIRE(restore_database(backup, s.db_file()));
  {
    SQLite::Database db(s.db_file().string(), SQLite::OPEN_READONLY);
    REQUIRE(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE status = 'queued'").getInt() == 1);
  }
  s.start();
  CHECK(s.server->app().send_mail() == 0);
  CHECK(read_mails(s.dir.path / "outbox").size() == 1);
  CHECK(s.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1);
  // A new mail still goes out.
  REQUIRE(s.enrol(session, {"Fabiola Lo-Reninge", "fabiola.loreninge@mail.example", "Lo vzw"}) == 201);
  CHECK(s.server->app().send_mail() == 1);
}

TEST_CASE("a missing, foreign or incomplete key file or a missing ledger stops serve with exit 2 and one line", "[privacy][keys]") {
  site s;
  REQUIRE(s.enrol(s.open_session(), {"Gertrudis Alveringem", "gertrudis@keys.example", "Alveringem vzw"}) == 201);
  s.stop();
  auto keys_copy = s.dir.path / "keys-copy";
  fs::copy_file(s.key_file(), keys_copy);
  std::string out;

  SECTION("removed") {
    fs::remove(s.key_file());
    CHECK(run_binary({"serve", "--port", "0"}, s.data(), out) == 2);
    CHECK(out.find("key file") != std::string::npos);
    CHECK(out.find("intervision keys import FILE") != std::string::npos);
    CHECK(std::count(out.begin(), out.end(), '\n') == 1);
    CHECK(!fs::exists(s.key_file()));  // no silent new keyring
    CHECK(!keyring_matches(s.db_file(), s.key_file()));
  }
  SECTION("replaced by another instance's") {
    site other;
    other.stop();
    fs::copy_file(other.key_file(), s.key_file(), fs::copy_options::overwrite_existing);
    CHECK(run_binary({"serve", "--port", "0"}, s.data(), out) == 2);
    CHECK(out.find("belongs to another database") != std::string::npos);
    CHECK(keyring_matches(s.db_file(), s.key_file()).message().find("another database") != std::string::npos);
    CHECK(keyring_matches(other.db_file(), other.key_file()));
  }
  SECTION("missing the running cycle's line") {
    auto text = slurp(s.key_file());
    auto at = text.find("\n2026-2027 ");
    REQUIRE(at != std::string::npos);
    text.erase(at + 1, text.find('\n', at + 1) - at);
    std::ofstream(s.key_file(), std::ios::trunc) << text;
    CHECK(run_binary({"serve", "--port", "0"}, s.data(), out) == 2);
    CHECK(out.find("lacks the key of cycle 2026-2027") != std::string::npos);
  }
  SECTION("its ledger removed") {
    fs::remove(s.ledger_file());
    CHECK(run_binary({"serve", "--port", "0"}, s.data(), out) == 2);
    CHECK(out.find("ledger") != std::string::npos);
  }
  SECTION("moved back in place, it serves again") {
    fs::rename(s.key_file(), s.dir.path / "moved.keys");
    CHECK(run_binary({"serve", "--port", "0"}, s.data(), out) == 2);
    fs::rename(s.dir.path / "moved.keys", s.key_file());
    CHECK(keyring_matches(s.db_file(), s.key_file()));
    s.start();
    CHECK(s.count("SELECT COUNT(*) FROM participants") == 1);
  }
}

TEST_CASE("the very first start with an empty data folder creates the key file and the ledger and binds them", "[privacy][keys]") {
  site s;
  CHECK(fs::exists(s.key_file()));
  CHECK(fs::exists(s.ledger_file()));
  struct stat st {};
  REQUIRE(::stat(s.ledger_file().c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);
  auto check = s.server->app().db().read([](SQLite::Database& db) { return stored_key_check(db); });
  REQUIRE(check);
  CHECK(*check == s.server->app().keys()->check_value());
  CHECK(keyring_matches(s.db_file(), s.key_file()));
}

TEST_CASE("keys export and import move the key file to another medium and back, and refuse a foreign one", "[privacy][keys][cli]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.enrol(session, {"Hendrika Poperinge", "hendrika@export.example", "Poperinge vzw"}) == 201);
  REQUIRE(s.server->app().send_mail() == 1);
  auto token = s.token_of("hendrika@export.example");
  s.stop();
  auto medium = s.dir.path / "usb" / "intervision-keys.export";
  fs::create_directories(medium.parent_path());
  std::string out;
  REQUIRE(cli({"keys", "export", medium.string()}, s.data(), out) == 0);
  struct stat st {};
  REQUIRE(::stat(medium.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(slurp(medium).find("intervision-ledger 1 ") != std::string::npos);

  // Importing over the key file in place is refused.
  CHECK(cli({"keys", "import", medium.string()}, s.data(), out) == 2);
  // The data folder loses both files (a new host): import brings them back.
  fs::remove(s.key_file());
  fs::remove(s.ledger_file());
  REQUIRE(cli({"keys", "import", medium.string()}, s.data(), out) == 0);
  REQUIRE(::stat(s.key_file().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  s.start();
  CHECK(request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status == 200);
  s.stop();

  // Another instance's export is refused and changes nothing.
  site other;
  other.stop();
  auto foreign = other.dir.path / "foreign.export";
  REQUIRE(cli({"keys", "export", foreign.string()}, other.data(), out) == 0);
  auto before = slurp(s.key_file());
  fs::remove(s.key_file());
  CHECK(cli({"keys", "import", foreign.string()}, s.data(), out) == 2);
  CHECK(out.find("another database") != std::string::npos);
  CHECK(!fs::exists(s.key_file()));
  std::ofstream(s.dir.path / "junk") << "not a key file\n";
  CHECK(cli({"keys", "import", (s.dir.path / "junk").string()}, s.data(), out) == 2);
}

TEST_CASE("a key file lost while running: healthz 503, writes refused with a problem, nothing acknowledged lost, import recovers",
          "[privacy][keys][health]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.enrol(session, {"Isabella Lampernisse", "isabella@lost.example", "Lampernisse vzw"}) == 201);
  REQUIRE(s.server->app().send_mail() == 1);
  auto token = s.token_of("isabella@lost.example");
  auto health = request(s.port(), "GET", "/healthz");
  REQUIRE(health.status == 200);
  CHECK(json::parse(health.body).at("checks").at("key_file") == "ok");
  std::string out;
  auto medium = s.dir.path / "keys.export";
  REQUIRE(cli({"keys", "export", medium.string()}, s.data(), out) == 0);

  fs::remove(s.key_file());
  health = request(s.port(), "GET", "/healthz");
  CHECK(health.status == 503);
  CHECK(health.header("content-type") == "application/problem+json");
  auto body = json::parse(health.body);
  CHECK(body.at("checks").at("database") == "ok");
  CHECK(body.at("checks").at("key_file") != "ok");
  auto refused = request(s.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                         person_json({"Jozefien Pollinkhove", "jozefien@lost.example", "Pollinkhove"}));
  CHECK(refused.status == 503);
  CHECK(refused.header("content-type") == "application/problem+json");
  CHECK(json::parse(refused.body).at("detail").as_string().find("keys import") != std::string::npos);
  CHECK(s.call("POST", "/api/v1/erasure", R"({"email": "isabella@lost.example"})").status == 503);
  // What was acknowledged is still there and still readable.
  CHECK(request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status == 200);
  CHECK(s.count("SELECT COUNT(*) FROM participants") == 1);

  REQUIRE(cli({"keys", "import", medium.string()}, s.data(), out) == 0);
  CHECK(request(s.port(), "GET", "/healthz").status == 200);
  CHECK(request(s.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                person_json({"Jozefien Pollinkhove", "jozefien@lost.example", "Pollinkhove"})).status == 201);
}

TEST_CASE("cycle dates cannot purge a running cycle early without a confirmation that shows the purge; then its sessions close",
          "[privacy][cycles]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.enrol(session, {"Karolien Reninge", "karolien@cycle.example", "Reninge vzw"}) == 201);
  auto sessions_after = [&](const std::string& day) {
    return s.count("SELECT COUNT(*) FROM sessions WHERE cycle_label = '2026-2027' AND state = 'scheduled' AND starts_at > strftime('%s', '" +
                   day + "')");
  };
  // Into the past, and earlier than promised: 409 with the purge's preview, nothing saved.
  for (const char* last : {"2026-11-20", "2027-03-31"}) {
    auto r = s.call("PUT", "/api/v1/cycles/2026-2027", json::serialize(json::object{{"last_day", last}}));
    INFO(r.body);
    CHECK(r.status == 409);
    auto b = json::parse(r.body);
    CHECK(b.at("would_purge").at("participants").as_int64() == 1);
    CHECK(b.at("would_purge").at("registrations").as_int64() == 1);
    CHECK(b.at("would_purge").at("mails").as_int64() == 1);
    // The sessions the purge would close: those after the new deletion date (or now, if it is past).
    auto closes = b.at("would_purge").at("sessions_closed").as_int64();
    if (std::string(last) == "2026-11-20") CHECK(closes == sessions_after("2026-11-22 09:00:00"));
    else CHECK(closes == sessions_after("2027-03-31 22:00:00"));
    CHECK(closes > 0);
    CHECK(b.at("current_deletion_date") == "2027-09-01");
  }
  CHECK(s.count("SELECT COUNT(*) FROM cycles WHERE label = '2026-2027' AND last_day = '2027-08-31'") == 1);
  // A later end needs no confirmation.
  CHECK(s.call("PUT", "/api/v1/cycles/2026-2027", R"({"last_day": "2027-09-15"})").status == 200);
  auto backup = s.dir.path / "before-early-purge.db";
  REQUIRE(backup_database(s.db_file(), backup));
  // Confirmed: saved, audited with the counts, purged at once.
  auto r = s.call("PUT", "/api/v1/cycles/2026-2027", R"({"last_day": "2026-11-20", "confirm_purge": true})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("purged").as_bool());
  CHECK(s.count("SELECT COUNT(*) FROM participants WHERE cycle_label = '2026-2027'") == 0);
  CHECK(!s.server->app().keys()->find("2026-2027"));
  CHECK(s.count("SELECT COUNT(*) FROM audit WHERE action = 'cycle.save_confirmed_purge' AND detail LIKE '%1 participants%'") == 1);
  // Its sessions take no more registrations, and the key is not made again.
  auto again = request(s.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                       person_json({"Leontien Stavele", "leontien@cycle.example", "Stavele vzw"}));
  CHECK(again.status == 410);
  CHECK(!s.server->app().keys()->find("2026-2027"));
  // The backup from before, restored, is purged again at start whatever its dates say.
  s.stop();
  REQUIRE(restore_database(backup, s.db_file()));
  s.start();
  CHECK(s.count("SELECT COUNT(*) FROM participants WHERE cycle_label = '2026-2027'") == 0);
  CHECK(s.count("SELECT COUNT(*) FROM cycles WHERE label = '2026-2027' AND purged_at IS NOT NULL") == 1);
  // The purge again at start is certified as automatic, with the copy's rows and its key.
  CHECK(s.count("SELECT COUNT(*) FROM deletion_certificates WHERE kind = 'cycle_purge' AND automatic = 1 AND staff_id IS NULL "
                "AND participants = 1 AND checkpointed_at IS NOT NULL") == 1);
  CHECK(request(s.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                person_json({"Leontien Stavele", "leontien@cycle.example", "Stavele vzw"})).status == 410);
}

TEST_CASE("a cycle end moved later moves the deletion date that registrations, mails and /me promise", "[privacy][cycles]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.call("PUT", "/api/v1/cycles/2026-2027", R"({"last_day": "2027-09-15"})").status == 200);
  auto r = request(s.port(), "POST", fmt::format("/api/v1/sessions/{}/registrations", session),
                   person_json({"Wannes Vleteren", "wannes@cycle.example", "Vleteren vzw"}));
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(json::parse(r.body).at("deletion_date") == "2027-09-16");
  // The confirmation mail says the same day.
  REQUIRE(s.server->app().send_mail() == 1);
  std::string mail;
  for (const auto& m : read_mails(s.dir.path / "outbox"))
    if (m.find("wannes@cycle.example") != std::string::npos) mail = m;
  REQUIRE(!mail.empty());
  CHECK(mail.find("16 September 2027") != std::string::npos);
  CHECK(mail.find("1 September 2027") == std::string::npos);
  auto me = request(s.port(), "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token_from_mail(mail)}});
  REQUIRE(me.status == 200);
  CHECK(json::parse(me.body).at("participant").at("deletion_date") == "2027-09-16");
}

TEST_CASE("no mail is queued for a walk-in without an address: change notices, reminders", "[privacy][mail][walk-in]") {
  site s;
  auto session = s.open_session();
  REQUIRE(s.enrol(session, {"Margareta Zarren", "margareta@walkin.example", "Zarren vzw"}) == 201);
  raw_registration walk;
  walk.name = "Walter Zonder Adres";
  walk.organisation = "Straat";
  walk.sector = "homelessness";
  walk.role = "peer_helper";
  walk.language = "nl";
  walk.consent = true;
  REQUIRE(s.server->app().registrations().add_walk_in(session, walk, 1));
  auto walk_in_id = s.count("SELECT id FROM participants WHERE walk_in = 1");
  CHECK(s.call("PATCH", fmt::format("/api/v1/sessions/{}", session), R"({"place": "Rue Neuve 2, 1000 Bruxelles"})").status == 200);
  CHECK(s.count("SELECT COUNT(*) FROM outbox WHERE kind = 'session_changed'") == 1);
  auto starts = s.count(fmt::format("SELECT starts_at FROM sessions WHERE id = {}", session));
  s.server->clk().set(sys_seconds{std::chrono::seconds{starts - 2 * 86400}});
  s.server->app().background_round();
  CHECK(s.count("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'") == 1);
  CHECK(s.count(fmt::format("SELECT COUNT(*) FROM outbox WHERE participant_id = {}", walk_in_id)) == 0);
  for (const auto& m : read_mails(s.dir.path / "outbox")) CHECK(m.find("To: \r\n") == std::string::npos);
}

TEST_CASE("a note is corrected (anonymised again) or removed by its session's staff; the old text leaves the files; the audit says only that",
          "[privacy][notes]") {
  site s;
  auto session = s.open_session();
  auto other_session = s.count(fmt::format("SELECT id FROM sessions WHERE id <> {} ORDER BY starts_at LIMIT 1", session));
  const std::string first = "the group discussed xylophonic-boundary-7731 at length";
  const std::string second = "a second note about quizzical-posture-4242";
  auto add = [&](const std::string& text) {
    auto r = s.call("POST", fmt::format("/api/v1/sessions/{}/notes", session), json::serialize(json::object{{"text", text}}));
    REQUIRE(r.status == 201);
    return json::parse(r.body).at("id").as_int64();
  };
  auto id1 = add(first), id2 = add(second);
  REQUIRE(found_in_database_files(s.data(), {"xylophonic-boundary-7731"}).size() > 0);  // the scan sees it

  // A facilitator who does not run the session may neither correct nor remove.
  const std::string pw = "facilitator passphrase 15 x";
  auto hash = hash_password(pw);
  s.server->app().db().write([&](SQLite::Database& db) { insert_staff_account(db, "fien@smes.be", "Fien", hash, "facilitator", 0); });
  auto login = request(s.port(), "POST", "/api/v1/auth/login", json::serialize(json::object{{"email", "fien@smes.be"}, {"password", pw}}));
  REQUIRE(login.status == 200);
  std::map<std::string, std::string> fien{{"Cookie", login.header("set-cookie").substr(0, login.header("set-cookie").find(';'))},
                                          {"X-CSRF-Token", std::string(json::parse(login.body).at("csrf_token").as_string())}};
  auto target = fmt::format("/api/v1/sessions/{}/notes/{}", session, id1);
  CHECK(request(s.port(), "PUT", target, R"({"text": "changed"})", fien).status == 403);
  CHECK(request(s.port(), "DELETE", target, "", fien).status == 403);
  CHECK(request(s.port(), "PUT", target, R"({"text": "changed"})").status == 401);
  // The note id of another session is not found there.
  CHECK(s.call("PUT", fmt::format("/api/v1/sessions/{}/notes/{}", other_session, id1), R"({"text": "changed"})").status == 404);
  CHECK(s.call("PUT", target, R"({"text": "  "})").status == 422);

  // The correction goes through the anonymiser again.
  auto r = s.call("PUT", target, R"({"text": "corrected: she phoned 0470 12 34 56 about boundaries", "extra_terms": ["boundaries"]})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto text = std::string(json::parse(r.body).at("text").as_string());
  CHECK(text.find("0470") == std::string::npos);
  CHECK(text.find("boundaries") == std::string::npos);
  CHECK(text.find("corrected") != std::string::npos);
  CHECK(s.call("DELETE", fmt::format("/api/v1/sessions/{}/notes/{}", session, id2)).status == 204);
  auto list = json::parse(s.call("GET", fmt::format("/api/v1/sessions/{}/notes", session)).body).as_array();
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("text") == text.c_str());

  // Neither old text is left in the database file or its WAL.
  CHECK(found_in_database_files(s.data(), {"xylophonic-boundary-7731", "quizzical-posture-4242", "0470 12 34 56"}).empty());
  auto audit = s.call("GET", "/api/v1/audit");
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("note.edit") != std::string::npos);
  CHECK(audit.body.find("note.delete") != std::string::npos);
  for (const char* n : {"xylophonic", "quizzical", "corrected", "0470"}) CHECK(audit.body.find(n) == std::string::npos);
}

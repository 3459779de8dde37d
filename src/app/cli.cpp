#include "intervision/app/cli.h"

#include <iostream>
#include <unistd.h>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "intervision/app/application.h"
#include "intervision/app/backup_command.h"
#include "intervision/app/check_command.h"
#include "intervision/store/backup.h"
#include "intervision/app/keys_command.h"
#include "intervision/app/redact_command.h"
#include "intervision/store/key_binding.h"
#include "intervision/services/retention_service.h"
#include "intervision/config/config.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/staff_store.h"
#include "intervision/domain/ascii.h"
#include "intervision/domain/staff_rules.h"
#include "intervision/services/staff_service.h"

namespace intervision {

namespace {

const char* main_usage =
    "usage: intervision <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve [--config FILE] [--port N] [--data DIR]   run the server (SIGINT/SIGTERM stop it cleanly)\n"
    "  user add --email E --role admin|facilitator     create a staff account; password read from stdin\n"
    "  purge [--cycle LABEL] [--dry-run]               purge the personal data of ended cycles\n"
    "  redact                                          anonymise JSON lines from stdin\n"
    "  backup FILE | restore FILE                      copy the database online, or restore a copy\n"
    "  backup --into DIR [--prune]                     a dated copy in DIR; --prune drops copies older than the last purge\n"
    "  check                                           check configuration, paths, key file, disk, mail, clock\n"
    "  keys export FILE | keys import FILE             move the key file (and its ledger) to another medium and back\n"
    "\n"
    "Every command takes --config FILE and --data DIR, and --help.\n";

struct parsed_args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool help = false;
};

// Flags that take a value; every other --flag is a switch.
bool takes_value(const std::string& flag) {
  return flag == "--config" || flag == "--port" || flag == "--data" || flag == "--email" || flag == "--role" ||
         flag == "--cycle" || flag == "--name" || flag == "--admin-email" || flag == "--into";
}

std::optional<parsed_args> parse_args(int argc, char** argv, int from, std::ostream& err) {
  parsed_args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") { a.help = true; continue; }
    if (s.rfind("--", 0) == 0) {
      std::string value;
      auto eq = s.find('=');
      if (eq != std::string::npos) { value = s.substr(eq + 1); s = s.substr(0, eq); }
      else if (takes_value(s)) {
        if (i + 1 >= argc) { err << "intervision: " << s << " needs a value\n"; return std::nullopt; }
        value = argv[++i];
      }
      a.options[s] = value;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::optional<config> load(const parsed_args& a, std::ostream& err) {
  config_overrides o;
  if (a.options.count("--config")) o.file = a.options.at("--config");
  if (a.options.count("--data")) o.data_dir = a.options.at("--data");
  if (a.options.count("--port")) {
    try {
      std::size_t used = 0;
      o.port = std::stoi(a.options.at("--port"), &used);
      if (used != a.options.at("--port").size()) throw 0;
    } catch (...) {
      err << "intervision: --port: must be a number\n";
      return std::nullopt;
    }
  }
  auto c = load_config(o, process_environment());
  if (!c) {
    err << "intervision: configuration: " << c.error().message() << "\n";
    return std::nullopt;
  }
  return std::move(c.value());
}

bool unknown_options(const parsed_args& a, std::initializer_list<const char*> known, std::ostream& err) {
  for (auto& [k, v] : a.options) {
    bool ok = false;
    for (auto n : known) ok |= k == n;
    if (!ok) {
      err << "intervision: unknown option " << k << " (see --help)\n";
      return true;
    }
  }
  return false;
}

// The first admin's email: --admin-email, else security.first_admin_email, else (no staff yet,
// on a terminal) asked for. Empty when none; false on a malformed one.
bool first_admin_email(const parsed_args& a, application& app, std::istream& in, std::ostream& out, std::ostream& err,
                       std::string& email) {
  email = a.options.count("--admin-email") ? a.options.at("--admin-email") : app.cfg().security.first_admin_email;
  if (email.empty() && ::isatty(STDIN_FILENO) && !app.has_staff()) {
    out << "No staff account yet. The first admin's email address: " << std::flush;
    std::getline(in, email);
  }
  email = lower_ascii(std::move(email));
  if (!email.empty() && !plausible_email(email)) {
    err << "intervision: --admin-email: must be an email address\n";
    return false;
  }
  return true;
}

int cmd_serve(const parsed_args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << "usage: intervision serve [--config FILE] [--port N] [--data DIR] [--admin-email E]\n"
           "Runs the server. SIGINT or SIGTERM drain requests in flight, then exit 0.\n"
           "With no staff account yet, creates the first admin E (or security.first_admin_email, or asks\n"
           "on a terminal) and prints its one-time password once.\n";
    return 0;
  }
  if (unknown_options(a, {"--config", "--port", "--data", "--admin-email"}, err) || !a.positional.empty()) {
    if (!a.positional.empty()) err << "intervision: serve takes no arguments\n";
    return 2;
  }
  auto cfg = load(a, err);
  if (!cfg) return 2;
  system_clock_source clk;
  application app(std::move(*cfg), clk);
  if (auto s = app.open(); !s) {
    err << "intervision: " << s.message() << "\n";
    return s.code() == status_code::bad_request ? 2 : 1;
  }
  std::string email;
  if (!first_admin_email(a, app, in, out, err, email)) return 2;
  if (auto line = app.ensure_first_admin(email); !line.empty()) out << line << std::endl;
  return app.serve(out, err);
}

int cmd_check(const parsed_args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << "usage: intervision check [--config FILE] [--data DIR]\n"
           "Checks the configuration, paths and permissions, the key file against the database, disk space,\n"
           "the mail transport (an SMTP EHLO, nothing sent), the clock and the time zone; one line each.\n"
           "Exit 0 when no check failed, 1 otherwise. Run it as the service user.\n";
    return 0;
  }
  if (unknown_options(a, {"--config", "--data"}, err) || !a.positional.empty()) return 2;
  auto cfg = load(a, err);
  if (!cfg) {
    out << "FAIL configuration: see the line above\n";
    return 1;
  }
  return run_check(*cfg, check_options{}, out);
}

int cmd_user(const parsed_args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  if (a.help || a.positional.empty()) {
    (a.help ? out : err) << "usage: intervision user add --email E --role admin|facilitator [--name NAME]\n"
                            "Creates a staff account; the password (12 to 128 characters) is read from stdin.\n";
    return a.help ? 0 : 2;
  }
  if (a.positional.size() != 1 || a.positional[0] != "add") {
    err << "intervision: unknown user command (see intervision user --help)\n";
    return 2;
  }
  if (unknown_options(a, {"--config", "--data", "--email", "--role", "--name"}, err)) return 2;
  std::string email = a.options.count("--email") ? a.options.at("--email") : "";
  std::string role = a.options.count("--role") ? a.options.at("--role") : "";
  std::string name = a.options.count("--name") ? a.options.at("--name") : "";
  // The same checks as the API's (staff_rules), said the command line's way.
  auto problems = staff_account_problems(lower_ascii(email), role, name);
  if (problems.count("email")) {
    err << "intervision: --email: a staff email address is required\n";
    return 2;
  }
  if (problems.count("role")) {
    err << "intervision: --role: must be admin or facilitator\n";
    return 2;
  }
  if (problems.count("name")) {
    err << "intervision: --name: at most 100 characters\n";
    return 2;
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto cfg = load(a, err);
  if (!cfg) return 2;
  auto common = common_password_list::load(cfg->config_dir / "common-passwords.txt");
  if (!common) {
    err << "intervision: config/common-passwords.txt: " << common.error().message() << "\n";
    return 2;
  }
  if (auto s = check_password(password, *common); !s) {
    std::string code = s.errors().empty() ? "invalid" : s.errors().begin()->second;
    err << "intervision: password: " << (code == "too_common" ? "is one of the most common passwords" : "must be 12 to 128 characters") << "\n";
    return 2;
  }
  system_clock_source clk;
  application app(std::move(*cfg), clk);
  if (auto s = app.open(); !s) {
    err << "intervision: " << s.message() << "\n";
    return 1;
  }
  staff_service staff(clk, app.db(), *common);
  auto created = staff.create(new_staff_account{email, name, role, password}, std::nullopt);
  if (!created) {
    err << "intervision: " << (created.error().code() == status_code::conflict ? "a staff account with this email already exists"
                                                                                : created.error().message())
        << "\n";
    return 1;
  }
  out << "created " << role << " account\n";
  return 0;
}

int cmd_purge(const parsed_args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << "usage: intervision purge [--cycle LABEL] [--dry-run] [--config FILE] [--data DIR]\n"
           "Purges the personal data of every ended cycle (or of the one named) and prints what it removed;\n"
           "with --dry-run prints what it would remove and changes nothing.\n";
    return 0;
  }
  if (unknown_options(a, {"--config", "--data", "--cycle", "--dry-run"}, err)) return 2;
  if (!a.positional.empty()) {
    err << "intervision: purge takes no arguments\n";
    return 2;
  }
  auto cfg = load(a, err);
  if (!cfg) return 2;
  system_clock_source clk;
  application app(std::move(*cfg), clk);
  if (auto s = app.open(); !s) {
    err << "intervision: " << s.message() << "\n";
    return 1;
  }
  bool dry = a.options.count("--dry-run") > 0;
  std::vector<purge_report> reports;
  if (a.options.count("--cycle")) {
    auto r = app.retention().purge(a.options.at("--cycle"), dry, std::nullopt);
    if (!r) {
      err << "intervision: " << r.error().message() << "\n";
      return r.error().code() == status_code::not_found ? 2 : 1;
    }
    reports.push_back(*r);
  } else {
    reports = app.retention().purge_due(dry, std::nullopt);
  }
  if (reports.empty()) out << "nothing to purge: no ended cycle holds personal data\n";
  for (const auto& r : reports)
    out << fmt::format("{} cycle {}: {} participants, {} registrations, {} personal links, {} mails\n",
                       dry ? "would purge" : "purged", r.cycle, r.removed.participants, r.removed.registrations,
                       r.removed.personal_links, r.removed.mails);
  return 0;
}

int cmd_backup_restore(const std::string& command, const parsed_args& a, std::ostream& out, std::ostream& err) {
  if (command == "backup" && !a.help && a.options.count("--into")) {
    if (unknown_options(a, {"--config", "--data", "--into", "--prune"}, err)) return 2;
    if (!a.positional.empty()) {
      err << "intervision: backup --into DIR takes no FILE\n";
      return 2;
    }
    auto cfg = load(a, err);
    if (!cfg) return 2;
    return run_backup_into(*cfg, a.options.at("--into"), a.options.count("--prune") > 0, out, err);
  }
  if (a.help) {
    out << "usage: intervision " << command << " FILE [--config FILE] [--data DIR]\n"
        << (command == "backup" ? "       intervision backup --into DIR [--prune] [--config FILE] [--data DIR]\n"
                                  "--into writes DIR/intervision-<UTC time>.db; --prune then deletes the copies in DIR made\n"
                                  "before the last purge or erasure (they still hold the people deleted since).\n" : "")
        << (command == "backup" ? "Writes a consistent copy of the database to FILE, also while the server runs.\n"
                                  "The key file is not included: back it up separately (see README).\n"
                                : "Replaces the database with FILE (an intervision backup); stop the server first.\n");
    return 0;
  }
  if (unknown_options(a, {"--config", "--data"}, err)) return 2;
  if (a.positional.size() != 1) {
    err << "intervision: " << command << " needs exactly one FILE\n";
    return 2;
  }
  auto cfg = load(a, err);
  if (!cfg) return 2;
  auto s = command == "backup" ? backup_database(cfg->database_file(), a.positional[0])
                               : restore_database(a.positional[0], cfg->database_file());
  if (!s) {
    err << "intervision: " << s.message() << "\n";
    return s.code() == status_code::bad_request ? 2 : 1;
  }
  out << (command == "backup" ? "backup written\n" : "database restored\n");
  if (command == "restore") {
    if (auto m = keyring_matches(cfg->database_file(), cfg->key_file()); !m) out << "before starting the server: " << m.message() << "\n";
    else out << "the next start replays the erasures and purges of the ledger beside the key file\n";
  }
  return 0;
}

int cmd_keys(const parsed_args& a, std::ostream& out, std::ostream& err) {
  if (a.help || a.positional.empty()) {
    (a.help ? out : err) << "usage: intervision keys export FILE | keys import FILE [--config FILE] [--data DIR]\n"
                            "export writes the key file and the ledger beside it to FILE (mode 0600), for a medium kept\n"
                            "apart from the database backups; import puts them back, refusing a file of another database.\n";
    return a.help ? 0 : 2;
  }
  if (unknown_options(a, {"--config", "--data"}, err)) return 2;
  if (a.positional.size() != 2 || (a.positional[0] != "export" && a.positional[0] != "import")) {
    err << "intervision: keys export FILE or keys import FILE (see intervision keys --help)\n";
    return 2;
  }
  auto cfg = load(a, err);
  if (!cfg) return 2;
  return run_keys_command(a.positional[0], a.positional[1], *cfg, out, err);
}

int cmd_redact(const parsed_args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << "usage: intervision redact\n"
           "Reads JSON lines {\"text\": ..., \"known_names\": [...]} from stdin and writes JSON lines\n"
           "{\"redacted\": ..., \"spans\": [{\"start\", \"end\", \"type\"}]} (UTF-8 byte offsets).\n";
    return 0;
  }
  if (!a.positional.empty() || unknown_options(a, {"--config", "--data"}, err)) return 2;
  return run_redact_command(in, out, err);
}

}  // namespace

int run_cli(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  if (argc < 2) {
    err << main_usage;
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    out << main_usage;
    return 0;
  }
  auto args = parse_args(argc, argv, 2, err);
  if (!args) return 2;
  try {
    if (command == "serve") return cmd_serve(*args, in, out, err);
    if (command == "check") return cmd_check(*args, out, err);
    if (command == "user") return cmd_user(*args, in, out, err);
    if (command == "purge") return cmd_purge(*args, out, err);
    if (command == "backup" || command == "restore") return cmd_backup_restore(command, *args, out, err);
    if (command == "redact") return cmd_redact(*args, in, out, err);
    if (command == "keys") return cmd_keys(*args, out, err);
  } catch (const std::exception& e) {
    err << "intervision: " << e.what() << "\n";
    return 1;
  }
  err << "intervision: unknown command '" << command << "'\n" << main_usage;
  return 2;
}

}  // namespace intervision

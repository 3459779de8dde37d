#include "intervision/app/keys_command.h"

#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <vector>

#include "intervision/store/key_binding.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view ledger_header = "intervision-ledger 1 ";

std::optional<std::string> read_whole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Existing lines first, then the imported ones not there yet (headers identical).
std::string merge_ledgers(const std::string& existing, const std::string& imported) {
  std::string out = existing;
  if (!out.empty() && out.back() != '\n') out.erase(out.rfind('\n') + 1);  // a cut-short last line
  std::set<std::string> have;
  std::istringstream a(out);
  for (std::string line; std::getline(a, line);) have.insert(line);
  std::istringstream b(imported);
  std::string line;
  std::getline(b, line);  // header
  while (std::getline(b, line))
    if (!b.eof() && have.insert(line).second) out += line + "\n";
  return out;
}

int do_export(const fs::path& file, const config& cfg, std::ostream& out, std::ostream& err) {
  if (auto s = keyring_matches(cfg.database_file(), cfg.key_file()); !s) {
    err << "intervision: " << s.message() << "\n";
    return 2;
  }
  auto keys = keyring::open(cfg.key_file(), false);
  if (!keys) {
    err << "intervision: the key file " << cfg.key_file().string() << " cannot be used: " << keys.error().message() << "\n";
    return 2;
  }
  auto key_text = keys->text();
  if (!key_text) {
    err << "intervision: " << key_text.error().message() << "\n";
    return 1;
  }
  auto ledger = privacy_ledger::open(privacy_ledger::beside(cfg.key_file()), keys->check_value(), true);
  if (!ledger) {
    err << "intervision: the ledger beside the key file cannot be used: " << ledger.error().message() << "\n";
    return 2;
  }
  auto ledger_text = ledger->text();
  if (!ledger_text) {
    err << "intervision: " << ledger_text.error().message() << "\n";
    return 1;
  }
  if (auto s = write_private_file(file, *key_text + *ledger_text); !s) {
    err << "intervision: cannot write " << file.string() << ": " << s.message() << "\n";
    return 1;
  }
  out << "key file and ledger exported to " << file.string()
      << " (mode 0600); keep it on another medium than the database backups, and replace it after each purge\n";
  return 0;
}

int do_import(const fs::path& file, const config& cfg, std::ostream& out, std::ostream& err) {
  auto text = read_whole(file);
  if (!text) {
    err << "intervision: cannot read " << file.string() << "\n";
    return 2;
  }
  std::string key_text = *text, ledger_text;
  if (auto at = text->find("\n" + std::string(ledger_header)); at != std::string::npos) {
    key_text = text->substr(0, at + 1);
    ledger_text = text->substr(at + 1);
  }
  auto check = keyring::check_value_of(key_text);
  if (!check) {
    err << "intervision: " << file.string() << " is not a usable key file (" << check.error().message() << "); nothing was changed\n";
    return 2;
  }
  if (auto db_check = stored_key_check(cfg.database_file()); db_check && *db_check != *check) {
    err << "intervision: " << file.string() << " is the key file of another database; nothing was changed\n";
    return 2;
  }
  if (!ledger_text.empty())
    if (auto p = privacy_ledger::parse_text(ledger_text, *check); !p) {
      err << "intervision: the ledger in " << file.string() << " cannot be used (" << p.error().message() << "); nothing was changed\n";
      return 2;
    }
  auto key_file = cfg.key_file();
  auto ledger_file = privacy_ledger::beside(key_file);
  std::string header = std::string(ledger_header) + *check + "\n";
  auto existing_ledger = read_whole(ledger_file);
  bool ledger_in_place = existing_ledger && existing_ledger->rfind(header, 0) == 0;
  if (auto in_place = read_whole(key_file); in_place && ledger_in_place) {
    auto in_place_check = keyring::check_value_of(*in_place);
    if (in_place_check && *in_place_check == *check) {
      err << "intervision: the key file and ledger in place already belong to this database; move them away first to replace them\n";
      return 2;
    }
  }
  std::string ledger_out = ledger_text.empty() ? header : ledger_text;
  if (ledger_in_place) ledger_out = merge_ledgers(*existing_ledger, ledger_out);
  std::error_code ec;
  fs::create_directories(key_file.parent_path(), ec);
  if (auto s = write_private_file(ledger_file, ledger_out); !s) {
    err << "intervision: cannot write the ledger: " << s.message() << "\n";
    return 1;
  }
  if (auto s = write_private_file(key_file, key_text); !s) {
    err << "intervision: cannot write the key file: " << s.message() << "\n";
    return 1;
  }
  out << "key file imported to " << key_file.string() << (ledger_text.empty() ? " (the file held no ledger: erasures recorded since were not in it)" : " with its ledger")
      << "\n";
  return 0;
}

}  // namespace

int run_keys_command(const std::string& subcommand, const std::string& file, const config& cfg, std::ostream& out, std::ostream& err) {
  try {
    if (subcommand == "export") return do_export(file, cfg, out, err);
    if (subcommand == "import") return do_import(file, cfg, out, err);
  } catch (const std::exception& e) {
    err << "intervision: keys " << subcommand << ": " << e.what() << "\n";
    return 1;
  }
  err << "intervision: unknown keys command (see intervision keys --help)\n";
  return 2;
}

}  // namespace intervision

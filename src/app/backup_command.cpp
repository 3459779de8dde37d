#include "intervision/app/backup_command.h"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <vector>

#include <date/date.h>
#include <fmt/format.h>

#include "intervision/store/backup.h"
#include "intervision/store/database_inspection.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

bool is_backup_name(const std::string& name) {
  return name.size() > 16 && name.rfind("intervision-", 0) == 0 && name.size() - name.rfind(".db") == 3;
}

fs::path fresh_name(const fs::path& dir) {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto stamp = date::format("%Y%m%dT%H%M%SZ", now);
  fs::path p = dir / fmt::format("intervision-{}.db", stamp);
  std::error_code ec;
  for (int n = 2; fs::exists(p, ec); ++n) p = dir / fmt::format("intervision-{}-{}.db", stamp, n);
  return p;
}

}  // namespace

result<int> prune_backups(const fs::path& database_file, const fs::path& dir, std::ostream& out) {
  auto live = last_personal_deletion(database_file);
  if (!live) return live.error();
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_backup_name(e.path().filename().string())) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int removed = 0;
  for (const auto& f : files) {
    auto made = last_personal_deletion(f);
    if (!made) {
      out << "kept " << f.filename().string() << " (unreadable: " << made.error().message() << ")\n";
      continue;
    }
    if (*made >= *live) continue;
    if (!fs::remove(f, ec) || ec) return status(status_code::internal, "cannot remove " + f.string());
    out << "removed " << f.filename().string() << " (made before the last purge or erasure)\n";
    ++removed;
  }
  return removed;
}

int run_backup_into(const config& cfg, const fs::path& dir, bool prune, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  auto target = fs::weakly_canonical(fs::absolute(dir), ec);
  auto key_dir = fs::weakly_canonical(fs::absolute(cfg.key_file()).parent_path(), ec);
  if (target == key_dir) {
    err << "intervision: --into: the key file " << cfg.key_file().string()
        << " is in that folder; backups must never sit beside the keys (see README \"Backups\")\n";
    return 2;
  }
  fs::create_directories(target, ec);
  if (ec) {
    err << "intervision: --into: cannot create " << target.string() << "\n";
    return 1;
  }
  fs::permissions(target, fs::perms::owner_all, fs::perm_options::replace, ec);
  auto file = fresh_name(target);
  if (auto s = backup_database(cfg.database_file(), file); !s) {
    err << "intervision: " << s.message() << "\n";
    return s.code() == status_code::bad_request ? 2 : 1;
  }
  out << "backup written: " << file.filename().string() << "\n";
  if (!prune) return 0;
  auto r = prune_backups(cfg.database_file(), target, out);
  if (!r) {
    err << "intervision: prune: " << r.error().message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace intervision

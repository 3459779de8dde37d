#include "intervision/app/check_command.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <unistd.h>

#include <chrono>
#include <ostream>
#include <string>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "intervision/domain/crypto.h"
#include "intervision/mail/smtp_probe.h"
#include "intervision/store/database_inspection.h"
#include "intervision/store/keyring.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

enum class verdict { ok, warn, fail };

class report {
 public:
  explicit report(std::ostream& out) : out_(out) {}
  void line(verdict v, const std::string& name, const std::string& detail) {
    out_ << (v == verdict::ok ? "ok   " : v == verdict::warn ? "warn " : "FAIL ") << name << ": " << detail << "\n";
    failed_ |= v == verdict::fail;
  }
  bool failed() const { return failed_; }

 private:
  std::ostream& out_;
  bool failed_ = false;
};

// Mode bits and owner of a path, if it exists.
struct file_facts {
  bool exists = false;
  bool directory = false;
  bool regular = false;
  unsigned mode = 0;
  uid_t owner = 0;
};

file_facts facts_of(const fs::path& p) {
  struct stat st {};
  file_facts f;
  if (::stat(p.c_str(), &st) != 0) return f;
  f.exists = true;
  f.directory = S_ISDIR(st.st_mode);
  f.regular = S_ISREG(st.st_mode);
  f.mode = st.st_mode & 07777;
  f.owner = st.st_uid;
  return f;
}

void check_paths(const config& cfg, report& r) {
  auto data = fs::path(cfg.storage.data_dir);
  auto d = facts_of(data);
  if (!d.exists || !d.directory) {
    r.line(verdict::fail, "data folder", data.string() + " does not exist (created by the package, or by the first serve)");
  } else if (d.owner != ::geteuid()) {
    r.line(verdict::fail, "data folder", data.string() + " belongs to another user (run check as the service user)");
  } else if (d.mode & 077) {
    r.line(verdict::fail, "data folder", fmt::format("{} has mode {:04o}; others must have no access (0700)", data.string(), d.mode));
  } else if (::access(data.c_str(), R_OK | W_OK | X_OK) != 0) {
    r.line(verdict::fail, "data folder", data.string() + " is not writable");
  } else {
    r.line(verdict::ok, "data folder", fmt::format("{} (mode {:04o})", data.string(), d.mode));
  }
  auto db = facts_of(cfg.database_file());
  if (!db.exists) r.line(verdict::warn, "database", cfg.database_file().string() + " does not exist yet (serve creates it)");
  else if (!db.regular || ::access(cfg.database_file().c_str(), R_OK | W_OK) != 0)
    r.line(verdict::fail, "database", cfg.database_file().string() + " is not a readable and writable file");
  else r.line(verdict::ok, "database", cfg.database_file().string());

  auto index = fs::path(cfg.server.web_root) / "index.html";
  if (facts_of(index).regular && ::access(index.c_str(), R_OK) == 0) r.line(verdict::ok, "web root", cfg.server.web_root);
  else r.line(verdict::fail, "web root", cfg.server.web_root + " holds no readable index.html (server.web_root)");

  std::error_code ec;
  auto backups = fs::weakly_canonical(cfg.backup_dir(), ec);
  auto key_dir = fs::weakly_canonical(cfg.key_file().parent_path(), ec);
  if (backups == key_dir) r.line(verdict::fail, "backup folder", cfg.backup_dir().string() + " holds the key file; move one of them");
  else r.line(verdict::ok, "backup folder", cfg.backup_dir().string() + " (apart from the key file)");
}

void check_key_file(const config& cfg, report& r) {
  auto path = cfg.key_file();
  auto k = facts_of(path);
  if (!k.exists) {
    auto db = facts_of(cfg.database_file());
    r.line(db.exists ? verdict::fail : verdict::warn, "key file",
           path.string() + (db.exists ? " is missing: the personal data in the database cannot be opened" : " does not exist yet (serve creates it)"));
    return;
  }
  if (!k.regular || ::access(path.c_str(), R_OK) != 0) return r.line(verdict::fail, "key file", path.string() + " is not a readable file");
  if (k.mode & 077) return r.line(verdict::fail, "key file", fmt::format("{} has mode {:04o}; it must be 0600", path.string(), k.mode));
  if (k.owner != ::geteuid()) return r.line(verdict::fail, "key file", path.string() + " belongs to another user");
  auto keys = keyring::open(path);
  if (!keys) return r.line(verdict::fail, "key file", path.string() + ": " + keys.error().message());
  if (!facts_of(cfg.database_file()).exists) return r.line(verdict::ok, "key file", path.string() + " (mode 0600; no database yet)");
  auto samples = cycles_holding_participants(cfg.database_file());
  if (!samples) return r.line(verdict::fail, "key file", "cannot read the database: " + samples.error().message());
  for (const auto& s : *samples) {
    auto key = keys->find(s.cycle);
    if (!key || !open(*key, s.sealed_name, s.cycle + ":name"))
      return r.line(verdict::fail, "key file", fmt::format("{} does not open the personal data of cycle {}: not this database's key file",
                                                           path.string(), s.cycle));
  }
  r.line(verdict::ok, "key file", fmt::format("{} (mode 0600; opens the data of {} cycle{})", path.string(), samples->size(),
                                              samples->size() == 1 ? "" : "s"));
}

void check_disk(const config& cfg, const check_options& o, report& r) {
  fs::path p = cfg.storage.data_dir;
  std::error_code ec;
  while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p != p.parent_path()) p = p.parent_path();
  struct statvfs st {};
  if (::statvfs(p.c_str(), &st) != 0) return r.line(verdict::fail, "disk space", "cannot measure the free space under " + p.string());
  auto free_bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  auto detail = fmt::format("{} MiB free under {}", free_bytes >> 20, p.string());
  if (free_bytes < o.min_free_bytes) r.line(verdict::fail, "disk space", detail + fmt::format(" (less than {} MiB)", o.min_free_bytes >> 20));
  else r.line(verdict::ok, "disk space", detail);
}

void check_mail(const config& cfg, report& r) {
  if (cfg.mail.transport == "directory") {
    auto dir = cfg.mail_directory();
    auto parent = facts_of(dir).exists ? dir : dir.parent_path();
    if (::access(parent.c_str(), W_OK | X_OK) == 0)
      r.line(verdict::warn, "mail", "transport is \"directory\" (" + dir.string() + "): nothing reaches a mailbox; set [mail] transport = \"smtp\"");
    else r.line(verdict::fail, "mail", dir.string() + " is not writable");
    return;
  }
  smtp_settings s;
  s.host = cfg.mail.host;
  s.port = cfg.mail.port;
  s.security = cfg.mail.security;
  s.username = cfg.mail.username;
  s.password = cfg.mail.password;
  s.timeout_seconds = 10;
  auto where = fmt::format("{}:{} ({})", s.host, s.port, s.security);
  if (auto st = probe_smtp(s); !st) r.line(verdict::fail, "mail", where + ": " + st.message());
  else r.line(verdict::ok, "mail", where + " answered EHLO" + (s.username.empty() ? "" : " and accepted the login"));
}

void check_clock(report& r) {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto year = int(date::year_month_day(date::floor<date::days>(now)).year());
  timex tx{};
  int state = ::adjtimex(&tx);
  if (year < 2025) r.line(verdict::fail, "clock", date::format("%FT%TZ is before this version was made: set the clock", now));
  else if (state == TIME_ERROR || (tx.status & STA_UNSYNC))
    r.line(verdict::warn, "clock", date::format("%FT%TZ, not synchronised as far as the kernel knows (NTP, systemd-timesyncd)", now));
  else r.line(verdict::ok, "clock", date::format("%FT%TZ, synchronised", now));
  try {
    auto zone = date::locate_zone("Europe/Brussels");
    auto local = date::make_zoned(zone, now);
    r.line(verdict::ok, "time zone", date::format("Europe/Brussels from the tz database, now %F %T %Z (%z)", local));
  } catch (const std::exception& e) {
    r.line(verdict::fail, "time zone", std::string("Europe/Brussels is not in the tz database (install tzdata): ") + e.what());
  }
}

}  // namespace

int run_check(const config& cfg, const check_options& options, std::ostream& out) {
  report r(out);
  if (!init_crypto()) r.line(verdict::fail, "libsodium", "could not be initialised");
  r.line(verdict::ok, "configuration",
         fmt::format("{} ({} series, {} themes, {} sectors)", cfg.config_file.string(), cfg.series.size(),
                     cfg.themes.size(), cfg.sectors.size()));
  check_paths(cfg, r);
  check_key_file(cfg, r);
  check_disk(cfg, options, r);
  check_mail(cfg, r);
  check_clock(r);
  return r.failed() ? 1 : 0;
}

}  // namespace intervision

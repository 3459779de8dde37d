#include "intervision/store/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include "intervision/store/database.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

fs::path temp_beside(const fs::path& target) {
  std::random_device rd;
  return target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(rd()));
}

void fsync_path(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void remove_with_sidecars(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p.string() + suffix, ec);
}

// Copies every page of src into the (new) file dest in one step: one consistent snapshot, and in
// WAL mode the writer is never blocked. The copy is left in rollback-journal mode, one file.
status copy_database(SQLite::Database& src, const fs::path& dest) {
  {
    SQLite::Database out(dest.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
    SQLite::Backup backup(out, src);
    for (int attempt = 0;; ++attempt) {
      int rc = backup.executeStep(-1);
      if (rc == SQLITE_DONE) break;
      if (attempt >= 50) return status(status_code::unavailable, "the database stayed busy; try again");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    out.exec("PRAGMA journal_mode=DELETE");
    if (out.execAndGet("PRAGMA application_id").getInt() != intervision_application_id)
      return status(status_code::internal, "the copy is not readable as an intervision database");
  }
  std::error_code ec;
  fs::permissions(dest, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  fsync_path(dest, false);
  return status::ok();
}

// Is this an intervision database this version can open? bad_request when not.
status check_ours(SQLite::Database& db) {
  int app_id = 0, version = 0;
  std::string check;
  try {
    app_id = db.execAndGet("PRAGMA application_id").getInt();
    version = db.execAndGet("PRAGMA user_version").getInt();
    check = db.execAndGet("PRAGMA quick_check").getString();
  } catch (const std::exception&) {
    return status(status_code::bad_request, "the file is not an SQLite database");
  }
  if (app_id != intervision_application_id) return status(status_code::bad_request, "the file is not an intervision database");
  if (version < 1 || version > latest_schema_version())
    return status(status_code::bad_request, "the database was written by another version of intervision (schema " + std::to_string(version) + ")");
  if (check != "ok") return status(status_code::bad_request, "the database file is damaged (quick_check failed)");
  try {
    db.execAndGet("SELECT COUNT(*) FROM cycles");
    db.execAndGet("SELECT COUNT(*) FROM participants");
  } catch (const std::exception&) {
    return status(status_code::bad_request, "the file does not hold the intervision tables");
  }
  return status::ok();
}

// SQLite's unix VFS keeps a shared lock on byte 128 of the -shm file (its "dead man switch")
// for as long as a connection has the database open: a lock held by another process means a
// server (or another command) is using the database right now.
bool in_use_by_another_process(const fs::path& database_file) {
  auto shm = database_file.string() + "-shm";
  int fd = ::open(shm.c_str(), O_RDWR);
  if (fd < 0) return false;
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  lk.l_start = 128;
  lk.l_len = 1;
  bool held = ::fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

status backup_database(const fs::path& database_file, const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(database_file, ec)) return status(status_code::not_found, "there is no database at " + database_file.string());
  if (out.empty() || fs::is_directory(out, ec)) return status(status_code::bad_request, "the backup FILE must be a file name");
  auto dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::create_directories(dir, ec);
  auto target = dir / out.filename();
  auto temp = temp_beside(target);
  try {
    SQLite::Database src(database_file.string(), SQLite::OPEN_READONLY, 5000);
    if (auto s = check_ours(src); !s) return s;
    auto s = copy_database(src, temp);
    if (!s) {
      remove_with_sidecars(temp);
      return s;
    }
    fs::rename(temp, target);
    fsync_path(dir, true);
    return status::ok();
  } catch (const std::exception& e) {
    remove_with_sidecars(temp);
    return status(status_code::internal, std::string("backup failed: ") + e.what());
  }
}

status restore_database(const fs::path& in, const fs::path& database_file) {
  std::error_code ec;
  if (!fs::is_regular_file(in, ec)) return status(status_code::bad_request, "there is no file at " + in.string());
  if (in_use_by_another_process(database_file))
    return status(status_code::conflict, "the database is in use: stop the server before restoring");
  auto dir = database_file.has_parent_path() ? database_file.parent_path() : fs::path(".");
  fs::create_directories(dir, ec);
  auto temp = temp_beside(database_file);
  try {
    {
      SQLite::Database src(in.string(), SQLite::OPEN_READONLY, 5000);
      if (auto s = check_ours(src); !s) return s;
      if (auto s = copy_database(src, temp); !s) {
        remove_with_sidecars(temp);
        return s;
      }
    }
    // A -wal left from the old database would be replayed onto the restored one: remove it first.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(database_file.string() + suffix);
    fs::rename(temp, database_file);
    fsync_path(dir, true);
    return status::ok();
  } catch (const std::exception& e) {
    remove_with_sidecars(temp);
    return status(status_code::internal, std::string("restore failed: ") + e.what());
  }
}

}  // namespace intervision

// config: the settings of every command, from config/intervision.toml (and the series and
// themes files it names), then INTERVISION_<SECTION>_<KEY> environment variables, then the
// command-line flags, each winning over the one before. load_config() validates every value
// and reports the first bad one as "section.key: what is wrong" (the caller exits 2).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/feedback.h"
#include "intervision/domain/labels.h"
#include "intervision/domain/series_rules.h"
#include "intervision/domain/status.h"

namespace intervision {

struct theme_config {
  std::string id;
  labels label;
};

struct sector_config {
  std::string id;
  labels label;
};

struct config {
  struct {
    std::string address = "127.0.0.1";
    int port = 8080;
    int io_threads = 2;
    int worker_threads = 4;
    int header_limit = 8192;
    int body_limit = 65536;
    int read_timeout_ms = 10000;
    int idle_timeout_ms = 15000;
    std::string public_url;  // empty in the file: http://<address>:<port>
    std::string web_root = "web";
    std::string tls_certificate;
    std::string tls_private_key;
    bool trust_proxy = false;
    int max_connections = 0;              // 0: from the descriptor limit at start
    int max_connections_per_address = 128;  // 0: no limit per address
    int drain_seconds = 20;               // SIGTERM: longest wait for requests and mail in flight
  } server;
  struct {
    std::string data_dir = "data";
    std::string key_file;  // default: <data_dir>/intervision.keys
    std::string backup_dir;  // default: <data_dir>/backups
    int readers = 3;
  } storage;
  struct {
    std::string transport = "directory";  // directory | smtp
    std::string directory;                // default: <data_dir>/outbox
    std::string from = "Smes PAT <intervision@localhost>";
    std::string host = "127.0.0.1";
    int port = 25;
    std::string security = "starttls";    // none | starttls | tls
    std::string username;
    std::string password;
    int reminder_days = 3;
    int poll_seconds = 5;
  } mail;
  struct {
    int start_month = 9;
    int start_day = 1;
    int purge_grace_days = 0;
    std::string privacy_version = "2026-09";
  } cycle;
  struct {
    int confirm_days = 7;      // an unconfirmed request is deleted after this many days
    int retention_days = 730;  // a subscription lapses this long after the last announcement sent
  } announcements;
  struct {
    int session_idle_minutes = 30;
    int session_absolute_hours = 12;
    int login_max_failures = 5;
    int login_window_minutes = 15;  // the longest delay between sign-in attempts from one key
    int login_forget_hours = 24;
    // Argon2 threads: one leaves the other core(s) to the pages during a sign-in flood (as
    // config/intervision.toml ships it; config_test checks that the two agree).
    int password_threads = 1;
    int password_queue = 64;
    int registrations_per_address_hour = 20;
    int registrations_per_email_hour = 10;
    std::string first_admin_email;  // the first admin's account, made at the first start
  } security;
  // Who issues attendance attestations (printed on them).
  struct {
    std::string name = "Smes – Peer and Team Support (PAT)";
    std::vector<std::string> address;  // lines
  } organisation;
  // The anonymous feedback asked after a held session (config/feedback.toml).
  struct {
    int link_days = 30;  // how long a feedback link works
    std::vector<feedback_question> questions;
  } feedback;
  std::vector<sector_config> sectors;
  std::vector<series_config> series;
  std::vector<theme_config> themes;
  std::filesystem::path config_dir;
  std::filesystem::path config_file;  // absolute

  std::filesystem::path database_file() const { return std::filesystem::path(storage.data_dir) / "intervision.db"; }
  std::filesystem::path key_file() const {
    return storage.key_file.empty() ? std::filesystem::path(storage.data_dir) / "intervision.keys" : std::filesystem::path(storage.key_file);
  }
  std::filesystem::path backup_dir() const {
    return storage.backup_dir.empty() ? std::filesystem::path(storage.data_dir) / "backups" : std::filesystem::path(storage.backup_dir);
  }
  std::filesystem::path mail_directory() const {
    return mail.directory.empty() ? std::filesystem::path(storage.data_dir) / "outbox" : std::filesystem::path(mail.directory);
  }
};

struct config_overrides {
  std::optional<std::filesystem::path> file;
  std::optional<int> port;
  std::optional<std::string> data_dir;
};

// environment: name -> value (pass the process environment; tests pass their own).
// Without flags.file: $INTERVISION_CONFIG, else <executable's folder>/../config/intervision.toml
// when the executable is a build in the source tree, else /etc/intervision/intervision.toml.
// Relative paths in the file or the environment are taken from the configuration file's folder;
// a relative --data from the working directory (it is typed on a command line).
result<config> load_config(const config_overrides& flags, const std::map<std::string, std::string>& environment);
std::map<std::string, std::string> process_environment();
std::filesystem::path default_config_file(const std::map<std::string, std::string>& environment);

}  // namespace intervision

#include "intervision/app/application.h"

#include <condition_variable>
#include <filesystem>
#include <thread>
#include <ostream>

#include <fmt/format.h>

#include "intervision/app/auth_service.h"
#include "intervision/app/registration_service.h"
#include "intervision/app/retention_service.h"
#include "intervision/app/scheduling.h"
#include "intervision/services/report_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/mail/outbox_sender.h"
#include "intervision/mail/transport.h"
#include "intervision/store/keyring.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/staff_store.h"
#include "intervision/http/api.h"
#include "intervision/http/dispatcher.h"
#include "intervision/net/server.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/database.h"
#include "intervision/store/db_pool.h"

namespace intervision {

namespace fs = std::filesystem;

application::application(config cfg, const clock& clk) : cfg_(std::move(cfg)), clock_(clk) {}

application::~application() = default;

status application::open() {
  try {
    if (!init_crypto()) return status(status_code::internal, "libsodium could not be initialised");
    std::error_code ec;
    fs::create_directories(cfg_.storage.data_dir, ec);
    if (ec) return status(status_code::bad_request, "storage.data_dir: cannot create " + cfg_.storage.data_dir);
    fs::permissions(cfg_.storage.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    {
      auto conn = open_connection(cfg_.database_file());
      if (auto s = migrate(*conn); !s) return s;
    }
    auto common = common_password_list::load(cfg_.config_dir / "common-passwords.txt");
    if (!common) return status(status_code::bad_request, "config/common-passwords.txt: " + common.error().message());
    common_passwords_ = std::make_shared<const common_password_list>(std::move(common.value()));
    auto keys = keyring::open(cfg_.key_file());
    if (!keys) return status(status_code::bad_request, "storage.key_file: " + keys.error().message());
    keys_ = std::make_shared<keyring>(std::move(keys.value()));
    db_ = std::make_unique<db_pool>(cfg_.database_file(), cfg_.storage.readers);
    db_->write([this](SQLite::Database& db) {
      seed_catalogue(db, cfg_);
      schedule_ahead(db, cfg_, clock_.now());
    });
    registrations_ = std::make_shared<registration_service>(cfg_, clock_, *db_, keys_);
    retention_ = std::make_shared<retention_service>(cfg_, clock_, *db_, keys_);
    rolls_ = std::make_shared<roll_service>(clock_, *db_, keys_);
    if (cfg_.mail.transport == "smtp") {
      smtp_settings smtp;
      smtp.host = cfg_.mail.host;
      smtp.port = cfg_.mail.port;
      smtp.security = cfg_.mail.security;
      smtp.username = cfg_.mail.username;
      smtp.password = cfg_.mail.password;
      transport_ = make_smtp_transport(smtp);
    } else {
      fs::create_directories(cfg_.mail_directory(), ec);
      transport_ = make_directory_transport(cfg_.mail_directory());
    }
    return status::ok();
  } catch (const std::exception& e) {
    return status(status_code::internal, std::string("cannot open the database: ") + e.what());
  }
}

std::string application::ensure_first_admin() {
  return db_->write([this](SQLite::Database& db) -> std::string {
    if (count_staff(db) > 0) return "";
    std::string email = "admin@localhost";
    std::string password = random_token(18);
    auto now = clock_.now().time_since_epoch().count();
    auto id = insert_staff_account(db, email, "Admin", hash_password(password), "admin", now, true);
    record_audit(db, now, std::nullopt, "staff.first_admin", "staff", std::to_string(id));
    return fmt::format("First admin created: sign in at {}/staff as {} with the one-time password {} (shown only now).",
                       cfg_.server.public_url, email, password);
  });
}

namespace {

// The outbox as the sender sees it: rows decrypted with their cycle's key on the way out.
class db_outbox final : public outbox_store {
 public:
  db_outbox(db_pool& db, keyring& keys) : db_(db), keys_(keys) {}
  std::vector<outbox_item> due(sys_seconds now, std::size_t limit) override {
    auto rows = db_.read([&](SQLite::Database& db) { return outbox_due(db, now.time_since_epoch().count(), limit); });
    std::vector<outbox_item> out;
    for (const auto& r : rows) {
      auto key = keys_.find(r.cycle_label);
      if (!key) continue;
      auto to = open(*key, r.recipient_enc, r.cycle_label + ":outbox.recipient");
      auto mime = open(*key, r.mime_enc, r.cycle_label + ":outbox.mime");
      if (!to || !mime) continue;
      out.push_back({r.id, *to, *mime, r.attempts});
    }
    return out;
  }
  void mark_sent(std::int64_t id, sys_seconds when) override {
    db_.write([&](SQLite::Database& db) { outbox_mark_sent(db, id, when.time_since_epoch().count()); });
  }
  void mark_retry(std::int64_t id, int attempts, sys_seconds next) override {
    db_.write([&](SQLite::Database& db) { outbox_mark_retry(db, id, attempts, next.time_since_epoch().count()); });
  }
  void mark_failed(std::int64_t id, int attempts) override {
    db_.write([&](SQLite::Database& db) { outbox_mark_failed(db, id, attempts); });
  }

 private:
  db_pool& db_;
  keyring& keys_;
};

}  // namespace

std::size_t application::send_mail() {
  std::lock_guard lock(background_mutex_);
  db_outbox store(*db_, *keys_);
  outbox_sender sender(store, *transport_, clock_, cfg_.mail.from);
  std::size_t total = 0;
  for (;;) {
    auto n = sender.run_once();
    total += n;
    if (n == 0) break;
  }
  return total;
}

void application::background_round() {
  try {
    db_->write([this](SQLite::Database& db) {
      schedule_ahead(db, cfg_, clock_.now());
      registrations_->queue_reminders(db);
      roll_service::settle(db, clock_.now().time_since_epoch().count());
    });
    send_mail();
    retention_->purge_due(false, std::nullopt);
  } catch (const std::exception& e) {
    (void)e;  // the next round tries again; nothing personal is in these errors
  }
}

int application::serve(std::ostream& out, std::ostream& log) {
  auto ctx = std::make_shared<api_context>();
  ctx->cfg = &cfg_;
  ctx->clk = &clock_;
  ctx->db = db_.get();
  ctx->keys = keys_;
  ctx->registrations = registrations_;
  ctx->retention = retention_;
  ctx->rolls = rolls_;
  ctx->reports = std::make_shared<report_service>(cfg_, clock_, *db_);
  ctx->auth = std::make_shared<auth_service>(cfg_, clock_, *db_, keys_, common_passwords_);
  ctx->common_passwords = common_passwords_;
  auto api = make_api_router(ctx);
  auto files = std::make_shared<static_files>(static_files::load(cfg_.server.web_root));
  auto access = std::make_shared<access_log>(&log);
  auto dispatcher = std::make_shared<app_dispatcher>(api, files, access, cfg_.server.trust_proxy);

  server_options o;
  o.address = cfg_.server.address;
  o.port = static_cast<unsigned short>(cfg_.server.port);
  o.io_threads = cfg_.server.io_threads;
  o.worker_threads = cfg_.server.worker_threads;
  o.header_limit = static_cast<std::size_t>(cfg_.server.header_limit);
  o.body_limit = static_cast<std::size_t>(cfg_.server.body_limit);
  o.read_timeout = std::chrono::milliseconds(cfg_.server.read_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(cfg_.server.idle_timeout_ms);
  o.tls_certificate = cfg_.server.tls_certificate;
  o.tls_private_key = cfg_.server.tls_private_key;
  http_server server(o, dispatcher);
  if (auto err = server.bind()) {
    log << "error: " << *err << std::endl;
    return 2;
  }
  port_ = server.port();
  server_ = &server;
  out << fmt::format("intervision serving on {}://{}:{} ({} static files)", cfg_.server.tls_certificate.empty() ? "http" : "https",
                     cfg_.server.address, server.port(), files->size())
      << std::endl;
  std::atomic<bool> running{true};
  std::mutex wake_mutex;
  std::condition_variable wake;
  std::thread background([&] {
    while (running) {
      background_round();
      std::unique_lock lock(wake_mutex);
      wake.wait_for(lock, std::chrono::seconds(cfg_.mail.poll_seconds), [&] { return !running; });
    }
  });
  std::thread log_flusher([&] {  // the access log writes in batches; at most a second late
    std::unique_lock lock(wake_mutex);
    while (running) {
      wake.wait_for(lock, std::chrono::seconds(1), [&] { return !running; });
      access->flush();
    }
  });
  server.run();
  {
    std::lock_guard lock(wake_mutex);
    running = false;
  }
  wake.notify_all();
  background.join();
  log_flusher.join();
  access->flush();
  server_ = nullptr;
  out << "intervision stopped" << std::endl;
  return 0;
}

void application::stop() {
  if (auto* s = server_.load()) s->stop();
}

}  // namespace intervision

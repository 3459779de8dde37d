#include "intervision/app/application.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <filesystem>
#include <thread>
#include <ostream>

#include <fmt/format.h>

#include "intervision/services/auth_service.h"
#include "intervision/services/registration_service.h"
#include "intervision/services/retention_service.h"
#include "intervision/services/certificate_service.h"
#include "intervision/services/records_service.h"
#include "intervision/services/announcement_service.h"
#include "intervision/services/scheduling.h"
#include "intervision/services/report_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/app/sd_notify.h"
#include "intervision/services/catalogue_service.h"
#include "intervision/services/cycle_service.h"
#include "intervision/services/series_service.h"
#include "intervision/services/staff_service.h"
#include "intervision/services/note_service.h"
#include "intervision/services/attestation_service.h"
#include "intervision/services/feedback_service.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/password_policy.h"
#include "intervision/mail/outbox_sender.h"

#include "intervision/mail/transport.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/store/key_binding.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/staff_store.h"
#include "intervision/http/api.h"
#include "intervision/http/dispatcher.h"
#include "intervision/net/server.h"
#include <algorithm>
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
    auto common = common_password_list::load(cfg_.config_dir / "common-passwords.txt");
    if (!common) return status(status_code::bad_request, "config/common-passwords.txt: " + common.error().message());
    common_passwords_ = std::make_shared<const common_password_list>(std::move(common.value()));
    {
      auto conn = open_connection(cfg_.database_file());
      if (auto s = migrate(*conn); !s) return s;
      auto bound = bind_key_file(*conn, cfg_.key_file());
      if (!bound) return bound.error();
      keys_ = bound->keys;
      ledger_ = bound->ledger;
    }
    db_ = std::make_unique<db_pool>(cfg_.database_file(), cfg_.storage.readers);
    db_->write([this](db_connection& db) {
      seed_catalogue(db, cfg_);
      schedule_ahead(db, cfg_, clock_.now());
    });
    registrations_ = std::make_shared<registration_service>(cfg_, clock_, *db_, keys_, ledger_);
    retention_ = std::make_shared<retention_service>(cfg_, clock_, *db_, keys_, ledger_);
    rolls_ = std::make_shared<roll_service>(clock_, *db_, keys_);
    announcements_ = std::make_shared<announcement_service>(cfg_, clock_, *db_, keys_, ledger_);
    feedback_ = std::make_shared<feedback_service>(cfg_, clock_, *db_, keys_);
    if (auto s = replay_and_check_keys(); !s) return s;
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

status application::replay_and_check_keys() {
  // What a restore must not undo comes back off the ledger first.
  auto replayed = retention_->replay_ledger([this](db_connection& db, std::int64_t session_id) {
    registrations_->promote_waitlisted(db, session_id);
  });
  if (!replayed) return replayed.error();
  announcements_->replay();
  // Then every cycle still holding personal data, and not yet due for its purge, needs its key.
  auto now = clock_.now();
  auto [rows, labels] = db_->read([](db_connection& db) { return std::make_pair(list_cycles(db), cycles_with_participants(db)); });
  for (const auto& label : labels) {
    if (keys_->find(label)) continue;
    bool due = true;
    for (const auto& row : rows)
      if (row.label == label)
        if (auto c = cycle_of_row(row)) due = now >= purge_due(*c, cfg_.cycle.purge_grace_days);
    if (!due)
      return status(status_code::bad_request, "the key file " + cfg_.key_file().string() + " lacks the key of cycle " + label +
                                                   ", which holds personal data: put the complete copy back with `intervision keys import FILE` (README, Backups)");
  }
  return status::ok();
}

std::vector<health_check> application::health_checks() {
  std::vector<health_check> out;
  auto db = db_.get();
  out.push_back({"database", [db]() -> status {
                   try {
                     db->read([](db_connection& c) { return schema_version(c); });
                     return status::ok();
                   } catch (...) {
                     return status(status_code::unavailable, "The database is not available.");
                   }
                 },
                 false});
  // Writes still commit: room on the database's volume, and a real write of 64 KiB of new data
  // (inserted and deleted in one transaction, so the file only grows once), at most once a
  // second however often /healthz or a write asks. A full or read-only volume turns the server
  // unhealthy and writes into a clear 503; the first probe after space comes back makes it
  // healthy again, without a restart. The WAL reused from its start can take a small write on a
  // full disk, hence the free-space test beside the probe.
  struct write_probe_state {
    std::mutex mutex;
    std::chrono::steady_clock::time_point last{};
    status result = status::ok();
  };
  auto probe_state = std::make_shared<write_probe_state>();
  const clock* clk = &clock_;
  auto folder = cfg_.database_file().parent_path();
  out.push_back({"writes", [db, probe_state, clk, folder]() -> status {
                   std::lock_guard lock(probe_state->mutex);
                   auto now = std::chrono::steady_clock::now();
                   if (probe_state->last != std::chrono::steady_clock::time_point{} && now - probe_state->last < std::chrono::seconds(1))
                     return probe_state->result;
                   probe_state->last = now;
                   const status full(status_code::unavailable,
                                     "The database cannot be written (disk full or read-only?): free space on its volume; "
                                     "the server takes writes again by itself.");
                   constexpr std::uintmax_t minimum_free = 1024 * 1024;
                   std::error_code ec;
                   auto space = std::filesystem::space(folder, ec);
                   if (!ec && space.available < minimum_free) return probe_state->result = full;
                   try {
                     auto at = clk->now().time_since_epoch().count();
                     db->write([at](db_connection& c) { write_health_probe(c, at); });
                     probe_state->result = status::ok();
                   } catch (const std::exception&) {
                     // SQLite's message may name the file: not passed on.
                     probe_state->result = full;
                   }
                   return probe_state->result;
                 }});
  auto keys = keys_;
  auto ledger = ledger_;
  out.push_back({"key_file", [keys, ledger]() -> status {
                   if (auto s = keys->present(); !s)
                     return status(status_code::unavailable, "The key file is not usable (" + s.message() +
                                                                 "): nothing can be written until an admin puts it back with `intervision keys import FILE`.");
                   if (auto s = ledger->present(); !s)
                     return status(status_code::unavailable, "The ledger beside the key file is not usable (" + s.message() +
                                                                 "): nothing can be written until an admin puts it back with `intervision keys import FILE`.");
                   return status::ok();
                 }});
  return out;
}

bool application::has_staff() {
  return db_->read([](db_connection& db) { return count_staff(db) > 0; });
}

std::string application::ensure_first_admin(const std::string& email) {
  return db_->write([&](db_connection& db) -> std::string {
    if (count_staff(db) > 0) return "";
    if (email.empty())
      return "No staff account yet: create the first admin with `intervision user add --email E --role admin`, "
             "or start once with --admin-email E (or security.first_admin_email).";
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
  db_outbox(db_pool& db, keyring& keys, privacy_ledger& ledger) : db_(db), keys_(keys), ledger_(ledger) {}
  std::vector<outbox_item> due(sys_seconds now, std::size_t limit) override {
    auto rows = db_.read([&](db_connection& db) { return outbox_due(db, now.time_since_epoch().count(), limit); });
    std::vector<outbox_item> out;
    for (const auto& r : rows) {
      // Sent before this copy of the database was restored: it is not sent again.
      if (!r.uid.empty() && ledger_.was_sent(r.uid)) {
        db_.write([&](db_connection& db) { outbox_mark_sent(db, r.id, now.time_since_epoch().count()); });
        continue;
      }
      ids_[r.id] = {r.cycle_label, r.uid};
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
    // The ledger first: a restored copy must know that this mail has gone out.
    if (auto it = ids_.find(id); it != ids_.end() && !it->second.second.empty())
      (void)ledger_.record_sent(it->second.first, it->second.second);
    db_.write([&](db_connection& db) { outbox_mark_sent(db, id, when.time_since_epoch().count()); });
  }
  void mark_retry(std::int64_t id, int attempts, sys_seconds next) override {
    db_.write([&](db_connection& db) { outbox_mark_retry(db, id, attempts, next.time_since_epoch().count()); });
  }
  void mark_failed(std::int64_t id, int attempts) override {
    db_.write([&](db_connection& db) { outbox_mark_failed(db, id, attempts); });
  }
  bool claim(std::int64_t id, sys_seconds now) override {
    return db_.write([&](db_connection& db) { return outbox_claim(db, id, now.time_since_epoch().count()); });
  }
  void mark_uncertain(std::int64_t id, int attempts) override {
    db_.write([&](db_connection& db) { outbox_mark_uncertain(db, id, attempts); });
  }

 private:
  db_pool& db_;
  keyring& keys_;
  privacy_ledger& ledger_;
  std::map<std::int64_t, std::pair<std::string, std::string>> ids_;  // outbox id -> (cycle, mail id)
};

}  // namespace

void application::use_mail_transport(std::unique_ptr<mail_transport> transport) {
  std::lock_guard lock(background_mutex_);
  transport_ = std::move(transport);
}

std::size_t application::send_mail() {
  std::lock_guard lock(background_mutex_);
  db_outbox store(*db_, *keys_, *ledger_);
  outbox_sender sender(store, *transport_, clock_, cfg_.mail.from);
  std::size_t total = 0;
  auto keep_going = [this] { return !stopping_.load(); };
  while (keep_going()) {
    auto n = sender.run_once(keep_going);
    total += n;
    if (n == 0) break;
  }
  return total;
}

void application::background_round() {
  if (stopping_) return;
  try {
    db_->write([this](db_connection& db) {
      schedule_ahead(db, cfg_, clock_.now());
      registrations_->queue_reminders(db);
      roll_service::settle(db, clock_.now().time_since_epoch().count());
      feedback_->queue_mails(db);  // the sessions just held ask their present people for feedback
    });
    send_mail();
    retention_->purge_due(false, std::nullopt, true);
    announcements_->expire();
    // A person's own erasure commits on the writer; its files are checkpointed here.
    certificate_service(clock_, *db_).checkpoint_pending();
    db_->checkpoint_passive();
  } catch (const std::exception& e) {
    (void)e;  // the next round tries again; nothing personal is in these errors
  }
}

int application::serve(std::ostream& out, std::ostream& log) {
  auto ctx = std::make_shared<api_context>();
  ctx->cfg = &cfg_;
  ctx->clk = &clock_;
  ctx->registrations = registrations_;
  ctx->retention = retention_;
  ctx->rolls = rolls_;
  ctx->feedback = feedback_;
  ctx->attestations = std::make_shared<attestation_service>(cfg_, clock_, *db_, keys_);
  ctx->reports = std::make_shared<report_service>(cfg_, clock_, *db_);
  ctx->certificates = std::make_shared<certificate_service>(clock_, *db_);
  ctx->records = std::make_shared<records_service>(cfg_);
  ctx->announcements = announcements_;
  ctx->cycles = std::make_shared<cycle_service>(cfg_, clock_, *db_, *retention_);
  ctx->notes = std::make_shared<note_service>(clock_, *db_, keys_);
  ctx->auth = std::make_shared<auth_service>(cfg_, clock_, *db_, keys_, common_passwords_);
  ctx->common_passwords = common_passwords_;
  ctx->catalogue = std::make_shared<catalogue_service>(cfg_, clock_, *db_, *registrations_);
  ctx->series = std::make_shared<series_service>(cfg_, clock_, *db_, *registrations_);
  ctx->staff = std::make_shared<staff_service>(clock_, *db_, *common_passwords_);
  ctx->health = health_checks();
  auto files = std::make_shared<static_files>(static_files::load(cfg_.server.web_root));
  ctx->files = files;
  auto api = make_api_router(ctx);
  auto access = std::make_shared<access_log>(&log);
  auto dispatcher = std::make_shared<app_dispatcher>(api, files, access, cfg_.server.trust_proxy);

  std::atomic<bool> running{true};
  std::mutex wake_mutex;
  std::condition_variable wake;
  stopping_ = false;
  // Rows a sender was handing over when the last process died: never sent twice.
  db_->write([](db_connection& db) { return outbox_release_interrupted(db); });
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
  auto descriptors = raise_descriptor_limit();
  // A reserve for the database, the key file, mail and logs; the rest may be connections.
  o.max_connections = cfg_.server.max_connections > 0 ? static_cast<std::size_t>(cfg_.server.max_connections)
                                                      : std::max<std::size_t>(16, descriptors > 256 ? descriptors - 128 : descriptors / 2);
  o.max_connections_per_address = static_cast<std::size_t>(cfg_.server.max_connections_per_address);
  o.drain_timeout = std::chrono::seconds(cfg_.server.drain_seconds);
  o.on_drain = [this, &wake_mutex, &wake] {
    // The mail sender stops after the message in hand; the rest stays queued for the next start.
    stopping_ = true;
    std::lock_guard lock(wake_mutex);
    wake.notify_all();
  };
  http_server server(o, dispatcher);
  if (auto bound = server.bind(); !bound) {
    log << "error: " << bound.message() << std::endl;
    return 2;
  }
  port_ = server.port();
  server_ = &server;
  out << fmt::format("intervision serving on {}://{}:{} ({} static files)", cfg_.server.tls_certificate.empty() ? "http" : "https",
                     cfg_.server.address, server.port(), files->size())
      << std::endl;
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
  notify_service_manager("READY=1\nSTATUS=serving");  // systemd (Type=notify): the port is bound
  server.run();
  ctx->auth->shutdown();  // its jobs answer through the server's connections: finish them first
  notify_service_manager("STOPPING=1");
  {
    std::lock_guard lock(wake_mutex);
    running = false;
  }
  wake.notify_all();
  background.join();
  log_flusher.join();
  stopping_ = false;  // a caller (a test) may still send mail by hand after serve() returns
  access->flush();
  server_ = nullptr;
  out << "intervision stopped" << std::endl;
  return 0;
}

void application::stop() {
  if (auto* s = server_.load()) s->stop();
}

}  // namespace intervision

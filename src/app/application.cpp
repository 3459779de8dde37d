#include "intervision/app/application.h"

#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <SQLiteCpp/Statement.h>

#include "intervision/domain/crypto.h"
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
    db_ = std::make_unique<db_pool>(cfg_.database_file(), cfg_.storage.readers);
    db_->write([this](SQLite::Database& db) { seed_catalogue(db, cfg_); });
    return status::ok();
  } catch (const std::exception& e) {
    return status(status_code::internal, std::string("cannot open the database: ") + e.what());
  }
}

std::string application::ensure_first_admin() {
  return db_->write([this](SQLite::Database& db) -> std::string {
    if (db.execAndGet("SELECT COUNT(*) FROM staff").getInt() > 0) return "";
    std::string email = "admin@localhost";
    std::string password = random_token(18);
    SQLite::Statement q(db, "INSERT INTO staff (email, display_name, password_hash, role, must_change, created_at) VALUES (?, 'Admin', ?, 'admin', 1, ?)");
    q.bind(1, email);
    q.bind(2, hash_password(password));
    q.bind(3, static_cast<std::int64_t>(clock_.now().time_since_epoch().count()));
    q.exec();
    return fmt::format("First admin created: sign in at {}/staff as {} with the one-time password {} (shown only now).",
                       cfg_.server.public_url, email, password);
  });
}

int application::serve(std::ostream& out, std::ostream& log) {
  auto ctx = std::make_shared<api_context>();
  ctx->cfg = &cfg_;
  ctx->clk = &clock_;
  ctx->db = db_.get();
  auto api = make_api_router(ctx);
  auto files = std::make_shared<static_files>(static_files::load(cfg_.server.web_root));
  auto access = std::make_shared<access_log>(&log);
  auto dispatcher = std::make_shared<app_dispatcher>(api, files, access);

  server_options o;
  o.address = cfg_.server.address;
  o.port = static_cast<unsigned short>(cfg_.server.port);
  o.io_threads = cfg_.server.io_threads;
  o.worker_threads = cfg_.server.worker_threads;
  o.header_limit = static_cast<std::size_t>(cfg_.server.header_limit);
  o.body_limit = static_cast<std::size_t>(cfg_.server.body_limit);
  o.read_timeout = std::chrono::milliseconds(cfg_.server.read_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(cfg_.server.idle_timeout_ms);
  http_server server(o, dispatcher);
  if (auto err = server.bind()) {
    log << "error: " << *err << std::endl;
    return 2;
  }
  port_ = server.port();
  server_ = &server;
  out << fmt::format("intervision serving on http://{}:{} ({} static files)", cfg_.server.address, server.port(), files->size())
      << std::endl;
  server.run();
  server_ = nullptr;
  out << "intervision stopped" << std::endl;
  return 0;
}

void application::stop() {
  if (auto* s = server_.load()) s->stop();
}

}  // namespace intervision

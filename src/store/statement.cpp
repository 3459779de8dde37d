#include "intervision/store/statement.h"

namespace intervision {

namespace {
thread_local statement_cache* active_cache = nullptr;
}

statement_cache::~statement_cache() = default;  // statements are finalized before the connection closes

statement_cache::activation::activation(statement_cache& c) : previous_(active_cache) { active_cache = &c; }
statement_cache::activation::~activation() { active_cache = previous_; }

statement_cache* statement_cache::active_for(const SQLite::Database& db) {
  auto* c = active_cache;
  return c && c->db_.getHandle() == db.getHandle() ? c : nullptr;
}

statement_cache::entry* statement_cache::take(const std::string& sql) {
  auto it = entries_.find(sql);
  if (it == entries_.end()) {
    if (entries_.size() >= max_entries) return nullptr;
    it = entries_.emplace(sql, entry{std::make_unique<SQLite::Statement>(db_, sql), false}).first;
  }
  if (it->second.in_use) return nullptr;  // the same SQL nested in itself: a one-off
  it->second.in_use = true;
  return &it->second;  // nodes of an unordered_map do not move
}

void statement_cache::give_back(entry& e) {
  e.statement->tryReset();
  try {
    e.statement->clearBindings();
  } catch (...) {
  }
  e.in_use = false;
}

statement::statement(SQLite::Database& db, const std::string& sql) {
  if (auto* c = statement_cache::active_for(db)) {
    if (auto* e = c->take(sql)) {
      entry_ = e;
      current_ = e->statement.get();
      return;
    }
  }
  own_ = std::make_unique<SQLite::Statement>(db, sql);
  current_ = own_.get();
}

statement::~statement() {
  if (entry_) statement_cache::give_back(*entry_);
}

void execute(SQLite::Database& db, const std::string& sql) {
  statement s(db, sql);
  s->exec();
}

}  // namespace intervision

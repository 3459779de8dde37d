// statement: a prepared statement that, on the connections of a db_pool, is prepared once and
// reused. SQLite parses and plans every statement anew otherwise, which was a large part of
// the writer's time per registration (perf: sqlite3Parser, sqlite3RunParser, malloc).
//
// db_pool gives each of its connections a statement_cache and activates it (thread-locally)
// while a job runs on that connection; statement(db, sql) takes the cached one for that exact
// SQL text when the cache of this very connection is active and the entry is free, and else
// prepares a one-off statement as before. Either way the statement is reset and its bindings
// cleared when the handle goes, so no read transaction lingers and no value leaks into the next
// use. Usage: `statement s(db, "SELECT ..."); auto& q = *s; q.bind(1, x); ...`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace intervision {

class statement_cache {
 public:
  explicit statement_cache(SQLite::Database& db) : db_(db) {}
  ~statement_cache();
  statement_cache(const statement_cache&) = delete;
  statement_cache& operator=(const statement_cache&) = delete;

  // Makes this cache the calling thread's while it lives (restores the previous one after).
  class activation {
   public:
    explicit activation(statement_cache& c);
    ~activation();
    activation(const activation&) = delete;
    activation& operator=(const activation&) = delete;

   private:
    statement_cache* previous_;
  };

  // The calling thread's active cache, if it belongs to db.
  static statement_cache* active_for(const SQLite::Database& db);
  struct entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };
  // A free cached statement for sql (prepared now if new); nullptr when it is in use or the
  // cache is full.
  entry* take(const std::string& sql);
  static void give_back(entry& e);

  static constexpr std::size_t max_entries = 256;

 private:
  SQLite::Database& db_;
  std::unordered_map<std::string, entry> entries_;
};

class statement {
 public:
  statement(SQLite::Database& db, const std::string& sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  SQLite::Statement& operator*() { return *current_; }
  SQLite::Statement* operator->() { return current_; }

 private:
  statement_cache::entry* entry_ = nullptr;
  std::unique_ptr<SQLite::Statement> own_;
  SQLite::Statement* current_ = nullptr;
};

// Runs a statement without results (BEGIN, SAVEPOINT, ...) through the cache.
void execute(SQLite::Database& db, const std::string& sql);

}  // namespace intervision

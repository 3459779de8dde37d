// db_pool: keeps database work off the I/O threads. One writer thread owns the only writing
// connection; a few reader connections serve reads on the caller's (worker) thread.
//
// Writes are queued and grouped: the writer takes every job waiting, runs them in one
// transaction, each inside its own SAVEPOINT (a job that throws rolls back only itself),
// commits once (synchronous=FULL: one fsync for the whole group), and only then calls each
// job's completion. So a completion that says "done" means durable, and many concurrent
// writers cost one commit. Completions run on the writer thread and must be quick.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "intervision/store/connection.h"
#include "intervision/store/statement.h"

namespace intervision {

class db_pool {
 public:
  using write_job = std::function<void(SQLite::Database&)>;
  using write_done = std::function<void(std::exception_ptr)>;  // nullptr: committed

  db_pool(std::filesystem::path file, int readers);
  ~db_pool();  // finishes queued writes, then stops
  db_pool(const db_pool&) = delete;
  db_pool& operator=(const db_pool&) = delete;

  void submit(write_job job, write_done done);

  // Runs f(connection) in a write transaction and waits for its commit; rethrows f's exception.
  template <typename F>
  auto write(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
    using R = decltype(f(std::declval<SQLite::Database&>()));
    auto promise = std::make_shared<std::promise<R>>();
    auto value = std::make_shared<std::optional<std::conditional_t<std::is_void_v<R>, int, R>>>();
    submit(
        [f = std::forward<F>(f), value](SQLite::Database& db) mutable {
          if constexpr (std::is_void_v<R>) { f(db); value->emplace(0); }
          else value->emplace(f(db));
        },
        [promise, value](std::exception_ptr e) {
          if (e) return promise->set_exception(e);
          if constexpr (std::is_void_v<R>) promise->set_value();
          else promise->set_value(std::move(**value));
        });
    return promise->get_future().get();
  }

  // Runs f(connection) on a reader connection (a consistent snapshot for f's duration when f
  // opens a transaction; plain statements each see the latest commit).
  template <typename F>
  auto read(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
    auto* conn = borrow();
    struct give_back {
      db_pool* pool; reader* c;
      ~give_back() { pool->give_back(c); }
    } guard{this, conn};
    statement_cache::activation cached(conn->statements);
    return f(*conn->db);
  }

  // Runs job on the writer connection alone, outside any transaction (VACUUM, checkpoints,
  // backups), between two groups; waits for it and rethrows its exception.
  void run_exclusive(write_job job);

  // Checkpoints the WAL into the main file and truncates it (forensic deletion, backups).
  void checkpoint_truncate();
  // Copies what it can of the WAL into the main file without waiting for readers (the WAL
  // file is then reused from its start, and cut to journal_size_limit).
  void checkpoint_passive();
  std::uint64_t commits() const;       // groups committed (and exclusive jobs run) so far: a change counter
  std::uint64_t jobs_written() const;  // jobs committed so far

 private:
  // A reader connection with its prepared statements (declared after the connection: they are
  // finalized before it closes).
  struct reader {
    std::unique_ptr<SQLite::Database> db;
    statement_cache statements{*db};
  };
  reader* borrow();
  void give_back(reader* c);
  void writer_loop();

  std::filesystem::path file_;
  std::unique_ptr<SQLite::Database> writer_;
  std::unique_ptr<statement_cache> writer_statements_;  // used by the writer thread only
  std::vector<std::unique_ptr<reader>> readers_;
  std::vector<reader*> free_readers_;
  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;

  struct pending { write_job job; write_done done; bool exclusive; };
  std::deque<pending> queue_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> jobs_{0};
  std::thread writer_thread_;
};

}  // namespace intervision

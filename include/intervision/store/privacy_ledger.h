// privacy_ledger: what a database restore must not undo, kept in a file beside the key file
// (never in the database, so never in a database backup). Three kinds of entry:
//   erased <cycle> <token hash>   a participant erased (self or admin): the keyed hash of their
//                                 personal-link token, which names that one record and no
//                                 later registration of the same email
//   sent <cycle> <mail id>        a mail that has gone out (the outbox row's keyed id)
//   purged <cycle>                a purged cycle (its erased/sent lines are dropped then)
// The application replays erasures and purges onto the database at every start, and the mail
// sender skips every mail whose id is listed, so a restored backup brings nobody back and
// re-sends nothing. Entries hold keyed hashes only: no personal data.
//
// File: mode 0600, first line "intervision-ledger 1 <check value of the key file>", so a ledger
// of another instance is refused. Appends are fsynced before the call returns (an erasure is on
// disk before the database forgets the person); a purge rewrites the file atomically. A last
// line cut short (a crash during an append that was never acknowledged) is ignored.
// Several processes may share the file: every read notices when another process changed it.
// Thread-safe: all calls take one mutex.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "intervision/domain/status.h"

namespace intervision {

struct ledger_entries {
  std::vector<std::pair<std::string, std::string>> erased;  // (cycle, token hash), in order
  std::set<std::string> purged;                            // cycle labels
  std::size_t sent = 0;                                    // how many mail ids
};

class privacy_ledger {
 public:
  // The ledger beside a key file: "<key file's folder>/<key file's stem>.ledger".
  static std::filesystem::path beside(const std::filesystem::path& key_file);
  // Opens the file; creates it when missing and create is true (not_found otherwise). A ledger
  // whose check value differs from `check` is refused (bad_request).
  static result<privacy_ledger> open(const std::filesystem::path& file, const std::string& check, bool create);
  // Checks ledger text (an export) against a key file's check value; returns its entries.
  static result<ledger_entries> parse_text(std::string_view text, const std::string& check);

  privacy_ledger(privacy_ledger&&) noexcept;
  privacy_ledger& operator=(privacy_ledger&&) noexcept;
  ~privacy_ledger();

  status record_erased(const std::string& cycle, const std::string& token_hash);
  status record_sent(const std::string& cycle, const std::string& mail_id);
  // Adds "purged <cycle>" and drops that cycle's erased and sent lines (atomic rewrite).
  status record_purged(const std::string& cycle);

  bool was_sent(const std::string& mail_id) const;
  bool was_purged(const std::string& cycle) const;
  ledger_entries entries() const;

  // ok while the file on disk is there with this ledger's check value.
  status present() const;
  result<std::string> text() const;  // as on disk now (for `keys export`)
  const std::filesystem::path& path() const;

 private:
  struct state;
  explicit privacy_ledger(std::unique_ptr<state> s);
  std::unique_ptr<state> s_;
};

// Writes text to file atomically (temporary file, fsync, rename, fsync of the folder), mode 0600.
status write_private_file(const std::filesystem::path& file, std::string_view text);

}  // namespace intervision

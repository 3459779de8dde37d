// keyring: the key file that lives outside the database (path in config), so a database backup
// never carries the keys that open it.
//
// It holds one 32-byte key per cycle label, which seals that cycle's personal fields, and one
// "index" key for the keyed hashes of emails and tokens, which is never destroyed. Destroying a
// cycle's key at purge makes every copy of that cycle's sealed data unreadable, backups included.
//
// File: created with mode 0600 when missing (a looser mode found at open is tightened). Text:
//   intervision-keyring 1
//   @index <base64url key>
//   <label> <base64url key>      one line per cycle, labels of [A-Za-z0-9._-], 1..64 chars
// Every change writes a temporary file in the same folder, fsyncs it, renames it over the old one,
// fsyncs the folder and then overwrites the replaced file's bytes with zeros, so a destroyed
// key is not left in the file nor, as far as the file system allows, on the disk beneath it.
// A file that does not parse is an error (never silently replaced): losing the keys loses the data.
//
// Several processes may share the file (the server and `intervision purge`): changes are made
// under an advisory lock on "<file>.lock" against the file's current contents, and every call
// notices when another process has replaced the file and reloads it (a key destroyed elsewhere
// disappears here too). Thread-safe: all calls take one mutex. Key bytes never reach a log or an
// error message.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intervision/domain/status.h"

namespace intervision {

class keyring {
 public:
  // create: make the file (mode 0600) when it is missing; otherwise a missing file is not_found.
  static result<keyring> open(const std::filesystem::path& file, bool create = true);
  // Parses key-file text (an export) without touching any file: its check value, or corrupt.
  static result<std::string> check_value_of(std::string_view text);

  keyring(keyring&&) noexcept;
  keyring& operator=(keyring&&) noexcept;
  ~keyring();  // wipes the keys held in memory

  std::string index_key() const;                                          // for keyed_hash of emails/tokens
  result<std::string> key_for(const std::string& cycle_label);            // creates one if missing (persisted before returning)
  std::optional<std::string> find(const std::string& cycle_label) const;  // no creation
  status destroy(const std::string& cycle_label);  // removes it, persisted; ok when already absent
  std::vector<std::string> labels() const;         // sorted

  const std::filesystem::path& path() const;
  // A value derived from the index key that the database keeps too (meta "keyring.check"): the
  // same key file always gives the same value, another key file another one. Not secret.
  std::string check_value() const;
  // ok while the file on disk is the one this keyring holds (same index key); unavailable when it
  // has disappeared, been emptied or replaced by another instance's.
  status present() const;
  // The file's text as it is on disk now (for `keys export`).
  result<std::string> text() const;

 private:
  struct state;
  explicit keyring(std::unique_ptr<state> s);
  std::unique_ptr<state> s_;
};

}  // namespace intervision

// deletion_certificate: the proof that a deletion happened, kept after the data is gone. One per
// run of a purge (automatic or by a staff account) and per erasure (by the person through their
// link, or by an admin on request). It says when, what kind of data, how many records, whether the
// cycle's key was destroyed and when the database files were checkpointed: never whose data
// (no email, no name, no hash of either, no token), so it can be kept and shown to an auditor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intervision {

// erasure_replay: at a start, the privacy ledger's erasures applied again to a restored copy.
// announcement_withdrawal: a person left the announcements (one-click header or the link);
// announcement_expiry: the background round removed requests never confirmed in time and
// subscriptions past their retention.
enum class deletion_kind { cycle_purge, erasure_self, erasure_request, erasure_replay, announcement_withdrawal, announcement_expiry };

std::string_view deletion_kind_name(deletion_kind k);  // "cycle_purge", ..., "announcement_expiry"
std::optional<deletion_kind> deletion_kind_from(std::string_view name);

struct deletion_certificate {
  std::int64_t id = 0;
  std::int64_t at = 0;  // seconds since the epoch: when the rows went
  deletion_kind kind = deletion_kind::cycle_purge;
  bool automatic = false;                // the background purge, nobody acting
  std::optional<std::int64_t> staff_id;  // the staff account that asked (purge, admin erasure)
  std::string cycle;                     // the purged cycle's label; empty for an erasure
  int participants = 0, registrations = 0, personal_links = 0, mails = 0;
  int announcement_addresses = 0;  // subscribers to the announcements (address and language)
  std::optional<std::int64_t> key_destroyed_at;  // the cycle's key, destroyed (purges only)
  std::optional<std::int64_t> checkpointed_at;   // WAL checkpointed and truncated after the delete

  int records() const { return participants + registrations + personal_links + mails + announcement_addresses; }
};

// The kinds of data a deletion of this kind removes, as stable ids ("participants",
// "registrations", "attendance", "personal_links", "mails", "announcement_addresses"), in the
// order they are shown.
std::vector<std::string> deleted_data_kinds(deletion_kind k);

}  // namespace intervision

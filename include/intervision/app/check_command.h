// check_command: `intervision check`, the administrator's look at an installation. Prints one
// line per check, "ok   <name>: <detail>", "warn <name>: ..." or "FAIL <name>: ...", and returns
// 0 when nothing failed, 1 otherwise (warnings do not fail). Changes nothing: it creates neither
// the data folder nor the database nor the key file, and sends no mail.
//
// Checks: configuration (loaded by the caller; the series and themes it names), paths and
// permissions (data folder owned by this user and closed to others, database, web root,
// backup folder apart from the key file), key file (present, regular, mode 0600, owned by this
// user, and opening a sealed field of every cycle that still holds participants), disk space
// (free space under the data folder), mail transport (the outbox folder is writable, or an SMTP
// EHLO without sending), clock (plausible, synchronised as far as the kernel knows) and time
// zone (Europe/Brussels in the tz database).
#pragma once

#include <cstdint>
#include <iosfwd>

#include "intervision/config/config.h"

namespace intervision {

struct check_options {
  std::uint64_t min_free_bytes = 256ull << 20;  // less free space under the data folder fails
};

int run_check(const config& cfg, const check_options& options, std::ostream& out);

}  // namespace intervision

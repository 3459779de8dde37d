// health: the checks /healthz runs, one per part the server needs (database, key file, ...).
// A probe is cheap (a stat, a small read, a trivial query) and thread-safe; it returns ok or an
// unavailable status whose message says what is wrong and what to do (no personal data, no
// path). When guards_writes, a failing probe also makes every state-changing API call answer
// 503 with that message, so nothing is accepted that could not be kept.
#pragma once

#include <functional>
#include <string>

#include "intervision/domain/status.h"

namespace intervision {

struct health_check {
  std::string name;
  std::function<status()> probe;
  bool guards_writes = true;
};

}  // namespace intervision

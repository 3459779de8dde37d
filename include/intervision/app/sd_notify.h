// sd_notify: tells systemd about the service's state over the datagram socket named by
// $NOTIFY_SOCKET (the protocol of sd_notify(3), written out so no library is needed). Does
// nothing when the variable is unset (not started by systemd, or Type= is not notify).
// Returns whether a message was sent. Safe from any thread.
#pragma once

#include <string_view>

namespace intervision {

bool notify_service_manager(std::string_view state);

}  // namespace intervision

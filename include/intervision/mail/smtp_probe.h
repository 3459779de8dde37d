// smtp_probe: is the SMTP server of the settings reachable and willing? Connects the way the
// transport does (smtp:// with STARTTLS when required, or smtps://), reads the greeting, says
// EHLO, upgrades and logs in when configured, then disconnects: no MAIL FROM, nothing is sent.
// For `intervision check`. The error names the step that failed, never a credential.
#pragma once

#include "intervision/domain/status.h"
#include "intervision/mail/transport.h"

namespace intervision {

status probe_smtp(const smtp_settings& settings);

}  // namespace intervision

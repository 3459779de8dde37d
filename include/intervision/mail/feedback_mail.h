// feedback_mail: the mail asking a participant, after a session they attended, for anonymous
// feedback, in French, Dutch or English (anything else: English). It greets them by name, names
// the session and its date, gives the one-time link and the day it expires, and says that the
// answer is kept without their name. Pure; thread-safe.
#pragma once

#include <string>

#include "intervision/mail/message.h"

namespace intervision {

struct feedback_mail_fields {
  std::string language, participant_name, session_title, session_when /* formatted */, link, valid_until /* formatted */;
};

mail_message compose_feedback_request(const feedback_mail_fields& fields);

}  // namespace intervision

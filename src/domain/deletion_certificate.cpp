#include "intervision/domain/deletion_certificate.h"

namespace intervision {

std::string_view deletion_kind_name(deletion_kind k) {
  switch (k) {
    case deletion_kind::cycle_purge: return "cycle_purge";
    case deletion_kind::erasure_self: return "erasure_self";
    case deletion_kind::erasure_request: return "erasure_request";
    case deletion_kind::erasure_replay: return "erasure_replay";
    case deletion_kind::announcement_withdrawal: return "announcement_withdrawal";
    case deletion_kind::announcement_expiry: return "announcement_expiry";
  }
  return "cycle_purge";
}

std::optional<deletion_kind> deletion_kind_from(std::string_view name) {
  for (auto k : {deletion_kind::cycle_purge, deletion_kind::erasure_self, deletion_kind::erasure_request, deletion_kind::erasure_replay,
                 deletion_kind::announcement_withdrawal, deletion_kind::announcement_expiry})
    if (deletion_kind_name(k) == name) return k;
  return std::nullopt;
}

std::vector<std::string> deleted_data_kinds(deletion_kind k) {
  // The announcements keep an address and a language, with their mails, and nothing else.
  if (k == deletion_kind::announcement_withdrawal || k == deletion_kind::announcement_expiry) return {"announcement_addresses", "mails"};
  // A purge and an erasure remove the same kinds of rows: the person, their registrations with
  // attendance, their personal link and the mails queued or sent to them; an erasure on
  // request also their subscription to the announcements.
  if (k == deletion_kind::erasure_request) return {"participants", "registrations", "attendance", "personal_links", "mails", "announcement_addresses"};
  return {"participants", "registrations", "attendance", "personal_links", "mails"};
}

}  // namespace intervision

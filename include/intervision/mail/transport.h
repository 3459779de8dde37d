// transport: how a rendered message leaves the server, over SMTP or into a folder.
//
// send() delivers one message (the exact bytes of render_mime) to one recipient and reports:
//   ok                                       delivered (accepted by the server / file in place)
//   status_code::internal, "temporary: ..."  worth retrying later: a connection failure, a
//                                            timeout, a 4xx answer, a TLS or login failure (a
//                                            configuration problem, not the message's fault),
//                                            a full disk
//   status_code::internal, "permanent: ..."  retrying will not help: a 5xx answer to the sender,
//                                            the recipient or the data
//   status_code::internal, "uncertain: ..."  the whole message was handed over but no answer
//                                            came (a timeout, a connection lost after DATA): it
//                                            may have been delivered, so it must not be sent again
// Status messages never contain the recipient address, the sender address or message content.
// A transport is used from one thread at a time (the outbox sender's); it may keep a connection
// or handle between calls.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "intervision/domain/status.h"

namespace intervision {

class mail_transport {
 public:
  virtual ~mail_transport() = default;
  // Delivers one rendered message. Thread: called from the sender's thread only.
  // from: the envelope sender, "address" or "Name <address>"; to: one address.
  virtual status send(const std::string& from, const std::string& to, const std::string& mime) = 0;
};

struct smtp_settings {
  std::string host = "127.0.0.1";
  int port = 25;
  std::string security = "starttls";  // none | starttls | tls
  std::string username, password;     // no authentication when username is empty
  int timeout_seconds = 30;
};

// libcurl: smtp:// (with STARTTLS required when security is "starttls") or smtps:// for "tls";
// MAIL FROM, RCPT TO, then the MIME text as DATA. Certificates are verified.
// An unknown security value makes every send fail with "permanent: ...".
std::unique_ptr<mail_transport> make_smtp_transport(smtp_settings settings);

// One .eml file per message in folder (created if missing), written under a temporary name,
// flushed to disk, then renamed, so a reader never sees half a message. File names are unique
// ("<UTC time>-<random hex>.eml") and say nothing about the recipient.
std::unique_ptr<mail_transport> make_directory_transport(std::filesystem::path folder);

// The two kinds of failure, as transports report them.
status temporary_failure(const std::string& reason);  // "temporary: " + reason
status permanent_failure(const std::string& reason);  // "permanent: " + reason
bool is_permanent_failure(const status& s);
status uncertain_failure(const std::string& reason);  // "uncertain: " + reason
bool is_uncertain_failure(const status& s);

}  // namespace intervision

// announcement_service: "mail me when new sessions are published" (issue 22), a processing of
// its own, by separate consent, outside every cycle, so it survives the cycle's purge.
//
// Double opt-in: request() keeps the address and the language, sealed with the keyring's
// "announcements" key (the email also as the keyed hash that registrations use, so an erasure on
// request finds it), and queues a confirmation mail whose link leads to a page with a button;
// confirm() makes the subscription live. A request not confirmed within confirm_days, and a
// subscription retention_days after the last announcement sent to it, go at expire() (the
// background round), which leaves a deletion certificate. withdraw() (the one-click POST of
// RFC 8058, the link in the text, DELETE /api/v1/announcements) writes the withdrawal to the
// privacy ledger first, so a restored backup does not bring it back (replay() at start), then
// deletes the subscriber and their mails and leaves a certificate.
//
// send() queues one announcement per confirmed subscriber, in their language, with the
// List-Unsubscribe headers; once per cycle, and only when the cycle has sessions to come.
// Answers never say whether an address is subscribed: request() is ok for a new, pending or
// confirmed address alike. Thread: any; every call runs its own transactions on the pool.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/announcement.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/rate_limit.h"
#include "intervision/domain/status.h"
#include "intervision/mail/message.h"
#include "intervision/store/connection.h"

namespace intervision {

class db_pool;
class keyring;
class privacy_ledger;

struct announcement_preview {
  std::string cycle;
  int sessions = 0;                          // sessions still to come in the cycle
  int recipients = 0;                        // confirmed subscribers
  std::map<std::string, int> by_language;    // fr, nl, en -> confirmed subscribers
  std::map<std::string, mail_message> mails;  // fr, nl, en: the text as it will go (links elided)
  std::optional<std::int64_t> sent_at;       // when this cycle's announcement went, if it did
};

struct announcement_summary {
  int confirmed = 0, pending = 0;
  std::map<std::string, int> by_language;
  announcement_policy policy;
  std::optional<std::string> last_cycle;
  std::optional<std::int64_t> last_sent_at;
};

class announcement_service {
 public:
  // The keyring label that seals the subscribers' fields and mails (never a cycle's label).
  static constexpr const char* key_label = "announcements";

  announcement_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                       std::shared_ptr<privacy_ledger> ledger);

  // 422 with the failing fields (email, language, consent), 429 past the limits per client
  // address or per email (retry_after_seconds), else ok (and at most one confirmation mail).
  status request(const std::optional<std::string>& email, const std::optional<std::string>& language, bool consent,
                 const std::string& client_address = "");
  // The same, queued: done(status) runs on the writer thread after the commit (usable from a
  // completion that itself runs there, where request() would wait for itself).
  void request_async(const std::optional<std::string>& email, const std::optional<std::string>& language, bool consent,
                     const std::string& client_address, std::function<void(status)> done);
  std::int64_t retry_after_seconds(const std::string& client_address);
  // 404 unknown link, 410 expired request; ok (also when confirmed already).
  status confirm(const std::string& token);
  // ok, also when the link was already used; 503 when the ledger cannot record it.
  status withdraw(const std::string& token);

  // 404 unknown cycle, 409 no session to come in it.
  result<announcement_preview> preview(const std::string& cycle);
  // As preview, then queues the mails; 409 when this cycle's announcement went already.
  result<announcement_preview> send(const std::string& cycle, std::int64_t staff_id);
  // Removes expired requests and lapsed subscriptions; certificate when any went. Returns how many.
  int expire();
  // At start: withdrawals listed in the privacy ledger, applied again (a restored copy).
  int replay();
  announcement_summary summary();

  announcement_policy policy() const;
  std::string token_hash(const std::string& token) const;

 private:
  using write_job = std::function<void(db_connection&)>;
  // Validation, limits and the key, then the write that records the request and its mail.
  result<write_job> prepare_request(const std::optional<std::string>& email, const std::optional<std::string>& language, bool consent,
                                    const std::string& client_address);
  std::string email_hash(const std::string& email) const;
  std::string link(const std::string& path, const std::string& token) const;

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
  std::shared_ptr<privacy_ledger> ledger_;
  rate_limit per_address_;
  rate_limit per_email_;
};

}  // namespace intervision

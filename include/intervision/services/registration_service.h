// registration_service: the participant's side. Registering (one session or every remaining
// session of its series in the cycle), the waiting list, the personal link and right of access,
// cancellation with promotion of the first waitlisted person, and erasure.
//
// Every change and the mail it causes are written in one transaction (an outbox row per mail),
// through the db_pool's single writer: so capacity is decided in arrival order and never
// exceeded, no mail is lost and none is sent for a change that rolled back.
// Personal fields are sealed with their cycle's key; look-ups go through keyed hashes.
// Asynchronous calls complete on the writer thread after the commit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/rate_limit.h"
#include "intervision/domain/ical.h"
#include "intervision/mail/message.h"
#include "intervision/mail/templates.h"
#include "intervision/domain/registration_input.h"
#include "intervision/domain/status.h"
#include "intervision/store/connection.h"


namespace intervision {

class db_pool;
class keyring;
class privacy_ledger;
struct session_row;
struct series_row;
struct participant_row;
struct outbox_row;

struct registration_item {
  std::int64_t session_id = 0;
  std::int64_t registration_id = 0;
  std::string status;
  int waitlist_position = 0;
};

struct registration_outcome {
  std::vector<registration_item> items;  // the first is the session asked for
  std::string deletion_date;             // YYYY-MM-DD
  std::string privacy_version;
};

struct participant_view {
  std::int64_t id = 0;
  std::string name, email, phone, organisation, sector, role, language, cycle, deletion_date, privacy_version;
  std::int64_t consent_at = 0;
  struct registration {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string status;
    int waitlist_position = 0;
    std::optional<std::string> attendance;
  };
  std::vector<registration> registrations;
  struct mail {
    std::string kind, status;
    std::int64_t created_at = 0;
  };
  std::vector<mail> mails;
};

// Who a change of a session reached: the mails queued, by the language each is written in.
struct notified_counts {
  int count = 0;
  std::map<std::string, int> languages;
};

struct erasure_counts {
  int participants = 0, registrations = 0, mails = 0;
  int announcement_addresses = 0;  // the subscription to the announcements, if any
};

class registration_service {
 public:
  // Erasures are written to the ledger (fsynced) before the database forgets the person, so a
  // restored backup cannot bring them back (see privacy_ledger).
  registration_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                       std::shared_ptr<privacy_ledger> ledger);

  using done_fn = std::function<void(result<registration_outcome>)>;
  // Validates (422), checks the session (404, 410) and the series' audience (403) and queues
  // the write; a duplicate email for the session gives 409. 429 past
  // security.registrations_per_address_hour from client_address, or
  // registrations_per_email_hour for the email (retry_after_seconds() says how long); the
  // counts live in memory only, keyed by keyed hashes: no address is stored.
  void register_for(std::int64_t session_id, raw_registration raw, bool all_remaining, done_fn done,
                    const std::string& client_address = "");

  // After a 429 from register_for: the seconds to wait.
  std::int64_t retry_after_seconds(const std::string& email, const std::string& client_address);

  // Admin: cancels every live registration of this email in every cycle in one step (seats
  // freed, the waiting list promoted and told); returns how many were cancelled. The audit gets
  // the count only.
  result<int> cancel_all_of_email(const std::string& email, std::int64_t staff_id);

  // A walk-in added to the roll on the spot by staff: confirmed and present whatever the
  // capacity, consent recorded; the email is optional. Returns the registration id.
  result<std::int64_t> add_walk_in(std::int64_t session_id, raw_registration raw, std::int64_t staff_id);

  // The participant a personal-link token opens (401 when none).
  result<participant_view> me(const std::string& token);
  void cancel(const std::string& token, std::int64_t registration_id, std::function<void(status)> done);
  void erase_me(const std::string& token, std::function<void(status)> done);
  // Admin erasure: removes every participant with this email in every cycle, leaves a deletion
  // certificate by staff_id (also when nobody matched) and checkpoints the files.
  // Admin: cancels every live registration made from one network (an IPv4 /24 or /16, an IPv6
  // /64 or /48, or one address standing for its /24 or /64) in one step, as cancel_all_of_email
  // does; 422 {address_range: invalid} for another range. Audited with the count only.
  result<int> cancel_all_from_range(const std::string& range, std::int64_t staff_id);
  result<erasure_counts> erase_email(const std::string& email, std::optional<std::int64_t> staff_id = std::nullopt);

  // Inside a write job: confirms the first waitlisted people while seats are free, with mail.
  int promote_waitlisted(db_connection& db, std::int64_t session_id);
  // Inside a write job: mails every live registrant of a session (cancelled: confirmed and
  // waitlisted; changed: confirmed), and says how many mails were queued in which language (a
  // walk-in without an address gets none).
  notified_counts notify_session_change(db_connection& db, std::int64_t session_id, bool cancelled);
  // Inside a write job: cancels a registration, updates counts, promotes; 404 when not this participant's.
  status cancel_registration(db_connection& db, std::int64_t participant_id, std::int64_t registration_id);
  // Inside a write job: queues reminders for sessions starting within reminder_days (once each).
  int queue_reminders(db_connection& db);

  std::string personal_link(const std::string& token) const;
  std::string email_hash(const std::string& email) const;
  std::string token_hash(const std::string& token) const;

 private:
  struct session_context;
  // Who a mail goes to, in the clear (opened from the participant row, or straight from a form).
  struct mail_person {
    std::string cycle_label, language, name, email, token;
  };
  // The sealed outbox row of one mail (participant_id left for the caller); needs no database.
  outbox_row render_mail(const mail_person& to, const std::string& cycle_key, const std::string& kind, const session_row& s,
                         const series_row& series, int waitlist_position, const std::string& mail_id) const;
  // One mail for "all remaining sessions": what is confirmed, what is waitlisted, one .ics.
  outbox_row render_series_mail(const mail_person& to, const std::string& cycle_key, const series_row& series,
                                const std::vector<std::pair<session_row, registration_item>>& items,
                                const std::string& mail_id) const;
  // The calendar event of a session: one UID under the public host, URL back to its page, ORGANIZER.
  ical_event event_for(const session_row& s, const series_row& series, const std::string& language) const;
  mail_fields fields_for(const mail_person& to, const series_row& series) const;
  outbox_row seal_mail(const mail_person& to, const std::string& cycle_key, const std::string& kind, std::int64_t session_id,
                       mail_message m, const std::string& mail_id) const;
  mail_person person_of(const participant_row& p) const;
  // Inside a registration's job: the mails of what all_remaining registered (one for one
  // session, one with every session otherwise).
  void mail_registrations(db_connection& db, const participant_row& p, const series_row& series,
                          const std::vector<std::pair<session_row, registration_item>>& made, std::int64_t now_s);
  // The mail's keyed id: the same mail (kind, person, session, and `occasion`: the registration's
  // queued_at or the session's sequence) gets the same id, in a restored copy too.
  std::string mail_id(const std::string& kind, const std::string& token_hash, std::int64_t session_id, std::int64_t occasion) const;
  // Queues nothing for a person without an address (a walk-in who gave none).
  // True when a mail was queued.
  bool enqueue_mail(db_connection& db, const participant_row& p, const std::string& kind, const session_row& s,
                    const series_row& series, int waitlist_position, std::int64_t occasion);
  std::string open_field(const participant_row& p, const std::string& sealed, const char* field) const;

  // nullopt when both limits admit one more (and then it is counted), else the 429.
  std::optional<status> over_limit(const std::string& email, const std::string& client_address, std::int64_t now);
  std::string address_key(const std::string& client_address) const;
  // Keyed hashes of the client's two networks (domain/network.h); empty for no address.
  std::pair<std::string, std::string> network_hashes(const std::string& client_address) const;

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
  rate_limit per_address_;
  rate_limit per_email_;
  std::shared_ptr<privacy_ledger> ledger_;
};

}  // namespace intervision

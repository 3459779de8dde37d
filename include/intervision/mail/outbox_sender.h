// outbox_sender: delivers the queued mails of the outbox, with retries and exponential back-off.
//
// The outbox itself (rows written in the same transaction as the change that causes them) lives
// behind outbox_store; the sender only reads what is due and records each outcome:
//   before the hand-off                -> claim(id, now): the row is marked as handed over first, so
//                                        a crash or a kill between the hand-off and mark_sent
//                                        never sends it again (at most once; see README)
//   delivered                         -> mark_sent(id, now)
//   uncertain (no answer after DATA)  -> mark_uncertain(id, attempts + 1): never sent again
//   permanent failure (a 5xx answer)  -> mark_failed(id, attempts + 1)
//   temporary failure                 -> mark_retry(id, attempts + 1, next_attempt_after(now,
//                                        attempts + 1)), or mark_failed once max_attempts
//                                        attempts have been made
// Thread: run_once is called from one thread (the sender's); the store, transport and clock
// must outlive the sender. Exceptions thrown by the store propagate; an exception thrown by the
// transport counts as a temporary failure. Nothing is logged here: status messages of the
// transport carry no address.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "intervision/domain/clock.h"
#include "intervision/mail/transport.h"

namespace intervision {

struct outbox_item {
  std::int64_t id;
  std::string recipient;
  std::string mime;
  int attempts;  // attempts made so far
};

class outbox_store {
 public:
  virtual ~outbox_store() = default;
  // Items not yet sent or failed whose next attempt is at or before now, oldest first.
  virtual std::vector<outbox_item> due(sys_seconds now, std::size_t limit) = 0;
  virtual void mark_sent(std::int64_t id, sys_seconds when) = 0;
  virtual void mark_retry(std::int64_t id, int attempts, sys_seconds next_attempt) = 0;
  virtual void mark_failed(std::int64_t id, int attempts) = 0;  // gave up
  // Marks the row as being handed over; false when it is not due any more (someone else has it).
  virtual bool claim(std::int64_t id, sys_seconds now) = 0;
  // Handed over, outcome unknown: given up on without sending it again.
  virtual void mark_uncertain(std::int64_t id, int attempts) = 0;
};

// When to try again after `attempts` failed attempts: 30 s after the first, then 1 min, 2 min,
// 4 min ... doubling, never more than 1 h.
sys_seconds next_attempt_after(sys_seconds now, int attempts);

class outbox_sender {
 public:
  // from: the sender address ("address" or "Name <address>") used as the envelope sender.
  outbox_sender(outbox_store& store, mail_transport& transport, const clock& clock, std::string from,
                int max_attempts = 10);

  // Sends what is due now (at most batch_size items); returns how many were delivered.
  // keep_going (if set) is asked before each message: false stops there (a shutdown), the rest
  // stays queued.
  std::size_t run_once(const std::function<bool()>& keep_going = {});

  static constexpr std::size_t batch_size = 50;

 private:
  outbox_store& store_;
  mail_transport& transport_;
  const clock& clock_;
  std::string from_;
  int max_attempts_;
};

}  // namespace intervision

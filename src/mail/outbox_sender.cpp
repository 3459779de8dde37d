#include "intervision/mail/outbox_sender.h"

#include <exception>
#include <utility>

namespace intervision {

sys_seconds next_attempt_after(sys_seconds now, int attempts) {
  constexpr long long first = 30;
  constexpr long long cap = 3600;
  long long delay = first;
  for (int i = 1; i < attempts && delay < cap; ++i) delay *= 2;
  if (delay > cap) delay = cap;
  return now + std::chrono::seconds{delay};
}

outbox_sender::outbox_sender(outbox_store& store, mail_transport& transport, const clock& clock, std::string from,
                             int max_attempts)
    : store_(store),
      transport_(transport),
      clock_(clock),
      from_(std::move(from)),
      max_attempts_(max_attempts < 1 ? 1 : max_attempts) {}

std::size_t outbox_sender::run_once(const std::function<bool()>& keep_going) {
  std::size_t sent = 0;
  for (const outbox_item& item : store_.due(clock_.now(), batch_size)) {
    if (keep_going && !keep_going()) break;
    if (!store_.claim(item.id, clock_.now())) continue;
    status result;
    try {
      result = transport_.send(from_, item.recipient, item.mime);
    } catch (const std::exception&) {
      result = temporary_failure("the transport threw");
    }
    const sys_seconds now = clock_.now();
    const int attempts = item.attempts + 1;
    if (result.is_ok()) {
      store_.mark_sent(item.id, now);
      ++sent;
    } else if (is_uncertain_failure(result)) {
      store_.mark_uncertain(item.id, attempts);
    } else if (is_permanent_failure(result) || attempts >= max_attempts_) {
      store_.mark_failed(item.id, attempts);
    } else {
      store_.mark_retry(item.id, attempts, next_attempt_after(now, attempts));
    }
  }
  return sent;
}

}  // namespace intervision

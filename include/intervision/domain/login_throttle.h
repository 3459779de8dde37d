// login_throttle: slows password guessing without letting anyone lock the owner out.
//
// Failures are counted per client address and per (account, client address), never per account
// alone: an attacker's failures from their addresses cannot stop the owner signing in from an
// address that has none. Each key gets `free_failures` failures without delay; every further
// failure doubles the wait before the next attempt from that key (base_delay, 2x, 4x, ... up to
// max_delay). An attempt made while a key is waiting is refused without a password check and
// counts as one more failure (so ten requests every quarter hour do not keep a key "fresh").
// A key is forgotten after `forget_after` without failures, or at once on a success for the
// (account, address) key. Memory stays bounded: at most max_keys keys, the stalest dropped first.
//
// Pure rules: the caller passes "now" (unix seconds) and holds no lock; the class locks itself.
// IPv6 addresses are counted per /64 (one host usually holds the whole /64).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace intervision {

struct login_throttle_settings {
  int free_failures = 5;
  std::int64_t base_delay = 1;       // seconds, after the first failure past the free ones
  std::int64_t max_delay = 15 * 60;  // seconds
  std::int64_t forget_after = 24 * 3600;
  std::size_t max_keys = 100000;
};

// What a check or a failure found.
struct throttle_verdict {
  bool refused = false;        // wait retry_after seconds before trying again
  std::int64_t retry_after = 0;
  bool address_started = false;  // this failure started a wait for the address key
  bool account_started = false;  // ... for the (account, address) key
};

class login_throttle {
 public:
  explicit login_throttle(login_throttle_settings s) : settings_(s) {}

  // Before a password check. When refused, the attempt has been counted as a failure.
  throttle_verdict check(const std::string& account, const std::string& address, std::int64_t now);
  // After a wrong password (or an unknown account).
  throttle_verdict failure(const std::string& account, const std::string& address, std::int64_t now);
  // After a right password: the (account, address) key starts afresh; the address key stays.
  void success(const std::string& account, const std::string& address);
  // Seconds until both keys may try again (0: now).
  std::int64_t retry_after(const std::string& account, const std::string& address, std::int64_t now);

  // True when neither key has a failure on record (an address that has not guessed).
  bool clean(const std::string& account, const std::string& address, std::int64_t now);

  std::size_t size();

 private:
  struct entry {
    int failures = 0;
    std::int64_t last_failure = 0;
    std::int64_t blocked_until = 0;
  };
  std::int64_t delay_for(int failures) const;
  entry* live(const std::string& key, std::int64_t now);
  bool count(const std::string& key, std::int64_t now);  // true when this failure started a wait
  void make_room(std::int64_t now);

  login_throttle_settings settings_;
  std::mutex mutex_;
  std::map<std::string, entry> keys_;
};

// The address as counted: IPv4 and other text as given, IPv6 cut to its /64 prefix.
std::string throttle_address(const std::string& address);

}  // namespace intervision

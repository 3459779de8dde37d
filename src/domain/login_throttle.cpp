#include "intervision/domain/login_throttle.h"

#include <algorithm>
#include <vector>

#include <arpa/inet.h>

namespace intervision {

namespace {

std::string address_key(const std::string& address) { return "a\n" + throttle_address(address); }
std::string account_key(const std::string& account, const std::string& address) {
  return "c\n" + account + "\n" + throttle_address(address);
}

}  // namespace

std::string throttle_address(const std::string& address) {
  unsigned char bytes[16];
  std::string a = address;
  if (!a.empty() && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  if (a.find(':') == std::string::npos || ::inet_pton(AF_INET6, a.c_str(), bytes) != 1) return address;
  // An IPv4-mapped address counts as the IPv4 address it maps.
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(bytes, bytes + 12, mapped)) {
    char text[INET_ADDRSTRLEN];
    if (::inet_ntop(AF_INET, bytes + 12, text, sizeof text)) return text;
  }
  std::fill(bytes + 8, bytes + 16, 0);
  char text[INET6_ADDRSTRLEN];
  if (!::inet_ntop(AF_INET6, bytes, text, sizeof text)) return address;
  return std::string(text) + "/64";
}

std::int64_t login_throttle::delay_for(int failures) const {
  int over = failures - settings_.free_failures;
  if (over <= 0) return 0;
  std::int64_t d = settings_.base_delay;
  for (int i = 1; i < over && d < settings_.max_delay; ++i) d *= 2;
  return std::min(d, settings_.max_delay);
}

login_throttle::entry* login_throttle::live(const std::string& key, std::int64_t now) {
  auto it = keys_.find(key);
  if (it == keys_.end()) return nullptr;
  if (now - it->second.last_failure >= settings_.forget_after && now >= it->second.blocked_until) {
    keys_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void login_throttle::make_room(std::int64_t now) {
  if (keys_.size() < settings_.max_keys) return;
  for (auto it = keys_.begin(); it != keys_.end();)
    it = (now - it->second.last_failure >= settings_.forget_after && now >= it->second.blocked_until) ? keys_.erase(it) : std::next(it);
  if (keys_.size() < settings_.max_keys) return;
  // Still full: drop the stalest half (an attacker filling the table loses their own old keys first).
  std::vector<std::pair<std::int64_t, std::string>> by_age;
  by_age.reserve(keys_.size());
  for (const auto& [k, e] : keys_) by_age.emplace_back(e.last_failure, k);
  auto half = by_age.begin() + static_cast<std::ptrdiff_t>(by_age.size() / 2);
  std::nth_element(by_age.begin(), half, by_age.end());
  for (auto it = by_age.begin(); it != half; ++it) keys_.erase(it->second);
}

bool login_throttle::count(const std::string& key, std::int64_t now) {
  auto* e = live(key, now);
  if (!e) {
    make_room(now);
    e = &keys_[key];
  }
  e->failures = std::min(e->failures + 1, 1 << 20);
  e->last_failure = now;
  auto d = delay_for(e->failures);
  if (d > 0) e->blocked_until = std::max(e->blocked_until, now + d);
  return e->failures == settings_.free_failures + 1;
}

throttle_verdict login_throttle::check(const std::string& account, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  throttle_verdict v;
  auto ak = address_key(address), ck = account_key(account, address);
  auto* a = live(ak, now);
  auto* c = live(ck, now);
  bool a_blocked = a && now < a->blocked_until, c_blocked = c && now < c->blocked_until;
  if (!a_blocked && !c_blocked) return v;
  // Counted against the key(s) that refused it; a refusal never creates the other key.
  if (a_blocked) count(ak, now);
  if (c_blocked) count(ck, now);
  v.refused = true;
  a = live(ak, now);
  c = live(ck, now);
  v.retry_after = std::max(a ? a->blocked_until - now : 0, c ? c->blocked_until - now : 0);
  v.retry_after = std::max<std::int64_t>(v.retry_after, 1);
  return v;
}

throttle_verdict login_throttle::failure(const std::string& account, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  throttle_verdict v;
  v.address_started = count(address_key(address), now);
  v.account_started = count(account_key(account, address), now);
  return v;
}

void login_throttle::success(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  keys_.erase(account_key(account, address));
}

std::int64_t login_throttle::retry_after(const std::string& account, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::int64_t out = 0;
  for (const auto& k : {address_key(address), account_key(account, address)})
    if (auto* e = live(k, now); e && now < e->blocked_until) out = std::max(out, e->blocked_until - now);
  return out;
}

bool login_throttle::clean(const std::string& account, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  return !live(address_key(address), now) && !live(account_key(account, address), now);
}

std::size_t login_throttle::size() {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace intervision

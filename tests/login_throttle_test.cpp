// login_throttle: growing delays per address and per (account, address), failures while waiting
// counted, nothing per account alone, bounded memory.
#include <catch2/catch.hpp>

#include "intervision/domain/login_throttle.h"

using namespace intervision;

namespace {

login_throttle_settings settings() {
  login_throttle_settings s;
  s.free_failures = 3;
  s.base_delay = 1;
  s.max_delay = 900;
  s.forget_after = 86400;
  return s;
}

}  // namespace

TEST_CASE("free failures, then delays that double up to the cap", "[throttle]") {
  login_throttle t(settings());
  const std::int64_t now = 1000000;
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(t.check("ann@x", "10.0.0.1", now).refused);
    t.failure("ann@x", "10.0.0.1", now);
  }
  CHECK_FALSE(t.check("ann@x", "10.0.0.1", now).refused);  // the 3 free failures cost no wait
  auto v = t.failure("ann@x", "10.0.0.1", now);
  CHECK(v.account_started);
  CHECK(v.address_started);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now) == 1);
  // After the wait, another failure doubles it.
  CHECK_FALSE(t.check("ann@x", "10.0.0.1", now + 1).refused);
  t.failure("ann@x", "10.0.0.1", now + 1);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now + 1) == 2);
  for (int i = 0; i < 20; ++i) t.failure("ann@x", "10.0.0.1", now + 2);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now + 2) == 900);  // capped
}

TEST_CASE("an attempt made while waiting is refused and counted", "[throttle]") {
  login_throttle t(settings());
  const std::int64_t now = 1000000;
  for (int i = 0; i < 4; ++i) t.failure("ann@x", "10.0.0.1", now);
  REQUIRE(t.retry_after("ann@x", "10.0.0.1", now) == 1);
  auto v = t.check("ann@x", "10.0.0.1", now);
  CHECK(v.refused);
  CHECK(v.retry_after == 2);  // the refused attempt was the 5th failure
  // Ten refused attempts push the wait up: waiting out one delay does not make the key fresh.
  for (int i = 0; i < 10; ++i) t.check("ann@x", "10.0.0.1", now);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now) == 900);
  CHECK(t.check("ann@x", "10.0.0.1", now + 899).refused);
}

TEST_CASE("failures from other addresses never hold the owner back", "[throttle]") {
  login_throttle t(settings());
  const std::int64_t now = 1000000;
  for (int a = 0; a < 50; ++a)
    for (int i = 0; i < 10; ++i) t.failure("ann@x", "10.0.1." + std::to_string(a), now);
  CHECK(t.check("ann@x", "10.0.1.3", now).refused);
  CHECK_FALSE(t.check("ann@x", "192.0.2.7", now).refused);
  CHECK(t.retry_after("ann@x", "192.0.2.7", now) == 0);
  CHECK(t.clean("ann@x", "192.0.2.7", now));  // the owner's sign-in goes ahead of the guesses
  CHECK_FALSE(t.clean("ann@x", "10.0.1.3", now));
}

TEST_CASE("one address guessing many accounts waits on its address key", "[throttle]") {
  login_throttle t(settings());
  const std::int64_t now = 1000000;
  for (int i = 0; i < 4; ++i) t.failure("user" + std::to_string(i) + "@x", "10.0.0.1", now);
  CHECK(t.check("someone-else@x", "10.0.0.1", now).refused);
  CHECK_FALSE(t.check("someone-else@x", "10.0.0.2", now).refused);
}

TEST_CASE("success clears the account key; quiet keys are forgotten", "[throttle]") {
  login_throttle t(settings());
  const std::int64_t now = 1000000;
  for (int i = 0; i < 3; ++i) t.failure("ann@x", "10.0.0.1", now);
  t.success("ann@x", "10.0.0.1");
  t.failure("ann@x", "10.0.0.1", now);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now) == 1);  // the address key still had 3
  t.success("ann@x", "10.0.0.1");
  CHECK(t.retry_after("ann@x", "10.0.0.1", now) == 1);  // and keeps them: it is not the account's
  CHECK_FALSE(t.check("ann@x", "10.0.0.1", now + 86400).refused);
  t.failure("ann@x", "10.0.0.1", now + 86400);
  CHECK(t.retry_after("ann@x", "10.0.0.1", now + 86400) == 0);  // counting started afresh
}

TEST_CASE("IPv6 counts per /64; memory stays bounded", "[throttle]") {
  CHECK(throttle_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
  CHECK(throttle_address("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
  CHECK(throttle_address("::ffff:192.0.2.1") == "192.0.2.1");
  CHECK(throttle_address("192.0.2.1") == "192.0.2.1");
  auto s = settings();
  s.max_keys = 1000;
  login_throttle t(s);
  for (int i = 0; i < 5000; ++i) t.failure("a@x", "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1", 1000 + i);
  CHECK(t.size() <= 1000);
  // The newest keys survive the eviction.
  CHECK(t.retry_after("a@x", "10.19.135.1", 1000 + 4999) == 0);
  for (int i = 0; i < 3; ++i) t.failure("a@x", "10.19.135.1", 7000);
  CHECK(t.retry_after("a@x", "10.19.135.1", 7000) >= 1);
}

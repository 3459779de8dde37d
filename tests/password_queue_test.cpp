// Argon2 work on its own bounded queue: a sign-in flood is refused there (503) or waits there,
// and the worker threads keep serving public reads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <future>

#include <fmt/format.h>

#include "intervision/services/password_queue.h"
#include "support.h"

using namespace intervision;
using namespace intervision::test;
using namespace std::chrono_literals;

TEST_CASE("password_queue runs jobs on its own threads and refuses past its capacity", "[password_queue]") {
  password_queue q(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> ran{0};
  auto caller = std::this_thread::get_id();
  std::atomic<bool> other_thread{false};
  REQUIRE(q.try_post([&, gate] {
    other_thread = std::this_thread::get_id() != caller;
    gate.wait();
    ++ran;
  }));
  std::this_thread::sleep_for(50ms);  // the first job now holds the only thread
  CHECK(q.try_post([&] { ++ran; }));
  CHECK(q.try_post([&] { ++ran; }));
  CHECK_FALSE(q.try_post([&] { ++ran; }));  // two waiting: full
  std::atomic<int> order{0}, priority_at{0};
  CHECK(q.try_post([&] { priority_at = ++order; ++ran; }, true));  // its own lane, taken first
  release.set_value();
  q.stop();
  CHECK(ran == 4);
  CHECK(priority_at == 1);
  CHECK(other_thread);
  CHECK_FALSE(q.try_post([&] { ++ran; }));  // stopped
}

TEST_CASE("public reads stay fast during a sign-in flood from many addresses", "[password_queue][flood]") {
  temp_dir dir;
  test_server server(test_config(dir.path, {{"INTERVISION_SERVER_TRUST_PROXY", "true"}, {"INTERVISION_SERVER_WORKER_THREADS", "4"}}));
  auto port = server.port();
  auto list = request(port, "GET", "/api/v1/sessions?series=cross-sector");
  REQUIRE(list.status == 200);
  auto id_at = list.body.find("\"id\":");
  REQUIRE(id_at != std::string::npos);
  auto session_id = std::stoll(list.body.substr(id_at + 5));
  std::atomic<bool> flooding{true};
  std::atomic<int> answered{0}, refused{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 32; ++t)
    flood.emplace_back([&, t] {
      for (int i = 0; flooding && i < 1000; ++i) {
        auto r = request(port, "POST", "/api/v1/auth/login", R"({"email":"admin@localhost","password":"a wrong guess"})",
                         {{"X-Forwarded-For", fmt::format("127.1.{}.{}", t, i % 250)}});
        ++answered;
        refused += r.status == 503;
      }
    });
  std::this_thread::sleep_for(300ms);
  std::vector<double> ms;
  for (int i = 0; i < 40; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto r = request(port, "GET", fmt::format("/api/v1/sessions/{}", session_id));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    CHECK(r.status == 200);
    std::this_thread::sleep_for(20ms);
  }
  flooding = false;
  for (auto& t : flood) t.join();
  std::sort(ms.begin(), ms.end());
  auto p90 = ms[ms.size() * 9 / 10];
  INFO("public session read during the flood: median " << ms[ms.size() / 2] << " ms, p90 " << p90 << " ms; sign-ins answered "
                                                         << answered << ", refused " << refused);
  CHECK(p90 < 100.0);
  CHECK(answered > 32);
}

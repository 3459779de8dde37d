// crypto: the security primitives every layer uses, all from libsodium (link -lsodium).
//
// Call init_crypto() once at start and refuse to run when it returns false; every function
// below also makes sure libsodium is initialised and throws std::runtime_error if it cannot be.
// All functions are thread-safe. Keys, tokens and passwords never reach a log line: callers
// must not log what these functions take or return.
//
// - random_token: base64url (no padding) of `bytes` bytes from the CSPRNG; 32 bytes -> 43 chars.
// - keyed_hash: lower-case hex of keyed BLAKE2b-256, for looking up emails and tokens without
//   storing them. The key must be 16..64 bytes (std::invalid_argument otherwise).
// - seal/open: XChaCha20-Poly1305-IETF with a random 24-byte nonce; seal returns
//   nonce || ciphertext || tag (binary, plaintext size + 40). The key must be 32 bytes
//   (seal throws std::invalid_argument otherwise). open returns nullopt on a wrong key, wrong
//   associated data, a tampered or truncated input.
// - hash_password/verify_password: Argon2id (t = password_opslimit, m = password_memlimit, OWASP's
//   minimum), stored as the "$argon2id$v=19$m=19456,t=2,p=1$..." string. At most two hash or
//   verify computations run at once in the process; further callers wait their turn (blocking:
//   call them off the I/O threads). burn_password_time costs one verify, for unknown accounts.
//   hash_password throws std::runtime_error when the memory cannot be had.
// - equal_ct: compares in time independent of the content (not of the lengths).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace intervision {

bool init_crypto();

std::string random_token(std::size_t bytes = 32);
std::string keyed_hash(std::string_view key, std::string_view data);

inline constexpr std::size_t secret_key_bytes = 32;
std::string random_key();  // secret_key_bytes raw bytes
std::string seal(std::string_view key, std::string_view plaintext, std::string_view associated_data);
std::optional<std::string> open(std::string_view key, std::string_view sealed, std::string_view associated_data);

inline constexpr unsigned long long password_opslimit = 2;
inline constexpr std::size_t password_memlimit = 19u * 1024u * 1024u;  // 19 MiB
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// True when the hash was made with other (older, weaker) settings and should be redone at the
// next successful sign-in.
bool password_needs_rehash(std::string_view hash);
void burn_password_time();
// The hash burn_password_time() verifies against (exposed so tests can check its cost settings).
std::string_view dummy_password_hash_for_tests();

bool equal_ct(std::string_view a, std::string_view b);

// base64url without padding, and its strict inverse (nullopt on anything else).
std::string to_base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);

// Test hook: password computations in flight now, the most seen at once since the last
// reset, and how many have run in total.
struct password_work_stats {
  int in_flight = 0;
  int peak = 0;
  long long total = 0;
};
password_work_stats password_work();
void reset_password_work_peak();

}  // namespace intervision

#include "intervision/domain/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <semaphore>
#include <stdexcept>

namespace intervision {

namespace {

void require_sodium() {
  if (!init_crypto()) throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes_of(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Argon2id needs password_memlimit of memory per computation: two at once bounds the memory
// and the CPU a burst of sign-ins can take; the rest queue here.
std::counting_semaphore<2> password_slots(2);
std::atomic<int> in_flight{0};
std::atomic<int> peak{0};
std::atomic<long long> total{0};

class password_slot {
 public:
  password_slot() {
    password_slots.acquire();
    int now = ++in_flight;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
  }
  ~password_slot() {
    --in_flight;
    ++total;
    password_slots.release();
  }
  password_slot(const password_slot&) = delete;
  password_slot& operator=(const password_slot&) = delete;
};

// hash_password("intervision: no such account"), same settings: verifying against it costs
// what verifying a real account's password costs.
constexpr const char* dummy_hash =
    "$argon2id$v=19$m=19456,t=2,p=1$89irDkpmyezivyT6SnddZw$tzO41nuE3oPHRYhHxezeAhnd7dDwroA5h3rA94ZbtY4";

}  // namespace

bool init_crypto() {
  static const bool ok = sodium_init() >= 0;  // thread-safe static initialisation; sodium_init is idempotent
  return ok;
}

std::string random_token(std::size_t bytes) {
  require_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  auto out = to_base64url(raw);
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string keyed_hash(std::string_view key, std::string_view data) {
  require_sodium();
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX)
    throw std::invalid_argument("keyed_hash: key must be 16..64 bytes");
  unsigned char out[32];
  crypto_generichash(out, sizeof out, bytes_of(data), data.size(), bytes_of(key), key.size());
  std::string hex(sizeof out * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), out, sizeof out);
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string random_key() {
  require_sodium();
  std::string key(secret_key_bytes, '\0');
  crypto_aead_xchacha20poly1305_ietf_keygen(bytes_of(key));
  return key;
}

std::string seal(std::string_view key, std::string_view plaintext, std::string_view associated_data) {
  require_sodium();
  if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) throw std::invalid_argument("seal: key must be 32 bytes");
  constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(nonce_bytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = bytes_of(out);
  randombytes_buf(nonce, nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + nonce_bytes, &written, bytes_of(plaintext), plaintext.size(),
                                             bytes_of(associated_data), associated_data.size(), nullptr, nonce, bytes_of(key));
  out.resize(nonce_bytes + static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> open(std::string_view key, std::string_view sealed, std::string_view associated_data) {
  require_sodium();
  constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) return std::nullopt;
  if (sealed.size() < nonce_bytes + tag_bytes) return std::nullopt;
  std::string out(sealed.size() - nonce_bytes - tag_bytes, '\0');
  unsigned long long written = 0;
  auto* nonce = bytes_of(sealed);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(bytes_of(out), &written, nullptr, nonce + nonce_bytes,
                                                 sealed.size() - nonce_bytes, bytes_of(associated_data),
                                                 associated_data.size(), nonce, bytes_of(key)) != 0)
    return std::nullopt;
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string hash_password(std::string_view password) {
  require_sodium();
  char out[crypto_pwhash_STRBYTES];
  int rc;
  {
    password_slot slot;
    rc = crypto_pwhash_str_alg(out, password.data(), password.size(), password_opslimit, password_memlimit,
                               crypto_pwhash_ALG_ARGON2ID13);
  }
  if (rc != 0) throw std::runtime_error("password hashing failed (out of memory)");
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  require_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);  // libsodium reads a NUL-terminated string
  password_slot slot;
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash) {
  require_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), password_opslimit, password_memlimit) != 0;
}

std::string_view dummy_password_hash_for_tests() { return dummy_hash; }

void burn_password_time() {
  // The result is meaningless; the cost is the point.
  (void)verify_password(dummy_hash, "intervision: not the password");
}

bool equal_ct(std::string_view a, std::string_view b) {
  require_sodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_base64url(std::string_view bytes) {
  require_sodium();
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  require_sodium();
  std::string out(text.size() * 3 / 4 + 1, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes_of(out), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

password_work_stats password_work() { return {in_flight.load(), peak.load(), total.load()}; }

void reset_password_work_peak() { peak.store(in_flight.load()); }

}  // namespace intervision

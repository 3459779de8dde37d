#include "intervision/mail/transport.h"

#include <sys/socket.h>

#include <cstring>
#include <mutex>
#include <string_view>
#include <utility>

#include <curl/curl.h>

#include "intervision/mail/message.h"

namespace intervision {

namespace {

constexpr std::string_view temporary_prefix = "temporary: ";
constexpr std::string_view permanent_prefix = "permanent: ";
constexpr std::string_view uncertain_prefix = "uncertain: ";

void global_init_once() {
  // curl_global_init is not thread-safe: run it once, before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct upload_state {
  const std::string* data;
  std::size_t pos;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* state = static_cast<upload_state*>(user);
  const std::size_t room = size * count;
  const std::size_t left = state->data->size() - state->pos;
  const std::size_t n = left < room ? left : room;
  std::memcpy(buffer, state->data->data() + state->pos, n);
  state->pos += n;
  return n;
}

// An envelope address must be one token: no spaces, controls or angle brackets.
bool valid_envelope(const std::string& address) {
  if (address.empty()) return false;
  for (const unsigned char c : address) {
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>') return false;
  }
  return true;
}

class curl_list {
 public:
  ~curl_list() { curl_slist_free_all(list_); }
  void append(const std::string& s) { list_ = curl_slist_append(list_, s.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

class smtp_transport final : public mail_transport {
 public:
  explicit smtp_transport(smtp_settings settings) : settings_(std::move(settings)) {}
  ~smtp_transport() override {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }
  smtp_transport(const smtp_transport&) = delete;
  smtp_transport& operator=(const smtp_transport&) = delete;

  status send(const std::string& from, const std::string& to, const std::string& mime) override {
    const std::string& security = settings_.security;
    if (security != "none" && security != "starttls" && security != "tls") {
      return permanent_failure("unknown SMTP security setting (use none, starttls or tls)");
    }
    const std::string sender = envelope_address(from);
    const std::string recipient = envelope_address(to);
    if (!valid_envelope(sender)) return permanent_failure("the sender address is malformed");
    if (!valid_envelope(recipient)) return permanent_failure("the recipient address is malformed");

    if (curl_ == nullptr) curl_ = curl_easy_init();
    if (curl_ == nullptr) return temporary_failure("could not create a libcurl handle");
    curl_easy_reset(curl_);  // keeps the connection cache: the next message may reuse it

    const bool bracket = settings_.host.find(':') != std::string::npos;  // an IPv6 literal
    const std::string url = std::string(security == "tls" ? "smtps://" : "smtp://") + (bracket ? "[" : "") +
                            settings_.host + (bracket ? "]" : "") + ":" + std::to_string(settings_.port);
    const std::string mail_from = "<" + sender + ">";
    curl_list recipients;
    recipients.append("<" + recipient + ">");
    upload_state upload{&mime, 0};
    char error_buffer[CURL_ERROR_SIZE] = {};  // filled by curl; never reported (may echo addresses)

    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl_, CURLOPT_USE_SSL, security == "none" ? static_cast<long>(CURLUSESSL_NONE)
                                                                  : static_cast<long>(CURLUSESSL_ALL));
    if (!settings_.username.empty()) {
      curl_easy_setopt(curl_, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(curl_, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const long timeout = settings_.timeout_seconds > 0 ? settings_.timeout_seconds : 30;
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, timeout);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, timeout);
    // Also the wait for an answer outside a transfer (the QUIT when the handle is closed), which
    // is 120 s in libcurl otherwise.
    curl_easy_setopt(curl_, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
    curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));

    const CURLcode code = curl_easy_perform(curl_);
    long answer = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer);
    // The handle must not keep pointers to this call's locals.
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);
    if (code == CURLE_OK) return status::ok();
    drop_connection();

    const std::string what = std::string(" (") + curl_easy_strerror(code) + ")";
    if (code == CURLE_LOGIN_DENIED) {
      return temporary_failure("the SMTP server refused the login, check the mail credentials" + what);
    }
    if (answer >= 500 && answer < 600) {
      return permanent_failure("the SMTP server answered " + std::to_string(answer) + what);
    }
    if (answer >= 400 && answer < 500) {
      return temporary_failure("the SMTP server answered " + std::to_string(answer) + what);
    }
    // No answer, but every byte of the message went out: the server may have taken it.
    if (upload.pos == mime.size() && code != CURLE_COULDNT_CONNECT && code != CURLE_COULDNT_RESOLVE_HOST)
      return uncertain_failure("no answer from the SMTP server after the message was sent" + what);
    return temporary_failure("could not talk to the SMTP server" + what);
  }

 private:
  // After a failure the connection is in an unknown state (a server silent after DATA may still
  // answer the message, or never): it is never reused, and it is closed without the QUIT
  // exchange libcurl would otherwise wait on, here or when the transport is destroyed at shutdown.
  void drop_connection() {
    curl_socket_t fd = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(curl_, CURLINFO_ACTIVESOCKET, &fd) == CURLE_OK && fd != CURL_SOCKET_BAD) ::shutdown(fd, SHUT_RDWR);
    curl_easy_cleanup(curl_);
    curl_ = nullptr;
  }

  smtp_settings settings_;
  CURL* curl_ = nullptr;
};

}  // namespace

status temporary_failure(const std::string& reason) {
  return status(status_code::internal, std::string(temporary_prefix) + reason);
}

status permanent_failure(const std::string& reason) {
  return status(status_code::internal, std::string(permanent_prefix) + reason);
}

bool is_permanent_failure(const status& s) {
  return !s.is_ok() && s.message().compare(0, permanent_prefix.size(), permanent_prefix) == 0;
}

status uncertain_failure(const std::string& reason) {
  return status(status_code::internal, std::string(uncertain_prefix) + reason);
}

bool is_uncertain_failure(const status& s) {
  return !s.is_ok() && s.message().compare(0, uncertain_prefix.size(), uncertain_prefix) == 0;
}

std::unique_ptr<mail_transport> make_smtp_transport(smtp_settings settings) {
  global_init_once();
  return std::make_unique<smtp_transport>(std::move(settings));
}

}  // namespace intervision

#include "intervision/mail/smtp_probe.h"

#include <memory>
#include <string>

#include <curl/curl.h>

namespace intervision {

status probe_smtp(const smtp_settings& settings) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // a one-shot command: no other thread uses curl yet
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return status(status_code::internal, "could not create a libcurl handle");
  const bool bracket = settings.host.find(':') != std::string::npos;
  const std::string url = std::string(settings.security == "tls" ? "smtps://" : "smtp://") + (bracket ? "[" : "") +
                          settings.host + (bracket ? "]" : "") + ":" + std::to_string(settings.port);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  // Connect only: libcurl's SMTP connect phase is the greeting, EHLO, STARTTLS and AUTH.
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(c, CURLOPT_USE_SSL, settings.security == "none" ? static_cast<long>(CURLUSESSL_NONE)
                                                                    : static_cast<long>(CURLUSESSL_ALL));
  if (!settings.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  const long timeout = settings.timeout_seconds > 0 ? settings.timeout_seconds : 10;
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
  const CURLcode code = curl_easy_perform(c);
  long answer = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer);
  if (code == CURLE_OK) return status::ok();
  std::string what = curl_easy_strerror(code);
  if (answer > 0) what += ", last answer " + std::to_string(answer);
  return status(status_code::unavailable, what);
}

}  // namespace intervision

// message: a mail to one participant and its rendering as an RFC 5322 / MIME text.
//
// render_mime produces the exact bytes handed to a transport (and stored in the outbox):
// CRLF line ends only; Date, From, To, Subject, Message-ID, MIME-Version and
// "Auto-Submitted: auto-generated" headers; the text as a text/plain; charset=utf-8 part in
// quoted-printable (no line longer than 76 characters, a leading "." always encoded); each
// attachment base64 in lines of 76. A ".ics" attachment whose content type is empty or a bare
// "text/calendar" is sent as "text/calendar; method=PUBLISH; charset=utf-8".
// Header values that are not ASCII become RFC 2047 encoded-words (RFC 2231 for file names).
// Header injection is impossible: CR, LF and other control characters in any header value
// (to, from, subject, message id, file names, content types) are replaced by spaces.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "intervision/domain/clock.h"

namespace intervision {

struct mail_attachment {
  std::string filename, content_type, data;
};

struct mail_message {
  std::string to, subject, text;
  std::vector<mail_attachment> attachments;
  // Extra header fields (name, value), written after Auto-Submitted, values sanitised like the
  // others (List-Unsubscribe, List-Unsubscribe-Post of an announcement). ASCII values only.
  std::vector<std::pair<std::string, std::string>> headers;
};

// from: "address" or "Display Name <address>"; message_id: with or without the angle brackets;
// date: when the message is composed (written as UTC, "+0000").
std::string render_mime(const mail_message& message, const std::string& from,
                        const std::string& message_id, sys_seconds date);

// The building blocks, exposed for tests and for the transports.
std::string base64_encode(std::string_view data);
std::string base64_encode_lines(std::string_view data);  // CRLF every 76 characters, CRLF at end
std::string quoted_printable_encode(std::string_view text);  // text with any line ends -> CRLF
// An unstructured header value: unchanged when printable ASCII, else RFC 2047 "B" encoded-words
// (each at most 75 characters, never splitting a UTF-8 sequence) joined by CRLF SP.
std::string encode_header_text(std::string_view value);
// The address inside "<...>", or the whole value trimmed when there are no brackets.
std::string envelope_address(std::string_view address);

}  // namespace intervision

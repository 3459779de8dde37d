// ical: RFC 5545 calendars for the public feeds (/calendar/{series}.ics) and mail attachments,
// built and written by libical (Debian's libical-dev): CRLF line endings, content lines folded at
// 75 octets without splitting a UTF-8 character, TEXT values escaped, all by libical.
//
// Each is a complete VCALENDAR with a VTIMEZONE for Europe/Brussels (the EU rule: last Sunday of
// March 02:00 -> +0200 CEST, last Sunday of October 03:00 -> +0100 CET), and per event UID,
// DTSTAMP (UTC), DTSTART/DTEND;TZID=Europe/Brussels, SUMMARY, LOCATION, DESCRIPTION and URL (each
// only when not empty), ORGANIZER (when an organizer address is given; iTIP, RFC 5546, needs it
// for PUBLISH and CANCEL), SEQUENCE and STATUS. Feeds and attachments pass libical's parser and
// its iTIP restriction check (tests/ical_test.cpp).
// Control characters other than newline and tab are dropped from values, so no input can start a
// property of its own. The renderer puts out what it is given: callers pass only public
// information for the feeds (a video link reads "online"; see the scheduling issue).
// Thread-safe (each call builds and frees its own components).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "intervision/domain/clock.h"

namespace intervision {

struct ical_event {
  std::string uid;          // one per session everywhere: session_uid(id, host)
  int sequence = 0;         // raised on every change of the session
  sys_seconds starts_at{};  // UTC; rendered as Brussels local time
  sys_seconds ends_at{};
  sys_seconds stamp{};      // DTSTAMP: when this version was produced (or last modified)
  std::string summary;
  std::string location;
  std::string description;
  std::string url;
  bool cancelled = false;   // STATUS:CANCELLED, else STATUS:CONFIRMED (or TENTATIVE)
  bool tentative = false;   // STATUS:TENTATIVE (a waitlisted seat)
  std::string organizer_name;   // ORGANIZER;CN=...
  std::string organizer_email;  // ORGANIZER:mailto:...; empty: no ORGANIZER
};

// The one UID of a session in mails, feeds and updates: "session-42@intervision.smes.be".
std::string session_uid(std::int64_t session_id, std::string_view host);
// The host of an http(s) URL ("https://intervision.smes.be:8443/x" -> "intervision.smes.be");
// "localhost" when there is none.
std::string host_of_url(std::string_view url);
// The public page of a session in a language, for URL: "<public_url>/?lang=nl#session-42".
std::string session_page_url(std::string_view public_url, std::int64_t session_id, std::string_view language);
// "Smes PAT <pat@smes.be>" -> {"Smes PAT", "pat@smes.be"}; a bare address has an empty name.
std::pair<std::string, std::string> split_mailbox(std::string_view mailbox);

// A feed with the events in the given order; X-WR-CALNAME is calendar_name.
std::string render_calendar(const std::vector<ical_event>& events, std::string_view calendar_name);

// A calendar holding these events, with METHOD:<method> (an iTIP method libical knows; anything
// else becomes PUBLISH): PUBLISH for confirmations, CANCEL (events marked cancelled) to remove them.
std::string render_events(const std::vector<ical_event>& events, std::string_view method = "PUBLISH");
std::string render_single_event(const ical_event& event, std::string_view method = "PUBLISH");

}  // namespace intervision

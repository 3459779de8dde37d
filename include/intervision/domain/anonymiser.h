// anonymiser: removes what identifies a person from a case note before it is stored.
//
// redact() finds, in Dutch, French and English text, names (the session's known names, also in
// part; names after titles; first names from an embedded list and the capitalised words that
// follow them; pairs of capitalised words mid-sentence, and at a sentence start when a verb
// follows; surnames in capitals beside a given name; initials with a surname; surnames opening
// with their particle; single words that Debian's word lists (wdutch, wfrench, wbritish, read once
// at the first call) do not know), email addresses (also "name [at] domain dot be"), web addresses
// and social-media handles, phone numbers (Belgian, French and international forms, area codes in
// brackets), Belgian national register numbers (checked mod 97, or in their shape whatever the
// check digit) and IBANs (mod 97), any other run of seven or more digits that is not a phone, a
// date, a range or an amount (record numbers), street addresses (Dutch, French, English forms,
// with the postcode and municipality when they follow), named institutions where care or justice
// happens ("PZ Duffel", "CHU Saint-Pierre", "de gevangenis van Haren"), and dates introduced as
// birth dates or written right after a name. The facilitator's extra_terms are removed everywhere
// as type "custom". Nothing can be kept back.
//
// Result: spans are sorted, non-overlapping, [start, end) UTF-8 byte offsets into the INPUT text;
// `redacted` is the input with each span replaced by a placeholder in the note's language
// ("[PERSOON 2]", "[TÉLÉPHONE]", "[ADDRESS]", "[INSTELLING]" ...). The same person gets the same
// number throughout a note, numbered in order of first appearance.
// Pure function besides reading the word lists once: no logging, no state besides read-only
// tables; thread-safe. Roughly linear in the text size (a 2,000-character note takes well under a
// millisecond; the first call also reads the word lists, about 0.3 s of CPU).
// The parts live in src/domain/anonymiser/ (map: intervision/domain/anonymiser/detail.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace intervision {

struct redaction_span {
  std::size_t start;
  std::size_t end;
  std::string type;  // name, email, url, phone, national_number, iban, identifier, address,
                     // institution, birth_date, custom
};

struct redaction {
  std::string redacted;
  std::vector<redaction_span> spans;
};

struct redaction_options {
  std::vector<std::string> known_names;  // full names of the session's participants and staff
  std::vector<std::string> extra_terms;   // strings the facilitator asks to remove as well ("custom")
  std::string language;                   // "fr", "nl", "en", or empty: detect from the text
};

redaction redact(std::string_view text, const redaction_options& options);

// The note's language as redact() sees it when options.language is empty: "nl", "fr" or "en".
std::string detect_language(std::string_view text);

// Checksums, exposed for tests. `digits` is exactly 11 digits (YYMMDDSSSCC); a number is valid
// if CC checks against YYMMDDSSS (born before 2000) or 2YYMMDDSSS (born from 2000 on).
bool is_valid_national_number(std::string_view digits);
// `compact` is an IBAN without spaces, letters in either case; checks length and mod 97 == 1.
bool is_valid_iban(std::string_view compact);

}  // namespace intervision

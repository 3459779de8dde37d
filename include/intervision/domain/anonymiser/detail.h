// anonymiser/detail.h: the anonymiser's inner parts, for its own source files and tests only.
// Callers use intervision/domain/anonymiser.h.
//
// Where things are (src/domain/anonymiser/):
//   text.cpp         UTF-8 decoding, character classes, folding ("Inès" -> "ines")
//   tokens.cpp       tokenize(): words, numbers, punctuation, spacing and sentence starts
//   word_lists.cpp   hand-kept lists (particles, titles, relations, verbs, words that are no names)
//   dictionary.cpp   Debian's word lists: ordinary words and proper nouns
//   identifiers.cpp  national numbers, phones, IBANs and their checksums (over bytes)
//   record_numbers.cpp  any other long digit run (patient, dossier, social-security numbers)
//   emails.cpp       email addresses, also spelled out; the facilitator's extra terms
//   dates.cpp        dates and birth dates (over tokens)
//   addresses.cpp    street addresses with postcode and town
//   institutions.cpp named hospitals, psychiatric centres, prisons, shelters
//   institution_names.cpp  the institutions no rule can know: bare names and acronyms ("Isala", "UMCU")
//   name_words.cpp   token tests the name finder relies on (titles, first names, ambiguity)
//   names.cpp        the name finder: mentions, who is who, echoes
//   placeholders.cpp placeholders in the note's language
// and src/domain/anonymiser.cpp puts them together in redact().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "intervision/domain/anonymiser.h"

namespace intervision::anonymiser {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// ------------------------------------------------------------------ text.cpp

struct code_point {
  char32_t value;
  std::size_t length;
};

code_point decode_at(std::string_view s, std::size_t i);

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool is_space_cp(char32_t c);
bool is_letter_cp(char32_t c);
bool is_upper_cp(char32_t c);
void append_utf8(std::string& out, char32_t c);
void append_folded(std::string& out, char32_t c);  // lower case without accents
bool ends_with(std::string_view s, std::string_view suffix);

// ------------------------------------------------------------------ tokens.cpp

enum class token_kind { word, number, punct };

struct token {
  std::size_t start = 0;
  std::size_t end = 0;
  token_kind kind = token_kind::punct;
  std::string fold;  // word: folded; number: the digits; punct: the raw character
  bool cap = false;       // first letter upper case
  bool all_caps = false;  // two or more letters, none lower case
  bool space_before = false;
  bool newline_before = false;
  bool sentence_start = false;

  bool is_word() const { return kind == token_kind::word; }
  bool is_number() const { return kind == token_kind::number; }
  bool is_punct(std::string_view p) const { return kind == token_kind::punct && fold == p; }
  bool name_like() const { return kind == token_kind::word && cap && !all_caps; }
};

bool is_quote_or_bracket(std::string_view p);
std::vector<token> tokenize(std::string_view text);

// ------------------------------------------------------------------ word_lists.cpp

using word_set = std::unordered_set<std::string_view>;

word_set make_set(std::string_view text);
const word_set& determiners();
const word_set& particles();         // "van den Broeck", "de la Fontaine", "El Amrani"
const word_set& not_name_words();    // capitalised words that are not names
const word_set& sentence_openers();  // "Later", "Gisteren", "Ensuite": never a first name
const word_set& title_words();       // titles, also in lower case
const word_set& kinship_words();     // "haar zoon Minh", "son ami Karim"
const word_set& verb_hints();        // "Pierre raconte", "Ben refused"

// ------------------------------------------------------------------ dictionary.cpp

// Debian's word lists (wdutch, wfrench, wbritish), folded; read once at the first call.
bool is_dictionary_word(std::string_view folded);         // listed in lower case: an ordinary word
bool is_dictionary_proper_noun(std::string_view folded);  // listed only capitalised
std::size_t dictionary_size();                            // entries, 0 when the lists are missing

// ------------------------------------------------------------------ candidates

// What a finder found, by priority: when findings overlap, the lowest value names the span.
enum priority : int {
  p_email, p_url, p_iban, p_national, p_phone, p_birth, p_identifier, p_address, p_institution, p_custom, p_name
};

struct candidate {
  std::size_t start;
  std::size_t end;
  int prio;
  int person = -1;
};

// ------------------------------------------------------------------ identifiers.cpp

int mod97(std::string_view digits);
bool word_char_at(std::string_view s, std::size_t i);
bool word_char_before(std::string_view s, std::size_t i);

// Groups of digits joined by one separator ("0486/45.67.89"); positions of each group's end and the
// digit count there, so a caller can cut the run at the group boundary that makes sense.
struct digit_run {
  std::string digits;
  struct cut {
    std::size_t end;
    std::size_t count;
    char next_sep;  // separator after this group, 0 if the run ends here
  };
  std::vector<cut> cuts;
};

digit_run scan_digit_groups(std::string_view s, std::size_t i, std::string_view seps, bool allow_zero_paren);
void find_national_numbers(std::string_view s, std::vector<candidate>& out);
bool valid_phone_digits(std::string_view d, bool international);
// The text with each letter O that stands among digits ("O1.42", "10.O2") read as a zero.
std::string letter_o_as_zero(std::string_view s);
void find_phones(std::string_view s, std::vector<candidate>& out);
void find_ibans(std::string_view s, std::vector<candidate>& out);
// Phones after an area or country code in brackets or a spaced dash: "(02) 555 12 12", "(33) 1 45 56 78 90".
void find_prefixed_phones(std::string_view s, std::vector<candidate>& out);
// "(205) 136-2648", "205-136-2648 02": North American numbers and their extension (run by the above).
void find_north_american_phones(std::string_view s, std::vector<candidate>& out);
// Record numbers: any run of seven or more digits (groups joined by one separator) that is not a
// phone number, a date or an amount; national numbers with a wrong check digit; "1 85 05 ...".
bool looks_like_date_or_amount(std::string_view s, const digit_run& run, std::size_t start);
void find_record_numbers(std::string_view s, std::vector<candidate>& out);
// "42bg98765", "2003H847569": letters and digits in one run, six digits or more, at most four letters.
void find_alphanumeric_records(std::string_view s, std::vector<candidate>& out);
// A row of a table of figures: digit groups joined by single spaces, seven groups or more and
// sixteen digits or more in all, not all of one digit ("95 8149 48 95 019 0 3 041 0 1 061 17").
// Phones and record numbers are not written that way; lab results and scores are.
// drop_number_tables() removes the phones and numbers made only of spaced digits inside such a row
// (a dotted or bracketed phone beside it stays a phone).
struct number_row {
  std::size_t groups = 0;
  std::size_t digits = 0;
};
number_row measure_number_row(std::string_view s, std::size_t start, std::size_t end);
bool in_number_table(std::string_view s, std::size_t start, std::size_t end);
// [start, end) is a French social-security number in its spaced groups ("1 85 05 78 006 084 36").
bool secu_shape(std::string_view s, std::size_t start, std::size_t end);
void drop_number_tables(std::string_view s, std::vector<candidate>& found);

// ------------------------------------------------------------------ emails.cpp

bool ieq_at(std::string_view s, std::size_t i, std::string_view word);  // word is lower case ASCII
std::size_t scan_domain(std::string_view s, std::size_t i, bool allow_spelled_dots);
void find_emails(std::string_view s, std::vector<candidate>& out);
// Web addresses ("https://...", "www...") and social-media handles ("@marie_d").
void find_urls(std::string_view s, std::vector<candidate>& out);
void find_custom_terms(std::string_view s, const std::vector<std::string>& terms, std::vector<candidate>& out);

// ------------------------------------------------------------------ token scanners

// Reads the tokens of one note; dates.cpp, addresses.cpp and name_words.cpp define its parts.
class note_scanner {
 public:
  note_scanner(std::string_view text, const std::vector<token>& t) : text_(text), t_(t) {}

  const token* at(std::size_t i) const { return i < t_.size() ? &t_[i] : nullptr; }
  std::string_view raw(std::size_t i) const { return text_.substr(t_[i].start, t_[i].end - t_[i].start); }
  bool word_is(std::size_t i, std::string_view folded) const {
    return i < t_.size() && t_[i].is_word() && t_[i].fold == folded;
  }
  bool punct_is(std::size_t i, std::string_view p) const { return i < t_.size() && t_[i].is_punct(p); }
  // Token i follows token i-1 on the same line (only spaces, or nothing, between them).
  bool joined(std::size_t i) const { return i < t_.size() && !t_[i].newline_before; }
  bool attached(std::size_t i) const { return i < t_.size() && !t_[i].space_before && !t_[i].newline_before; }
  bool is_apostrophe(std::size_t i) const { return punct_is(i, "'") || punct_is(i, "\u2019"); }
  const std::vector<token>& tokens() const { return t_; }

  // dates.cpp
  int month_number(std::size_t i) const;
  static int number_value(const token& t);  // up to four digits, else -1
  std::size_t parse_date(std::size_t i) const;      // last token of a date starting at i, or npos
  std::size_t day_month_end(std::size_t i) const;   // "01/02": a day and month without year, or npos
  std::size_t birth_trigger(std::size_t i) const;   // tokens of a birth-date cue at i, 0 if none
  bool number_word(std::size_t i) const;            // "deux", "soixante-cinq", "negentienhonderd"
  std::size_t parse_spelled_date(std::size_t i) const;  // "deux janvier mille neuf cent ...": last token
  void find_birth_dates_after_sex(std::vector<candidate>& out) const;  // "| F | 10/05/1986"
  void find_spelled_birth_dates(std::vector<candidate>& out) const;    // "... mille neuf cent ..."
  void find_birth_dates(std::vector<candidate>& out) const;
  void find_birth_dates_after_names(std::vector<candidate>& out) const;  // run after find_names

  // identifiers.cpp: a short number (4 to 8 digits: an extension, a landline without its area
  // code) right after a phone cue: "joignable au 73389", "tel. 04 09 56 98", "toestel 2745".
  void find_cued_phones(std::vector<candidate>& out) const;
  // record_numbers.cpp: four digits or more after a record cue: "Son IPP est 8392", "dossier 4471".
  void find_cued_record_numbers(std::vector<candidate>& out) const;

  // addresses.cpp
  std::size_t parse_house_number(std::size_t i) const;
  std::size_t parse_postcode_city(std::size_t last) const;
  bool dutch_street_word(const token& t, bool& standalone, bool& sure) const;
  bool street_prefix_word(std::size_t i) const;
  void find_addresses(std::vector<candidate>& out) const;

  // institutions.cpp
  std::size_t institution_name_end(std::size_t j) const;
  std::size_t institution_start(std::size_t begin) const;  // with its article or modifiers before it
  std::size_t institution_end(std::size_t last) const;     // with what completes it after it
  void find_institutions(std::vector<candidate>& out) const;
  std::size_t named_before_tail(std::size_t i) const;  // a name ending in the kind of place at i
  // institution_names.cpp: the last token of a listed name ("Isala", "Zon en Schild") at i, or npos
  std::size_t listed_institution_end(std::size_t i) const;

  // name_words.cpp
  struct mention {
    std::size_t first_tok;
    std::size_t last_tok;
    std::vector<std::string> given;    // folded given names
    std::vector<std::string> surname;  // folded surname words, particles included
    int rank;                          // 0 known, 1 after a title, 2 first-name list, 3 capitalised pair, 4 echo
    int known = -1;                    // index into known persons
    int person = -1;
  };
  bool preceded_by_determiner(std::size_t i) const;
  bool title_at(std::size_t i, std::size_t& next) const;
  std::size_t take_name_words(std::size_t i, bool allow_all_caps, int max_words, std::vector<std::string>& words) const;
  bool first_name_token(std::size_t i) const;
  bool after_saint(std::size_t i) const;
  bool ordinary_sense_nearby(std::size_t i) const;
  bool ambiguous(const token& t) const;
  bool ambiguous_is_name(std::size_t i, const std::vector<std::size_t>& same_word_positions) const;
  std::size_t initials_end(std::size_t i) const;  // "J.", "A.B.", "P-A.", "J. Th. A.": the last dot, or npos
  std::size_t particle_abbreviation_end(std::size_t i) const;  // "v.d.", "v/d": the last token, or npos
  bool unknown_word(const token& t) const;        // no word list knows it in lower case
  bool caps_surname(const token& t) const;        // "DUBOIS": all caps, unknown, 4+ letters
  bool ordinary_only(const token& t) const;       // an ordinary word, no proper noun, no first name
  bool medical_term(const token& t) const;        // "Olanzapine", "Brachialis": a medicine, Latin anatomy
  bool camel_case(std::size_t i) const;           // "MedicoDevices": a brand's capital inside a word
  bool code_word(const token& t) const;           // "T21", "B12", "SCN3B": a code, no name

 private:
  std::string_view text_;
  const std::vector<token>& t_;
};

// "UMCU", "LUMC", "MMC": a Dutch hospital acronym (institution_names.cpp).
bool hospital_acronym(const token& t);

// ------------------------------------------------------------------ names.cpp

void find_names(const std::vector<token>& t, const note_scanner& sc, const redaction_options& options,
                std::vector<candidate>& out);

// ------------------------------------------------------------------ placeholders.cpp

struct placeholders {
  const char* person;
  const char* email;
  const char* phone;
  const char* national;
  const char* iban;
  const char* address;
  const char* birth;
  const char* custom;
  const char* identifier;
  const char* url;
  const char* institution;
};

const char* type_name(int prio);
const placeholders& placeholders_for(const std::string& lang);

}  // namespace intervision::anonymiser

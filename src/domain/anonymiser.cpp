#include "intervision/domain/anonymiser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "intervision/domain/first_names.h"

namespace intervision {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// ---------------------------------------------------------------- UTF-8 and character classes

struct code_point {
  char32_t value;
  std::size_t length;
};

// Decodes one UTF-8 sequence. Overlong forms, surrogates and values past U+10FFFF are invalid
// and decode as U+FFFD of one byte: an overlong "9" (C0 B9) must not pass for a digit, or the
// tokenizer would take a branch that cannot consume it.
code_point decode_at(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char b = byte(i);
  if (b < 0x80) return {b, 1};
  if ((b & 0xE0) == 0xC0 && cont(i + 1)) {
    char32_t v = char32_t(((b & 0x1F) << 6) | (byte(i + 1) & 0x3F));
    if (v >= 0x80) return {v, 2};
  } else if ((b & 0xF0) == 0xE0 && cont(i + 1) && cont(i + 2)) {
    char32_t v = char32_t(((b & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F));
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) return {v, 3};
  } else if ((b & 0xF8) == 0xF0 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    char32_t v = char32_t(((b & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F));
    if (v >= 0x10000 && v <= 0x10FFFF) return {v, 4};
  }
  return {0xFFFD, 1};
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_letter_cp(char32_t c) {
  if (c < 0x80) return is_ascii_alpha(static_cast<char>(c));
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c < 0xC0) return false;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE00 && c <= 0xFE6F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;
  if (c >= 0x1F000) return false;  // emoji and pictographs
  if (c == 0xFFFD) return false;
  return true;
}

bool is_upper_cp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c == 0x178) return true;
  if (c >= 0x179 && c <= 0x17E) return c % 2 == 1;
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x400 && c <= 0x42F) return true;
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0;
  return false;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Lower case without accents, so "Inès", "INES" and "Ines" compare equal.
void append_folded(std::string& out, char32_t c) {
  static constexpr std::array<const char*, 64> latin1 = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  struct range {
    char32_t from, to;
    const char* base;
  };
  static constexpr std::array<range, 22> extended_a = {{{0x100, 0x105, "a"},  {0x106, 0x10D, "c"},
                                                        {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},
                                                        {0x11C, 0x123, "g"},  {0x124, 0x127, "h"},
                                                        {0x128, 0x131, "i"},  {0x132, 0x133, "ij"},
                                                        {0x134, 0x135, "j"},  {0x136, 0x138, "k"},
                                                        {0x139, 0x142, "l"},  {0x143, 0x14B, "n"},
                                                        {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"},
                                                        {0x154, 0x159, "r"},  {0x15A, 0x161, "s"},
                                                        {0x162, 0x167, "t"},  {0x168, 0x173, "u"},
                                                        {0x174, 0x175, "w"},  {0x176, 0x178, "y"},
                                                        {0x179, 0x17E, "z"},  {0x17F, 0x17F, "s"}}};
  if (c < 0x80) {
    out += ascii_lower(static_cast<char>(c));
  } else if (c >= 0xC0 && c <= 0xFF) {
    out += latin1[c - 0xC0];
  } else if (c >= 0x100 && c <= 0x17F) {
    for (const auto& r : extended_a)
      if (c >= r.from && c <= r.to) {
        out += r.base;
        break;
      }
  } else if (c >= 0x300 && c <= 0x36F) {
    // combining accent: dropped
  } else {
    append_utf8(out, c);
  }
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// ---------------------------------------------------------------- tokens

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

bool is_quote_or_bracket(std::string_view p) {
  return p == "\"" || p == "'" || p == "(" || p == "[" || p == "\u00AB" || p == "\u00BB" || p == "\u201C" ||
         p == "\u201D" || p == "\u2018" || p == "\u2019" || p == "\u2013" || p == "\u2014" || p == "-" ||
         p == "*";
}

std::vector<token> tokenize(std::string_view text) {
  std::vector<token> tokens;
  tokens.reserve(text.size() / 4 + 4);
  bool space = false, newline = false, boundary = true;
  std::size_t i = 0;
  while (i < text.size()) {
    auto cp = decode_at(text, i);
    if (is_space_cp(cp.value)) {
      space = true;
      if (cp.value == '\n') newline = true;
      i += cp.length;
      continue;
    }
    token t;
    t.start = i;
    t.space_before = space;
    t.newline_before = newline;
    if (newline) boundary = true;
    t.sentence_start = boundary;
    if (is_letter_cp(cp.value)) {
      t.kind = token_kind::word;
      t.cap = is_upper_cp(cp.value);
      bool any_lower = false;
      int letters = 0;
      std::size_t j = i;
      while (j < text.size()) {
        auto c = decode_at(text, j);
        if (is_letter_cp(c.value)) {
          ++letters;
          if (!is_upper_cp(c.value) && !(c.value >= 0x300 && c.value <= 0x36F)) any_lower = true;
          append_folded(t.fold, c.value);
          j += c.length;
        } else if (c.value < 0x80 && is_ascii_digit(static_cast<char>(c.value))) {
          t.fold += static_cast<char>(c.value);
          j += 1;
        } else if ((c.value == '-' || c.value == 0x2011) && j + c.length < text.size() &&
                   is_letter_cp(decode_at(text, j + c.length).value)) {
          t.fold += '-';
          j += c.length;
        } else {
          break;
        }
      }
      t.all_caps = letters >= 2 && !any_lower;
      t.end = j;
    } else if (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) {
      t.kind = token_kind::number;
      std::size_t j = i;
      while (j < text.size() && is_ascii_digit(text[j])) t.fold += text[j++];
      t.end = j;
    } else {
      t.kind = token_kind::punct;
      t.fold = std::string(text.substr(i, cp.length));
      t.end = i + cp.length;
    }
    if (t.kind == token_kind::punct) {
      if (t.fold == "." || t.fold == "!" || t.fold == "?" || t.fold == "\u2026")
        boundary = true;
      else if (!is_quote_or_bracket(t.fold))
        boundary = false;
    } else {
      boundary = false;
    }
    if (t.end <= t.start) t.end = t.start + 1;  // every token consumes input, whatever the bytes
    i = t.end;
    space = newline = false;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

// ---------------------------------------------------------------- word lists

using word_set = std::unordered_set<std::string_view>;

word_set make_set(std::string_view text) { return word_set_of(text); }

const word_set& determiners() {
  static const word_set s = make_set("de het een la le les l un une the a an du des der den dem die das");
  return s;
}

// Surname particles: "van den Broeck", "de la Fontaine", "El Amrani", "d'Hondt".
const word_set& particles() {
  static const word_set s = make_set(
      "van de der den ter ten von vom le la du des di da del della dos el al ben bin ibn op 't vanden "
      "vander vd mc");
  return s;
}

// Capitalised words that are not names: calendar words, places, institutions, usual headings.
const word_set& not_name_words() {
  static const word_set s = make_set(
      "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi vendredi "
      "samedi dimanche monday tuesday wednesday thursday friday saturday sunday "
      "januari februari maart april mei juni juli augustus september oktober november december "
      "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
      "january february march may june july august october "
      "smes pat ztg cpas ocmw vzw asbl huis maison centrum centre center ziekenhuis hopital hospital "
      "kliniek clinique clinic psychiatrie psychiatric universiteit universite university stad ville "
      "city gemeente commune federale federal fod spf overheidsdienst service services dienst rode kruis "
      "croix rouge red cross leger armee army salvation heils sint saint st sainte notre dame onze lieve "
      "vrouw grote groot kleine oude nieuwe new nieuw markt gare station justice justitie paleis palais "
      "brussel bruxelles brussels antwerpen anvers antwerp gent gand ghent leuven louvain liege luik "
      "namur namen charleroi mons bergen brugge bruges mechelen malines hasselt anderlecht schaerbeek "
      "schaarbeek molenbeek ixelles elsene etterbeek uccle ukkel forest vorst jette evere belgie belgique "
      "belgium vlaanderen flandre flanders wallonie wallonia europe europa paris london amsterdam "
      "god dieu allah christmas kerstmis noel pasen paques easter ramadan covid whatsapp facebook "
      "instagram google teams zoom signal messenger mental health care zorg sante mentale geestelijke "
      "gezondheid team equipe groupe group groep project projet thema theme question vraag discussion "
      "discussie intervisie intervision peer pair aidant helper ervaringsdeskundige coordinator "
      "coordinatrice coordinateur ok oke merci bedankt thanks dank hallo bonjour hello hi dear beste "
      "cher chere geachte regards groeten salutations mvg commission committee council comite conseil raad "
      "commissie federation association vereniging fondation stichting foundation fund fonds network netwerk "
      "reseau platform plateforme house home quality kwaliteit qualite office bureau agency agence "
      "ministry ministerie ministere court tribunal rechtbank hof police politie prison gevangenis "
      "nederlands frans engels francais anglais neerlandais english french dutch flemish vlaams "
      "arabe arabic arabisch turc turkish turks marokkaans marocain moroccan belge belgian belgisch "
      "aa na ggz cgg chu chr uz az ocmw samusocial rijksregister registre national unit unite afdeling "
      "service internet wifi sms email mail tel gsm telefoon telephone phone");
  return s;
}

// Words that often open a sentence and are never a first name, so that "Later Karim came" or
// "Gisteren Xhevdet vertelde" is not read as a two-word name (rule 4c).
const word_set& sentence_openers() {
  static const word_set s = make_set(
      "later yesterday today tomorrow then afterwards finally also meanwhile now next first last after before "
      "when while since because but and so yet still again here there maybe perhaps sometimes often "
      "gisteren vandaag morgen daarna nadien later toen dan ook nu eerst eerder vervolgens ondertussen "
      "intussen hier daar misschien soms vaak nog al maar en want omdat toch ten slotte tenslotte "
      "hier aujourd demain ensuite puis enfin alors apres avant aussi maintenant parfois souvent encore "
      "mais et donc car pourtant quand lorsque depuis peut etre ici la");
  return s;
}

const word_set& title_words() {
  // Titles that may be written in lower case in running text.
  static const word_set s = make_set(
      "meneer mevrouw madame monsieur mademoiselle dokter docteur doctor professor professeur juffrouw "
      "mevr dhr dr mme mlle mej prof mevrouwe heer nurse zuster soeur pater broeder imam maitre meester sir");
  return s;
}

// Relations after which a capitalised word is a person: "haar zoon Minh", "son ami Karim".
const word_set& kinship_words() {
  static const word_set s = make_set(
      "zoon dochter broer zus zuster moeder vader man vrouw partner vriend vriendin collega neef nicht oom "
      "tante opa oma kleinzoon kleindochter echtgenoot echtgenote ex buurman buurvrouw "
      "fils fille frere soeur mere pere mari femme compagnon compagne ami amie copain copine collegue cousin "
      "cousine oncle tante neveu niece voisin voisine epoux epouse "
      "son daughter brother sister mother father husband wife friend boyfriend girlfriend colleague "
      "cousin uncle aunt nephew niece neighbour neighbor grandson granddaughter");
  return s;
}

// Verbs and auxiliaries that, right after a capitalised ambiguous word at the start of a sentence,
// show that the word is somebody's name ("Pierre raconte", "Ben refused").
const word_set& verb_hints() {
  static const word_set s = make_set(
      "a est etait avait sera dit raconte explique vient va fait pense veut peut doit se s ne n travaille "
      "demande trouve sait parle propose souhaite refuse accompagne aime connait habite vit "
      "is was heeft had zegt zei vertelt vertelde vraagt vroeg wil wou kan kon moet werkt gaat ging komt "
      "kwam vindt vond denkt dacht voelt voelde weet wist krijgt kreeg bracht brengt wordt werd woont "
      "has says said asked asks wants wanted told tells works worked feels felt thinks thought went goes "
      "will would can could does did refused explained explains called calls came comes lives lived "
      "shared shares knows knew");
  return s;
}

// ---------------------------------------------------------------- candidates

enum priority : int { p_email, p_iban, p_national, p_phone, p_birth, p_address, p_custom, p_name };

const char* type_name(int p) {
  switch (p) {
    case p_email: return "email";
    case p_iban: return "iban";
    case p_national: return "national_number";
    case p_phone: return "phone";
    case p_birth: return "birth_date";
    case p_address: return "address";
    case p_custom: return "custom";
    default: return "name";
  }
}

struct candidate {
  std::size_t start;
  std::size_t end;
  int prio;
  int person = -1;
};

// ---------------------------------------------------------------- checksums

int mod97(std::string_view digits) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % 97;
  return r;
}

// ---------------------------------------------------------------- scanners over bytes

bool word_char_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) return true;
  return is_ascii_alnum(static_cast<char>(c));
}
bool word_char_before(std::string_view s, std::size_t i) {
  if (i == 0) return false;
  std::size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  auto cp = decode_at(s, k);
  return is_letter_cp(cp.value) || (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value)));
}

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

digit_run scan_digit_groups(std::string_view s, std::size_t i, std::string_view seps, bool allow_zero_paren) {
  digit_run run;
  while (i < s.size()) {
    if (allow_zero_paren && s.compare(i, 3, "(0)") == 0) {
      i += 3;
      if (i < s.size() && s[i] == ' ') ++i;
      continue;
    }
    if (!is_ascii_digit(s[i])) break;
    while (i < s.size() && is_ascii_digit(s[i])) run.digits += s[i++];
    digit_run::cut c{i, run.digits.size(), 0};
    if (i + 1 < s.size() && seps.find(s[i]) != std::string_view::npos &&
        (is_ascii_digit(s[i + 1]) || (allow_zero_paren && s.compare(i + 1, 3, "(0)") == 0))) {
      c.next_sep = s[i];
      run.cuts.push_back(c);
      ++i;
      continue;
    }
    run.cuts.push_back(c);
    break;
  }
  return run;
}

void find_national_numbers(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_ascii_digit(s[i]) || word_char_before(s, i)) continue;
    if (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '/') && i > 1 && is_ascii_digit(s[i - 2])) continue;
    auto run = scan_digit_groups(s, i, ".- ", false);
    for (const auto& c : run.cuts) {
      if (c.count > 11) break;
      if (c.count != 11) continue;
      if (c.next_sep == '.' || c.next_sep == '-') break;  // part of a longer dotted number
      if (word_char_at(s, c.end)) break;
      std::string_view d(run.digits.data(), 11);
      if (is_valid_national_number(d)) out.push_back({i, c.end, p_national});
      break;
    }
    // skip past this run's first group to avoid rescanning inside it
    while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;
  }
}

bool valid_phone_digits(std::string_view d, bool international) {
  auto n = d.size();
  if (international) {
    if (d.size() >= 2 && d.substr(0, 2) == "32") return n == 10 || n == 11;
    if (d.size() >= 2 && (d.substr(0, 2) == "33" || d.substr(0, 2) == "31")) return n == 11;
    if (d.size() >= 2 && d.substr(0, 2) == "44") return n == 11 || n == 12;
    if (d.size() >= 3 && d.substr(0, 3) == "352") return n >= 9 && n <= 12;
    return n >= 9 && n <= 13;
  }
  return n == 9 || n == 10;
}

void find_phones(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool plus = s[i] == '+' && i + 1 < s.size() && is_ascii_digit(s[i + 1]);
    bool zero = s[i] == '0';
    if (!plus && !zero) continue;
    if (word_char_before(s, i)) continue;
    if (i > 0 && (s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == ',' || s[i - 1] == '-') && i > 1 &&
        is_ascii_digit(s[i - 2]))
      continue;
    std::size_t from = plus ? i + 1 : i;
    auto run = scan_digit_groups(s, from, " ./-", true);
    if (run.cuts.empty()) continue;
    // "01/02/2024": a date, not a phone.
    if (run.cuts.size() >= 3 && run.cuts[0].count <= 2 && run.cuts[1].count - run.cuts[0].count <= 2 &&
        run.cuts[2].count - run.cuts[1].count == 4 && run.cuts[0].next_sep != ' ' &&
        run.cuts[0].next_sep == run.cuts[1].next_sep)
      continue;
    bool international = plus;
    std::string_view digits = run.digits;
    std::size_t skip = 0;
    if (!plus && digits.size() >= 2 && digits[1] == '0') {
      international = true;
      skip = 2;
    }
    std::size_t best = npos;
    for (std::size_t k = run.cuts.size(); k-- > 0;) {
      const auto& c = run.cuts[k];
      if (word_char_at(s, c.end)) continue;
      // Cut only where a space separates groups, never inside a dotted or dashed number.
      if (c.next_sep != 0 && c.next_sep != ' ') continue;
      if (c.count <= skip) break;
      bool spaced_only = true;
      for (std::size_t m = 0; m < k; ++m) spaced_only = spaced_only && run.cuts[m].next_sep == ' ';
      // UK forms ("07700 900123", "020 7946 0958"): eleven digits, groups of three or more
      bool uk = !international && c.count == 11 && spaced_only && k > 0 && run.cuts[0].count >= 3;
      if (uk || valid_phone_digits(digits.substr(skip, c.count - skip), international)) {
        best = c.end;
        break;
      }
    }
    if (best != npos) {
      out.push_back({i, best, p_phone});
      i = best - 1;
    } else {
      while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;
    }
  }
}

void find_ibans(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i + 4 < s.size(); ++i) {
    if (!is_ascii_alpha(s[i]) || !is_ascii_alpha(s[i + 1]) || !is_ascii_digit(s[i + 2]) || !is_ascii_digit(s[i + 3]))
      continue;
    if (word_char_before(s, i)) continue;
    std::string compact;
    std::vector<std::pair<std::size_t, std::size_t>> ends;  // (byte end, compact length)
    std::size_t j = i;
    while (j < s.size() && compact.size() < 40) {
      if (is_ascii_alnum(s[j])) {
        compact += ascii_upper(s[j++]);
        if (j >= s.size() || !is_ascii_alnum(s[j])) ends.emplace_back(j, compact.size());
      } else if (s[j] == ' ' && j + 1 < s.size() && is_ascii_alnum(s[j + 1]) && !compact.empty()) {
        ++j;
      } else {
        break;
      }
    }
    for (std::size_t k = ends.size(); k-- > 0;) {
      auto [end, len] = ends[k];
      if (word_char_at(s, end)) continue;
      if (len < 15 || len > 34) continue;
      if (is_valid_iban(std::string_view(compact).substr(0, len))) {
        out.push_back({i, end, p_iban});
        i = end - 1;
        break;
      }
    }
  }
}

bool email_local_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool domain_char(char c) { return is_ascii_alnum(c) || c == '-'; }

bool ieq_at(std::string_view s, std::size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(s[i + k]) != word[k]) return false;
  return true;
}

// Reads "domain.be" or "domain dot be" / "domain [dot] be" from i; returns the end or npos.
std::size_t scan_domain(std::string_view s, std::size_t i, bool allow_spelled_dots) {
  std::size_t j = i;
  int labels = 0;
  std::size_t last_label_start = i, end = npos;
  while (true) {
    std::size_t k = j;
    while (k < s.size() && domain_char(s[k])) ++k;
    if (k == j) break;
    ++labels;
    last_label_start = j;
    end = k;
    // separator
    if (k + 1 < s.size() && s[k] == '.' && domain_char(s[k + 1])) {
      j = k + 1;
      continue;
    }
    if (!allow_spelled_dots) break;
    std::size_t m = k;
    while (m < s.size() && s[m] == ' ') ++m;
    std::size_t sep_end = npos;
    for (std::string_view w : {"[dot]", "(dot)", "{dot}", "[.]", "(.)", "dot ", "punt ", "point "}) {
      if (ieq_at(s, m, w)) {
        sep_end = m + w.size();
        break;
      }
    }
    if (sep_end == npos) break;
    while (sep_end < s.size() && s[sep_end] == ' ') ++sep_end;
    if (sep_end >= s.size() || !domain_char(s[sep_end])) break;
    j = sep_end;
  }
  if (labels < 2) return npos;
  // top-level domain: letters only, two or more
  std::size_t tld_len = end - last_label_start;
  if (tld_len < 2) return npos;
  for (std::size_t k = last_label_start; k < end; ++k)
    if (!is_ascii_alpha(s[k])) return npos;
  return end;
}

void find_emails(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t at_begin = npos, at_end = npos;
    bool spelled = false;
    if (s[i] == '@') {
      at_begin = i;
      at_end = i + 1;
    } else if (s[i] == '[' || s[i] == '(' || s[i] == '{') {
      for (std::string_view w : {"[at]", "(at)", "{at}", "[@]", "(@)", "[ at ]", "( at )"}) {
        if (ieq_at(s, i, w)) {
          at_begin = i;
          at_end = i + w.size();
          spelled = true;
          break;
        }
      }
    }
    bool bare_at = false;
    if (at_begin == npos && s[i] == ' ' && (ieq_at(s, i, " at ")) && i > 0 && email_local_char(s[i - 1])) {
      // "peter dot claes at gmail dot com": only with a well-known top-level domain, checked below
      at_begin = i;
      at_end = i + 4;
      spelled = bare_at = true;
    }
    if (at_begin == npos) continue;
    std::size_t l = at_begin;
    if (spelled)
      while (l > 0 && s[l - 1] == ' ') --l;
    std::size_t local_end = l;
    while (true) {
      while (l > 0 && email_local_char(s[l - 1])) --l;
      if (!spelled) break;
      // "peter dot claes", "peter [dot] claes" on the left as well
      bool joined = false;
      for (std::string_view w : {" dot ", "[dot]", "(dot)", " [dot] ", " (dot) "}) {
        if (l >= w.size() + 1 && ieq_at(s, l - w.size(), w) && email_local_char(s[l - w.size() - 1])) {
          l -= w.size();
          joined = true;
          break;
        }
      }
      if (!joined) break;
    }
    while (l < local_end && (s[l] == '.' || s[l] == '-')) ++l;
    if (l == local_end) continue;
    std::size_t d = at_end;
    if (spelled)
      while (d < s.size() && s[d] == ' ') ++d;
    std::size_t end = scan_domain(s, d, spelled);
    if (end == npos) continue;
    if (bare_at) {
      static const word_set tlds = make_set("be com org net nl fr eu uk io me de lu info co edu gov ma tr");
      std::size_t t0 = end;
      while (t0 > d && is_ascii_alpha(s[t0 - 1])) --t0;
      std::string tld;
      for (std::size_t k = t0; k < end; ++k) tld += ascii_lower(s[k]);
      if (!tlds.count(tld)) continue;
    }
    out.push_back({l, end, p_email});
    i = end - 1;
  }
}

void find_custom_terms(std::string_view s, const std::vector<std::string>& terms, std::vector<candidate>& out) {
  for (const auto& raw : terms) {
    std::string_view term = raw;
    while (!term.empty() && term.front() == ' ') term.remove_prefix(1);
    while (!term.empty() && term.back() == ' ') term.remove_suffix(1);
    if (term.empty() || term.size() > s.size()) continue;
    for (std::size_t i = 0; i + term.size() <= s.size();) {
      bool match = true;
      for (std::size_t k = 0; k < term.size(); ++k)
        if (ascii_lower(s[i + k]) != ascii_lower(term[k])) {
          match = false;
          break;
        }
      if (match) {
        out.push_back({i, i + term.size(), p_custom});
        i += term.size();
      } else {
        ++i;
      }
    }
  }
}

// ---------------------------------------------------------------- token scanners

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

  // ---------------------------------------------------- dates

  int month_number(std::size_t i) const {
    if (i >= t_.size() || !t_[i].is_word()) return 0;
    static const std::array<std::string_view, 12> nl = {"januari", "februari", "maart",     "april",
                                                        "mei",     "juni",     "juli",      "augustus",
                                                        "september", "oktober", "november", "december"};
    static const std::array<std::string_view, 12> fr = {"janvier", "fevrier", "mars",      "avril",
                                                        "mai",     "juin",    "juillet",   "aout",
                                                        "septembre", "octobre", "novembre", "decembre"};
    static const std::array<std::string_view, 12> en = {"january", "february", "march",     "april",
                                                        "may",     "june",     "july",      "august",
                                                        "september", "october", "november", "december"};
    static const std::array<std::string_view, 12> ab = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                                        "jul", "aug", "sep", "okt", "nov", "dec"};
    const std::string& w = t_[i].fold;
    for (int m = 0; m < 12; ++m)
      if (w == nl[m] || w == fr[m] || w == en[m] || w == ab[m]) return m + 1;
    if (w == "janv") return 1;
    if (w == "fev" || w == "fevr") return 2;
    if (w == "mar" || w == "maa") return 3;
    if (w == "avr") return 4;
    if (w == "juil") return 7;
    if (w == "sept") return 9;
    if (w == "oct") return 10;
    return 0;
  }

  static int number_value(const token& t) {
    if (t.fold.size() > 4) return -1;
    int v = 0;
    for (char c : t.fold) v = v * 10 + (c - '0');
    return v;
  }

  // A date starting at token i; returns the index of its last token, or npos.
  std::size_t parse_date(std::size_t i) const {
    const token* a = at(i);
    if (!a) return npos;
    if (a->is_number()) {
      // numeric: dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy; yyyy-mm-dd
      const token* s1 = at(i + 1);
      const token* b = at(i + 2);
      const token* s2 = at(i + 3);
      const token* c = at(i + 4);
      if (s1 && b && s2 && c && attached(i + 1) && attached(i + 2) && attached(i + 3) && attached(i + 4) &&
          s1->kind == token_kind::punct && (s1->fold == "/" || s1->fold == "-" || s1->fold == ".") &&
          s2->fold == s1->fold && b->is_number() && c->is_number()) {
        int x = number_value(*a), y = number_value(*b), z = number_value(*c);
        bool dmy = a->fold.size() <= 2 && b->fold.size() <= 2 && (c->fold.size() == 4 || c->fold.size() == 2) &&
                   x >= 1 && x <= 31 && y >= 1 && y <= 31 && (x <= 12 || y <= 12);
        bool ymd = a->fold.size() == 4 && b->fold.size() <= 2 && c->fold.size() <= 2 && y >= 1 && y <= 12 &&
                   z >= 1 && z <= 31;
        if (dmy || ymd) return i + 4;
      }
      // written: 3 maart 1975, 1er février 1980, 3rd of March 1975
      if (a->fold.size() > 2) return npos;
      int day = number_value(*a);
      if (day < 1 || day > 31) return npos;
      std::size_t j = i + 1;
      if (const token* suf = at(j); suf && suf->is_word() && attached(j) &&
                                    (suf->fold == "er" || suf->fold == "e" || suf->fold == "st" ||
                                     suf->fold == "nd" || suf->fold == "rd" || suf->fold == "th" ||
                                     suf->fold == "ste" || suf->fold == "de"))
        ++j;
      if (word_is(j, "of")) ++j;
      if (!month_number(j)) return npos;
      std::size_t last = j;
      if (punct_is(j + 1, ".") && attached(j + 1)) last = ++j;
      std::size_t k = j + 1;
      if (punct_is(k, ",")) ++k;
      if (const token* y = at(k); y && y->is_number() && y->fold.size() == 4) last = k;
      return last;
    }
    if (month_number(i)) {
      // March 3, 1975 / March 3rd 1975
      std::size_t j = i + 1;
      if (punct_is(j, ".") && attached(j)) ++j;
      const token* d = at(j);
      if (!d || !d->is_number() || d->fold.size() > 2) return npos;
      int day = number_value(*d);
      if (day < 1 || day > 31) return npos;
      std::size_t last = j;
      if (const token* suf = at(j + 1);
          suf && suf->is_word() && attached(j + 1) &&
          (suf->fold == "st" || suf->fold == "nd" || suf->fold == "rd" || suf->fold == "th"))
        last = ++j;
      std::size_t k = j + 1;
      if (punct_is(k, ",")) ++k;
      if (const token* y = at(k); y && y->is_number() && y->fold.size() == 4) last = k;
      return last;
    }
    return npos;
  }

  // Length in tokens of a birth-date trigger at i (0 if none).
  std::size_t birth_trigger(std::size_t i) const {
    const token& t = t_[i];
    if (t.is_punct("\u00B0")) return 1;
    if (!t.is_word()) return 0;
    const std::string& w = t.fold;
    if (w == "geboren" || w == "born" || w == "geboortedatum" || w == "birthdate" || w == "dob" ||
        w == "naissance" || w == "geboortedag" || w == "ddn")
      return (punct_is(i + 1, ".") || punct_is(i + 1, ":")) ? 2 : 1;
    if (w == "geb" && punct_is(i + 1, ".")) return 2;
    if (w == "ne" || w == "nee") {
      // "né" / "née", not the French negation "ne"
      std::string_view r = raw(i);
      if (r == "ne" || r == "Ne" || r == "NE") return 0;
      if (punct_is(i + 1, "(") && word_is(i + 2, "e") && punct_is(i + 3, ")")) return 4;
      return 1;
    }
    if (w == "birth" && i > 0 && word_is(i - 1, "of")) return 1;  // date of birth
    if (w == "birth" && word_is(i + 1, "date")) return 2;
    if (w == "d" && punct_is(i + 1, ".") && word_is(i + 2, "o") && punct_is(i + 3, ".") && word_is(i + 4, "b"))
      return punct_is(i + 5, ".") ? 6 : 5;
    return 0;
  }

  void find_birth_dates(std::vector<candidate>& out) const {
    for (std::size_t i = 0; i < t_.size(); ++i) {
      std::size_t n = birth_trigger(i);
      if (!n) continue;
      std::size_t j = i + n;
      std::size_t limit = t_[i].end + 60;
      for (int steps = 0; j < t_.size() && steps < 10 && t_[j].start <= limit; ++j, ++steps) {
        const token& t = t_[j];
        if (t.kind == token_kind::punct && (t.fold == "!" || t.fold == "?" || t.fold == ";")) break;
        if (t.is_punct(".") && (j + 1 >= t_.size() || t_[j + 1].cap || t_[j + 1].newline_before)) break;
        std::size_t last = parse_date(j);
        if (last != npos) {
          out.push_back({t.start, t_[last].end, p_birth});
          i = last;
          break;
        }
        // "geboren in 1975", "né en 1980"
        if ((t.fold == "in" || t.fold == "en") && at(j + 1) && t_[j + 1].is_number() && t_[j + 1].fold.size() == 4) {
          int y = number_value(t_[j + 1]);
          if (y >= 1900 && y <= 2099) {
            out.push_back({t_[j + 1].start, t_[j + 1].end, p_birth});
            i = j + 1;
            break;
          }
        }
      }
    }
  }

  // ---------------------------------------------------- addresses

  // House number at i: "12", "12A", "12/3", "12-14", "12 bus 3", "12 bte 4"; returns the last token.
  std::size_t parse_house_number(std::size_t i) const {
    const token* n = at(i);
    if (!n || !n->is_number() || n->fold.size() > 4) return npos;
    if (number_value(*n) < 1) return npos;
    std::size_t last = i;
    if (const token* l = at(i + 1); l && l->is_word() && attached(i + 1) && l->fold.size() == 1) last = i + 1;
    if ((punct_is(last + 1, "/") || punct_is(last + 1, "-")) && attached(last + 1) && at(last + 2) &&
        attached(last + 2) && (t_[last + 2].is_number() || (t_[last + 2].is_word() && t_[last + 2].fold.size() <= 2)))
      last += 2;
    std::size_t k = last + 1;
    if (punct_is(k, ",")) ++k;
    if (const token* b = at(k); b && b->is_word() &&
                                (b->fold == "bus" || b->fold == "bte" || b->fold == "boite" || b->fold == "bt" ||
                                 b->fold == "b" || b->fold == "box" || b->fold == "apt")) {
      std::size_t m = k + 1;
      if (punct_is(m, ".") || punct_is(m, ":")) ++m;
      if (const token* v = at(m); v && (v->is_number() || (v->is_word() && v->fold.size() <= 3))) last = m;
    }
    return last;
  }

  // ", 1000 Brussel" / "2000 Antwerpen" / "B-1000 Bruxelles" / ", 75011 Paris" after token `last`.
  std::size_t parse_postcode_city(std::size_t last) const {
    std::size_t k = last + 1;
    if (punct_is(k, ",")) ++k;
    if (word_is(k, "b") && punct_is(k + 1, "-") && attached(k + 1)) k += 2;
    const token* pc = at(k);
    if (!pc || !pc->is_number() || (pc->fold.size() != 4 && pc->fold.size() != 5) || pc->fold[0] == '0') return last;
    std::size_t m = k + 1;
    std::size_t end = npos;
    for (int words = 0; words < 3 && m < t_.size(); ++words) {
      if (t_[m].is_word() && t_[m].cap && joined(m)) {
        end = m;
        ++m;
        if (is_apostrophe(m) && attached(m) && at(m + 1) && t_[m + 1].is_word() && attached(m + 1)) {
          end = m + 1;
          m += 2;
        }
        continue;
      }
      break;
    }
    return end == npos ? last : end;
  }

  bool dutch_street_word(const token& t, bool& standalone, bool& sure) const {
    static const std::array<std::string_view, 44> suffixes = {
        "straat", "straatje", "laan", "steenweg", "weg", "lei", "plein", "pleintje", "dreef", "kaai", "baan",
        "dijk", "markt", "singel", "pad", "hof", "voer", "vest", "gracht", "kade", "wal", "berg", "veld",
        "dal", "park", "plaats", "poort", "ring", "gang", "hoek", "heide", "bos", "steeg", "dam", "meir",
        "vliet", "rei", "brug", "burg", "kouter", "hoeve", "kerkhof", "boulevard", "square"};
    if (!t.is_word() || !t.cap) return false;
    for (auto suf : suffixes) {
      if (!ends_with(t.fold, suf)) continue;
      standalone = t.fold.size() == suf.size();
      if (!standalone && t.fold.size() < suf.size() + 3) continue;
      sure = !standalone && (suf == "straat" || suf == "steenweg" || suf == "laan" || suf == "dreef" ||
                             suf == "singel" || suf == "gracht" || suf == "straatje");
      return true;
    }
    return false;
  }

  bool street_prefix_word(std::size_t i) const {
    static const word_set s = make_set(
        "grote groot kleine klein oude oud nieuwe nieuw koning koningin prins prinses sint onze lieve vrouw "
        "burgemeester pastoor dokter kardinaal generaal kapitein hoge lange korte");
    return i < t_.size() && t_[i].is_word() && s.count(t_[i].fold);
  }

  void find_addresses(std::vector<candidate>& out) const {
    static const word_set french = make_set(
        "rue avenue av boulevard bd bld chaussee chee place square quai chemin allee impasse route dreve clos "
        "rond-point galerie passage parvis sentier venelle cite residence esplanade promenade voie rempart");
    static const word_set french_without_number = make_set("rue avenue boulevard chaussee impasse allee dreve");
    static const word_set french_linkers =
        make_set("de du des la le les l d aux au a sur sous van der den et en lez");
    static const word_set english = make_set(
        "street road rd avenue ave lane drive close crescent terrace way place square gardens court boulevard "
        "grove row mews walk");
    for (std::size_t i = 0; i < t_.size(); ++i) {
      const token& t = t_[i];
      if (!t.is_word()) continue;
      bool standalone = false, sure = false;
      // Dutch: Kerkstraat 12, Grote Markt 1, Koning Albertlaan 5 bus 2, 3000 Leuven
      if (dutch_street_word(t, standalone, sure)) {
        std::size_t begin = i;
        while (begin > 0 && t_[begin - 1].is_word() && t_[begin - 1].cap && joined(begin) &&
               (!t_[begin - 1].sentence_start || street_prefix_word(begin - 1)) &&
               !determiners().count(t_[begin - 1].fold) && i - begin < 3)
          --begin;
        std::size_t k = (standalone && begin == i) ? npos : i + 1;
        if (k != npos && punct_is(k, ",")) ++k;
        std::size_t last = k == npos ? npos : parse_house_number(k);
        if (last != npos && joined(k)) {
          last = parse_postcode_city(last);
          out.push_back({t_[begin].start, t_[last].end, p_address});
          i = last;
          continue;
        }
        if (k != npos && sure && !t.sentence_start) {
          std::size_t end = parse_postcode_city(i);
          out.push_back({t_[begin].start, t_[end].end, p_address});
          i = end;
          continue;
        }
      }
      // French: rue de la Loi 16, 12 rue des Lilas, avenue Louise 54 bte 3, 1050 Ixelles
      if (french.count(t.fold)) {
        std::size_t j = i + 1;
        if ((t.fold == "av" || t.fold == "bd" || t.fold == "bld" || t.fold == "chee") && punct_is(j, ".")) ++j;
        std::size_t name_end = npos;
        bool any_cap = false;
        for (int n = 0; n < 8 && j < t_.size() && joined(j); ++n) {
          const token& w = t_[j];
          if (w.is_word() && w.cap) {
            any_cap = true;
            name_end = j;
            ++j;
          } else if (w.is_word() && french_linkers.count(w.fold) && !any_cap) {
            ++j;
          } else if (w.is_word() && french_linkers.count(w.fold) && any_cap && at(j + 1) && t_[j + 1].cap) {
            ++j;
          } else if (is_apostrophe(j) && attached(j)) {
            ++j;
          } else {
            break;
          }
        }
        if (any_cap && name_end != npos) {
          std::size_t begin = i;
          // number first: "12, rue des Lilas" / "12 rue des Lilas"
          std::size_t b = i;
          if (b > 0 && punct_is(b - 1, ",")) --b;
          if (b > 0 && t_[b - 1].is_number() && t_[b - 1].fold.size() <= 4 && number_value(t_[b - 1]) >= 1) begin = b - 1;
          std::size_t k = name_end + 1;
          if (punct_is(k, ",")) ++k;
          std::size_t last = begin == i ? parse_house_number(k) : npos;
          if (last != npos) {
            last = parse_postcode_city(last);
          } else if (begin != i || french_without_number.count(t.fold)) {
            last = parse_postcode_city(name_end);
          }
          if (last != npos && (begin != i || last != name_end || french_without_number.count(t.fold))) {
            out.push_back({t_[begin].start, t_[last].end, p_address});
            i = last;
            continue;
          }
        }
      }
      // English: 221B Baker Street, 10 Downing Street, London
      if (t.cap && english.count(t.fold) && i > 0 && t_[i - 1].name_like()) {
        std::size_t b = i - 1;
        while (b > 0 && t_[b - 1].name_like() && i - b < 3) --b;
        std::size_t begin = npos;
        if (b > 0 && t_[b - 1].is_number() && t_[b - 1].fold.size() <= 4) begin = b - 1;
        if (b > 1 && t_[b - 1].is_word() && t_[b - 1].fold.size() == 1 && t_[b - 2].is_number() && attached(b - 1))
          begin = b - 2;
        std::size_t last = i;
        if (begin == npos) {
          std::size_t k = i + 1;
          if (punct_is(k, ",")) ++k;
          std::size_t hn = parse_house_number(k);
          if (hn == npos) continue;
          begin = b;
          last = hn;
        }
        last = parse_postcode_city(last);
        out.push_back({t_[begin].start, t_[last].end, p_address});
        i = last;
      }
    }
  }

  // ---------------------------------------------------- names

  struct mention {
    std::size_t first_tok;
    std::size_t last_tok;
    std::vector<std::string> given;    // folded given names
    std::vector<std::string> surname;  // folded surname words, particles included
    int rank;                          // 0 known, 1 after a title, 2 first-name list, 3 capitalised pair, 4 echo
    int known = -1;                    // index into known persons
    int person = -1;
  };

  bool preceded_by_determiner(std::size_t i) const {
    if (i == 0) return false;
    if (t_[i - 1].is_word() && determiners().count(t_[i - 1].fold) && joined(i)) return true;
    // l'Espoir, d'Hoop: the elided article
    if (i >= 2 && is_apostrophe(i - 1) && (t_[i - 2].fold == "l" || t_[i - 2].fold == "d")) return true;
    return false;
  }

  bool title_at(std::size_t i, std::size_t& next) const {
    const token& t = t_[i];
    if (!t.is_word()) return false;
    const std::string& w = t.fold;
    bool dot = punct_is(i + 1, ".") && attached(i + 1);
    next = dot ? i + 2 : i + 1;
    if (w == "m") return t.cap && dot;
    if (w == "mr" || w == "mrs" || w == "ms" || w == "miss" || w == "mister") return t.cap;
    return title_words().count(w) > 0;
  }

  // Name words from i on: capitalised words, particles followed by one, "d'Hondt", an initial "M.".
  // Returns the last token of the name or npos. Stops at words that are not names.
  std::size_t take_name_words(std::size_t i, bool allow_all_caps, int max_words, std::vector<std::string>& words) const {
    std::size_t last = npos;
    int count = 0;
    std::size_t j = i;
    while (j < t_.size() && count < max_words) {
      if (j > i && !joined(j)) break;
      const token& w = t_[j];
      if (!w.is_word()) break;
      if (w.fold.size() == 1 && w.cap && punct_is(j + 1, ".") && attached(j + 1)) {
        // an initial ends the name: "Inès M."
        words.push_back(w.fold);
        return j + 1;
      }
      bool particle = particles().count(w.fold) > 0 || w.fold == "d" || w.fold == "o";
      if (particle) {
        // "d'Hondt", "O'Brien"
        if ((w.fold == "d" || w.fold == "o") && is_apostrophe(j + 1) && attached(j + 1) && at(j + 2) &&
            t_[j + 2].is_word() && t_[j + 2].cap && attached(j + 2)) {
          words.push_back(w.fold + "'" + t_[j + 2].fold);
          last = j + 2;
          j += 3;
          ++count;
          continue;
        }
        // particles only count when a capitalised word follows ("van der Meer", "de la Fontaine")
        std::size_t k = j + 1;
        while (k < t_.size() && k < j + 3 && t_[k].is_word() && particles().count(t_[k].fold) && joined(k)) ++k;
        if (k < t_.size() && joined(k) && t_[k].is_word() && t_[k].cap && !particles().count(t_[k].fold) &&
            (!t_[k].all_caps || allow_all_caps) && !not_name_words().count(t_[k].fold)) {
          for (std::size_t m = j; m < k; ++m) words.push_back(t_[m].fold);
          j = k;
          continue;
        }
        break;
      }
      if (!w.cap || (w.all_caps && !allow_all_caps) || not_name_words().count(w.fold) || w.fold.size() < 2) break;
      if (title_words().count(w.fold)) break;
      words.push_back(w.fold);
      last = j;
      ++j;
      ++count;
    }
    return last;
  }

  bool first_name_token(std::size_t i) const {
    const token& t = t_[i];
    if (!t.name_like() || t.fold.size() < 2) return false;
    if (is_common_first_name(t.fold)) return true;
    if (t.fold.find('-') != std::string::npos) {
      std::size_t p = 0;
      while (p <= t.fold.size()) {
        std::size_t q = t.fold.find('-', p);
        if (q == std::string::npos) q = t.fold.size();
        if (!is_common_first_name(std::string_view(t.fold).substr(p, q - p))) return false;
        p = q + 1;
      }
      return true;
    }
    return false;
  }

  // "St. Mary's Hospital", "Saint Pierre", "San Francisco": a place or an institution.
  bool after_saint(std::size_t i) const {
    static const word_set saints = make_set("st ste saint sainte sint san santa sankt");
    std::size_t k = i;
    if (k > 0 && punct_is(k - 1, ".")) --k;
    return k > 0 && t_[k - 1].is_word() && t_[k - 1].cap && saints.count(t_[k - 1].fold) > 0;
  }

  // A word close by that gives an ambiguous name its ordinary sense: "la couleur Rose".
  bool ordinary_sense_nearby(std::size_t i) const {
    static const word_set sense = make_set(
        "couleur couleurs kleur kleuren colour colours color colors teinte tint bloem bloemen fleur fleurs "
        "flower flowers roche rocher steen stenen stone stones rots taille carriere groeve quarry");
    std::size_t from = i >= 3 ? i - 3 : 0;
    for (std::size_t k = from; k < t_.size() && k <= i + 3; ++k) {
      if (k == i) continue;
      if (t_[k].kind == token_kind::punct && (t_[k].fold == "." || t_[k].fold == "!" || t_[k].fold == "?")) {
        if (k < i) from = k;  // other sentence: ignore what came before
        else break;
      }
      if (k > from && t_[k].is_word() && sense.count(t_[k].fold)) return true;
    }
    return false;
  }

  bool ambiguous(const token& t) const {
    if (is_ambiguous_first_name(t.fold)) return true;
    return false;
  }

  // Whether the capitalised ambiguous word at i is a name here ("Pierre raconte" yes, "la Pierre" no).
  bool ambiguous_is_name(std::size_t i, const std::vector<std::size_t>& same_word_positions) const {
    if (preceded_by_determiner(i) || ordinary_sense_nearby(i)) return false;
    if (at(i + 1) && t_[i + 1].is_number() && joined(i + 1)) return false;  // "Jan 5", "Ward 3"
    if (!t_[i].sentence_start) return true;
    if (const token* n = at(i + 1); n && joined(i + 1)) {
      if (n->is_word() && verb_hints().count(n->fold)) return true;
      if (n->is_word() && !n->cap && n->fold.size() > 4 && ends_with(n->fold, "ed")) return true;  // "Will raised"
      if (n->name_like() && !not_name_words().count(n->fold)) return true;
      // apposition: "Roos, de coördinator, ..." / "Rose, une paire-aidante, ..."
      if (n->is_punct(",") && at(i + 2) && t_[i + 2].is_word() && determiners().count(t_[i + 2].fold)) return true;
    }
    for (std::size_t p : same_word_positions)
      if (p != i && !t_[p].sentence_start && !preceded_by_determiner(p)) return true;
    return false;
  }

  const std::vector<token>& tokens() const { return t_; }

 private:
  std::string_view text_;
  const std::vector<token>& t_;
};

struct person {
  std::string first;
  std::string last;         // last surname word
  std::string surname_key;  // all surname words joined
  bool known = false;
};

std::string join(const std::vector<std::string>& words, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

struct known_name {
  std::vector<std::string> words;  // folded word tokens of the full name
  std::vector<std::string> seq;    // folded tokens, punctuation included, to match in order
  std::size_t first_len = 1;       // tokens of the given name in seq
};

void find_names(std::string_view text, const std::vector<token>& t, const note_scanner& sc,
                const redaction_options& options, std::vector<candidate>& out) {
  using mention = note_scanner::mention;
  std::vector<mention> mentions;
  std::vector<person> persons;

  // Known persons, with their parts.
  std::vector<known_name> known;
  for (const auto& name : options.known_names) {
    auto nt = tokenize(name);
    known_name k;
    for (const auto& x : nt) {
      k.seq.push_back(x.fold);
      if (x.is_word()) k.words.push_back(x.fold);
    }
    if (k.words.empty()) continue;
    person p;
    p.known = true;
    p.first = k.words.front();
    if (k.words.size() > 1) {
      p.last = k.words.back();
      p.surname_key = join(k.words, 1);
    }
    persons.push_back(p);
    known.push_back(std::move(k));
  }

  // Positions of each capitalised word, to judge ambiguous words by their other uses.
  auto positions_of = [&](const std::string& fold) {
    std::vector<std::size_t> pos;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t[i].is_word() && t[i].cap && t[i].fold == fold) pos.push_back(i);
    return pos;
  };

  auto match_words = [&](std::size_t i, const std::vector<std::string>& words) -> std::size_t {
    // Matches word tokens only, consecutive in the text; returns the last token index or npos.
    std::size_t j = i;
    for (std::size_t w = 0; w < words.size(); ++w, ++j) {
      if (j >= t.size() || !t[j].is_word() || t[j].fold != words[w]) return npos;
      if (w > 0 && !sc.joined(j)) return npos;
    }
    return j - 1;
  };

  auto extend_initial = [&](std::size_t last) {
    // "Inès M." : the surname's initial goes too
    if (last + 2 < t.size() + 1 && sc.at(last + 1) && t[last + 1].is_word() && t[last + 1].fold.size() == 1 &&
        t[last + 1].cap && sc.joined(last + 1) && sc.punct_is(last + 2, ".") && sc.attached(last + 2))
      return last + 2;
    return last;
  };

  for (std::size_t i = 0; i < t.size(); ++i) {
    const token& tk = t[i];
    if (!tk.is_word()) continue;

    // 1. known names, whole or in part
    if (tk.cap || tk.all_caps) {
      for (std::size_t k = 0; k < known.size(); ++k) {
        const auto& kn = known[k];
        std::size_t last = npos;
        std::vector<std::string> given, surname;
        if (kn.words.size() > 1) {
          last = match_words(i, kn.words);
          if (last != npos) {
            given = {kn.words.front()};
            surname.assign(kn.words.begin() + 1, kn.words.end());
          } else {
            // "Dupont Marie"
            std::vector<std::string> reversed(kn.words.begin() + 1, kn.words.end());
            reversed.push_back(kn.words.front());
            last = match_words(i, reversed);
            if (last == npos) {
              std::vector<std::string> sur(kn.words.begin() + 1, kn.words.end());
              last = match_words(i, sur);
              if (last == npos && sur.size() > 1 && sur.back().size() >= 3) last = match_words(i, {sur.back()});
              if (last != npos) surname = sur;
            }
          }
        }
        if (last == npos && tk.fold == kn.words.front()) {
          if (!(sc.ambiguous(tk) && sc.preceded_by_determiner(i))) {
            last = i;
            given = {kn.words.front()};
          }
        }
        if (last == npos) continue;
        last = extend_initial(last);
        mentions.push_back({i, last, given, surname, 0, static_cast<int>(k)});
      }
    }

    // 2. after a title: "mevrouw Claessens", "M. Gilles Renard", "Dr Michel Lambrechts"
    std::size_t next = npos;
    if (sc.title_at(i, next) && next < t.size() && sc.joined(next)) {
      std::vector<std::string> words;
      std::size_t last = sc.take_name_words(next, true, 4, words);
      if (last != npos && !words.empty()) {
        mention m{next, last, {}, {}, 1};
        if (words.size() >= 2 && !particles().count(words.front()) && words.front().find('\'') == std::string::npos) {
          m.given = {words.front()};
          m.surname.assign(words.begin() + 1, words.end());
        } else {
          m.surname = words;
        }
        mentions.push_back(std::move(m));
      }
    }

    // 3. a first name from the list, with the capitalised words after it
    if (sc.first_name_token(i) && !sc.after_saint(i)) {
      bool is_name = true;
      if (sc.ambiguous(tk)) is_name = sc.ambiguous_is_name(i, positions_of(tk.fold));
      if (is_name) {
        std::vector<std::string> words;
        std::size_t last = i;
        if (sc.at(i + 1) && sc.joined(i + 1)) {
          std::size_t l = sc.take_name_words(i + 1, false, 3, words);
          if (l != npos) last = l;
        }
        last = extend_initial(last);
        if (particles().count(tk.fold) && !words.empty()) {
          // "Ben Salah", "El Amrani": the particle belongs to the surname
          words.insert(words.begin(), tk.fold);
          mentions.push_back({i, last, {}, words, 2});
        } else {
          mentions.push_back({i, last, {tk.fold}, words, 2});
        }
      }
    }

    // 4b. a capitalised word right after a kinship or relation noun: "haar zoon Minh"
    if (tk.name_like() && !tk.sentence_start && i > 0 && t[i - 1].is_word() && !t[i - 1].cap && sc.joined(i) &&
        kinship_words().count(t[i - 1].fold) && !not_name_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold)) {
      std::vector<std::string> words;
      std::size_t last = sc.take_name_words(i, false, 3, words);
      if (last != npos && !words.empty()) {
        mention m{i, last, {words.front()}, {}, 3};
        m.surname.assign(words.begin() + 1, words.end());
        mentions.push_back(std::move(m));
      }
    }

    // 4. two or more capitalised words mid-sentence: "Xhevdet Krasniqi"
    if (tk.name_like() && !tk.sentence_start && tk.fold.size() >= 2 && !not_name_words().count(tk.fold) &&
        !sc.preceded_by_determiner(i) && !title_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold) && !sc.after_saint(i) &&
        !(i > 0 && t[i - 1].is_word() && t[i - 1].cap && sc.joined(i))) {
      std::size_t ttl = npos;
      bool after_title = i > 0 && sc.title_at(i - 1, ttl);
      std::vector<std::string> words;
      std::size_t last = (sc.at(i + 1) && sc.joined(i + 1)) ? sc.take_name_words(i + 1, false, 3, words) : npos;
      // Not when a longer capitalised run goes on (titles of works, institutions).
      bool run_goes_on = last != npos && sc.at(last + 1) && t[last + 1].is_word() && t[last + 1].cap && sc.joined(last + 1);
      if (last != npos && !after_title && !run_goes_on) mentions.push_back({i, last, {tk.fold}, words, 3});
    }

    // 4c. the same two or three capitalised words at the start of a sentence, when what follows
    //     shows a person acting: "Xhevdet Krasniqi vertelde ...", "Oanh Tran a raconté ...".
    //     (Mid-sentence pairs need no such sign; at a sentence start any word is capitalised.)
    //     Not after an opener ("Later Karim came": rule 3 takes Karim alone), nor when only the
    //     second word is a listed first name.
    if (tk.name_like() && tk.sentence_start && tk.fold.size() >= 2 && !not_name_words().count(tk.fold) &&
        !sentence_openers().count(tk.fold) && !title_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold) && !sc.after_saint(i) && sc.at(i + 1) && sc.joined(i + 1) && t[i + 1].name_like() &&
        !not_name_words().count(t[i + 1].fold) && !(is_common_first_name(t[i + 1].fold) && !is_common_first_name(tk.fold))) {
      std::vector<std::string> words;
      std::size_t last = sc.take_name_words(i + 1, false, 3, words);
      const token* next = last != npos ? sc.at(last + 1) : nullptr;
      bool acting = next && sc.joined(last + 1) && next->is_word() && !next->cap && verb_hints().count(next->fold);
      if (last != npos && acting) mentions.push_back({i, last, {tk.fold}, words, 3});
    }
  }

  // Keep the longest mentions, then the most trusted, without overlaps.
  std::vector<std::size_t> order(mentions.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = mentions[a];
    const auto& y = mentions[b];
    std::size_t lx = t[x.last_tok].end - t[x.first_tok].start, ly = t[y.last_tok].end - t[y.first_tok].start;
    if (lx != ly) return lx > ly;
    if (x.rank != y.rank) return x.rank < y.rank;
    return x.first_tok < y.first_tok;
  });
  std::vector<char> taken(t.size(), 0);
  std::vector<mention> chosen;
  for (std::size_t k : order) {
    const auto& m = mentions[k];
    bool free = true;
    for (std::size_t j = m.first_tok; j <= m.last_tok; ++j)
      if (taken[j]) {
        free = false;
        break;
      }
    if (!free) continue;
    for (std::size_t j = m.first_tok; j <= m.last_tok; ++j) taken[j] = 1;
    chosen.push_back(m);
  }
  std::sort(chosen.begin(), chosen.end(), [](const mention& a, const mention& b) { return a.first_tok < b.first_tok; });

  // Who is who: known names first, then full names, then single words.
  auto find_by_surname = [&](const std::vector<std::string>& surname, const std::string& given) -> int {
    if (surname.empty()) return -1;
    std::string key = join(surname);
    const std::string& last = surname.back();
    for (std::size_t p = 0; p < persons.size(); ++p) {
      const auto& ps = persons[p];
      bool same = (!ps.surname_key.empty() && ps.surname_key == key) || (!ps.last.empty() && ps.last == last);
      if (!same) continue;
      if (!given.empty() && !ps.first.empty() && ps.first != given) continue;
      return static_cast<int>(p);
    }
    return -1;
  };
  auto find_by_first = [&](const std::string& given) -> int {
    for (std::size_t p = 0; p < persons.size(); ++p)
      if (persons[p].first == given) return static_cast<int>(p);
    return -1;
  };
  for (auto& m : chosen) {
    if (m.rank == 0) m.person = m.known;
  }
  for (auto& m : chosen) {
    if (m.person >= 0 || m.surname.empty() || m.given.empty()) continue;
    int p = find_by_surname(m.surname, m.given.front());
    if (p < 0) {
      person np;
      np.first = m.given.front();
      np.last = m.surname.back();
      np.surname_key = join(m.surname);
      persons.push_back(np);
      p = static_cast<int>(persons.size() - 1);
    } else if (persons[p].first.empty()) {
      persons[p].first = m.given.front();
    }
    m.person = p;
  }
  for (auto& m : chosen) {
    if (m.person >= 0) continue;
    int p = -1;
    if (!m.surname.empty()) {
      p = find_by_surname(m.surname, "");
      if (p < 0 && m.surname.size() == 1) p = find_by_first(m.surname.front());
      if (p < 0) {
        person np;
        np.last = m.surname.back();
        np.surname_key = join(m.surname);
        persons.push_back(np);
        p = static_cast<int>(persons.size() - 1);
      }
    } else if (!m.given.empty()) {
      p = find_by_first(m.given.front());
      if (p < 0) p = find_by_surname({m.given.front()}, "");
      if (p < 0) {
        person np;
        np.first = m.given.front();
        persons.push_back(np);
        p = static_cast<int>(persons.size() - 1);
      }
    }
    m.person = p;
  }

  // Echoes: a name found once ("Steven Clarke") also goes where it appears alone ("Clarke").
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (taken[i] || !t[i].is_word() || !(t[i].cap || t[i].all_caps) || t[i].fold.size() < 2) continue;
    if (not_name_words().count(t[i].fold) || particles().count(t[i].fold)) continue;
    for (std::size_t p = 0; p < persons.size(); ++p) {
      const auto& ps = persons[p];
      if (ps.known) continue;  // known names were matched above
      if (t[i].fold == ps.last || t[i].fold == ps.first) {
        if (sc.ambiguous(t[i]) && !sc.ambiguous_is_name(i, positions_of(t[i].fold))) break;
        chosen.push_back({i, i, {}, {}, 4, -1, static_cast<int>(p)});
        taken[i] = 1;
        break;
      }
    }
  }

  (void)text;
  for (const auto& m : chosen) out.push_back({t[m.first_tok].start, t[m.last_tok].end, p_name, m.person});
}

// ---------------------------------------------------------------- placeholders

struct placeholders {
  const char* person;
  const char* email;
  const char* phone;
  const char* national;
  const char* iban;
  const char* address;
  const char* birth;
  const char* custom;
};

const placeholders& placeholders_for(const std::string& lang) {
  static const placeholders nl{"PERSOON", "[E-MAIL]", "[TELEFOON]", "[RIJKSREGISTERNUMMER]", "[IBAN]",
                               "[ADRES]", "[GEBOORTEDATUM]", "[VERWIJDERD]"};
  static const placeholders fr{"PERSONNE", "[E-MAIL]", "[T\u00C9L\u00C9PHONE]", "[NUM\u00C9RO NATIONAL]", "[IBAN]",
                               "[ADRESSE]", "[DATE DE NAISSANCE]", "[SUPPRIM\u00C9]"};
  static const placeholders en{"PERSON", "[EMAIL]", "[PHONE]", "[NATIONAL NUMBER]", "[IBAN]",
                               "[ADDRESS]", "[BIRTH DATE]", "[REMOVED]"};
  if (lang == "nl") return nl;
  if (lang == "fr") return fr;
  return en;
}

}  // namespace

bool is_valid_national_number(std::string_view digits) {
  if (digits.size() != 11) return false;
  for (char c : digits)
    if (!is_ascii_digit(c)) return false;
  // The first six digits are a birth date; month may be 0 (unknown) or raised by 20/40 (bis numbers).
  int month = (digits[2] - '0') * 10 + (digits[3] - '0');
  int day = (digits[4] - '0') * 10 + (digits[5] - '0');
  int m = month % 20;
  if (m > 12 || day > 31) return false;
  int check = (digits[9] - '0') * 10 + (digits[10] - '0');
  std::string body(digits.substr(0, 9));
  if (97 - mod97(body) == check) return true;
  return 97 - mod97("2" + body) == check;
}

bool is_valid_iban(std::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!is_ascii_alpha(compact[0]) || !is_ascii_alpha(compact[1]) || !is_ascii_digit(compact[2]) ||
      !is_ascii_digit(compact[3]))
    return false;
  std::string code(compact.substr(0, 2));
  code[0] = ascii_upper(code[0]);
  code[1] = ascii_upper(code[1]);
  struct length {
    const char* country;
    std::size_t len;
  };
  static constexpr std::array<length, 16> lengths = {{{"BE", 16}, {"NL", 18}, {"FR", 27}, {"DE", 22}, {"LU", 20},
                                                      {"GB", 22}, {"ES", 24}, {"IT", 27}, {"PT", 25}, {"PL", 28},
                                                      {"RO", 24}, {"TR", 26}, {"MA", 28}, {"CH", 21}, {"AT", 20},
                                                      {"IE", 22}}};
  for (const auto& l : lengths)
    if (code == l.country && compact.size() != l.len) return false;
  int r = 0;
  auto feed = [&](char c) {
    if (is_ascii_digit(c)) {
      r = (r * 10 + (c - '0')) % 97;
    } else if (is_ascii_alpha(c)) {
      int v = ascii_upper(c) - 'A' + 10;
      r = (r * 100 + v) % 97;
    } else {
      r = -1000;
    }
  };
  for (std::size_t i = 4; i < compact.size() && r >= 0; ++i) feed(compact[i]);
  for (std::size_t i = 0; i < 4 && r >= 0; ++i) feed(compact[i]);
  return r == 1;
}

std::string detect_language(std::string_view text) {
  static const word_set nl = make_set(
      "de het een en van is niet dat op met zijn ze haar hij voor wordt naar ook maar bij om te er wat "
      "dit die als heeft hebben kan wil");
  static const word_set fr = make_set(
      "le la les un une et est des du que qui pas pour avec il elle dans au sur se ne son sa ses ce cette "
      "mais ou lui leur");
  static const word_set en = make_set(
      "the and is of to with for that he she his her was it in on not be are has have they this but at "
      "by from");
  int n = 0, f = 0, e = 0;
  for (const auto& tk : tokenize(text)) {
    if (!tk.is_word()) continue;
    if (nl.count(tk.fold)) ++n;
    if (fr.count(tk.fold)) ++f;
    if (en.count(tk.fold)) ++e;
  }
  if (n >= f && n >= e && n > 0) return "nl";
  if (f >= e && f > 0) return "fr";
  return "en";
}

redaction redact(std::string_view text, const redaction_options& options) {
  std::vector<candidate> found;
  found.reserve(32);
  find_emails(text, found);
  find_ibans(text, found);
  find_national_numbers(text, found);
  find_phones(text, found);
  find_custom_terms(text, options.extra_terms, found);

  auto tokens = tokenize(text);
  note_scanner sc(text, tokens);
  sc.find_birth_dates(found);
  sc.find_addresses(found);
  find_names(text, tokens, sc, options, found);

  // Overlapping findings become one span of the most specific type: nothing flagged survives.
  std::sort(found.begin(), found.end(), [](const candidate& a, const candidate& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.prio < b.prio;
  });
  std::vector<candidate> merged;
  for (const auto& c : found) {
    if (c.end <= c.start) continue;
    if (!merged.empty() && c.start < merged.back().end) {
      auto& m = merged.back();
      m.end = std::max(m.end, c.end);
      if (c.prio < m.prio) {
        m.prio = c.prio;
        m.person = c.person;
      } else if (c.prio == m.prio && m.person < 0) {
        m.person = c.person;
      }
      continue;
    }
    merged.push_back(c);
  }

  std::string lang = options.language;
  if (lang != "nl" && lang != "fr" && lang != "en") lang = detect_language(text);
  const auto& ph = placeholders_for(lang);

  redaction r;
  r.redacted.reserve(text.size());
  std::vector<int> number_of;  // person index -> placeholder number
  int next_number = 0;
  std::size_t pos = 0;
  for (const auto& m : merged) {
    r.redacted.append(text.substr(pos, m.start - pos));
    switch (m.prio) {
      case p_email: r.redacted += ph.email; break;
      case p_iban: r.redacted += ph.iban; break;
      case p_national: r.redacted += ph.national; break;
      case p_phone: r.redacted += ph.phone; break;
      case p_birth: r.redacted += ph.birth; break;
      case p_address: r.redacted += ph.address; break;
      case p_custom: r.redacted += ph.custom; break;
      default: {
        int n;
        if (m.person >= 0) {
          if (static_cast<std::size_t>(m.person) >= number_of.size()) number_of.resize(m.person + 1, 0);
          if (!number_of[m.person]) number_of[m.person] = ++next_number;
          n = number_of[m.person];
        } else {
          n = ++next_number;
        }
        r.redacted += '[';
        r.redacted += ph.person;
        r.redacted += ' ';
        r.redacted += std::to_string(n);
        r.redacted += ']';
      }
    }
    r.spans.push_back({m.start, m.end, type_name(m.prio)});
    pos = m.end;
  }
  r.redacted.append(text.substr(pos));
  return r;
}

}  // namespace intervision

// redact(): runs every finder of src/domain/anonymiser/ over the note, merges what they found into
// disjoint spans, and writes the placeholders. The map of the parts is in
// include/intervision/domain/anonymiser/detail.h.
#include "intervision/domain/anonymiser.h"

#include <algorithm>

#include "intervision/domain/anonymiser/detail.h"

namespace intervision {

using namespace anonymiser;

namespace {

// Overlapping findings become one span of the most specific type: nothing flagged survives.
std::vector<candidate> merge(std::vector<candidate> found) {
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
  return merged;
}

const char* fixed_placeholder(const placeholders& ph, int prio) {
  switch (prio) {
    case p_email: return ph.email;
    case p_iban: return ph.iban;
    case p_national: return ph.national;
    case p_phone: return ph.phone;
    case p_birth: return ph.birth;
    case p_address: return ph.address;
    case p_custom: return ph.custom;
    case p_identifier: return ph.identifier;
    case p_url: return ph.url;
    case p_institution: return ph.institution;
    default: return nullptr;
  }
}

redaction render(std::string_view text, const std::vector<candidate>& merged, const placeholders& ph) {
  redaction r;
  r.redacted.reserve(text.size());
  std::vector<int> number_of;  // person index -> placeholder number
  int next_number = 0;
  std::size_t pos = 0;
  for (const auto& m : merged) {
    r.redacted.append(text.substr(pos, m.start - pos));
    if (const char* fixed = fixed_placeholder(ph, m.prio)) {
      r.redacted += fixed;
    } else {
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
    r.spans.push_back({m.start, m.end, type_name(m.prio)});
    pos = m.end;
  }
  r.redacted.append(text.substr(pos));
  return r;
}

}  // namespace

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
  find_prefixed_phones(text, found);
  find_record_numbers(text, found);
  find_alphanumeric_records(text, found);
  drop_number_tables(text, found);
  find_urls(text, found);
  find_custom_terms(text, options.extra_terms, found);

  auto tokens = tokenize(text);
  note_scanner sc(text, tokens);
  sc.find_birth_dates(found);
  sc.find_birth_dates_after_sex(found);
  sc.find_spelled_birth_dates(found);
  sc.find_cued_phones(found);
  sc.find_cued_record_numbers(found);
  sc.find_addresses(found);
  sc.find_institutions(found);
  find_names(tokens, sc, options, found);
  sc.find_birth_dates_after_names(found);

  std::string lang = options.language;
  if (lang != "nl" && lang != "fr" && lang != "en") lang = detect_language(text);
  return render(text, merge(std::move(found)), placeholders_for(lang));
}

}  // namespace intervision

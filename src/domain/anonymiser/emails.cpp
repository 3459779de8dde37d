// Email addresses (also spelled out: "name [at] domain dot be") and the facilitator's extra terms.
#include "intervision/domain/anonymiser/detail.h"

namespace intervision::anonymiser {

// Letters with accents count too ("secrétariat@..."): bytes of UTF-8 sequences.
bool email_local_char(char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}
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
    for (std::string_view w : {"[dot]", "(dot)", "{dot}", "[.]", "(.)", "dot ", "punt ", "point ", ". "}) {
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
    if (at_begin == npos && s.compare(i, 3, " @ ") == 0 && i > 0 && email_local_char(s[i - 1])) {
      at_begin = i;  // "tlabelle @ medimail . com"
      at_end = i + 3;
      spelled = true;
    }
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
    static const word_set tlds = make_set("be com org net nl fr eu uk io me de lu info co edu gov ma tr");
    std::size_t end = scan_domain(s, d, spelled);
    if (end == npos && !spelled) {
      // "abarasse.jl@fr": the domain's name left out, a top-level domain alone after the @; the
      // local part still names the person
      std::size_t e = d;
      std::string tld;
      while (e < s.size() && is_ascii_alpha(s[e]) && e - d <= 4) tld += ascii_lower(s[e++]);
      bool alone = e == s.size() || !(is_ascii_alnum(s[e]) || s[e] == '-' || s[e] == '_' || s[e] == '@' ||
                                      (s[e] == '.' && e + 1 < s.size() && is_ascii_alnum(s[e + 1])));
      if (alone && tlds.count(tld) && local_end - l >= 3) end = e;
    }
    if (end == npos) continue;
    if (bare_at) {
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

namespace {

bool url_char(char c) {
  return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '"' && c != '<' && c != '>' && c != ')' &&
         c != ']' && c != '\'';
}

std::size_t url_end(std::string_view s, std::size_t j) {
  while (j < s.size() && url_char(s[j])) ++j;
  while (j > 0 && (s[j - 1] == '.' || s[j - 1] == ',' || s[j - 1] == ';' || s[j - 1] == ':' || s[j - 1] == '!' ||
                   s[j - 1] == '?'))
    --j;
  return j;
}

bool web_tld(std::string_view s, std::size_t from, std::size_t end) {
  static const word_set tlds = make_set("be nl fr com org net eu lu de uk io me info");
  std::size_t t0 = end;
  while (t0 > from && is_ascii_alpha(s[t0 - 1])) --t0;
  if (t0 == from || s[t0 - 1] != '.') return false;
  std::string tld;
  for (std::size_t k = t0; k < end; ++k) tld += ascii_lower(s[k]);
  return tlds.count(tld) > 0;
}

bool handle_char(char c) { return is_ascii_alnum(c) || c == '_' || c == '.'; }

}  // namespace

void find_urls(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (is_ascii_alnum(s[i - 1]) || s[i - 1] == '@' || s[i - 1] == '.' || s[i - 1] == '/')) continue;
    std::size_t end = npos;
    if (ieq_at(s, i, "http://") || ieq_at(s, i, "https://") || ieq_at(s, i, "www.")) {
      end = url_end(s, i);
    } else if (s[i] == '@' && i + 2 < s.size() && handle_char(s[i + 1]) && handle_char(s[i + 2])) {
      std::size_t j = i + 1;
      while (j < s.size() && handle_char(s[j])) ++j;
      while (j > i + 1 && s[j - 1] == '.') --j;
      if (j - i >= 3) end = j;
    } else if (is_ascii_alnum(s[i])) {
      // "facebook.com/marie.d", "linkedin.com/in/marie": a domain with a path
      std::size_t d = scan_domain(s, i, false);
      if (d != npos && d < s.size() && s[d] == '/' && d + 1 < s.size() && url_char(s[d + 1])) {
        end = url_end(s, d);
      } else if (d != npos && (d >= s.size() || (s[d] != '@' && !is_ascii_alnum(s[d]))) && web_tld(s, i, d)) {
        end = d;  // "hetwkz.nl", "mijnpagina.be": a bare domain with a usual top-level domain
      }
    }
    if (end == npos || end <= i) continue;
    out.push_back({i, end, p_url});
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

}  // namespace intervision::anonymiser

#include "intervision/domain/feedback.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace intervision {

namespace {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool plain_id(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::vector<std::string> values_of(const std::multimap<std::string, std::string>& fields, const std::string& id) {
  std::vector<std::string> out;
  auto [b, e] = fields.equal_range(id);
  for (auto it = b; it != e; ++it) {
    auto v = trimmed(it->second);
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

// One question's value from what was sent: nullopt when unanswered, a reason when refused.
struct read_value {
  std::optional<feedback_value> value;
  std::string refusal;
};

read_value read_one(const feedback_question& q, const std::vector<std::string>& theme_ids, const std::vector<std::string>& given) {
  if (given.empty()) return {};
  feedback_value v;
  switch (q.kind) {
    case question_kind::scale: {
      if (given.size() > 1) return {std::nullopt, "one_value"};
      int n = 0;
      const auto& s = given.front();
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec != std::errc() || p != s.data() + s.size()) return {std::nullopt, "not_a_number"};
      if (n < q.min || n > q.max) return {std::nullopt, "out_of_range"};
      v.scale = n;
      break;
    }
    case question_kind::yes_no:
      if (given.size() > 1) return {std::nullopt, "one_value"};
      if (given.front() != "yes" && given.front() != "no") return {std::nullopt, "unknown_value"};
      v.yes = given.front() == "yes";
      break;
    case question_kind::themes: {
      std::set<std::string> chosen(given.begin(), given.end());
      for (const auto& c : chosen)
        if (std::find(theme_ids.begin(), theme_ids.end(), c) == theme_ids.end()) return {std::nullopt, "unknown_value"};
      for (const auto& id : theme_ids)
        if (chosen.count(id)) v.themes.push_back(id);
      break;
    }
    case question_kind::text:
      if (given.size() > 1) return {std::nullopt, "one_value"};
      if (given.front().size() > static_cast<std::size_t>(q.max_length)) return {std::nullopt, "too_long"};
      v.text = given.front();
      break;
  }
  return {std::move(v), {}};
}

}  // namespace

std::optional<question_kind> question_kind_from(std::string_view name) {
  if (name == "scale") return question_kind::scale;
  if (name == "yes_no") return question_kind::yes_no;
  if (name == "themes") return question_kind::themes;
  if (name == "text") return question_kind::text;
  return std::nullopt;
}

const char* question_kind_name(question_kind kind) {
  switch (kind) {
    case question_kind::scale: return "scale";
    case question_kind::yes_no: return "yes_no";
    case question_kind::themes: return "themes";
    case question_kind::text: return "text";
  }
  return "text";
}

status check_feedback_questions(const std::vector<feedback_question>& questions) {
  if (questions.empty()) return status(status_code::bad_request, "feedback.question: at least one question is required");
  if (questions.size() > 20) return status(status_code::bad_request, "feedback.question: at most 20 questions");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    auto where = "feedback.question[" + std::to_string(i) + "]";
    if (!plain_id(q.id)) return status(status_code::bad_request, where + ".id: must be 1 to 40 of a-z, 0-9 and _");
    if (!seen.insert(q.id).second) return status(status_code::bad_request, where + ".id: \"" + q.id + "\" is used twice");
    if (q.id == "token" || q.id == "lang") return status(status_code::bad_request, where + ".id: \"" + q.id + "\" is reserved");
    if (q.label.fr.empty() || q.label.nl.empty() || q.label.en.empty())
      return status(status_code::bad_request, where + ".label: needs fr, nl and en");
    if (q.kind == question_kind::scale && (q.min < 0 || q.max > 10 || q.max <= q.min))
      return status(status_code::bad_request, where + ".max: must be above min, from 0 to 10");
    if (q.kind == question_kind::text && (q.max_length < 1 || q.max_length > 10000))
      return status(status_code::bad_request, where + ".max_length: must be from 1 to 10000");
  }
  return status::ok();
}

result<feedback_answers> validate_feedback(const std::vector<feedback_question>& questions, const std::vector<std::string>& theme_ids,
                                           const std::multimap<std::string, std::string>& fields) {
  feedback_answers out;
  std::map<std::string, std::string> errors;
  for (const auto& q : questions) {
    auto r = read_one(q, theme_ids, values_of(fields, q.id));
    if (!r.refusal.empty()) errors[q.id] = r.refusal;
    else if (r.value && (q.kind != question_kind::themes || !r.value->themes.empty())) out.emplace(q.id, std::move(*r.value));
  }
  if (!errors.empty()) return status::invalid(std::move(errors));
  if (out.empty()) return status::invalid({{"answers", "empty"}}, "Answer at least one question.");
  return out;
}

feedback_summary summarise_feedback(const std::vector<feedback_question>& questions,
                                    const std::vector<std::vector<feedback_answers>>& sessions) {
  feedback_summary s;
  for (const auto& q : questions) s.questions.push_back({q.id, q.kind, 0, {}, 0, {}});
  std::vector<long> sums(questions.size(), 0);
  for (const auto& answers : sessions) {
    if (answers.empty()) continue;
    if (answers.size() < static_cast<std::size_t>(feedback_minimum_answers)) {
      ++s.sessions_withheld;
      continue;
    }
    ++s.sessions;
    s.answers += static_cast<int>(answers.size());
    for (const auto& a : answers) {
      for (std::size_t i = 0; i < questions.size(); ++i) {
        auto it = a.find(questions[i].id);
        if (it == a.end()) continue;
        auto& qs = s.questions[i];
        const auto& v = it->second;
        ++qs.answered;
        if (v.scale) {
          ++qs.counts[std::to_string(*v.scale)];
          sums[i] += *v.scale;
        }
        if (v.yes) ++qs.counts[*v.yes ? "yes" : "no"];
        for (const auto& t : v.themes) ++qs.counts[t];
        if (!v.text.empty()) qs.texts.push_back(v.text);
      }
    }
  }
  for (std::size_t i = 0; i < questions.size(); ++i) {
    auto& qs = s.questions[i];
    if (qs.kind == question_kind::scale && qs.answered > 0) qs.mean = static_cast<double>(sums[i]) / qs.answered;
    std::sort(qs.texts.begin(), qs.texts.end());
  }
  return s;
}

}  // namespace intervision

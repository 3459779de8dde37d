// feedback: the questions of the anonymous feedback form (config/feedback.toml), what an answer
// may hold, and what a report may show of the answers.
//
// A question is a scale (an integer from min to max), yes/no, themes (ids from the theme
// taxonomy, several allowed) or a free text. Every question may be left unanswered, but an
// answer answers at least one. Answers are kept per session and hold no person: a report shows
// a session's answers only when it has at least feedback_minimum_answers of them (the report's
// "<3" rule), and then only summed with the other sessions of its series or quarter.
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intervision/domain/labels.h"
#include "intervision/domain/status.h"

namespace intervision {

inline constexpr int feedback_minimum_answers = 3;

enum class question_kind { scale, yes_no, themes, text };

std::optional<question_kind> question_kind_from(std::string_view name);  // "scale" | "yes_no" | "themes" | "text"
const char* question_kind_name(question_kind kind);

struct feedback_question {
  std::string id;  // [a-z0-9_], unique in the form
  question_kind kind = question_kind::scale;
  labels label;
  labels low, high;  // scale: what its ends mean (may be empty)
  int min = 1, max = 5;   // scale
  int max_length = 2000;  // text, in bytes
};

// ok, or which question is wrong and why ("feedback.question[2].max: must be above min").
status check_feedback_questions(const std::vector<feedback_question>& questions);

struct feedback_value {
  std::optional<int> scale;
  std::optional<bool> yes;
  std::vector<std::string> themes;  // in taxonomy order, no duplicate
  std::string text;                 // trimmed; the caller anonymises it before storing
};
using feedback_answers = std::map<std::string, feedback_value>;  // question id -> value; unanswered ones absent

// From the fields sent (question id -> the values given; a form repeats a field for several
// themes): 422 with a field -> reason map ("usefulness": "out_of_range", "themes": "unknown_value",
// "comment": "too_long", "answers": "empty") or the answers. Fields that are no question are ignored.
result<feedback_answers> validate_feedback(const std::vector<feedback_question>& questions, const std::vector<std::string>& theme_ids,
                                           const std::multimap<std::string, std::string>& fields);

struct question_summary {
  std::string id;
  question_kind kind = question_kind::scale;
  int answered = 0;                   // answers that answered it
  std::map<std::string, int> counts;  // scale: "1".."5"; yes_no: "yes"/"no"; themes: theme id
  double mean = 0;                    // scale only
  std::vector<std::string> texts;     // text only, sorted (their order tells nothing)
};

struct feedback_summary {
  int sessions = 0;           // sessions whose answers are counted (at least the minimum)
  int sessions_withheld = 0;  // sessions with answers, but fewer than the minimum: not counted
  int answers = 0;
  std::vector<question_summary> questions;  // in the form's order
};

// Sums the answers of every session with at least feedback_minimum_answers of them.
feedback_summary summarise_feedback(const std::vector<feedback_question>& questions,
                                    const std::vector<std::vector<feedback_answers>>& sessions);

}  // namespace intervision

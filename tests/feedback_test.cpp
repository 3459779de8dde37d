// The pure rules of feedback and attestations: the shipped questions, what an answer may hold,
// the "<3" rule of the summary, verification codes and durations.
#include <catch2/catch.hpp>

#include "intervision/domain/attestation.h"
#include "intervision/domain/feedback.h"
#include "support.h"

using namespace intervision;

namespace {

std::vector<feedback_question> questions() {
  feedback_question scale{"usefulness", question_kind::scale, {"U", "N", "E"}, {}, {}, 1, 5, 2000};
  feedback_question yn{"come_again", question_kind::yes_no, {"R", "T", "A"}, {}, {}, 1, 5, 2000};
  feedback_question th{"themes_wished", question_kind::themes, {"T", "T", "T"}, {}, {}, 1, 5, 2000};
  feedback_question tx{"comment", question_kind::text, {"C", "O", "C"}, {}, {}, 1, 5, 20};
  return {scale, yn, th, tx};
}

const std::vector<std::string> themes{"boundaries", "relapse", "posture"};

feedback_answers answer(int usefulness, bool again, std::string comment = "") {
  std::multimap<std::string, std::string> f{{"usefulness", std::to_string(usefulness)}, {"come_again", again ? "yes" : "no"}};
  if (!comment.empty()) f.emplace("comment", comment);
  auto r = validate_feedback(questions(), themes, f);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("the shipped feedback questions load and pass the rules", "[feedback]") {
  test::temp_dir dir;
  auto cfg = test::test_config(dir.path);
  REQUIRE(cfg.feedback.questions.size() == 4);
  CHECK(cfg.feedback.link_days == 30);
  CHECK(check_feedback_questions(cfg.feedback.questions));
  CHECK(cfg.feedback.questions[0].kind == question_kind::scale);
  CHECK(cfg.feedback.questions[2].kind == question_kind::themes);
  CHECK(cfg.organisation.address.size() == 3);
}

TEST_CASE("questions: ids unique and plain, labels in three languages, scales that make sense", "[feedback]") {
  auto qs = questions();
  CHECK(check_feedback_questions(qs));
  auto twice = qs;
  twice[1].id = "usefulness";
  CHECK(check_feedback_questions(twice).message().find("used twice") != std::string::npos);
  auto reserved = qs;
  reserved[0].id = "token";
  CHECK_FALSE(check_feedback_questions(reserved));
  auto upside = qs;
  upside[0].min = 5;
  upside[0].max = 1;
  CHECK(check_feedback_questions(upside).message().find("question[0].max") != std::string::npos);
  auto no_dutch = qs;
  no_dutch[3].label.nl.clear();
  CHECK(check_feedback_questions(no_dutch).message().find("question[3].label") != std::string::npos);
  CHECK_FALSE(check_feedback_questions({}));
}

TEST_CASE("an answer holds only known values, and at least one", "[feedback]") {
  auto qs = questions();
  auto ok = validate_feedback(qs, themes, {{"usefulness", "4"}, {"themes_wished", "posture"}, {"themes_wished", "boundaries"},
                                           {"themes_wished", "posture"}, {"token", "ignored"}, {"comment", "  fine  "}});
  REQUIRE(ok);
  CHECK(ok->at("usefulness").scale == 4);
  CHECK(ok->at("themes_wished").themes == std::vector<std::string>{"boundaries", "posture"});  // taxonomy order, once each
  CHECK(ok->at("comment").text == "fine");
  CHECK_FALSE(ok->count("come_again"));

  auto bad = validate_feedback(qs, themes, {{"usefulness", "9"}, {"come_again", "maybe"}, {"themes_wished", "cooking"},
                                            {"comment", std::string(21, 'x')}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == status_code::invalid);
  CHECK(bad.error().errors() == std::map<std::string, std::string>{
                                    {"usefulness", "out_of_range"}, {"come_again", "unknown_value"}, {"themes_wished", "unknown_value"},
                                    {"comment", "too_long"}});
  CHECK(validate_feedback(qs, themes, {{"usefulness", "4x"}}).error().errors().at("usefulness") == "not_a_number");
  CHECK(validate_feedback(qs, themes, {{"usefulness", "4"}, {"usefulness", "5"}}).error().errors().at("usefulness") == "one_value");
  auto empty = validate_feedback(qs, themes, {{"comment", "   "}, {"token", "x"}});
  REQUIRE_FALSE(empty);
  CHECK(empty.error().errors().at("answers") == "empty");
}

TEST_CASE("a summary counts only the sessions with at least three answers", "[feedback]") {
  auto qs = questions();
  std::vector<feedback_answers> two{answer(5, true, "b"), answer(1, false)};
  std::vector<feedback_answers> three{answer(4, true, "zz"), answer(2, true), answer(3, false, "aa")};
  auto none = summarise_feedback(qs, {two});
  CHECK(none.sessions == 0);
  CHECK(none.sessions_withheld == 1);
  CHECK(none.answers == 0);
  CHECK(none.questions[0].answered == 0);
  CHECK(none.questions[3].texts.empty());

  auto s = summarise_feedback(qs, {two, three, {}});
  CHECK(s.sessions == 1);
  CHECK(s.sessions_withheld == 1);
  CHECK(s.answers == 3);
  CHECK(s.questions[0].answered == 3);
  CHECK(s.questions[0].mean == Approx(3.0));
  CHECK(s.questions[0].counts == std::map<std::string, int>{{"2", 1}, {"3", 1}, {"4", 1}});
  CHECK(s.questions[1].counts == std::map<std::string, int>{{"no", 1}, {"yes", 2}});
  CHECK(s.questions[3].texts == std::vector<std::string>{"aa", "zz"});  // sorted, not in the order they came
}

TEST_CASE("verification codes: ten characters of Crockford base 32, typed back loosely", "[attestation]") {
  auto code = verification_code_from_hex("0123456789abcdef0123456789abcdef");
  CHECK(code.size() == verification_code_length);
  CHECK(code.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos);
  CHECK(code != verification_code_from_hex("0123456789ab8def0123456789abcdef"));  // the 13th digit counts
  CHECK(verification_code_from_hex("ffffffffffffff") == "ZZZZZZZZZZ");
  CHECK(verification_code_from_hex("00000000000000") == "0000000000");
  auto shown = format_verification_code(code);
  CHECK(shown.size() == 11);
  CHECK(shown[5] == '-');
  CHECK(normalise_verification_code(shown) == code);
  CHECK(normalise_verification_code("abcde fghjk") == "ABCDEFGHJK");
  CHECK(normalise_verification_code("O1LI0-00000") == "0111000000");
  CHECK_FALSE(normalise_verification_code("ABCDE-FGHJ"));    // too short
  CHECK_FALSE(normalise_verification_code("ABCDE-FGHJU"));   // U is not in the alphabet
  CHECK_FALSE(normalise_verification_code("ABCDE/FGHJK"));
}

TEST_CASE("attended time: sessions from start to end, written per language", "[attestation]") {
  CHECK(attended_minutes({{0, 3 * 3600}, {10000, 10000 + 150 * 60}, {500, 400}}) == 330);
  CHECK(attended_minutes({}) == 0);
  CHECK(format_duration(180, "fr") == "3 h");
  CHECK(format_duration(330, "fr") == "5 h 30");
  CHECK(format_duration(185, "nl") == "3 u 05");
  CHECK(format_duration(330, "en") == "5 h 30 min");
}

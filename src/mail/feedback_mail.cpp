#include "intervision/mail/feedback_mail.h"

#include <string_view>

namespace intervision {

namespace {

#define NBSP "\u00A0"

struct feedback_text {
  const char* subject;  // {title}
  const char* greeting;  // {name}
  const char* body;      // {title}, {when}
  const char* link;      // {link}, {date}
  const char* privacy;
  const char* sign_off;
};

const feedback_text french = {
    "Votre avis sur l'intervision «" NBSP "{title}" NBSP "»",
    "Bonjour {name},",
    "Merci d'avoir participé à l'intervision «" NBSP "{title}" NBSP "» du {when}. Quelques questions "
    "nous aideraient à savoir si ces rencontres vous sont utiles" NBSP ": cela prend deux minutes.",
    "Votre lien (valable une seule fois, jusqu'au {date})" NBSP ": {link}",
    "Votre réponse est anonyme" NBSP ": elle est enregistrée sans votre nom ni votre adresse, et un "
    "commentaire libre est anonymisé avant d'être conservé. Les résultats d'une séance ne sont "
    "montrés qu'à partir de trois réponses.",
    "Bien cordialement,\nL'équipe PAT de Smes",
};

const feedback_text dutch = {
    "Uw mening over de intervisie “{title}”",
    "Beste {name},",
    "Bedankt voor uw deelname aan de intervisie “{title}” van {when}. Met enkele vragen willen we "
    "weten of deze bijeenkomsten u helpen: het duurt twee minuten.",
    "Uw link (één keer te gebruiken, tot {date}): {link}",
    "Uw antwoord is anoniem: het wordt bewaard zonder uw naam of adres, en een vrije opmerking "
    "wordt geanonimiseerd voor ze bewaard wordt. De resultaten van een sessie worden pas vanaf "
    "drie antwoorden getoond.",
    "Met vriendelijke groeten,\nHet PAT-team van Smes",
};

const feedback_text english = {
    "Your view of the intervision “{title}”",
    "Dear {name},",
    "Thank you for taking part in the intervision “{title}” on {when}. A few questions would help "
    "us know whether these meetings help you: it takes two minutes.",
    "Your link (it works once, until {date}): {link}",
    "Your answer is anonymous: it is kept without your name or address, and a free comment is "
    "anonymised before it is kept. A session's results are shown only from three answers.",
    "Kind regards,\nThe PAT team at Smes",
};

#undef NBSP

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  return out;
}

std::string fill_in(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  std::string hole(1, '{');
  hole.append(key);
  hole += '}';
  for (auto p = out.find(hole); p != std::string::npos; p = out.find(hole, p + value.size())) out.replace(p, hole.size(), value);
  return out;
}

}  // namespace

mail_message compose_feedback_request(const feedback_mail_fields& f) {
  const feedback_text& t = f.language == "fr" ? french : f.language == "nl" ? dutch : english;
  const auto title = one_line(f.session_title);
  mail_message m;
  m.subject = fill_in(t.subject, "title", title);
  std::string body = fill_in(t.greeting, "name", one_line(f.participant_name));
  body += "\n\n";
  body += fill_in(fill_in(t.body, "title", title), "when", one_line(f.session_when));
  body += "\n\n";
  body += fill_in(fill_in(t.link, "date", one_line(f.valid_until)), "link", one_line(f.link));
  body += "\n\n";
  body += t.privacy;
  body += "\n\n";
  body += t.sign_off;
  body += "\n";
  m.text = std::move(body);
  return m;
}

}  // namespace intervision

#include "intervision/mail/attestation_pdf.h"

#include <memory>
#include <string_view>

#include <cairo-pdf.h>
#include <cairo.h>

namespace intervision {

namespace {

#define NBSP "\u00A0"

struct pdf_text {
  const char* title;
  const char* statement;  // {name}, {cycle}
  const char* date_heading;
  const char* series_heading;
  const char* duration_heading;
  const char* total;      // label
  const char* issued;     // {date}
  const char* code;       // label
  const char* check;      // how to check
};

const pdf_text french = {
    "Attestation de participation",
    "Nous attestons que {name} a participé aux intervisions suivantes du cycle {cycle}" NBSP ":",
    "Date", "Intervision", "Durée",
    "Total" NBSP ":",
    "Délivrée le {date}.",
    "Code de vérification" NBSP ":",
    "PAT peut vérifier ce code et le nombre d'heures qu'il atteste. Le code ne révèle pas à qui il a été délivré.",
};

const pdf_text dutch = {
    "Aanwezigheidsattest",
    "Wij verklaren dat {name} deelnam aan de volgende intervisies van de cyclus {cycle}:",
    "Datum", "Intervisie", "Duur",
    "Totaal:",
    "Afgegeven op {date}.",
    "Verificatiecode:",
    "PAT kan deze code en het aantal uren dat ze bevestigt nagaan. De code verraadt niet aan wie ze werd afgegeven.",
};

const pdf_text english = {
    "Certificate of attendance",
    "We certify that {name} attended the following intervisions of the cycle {cycle}:",
    "Date", "Intervision", "Duration",
    "Total:",
    "Issued on {date}.",
    "Verification code:",
    "PAT can check this code and the hours it certifies. The code does not reveal whom it was issued to.",
};

#undef NBSP

std::string fill_in(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  std::string hole(1, '{');
  hole.append(key);
  hole += '}';
  for (auto p = out.find(hole); p != std::string::npos; p = out.find(hole, p + value.size())) out.replace(p, hole.size(), value);
  return out;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

constexpr double page_width = 595.28, page_height = 841.89, margin = 56.7;  // A4, 2 cm

// Draws text from the top of the page down, wrapping at the margins, starting new pages.
class writer {
 public:
  explicit writer(cairo_t* cr) : cr_(cr) {}
  void font(double size, bool bold) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    size_ = size;
  }
  double width_of(const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, s.c_str(), &e);
    return e.x_advance;
  }
  // One paragraph, wrapped between x and the right margin.
  void paragraph(const std::string& text, double x = margin) {
    std::string line, word;
    auto flush_word = [&] {
      if (word.empty()) return;
      std::string tried = line.empty() ? word : line + " " + word;
      if (!line.empty() && x + width_of(tried) > page_width - margin) {
        put(line, x);
        line = word;
      } else {
        line = tried;
      }
      word.clear();
    };
    for (char c : text) {
      if (c == ' ') flush_word();
      else word += c;
    }
    flush_word();
    if (!line.empty()) put(line, x);
  }
  // Cells on one line at the given x positions (no wrapping; cells are short).
  void row(const std::vector<std::pair<double, std::string>>& cells) {
    room();
    for (const auto& [x, s] : cells) {
      cairo_move_to(cr_, x, y_);
      cairo_show_text(cr_, s.c_str());
    }
    y_ += size_ * 1.45;
  }
  void rule() {
    room();
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, margin, y_ - size_ * 0.9);
    cairo_line_to(cr_, page_width - margin, y_ - size_ * 0.9);
    cairo_stroke(cr_);
  }
  void gap(double points) { y_ += points; }

 private:
  void room() {
    if (y_ + size_ <= page_height - margin) return;
    cairo_show_page(cr_);
    y_ = margin + size_;
  }
  void put(const std::string& s, double x) {
    room();
    cairo_move_to(cr_, x, y_);
    cairo_show_text(cr_, s.c_str());
    y_ += size_ * 1.45;
  }
  cairo_t* cr_;
  double size_ = 11;
  double y_ = margin + 11;
};

void draw(cairo_t* cr, const attestation_document& d) {
  const pdf_text& t = d.language == "fr" ? french : d.language == "nl" ? dutch : english;
  writer w(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  w.font(12, true);
  w.paragraph(d.organisation_name);
  w.font(10, false);
  for (const auto& l : d.organisation_address) w.paragraph(l);
  w.gap(28);
  w.font(18, true);
  w.paragraph(t.title);
  w.gap(10);
  w.font(11, false);
  w.paragraph(fill_in(fill_in(t.statement, "name", d.participant_name), "cycle", d.cycle_label));
  w.gap(10);
  const double x_date = margin, x_series = margin + 130, x_duration = page_width - margin - 70;
  w.font(10, true);
  w.row({{x_date, t.date_heading}, {x_series, t.series_heading}, {x_duration, t.duration_heading}});
  w.font(10, false);
  for (const auto& l : d.lines) {
    w.rule();
    w.row({{x_date, l.date}, {x_series, l.series}, {x_duration, l.duration}});
  }
  w.rule();
  w.font(10, true);
  w.row({{x_series, t.total}, {x_duration, d.total}});
  w.gap(20);
  w.font(11, false);
  w.paragraph(fill_in(t.issued, "date", d.issued_on));
  w.gap(8);
  w.font(11, true);
  w.paragraph(std::string(t.code) + " " + d.code);
  w.font(9, false);
  w.paragraph(t.check);
}

}  // namespace

std::string render_attestation_pdf(const attestation_document& doc) {
  std::string out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append, &out, page_width, page_height), cairo_surface_destroy);
  const pdf_text& t = doc.language == "fr" ? french : doc.language == "nl" ? dutch : english;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, t.title);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "intervision");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
    draw(cr.get(), doc);
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return {};
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return {};
  return out;
}

}  // namespace intervision

// Admins' answers to a person's erasure request (POST /api/v1/erasure) and to seat squatting
// (POST /api/v1/registrations/cancel, by email or address range); both are registration_service's,
// audited with counts only.
#include "api_internal.h"

#include "intervision/services/registration_service.h"

namespace intervision {

namespace json = boost::json;

void add_erasure_routes(router& r, std::shared_ptr<api_context> ctx) {
  add_staff_route(r, ctx, "POST", "/api/v1/erasure", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email").value_or("");
    if (email.find('@') == std::string::npos) return respond(problem(422, "An email address is required.", {{"email", "invalid_email"}}));
    auto counts = ctx->registrations->erase_email(email, who.id);
    if (!counts) return respond(problem_from(counts.error()));
    respond(json_response(json::object{{"removed", json::object{{"participants", counts->participants},
                                                                {"registrations", counts->registrations},
                                                                {"mails", counts->mails},
                                                                {"announcement_addresses", counts->announcement_addresses}}}}));
  });

  // Seat squatting: every live registration of one email, or made from one address range,
  // cancelled in one step (audited, count only): {email} or {address_range}.
  add_staff_route(r, ctx, "POST", "/api/v1/registrations/cancel", staff_only::admin, [ctx](const http_request& req, const route_params&, staff_identity who, responder respond) {
    auto body = parse_json_object(req);
    if (!body) return respond(problem_from(body.error()));
    json_fields f{&body->as_object(), {}};
    auto email = f.string("email");
    auto range = f.string("address_range");
    if (!f.errors.empty()) return respond(problem(422, "Some fields are invalid.", f.errors));
    if (email.has_value() == range.has_value())
      return respond(problem(422, "Give either an email address or an address range.", {{"email", "required"}, {"address_range", "required"}}));
    if (email && email->find('@') == std::string::npos)
      return respond(problem(422, "An email address is required.", {{"email", "invalid_email"}}));
    auto n = email ? ctx->registrations->cancel_all_of_email(*email, who.id) : ctx->registrations->cancel_all_from_range(*range, who.id);
    if (!n) return respond(problem_from(n.error()));
    respond(json_response(json::object{{"cancelled", *n}}));
  });
}

}  // namespace intervision

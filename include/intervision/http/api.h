// api: the route table of /api/v1, /healthz, /calendar and the server-rendered pages, built over
// the services the application wires together. A handler parses the request, calls one service
// function and renders its result (JSON, problem+json or a page); the services own the rules
// and the transactions, and http never sees the store.
#pragma once

#include <memory>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/health.h"
#include "intervision/http/router.h"

namespace intervision {

class registration_service;
class auth_service;
class retention_service;
class roll_service;
class report_service;
class certificate_service;
class records_service;
class announcement_service;
class cycle_service;
class note_service;
class feedback_service;
class attestation_service;
class catalogue_service;
class series_service;
class staff_service;
class common_password_list;
class static_files;

struct api_context {
  const config* cfg = nullptr;
  const clock* clk = nullptr;
  std::shared_ptr<registration_service> registrations;
  std::shared_ptr<auth_service> auth;
  std::shared_ptr<retention_service> retention;
  std::shared_ptr<roll_service> rolls;
  std::shared_ptr<report_service> reports;
  std::shared_ptr<certificate_service> certificates;
  std::shared_ptr<records_service> records;
  std::shared_ptr<announcement_service> announcements;
  std::shared_ptr<cycle_service> cycles;
  std::shared_ptr<note_service> notes;
  std::shared_ptr<feedback_service> feedback;
  std::shared_ptr<attestation_service> attestations;
  std::shared_ptr<catalogue_service> catalogue;
  std::shared_ptr<series_service> series;
  std::shared_ptr<staff_service> staff;
  std::shared_ptr<const common_password_list> common_passwords;
  std::vector<health_check> health;  // /healthz; a failing write guard refuses every API write
  std::shared_ptr<const static_files> files;  // the pages of web/: "/" is filled with the session list
};

std::shared_ptr<router> make_api_router(std::shared_ptr<api_context> context);

}  // namespace intervision

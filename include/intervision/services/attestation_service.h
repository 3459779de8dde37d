// attestation_service: attendance attestations and their verification codes.
//
// issue() makes the PDF a participant downloads with their personal link: the sessions of the
// link's cycle at which they were marked present (not cancelled), with date, series and
// duration, the total, PAT's name and address (cfg.organisation), the day of issue and a short
// verification code. The code is a keyed digest of the link, the sessions and the day (the same
// attestation the same day gets the same code); it is recorded in the anonymous attestation
// record (code, cycle, minutes, sessions, day), which outlives the cycle's purge, so an admin
// can check() a code on paper without learning whom it was issued to.
//
// Thread: any; each call runs its own transaction on the pool.
#pragma once

#include <memory>
#include <string>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/status.h"
#include "intervision/domain/attestation.h"

namespace intervision {

class db_pool;
class keyring;

struct attestation_file {
  std::string pdf, filename, code /* canonical, unformatted */;
};

class attestation_service {
 public:
  attestation_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys);

  // 401 when the token opens nobody, 409 when they were marked present nowhere yet, 500 when the
  // PDF cannot be drawn.
  result<attestation_file> issue(const std::string& token);
  // 422 when the text cannot be a code, 404 when no such code was issued.
  result<attestation_record> check(const std::string& typed_code);

 private:
  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
};

}  // namespace intervision

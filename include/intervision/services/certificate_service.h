// certificate_service: deletion certificates (domain/deletion_certificate.h). The purge and the
// erasures record one for each run; admins list them (GET /api/v1/purges) and print them.
//
// record_in() writes a certificate inside the caller's transaction, so an erasure and its
// certificate commit together. A purge records its certificate right after its delete, then
// notes when the cycle's key was destroyed and when the files were checkpointed. An erasure's
// delete is checkpointed by checkpoint_pending(), which the admin erasure calls at once and the
// background round calls for the person's own erasure (whose completion runs on the writer).
//
// Thread: any; each call but record_in runs its own transaction on the pool.
#pragma once

#include <cstdint>
#include <vector>

#include "intervision/domain/clock.h"
#include "intervision/domain/deletion_certificate.h"
#include "intervision/store/connection.h"

namespace intervision {

class db_pool;

class certificate_service {
 public:
  certificate_service(const clock& clk, db_pool& db);

  static std::int64_t record_in(db_connection& db, const deletion_certificate& c);
  std::int64_t record(const deletion_certificate& c);
  void key_destroyed(std::int64_t id);
  // Checkpoints and truncates the WAL when a certificate waits for it, then stamps every such
  // certificate. Returns how many certificates it stamped (0: nothing was waiting).
  int checkpoint_pending();
  // Newest first, at most limit (1..1000).
  std::vector<deletion_certificate> list(int limit = 200);

 private:
  const clock& clock_;
  db_pool& db_;
};

}  // namespace intervision

#include "shard_writers.h"

namespace kavosh {

void ShardWorker::loop() {
  while (std::optional<Job> job = queue_.pop()) {
    Result<AddOutcome> outcome = writer_->add(job->article, job->place);
    if (!outcome.ok()) {
      state_.fail(outcome.error());
      queue_.cancel();
      return;
    }
    state_.progress().add_indexed(1);
    switch (outcome.value().kind) {
      case AddOutcome::Kind::kAdded:
        state_.added.fetch_add(1);
        break;
      case AddOutcome::Kind::kReplaced:
        state_.replaced.fetch_add(1);
        break;
      case AddOutcome::Kind::kRepeated:
        state_.repeated.fetch_add(1);
        if (outcome.value().text_differs) {
          state_.warning(job->place + ": warning: same article key as the record at " +
                         outcome.value().earlier_place +
                         " but a different text; this later record replaces it");
        }
        break;
    }
  }
  if (!state_.failed()) {
    if (Status s = writer_->commit(); !s.ok()) state_.fail(s.error());
  }
}

}  // namespace kavosh

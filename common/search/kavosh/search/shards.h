// An archive served from several databases (kavosh-server --db given more
// than once): each a local directory or a shard served by Xapian's
// xapian-tcpsrv ("tcp://HOST:PORT"). Xapian combines them into one database
// and one ranking (its remote backend shares the term statistics), but a
// combined database reads metadata from its first part only, and the remote
// protocol carries no spelling data. So the readers put a metadata database
// first (the overlay): the metadata of every shard merged, with cluster
// members renumbered as the combined database numbers documents, and the
// spelling data of the local shards. docs/deploy.md tells the whole story.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh {

// One --db: a directory, or a remote shard.
struct ShardAddress {
  std::string spec;  // as given
  std::string path;  // a local database directory; empty for a remote one
  std::string host;  // a remote one's host and port
  unsigned port = 0;
  bool remote() const { return !host.empty(); }
};

// "tcp://HOST:PORT" (HOST a name, an IPv4 address or [an IPv6 one]) or a
// directory. The error names the parameter `param`.
Result<ShardAddress> parse_shard_address(const std::string& spec,
                                         const std::string& param = "--db");

struct ShardOptions {
  // Each exchange with a remote shard (and opening one) must finish within
  // this; then the shard counts as down.
  std::chrono::milliseconds timeout{5000};
  // Connecting to a remote shard.
  std::chrono::milliseconds connect_timeout{2000};
  // A shard that is down is left out and the answer flagged partial
  // ("partial": true, and which shards are missing); when false such a
  // request is an error (503) naming the shard.
  bool partial = false;
  // A shard found down is not tried again for this long (requests meanwhile
  // do not wait for it).
  std::chrono::milliseconds retry_down{5000};
};

// Opens one shard. Throws Xapian::Error (a remote one that does not answer:
// Xapian::NetworkError, whose context names it).
Xapian::Database open_shard(const ShardAddress& shard, const ShardOptions& options);

// The shard of `shards` a Xapian error's context names ("remote:tcp(HOST:PORT)"),
// or nullptr.
const ShardAddress* shard_of_error(const Xapian::Error& error,
                                   const std::vector<ShardAddress>& shards);

// The docid a combined database gives document `local` of its part `part`
// (0-based) of `parts`: Xapian interleaves them.
inline Xapian::docid combined_docid(Xapian::docid local, std::size_t part, std::size_t parts) {
  return static_cast<Xapian::docid>((local - 1) * parts + part + 1);
}

// Writes the overlay of `shards` (one open database each, in --db order,
// combined after the overlay) to a new database at `dir`: every metadata
// key of every shard but its shard mark; letter-form counts added up
// (merge_letter_forms); the first shard's value of any other key held by
// several (compounds and written forms say the same in each); the members of
// each near-duplicate cluster with combined docids; the spelling data of
// every shard that can give it (a remote one gives none). Throws
// Xapian::Error.
void build_overlay(const std::vector<Xapian::Database>& shards, const std::string& dir);

}  // namespace kavosh

#include "kavosh/search/shards.h"

#include <map>
#include <optional>

#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/strings.h"

namespace kavosh {

Result<ShardAddress> parse_shard_address(const std::string& spec, const std::string& param) {
  ShardAddress out;
  out.spec = spec;
  constexpr std::string_view kScheme = "tcp://";
  if (!starts_with(spec, kScheme)) {
    if (spec.empty()) return Error::bad_param(param, "invalid", param + " is empty");
    out.path = spec;
    return out;
  }
  const std::string rest = spec.substr(kScheme.size());
  const std::size_t colon = rest.rfind(':');
  auto bad = [&](const std::string& why) {
    return Error::bad_param(param, "invalid",
                            param + " '" + spec + "': " + why + " (expected tcp://HOST:PORT)");
  };
  if (colon == std::string::npos) return bad("no port");
  std::string host = rest.substr(0, colon);
  const std::string port = rest.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return bad("no host");
  if (host.find_first_of("/[]") != std::string::npos) return bad("not a host name");
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
      std::stoul(port) > 65535) {
    return bad("the port must be a number from 1 to 65535");
  }
  out.host = host;
  out.port = static_cast<unsigned>(std::stoul(port));
  return out;
}

Xapian::Database open_shard(const ShardAddress& shard, const ShardOptions& options) {
  if (!shard.remote()) return Xapian::Database(shard.path);
  return Xapian::Remote::open(shard.host, shard.port,
                              static_cast<unsigned>(options.timeout.count()),
                              static_cast<unsigned>(options.connect_timeout.count()));
}

const ShardAddress* shard_of_error(const Xapian::Error& error,
                                   const std::vector<ShardAddress>& shards) {
  const std::string& context = error.get_context();
  for (const ShardAddress& s : shards) {
    if (!s.remote()) continue;
    const std::string port = ":" + std::to_string(s.port) + ")";
    // Xapian writes "remote:tcp(HOST:PORT)".
    if (context == "remote:tcp(" + s.host + port) return &s;
  }
  return nullptr;
}

void build_overlay(const std::vector<Xapian::Database>& shards, const std::string& dir) {
  const std::size_t parts = shards.size() + 1;  // the overlay is part 0
  // Every key's values, shard by shard.
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, std::vector<ClusterMember>> clusters;
  const std::string cluster_prefix(schema::kMetaClusterPrefix);
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const Xapian::Database& shard = shards[i];
    for (Xapian::TermIterator k = shard.metadata_keys_begin(); k != shard.metadata_keys_end();
         ++k) {
      const std::string& key = *k;
      if (key == schema::kMetaShard) continue;
      std::string value = shard.get_metadata(key);
      if (value.empty()) continue;
      if (starts_with(key, cluster_prefix)) {
        std::optional<std::vector<ClusterMember>> members = decode_cluster_members(value);
        if (!members) continue;
        for (ClusterMember& m : *members) m.docid = combined_docid(m.docid, i + 1, parts);
        std::vector<ClusterMember>& all = clusters[key];
        all.insert(all.end(), members->begin(), members->end());
      } else {
        values[key].push_back(std::move(value));
      }
    }
  }
  Xapian::WritableDatabase out(dir, Xapian::DB_CREATE_OR_OVERWRITE);
  const std::string letters_prefix(schema::kMetaLetterFormPrefix);
  for (const auto& [key, all] : values) {
    out.set_metadata(key, starts_with(key, letters_prefix) ? merge_letter_forms(all) : all.front());
  }
  // A cluster lies within one shard (each is clustered alone): its list
  // keeps its order, newest first.
  for (const auto& [key, members] : clusters)
    out.set_metadata(key, encode_cluster_members(members));
  for (const Xapian::Database& shard : shards) {
    for (Xapian::TermIterator w = shard.spellings_begin(); w != shard.spellings_end(); ++w) {
      out.add_spelling(*w, w.get_termfreq());
    }
  }
  out.commit();
}

}  // namespace kavosh

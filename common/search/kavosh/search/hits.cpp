#include "kavosh/search/hits.h"

#include <optional>
#include <vector>

#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"

namespace kavosh {

SearchHit make_hit(const Article& a, Analyzer& analyzer, const Highlighter& highlighter,
                   const SnippetOptions& snippet_options, const FastSnippets& fast_path) {
  SearchHit hit;
  hit.id = api_id(a);
  hit.url = a.url;
  hit.date = a.date;
  hit.source = a.source;
  hit.category = a.category;
  hit.title = highlighter.mark_all(a.title, analyzer.analyze(a.title));
  // A hit that matched on its title alone gets the lead of its body.
  // Without query words (browsing) only the lead can be shown: its
  // characters take at most 4 bytes each.
  const std::size_t source_bytes =
      highlighter.empty() ? 4 * snippet_options.max_chars + 256 : kMaxSnippetSourceBytes;
  std::optional<Highlighted> fast;
  if (fast_path.doc != nullptr && !highlighter.empty() && a.body.size() <= source_bytes &&
      a.body.size() >= kCheckpointMinBodyBytes) {
    try {
      if (fast_path.wanted != nullptr && !fast_path.wanted->has_value()) {
        *fast_path.wanted = wanted_words(*fast_path.db, analyzer, highlighter);
      }
      fast = fast_body_snippet(*fast_path.db, fast_path.id, *fast_path.doc, a.body, analyzer,
                               highlighter, snippet_options,
                               fast_path.wanted != nullptr ? &**fast_path.wanted : nullptr);
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;  // the request retries
    } catch (const Xapian::Error&) {
      fast.reset();  // analyse the body
    }
  }
  hit.snippet =
      fast ? std::move(*fast)
           : make_snippet(highlighter, a.body,
                          analyzer.analyze(snippet_source(a.body, source_bytes)), snippet_options);
  return hit;
}

ClusterMembers cluster_members(const Xapian::Database& db, const std::string& cluster,
                               Xapian::docid self, std::size_t limit) {
  ClusterMembers c;
  if (cluster.empty()) return c;
  // One metadata entry lists the members, newest first.
  const std::optional<std::vector<ClusterMember>> members =
      decode_cluster_members(db.get_metadata(schema::cluster_key(cluster)));
  if (!members) return c;
  for (const ClusterMember& m : *members) {
    if (m.docid == self) continue;
    ++c.others;
    if (c.newest.size() < limit) {
      c.newest.push_back(m.docid);
      c.newest_ids.push_back(m.id);
    }
  }
  return c;
}

}  // namespace kavosh

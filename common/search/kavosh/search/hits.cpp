#include "kavosh/search/hits.h"

#include "kavosh/index/document.h"
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
      fast = fast_body_snippet(*fast_path.db, *fast_path.doc, a.body, analyzer, highlighter,
                               snippet_options,
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
  // One posting list: the cluster's membership term (exact count).
  const std::string term = schema::cluster_term(cluster);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit + 1));
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    if (*it == self || c.newest.size() >= limit) continue;
    c.newest.push_back(*it);
    c.newest_ids.push_back(it.get_document().get_value(schema::kSlotApiId));
  }
  // `self` is a member (it carries the term), listed or not.
  const std::uint64_t members = db.get_termfreq(term);
  c.others = members > 0 ? members - 1 : 0;
  return c;
}

}  // namespace kavosh

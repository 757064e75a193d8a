#include "http_server.h"

#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api_json.h"
#include "kavosh/search/service.h"
#include "metrics.h"
#include "static_files.h"

namespace kavosh {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kAllow = "GET, HEAD";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 cannot reach here (queries are validated), but never throw
  // while answering: replace rather than fail.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& res, const Error& error) {
  send_json(res, error.status, to_json(error));
}

// A service's answer: its JSON with 200, or its error.
template <typename T>
void send_result(httplib::Response& res, const Result<T>& result) {
  if (!result.ok()) return send_error(res, result.error());
  send_json(res, 200, to_json(result.value()));
}

std::multimap<std::string, std::string> params_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

// The request target's path as the client sent it, still percent-encoded.
std::string_view raw_path(const httplib::Request& req) {
  std::string_view target = req.target;
  return target.substr(0, target.find('?'));
}

bool is_api(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics";
}

// The endpoint a request is counted under in the metrics (kEndpoints).
std::string_view endpoint_of(const httplib::Request& req, const StaticFiles& files) {
  static const std::map<std::string, std::string_view, std::less<>> exact = {
      {"/api/search", "search"},
      {"/api/suggest", "suggest"},
      {"/api/stats", "stats"},
      {"/healthz", "healthz"},
      {"/metrics", "metrics"}};
  if (auto it = exact.find(req.path); it != exact.end()) return it->second;
  const std::string& p = req.path;
  if (p.rfind("/api/doc/", 0) == 0 && p.size() > 9) {
    const std::string_view tail = "/similar";
    const bool similar =
        p.size() > 9 + tail.size() && p.compare(p.size() - tail.size(), tail.size(), tail) == 0;
    return similar ? "similar" : "doc";
  }
  return files.find(raw_path(req)) ? "page" : "other";
}

// What the worker thread answering a request shares with httplib's hooks:
// set around each call of process_request by HttpServer::Impl::serve.
struct RequestScope {
  Exchange* exchange = nullptr;
  bool routed = false;  // the request was parsed and reached routing
};
thread_local RequestScope t_scope;

// The newest modification time of the database's files: what changes when
// an indexer commits or swaps a new build in.
struct DatabaseState {
  std::optional<std::chrono::system_clock::time_point> newest;
  std::int64_t key_ns = 0;
};

DatabaseState database_state(const std::string& path) {
  DatabaseState out;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return out;
  auto consider = [&](const struct stat& s) {
    const std::int64_t ns = std::int64_t{s.st_mtim.tv_sec} * 1000000000 + s.st_mtim.tv_nsec;
    if (ns <= out.key_ns) return;
    out.key_ns = ns;
    out.newest = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(ns)));
  };
  if (!S_ISDIR(st.st_mode)) {
    consider(st);  // a stub database file
    return out;
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    struct stat f {};
    if (::stat(entry.path().c_str(), &f) == 0 && S_ISREG(f.st_mode)) consider(f);
  }
  return out;
}

}  // namespace

// httplib::Server with its request processing (protected) open to the
// connection layer.
class Router : public httplib::Server {
 public:
  bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
  }
};

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<SearchService> service;
  StaticFiles files;
  Router http;
  Metrics metrics;
  std::unique_ptr<ConnectionLoop> loop;
  std::mutex log_mu;

  void api_routes();
  void ops_routes();
  void guards();
  void errors();
  bool serve(httplib::Stream& stream, bool close, bool& closed, Exchange& exchange);
  void done(const Exchange& exchange);
  IndexGauges index_gauges();

  // A file of the page, GET or HEAD; false when the path names none.
  bool serve_file(const httplib::Request& req, httplib::Response& res) const {
    const StaticFiles::File* file = files.find(raw_path(req));
    if (file == nullptr) return false;
    std::ifstream in(file->path, std::ios::binary);
    if (!in) return false;
    std::ostringstream body;
    body << in.rdbuf();
    res.status = 200;
    res.set_content(body.str(), file->content_type);
    res.set_header("Cache-Control", "no-cache");
    return true;
  }

  // A resource that exists for GET: the API's endpoints, /healthz, /metrics
  // and the page's files.
  bool known_resource(const httplib::Request& req) const {
    const std::string_view e = endpoint_of(req, files);
    return e != "other";
  }
};

void HttpServer::Impl::api_routes() {
  http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
    Result<ValidatedRequest> request = search_request_from_params(params_of(req));
    if (!request.ok()) return send_error(res, request.error());
    send_result(res, service->search(request.value()));
  });
  // An article and its near-duplicates. Ids may contain '/' (sent as %2F):
  // /similar is matched first.
  http.Get(R"(/api/doc/(.+)/similar)", [this](const httplib::Request& req, httplib::Response& res) {
    Result<std::string> source = single_param(params_of(req), "source");
    if (!source.ok()) return send_error(res, source.error());
    send_result(res, service->similar(req.matches[1], source.value()));
  });
  http.Get(R"(/api/doc/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
    Result<std::string> source = single_param(params_of(req), "source");
    if (!source.ok()) return send_error(res, source.error());
    send_result(res, service->document(req.matches[1], source.value()));
  });
  http.Get("/api/stats", [this](const httplib::Request&, httplib::Response& res) {
    send_result(res, service->stats());
  });
  http.Get("/api/suggest", [this](const httplib::Request& req, httplib::Response& res) {
    Result<std::string> q = single_param(params_of(req), "q");
    if (!q.ok()) return send_error(res, q.error());
    send_result(res, service->suggest(q.value()));
  });
}

void HttpServer::Impl::ops_routes() {
  http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    Result<std::uint64_t> docs = service->document_count();
    if (!docs.ok())
      return send_json(res, 503, {{"status", "unavailable"}, {"error", docs.error().message}});
    send_json(res, 200, {{"status", "ok"}, {"documents", docs.value()}});
  });
  http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.render(loop->counters(), index_gauges()),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
}

IndexGauges HttpServer::Impl::index_gauges() {
  IndexGauges out;
  if (Result<std::uint64_t> docs = service->document_count(); docs.ok())
    out.documents = docs.value();
  for (const std::string& spec : options.databases) {
    Result<ShardAddress> shard = parse_shard_address(spec);
    if (!shard.ok() || shard.value().remote()) continue;  // a remote shard's files are not here
    const DatabaseState now = database_state(shard.value().path);
    if (now.newest && (!out.last_commit || *now.newest > *out.last_commit)) {
      out.last_commit = now.newest;
    }
  }
  out.reopens = service->reopens();
  const CacheStats caches = service->cache_stats();
  out.answer_cache_hits = caches.answer_hits;
  out.answer_cache_misses = caches.answer_misses;
  out.feedback_cache_hits = caches.feedback_hits;
  out.feedback_cache_misses = caches.feedback_misses;
  return out;
}

// Before routing: the page's files by exact name, and 405 (or 404) for any
// method but GET and HEAD, answered without reading a request body.
void HttpServer::Impl::guards() {
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_scope.routed = true;
    if (req.method == "GET" || req.method == "HEAD") {
      return serve_file(req, res) ? httplib::Server::HandlerResponse::Handled
                                  : httplib::Server::HandlerResponse::Unhandled;
    }
    if (known_resource(req)) {
      res.set_header("Allow", kAllow);
      const std::string message =
          "method " + req.method + " not allowed on " + req.path + " (only GET and HEAD)";
      if (is_api(req.path)) {
        send_error(res, Error{405, message, "not_allowed", {}});
      } else {
        res.status = 405;
        res.set_content(message + "\n", "text/plain; charset=utf-8");
      }
    } else {
      res.status = 404;  // the error handler writes the body
    }
    return httplib::Server::HandlerResponse::Handled;
  });
}

// Unknown API paths and errors answer JSON, never HTML.
void HttpServer::Impl::errors() {
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote the error
    if (res.status == 414) {
      // httplib refuses request lines over its limit before routing.
      return send_error(
          res, Error::bad_param("q", "too_long",
                                "request URI too long: parameter 'q' is limited to " +
                                    std::to_string(SearchRequest::kMaxQueryBytes) + " bytes"));
    }
    if (is_api(req.path)) {
      // 404, or a request cpp-httplib could not parse (400) or serve (416).
      const bool missing = res.status == 404;
      send_error(res, Error{res.status,
                            (missing ? "no such endpoint: " : "malformed request: ") + req.path,
                            missing ? "not_found" : "invalid",
                            {}});
    } else {
      res.set_content(std::to_string(res.status) + " " + req.path + "\n",
                      "text/plain; charset=utf-8");
    }
  });
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::cerr << "kavosh-server: error on " << req.path << ": " << what << "\n";
        send_error(res, Error::internal("internal error"));
      });
  // Runs once a response is written: what the access log and metrics need.
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    Exchange* ex = t_scope.exchange;
    if (ex == nullptr) return;
    ex->method = req.method;
    ex->path = std::string(raw_path(req));  // as sent: still percent-encoded
    const std::size_t q = req.target.find('?');
    ex->query = q == std::string::npos ? std::string() : req.target.substr(q + 1);
    ex->status = res.status;
    ex->endpoint = std::string(endpoint_of(req, files));
    // A request that was not parsed to the end, or whose body was not read,
    // leaves bytes that are no next request.
    ex->close = !t_scope.routed || (req.method != "GET" && req.method != "HEAD");
  });
}

bool HttpServer::Impl::serve(httplib::Stream& stream, bool close, bool& closed,
                             Exchange& exchange) {
  t_scope = RequestScope{&exchange, false};
  const bool ok = http.serve(stream, close, closed);
  t_scope = RequestScope{};
  return ok;
}

void HttpServer::Impl::done(const Exchange& exchange) {
  metrics.record(exchange);
  if (!options.access_log) return;
  const std::string line = access_log_line(exchange, std::chrono::system_clock::now());
  std::lock_guard<std::mutex> lock(log_mu);
  for (std::size_t at = 0; at < line.size();) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + at, line.size() - at);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::create(const ServerOptions& options) {
  SearchOptions search;
  search.answer_cache_entries = options.answer_cache_entries;
  search.shards = options.shards;
  Result<std::unique_ptr<SearchService>> service = SearchService::open(options.databases, search);
  if (!service.ok()) return service.error();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->service = std::move(service).value();
  if (!options.web_dir.empty()) {
    Result<StaticFiles> files = StaticFiles::scan(options.web_dir);
    if (!files.ok()) return files.error();
    impl->files = std::move(files).value();
  }
  Impl& d = *impl;
  d.guards();
  d.api_routes();
  d.ops_routes();
  d.errors();
  httplib::Headers headers;
  for (const auto& [name, value] : security_headers()) headers.emplace(name, value);
  d.http.set_default_headers(headers);
  // Advertised in Keep-Alive: timeout=..., max=... (the loop enforces them).
  d.http.set_keep_alive_max_count(options.loop.max_requests_per_connection);
  d.http.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(options.loop.idle_timeout).count());
  LoopOptions loop = options.loop;
  for (const auto& [name, value] : security_headers())
    loop.extra_headers.append(name).append(": ").append(value).append("\r\n");
  d.loop = std::make_unique<ConnectionLoop>(
      loop,
      [&d](httplib::Stream& s, bool close, bool& closed, Exchange& ex) {
        return d.serve(s, close, closed, ex);
      },
      [&d](const Exchange& ex) { d.done(ex); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

Result<int> HttpServer::bind() {
  return impl_->loop->bind(impl_->options.host, impl_->options.port);
}

DrainReport HttpServer::run() { return impl_->loop->run(); }

void HttpServer::stop() { impl_->loop->drain(); }

}  // namespace kavosh

#include "http_server.h"

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "api_json.h"
#include "kavosh/search/service.h"

namespace kavosh {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 cannot reach here (queries are validated), but never throw
  // while answering: replace rather than fail.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& res, const Error& error) {
  send_json(res, error.status, to_json(error));
}

std::multimap<std::string, std::string> params_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<SearchService> service;
  httplib::Server http;

  void routes() {
    http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
      Result<ValidatedRequest> request = search_request_from_params(params_of(req));
      if (!request.ok()) return send_error(res, request.error());
      Result<SearchResponse> response = service->search(request.value());
      if (!response.ok()) return send_error(res, response.error());
      send_json(res, 200, to_json(response.value()));
    });
    // An article and its near-duplicates. Ids may contain '/' (sent as %2F):
    // /similar is matched first.
    http.Get(R"(/api/doc/(.+)/similar)",
             [this](const httplib::Request& req, httplib::Response& res) {
               Result<std::string> source = single_param(params_of(req), "source");
               if (!source.ok()) return send_error(res, source.error());
               Result<SimilarResponse> response = service->similar(req.matches[1], source.value());
               if (!response.ok()) return send_error(res, response.error());
               send_json(res, 200, to_json(response.value()));
             });
    http.Get(R"(/api/doc/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      Result<std::string> source = single_param(params_of(req), "source");
      if (!source.ok()) return send_error(res, source.error());
      Result<DocumentResponse> response = service->document(req.matches[1], source.value());
      if (!response.ok()) return send_error(res, response.error());
      send_json(res, 200, to_json(response.value()));
    });
    http.Get("/api/stats", [this](const httplib::Request&, httplib::Response& res) {
      Result<StatsResponse> response = service->stats();
      if (!response.ok()) return send_error(res, response.error());
      send_json(res, 200, to_json(response.value()));
    });
    http.Get("/api/suggest", [this](const httplib::Request& req, httplib::Response& res) {
      Result<std::string> q = single_param(params_of(req), "q");
      if (!q.ok()) return send_error(res, q.error());
      Result<SuggestResponse> response = service->suggest(q.value());
      if (!response.ok()) return send_error(res, response.error());
      send_json(res, 200, to_json(response.value()));
    });
    http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      Result<std::uint64_t> docs = service->document_count();
      if (!docs.ok())
        return send_json(res, 503, {{"status", "unavailable"}, {"error", docs.error().message}});
      send_json(res, 200, {{"status", "ok"}, {"documents", docs.value()}});
    });
    // Unknown API paths and wrong methods answer JSON, never HTML.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler already wrote the error
      if (res.status == 414) {
        // httplib refuses request lines over its limit before routing.
        return send_error(
            res, Error::bad_param("q", "too_long",
                                  "request URI too long: parameter 'q' is limited "
                                  "to " +
                                      std::to_string(SearchRequest::kMaxQueryBytes) + " bytes"));
      }
      if (req.path.rfind("/api/", 0) == 0 || req.path == "/healthz") {
        const bool missing = res.status == 404;
        send_error(res, Error{res.status,
                              (missing ? "no such endpoint: " : "request not allowed: ") + req.path,
                              missing ? "not_found" : "not_allowed",
                              {}});
      } else {
        res.set_content(std::to_string(res.status) + " " + req.path + "\n",
                        "text/plain; charset=utf-8");
      }
    });
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
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
    if (options.access_log) {
      http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::cerr << req.method << " " << req.path << " " << res.status << "\n";
      });
    }
    if (!options.web_dir.empty()) {
      http.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
      http.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
      http.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
      http.set_file_extension_and_mimetype_mapping("svg", "image/svg+xml");
      http.set_mount_point("/", options.web_dir,
                           {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-cache"}});
    }
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    // Responses go out as two writes (headers, body): without TCP_NODELAY the
    // second waits for the client's delayed ACK, 40 ms on every request after
    // the first of a keep-alive connection (what browsers use).
    http.set_tcp_nodelay(true);
    http.set_payload_max_length(64 * 1024);
    http.set_read_timeout(std::chrono::seconds(10));
    http.set_write_timeout(std::chrono::seconds(10));
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::create(const ServerOptions& options) {
  Result<std::unique_ptr<SearchService>> service = SearchService::open(options.db_path);
  if (!service.ok()) return service.error();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->service = std::move(service).value();
  if (!options.web_dir.empty()) {
    std::ifstream index(options.web_dir + "/index.html");
    if (!index)
      return Error::not_found("web directory '" + options.web_dir + "' has no index.html");
  }
  impl->routes();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

Result<int> HttpServer::bind() {
  const ServerOptions& o = impl_->options;
  if (o.port == 0) {
    int port = impl_->http.bind_to_any_port(o.host);
    if (port <= 0) return Error::unavailable("cannot listen on " + o.host);
    return port;
  }
  if (!impl_->http.bind_to_port(o.host, o.port)) {
    return Error::unavailable("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                              " (is the port in use?)");
  }
  return o.port;
}

void HttpServer::run() { impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace kavosh

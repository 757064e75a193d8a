// Errors as values. Functions that can fail return Result<T>; the edges (CLI,
// HTTP) turn an Error into a message or a JSON error with its status code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kavosh {

// What went wrong and how an HTTP edge should report it. `status` follows HTTP
// status semantics (400 bad request, 404 missing, 409 conflict, 500 internal,
// 503 unavailable) so the server layer stays a thin translation. `code` is a
// machine-readable kind (docs/api.md lists them: "invalid", "too_long",
// "not_utf8", "repeated", "date_order", "not_found", "ambiguous",
// "outdated_index", "unavailable", "internal", ...) and `param` the request
// parameter at fault, empty when none is: a client picks its own wording from
// them, never from `message`, which is English for people and logs.
struct Error {
  int status = 500;
  std::string message;
  std::string code = "internal";
  std::string param;

  // A bad value of request parameter `param`.
  static Error bad_param(std::string param, std::string code, std::string msg) {
    return {400, std::move(msg), std::move(code), std::move(param)};
  }
  static Error bad_request(std::string msg) { return {400, std::move(msg), "invalid", {}}; }
  static Error not_found(std::string msg) { return {404, std::move(msg), "not_found", {}}; }
  static Error conflict(std::string msg, std::string code = "conflict", std::string param = {}) {
    return {409, std::move(msg), std::move(code), std::move(param)};
  }
  static Error internal(std::string msg) { return {500, std::move(msg), "internal", {}}; }
  static Error unavailable(std::string msg) { return {503, std::move(msg), "unavailable", {}}; }
};

// Either a value or an Error. Deliberately tiny: ok(), value(), error().
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  // REQUIRES: !ok()
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  // REQUIRES: !ok()
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace kavosh

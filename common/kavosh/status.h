// Errors as values. Functions that can fail return Result<T>; the edges (CLI,
// HTTP) turn an Error into a message or a JSON error with its status code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kavosh {

// What went wrong and how an HTTP edge should report it. `code` follows HTTP
// status semantics (400 bad request, 404 missing, 409 conflict, 500 internal,
// 503 unavailable) so the server layer stays a thin translation.
struct Error {
  int code = 500;
  std::string message;

  static Error bad_request(std::string msg) { return {400, std::move(msg)}; }
  static Error not_found(std::string msg) { return {404, std::move(msg)}; }
  static Error conflict(std::string msg) { return {409, std::move(msg)}; }
  static Error internal(std::string msg) { return {500, std::move(msg)}; }
  static Error unavailable(std::string msg) { return {503, std::move(msg)}; }
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

// Byte sources (files, standard input, memory, gzip) and the input buffer.
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "readers/internal.h"

namespace kavosh::ingest {

namespace {

// A file descriptor: a file opened here (closed on destruction) or stdin.
class FileSource : public ByteSource {
 public:
  FileSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FileSource() override {
    if (owned_) ::close(fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(char* out, std::size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, out, n);
      if (got >= 0) {
        raw_ += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR) {
        return Error::internal(std::string("read error: ") + std::strerror(errno));
      }
    }
  }
  std::uint64_t raw_bytes() const override { return raw_; }

 private:
  int fd_;
  bool owned_;
  std::uint64_t raw_ = 0;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<std::size_t> read(char* out, std::size_t n) override {
    const std::size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(out, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::uint64_t raw_bytes() const override { return pos_; }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

// Serves bytes already taken from `inner` (to look at them) before the rest,
// or before the error that ended the look.
class ReplaySource : public ByteSource {
 public:
  ReplaySource(std::string prefix, std::unique_ptr<ByteSource> inner, std::optional<Error> error)
      : prefix_(std::move(prefix)), inner_(std::move(inner)), error_(std::move(error)) {}
  Result<std::size_t> read(char* out, std::size_t n) override {
    if (pos_ < prefix_.size()) {
      const std::size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(out, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    if (error_) return *error_;
    return inner_->read(out, n);
  }
  std::uint64_t raw_bytes() const override { return inner_->raw_bytes(); }

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
  std::optional<Error> error_;
};

// Inflates a gzip stream (several concatenated members too, as `cat a.gz b.gz`
// makes) a buffer at a time; never the whole file.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_(new char[kInputBytes]) {
    std::memset(&zs_, 0, sizeof zs_);
    ok_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;  // 16: gzip header, not zlib
  }
  ~GzipSource() override {
    if (ok_) inflateEnd(&zs_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  Result<std::size_t> read(char* out, std::size_t n) override {
    if (!ok_) return Error::internal("zlib initialisation failed");
    if (error_) return *error_;
    if (done_ || n == 0) return std::size_t{0};
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt wanted = zs_.avail_out;
    while (zs_.avail_out == wanted) {
      if (zs_.avail_in == 0) {
        Result<bool> more = refill();
        if (!more.ok()) return stop(more.error(), wanted);
        if (!more.value()) {
          if (in_member_) {
            return stop(Error::internal("truncated gzip stream (the file ends early)"), wanted);
          }
          done_ = true;
          break;
        }
      }
      in_member_ = true;
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        // Another member may follow; anything else after the data is ignored, as gzip does.
        if (zs_.avail_in == 0) {
          Result<bool> more = refill();
          if (!more.ok()) return stop(more.error(), wanted);
        }
        if (zs_.avail_in > 0 && zs_.next_in[0] == 0x1f) {
          inflateReset(&zs_);
        } else {
          done_ = true;
          break;
        }
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return stop(Error::internal(std::string("corrupt gzip data: ") +
                                    (zs_.msg != nullptr ? zs_.msg : "inflate failed")),
                    wanted);
      }
    }
    return static_cast<std::size_t>(wanted - zs_.avail_out);
  }
  std::uint64_t raw_bytes() const override { return inner_->raw_bytes(); }

 private:
  static constexpr std::size_t kInputBytes = 256 * 1024;

  // Ends reading with `error`: after the bytes inflated by this read, if
  // any (a corrupt stream may have good data before the damage).
  Result<std::size_t> stop(Error error, uInt wanted) {
    const std::size_t produced = wanted - zs_.avail_out;
    error_ = std::move(error);
    if (produced == 0) return *error_;
    return produced;
  }

  Result<bool> refill() {
    if (inner_eof_) return false;
    Result<std::size_t> got = inner_->read(in_.get(), kInputBytes);
    if (!got.ok()) return got.error();
    if (got.value() == 0) {
      inner_eof_ = true;
      return false;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(in_.get());
    zs_.avail_in = static_cast<uInt>(got.value());
    return true;
  }

  std::unique_ptr<ByteSource> inner_;
  std::unique_ptr<char[]> in_;
  z_stream zs_;
  bool ok_ = false;
  bool in_member_ = false;
  bool inner_eof_ = false;
  bool done_ = false;
  std::optional<Error> error_;  // every later read fails with it
};

}  // namespace

std::unique_ptr<ByteSource> memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

namespace detail {

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteSource>(new FileSource(0, false));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::not_found("cannot open '" + path + "': " + std::strerror(errno));
  return std::unique_ptr<ByteSource>(new FileSource(fd, true));
}

Result<std::unique_ptr<ByteSource>> decode_if_gzip(std::unique_ptr<ByteSource> source) {
  char magic[2];
  std::size_t have = 0;
  while (have < sizeof magic) {
    Result<std::size_t> got = source->read(magic + have, sizeof magic - have);
    if (!got.ok()) return got.error();
    if (got.value() == 0) break;
    have += got.value();
  }
  const bool gzip = have == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
                    static_cast<unsigned char>(magic[1]) == 0x8b;
  std::unique_ptr<ByteSource> replay =
      make_replay_source(std::string(magic, have), std::move(source));
  if (gzip) return std::unique_ptr<ByteSource>(new GzipSource(std::move(replay)));
  return replay;
}

std::unique_ptr<ByteSource> make_replay_source(std::string prefix,
                                               std::unique_ptr<ByteSource> inner,
                                               std::optional<Error> error) {
  return std::make_unique<ReplaySource>(std::move(prefix), std::move(inner), std::move(error));
}

Result<std::unique_ptr<ByteSource>> decode_input(std::unique_ptr<ByteSource> source,
                                                 const ReaderOptions& options,
                                                 const std::string& name,
                                                 std::vector<std::string>* notices) {
  Result<std::unique_ptr<ByteSource>> decoded = decode_if_gzip(std::move(source));
  if (!decoded.ok()) return decoded.error();
  return decode_to_utf8(std::move(decoded).value(), options.encoding, name, notices);
}

InputBuffer::InputBuffer(std::unique_ptr<ByteSource> source, const ReaderOptions& options)
    : source_(std::move(source)),
      capacity_(std::max<std::size_t>(options.buffer_bytes, 16)),
      limit_(std::max(capacity_, options.max_record_bytes + 2)),
      max_record_(options.max_record_bytes) {
  buf_.reset(new char[capacity_]);
}

Result<bool> InputBuffer::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == capacity_) {
    if (capacity_ >= limit_) return Error::internal("input buffer overflow");
    const std::size_t grown = std::min(limit_, capacity_ * 2);
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  Result<std::size_t> got = source_->read(buf_.get() + end_, capacity_ - end_);
  if (!got.ok()) return got.error();
  if (got.value() == 0) {
    eof_ = true;
    return false;
  }
  end_ += got.value();
  return true;
}

Result<std::size_t> InputBuffer::peek(std::size_t n) {
  while (end_ - pos_ < n) {
    Result<bool> more = fill();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
  }
  return end_ - pos_;
}

Status skip_bom(InputBuffer& in) {
  Result<std::size_t> got = in.peek(3);
  if (!got.ok()) return got.error();
  if (got.value() >= 3 && std::memcmp(in.data(), "\xEF\xBB\xBF", 3) == 0) in.consume(3);
  return {};
}

}  // namespace detail
}  // namespace kavosh::ingest

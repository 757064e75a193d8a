#include "kavosh/search/query_syntax.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <optional>

namespace kavosh {

namespace {

enum class Tok { kWord, kPhrase, kOpen, kClose, kOr, kMinus, kField, kEnd };

struct Lexeme {
  Tok tok = Tok::kEnd;
  std::string text;     // word / phrase text / field name
  bool prefix = false;  // word ended with '*'
};

bool is_quote_open(UChar32 c) { return c == '"' || c == 0x00AB || c == 0x201C; }   // " « “
bool is_quote_close(UChar32 c) { return c == '"' || c == 0x00BB || c == 0x201D; }  // " » ”

// Field names readers may type, in English or Persian.
std::string field_name(std::string_view word) {
  if (word == "title" || word == "عنوان") return "title";
  if (word == "source" || word == "منبع") return "source";
  return std::string();
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    while (true) {
      skip_spaces();
      if (i_ >= size()) break;
      const int32_t start = i_;
      const UChar32 c = next();
      if (c == '(') {
        out.push_back({Tok::kOpen, "", false});
      } else if (c == ')') {
        out.push_back({Tok::kClose, "", false});
      } else if (is_quote_open(c)) {
        out.push_back({Tok::kPhrase, read_until_quote(), false});
      } else if (is_quote_close(c)) {
        // A closing quote with no opening one (» or ”): skipped. A word ends at
        // it, so reading one here would read nothing and never move on.
      } else if (c == '-' && at_word_start()) {
        out.push_back({Tok::kMinus, "", false});
      } else {
        i_ = start;
        out.push_back(read_word());
      }
    }
    out.push_back({Tok::kEnd, "", false});
    return out;
  }

 private:
  int32_t size() const { return static_cast<int32_t>(s_.size()); }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(s_.data()); }

  UChar32 next() {
    UChar32 c;
    U8_NEXT(bytes(), i_, size(), c);
    return c < 0 ? 0xFFFD : c;
  }
  UChar32 peek() const {
    int32_t j = i_;
    UChar32 c;
    U8_NEXT(bytes(), j, size(), c);
    return c;
  }
  static bool is_space(UChar32 c) { return c >= 0 && u_isUWhiteSpace(c); }
  static bool is_syntax(UChar32 c) {
    return c == '(' || c == ')' || is_quote_open(c) || is_quote_close(c);
  }
  void skip_spaces() {
    while (i_ < size() && is_space(peek())) next();
  }
  // A '-' directly followed by a word character (not a space, not the end).
  bool at_word_start() const { return i_ < size() && !is_space(peek()) && peek() != '-'; }

  std::string read_until_quote() {
    const int32_t start = i_;
    while (i_ < size()) {
      const int32_t here = i_;
      if (is_quote_close(next())) return std::string(s_.substr(start, here - start));
    }
    return std::string(s_.substr(start));  // unclosed: the rest is the phrase
  }

  Lexeme read_word() {
    const int32_t start = i_;
    while (i_ < size()) {
      const int32_t here = i_;
      const UChar32 c = next();
      if (is_space(c) || is_syntax(c)) {
        i_ = here;
        break;
      }
      if (c == ':') {
        const std::string name = field_name(s_.substr(start, here - start));
        if (!name.empty()) return {Tok::kField, name, false};
      }
    }
    std::string word(s_.substr(start, i_ - start));
    if (word == "OR") return {Tok::kOr, "", false};
    if (word.find_first_not_of('-') == std::string::npos) return {Tok::kWord, "", false};
    bool prefix = false;
    while (!word.empty() && word.back() == '*') {
      word.pop_back();
      prefix = true;
    }
    return {Tok::kWord, word, prefix};
  }

  std::string_view s_;
  int32_t i_ = 0;
};

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lexemes) : l_(std::move(lexemes)) {}

  QueryNode parse() {
    QueryNode root = parse_or(/*depth=*/0);
    // Stray ')' at top level: skip it and go on.
    while (peek().tok != Tok::kEnd) {
      ++pos_;
      QueryNode more = parse_or(0);
      if (more.kind == QueryNode::Kind::kAnd) {
        for (QueryNode& c : more.children) root = merge_and(std::move(root), std::move(c));
      } else {
        root = merge_and(std::move(root), std::move(more));
      }
    }
    return simplify(std::move(root));
  }

 private:
  static constexpr int kMaxDepth = 32;

  const Lexeme& peek() const { return l_[pos_]; }

  static QueryNode merge_and(QueryNode a, QueryNode b) {
    if (a.kind != QueryNode::Kind::kAnd) {
      QueryNode n;
      n.kind = QueryNode::Kind::kAnd;
      n.children.push_back(std::move(a));
      a = std::move(n);
    }
    a.children.push_back(std::move(b));
    return a;
  }

  QueryNode parse_or(int depth) {
    QueryNode first = parse_and(depth);
    if (peek().tok != Tok::kOr) return first;
    QueryNode n;
    n.kind = QueryNode::Kind::kOr;
    n.children.push_back(std::move(first));
    while (peek().tok == Tok::kOr) {
      ++pos_;
      QueryNode next = parse_and(depth);
      if (!next.children.empty() || next.kind != QueryNode::Kind::kAnd) {
        n.children.push_back(std::move(next));
      }
    }
    return n;
  }

  QueryNode parse_and(int depth) {
    QueryNode n;
    n.kind = QueryNode::Kind::kAnd;
    while (true) {
      const Tok t = peek().tok;
      if (t == Tok::kEnd || t == Tok::kClose || t == Tok::kOr) break;
      if (t == Tok::kWord && peek().text.empty()) {  // a lone "-"
        ++pos_;
        continue;
      }
      if (t == Tok::kWord && !peek().prefix && !n.children.empty() &&
          n.children.back().kind == QueryNode::Kind::kWords && last_was_plain_word_) {
        // Consecutive plain words: one run, analyzed together.
        n.children.back().text += " " + peek().text;
        ++pos_;
        continue;
      }
      last_was_plain_word_ = false;
      std::optional<QueryNode> u = parse_unary(depth);
      if (u) n.children.push_back(std::move(*u));
    }
    last_was_plain_word_ = false;
    return n;
  }

  std::optional<QueryNode> parse_unary(int depth) {
    if (peek().tok == Tok::kMinus) {
      ++pos_;
      std::optional<QueryNode> p = parse_primary(depth);
      last_was_plain_word_ = false;
      if (!p) return std::nullopt;
      QueryNode n;
      n.kind = QueryNode::Kind::kNot;
      n.children.push_back(std::move(*p));
      return n;
    }
    return parse_primary(depth);
  }

  std::optional<QueryNode> parse_primary(int depth) {
    const Lexeme lx = peek();
    ++pos_;
    switch (lx.tok) {
      case Tok::kWord: {
        if (lx.text.empty()) return std::nullopt;
        QueryNode n;
        n.kind = lx.prefix ? QueryNode::Kind::kPrefix : QueryNode::Kind::kWords;
        n.text = lx.text;
        last_was_plain_word_ = !lx.prefix;
        return n;
      }
      case Tok::kPhrase: {
        QueryNode n;
        n.kind = QueryNode::Kind::kPhrase;
        n.text = lx.text;
        return n;
      }
      case Tok::kField: {
        if (peek().tok == Tok::kEnd || peek().tok == Tok::kClose || peek().tok == Tok::kOr) {
          return std::nullopt;  // "title:" with nothing after it
        }
        std::optional<QueryNode> p = parse_primary(depth);
        last_was_plain_word_ = false;
        if (!p) return std::nullopt;
        QueryNode n;
        n.kind = QueryNode::Kind::kField;
        n.text = lx.text;
        n.children.push_back(std::move(*p));
        return n;
      }
      case Tok::kOpen: {
        if (depth >= kMaxDepth) return std::nullopt;
        QueryNode inner = parse_or(depth + 1);
        if (peek().tok == Tok::kClose) ++pos_;  // an unclosed '(' closes at the end
        return inner;
      }
      case Tok::kMinus:  // "- -x": the first is meaningless
      case Tok::kClose:  // stray ')' inside: ignored
      case Tok::kOr:
      case Tok::kEnd:
        if (lx.tok == Tok::kEnd) --pos_;
        return std::nullopt;
    }
    return std::nullopt;
  }

  // Drops empty groups and unwraps single-child and/or nodes.
  static QueryNode simplify(QueryNode n) {
    for (QueryNode& c : n.children) c = simplify(std::move(c));
    if (n.kind == QueryNode::Kind::kAnd || n.kind == QueryNode::Kind::kOr) {
      std::vector<QueryNode> kept;
      for (QueryNode& c : n.children) {
        const bool empty_group =
            (c.kind == QueryNode::Kind::kAnd || c.kind == QueryNode::Kind::kOr) &&
            c.children.empty();
        if (!empty_group) kept.push_back(std::move(c));
      }
      n.children = std::move(kept);
      if (n.children.size() == 1) return std::move(n.children[0]);
      if (n.children.empty()) n.kind = QueryNode::Kind::kAnd;
    }
    return n;
  }

  std::vector<Lexeme> l_;
  std::size_t pos_ = 0;
  bool last_was_plain_word_ = false;
};

}  // namespace

QueryNode parse_query_syntax(std::string_view text) { return Parser(Lexer(text).run()).parse(); }

std::string to_string(const QueryNode& n) {
  auto list = [&](const char* op) {
    std::string out = std::string("(") + op;
    for (const QueryNode& c : n.children) out += " " + to_string(c);
    return out + ")";
  };
  switch (n.kind) {
    case QueryNode::Kind::kWords:
      return n.text;
    case QueryNode::Kind::kPhrase:
      return "\"" + n.text + "\"";
    case QueryNode::Kind::kPrefix:
      return n.text + "*";
    case QueryNode::Kind::kAnd:
      return list("and");
    case QueryNode::Kind::kOr:
      return list("or");
    case QueryNode::Kind::kNot:
      return list("not");
    case QueryNode::Kind::kField:
      return list(n.text.c_str());
  }
  return std::string();
}

}  // namespace kavosh

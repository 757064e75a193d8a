#include "html.h"

#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out.push_back(c);
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) append_escaped(out, c);
  return out;
}

std::string marked_html(const Highlighted& marked) {
  const std::vector<Span>& spans = marked.spans;
  std::string out;
  out.reserve(marked.text.size() + 13 * spans.size() + marked.text.size() / 8);
  std::size_t next = 0;  // the next span to open or close
  bool open = false;
  std::uint32_t units = 0;  // UTF-16 units of the text before the current byte
  // Closes the marks that end and opens those that start at `units`.
  auto boundaries = [&] {
    while (true) {
      if (open && spans[next].end <= units) {
        out += "</mark>";
        open = false;
        ++next;
      } else if (!open && next < spans.size() && spans[next].start <= units) {
        out += "<mark>";
        open = true;
      } else {
        return;
      }
    }
  };
  for (char ch : marked.text) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_utf8_continuation(c)) {
      boundaries();
      units += utf16_units_of_lead(c);
    }
    append_escaped(out, ch);
  }
  boundaries();
  if (open) out += "</mark>";  // a span past the end of the text
  return out;
}

}  // namespace kavosh

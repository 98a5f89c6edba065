// Just enough HTML reading for the tests of generated pages (they are written by civicsim, so
// attributes are always double-quoted): start tags and their attributes, sections, visible text.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace civicsim::test {

inline std::string html_unescape(std::string text) {
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"},  {"&gt;", ">"},   {"&quot;", "\""},
                                                          {"&#39;", "'"}, {"&nbsp;", " "}, {"&amp;", "&"}};
  for (const auto& [entity, character] : entities) {
    for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
      text.replace(at, std::string(entity).size(), character);
    }
  }
  return text;
}

/// The attributes (unescaped) of a start tag that begins at `at` ("<tag a="1" ...>"); "" → tag name.
inline std::map<std::string, std::string> attributes_at(const std::string& html, std::size_t at) {
  std::map<std::string, std::string> out;
  const std::size_t end = html.find('>', at);
  std::size_t pos = html.find_first_of(" >", at);
  out[""] = html.substr(at + 1, pos - at - 1);
  while (pos < end) {
    const std::size_t eq = html.find("=\"", pos);
    if (eq == std::string::npos || eq > end) break;
    const std::size_t name_start = html.find_last_of(' ', eq) + 1;
    const std::size_t close = html.find('"', eq + 2);
    out[html.substr(name_start, eq - name_start)] = html_unescape(html.substr(eq + 2, close - eq - 2));
    pos = close + 1;
  }
  return out;
}

/// The attributes of every start tag whose text contains `needle` (e.g. `class="effect `).
inline std::vector<std::map<std::string, std::string>> tags_with(const std::string& html, const std::string& needle) {
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    out.push_back(attributes_at(html, html.rfind('<', at)));
  }
  return out;
}

/// The text from the first `from` to the next `to` after it ("" when `from` is not there).
inline std::string between(const std::string& html, const std::string& from, const std::string& to) {
  const std::size_t start = html.find(from);
  if (start == std::string::npos) return "";
  const std::size_t end = html.find(to, start + from.size());
  return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// The page's text without tags, <style> or attributes, unescaped.
inline std::string visible_text(const std::string& html) {
  std::string out;
  bool in_tag = false;
  const std::size_t body = html.find("<body");
  for (std::size_t i = body == std::string::npos ? 0 : body; i < html.size(); ++i) {
    if (html[i] == '<') in_tag = true;
    if (!in_tag) out += html[i];
    if (html[i] == '>') {
      in_tag = false;
      out += ' ';
    }
  }
  return html_unescape(out);
}

}  // namespace civicsim::test

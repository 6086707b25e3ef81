#include "core/format/NumberText.h"

#include <charconv>

namespace cxr::format {

namespace {

bool isCSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string toChars(double value, std::chars_format format, int precision) {
  char buf[400];  // %.17f of 1e308 needs 327 characters
  const auto r = std::to_chars(buf, buf + sizeof buf, value, format, precision);
  return std::string(buf, r.ptr);
}

}  // namespace

const char* NumberText::parsePrefix(const char* first, const char* last, double& value) {
  const char* p = first;
  // from_chars takes '-' but not '+' (strtod takes both, once).
  if (p != last && *p == '+') {
    ++p;
    if (p != last && *p == '-') return first;
  }
  double v = 0;
  const auto r = std::from_chars(p, last, v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr == p) return first;
  value = v;
  return r.ptr;
}

std::optional<double> NumberText::parse(std::string_view text) {
  const char* p = text.data();
  const char* last = p + text.size();
  while (p != last && isCSpace(*p)) ++p;
  double value = 0;
  const char* end = parsePrefix(p, last, value);
  if (end == p || end != last) return std::nullopt;
  return value;
}

std::string NumberText::shortest(double value) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

std::string NumberText::general(double value, int precision) {
  return toChars(value, std::chars_format::general, precision);
}

std::string NumberText::fixed(double value, int precision) {
  return toChars(value, std::chars_format::fixed, precision);
}

}  // namespace cxr::format

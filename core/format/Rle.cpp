#include "core/format/Rle.h"

#include "core/format/FormatError.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace cxr::format {

std::string Rle::encode(const Mask& mask) {
  std::string out;
  const uint8_t* p = mask.data();
  const size_t n = size_t(mask.height()) * size_t(mask.width());
  size_t i = 0;
  char buf[24];
  // Masks are mostly long runs of 0 or 255: skip 8 bytes at a time where possible.
  const auto word = [p](size_t at) {
    uint64_t w;
    std::memcpy(&w, p + at, sizeof w);
    return w;
  };
  while (i < n) {
    if (!p[i]) {
      ++i;
      while (i + 8 <= n && word(i) == 0) i += 8;
      continue;
    }
    const size_t start = i;
    while (i + 8 <= n && word(i) == ~uint64_t(0)) i += 8;
    while (i < n && p[i]) ++i;
    if (!out.empty()) out.push_back(' ');
    out.append(buf, std::to_chars(buf, buf + sizeof buf, start + 1).ptr);  // 1-based start
    out.push_back(' ');
    out.append(buf, std::to_chars(buf, buf + sizeof buf, i - start).ptr);
  }
  return out;
}

namespace {

// Next space-separated token as a non-negative integer; false at end of input. Plain digit
// runs (all of a valid RLE) are read inline; anything else (a sign, an overflow, a stray
// character) goes through from_chars for the same result and message as before.
bool nextNumber(std::string_view text, size_t& pos, long long& value, size_t& tokenIndex) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  const size_t n = text.size();
  while (pos < n && isSpace(text[pos])) ++pos;
  if (pos >= n) return false;
  {
    size_t i = pos;
    unsigned long long v = 0;
    while (i < n && i - pos < 18 && static_cast<unsigned char>(text[i] - '0') <= 9)
      v = v * 10 + static_cast<unsigned>(text[i++] - '0');  // 18 digits cannot overflow
    if (i > pos && (i == n || isSpace(text[i]))) {
      value = static_cast<long long>(v);
      pos = i;
      ++tokenIndex;
      return true;
    }
  }
  size_t end = pos;
  while (end < n && !isSpace(text[end])) ++end;
  const std::string_view token = text.substr(pos, end - pos);
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size())
    throw FormatError("RLE token " + std::to_string(tokenIndex + 1) + " '" + std::string(token.substr(0, 32)) +
                      "' is not an integer");
  pos = end;
  ++tokenIndex;
  return true;
}

// Walks the runs of `rle`, checking each, and calls onRun(start0, length) for every run.
template <typename OnRun>
void forEachRun(std::string_view rle, int height, int width, OnRun onRun) {
  if (height <= 0 || width <= 0)
    throw FormatError("RLE: invalid mask size " + std::to_string(height) + "x" + std::to_string(width));
  const long long total = static_cast<long long>(height) * width;
  size_t pos = 0, tokens = 0;
  long long start = 0, length = 0, previousEnd = 0;
  while (nextNumber(rle, pos, start, tokens)) {
    const auto runName = [&] { return "RLE run " + std::to_string(tokens / 2); };
    if (!nextNumber(rle, pos, length, tokens))
      throw FormatError("RLE has an odd number of values (" + std::to_string(tokens) + "): start " +
                        std::to_string(start) + " has no length");
    if (start < 1) throw FormatError(runName() + ": start " + std::to_string(start) + " < 1");
    if (length < 1) throw FormatError(runName() + ": length " + std::to_string(length) + " < 1");
    if (start - 1 < previousEnd)
      throw FormatError(runName() + ": start " + std::to_string(start) +
                        " is out of order or overlaps the previous run (which ends at pixel " +
                        std::to_string(previousEnd) + ")");
    // Compared without adding first: start + length may overflow (a fuzzer found 22 + 2^63-1).
    if (start > total || length > total - (start - 1))
      throw FormatError(runName() + ": " + std::to_string(start) + "+" + std::to_string(length) +
                        " runs past the image (" + std::to_string(height) + "x" + std::to_string(width) +
                        " = " + std::to_string(total) + " pixels)");
    onRun(start - 1, length);
    previousEnd = start - 1 + length;
  }
}

}  // namespace

Mask Rle::decode(std::string_view rle, int height, int width) {
  Mask mask(std::max(height, 0), std::max(width, 0));
  uint8_t* p = mask.data();
  forEachRun(rle, height, width, [p](long long start, long long length) {
    std::fill(p + start, p + start + length, uint8_t(255));
  });
  return mask;
}

long long Rle::validate(std::string_view rle, int height, int width) {
  long long pixels = 0;
  forEachRun(rle, height, width, [&pixels](long long, long long length) { pixels += length; });
  return pixels;
}

}  // namespace cxr::format

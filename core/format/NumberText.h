#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cxr::format {

/// Locale-independent number text (std::to_chars / std::from_chars): the same bytes whatever
/// setlocale() or std::locale::global() say (a Qt GUI sets LC_ALL from the environment, where
/// printf and strtod would use a decimal comma).
class NumberText {
 public:
  /// The whole `text` as a double, like strtod in the C locale: optional leading whitespace and
  /// sign, decimal or scientific notation, inf / nan; nullopt unless all of it is one number
  /// (or it is out of the double range). Hexadecimal floats are not accepted.
  static std::optional<double> parse(std::string_view text);
  /// The number starting at `first` (optional sign, then as parse()): its end, or `first`
  /// when there is none; `value` is set only on success.
  static const char* parsePrefix(const char* first, const char* last, double& value);
  /// Shortest text that reads back as the same double.
  static std::string shortest(double value);
  /// printf("%.<precision>g", value) in the C locale.
  static std::string general(double value, int precision);
  /// printf("%.<precision>f", value) in the C locale.
  static std::string fixed(double value, int precision);
};

}  // namespace cxr::format

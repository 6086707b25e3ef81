#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cxr::format {

/// Re-encodes every mask of a CheXmask CSV and writes the file back (same header and column
/// order). Proves the codec: for released model rows the output equals the input byte for byte.
class CsvRoundTrip {
 public:
  /// Where the written masks come from.
  enum class MaskSource {
    Rle,        ///< decode each RLE and encode it again
    Landmarks,  ///< rasterise the row's landmarks (what the release did)
  };

  struct Summary {
    long long rows = 0;
    long long rleUnchanged = 0;        ///< rows whose three written RLE strings equal the input's
    long long landmarksMatchRle = 0;   ///< rows whose landmark raster equals their RLE masks
    std::vector<std::string> warnings;
  };

  /// Streams `inputPath` to `outputPath`; throws FormatError (file, line, column) on bad input.
  static Summary run(const std::string& inputPath, const std::string& outputPath, MaskSource source,
                     const std::function<void(long long)>& progress = {});
};

}  // namespace cxr::format

#pragma once

namespace cxr::image {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders and encoders exactly once per process
/// (DCMTK's codec list is global and its registration is not thread-safe by itself).
class DcmtkCodecs {
 public:
  /// Safe to call from any thread, any number of times.
  static void ensureRegistered();
};

}  // namespace cxr::image

#include "core/image/JpegReader.h"

#include "core/image/ImageError.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <cerrno>
#include <memory>

#include <jpeglib.h>

namespace cxr::image {
namespace {

struct ErrorManager {
  jpeg_error_mgr base;  // first member: libjpeg passes a pointer to it
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  int warnings = 0;
  char firstWarning[JMSG_LENGTH_MAX];
};

extern "C" void onError(j_common_ptr info) {
  auto* err = reinterpret_cast<ErrorManager*>(info->err);
  (*info->err->format_message)(info, err->message);
  std::longjmp(err->jump, 1);
}

extern "C" void onMessage(j_common_ptr info, int level) {
  if (level >= 0) return;  // trace messages
  auto* err = reinterpret_cast<ErrorManager*>(info->err);
  if (err->warnings++ == 0) (*info->err->format_message)(info, err->firstWarning);
}

}  // namespace

DecodedJpeg readJpeg(const std::string& path, const LoadOptions& options) {
  errno = 0;
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file)
    throw ImageError(path + ": cannot open file (" + std::string(errno ? std::strerror(errno) : "unknown error") + ")");
  // Everything with a destructor lives outside the setjmp scope (longjmp skips destructors).
  DecodedJpeg out;
  std::string failure;
  jpeg_decompress_struct info;
  ErrorManager err;
  std::memset(&info, 0, sizeof info);
  info.err = jpeg_std_error(&err.base);
  err.base.error_exit = onError;
  err.base.emit_message = onMessage;
  err.message[0] = err.firstWarning[0] = '\0';
  volatile bool created = false;  // read after a longjmp
  if (setjmp(err.jump) == 0) {
    jpeg_create_decompress(&info);
    created = true;
    jpeg_stdio_src(&info, file.get());
    jpeg_read_header(&info, TRUE);
    try {
      ImageLoader::checkSize(path, info.image_width, info.image_height, options);
    } catch (const ImageError& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      // refused before any pixel memory
    } else if (info.num_components != 1 && info.num_components != 3) {
      failure = path + ": unsupported JPEG with " + std::to_string(info.num_components) + " colour components";
    } else {
      info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
      jpeg_start_decompress(&info);
      out.width = int(info.output_width);
      out.height = int(info.output_height);
      out.components = info.output_components;
      const size_t stride = size_t(out.width) * size_t(out.components);
      out.pixels.resize(stride * size_t(out.height));
      while (info.output_scanline < info.output_height) {
        JSAMPROW row = out.pixels.data() + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
      }
      jpeg_finish_decompress(&info);
    }
  } else {
    failure = path + ": cannot decode JPEG: " + err.message;
  }
  if (created) jpeg_destroy_decompress(&info);
  if (!failure.empty()) throw ImageError(failure);
  if (err.warnings)
    out.warnings.push_back(std::string("libjpeg: ") + err.firstWarning +
                           (err.warnings > 1 ? " (and " + std::to_string(err.warnings - 1) + " more)" : ""));
  return out;
}

}  // namespace cxr::image

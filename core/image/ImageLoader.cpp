#include "core/image/ImageLoader.h"

#include "core/image/DicomReader.h"
#include "core/image/ImageError.h"
#include "core/image/RasterIO.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace cxr::image {
namespace {

bool startsWith(const std::string& bytes, const char* magic, size_t length) {
  return bytes.size() >= length && std::memcmp(bytes.data(), magic, length) == 0;
}

/// A DICOM data set without preamble (old ACR-NEMA style) starts with a group 0002 or 0008
/// element, either byte order.
bool looksLikeBareDataset(const std::string& b) {
  if (b.size() < 8) return false;
  const auto u = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  const unsigned groupLe = u(0) | (u(1) << 8), groupBe = (u(0) << 8) | u(1);
  for (unsigned group : {groupLe, groupBe})
    if (group == 0x0002 || group == 0x0008) return true;
  return false;
}

}  // namespace

FileFormat ImageLoader::detectFormat(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw ImageError(path + (ec ? ": cannot access (" + ec.message() + ")" : std::string(": file not found")));
  if (std::filesystem::is_directory(path, ec)) throw ImageError(path + ": is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ImageError(path + ": cannot open file (" + std::string(errno ? std::strerror(errno) : "unknown error") + ")");
  std::string head(132, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  if (head.empty()) throw ImageError(path + ": file is empty (0 bytes)");
  if (head.size() >= 132 && head.compare(128, 4, "DICM") == 0) return FileFormat::Dicom;
  if (startsWith(head, "\x89PNG\r\n\x1A\n", 8)) return FileFormat::Png;
  if (startsWith(head, "\xFF\xD8\xFF", 3)) return FileFormat::Jpeg;
  if (startsWith(head, "II*\0", 4) || startsWith(head, "MM\0*", 4)) return FileFormat::Tiff;
  if (startsWith(head, "BM", 2)) return FileFormat::Bmp;
  if (looksLikeBareDataset(head)) return FileFormat::Dicom;
  return FileFormat::Unknown;
}

const char* ImageLoader::formatName(FileFormat format) {
  switch (format) {
    case FileFormat::Dicom: return "DICOM";
    case FileFormat::Png: return "PNG";
    case FileFormat::Jpeg: return "JPEG";
    case FileFormat::Tiff: return "TIFF";
    case FileFormat::Bmp: return "BMP";
    case FileFormat::Unknown: break;
  }
  return "unknown";
}

void ImageLoader::checkSize(const std::string& path, int64_t width, int64_t height,
                            const LoadOptions& options) {
  if (width <= 0 || height <= 0)
    throw ImageError(path + ": invalid image size " + std::to_string(width) + " x " +
                     std::to_string(height));
  if (width > options.maxSide || height > options.maxSide ||
      width * height > options.maxPixels)
    throw ImageError(path + ": image size " + std::to_string(width) + " x " +
                     std::to_string(height) + " exceeds the limit (" +
                     std::to_string(options.maxSide) + " per side, " +
                     std::to_string(options.maxPixels) + " pixels); refusing to allocate");
}

LoadedImage ImageLoader::load(const std::string& path, const LoadOptions& options) {
  const FileFormat format = detectFormat(path);
  switch (format) {
    case FileFormat::Dicom: return DicomReader::read(path, options);
    case FileFormat::Png:
    case FileFormat::Jpeg:
    case FileFormat::Tiff:
    case FileFormat::Bmp: return RasterIO::read(path, format, options);
    case FileFormat::Unknown: break;
  }
  throw ImageError(path + ": not a recognised image (expected DICOM, PNG, JPEG, TIFF or BMP)");
}

}  // namespace cxr::image

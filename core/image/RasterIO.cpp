#include "core/image/RasterIO.h"

#include "core/image/GreyMapping.h"
#include "core/image/ImageError.h"
#include "core/image/JpegReader.h"

#include <itkBMPImageIO.h>
#include <itkImageIOBase.h>
#include <itkJPEGImageIO.h>
#include <itkPNGImageIO.h>
#include <itkTIFFImageIO.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <zlib.h>

namespace cxr::image {
namespace {

itk::ImageIOBase::Pointer makeImageIO(FileFormat format) {
  switch (format) {
    case FileFormat::Png: return itk::PNGImageIO::New().GetPointer();
    case FileFormat::Jpeg: return itk::JPEGImageIO::New().GetPointer();
    case FileFormat::Tiff: return itk::TIFFImageIO::New().GetPointer();
    case FileFormat::Bmp: return itk::BMPImageIO::New().GetPointer();
    default: return nullptr;
  }
}

/// libjpeg only warns about a missing end-of-image marker and pads the picture with grey, so a
/// truncated JPEG must be caught before decoding.
void checkJpegComplete(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  const std::streamoff tail = std::min<std::streamoff>(size, 4096);
  std::string bytes(size_t(tail), '\0');
  in.seekg(size - tail);
  in.read(bytes.data(), tail);
  if (bytes.find("\xFF\xD9") == std::string::npos)
    throw ImageError(path + ": JPEG data is truncated (no end-of-image marker)");
}

uint32_t bigEndian32(const std::string& b, size_t at) {
  return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
         (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

/// Walks every PNG chunk checking lengths and CRCs, and the IHDR size against the limits,
/// before libpng sees the file: ITK does not catch libpng errors while reading the header, and
/// libpng then aborts the process.
void checkPngStructure(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  const std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 33 || b.compare(12, 4, "IHDR") != 0 || bigEndian32(b, 8) != 13)
    throw ImageError(path + ": PNG header (IHDR) is missing or truncated");
  size_t at = 8;
  bool ended = false;
  while (!ended) {
    if (at + 12 > b.size()) throw ImageError(path + ": PNG data is truncated (no IEND chunk)");
    const uint32_t length = bigEndian32(b, at);
    if (length > b.size() - at - 12)
      throw ImageError(path + ": PNG chunk '" + b.substr(at + 4, 4) + "' is truncated");
    const uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(b.data() + at + 4), length + 4));
    if (crc != bigEndian32(b, at + 8 + length))
      throw ImageError(path + ": PNG chunk '" + b.substr(at + 4, 4) + "' has a bad CRC (corrupt file)");
    ended = b.compare(at + 4, 4, "IEND") == 0;
    at += 12 + length;
  }
  ImageLoader::checkSize(path, bigEndian32(b, 16), bigEndian32(b, 20), options);
}

template <typename T>
void toFloat(const std::vector<char>& buffer, size_t pixels, int components,
             std::vector<float>& out) {
  const T* data = reinterpret_cast<const T*>(buffer.data());
  out.resize(pixels);
  if (components < 3) {
    for (size_t i = 0; i < pixels; ++i) out[i] = float(data[i * size_t(components)]);
    return;
  }
  for (size_t i = 0; i < pixels; ++i) {
    const T* p = data + i * size_t(components);
    out[i] = float(0.299 * double(p[0]) + 0.587 * double(p[1]) + 0.114 * double(p[2]));
  }
}

/// 8-bit colour to grey with OpenCV's fixed-point luma (what cv2.imread(..., 0) produces).
void rgb8ToGrey(const std::vector<char>& buffer, size_t pixels, int components,
                std::vector<uint8_t>& grey8, std::vector<float>& values) {
  const auto* data = reinterpret_cast<const uint8_t*>(buffer.data());
  grey8.resize(pixels);
  values.resize(pixels);
  for (size_t i = 0; i < pixels; ++i) {
    const uint8_t* p = data + i * size_t(components);
    const int y = (p[0] * 4899 + p[1] * 9617 + p[2] * 1868 + (1 << 13)) >> 14;
    grey8[i] = uint8_t(y);
    values[i] = float(y);
  }
}

std::vector<float> convertBuffer(const std::string& path, const std::vector<char>& buffer,
                                 size_t pixels, int components,
                                 itk::IOComponentEnum type) {
  std::vector<float> out;
  using C = itk::IOComponentEnum;
  switch (type) {
    case C::UCHAR: toFloat<uint8_t>(buffer, pixels, components, out); break;
    case C::CHAR: toFloat<int8_t>(buffer, pixels, components, out); break;
    case C::USHORT: toFloat<uint16_t>(buffer, pixels, components, out); break;
    case C::SHORT: toFloat<int16_t>(buffer, pixels, components, out); break;
    case C::UINT: toFloat<uint32_t>(buffer, pixels, components, out); break;
    case C::INT: toFloat<int32_t>(buffer, pixels, components, out); break;
    case C::FLOAT: toFloat<float>(buffer, pixels, components, out); break;
    case C::DOUBLE: toFloat<double>(buffer, pixels, components, out); break;
    default:
      throw ImageError(path + ": unsupported pixel component type " +
                       itk::ImageIOBase::GetComponentTypeAsString(type));
  }
  return out;
}

std::vector<uint8_t> highDepthTo8(const std::vector<float>& values, HighDepthTo8 mode) {
  if (mode == HighDepthTo8::MinMax) return GreyMapping::render(values, nullptr, false);
  std::vector<uint8_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    out[i] = uint8_t(std::clamp(std::lround(values[i] / 256.0), 0L, 255L));
  return out;
}

}  // namespace

namespace {

/// JPEG through libjpeg directly (JpegReader.h): the same decoder and settings as ITK's
/// JPEGImageIO, without its crash on corrupt files.
LoadedImage readJpegImage(const std::string& path, const LoadOptions& options) {
  checkJpegComplete(path);
  DecodedJpeg jpeg = readJpeg(path, options);
  LoadedImage image;
  image.width = jpeg.width;
  image.height = jpeg.height;
  const size_t pixels = size_t(jpeg.width) * size_t(jpeg.height);
  ImageMetadata& md = image.metadata;
  md.rows = image.height;
  md.columns = image.width;
  md.samplesPerPixel = jpeg.components;
  md.bitsAllocated = md.bitsStored = 8;
  md.highBit = 7;
  md.photometricInterpretation = jpeg.components >= 3 ? "RGB" : "MONOCHROME2";
  if (jpeg.components >= 3) {
    md.warnings.push_back("colour image converted to grey");
    const std::vector<char> buffer(jpeg.pixels.begin(), jpeg.pixels.end());
    rgb8ToGrey(buffer, pixels, jpeg.components, image.grey8, image.pixels);
  } else {
    image.grey8 = std::move(jpeg.pixels);
    image.pixels.assign(image.grey8.begin(), image.grey8.end());
  }
  for (std::string& w : jpeg.warnings) md.warnings.push_back(std::move(w));
  md.path = path;
  md.fileFormat = ImageLoader::formatName(FileFormat::Jpeg);
  const auto [lo, hi] = std::minmax_element(image.pixels.begin(), image.pixels.end());
  image.minValue = *lo;
  image.maxValue = *hi;
  return image;
}

}  // namespace

LoadedImage RasterIO::read(const std::string& path, FileFormat format,
                           const LoadOptions& options) {
  if (format == FileFormat::Jpeg) return readJpegImage(path, options);
  const std::string name = ImageLoader::formatName(format);
  itk::ImageIOBase::Pointer io = makeImageIO(format);
  if (!io) throw ImageError(path + ": not a raster image format");
  if (format == FileFormat::Png) checkPngStructure(path, options);
  LoadedImage image;
  try {
    io->SetFileName(path);
    io->ReadImageInformation();
    const unsigned dims = io->GetNumberOfDimensions();
    if (dims < 2 || (dims > 2 && io->GetDimensions(2) > 1))
      throw ImageError(path + ": " + name + " is not a 2-D image");
    const int64_t width = io->GetDimensions(0), height = io->GetDimensions(1);
    ImageLoader::checkSize(path, width, height, options);
    const int components = int(io->GetNumberOfComponents());
    std::vector<char> buffer(size_t(io->GetImageSizeInBytes()));
    io->Read(buffer.data());

    image.width = int(width);
    image.height = int(height);
    const size_t pixels = size_t(width) * size_t(height);
    const auto type = io->GetComponentType();
    ImageMetadata& md = image.metadata;
    md.rows = image.height;
    md.columns = image.width;
    md.samplesPerPixel = components;
    md.bitsAllocated = md.bitsStored = int(io->GetComponentSize()) * 8;
    md.highBit = md.bitsStored - 1;
    md.photometricInterpretation = components >= 3 ? "RGB" : "MONOCHROME2";
    if (components >= 3) md.warnings.push_back("colour image converted to grey");
    if (type == itk::IOComponentEnum::UCHAR && components >= 3) {
      rgb8ToGrey(buffer, pixels, components, image.grey8, image.pixels);
    } else {
      image.pixels = convertBuffer(path, buffer, pixels, components, type);
      if (type == itk::IOComponentEnum::UCHAR)
        image.grey8.assign(image.pixels.begin(), image.pixels.end());
      else
        image.grey8 = highDepthTo8(image.pixels, options.highDepthTo8);
    }
  } catch (const itk::ExceptionObject& e) {
    throw ImageError(path + ": cannot read " + name + ": " + e.GetDescription());
  }
  image.metadata.path = path;
  image.metadata.fileFormat = name;
  const auto [lo, hi] = std::minmax_element(image.pixels.begin(), image.pixels.end());
  image.minValue = *lo;
  image.maxValue = *hi;
  return image;
}

namespace {

// One PNG writer for grey (1 component, 8/16 bit) and RGB (3 components, 8 bit) images.
void writePngWithItk(const std::string& path, const void* pixels, int width, int height,
                     unsigned components, bool sixteenBit) {
  if (width <= 0 || height <= 0)
    throw ImageError(path + ": cannot write an empty image");
  auto io = itk::PNGImageIO::New();
  io->SetFileName(path);
  io->SetNumberOfDimensions(2);
  io->SetDimensions(0, unsigned(width));
  io->SetDimensions(1, unsigned(height));
  io->SetSpacing(0, 1.0);
  io->SetSpacing(1, 1.0);
  io->SetOrigin(0, 0.0);
  io->SetOrigin(1, 0.0);
  io->SetPixelType(components == 3 ? itk::IOPixelEnum::RGB : itk::IOPixelEnum::SCALAR);
  io->SetNumberOfComponents(components);
  io->SetComponentType(sixteenBit ? itk::IOComponentEnum::USHORT : itk::IOComponentEnum::UCHAR);
  io->SetUseCompression(true);
  try {
    io->Write(pixels);
  } catch (const itk::ExceptionObject& e) {
    throw ImageError(path + ": cannot write PNG: " + e.GetDescription());
  }
}

}  // namespace

void RasterIO::writePng(const std::string& path, const void* pixels, int width, int height,
                        int bitsPerPixel) {
  if (bitsPerPixel != 8 && bitsPerPixel != 16)
    throw ImageError(path + ": PNG can be written with 8 or 16 bits, not " +
                     std::to_string(bitsPerPixel));
  writePngWithItk(path, pixels, width, height, 1, bitsPerPixel == 16);
}

void RasterIO::writePngRgb(const std::string& path, const uint8_t* rgb, int width, int height) {
  writePngWithItk(path, rgb, width, height, 3, false);
}

}  // namespace cxr::image

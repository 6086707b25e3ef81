#include "tests/common/BadInputCorpus.h"

#include "tests/common/SharedData.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace cxr::test {

namespace fs = std::filesystem;

namespace {

const std::string kHeader = kModelCsvHeader;

std::string landmarks(int count = 240, const std::string& first = "100") { return landmarkField(count, first); }

std::string row(const std::string& id, const std::string& lm, const std::string& rleRight = "",
                const std::string& h = "1024", const std::string& w = "1024", const std::string& mean = "0.8") {
  return id + "," + mean + ",0.9,\"" + lm + "\",," + rleRight + ",," + h + "," + w + "\n";
}

std::string noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = char(rng());
  return s;
}

std::string gzipOf(const std::string& text) {
  uLongf size = compressBound(uLong(text.size())) + 32;
  std::string out(size, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = uInt(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string fileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One PNG chunk: length, type, data, CRC of type + data.
std::string pngChunk(const std::string& type, const std::string& data) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out += char((data.size() >> shift) & 0xff);
  const std::string body = type + data;
  out += body;
  const uLong crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
  for (int shift = 24; shift >= 0; shift -= 8) out += char((crc >> shift) & 0xff);
  return out;
}

// The signature and IHDR of an 8-bit grey PNG of width x height.
std::string pngHeader(uint32_t width, uint32_t height) {
  std::string ihdr;
  for (uint32_t v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8) ihdr += char((v >> shift) & 0xff);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);
  return "\x89PNG\r\n\x1a\n" + pngChunk("IHDR", ihdr);
}

// A complete PNG file (IHDR, one IDAT of a few compressed zero rows, IEND) declaring width x height.
std::string pngFile(uint32_t width, uint32_t height) {
  return pngHeader(width, height) + pngChunk("IDAT", gzipOf(std::string(64, '\0'))) + pngChunk("IEND", "");
}

}  // namespace

const char* const kModelCsvHeader =
    "Image Index,Dice RCA (Mean),Dice RCA (Max),Landmarks,Left Lung,Right Lung,Heart,Height,Width\n";

std::string landmarkField(int count, const std::string& first) {
  std::string s = first;
  for (int i = 1; i < count; ++i) s += "," + std::to_string(100 + i);
  return s;
}

std::string demoModelPath() { return CXR_SOURCE_ROOT "/models/hybridgnet-jsrt256.pt"; }

std::vector<BadInputCase> badInputCorpus() {
  const BadInputKind check = BadInputKind::Csv, info = BadInputKind::Image, dbStatus = BadInputKind::Database;
  return {
      // CheXmask CSVs
      {"huge-height.csv", [] { return kHeader + row("a.png", landmarks(), "", "100000"); }, check,
       "line 2, column 'Height': '100000' exceeds the largest supported image side (8192"},
      {"huge-width-40000.csv", [] { return kHeader + row("a.png", landmarks(), "", "1024", "40000"); }, check,
       "line 2, column 'Width': '40000' exceeds the largest supported image side"},
      {"duplicate-id.csv", [] { return kHeader + row("a.png", landmarks()) + row("a.png", landmarks()); }, check,
       "line 3, column 'Image Index': image ID 'a.png' appears twice (first at line 2)"},
      {"hex-height.csv", [] { return kHeader + row("a.png", landmarks(), "", "0x10"); }, check,
       "line 2, column 'Height': '0x10' is not a positive integer size"},
      {"hex-landmark.csv", [] { return kHeader + row("a.png", landmarks(240, "0x10")); }, check,
       "line 2, column 'Landmarks': unexpected character 'x' in landmarks"},
      {"negative-height.csv", [] { return kHeader + row("a.png", landmarks(), "", "-5"); }, check,
       "line 2, column 'Height': '-5' is not a positive integer size"},
      {"far-landmark.csv", [] { return kHeader + row("a.png", landmarks(240, "1e30")); }, check,
       "line 2, column 'Landmarks': landmark 0 x = 1e+30 is far outside the 1024 x 1024 image"},
      {"239-landmarks.csv", [] { return kHeader + row("a.png", landmarks(239)); }, check,
       "line 2, column 'Landmarks': expected 240 landmark coordinates (120 points), found 239"},
      {"nan-landmark.csv", [] { return kHeader + row("a.png", landmarks(240, "nan")); }, check,
       "line 2, column 'Landmarks'"},
      {"nan-rca.csv", [] { return kHeader + row("a.png", landmarks(), "", "1024", "1024", "nan"); }, check,
       "line 2, column 'Dice RCA (Mean)': 'nan' is not a number"},
      {"rle-overflow.csv", [] { return kHeader + row("a.png", landmarks(), "22 9223372036854775807"); }, check,
       "line 2, column 'Right Lung': RLE run 1: 22+9223372036854775807 runs past the image"},
      {"rle-odd.csv", [] { return kHeader + row("a.png", landmarks(), "1 5 9"); }, check,
       "line 2, column 'Right Lung': RLE has an odd number of values"},
      {"rle-overlap.csv", [] { return kHeader + row("a.png", landmarks(), "10 5 12 3"); }, check,
       "column 'Right Lung': RLE run 2: start 12 is out of order or overlaps"},
      {"field-count.csv", [] { return kHeader + "a.png,0.8\n"; }, check, "line 2: has 2 fields, the header has 9"},
      {"unterminated-quote.csv", [] { return kHeader + "a.png,0.8,0.9,\"1,2,3\n"; }, check,
       "unterminated quoted field"},
      {"no-id-column.csv", [] { return std::string("Name,Landmarks,Left Lung,Right Lung,Heart\n"); }, check,
       "line 1: no image ID column (expected one of Image Index, Path, dicom_id, ImageID, image_id; the header is 'Name,Landmarks"},
      {"bom-no-id-column.csv", [] { return "\xEF\xBB\xBF" + std::string("Name,Landmarks,Left Lung,Right Lung,Heart\n"); },
       check, "no image ID column"},
      {"missing-rle-column.csv", [] { return std::string("Image Index,Landmarks,Left Lung,Right Lung\n"); }, check,
       "line 1, column 'Heart': required column is missing from the header"},
      {"empty.csv", [] { return std::string(); }, check, "empty file (no header line)"},
      {"binary.csv", [] { return noise(3000, 1); }, check, "not a CSV text file (the first line holds binary data)"},
      {"random-bytes.csv.gz", [] { return "x" + noise(3000, 2); }, check, "not a gzip file"},
      {"truncated.csv.gz", [] {
         std::string rows = kHeader;
         for (int i = 0; i < 200; ++i) rows += row("i" + std::to_string(i) + ".png", landmarks());
         const std::string gz = gzipOf(rows);
         return gz.substr(0, gz.size() / 2);
       }, check, "truncated or corrupt"},
      // Images
      {"empty.png", [] { return std::string(); }, info, "file is empty (0 bytes)"},
      {"not-an-image.png", [] { return std::string("hello, I am text\n"); }, info, "not-an-image.png: "},
      {"huge-header.png", [] { return pngFile(100000, 100000); }, info, "exceeds the limit"},
      {"truncated.png", [] { return pngHeader(512, 512); }, info, "truncated.png: "},
      {"truncated.dcm", [] {
         const fs::path real = cxr::test::sharedData("dicom/nih_00000002_000_dx.dcm");
         return fs::exists(real) ? fileBytes(real).substr(0, 2000) : std::string();
       }, info, "the file is truncated or corrupt"},
      {"pixels-cut.dcm", [] {
         const fs::path real = cxr::test::sharedData("dicom/nih_00000002_000_dx.dcm");
         return fs::exists(real) ? fileBytes(real).substr(0, 600000) : std::string();
       }, info, "pixels-cut.dcm: "},
      {"random.dcm", [] { return std::string(128, '\0') + "DICM" + noise(4000, 3); }, info, "random.dcm: "},
      // Databases
      {"text.db", [] { return std::string("this is not a database\n"); }, dbStatus, "text.db"},
      {"noise.db", [] { return "SQLite format 3" + std::string(1, '\0') + noise(8192, 4); }, dbStatus, "noise.db"},
      // Model files
      {"bogus.pt", [] { return std::string("not a torch file"); },
       BadInputKind::Model, "bogus.pt"},
      {"truncated.pt", [] { return fileBytes(demoModelPath()).substr(0, 4096); }, BadInputKind::Model, "truncated.pt"},
  };
}


}  // namespace cxr::test

#include "tests/format/FormatTestUtil.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cxr::test {

void writeFile(const std::string& path, const std::string& text, bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    if (!f || gzwrite(f, text.data(), unsigned(text.size())) != int(text.size()) || gzclose(f) != Z_OK)
      throw std::runtime_error("cannot write " + path);
    return;
  }
  std::ofstream(path, std::ios::binary) << text;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cxr::test

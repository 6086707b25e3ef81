#pragma once
// Header-only so that cxr_test_common need not link the format core: only the tests that
// include this (and link cxr_format already) pull it in.

#include "core/format/CsvReader.h"

#include <string>
#include <vector>

namespace cxr::test {

/// Every row of a CSV file (header first), read with the format core's CsvReader.
inline std::vector<std::vector<std::string>> readCsvRows(const std::string& path) {
  cxr::format::CsvReader reader(path);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (reader.next(fields)) rows.push_back(fields);
  return rows;
}

}  // namespace cxr::test

#include "core/format/CheXmaskRow.h"

#include "core/format/Rle.h"

namespace cxr::format {

const std::string* CheXmaskRow::column(const std::string& name) const {
  for (const auto& [n, text] : columns)
    if (n == name) return &text;
  return nullptr;
}

const std::string& CheXmaskRow::rle(Organ organ) const {
  switch (organ) {
    case Organ::RightLung: return rleRightLung;
    case Organ::LeftLung: return rleLeftLung;
    case Organ::Heart: break;
  }
  return rleHeart;
}

std::string& CheXmaskRow::rle(Organ organ) {
  return const_cast<std::string&>(static_cast<const CheXmaskRow&>(*this).rle(organ));
}

Mask CheXmaskRow::mask(Organ organ) const { return Rle::decode(rle(organ), height, width); }

}  // namespace cxr::format

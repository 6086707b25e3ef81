#include "core/store/PreprocessRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"

#include <tuple>

namespace cxr::store {

namespace {

auto fields(const PreprocessGeometry& g) {
  return std::tie(g.modelSize, g.originalHeight, g.originalWidth, g.cropLeft, g.cropTop,
                  g.cropRight, g.cropBottom, g.padLeft, g.padTop, g.squareSide);
}

}  // namespace

bool PreprocessGeometry::operator==(const PreprocessGeometry& o) const {
  return fields(*this) == fields(o);
}

void PreprocessRepository::put(RowId imageId, const PreprocessGeometry& g) {
  Statement& img = m_db.cached("SELECT 1 FROM images WHERE id = ?");
  img.bind(1, imageId);
  const bool exists = img.step();
  img.reset();
  if (!exists)
    throw StoreError("review database '" + m_db.path() + "': cannot store the preprocessing of image " +
                     std::to_string(imageId) + ": it does not exist");
  m_db.cached("INSERT INTO preprocess_records(image_id, model_size, original_height, "
              "original_width, crop_left, crop_top, crop_right, crop_bottom, pad_left, pad_top, "
              "square_side, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT(image_id) DO UPDATE SET model_size = excluded.model_size, "
              "original_height = excluded.original_height, original_width = excluded.original_width, "
              "crop_left = excluded.crop_left, crop_top = excluded.crop_top, "
              "crop_right = excluded.crop_right, crop_bottom = excluded.crop_bottom, "
              "pad_left = excluded.pad_left, pad_top = excluded.pad_top, "
              "square_side = excluded.square_side, updated_at = excluded.updated_at")
      .bind(1, imageId).bind(2, g.modelSize).bind(3, g.originalHeight).bind(4, g.originalWidth)
      .bind(5, g.cropLeft).bind(6, g.cropTop).bind(7, g.cropRight).bind(8, g.cropBottom)
      .bind(9, g.padLeft).bind(10, g.padTop).bind(11, g.squareSide).bind(12, StoreCodec::nowIso())
      .run();
}

std::optional<PreprocessGeometry> PreprocessRepository::find(RowId imageId) {
  Statement& st = m_db.cached(
      "SELECT model_size, original_height, original_width, crop_left, crop_top, crop_right, "
      "crop_bottom, pad_left, pad_top, square_side FROM preprocess_records WHERE image_id = ?");
  st.bind(1, imageId);
  std::optional<PreprocessGeometry> out;
  if (st.step()) {
    PreprocessGeometry g;
    int* targets[] = {&g.modelSize, &g.originalHeight, &g.originalWidth, &g.cropLeft, &g.cropTop,
                      &g.cropRight, &g.cropBottom, &g.padLeft, &g.padTop, &g.squareSide};
    for (int c = 0; c < 10; ++c) *targets[c] = static_cast<int>(st.int64At(c));
    out = g;
  }
  st.reset();
  return out;
}

}  // namespace cxr::store

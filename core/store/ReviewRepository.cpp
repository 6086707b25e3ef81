#include "core/store/ReviewRepository.h"

#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/ReaderRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace cxr::store {

namespace {

#define CXR_REVIEW_COLUMNS                                                                   \
  "SELECT rv.id, rv.image_id, r.name, rv.status, rv.comment, rv.time_spent, rv.version_id, " \
  "rv.created_at FROM reviews rv JOIN readers r ON r.id = rv.reader_id "

ReviewRecord readReview(const Statement& st) {
  ReviewRecord r;
  r.id = st.int64At(0);
  r.info.imageId = st.int64At(1);
  r.info.reader = st.textAt(2);
  r.info.status = reviewStatusFromString(st.textAt(3));
  r.info.comment = st.textAt(4);
  r.info.timeSpentSeconds = st.doubleAt(5);
  r.info.versionId = st.optionalInt64At(6);
  r.createdAt = st.textAt(7);
  return r;
}

}  // namespace

RowId ReviewRepository::addReview(const ReviewInfo& review) {
  if (review.timeSpentSeconds < 0)
    throw StoreError("review of image " + std::to_string(review.imageId) +
                     ": time spent cannot be negative");
  Transaction tx(m_db);
  const ReviewStatus before = status(review.imageId, review.reader);
  const RowId readerId = ReaderRepository(m_db).ensureReader(review.reader);
  Statement st(m_db, "INSERT INTO reviews(uuid, image_id, reader_id, status, comment, time_spent, "
                     "version_id, created_at) VALUES(?,?,?,?,?,?,?,?)");
  st.bind(1, StoreCodec::newUuid()).bind(2, review.imageId).bind(3, readerId)
      .bind(4, toString(review.status)).bindTextOrNull(5, review.comment)
      .bind(6, review.timeSpentSeconds).bind(7, review.versionId).bind(8, StoreCodec::nowIso()).run();
  const RowId id = m_db.lastInsertId();
  AuditLog(m_db).record(review.reader, "review", "image", review.imageId, toString(before),
                        toString(review.status));
  tx.commit();
  return id;
}

std::optional<ReviewRecord> ReviewRepository::latest(RowId imageId, const std::string& reader) {
  Statement st(m_db, CXR_REVIEW_COLUMNS "WHERE rv.image_id = ? AND r.name = ? ORDER BY rv.id DESC LIMIT 1");
  st.bind(1, imageId).bind(2, reader);
  if (!st.step()) return std::nullopt;
  return readReview(st);
}

ReviewStatus ReviewRepository::status(RowId imageId, const std::string& reader) {
  const auto last = latest(imageId, reader);
  return last ? last->info.status : ReviewStatus::Pending;
}

std::vector<RowId> ReviewRepository::imagesWithStatus(ReviewStatus wanted, const std::string& reader) {
  // Latest review per image for the reader; never-reviewed images count as pending.
  Statement st(m_db,
               "SELECT i.id FROM images i LEFT JOIN ("
               "  SELECT rv.image_id, rv.status FROM reviews rv JOIN readers r ON r.id = rv.reader_id"
               "  WHERE r.name = ? AND rv.id = (SELECT max(id) FROM reviews x"
               "    WHERE x.image_id = rv.image_id AND x.reader_id = rv.reader_id)) l"
               " ON l.image_id = i.id WHERE coalesce(l.status, 'pending') = ? ORDER BY i.id");
  st.bind(1, reader).bind(2, toString(wanted));
  std::vector<RowId> out;
  while (st.step()) out.push_back(st.int64At(0));
  return out;
}

std::vector<ReviewRecord> ReviewRepository::history(RowId imageId) {
  Statement st(m_db, CXR_REVIEW_COLUMNS "WHERE rv.image_id = ? ORDER BY rv.id");
  st.bind(1, imageId);
  std::vector<ReviewRecord> out;
  while (st.step()) out.push_back(readReview(st));
  return out;
}

}  // namespace cxr::store

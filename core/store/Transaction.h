#pragma once

#include <string>

namespace cxr::store {

class Connection;
class ReviewStore;

/// RAII transaction: BEGIN IMMEDIATE at construction (or a SAVEPOINT when a transaction is
/// already open on the connection, so repository calls nest inside a caller's batch),
/// COMMIT/RELEASE on commit(), ROLLBACK if destroyed without commit().
class Transaction {
 public:
  explicit Transaction(ReviewStore& store);
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Makes the changes durable (outermost level) or folds them into the enclosing level.
  void commit();
  /// True for the outermost level (a real BEGIN IMMEDIATE).
  bool isOutermost() const { return m_savepoint.empty(); }

 private:
  void begin();
  Connection& m_connection;
  std::string m_savepoint;  ///< empty for the outermost transaction
  bool m_done = false;
};

}  // namespace cxr::store

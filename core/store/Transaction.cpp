#include "core/store/Transaction.h"

#include "core/store/Connection.h"
#include "core/store/ReviewStore.h"

#include <exception>

namespace cxr::store {

Transaction::Transaction(ReviewStore& store) : Transaction(store.connection()) {}

Transaction::Transaction(Connection& connection) : m_connection(connection) { begin(); }

void Transaction::begin() {
  int& depth = m_connection.transactionDepth();
  if (depth == 0) {
    // IMMEDIATE takes the write lock now, so a busy writer is waited for (busy_timeout)
    // instead of failing half-way through the change.
    m_connection.execScript("BEGIN IMMEDIATE", "starting a transaction");
  } else {
    m_savepoint = "cxr_sp" + std::to_string(depth);
    m_connection.execScript(("SAVEPOINT " + m_savepoint).c_str(), "starting a nested change");
  }
  ++depth;
}

void Transaction::commit() {
  if (m_done) return;
  if (m_savepoint.empty())
    m_connection.execScript("COMMIT", "committing a transaction");
  else
    m_connection.execScript(("RELEASE " + m_savepoint).c_str(), "committing a nested change");
  m_done = true;
  --m_connection.transactionDepth();
}

Transaction::~Transaction() {
  if (m_done) return;
  --m_connection.transactionDepth();
  try {
    if (m_savepoint.empty())
      m_connection.execScript("ROLLBACK", "rolling back a transaction");
    else
      m_connection.execScript(("ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint).c_str(),
                              "rolling back a nested change");
  } catch (const std::exception&) {
    // A failed rollback leaves SQLite to roll back when the connection closes; a destructor
    // must not throw.
  }
}

}  // namespace cxr::store

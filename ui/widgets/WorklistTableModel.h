#pragma once

#include "core/store/WorklistRepository.h"
#include "ui/widgets/TaskThread.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::widgets {

/// The worklist as a lazy table: rows are fetched a page at a time by a reader connection on
/// its own thread (the GUI thread never runs SQL), pages are cached, and the data version of the
/// database is polled so that rows written by the application's writer, a background job or
/// another process refresh by themselves. A million-image worklist scrolls without loading it.
class WorklistTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { ImageId, Dataset, Status, Source, RcaMean, RcaMax, TrueDice, TimeSpent, ColumnCount };
  static constexpr int kPageSize = 200;
  /// Role with the row's image id (qlonglong; 0 while the row is not loaded).
  static constexpr int ImageIdRole = Qt::UserRole + 1;

  explicit WorklistTableModel(QObject* parent = nullptr);
  ~WorklistTableModel() override;

  /// Opens a read-only connection on `path` (after the writer created it).
  void openDatabase(const QString& path);
  /// New filter (reader included): the count and pages are fetched again.
  void setFilter(const store::WorklistFilter& filter);
  const store::WorklistFilter& filter() const { return m_filter; }
  store::WorklistSort sortOrder() const { return m_sort; }
  /// Fetches again the count and every cached page (keeps what is shown until replaced).
  void refresh();
  /// The row if its page is loaded.
  const store::WorklistRow* rowAt(int row) const;
  /// Finds the first row after `fromRow` whose status is Pending (searching the database, not
  /// only loaded pages); `done(row)` gets -1 when there is none.
  void findNextPending(int fromRow, std::function<void(int row)> done);
  /// Row of an image id or display id in the current filter/sort; -1 when not found.
  void locate(const QString& idOrDisplayId, std::function<void(int row, qint64 imageId)> done);
  /// Dataset names of the database (for the filter box).
  void datasetNames(std::function<void(QStringList)> done);
  /// Named worklists of the database (id, name with its image count), by name.
  void namedWorklists(std::function<void(QList<QPair<qint64, QString>>)> done);
  /// Sort order for the next setFilter() (e.g. a named worklist's own order).
  void setSortOrder(const store::WorklistSort& sort) { m_sort = sort; }
  /// Runs `done` once the row's page is loaded (at once when it already is).
  void whenLoaded(int row, std::function<void()> done);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

 Q_SIGNALS:
  void countChanged(qint64 count);
  void pageLoaded(int firstRow, int lastRow);
  void fetchFailed(QString message);
  /// The database changed (its data version grew; any connection or process wrote).
  void storeChanged();

 private:
  void post(std::function<void(store::ReviewStore&)> task);
  void requestPage(int page) const;
  void requestCount();
  void applyCount(quint64 generation, qint64 count);
  void applyPage(quint64 generation, int page, std::vector<store::WorklistRow> rows);
  void pollDataVersion();

  TaskThread m_thread{QStringLiteral("worklist")};
  struct Fetcher;
  std::shared_ptr<Fetcher> m_fetcher;
  store::WorklistFilter m_filter;
  store::WorklistSort m_sort;
  qint64 m_count = 0;
  quint64 m_generation = 0;
  std::map<int, std::vector<store::WorklistRow>> m_pages;
  mutable QSet<int> m_requested;
  std::multimap<int, std::function<void()>> m_waiting;
  QTimer m_poll;
  qint64 m_dataVersion = -1;
  bool m_open = false;
};

}  // namespace cxr::widgets

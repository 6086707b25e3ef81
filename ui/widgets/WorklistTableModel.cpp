#include "ui/widgets/WorklistTableModel.h"

#include "core/store/NamedWorklistRepository.h"

#include "core/store/DatasetRepository.h"
#include "core/store/ReviewStore.h"
#include "ui/widgets/Formatting.h"

#include <QBrush>
#include <QColor>

#include <exception>

namespace cxr::widgets {

using store::WorklistColumn;

struct WorklistTableModel::Fetcher {
  std::unique_ptr<store::ReviewStore> store;
};

namespace {
constexpr int kMaxCachedPages = 64;

WorklistColumn toStoreColumn(int column) {
  switch (column) {
    case WorklistTableModel::Dataset: return WorklistColumn::Dataset;
    case WorklistTableModel::Status: return WorklistColumn::Status;
    case WorklistTableModel::Source: return WorklistColumn::Source;
    case WorklistTableModel::RcaMean: return WorklistColumn::RcaMean;
    case WorklistTableModel::RcaMax: return WorklistColumn::RcaMax;
    case WorklistTableModel::TrueDice: return WorklistColumn::TrueDice;
    case WorklistTableModel::TimeSpent: return WorklistColumn::TimeSpent;
    default: return WorklistColumn::ImageId;
  }
}
}  // namespace

WorklistTableModel::WorklistTableModel(QObject* parent)
    : QAbstractTableModel(parent), m_fetcher(std::make_shared<Fetcher>()) {
  m_poll.setInterval(1000);
  connect(&m_poll, &QTimer::timeout, this, &WorklistTableModel::pollDataVersion);
}

WorklistTableModel::~WorklistTableModel() {
  auto fetcher = m_fetcher;
  m_thread.stop([fetcher] { fetcher->store.reset(); });
}

void WorklistTableModel::post(std::function<void(store::ReviewStore&)> task) {
  auto fetcher = m_fetcher;
  m_thread.post([this, fetcher, task] {
    if (!fetcher->store) return;
    try {
      task(*fetcher->store);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(this, [this, message] { Q_EMIT fetchFailed(message); }, Qt::QueuedConnection);
    }
  });
}

void WorklistTableModel::openDatabase(const QString& path) {
  auto fetcher = m_fetcher;
  const std::string p = path.toStdString();
  m_thread.post([this, fetcher, p] {
    QString error;
    qint64 version = -1;
    try {
      store::StoreOptions options;
      options.readOnly = true;
      options.create = false;
      fetcher->store = std::make_unique<store::ReviewStore>(p, options);
      version = fetcher->store->dataVersion();  // the baseline: later writes trigger a refresh
    } catch (const std::exception& e) {
      fetcher->store.reset();
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(this, [this, error, version] {
      m_open = error.isEmpty();
      if (!m_open) {
        Q_EMIT fetchFailed(error);
        return;
      }
      m_dataVersion = version;
      m_poll.start();
      refresh();
    }, Qt::QueuedConnection);
  });
}

void WorklistTableModel::setFilter(const store::WorklistFilter& filter) {
  m_filter = filter;
  beginResetModel();
  ++m_generation;
  m_pages.clear();
  m_requested.clear();
  m_count = 0;
  endResetModel();
  requestCount();
}

void WorklistTableModel::sort(int column, Qt::SortOrder order) {
  m_sort.column = toStoreColumn(column);
  m_sort.descending = order == Qt::DescendingOrder;
  setFilter(m_filter);
}

void WorklistTableModel::refresh() {
  if (!m_open) return;
  ++m_generation;  // answers of older requests are dropped
  m_requested.clear();
  requestCount();
  for (const auto& [page, rows] : m_pages) requestPage(page);
}

void WorklistTableModel::requestCount() {
  const quint64 generation = m_generation;
  const store::WorklistFilter filter = m_filter;
  post([this, generation, filter](store::ReviewStore& s) {
    const qint64 count = s.worklist().count(filter);
    QMetaObject::invokeMethod(this, [this, generation, count] { applyCount(generation, count); },
                              Qt::QueuedConnection);
  });
}

void WorklistTableModel::applyCount(quint64 generation, qint64 count) {
  if (generation != m_generation) return;
  const int old = int(m_count);
  const int now = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
  if (now > old) {
    beginInsertRows({}, old, now - 1);
    m_count = now;
    endInsertRows();
  } else if (now < old) {
    beginRemoveRows({}, now, old - 1);
    m_count = now;
    endRemoveRows();
  }
  Q_EMIT countChanged(m_count);
  if (m_pages.empty() && m_count > 0) requestPage(0);
}

void WorklistTableModel::requestPage(int page) const {
  if (m_requested.contains(page)) return;
  m_requested.insert(page);
  auto* self = const_cast<WorklistTableModel*>(this);
  const quint64 generation = m_generation;
  const store::WorklistFilter filter = m_filter;
  const store::WorklistSort sort = m_sort;
  // Scrolling on from a cached page: keyset paging after its last row (no OFFSET cost deep down
  // a million-image list); a jump: OFFSET.
  store::RowId after = 0;
  if (const auto prev = m_pages.find(page - 1); prev != m_pages.end() && int(prev->second.size()) == kPageSize)
    after = prev->second.back().imageId;
  self->post([self, generation, filter, sort, page, after](store::ReviewStore& s) {
    auto rows = after != 0 ? s.worklist().pageAfter(filter, sort, after, kPageSize)
                           : s.worklist().page(filter, sort, std::int64_t(page) * kPageSize, kPageSize);
    QMetaObject::invokeMethod(self, [self, generation, page, rows = std::move(rows)]() mutable {
      self->applyPage(generation, page, std::move(rows));
    }, Qt::QueuedConnection);
  });
}

void WorklistTableModel::applyPage(quint64 generation, int page, std::vector<store::WorklistRow> rows) {
  if (generation != m_generation) {
    m_requested.remove(page);
    // Someone waits for a row of this page: ask again under the current filter.
    for (const auto& [row, fn] : m_waiting)
      if (row / kPageSize == page) {
        requestPage(page);
        break;
      }
    return;
  }
  if (int(m_pages.size()) >= kMaxCachedPages && !m_pages.count(page)) {
    // Drop the cached page farthest from this one.
    auto far = m_pages.begin();
    if (std::abs(m_pages.rbegin()->first - page) > std::abs(far->first - page)) far = std::prev(m_pages.end());
    m_requested.remove(far->first);
    m_pages.erase(far);
  }
  const int first = page * kPageSize;
  const int last = std::min<int>(first + int(rows.size()), int(m_count)) - 1;
  m_pages[page] = std::move(rows);
  if (last >= first) {
    Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    Q_EMIT pageLoaded(first, last);
  }
  for (auto it = m_waiting.begin(); it != m_waiting.end();) {
    if (rowAt(it->first)) {
      auto fn = std::move(it->second);
      it = m_waiting.erase(it);
      fn();
    } else {
      ++it;
    }
  }
}

void WorklistTableModel::whenLoaded(int row, std::function<void()> done) {
  if (rowAt(row)) {
    done();
    return;
  }
  m_waiting.emplace(row, std::move(done));
  requestPage(row / kPageSize);
}

void WorklistTableModel::pollDataVersion() {
  if (!m_open) return;
  post([this](store::ReviewStore& s) {
    const qint64 v = s.dataVersion();
    QMetaObject::invokeMethod(this, [this, v] {
      if (v == m_dataVersion) return;
      m_dataVersion = v;
      refresh();
      Q_EMIT storeChanged();
    }, Qt::QueuedConnection);
  });
}

const store::WorklistRow* WorklistTableModel::rowAt(int row) const {
  if (row < 0) return nullptr;
  const auto it = m_pages.find(row / kPageSize);
  if (it == m_pages.end()) return nullptr;
  const size_t i = size_t(row % kPageSize);
  return i < it->second.size() ? &it->second[i] : nullptr;
}

void WorklistTableModel::findNextPending(int fromRow, std::function<void(int)> done) {
  const store::WorklistFilter filter = m_filter;
  const store::WorklistSort sort = m_sort;
  post([this, filter, sort, fromRow, done](store::ReviewStore& s) {
    int found = -1;
    constexpr int kChunk = 1000;
    for (std::int64_t offset = fromRow + 1;; offset += kChunk) {
      const auto rows = s.worklist().page(filter, sort, offset, kChunk);
      for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].status == store::ReviewStatus::Pending && rows[i].versionId) {
          found = int(offset + std::int64_t(i));
          break;
        }
      if (found >= 0 || int(rows.size()) < kChunk) break;
    }
    QMetaObject::invokeMethod(this, [done, found] { done(found); }, Qt::QueuedConnection);
  });
}

void WorklistTableModel::locate(const QString& id, std::function<void(int, qint64)> done) {
  const store::WorklistFilter filter = m_filter;
  const store::WorklistSort sort = m_sort;
  const std::string text = id.toStdString();
  post([this, filter, sort, text, done](store::ReviewStore& s) {
    qint64 imageId = 0;
    // The exact id a dataset uses (CSV id or relative path) first, then the search.
    for (const auto& ds : s.datasets().list())
      if (const auto id = s.datasets().imageByExternalId(ds.id, text)) {
        imageId = *id;
        break;
      }
    if (imageId == 0) {
      store::WorklistFilter byId = filter;
      byId.idContains = text;
      const auto candidates = s.worklist().page(byId, sort, 0, 1);
      if (!candidates.empty()) imageId = candidates.front().imageId;
    }
    bool numeric = false;
    const qint64 asNumber = QString::fromStdString(text).toLongLong(&numeric);
    if (imageId == 0 && numeric) imageId = asNumber;
    int row = -1;
    if (imageId != 0)
      if (const auto r = s.worklist().rowOf(filter, sort, imageId)) row = int(*r);
    QMetaObject::invokeMethod(this, [done, row, imageId] { done(row, imageId); }, Qt::QueuedConnection);
  });
}

void WorklistTableModel::datasetNames(std::function<void(QStringList)> done) {
  post([this, done](store::ReviewStore& s) {
    QStringList names;
    for (const auto& n : s.worklist().datasetNames()) names << QString::fromStdString(n);
    QMetaObject::invokeMethod(this, [done, names] { done(names); }, Qt::QueuedConnection);
  });
}

void WorklistTableModel::namedWorklists(std::function<void(QList<QPair<qint64, QString>>)> done) {
  post([this, done](store::ReviewStore& s) {
    QList<QPair<qint64, QString>> lists;
    for (const auto& w : s.namedWorklists().list())
      lists.append({w.id, QStringLiteral("%1 (%2)").arg(QString::fromStdString(w.info.name)).arg(w.imageCount)});
    QMetaObject::invokeMethod(this, [done, lists] { done(lists); }, Qt::QueuedConnection);
  });
}

int WorklistTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_count); }
int WorklistTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant WorklistTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const store::WorklistRow* row = rowAt(index.row());
  if (!row) {
    if (role == Qt::DisplayRole) {
      requestPage(index.row() / kPageSize);
      return index.column() == ImageId ? QStringLiteral("…") : QVariant();
    }
    return {};
  }
  if (role == ImageIdRole) return qlonglong(row->imageId);
  if (role == Qt::TextAlignmentRole && index.column() >= RcaMean)
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole) {
    if (index.column() == ImageId && row->hasError) return QBrush(QColor(0xD5, 0x5E, 0x00));
    if ((index.column() == RcaMean || index.column() == RcaMax) && lowRca(row->rcaMean))
      return QBrush(QColor(0xD5, 0x5E, 0x00));
    return {};
  }
  if (role == Qt::ToolTipRole && row->hasError) return tr("This image has a recorded error (see the side panel)");
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case ImageId: return QString::fromStdString(row->displayId) + (row->hasError ? QStringLiteral(" ⚠") : QString());
    case Dataset: return QString::fromStdString(row->dataset);
    case Status: return statusLabel(row->status) + (row->edited && row->status == store::ReviewStatus::Pending ? tr(" (edited)") : QString());
    case Source: return row->source ? sourceLabel(*row->source) : tr("not segmented");
    case RcaMean: return formatOptional(row->rcaMean, 3);
    case RcaMax: return formatOptional(row->rcaMax, 3);
    case TrueDice: return formatOptional(row->trueDice, 3);
    case TimeSpent: return row->timeSpentSeconds > 0 ? formatDuration(row->timeSpentSeconds) : QString();
  }
  return {};
}

QVariant WorklistTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case ImageId: return tr("Image");
    case Dataset: return tr("Dataset");
    case Status: return tr("Status");
    case Source: return tr("Version");
    case RcaMean: return tr("RCA mean");
    case RcaMax: return tr("RCA max");
    case TrueDice: return tr("True Dice");
    case TimeSpent: return tr("Time");
  }
  return {};
}

}  // namespace cxr::widgets

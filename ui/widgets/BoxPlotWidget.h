#pragma once

#include "core/store/ReaderAgreement.h"

#include <QString>
#include <QWidget>

#include <vector>

namespace cxr::widgets {

/// Box plots of one metric, one box per group (dataset): the box spans Q1-Q3 with the median
/// line, the whiskers reach the most extreme values within 1.5 IQR of the box, values beyond
/// are drawn as outlier dots. Quartiles come from store::ReaderAgreement::summarize (numpy's
/// linear interpolation), so the plot and the summary table agree.
class BoxPlotWidget : public QWidget {
  Q_OBJECT

 public:
  struct Group {
    QString name;
    store::MetricSummary summary;
    std::vector<double> values;  ///< the group's values (missing ones left out)
  };

  explicit BoxPlotWidget(QWidget* parent = nullptr);
  void setData(const QString& metric, std::vector<Group> groups);
  const std::vector<Group>& groups() const { return m_groups; }
  const QString& metric() const { return m_metric; }
  /// Whisker ends of a group: the extreme values within 1.5 IQR of the box.
  static std::pair<double, double> whiskers(const Group& group);

  QSize sizeHint() const override { return {520, 260}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QString m_metric;
  std::vector<Group> m_groups;
};

}  // namespace cxr::widgets

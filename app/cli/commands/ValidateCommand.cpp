// `chexreview-cli validate`: RCA against a reader's corrections (CheXmask technical validation).
// requires: cxr_format cxr_store cxr_engine cxr_figure_png
#include "app/cli/CommandRegistry.h"

#include "core/engine/SignalCancellation.h"
#include "core/engine/Validation.h"
#include "core/engine/ValidationFigures.h"
#include "core/format/Figure.h"
#include "core/format/NumberText.h"
#include "core/store/ReviewStore.h"
#include "ui/charts/FigurePainter.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace {

using namespace cxr::engine;
namespace fs = std::filesystem;

struct ValidateArgs {
  std::string db, reader, output;
  bool quiet = false;
};

std::string fixed(const std::optional<double>& v, int digits) {
  return v ? cxr::format::NumberText::fixed(*v, digits) : std::string("n/a");
}

void runValidate(const ValidateArgs& args) {
  if (!fs::exists(args.db))
    throw cxr::cli::CommandError(args.db + ": no such review database");
  cxr::store::StoreOptions options;
  options.create = false;
  cxr::store::ReviewStore store(args.db, options);
  std::error_code ec;
  fs::create_directories(args.output, ec);
  if (ec || !fs::is_directory(args.output))
    throw cxr::cli::CommandError(args.output + ": cannot create the output folder (" + ec.message() + ")");
  ValidationOptions vo;
  vo.reader = args.reader;
  // Ctrl-C / SIGTERM stop between images; comparisons already computed stay stored.
  SignalCancellation signals(vo.cancel);
  if (!args.quiet)
    vo.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rcomparing %zu/%zu", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  const auto rows = Validation::collect(store, vo);
  const auto summary = Validation::summarize(rows, args.reader);
  const fs::path dir(args.output);
  Validation::writeCsv(rows, (dir / "validation.csv").string());
  {
    const std::string path = (dir / "summary.json").string();
    std::ofstream out(path, std::ios::binary);
    out << Validation::summaryJson(summary);
    if (!out) throw cxr::cli::CommandError(path + ": could not write the summary");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::pair<std::string, cxr::format::Figure> figures[] = {
      {"scatter_rca_max", ValidationFigures::scatter(rows, RcaKind::Max, ValidationOrgan::Combined, args.reader)},
      {"scatter_rca_mean", ValidationFigures::scatter(rows, RcaKind::Mean, ValidationOrgan::Combined, args.reader)},
      {"rca_histograms", ValidationFigures::histograms(rows)}};
  for (const auto& [name, figure] : figures) {
    cxr::format::FigureRenderer::writeSvg(figure, (dir / (name + ".svg")).string());
    cxr::charts::FigurePainter::writePng(figure, (dir / (name + ".png")).string());
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu images corrected by %s; figures in %s ms\n", args.output.c_str(), rows.size(),
              args.reader.c_str(), cxr::format::NumberText::fixed(ms, 0).c_str());
  auto line = [](const ValidationGroup& g) {
    std::printf("%-14s n %3zu  RCA Max: r %s rho %s MAE %s  RCA Mean: r %s rho %s MAE %s\n",
                g.dataset.empty() ? "all" : g.dataset.c_str(), g.n, fixed(g.rcaMax.pearson, 3).c_str(),
                fixed(g.rcaMax.spearman, 3).c_str(), fixed(g.rcaMax.mae, 4).c_str(),
                fixed(g.rcaMean.pearson, 3).c_str(), fixed(g.rcaMean.spearman, 3).c_str(),
                fixed(g.rcaMean.mae, 4).c_str());
  };
  for (const auto& g : summary.datasets) line(g);
  line(summary.overall);
}

void setupValidate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "RCA against a reader's corrections: validation.csv (CheXmask evaluation layout), "
                  "summary.json (n, Pearson r, Spearman rho, MAE, fitted line per dataset and "
                  "overall) and figures (PNG, SVG)");
  cmd->add_option("-d,--db", args->db, "review database")->required();
  cmd->add_option("--reader", args->reader, "reader whose corrections are the truth")->required();
  cmd->add_option("-o,--output", args->output, "output folder (created when absent)")->required();
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  cmd->callback([args] { runValidate(*args); });
}

const cxr::cli::CommandRegistrar kRegistrar{46, setupValidate};

}  // namespace

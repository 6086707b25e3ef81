// rca_bench: RCA timing and accuracy (docs/rca.md, docs/performance.md).
//
//   rca_bench synthetic [--refs 8] [--queries 20] [--size 256] [-k 5]     synthetic radiographs
//   rca_bench loo --refset DIR [--limit N] [--size 256] [-k 5]           leave-one-out on a set
//
// Each query is a prediction degraded by a controlled landmark perturbation (strength spread
// evenly over [0, 1]); its true Dice is against the ground truth. Prints one line per query
// and the summary: Pearson r and MAE of RCA Max / Mean against the true Dice, and seconds
// per image (one image at a time, its k registrations in parallel over --threads).
#include "core/format/NumberText.h"
#include "core/rca/ReverseClassifier.h"
#include "tests/rca/RcaTestSupport.h"

#include <CLI/CLI.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace {

using namespace cxr;
using cxr::format::NumberText;

struct Options {
  int refs = 8, queries = 20, size = 256, k = 5, limit = 0, offset = 0, threads = 0;
  int affineIterations = -1, demonsIterations = -1;
  double sigma = -1, minCorrelation = -2;
  std::string refset, csv;
};

struct Row {
  std::string id;
  double m = 0, truth = 0, max = 0, mean = 0, seconds = 0, cpuSeconds = 0;
};

rca::RcaParameters parameters(const Options& o) {
  rca::RcaParameters p;
  p.k = o.k;
  p.size = o.size;
  if (o.affineIterations >= 0) p.registration.affineIterations = o.affineIterations;
  if (o.demonsIterations >= 0) p.registration.demonsIterations = o.demonsIterations;
  if (o.sigma >= 0) p.registration.demonsFieldSigma = o.sigma;
  if (o.minCorrelation > -2) p.registration.minCorrelation = o.minCorrelation;
  return p;
}

void summarise(const std::vector<Row>& rows, const Options& o, const char* what) {
  std::vector<double> t, mx, mn;
  double maeMax = 0, maeMean = 0, seconds = 0, cpu = 0;
  for (const Row& r : rows) {
    t.push_back(r.truth), mx.push_back(r.max), mn.push_back(r.mean);
    maeMax += std::abs(r.truth - r.max), maeMean += std::abs(r.truth - r.mean), seconds += r.seconds,
                                                                       cpu += r.cpuSeconds;
  }
  const double n = double(rows.size());
  const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
  std::printf("%s: %zu images, size %d, k %d, true Dice %s..%s\n", what, rows.size(), o.size, o.k,
              NumberText::fixed(*lo, 3).c_str(), NumberText::fixed(*hi, 3).c_str());
  std::printf("  RCA Max : Pearson r %s, MAE %s\n", NumberText::fixed(rca::test::pearson(t, mx), 4).c_str(),
              NumberText::fixed(maeMax / n, 4).c_str());
  std::printf("  RCA Mean: Pearson r %s, MAE %s\n", NumberText::fixed(rca::test::pearson(t, mn), 4).c_str(),
              NumberText::fixed(maeMean / n, 4).c_str());
  std::printf("  %s s per image wall (%d threads; 0 = all cores), %s CPU-seconds per image\n",
              NumberText::fixed(seconds / n, 3).c_str(), o.threads, NumberText::fixed(cpu / n, 3).c_str());
  if (!o.csv.empty()) {
    std::ofstream out(o.csv);
    out << "ImageID,Perturbation,Dice GT,Dice RCA (Max),Dice RCA (Mean),Seconds\n";
    for (const Row& r : rows)
      out << r.id << ',' << NumberText::fixed(r.m, 3) << ',' << NumberText::fixed(r.truth, 5) << ','
          << NumberText::fixed(r.max, 5) << ',' << NumberText::fixed(r.mean, 5) << ','
          << NumberText::fixed(r.seconds, 3) << '\n';
  }
}

Row runOne(const rca::ReverseClassifier& c, rca::RcaQuery q, const format::LandmarkSet& truth, double m,
           uint64_t seed) {
  Row row;
  row.id = q.key;
  row.m = m;
  const int side = std::max(q.width, q.height);
  q.prediction = rca::test::perturb(truth, m, seed, side);
  row.truth = rca::test::trueDice(q.prediction, truth, q.height, q.width);
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  const rca::RcaResult r = c.evaluate(q);
  row.cpuSeconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  row.max = r.max, row.mean = r.mean;
  std::printf("%-24s m %s  true %s  max %s  mean %s  registered %d/%zu  %s s\n", row.id.c_str(),
              NumberText::fixed(m, 2).c_str(), NumberText::fixed(row.truth, 4).c_str(),
              NumberText::fixed(row.max, 4).c_str(), NumberText::fixed(row.mean, 4).c_str(), r.registered,
              r.references.size(), NumberText::fixed(row.seconds, 2).c_str());
  std::printf("    cpu %s s\n", NumberText::fixed(row.cpuSeconds, 2).c_str());
  std::printf("    best correlation %s; per reference affine/warped(score):", NumberText::fixed(r.bestCorrelation, 3).c_str());
  for (const rca::ReferenceScore& s : r.references)
    std::printf(" %s/%s(%s)", NumberText::fixed(s.correlation, 3).c_str(), NumberText::fixed(s.warpedCorrelation, 3).c_str(),
                NumberText::fixed(s.score, 3).c_str());
  std::printf("\n");
  std::fflush(stdout);
  return row;
}

int synthetic(const Options& o) {
  const rca::ReferenceSet set = rca::test::syntheticReferenceSet(1, o.refs, 1024);
  const rca::ReverseClassifier c(set, parameters(o));
  std::vector<Row> rows;
  for (int i = 0; i < o.queries; ++i) {
    const image::SyntheticCase s = rca::test::synthetic(1001 + uint64_t(i), 1024);
    rca::RcaQuery q;
    q.key = "synth_" + std::to_string(s.seed);
    q.width = s.width, q.height = s.height, q.grey8 = s.grey8;
    q.latent.assign(s.shapeCoefficients.begin(), s.shapeCoefficients.end());
    rows.push_back(runOne(c, q, s.landmarks, o.queries > 1 ? double(i) / (o.queries - 1) : 0.0, 9000 + uint64_t(i)));
  }
  summarise(rows, o, "synthetic 1024x1024");
  return 0;
}

int leaveOneOut(const Options& o) {
  const rca::ReferenceSet set = rca::ReferenceSetIO::read(o.refset);
  std::printf("reference set %s: %zu references, model %s\n", set.id.c_str(), set.references.size(),
              set.modelSha256.c_str());
  const rca::ReverseClassifier c(set, parameters(o));
  const size_t n = o.limit > 0 ? std::min(set.references.size(), size_t(o.limit)) : set.references.size();
  // An even spread of queries over the set when limited, and of perturbations over [0, 1].
  std::vector<Row> rows;
  for (size_t j = 0; j < n; ++j) {
    const size_t i = (j * set.references.size() / n + size_t(o.offset)) % set.references.size();
    const rca::Reference& r = set.references[i];
    rca::RcaQuery q;
    q.key = r.id;
    q.width = r.width, q.height = r.height, q.grey8 = r.grey8, q.latent = r.latent;
    q.excludeReference = r.id;
    rows.push_back(runOne(c, q, r.landmarks, n > 1 ? double(j % 20) / 19.0 : 0.0, 5000 + i));
  }
  summarise(rows, o, ("leave-one-out on " + set.id).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RCA benchmark: speed and accuracy against the true Dice of perturbed predictions"};
  app.require_subcommand(1);
  Options o;
  for (CLI::App* cmd : {app.add_subcommand("synthetic", "synthetic radiographs (1024 x 1024)"),
                        app.add_subcommand("loo", "leave-one-out on a reference set")}) {
    cmd->add_option("--size", o.size, "working size");
    cmd->add_option("-k", o.k, "references per image");
    cmd->add_option("--threads", o.threads, "oneTBB threads (0 = all cores)");
    cmd->add_option("--affine-iterations", o.affineIterations);
    cmd->add_option("--demons-iterations", o.demonsIterations);
    cmd->add_option("--demons-sigma", o.sigma);
    cmd->add_option("--min-correlation", o.minCorrelation);
    cmd->add_option("--csv", o.csv, "per-image table");
  }
  app.get_subcommand("synthetic")->add_option("--refs", o.refs);
  app.get_subcommand("synthetic")->add_option("--queries", o.queries);
  app.get_subcommand("loo")->add_option("--refset", o.refset)->required();
  app.get_subcommand("loo")->add_option("--limit", o.limit, "at most this many queries, spread over the set");
  app.get_subcommand("loo")->add_option("--offset", o.offset, "shift of the spread (another subset)");
  CLI11_PARSE(app, argc, argv);
  std::unique_ptr<tbb::global_control> threads;
  if (o.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, size_t(o.threads));
  try {
    return app.got_subcommand("synthetic") ? synthetic(o) : leaveOneOut(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rca_bench: error: %s\n", e.what());
    return 1;
  }
}

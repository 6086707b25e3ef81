// `chexreview-cli export`: validated segmentations out of a review database: CheXmask CSV in
// model or original space, per-image masks/label maps/overlays/landmark JSON, DICOM SEG objects,
// optionally de-identified. All through interop::ValidatedExporter.
// requires: cxr_format cxr_store cxr_image cxr_review cxr_interop
#include "app/cli/CommandRegistry.h"

#include "core/interop/ValidatedExporter.h"
#include "core/store/ReviewStore.h"

#include <csignal>
#include <cstdio>
#include <memory>

namespace {

using namespace cxr::interop;

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onInterrupt(int) { g_interrupted = 1; }

struct ExportArgs {
  std::string db, output, reader = "chexmask", dataset, worklist, status = "any", space = "stored",
                          notation = "numpy", perImage, dicomSeg, deidentify;
  double minRcaMean = -1, minRcaMax = -1;
  bool physician = false, consensus = false, readerGiven = false, quiet = false;
};

void runExport(const ExportArgs& args) {
  cxr::store::StoreOptions open;
  open.create = false;
  cxr::store::ReviewStore store(args.db, open);
  ExportRequest req;
  req.filter.reader = (args.consensus && !args.readerGiven) ? std::string() : args.reader;
  req.filter.consensus = args.consensus;
  req.filter.dataset = args.dataset;
  req.filter.worklist = args.worklist;
  req.filter.status = statusFilterFromString(args.status);
  if (args.minRcaMean >= 0) req.filter.minRcaMean = args.minRcaMean;
  if (args.minRcaMax >= 0) req.filter.minRcaMax = args.minRcaMax;
  req.csvPath = args.output;
  req.space = args.space == "original" ? CsvSpace::Original : args.space == "model" ? CsvSpace::Model : CsvSpace::Stored;
  req.originalNotation = args.notation == "json" ? LandmarkNotation::Json : LandmarkNotation::Numpy;
  req.physicianLayout = args.physician;
  if (args.physician && req.space == CsvSpace::Stored) req.space = CsvSpace::Model;  // a 1024 layout
  req.perImageDir = args.perImage;
  req.dicomSegDir = args.dicomSeg;
  req.deidentifyMapPath = args.deidentify;
  req.who = "chexreview-cli";
  req.softwareVersion = "0.1.0";
  const bool quiet = args.quiet;
  req.progress = [quiet](const ExportProgress& p) {
    if (!quiet && (p.done % 256 == 0 || p.done == p.total)) std::fprintf(stderr, "\rexport: %lld / %lld rows looked at, %lld exported", (long long)p.done,
                             (long long)p.total, (long long)p.exported);
    return g_interrupted == 0;
  };
  req.onSkipped = [](const std::string& image, const std::string& why) {
    std::fprintf(stderr, "\nexport: %s: %s\n", image.c_str(), why.c_str());
  };
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const ExportSummary s = ValidatedExporter(store).run(req);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!quiet) std::fprintf(stderr, "\n");
  if (s.cancelled) {
    std::fprintf(stderr, "export cancelled: nothing written\n");
    throw CLI::RuntimeError(130);
  }
  if (!args.output.empty())
    std::printf("%s: %lld rows (reader %s%s%s, %s space)\n", args.output.c_str(), (long long)s.rows,
                req.filter.reader.empty() ? "any adjudicator" : req.filter.reader.c_str(),
                args.dataset.empty() ? "" : ", dataset ", args.dataset.c_str(), args.space.c_str());
  if (!args.perImage.empty()) std::printf("%s: %lld image folders\n", args.perImage.c_str(), (long long)s.perImage);
  if (!args.dicomSeg.empty()) std::printf("%s: %lld DICOM SEG files\n", args.dicomSeg.c_str(), (long long)s.segFiles);
  std::printf("%lld selected images have no version to export; %lld filtered out by status/RCA; %lld without "
              "geometry; %lld not from DICOM; %lld failed\n",
              (long long)s.skippedNoVersion, (long long)s.skippedFilter, (long long)s.skippedNoGeometry,
              (long long)s.skippedNotDicom, (long long)s.failed);
  for (const auto& f : s.files) std::printf("wrote %s\n", f.c_str());
  if (s.failed > 0) throw CLI::RuntimeError(1);
}

void setupExport(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Export validated segmentations: CheXmask CSV (.csv/.csv.gz, model or original space), "
                "per-image PNG masks/label map/overlay/landmarks JSON, DICOM SEG objects; optionally "
                "de-identified. A model-CSV dataset keeps its original header and row order");
  cmd->add_option("-d,--db", args->db, "review database")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "output CheXmask CSV (.csv, or .csv.gz compressed)");
  cmd->add_option("--reader", args->reader, "whose current versions (default chexmask)")
      ->each([args](const std::string&) { args->readerGiven = true; });
  cmd->add_flag("--consensus", args->consensus,
                "export the newest consensus version of each image (of --reader when given)");
  cmd->add_option("--dataset", args->dataset, "only this dataset (default: all)");
  cmd->add_option("--worklist", args->worklist, "only images of this named worklist");
  cmd->add_option("--status", args->status,
                  "the reader's review status: any (default), validated (accepted or corrected), accepted, "
                  "corrected, pending, rejected, flagged_ood")
      ->check(CLI::IsMember({"any", "validated", "accepted", "corrected", "pending", "rejected", "flagged_ood"}));
  cmd->add_option("--min-rca-mean", args->minRcaMean, "only rows with Dice RCA (Mean) >= this");
  cmd->add_option("--min-rca-max", args->minRcaMax, "only rows with Dice RCA (Max) >= this");
  cmd->add_option("--space", args->space,
                  "CSV and per-image mask space: model (1024 x 1024, Preprocessed), original (original pixels "
                  "through the preprocessing record, OriginalResolution) or stored (default: each version in "
                  "the space it was stored in: model for CheXmask imports, original for segmentation runs)")
      ->check(CLI::IsMember({"model", "original", "stored"}));
  cmd->add_option("--landmark-notation", args->notation,
                  "original-space landmarks: numpy (printed array, default) or json")
      ->check(CLI::IsMember({"numpy", "json"}));
  cmd->add_flag("--physician-layout", args->physician,
                "physician-file columns: ImageID,Dataset,Landmarks,Right Lung,Left Lung,Heart");
  cmd->add_option("--per-image", args->perImage,
                  "folder: per image right_lung/left_lung/heart/labelmap/overlay PNGs and landmarks.json");
  cmd->add_option("--dicom-seg", args->dicomSeg, "folder: one DICOM SEG per DICOM-sourced image");
  cmd->add_option("--deidentify", args->deidentify,
                  "de-identify every output; write the original -> exported id mapping to this CSV");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress line");
  cmd->callback([args] {
    if (args->output.empty() && args->perImage.empty() && args->dicomSeg.empty())
      throw CLI::ValidationError("export", "give -o/--output, --per-image or --dicom-seg");
    runExport(*args);
  });
}

const cxr::cli::CommandRegistrar kRegistrar{42, setupExport};

}  // namespace

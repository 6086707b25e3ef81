// chexreview-cli: headless batch work (CSV checks, import, segmentation, RCA, export).
#include "app/cli/CommandRegistry.h"
#include "core/buildinfo/BuildInfo.h"
#include "core/format/LibraryVersions.h"
#ifdef CXR_CLI_HAS_IMAGE
#include "core/image/LibraryVersions.h"
#endif
#ifdef CXR_CLI_HAS_MODEL
#include "core/model/LibraryVersions.h"
#endif
#ifdef CXR_CLI_HAS_STORE
#include "core/store/LibraryVersions.h"
#endif
#ifdef CXR_CLI_HAS_QT
#include <QtGlobal>
#endif

#include <exception>
#include <iostream>

namespace {

// The version, the git revision and the libraries this build of the CLI links, as the loaded
// libraries report them (a build with fewer layers lists fewer libraries; VTK is GUI-only).
std::string versionText() {
  using cxr::buildinfo::LibraryVersion;
  std::vector<LibraryVersion> libs;
  auto append = [&libs](const std::vector<LibraryVersion>& more) { libs.insert(libs.end(), more.begin(), more.end()); };
#ifdef CXR_CLI_HAS_QT
  libs.push_back({"Qt", qVersion()});
#endif
#ifdef CXR_CLI_HAS_IMAGE
  append(cxr::image::libraryVersions());
#endif
#ifdef CXR_CLI_HAS_MODEL
  append(cxr::model::libraryVersions());
#endif
#ifdef CXR_CLI_HAS_STORE
  append(cxr::store::libraryVersions());
#endif
  append(cxr::format::libraryVersions());
  std::string text = cxr::buildinfo::versionLine("chexreview-cli") + "\n" + cxr::buildinfo::libraryLines(libs);
  if (!text.empty() && text.back() == '\n') text.pop_back();  // CLI11 adds the final newline
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CheXReview command line: CheXmask-format batch work without a GUI", "chexreview-cli"};
  app.footer("Exit status: 0 all done; 1 failure (bad input, every item failed); 2 usage error; "
             "3 done, but some items failed (each reported); 130 cancelled (re-run to resume).");
  app.require_subcommand(1);
  app.set_version_flag("--version", versionText, "Print the version, the git revision and the linked libraries' versions");
  cxr::cli::CommandRegistry::instance().installAll(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version or the usage error
    return code == 0 ? 0 : cxr::cli::kExitUsage;
  } catch (const cxr::cli::UsageError& e) {
    std::cerr << "chexreview-cli: usage error: " << e.what() << "\n";
    return cxr::cli::kExitUsage;
  } catch (const cxr::cli::CancelledError& e) {
    std::cerr << "chexreview-cli: cancelled: " << e.what() << "\n";
    return cxr::cli::kExitCancelled;
  } catch (const std::exception& e) {
    // One line naming what went wrong; the command's own context is in the message.
    std::cerr << "chexreview-cli: error: " << e.what() << "\n";
    return cxr::cli::kExitFailure;
  }
  return cxr::cli::finishedExitStatus();
}

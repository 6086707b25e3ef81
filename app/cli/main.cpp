// chexreview-cli: headless batch work (CSV checks, import, segmentation, RCA, export).
#include "app/cli/CommandRegistry.h"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"CheXReview command line: CheXmask-format batch work without a GUI", "chexreview-cli"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "chexreview-cli 0.1.0");
  cxr::cli::CommandRegistry::instance().installAll(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // One line naming what went wrong; the command's own context is in the message.
    std::cerr << "chexreview-cli: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

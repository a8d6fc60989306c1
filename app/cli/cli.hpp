// The command line of the one threadlab binary: the window (default), `run <demo>`, screenshots.
#pragma once

namespace tl {

/// Parses argv and does what it says. Bad input: a message on stderr and exit status 2.
int cli_main(int argc, char** argv);

} // namespace tl

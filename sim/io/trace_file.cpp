// SPDX-License-Identifier: GPL-2.0-only
// Reading a trace file's text: plain, .xz (xz -dc) or trace.dat (trace-cmd
// report), the programs run without a shell (declared in ftrace_reader.hpp).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "io/ftrace_reader.hpp"
#include "io/text_file.hpp"

extern char** environ;

namespace cmwqsim::io {

std::string run_program_output(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) throw TraceReadError("cannot make a pipe for " + argv[0]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    throw TraceReadError("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  std::string out;
  char buf[1 << 16];
  for (ssize_t k; (k = read(fds[0], buf, sizeof buf)) != 0;) {
    if (k < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(buf, static_cast<std::size_t>(k));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw TraceReadError(argv[0] + " failed (exit status " +
                         std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) + ")");
  return out;
}

std::string load_trace_text(const std::string& path) {
  auto ends_with = [&](const char* s) {
    std::size_t n = std::strlen(s);
    return path.size() >= n && path.compare(path.size() - n, n, s) == 0;
  };
  if (access(path.c_str(), R_OK) != 0) throw TraceReadError("cannot read the file: " + std::string(std::strerror(errno)));
  if (ends_with(".xz")) return run_program_output({"xz", "-dc", "--", path});
  // trace-cmd's trace.dat starts with "\x17\x08\x44tracing".
  char magic[10] = {};
  int fd = open(path.c_str(), O_RDONLY);
  ssize_t got = fd >= 0 ? read(fd, magic, sizeof magic) : -1;
  if (fd >= 0) close(fd);
  if (got == 10 && std::memcmp(magic, "\x17\x08\x44tracing", 10) == 0) {
    // -N: no plugins, so every event prints in its TP_printk format; -l: the
    // latency flags (interrupt context), comms cut to 8 characters; -t: full
    // ns timestamps.
    std::string text = run_program_output({"trace-cmd", "report", "-N", "-l", "-t", "-i", path});
    // trace-cmd report prints nothing, and exits 0, for a cut file.
    if (text.find(": ") == std::string::npos)
      throw TraceReadError("trace-cmd report read no event from this trace.dat (cut short, or recorded empty)");
    return text;
  }
  return read_text_file(path);
}

}  // namespace cmwqsim::io

// The MPI side of `civicsim sweep` (OpenMPI): whether this process was started by mpirun, and the
// few collective steps the sweep needs. Without MPI at build time, every call says "not MPI".
#pragma once

#include <string>

namespace civicsim::cli::mpi {

/// True when a launcher (mpirun, srun with PMIx) started this process as one of several ranks.
bool launched();
/// True when this civicsim was built with MPI.
bool available();

/// Initialises MPI (once). rank() and size() are valid after it.
void init();
void finalize();
int rank();
int size();
/// Ends every rank of the job with `code` (after an error that leaves the others waiting).
[[noreturn]] void abort(int code);
/// Rank 0's `value` on every rank.
int broadcast(int value);

// Point-to-point messages of the run distribution (rank 0 hands out run indices).
enum Tag : int { kRequest = 1, kAssign = 2, kBye = 3 };
/// Non-blocking check for a message with `tag` from any rank (or `source`); its sender or -1.
int probe(int tag, int source = -1);
std::string receive_text(int source, int tag);
void send_text(int destination, int tag, const std::string& text);
int receive_int(int source, int tag);
void send_int(int destination, int tag, int value);

}  // namespace civicsim::cli::mpi

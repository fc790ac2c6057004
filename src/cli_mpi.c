/* The MPI side of rapporti ingest --mpi (OpenMPI): start, rank and size, a barrier, sums
 * of counters for the summary, end. Kept apart so the rest of the CLI knows nothing of MPI. */
#include <mpi.h>
#include <stddef.h>

int cli_mpi_init(int *rank, int *size)
{
    int ok = MPI_Init(NULL, NULL) == MPI_SUCCESS;
    if (ok) {
        MPI_Comm_rank(MPI_COMM_WORLD, rank);
        MPI_Comm_size(MPI_COMM_WORLD, size);
    }
    return ok ? 0 : -1;
}

void cli_mpi_barrier(void) { MPI_Barrier(MPI_COMM_WORLD); }

/* Sum n counters over the ranks; rank 0 gets the totals in place. */
void cli_mpi_sum(unsigned long long *v, int n)
{
    unsigned long long out[16];
    if (n > 16) n = 16;
    MPI_Reduce(v, out, n, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0)
        for (int i = 0; i < n; i++) v[i] = out[i];
}

/* Any rank failed? (an OR over the ranks, everyone learns it) */
int cli_mpi_any(int flag)
{
    int out = 0;
    MPI_Allreduce(&flag, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    return out;
}

void cli_mpi_finalize(void) { MPI_Finalize(); }

/* bench_util.h — what make bench's C load generators share: dying with a
 * message, a monotonic clock in milliseconds, a loopback connection, and percentiles of latencies. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

/* Prints "<bench_name>: <message>" to stderr and exits 1. */
extern const char *bench_name;
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

double now_ms(void);

/* A TCP connection to 127.0.0.1:port, non-blocking, without Nagle's delay;
 * dies when it cannot connect. */
int connect_loopback(int port);

/* Sorts xs[0..n) in place; then pct gives the q-quantile (-1 when empty). */
void sort_values(double *xs, long n);
double pct(const double *xs, long n, double q);

#endif

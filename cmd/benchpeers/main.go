// Command benchpeers measures anthology against the tools a blogger would
// use without it, in one run on one machine, and prints the ratios.
//
// For each corpus size it generates a synthetic blog with the shared
// benchmark kit's make_corpus.py, builds anthology from this repository, and
// times `anthology compile --format epub` and `anthology compile --format
// pdf` apart (wall time, and peak resident memory from the process's
// rusage). Then it runs the kit's peer_book.py on the same blog, which makes
// the same book with pandoc (EPUB) and pandoc with WeasyPrint (PDF), and
// takes the seconds it reports for each tool. It prints a Markdown table:
// posts, anthology and pandoc EPUB seconds and their ratio, anthology and
// pandoc+WeasyPrint PDF seconds and their ratio, anthology's peak memory;
// the machine it ran on; with several sizes, how the time grows from the
// smallest size; and the project's targets, met or missed.
//
// The kit (shared/bench/make_corpus.py and peer_book.py) is looked for in
// the module's root folder and the folders above it: a checkout keeps it
// beside the repository, in ../shared/bench.
//
// Usage, from the repository:
//
//	go run ./cmd/benchpeers                     # 1,000 posts
//	go run ./cmd/benchpeers -posts 1000,10000   # and the scaling ratio
//	go run ./cmd/benchpeers -peers=false        # anthology alone
//
// It needs go and python3, and for the peers pandoc and weasyprint (Debian:
// apt-get install -y pandoc weasyprint). Each missing tool is named in the
// error. Timings on a shared machine are noise: compare the ratios.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

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
// It also measures what images cost: a blog of the project's generator
// (internal/testkit) with a 1600×1200 JPEG photo in every second post,
// against the same posts without, EPUB and PDF made in one run of each
// (-images, 1,000 posts by default). With -curve it times anthology alone
// on blogs of ten sizes from 100 to 10,000 posts and prints the time per
// post of each, against the smallest: the scaling curve.
//
// The kit (shared/bench/make_corpus.py and peer_book.py) is looked for in
// the module's root folder and the folders above it: a checkout keeps it
// beside the repository, in ../shared/bench.
//
// Usage, from the repository:
//
//	go run ./cmd/benchpeers                     # 200 and 1,000 posts; 1,000 with photos
//	go run ./cmd/benchpeers -posts 1000,10000   # and the scaling ratio
//	go run ./cmd/benchpeers -peers=false        # anthology alone
//	go run ./cmd/benchpeers -peers=false -blogs testkit -curve   # the scaling curve, without ../shared
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

// Command corpuscheck compiles real blogs with anthology and measures the
// books against what each blog's generator publishes: posts, epubcheck's
// findings, raw template syntax left in the prose, word recall, images,
// links left pointing at the blog's own site, characters the PDF could not
// print, time and memory. It prints a Markdown table (and, with -json, the
// details). It is a tool for developers (see the README's "Real blogs");
// it reads no network.
//
// Usage:
//
//	go run ./cmd/corpuscheck [flags] FOLDER | NAME=PATH[:POSTS-DIR][@GENERATOR]...
//
// Exit codes: 0 the table was printed; 1 a blog could not be measured
// (its row says why) or reading the arguments failed; 2 bad flags.
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

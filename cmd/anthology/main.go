// Command anthology turns a blog into a book: an EPUB to read and a PDF to
// print. See internal/cli for the commands.
package main

import (
	"context"
	"os"

	"github.com/anthology-book/anthology/internal/cli"
)

func main() { os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) }
